package redact

import (
	"encoding/base64"
	"math/rand/v2"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

func mustScanner(t testing.TB, ds []Detector, rules ...Rule) *scanner {
	t.Helper()
	s, err := newScanner(ds, rules)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLuhn(t *testing.T) {
	for s, want := range map[string]bool{
		"4111111111111111":    true,
		"4111 1111 1111 1111": true,
		"4111-1111-1111-1111": true,
		"378282246310005":     true,
		"79927398713":         true,
		"4111111111111112":    false,
		"1234567812345678":    false,
		"0":                   true,
		"":                    false,
		"18":                  true,
		"81":                  false,
	} {
		if got := luhn(s); got != want {
			t.Errorf("luhn(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestIBANChecksum(t *testing.T) {
	for s, want := range map[string]bool{
		"GB82WEST12345698765432":        true,
		"GB82 WEST 1234 5698 7654 32":   true,
		"DE89370400440532013000":        true,
		"FR1420041010050500013M02606":   true,
		"GB83WEST12345698765432":        false,
		"DE89370400440532013001":        false,
		"GB82west12345698765432":        false, // lower case is not an IBAN here
		"GB8":                           false,
		"NO9386011117947":               true,
		"SA0380000000608010167519":      true,
		"XX00 0000 0000 0000 0000 0000": false,
	} {
		if got := ibanChecksum(s); got != want {
			t.Errorf("ibanChecksum(%q) = %v, want %v", s, got, want)
		}
	}
	if ibanLength('G', 'B') != 22 || ibanLength('D', 'E') != 22 || ibanLength('X', 'X') != 0 || ibanLength('U', 'S') != 0 {
		t.Error("ibanLength table is wrong")
	}
}

// TestDetectorEdges pins the edges of each detector: the first column is
// the text with «marked» expected spans, the second their kind.
func TestDetectorEdges(t *testing.T) {
	s := mustScanner(t, nil)
	for _, tc := range []struct {
		text string
		kind Kind
	}{
		// email
		{"«a@b.co»", KindEmail},
		{"...«john@example.com»...", KindEmail},
		{"«john@example.com».", KindEmail},
		{"user@localhost", KindEmail},
		{"@mention only", KindEmail},
		{"john@example.c", KindEmail},
		{"john@example.123", KindEmail},
		{"x@-bad.com", KindEmail},
		{"\\n«john@example.com»\\n", KindEmail},
		// phone
		{"«415-555-2671»", KindPhone},
		{"415-555.2671", KindPhone},
		{"115-555-2671", KindPhone},
		{"4155552671", KindPhone},
		{"415-555-2671-0", KindPhone},
		{"a415-555-2671", KindPhone},
		{"«+1 415 555 2671»", KindPhone},
		{"+1234567", KindPhone},
		{"«+12345678»", KindPhone},
		{"+1234567890123456", KindPhone},
		{"«+44 20 7946 0958» 2024 1234", KindPhone},
		{"«+1-415-555-2671».", KindPhone},
		{"x+12345678", KindPhone},
		{"+1234.5678", KindPhone},
		{"«(415) 555-2671»", KindPhone},
		{"f(415) 555-2671", KindPhone},
		// card
		{"«4111111111111111»", KindCard},
		{"4111111111111111a", KindCard},
		{"a4111111111111111", KindCard},
		{"4111-1111 1111-1111", KindCard},
		{"4111 1111 1111 1111 1111 1111", KindCard},
		{"«4111 1111 1111 1111», «5555555555554444»", KindCard},
		{"1111111111111117", KindCard}, // Luhn-valid, no issuer 1
		{"«5019717010103742»", KindCard},
		{"5919717010103742", KindCard},
		// SSN
		{"«123-45-6789»", KindSSN},
		{"123-45 6789", KindSSN},
		{"000-45-6789 666-45-6789 912-45-6789 123-00-6789 123-45-0000", KindSSN},
		{"123-45-67890", KindSSN},
		{"1123-45-6789", KindSSN},
		// IPv4
		{"«0.0.0.0» «255.255.255.255»", KindIPv4},
		{"256.0.0.1 1.2.3 1.2.3.4.5 a1.2.3.4 1.2.3.4a 01.2.3.4 1.2.3.04", KindIPv4},
		{"v1.2.3.4", KindIPv4},
		{"«1.2.3.4», «5.6.7.8».", KindIPv4},
		// IPv6
		{"«::1»", KindIPv6},
		{"::2", KindIPv6},
		{"::", KindIPv6},
		{"«1:2:3:4:5:6:7:8»", KindIPv6},
		{"1:2:3:4:5:6:7:8:9", KindIPv6},
		{"1:2:3:4:5:6:7", KindIPv6},
		{"«1:2:3:4:5:6::8»", KindIPv6},
		{"1::2::3", KindIPv6},
		{"12345::1", KindIPv6},
		{"dead::beef", KindIPv6},
		{"«fe80::1%en0»: up", KindIPv6},
		{"12:34:56:78:9a:bc:de:f0", KindIPv6},
		{"[«2001:db8::1»]", KindIPv6},
		// IBAN
		{"«GB82WEST12345698765432»", KindIBAN},
		{"GB82WEST1234569876543", KindIBAN},
		{"GB82WEST123456987654321", KindIBAN},
		{"XGB82WEST12345698765432", KindIBAN},
		{"«GB82 WEST 1234 5698 7654 32» 10", KindIBAN},
		{"GB82 WEST 1234 5698 7654 3", KindIBAN},
		{"US82WEST12345698765432", KindIBAN},
		// secrets
		{"«sk-abcdefghij0123456789»", KindSecret},
		{"sk-abcdefghijklmnopqrstuvwxyz", KindSecret},
		{"task-abcdefghij0123456789", KindSecret},
		{"«AKIAIOSFODNN7EXAMPLE»", KindSecret},
		{"AKIAIOSFODNN7EXAMPLEX", KindSecret},
		{"AKIAIOSFODNN7EXAMPL", KindSecret},
		{"Bearer «abcdefgh1»", KindSecret},
		{"Bearer abcdefgh", KindSecret},
		{"Bearer «AbcdefghijKlmnopqrsT»", KindSecret},
		{"Bearer «abc.def.ghi1».", KindSecret},
		{"«xoxs-1234567890-abc»", KindSecret},
		{"xoxz-1234567890-abc", KindSecret},
		{"«eyJhbGciOi.eyJzdWIi.c2ln»", KindSecret},
		{"eyJhbGciOi.eyJzdWIi", KindSecret},
		{"xeyJhbGciOi.eyJzdWIi.c2ln", KindSecret},
		{"«-----BEGIN EC PRIVATE KEY-----\nabc\n-----END EC PRIVATE KEY-----»\n", KindSecret},
		{"-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----", KindSecret},
		{"http://«user@host.example.org»", KindEmail},
		{"https://user:@host", KindSecret},
		{"mysql://root:«pw»@localhost", KindSecret},
		{"https://host:8080/a@b", KindSecret},
	} {
		pc, err := parseCase(tc.text, tc.kind)
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if got := s.find(pc.text, nil); !equalMatches(got, pc.want) {
			t.Errorf("%q:\n got: %s\nwant: %s", pc.text, showMatches(pc.text, got), showMatches(pc.text, pc.want))
		}
	}
}

func TestOverlaps(t *testing.T) {
	s := mustScanner(t, nil)
	// A phone number in the local part: the address starts at the same
	// place and is longer, so it wins.
	in := "+14155552671@sms.example.com"
	got := s.find(in, nil)
	if want := []match{{0, len(in), KindEmail}}; !equalMatches(got, want) {
		t.Errorf("got %s", showMatches(in, got))
	}
	// The add rule itself.
	var dst []match
	dst = add(dst, 0, match{5, 10, "A"})
	dst = add(dst, 0, match{5, 12, "B"}) // same start, longer: its kind
	dst = add(dst, 0, match{6, 20, "C"}) // starts later: merged, kind B
	dst = add(dst, 0, match{2, 7, "D"})  // starts earlier: merged, kind D
	dst = add(dst, 0, match{20, 21, "E"})
	if want := []match{{2, 20, "D"}, {20, 21, "E"}}; !equalMatches(dst, want) {
		t.Errorf("add: got %v, want %v", dst, want)
	}
	// Matches already in dst are kept and never merged with new ones.
	pre := []match{{0, 100, "OLD"}}
	got = s.find("mail a@b.co", pre)
	if len(got) != 2 || got[0].kind != "OLD" || got[1] != (match{5, 11, KindEmail}) {
		t.Errorf("find with a non-empty dst: %v", got)
	}
}

func TestUserRules(t *testing.T) {
	emp := Rule{Label: "EMPLOYEE_ID", Pattern: regexp.MustCompile(`EMP-\d{6}`)}
	proj := Rule{Label: "PROJECT", Pattern: regexp.MustCompile(`Project [A-Z][a-z]+`)}
	long := Rule{Label: "LONG", Pattern: regexp.MustCompile(`contact \S+`)}
	empty := Rule{Label: "EMPTY", Pattern: regexp.MustCompile(`x*`)}
	s := mustScanner(t, nil, emp, proj, long, empty)
	in := "EMP-123456 on Project Falcon, contact bob@example.com or EMP-654321."
	got := s.find(in, nil)
	want := []match{
		{0, 10, "EMPLOYEE_ID"},
		{14, 28, "PROJECT"},
		{30, 53, "LONG"}, // starts before the email it covers
		{57, 67, "EMPLOYEE_ID"},
	}
	if !equalMatches(got, want) {
		t.Errorf("\n got: %s\nwant: %s", showMatches(in, got), showMatches(in, want))
	}
	// Rules alone, and a rule with the same span as a detector: the
	// detector's kind stays.
	s = mustScanner(t, []Detector{DetectEmail}, Rule{Label: "MAIL", Pattern: regexp.MustCompile(`\S+@\S+\.com`)})
	in = "bob@example.com"
	if got := s.find(in, nil); !equalMatches(got, []match{{0, 15, KindEmail}}) {
		t.Errorf("tie: got %s", showMatches(in, got))
	}
	// A rule overlapping a detector's match: the union is redacted, so the
	// tail of the later match does not leak.
	s = mustScanner(t, nil, Rule{Label: "PROFILE", Pattern: regexp.MustCompile(`example\.com/u/\S+`)})
	in = "see jane@example.com/u/PATIENT-88231-HIV now"
	if got := s.find(in, nil); !equalMatches(got, []match{{4, 40, KindEmail}}) {
		t.Errorf("overlap: got %s", showMatches(in, got))
	}
	s = mustScanner(t, []Detector{}, emp)
	in = "bob@example.com EMP-000001"
	if got := s.find(in, nil); !equalMatches(got, []match{{16, 26, "EMPLOYEE_ID"}}) {
		t.Errorf("rules alone: got %s", showMatches(in, got))
	}
}

func TestNewScannerErrors(t *testing.T) {
	re := regexp.MustCompile(`x`)
	for name, tc := range map[string]struct {
		ds    []Detector
		rules []Rule
		msg   string
	}{
		"unknown detector": {[]Detector{"passport"}, nil, `unknown detector "passport"`},
		"upper-case name":  {[]Detector{"EMAIL"}, nil, `unknown detector "EMAIL"`},
		"empty label":      {nil, []Rule{{Pattern: re}}, "rule 0: empty label"},
		"nil pattern":      {nil, []Rule{{Label: "X", Pattern: re}, {Label: "Y"}}, "rule 1 (Y): nil pattern"},
	} {
		s, err := newScanner(tc.ds, tc.rules)
		if err == nil || s != nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: got %v, %v; want error containing %q", name, s, err, tc.msg)
		}
	}
}

func TestDetectorSelection(t *testing.T) {
	in := "mail a@b.co, call 415-555-2671, card 4111111111111111, ssn 123-45-6789, " +
		"ip 10.0.0.1 and ::1, iban GB82WEST12345698765432, key AKIAIOSFODNN7EXAMPLE"
	kinds := func(ms []match) string {
		var b []string
		for _, m := range ms {
			b = append(b, string(m.kind))
		}
		return strings.Join(b, ",")
	}
	all := "EMAIL,PHONE,CARD,SSN,IPV4,IPV6,IBAN,SECRET"
	if got := kinds(mustScanner(t, nil).find(in, nil)); got != all {
		t.Errorf("nil detectors: %s", got)
	}
	if got := kinds(mustScanner(t, AllDetectors()).find(in, nil)); got != all {
		t.Errorf("all detectors: %s", got)
	}
	if got := mustScanner(t, []Detector{}).find(in, nil); len(got) != 0 {
		t.Errorf("no detectors: %v", got)
	}
	if got := kinds(mustScanner(t, []Detector{DetectSSN, DetectIBAN, DetectSSN}).find(in, nil)); got != "SSN,IBAN" {
		t.Errorf("ssn+iban: %s", got)
	}
}

func TestParseDetector(t *testing.T) {
	for _, d := range AllDetectors() {
		for _, s := range []string{string(d), strings.ToUpper(string(d)), " " + string(d) + " "} {
			got, err := ParseDetector(s)
			if err != nil || got != d {
				t.Errorf("ParseDetector(%q) = %q, %v", s, got, err)
			}
		}
	}
	_, err := ParseDetector("creditcard")
	if err == nil || !strings.Contains(err.Error(), `"creditcard"`) ||
		!strings.Contains(err.Error(), "email, phone, card, ssn, ipv4, ipv6, iban, secrets") {
		t.Errorf("ParseDetector(creditcard) error = %v", err)
	}
	if len(AllDetectors()) != 8 {
		t.Errorf("AllDetectors() = %v", AllDetectors())
	}
}

func TestFindNoAllocs(t *testing.T) {
	s := mustScanner(t, nil, Rule{Label: "EMP", Pattern: regexp.MustCompile(`EMP-\d{6}`)})
	text := strings.Repeat(promptText, 2)
	dst := make([]match, 0, 16)
	// The race detector makes sync.Pool (inside regexp) drop items, so
	// the user rule may allocate there.
	if n := testing.AllocsPerRun(100, func() { dst = s.find(text, dst[:0]) }); n != 0 && !raceBuild() {
		t.Errorf("find with a rule on PII-free text allocates %.1f times", n)
	}
	if n := testing.AllocsPerRun(100, func() { dst = mustScannerNoRules.find(text, dst[:0]) }); n != 0 {
		t.Errorf("find on PII-free text allocates %.1f times", n)
	}
	pii := "write to a@b.co or call 415-555-2671"
	if n := testing.AllocsPerRun(100, func() { dst = mustScannerNoRules.find(pii, dst[:0]) }); n != 0 {
		t.Errorf("find with room in dst allocates %.1f times", n)
	}
}

var mustScannerNoRules, _ = newScanner(nil, nil)

// raceBuild reports whether the test binary was built with -race.
func raceBuild() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// TestBase64DataNotFlagged scans random base64 (standard and URL
// alphabets, as in inline images) and expects nothing.
func TestBase64DataNotFlagged(t *testing.T) {
	s := mustScanner(t, nil)
	r := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 256<<10)
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		text := "data:image/png;base64," + enc.EncodeToString(buf)
		if got := s.find(text, nil); len(got) != 0 {
			t.Errorf("found %d matches in base64 data, first %s", len(got), showMatches(text, got[:1]))
		}
	}
}

func TestFindConcurrentSafe(t *testing.T) {
	s := mustScanner(t, nil, Rule{Label: "EMP", Pattern: regexp.MustCompile(`EMP-\d{6}`)})
	in := piiText
	want := s.find(in, nil)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			var dst []match
			for range 200 {
				dst = s.find(in, dst[:0])
				if !equalMatches(dst, want) {
					t.Error("concurrent find differs")
					return
				}
			}
		})
	}
	wg.Wait()
}
