package redact

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/Noveum/noveum-trace-go/config"
)

// Detector names a built-in detector: one family of personal data or
// secrets the redactor looks for in every string it reads.
type Detector string

// The built-in detectors, named as config names them (RedactDetectors).
// What each one matches, and what it leaves alone on purpose, is pinned by
// the labelled corpus under testdata/corpus.
const (
	// DetectEmail finds email addresses (local@domain.tld, plus-addressing
	// and subdomains included, the @ also URL-encoded as %40, letters
	// also non-ASCII as in josé@bücher.de; not @mentions, not dotless
	// domains such as user@localhost). Kind EMAIL.
	DetectEmail Detector = config.RedactDetectorEmail
	// DetectPhone finds international (+44 20 7946 0958, +14155552671),
	// North American ((415) 555-2671, 415-555-2671, 1-800-555-0199, and
	// 4155552671 after a phone word such as "call" or "phone") and
	// national numbers with a trunk 0 (020 7946 0958, 01 23 45 67 89).
	// Kind PHONE.
	DetectPhone Detector = config.RedactDetectorPhone
	// DetectCard finds payment card numbers of 13 to 19 digits, grouped by
	// spaces, dashes or dots or not, with a known issuer prefix and a valid
	// Luhn checksum. Kind CARD.
	DetectCard Detector = config.RedactDetectorCard
	// DetectSSN finds US social security numbers (ddd-dd-dddd, ddd dd
	// dddd) outside the never-issued ranges. Kind SSN.
	DetectSSN Detector = config.RedactDetectorSSN
	// DetectIPv4 finds dotted-quad IPv4 addresses. Kind IPV4.
	DetectIPv4 Detector = config.RedactDetectorIPv4
	// DetectIPv6 finds full and compressed IPv6 addresses, with an
	// optional zone. Kind IPV6.
	DetectIPv6 Detector = config.RedactDetectorIPv6
	// DetectIBAN finds international bank account numbers, spaced or not,
	// with a valid mod-97 checksum. Kind IBAN.
	DetectIBAN Detector = config.RedactDetectorIBAN
	// DetectSecrets finds credentials: OpenAI and Anthropic keys, AWS
	// access key ids, GitHub, Slack and Google API tokens, JWTs (also
	// inside paths and form bodies), Bearer tokens, Basic credentials, PEM
	// private key blocks, passwords in URLs, and the values of sensitive
	// keys written in text (password=..., "api_key": "...",
	// PASSWORD: ...). Kind SECRET.
	DetectSecrets Detector = config.RedactDetectorSecrets
)

// allDetectors lists the built-in detectors and their scanner bits.
var allDetectors = []struct {
	d   Detector
	bit uint16
}{
	{DetectEmail, onEmail},
	{DetectPhone, onPhone},
	{DetectCard, onCard},
	{DetectSSN, onSSN},
	{DetectIPv4, onIPv4},
	{DetectIPv6, onIPv6},
	{DetectIBAN, onIBAN},
	{DetectSecrets, onSecrets},
}

// AllDetectors returns every built-in detector, in a fixed order. The
// slice is new on each call.
func AllDetectors() []Detector {
	out := make([]Detector, len(allDetectors))
	for i, e := range allDetectors {
		out[i] = e.d
	}
	return out
}

// ParseDetector returns the built-in detector named s, ignoring case and
// surrounding spaces ("Email", " IPV6 "). The error for an unknown name
// lists the accepted ones.
func ParseDetector(s string) (Detector, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for _, e := range allDetectors {
		if string(e.d) == name {
			return e.d, nil
		}
	}
	names := make([]string, len(allDetectors))
	for i, e := range allDetectors {
		names[i] = string(e.d)
	}
	return "", fmt.Errorf("redact: unknown detector %q: accepted values are %s", s, strings.Join(names, ", "))
}

// detectorBit returns the scanner bit of d, or 0 for an unknown detector.
func detectorBit(d Detector) uint16 {
	for _, e := range allDetectors {
		if e.d == d {
			return e.bit
		}
	}
	return 0
}

// Rule is a user rule: text matching Pattern is of kind Label, and is
// redacted like the findings of the built-in detectors. Rules run after
// the detectors on every string; where a rule's match overlaps another
// match, the two become one match covering both, of the kind of the
// earlier-starting one (at the same start, the longer). Empty matches are
// ignored.
type Rule struct {
	// Label is the kind of the matched text, for example "EMPLOYEE_ID";
	// it must not be empty.
	Label Kind
	// Pattern is the regular expression to match; it must not be nil.
	Pattern *regexp.Regexp
}

// newScanner returns a scanner running the given built-in detectors and
// rules. A nil detectors slice means all of them (privacy by default); an
// empty, non-nil one means none, for rules alone. It fails on an unknown
// detector, a rule without a label or a rule without a pattern.
func newScanner(detectors []Detector, rules []Rule) (*scanner, error) {
	s := &scanner{}
	if detectors == nil {
		detectors = AllDetectors()
	}
	for _, d := range detectors {
		bit := detectorBit(d)
		if bit == 0 {
			_, err := ParseDetector(string(d))
			if err == nil {
				err = fmt.Errorf("redact: unknown detector %q (names are lower case)", d)
			}
			return nil, err
		}
		s.on |= bit
	}
	for i, r := range rules {
		switch {
		case r.Label == "":
			return nil, fmt.Errorf("redact: rule %d: %w", i, errNoLabel)
		case r.Pattern == nil:
			return nil, fmt.Errorf("redact: rule %d (%s): %w", i, r.Label, errNoPattern)
		}
	}
	if len(rules) > 0 {
		s.rules = append([]Rule(nil), rules...)
	}
	return s, nil
}

var (
	errNoLabel   = errors.New("empty label")
	errNoPattern = errors.New("nil pattern")
)
