package redact

import (
	"cmp"
	"slices"
)

// The scanner reads a string once, left to right. A 256-entry class table
// lets it step over the bytes that cannot start anything (lower-case
// letters, spaces, most punctuation, non-ASCII) in a tight loop; it stops
// only at trigger bytes: digits, upper-case letters and @ : - _ + ( =.
// Lower-case secret prefixes (sk-, ghp_, xoxb-, eyJ) are recognised from
// their first trigger byte by looking back a few bytes, and so are the
// sensitive key names before a = or a : (password=..., "pin": ...). Each candidate is
// checked for its shape first and for its checksum or ranges (Luhn, mod 97,
// octets) only when the shape fits, so text without personal data costs a
// table lookup a byte plus a few comparisons per trigger.
//
// This file holds the loop and the helpers the detectors share; the
// detectors are in card.go (cards, SSNs), phone.go, network.go (IPv4,
// IPv6), email.go, iban.go and secret.go (keys, tokens, credentials).

// Byte classes.
const (
	cDigit = 1 << iota
	cUpper
	cLower
	cHex
	cWord    // [A-Za-z0-9_]
	cTrigger // may start or reveal a candidate
	cB64URL  // [A-Za-z0-9_-]

	cAlnum = cDigit | cUpper | cLower
)

var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= cDigit | cHex | cWord | cTrigger | cB64URL
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= cUpper | cWord | cTrigger | cB64URL
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= cLower | cWord | cB64URL
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] |= cHex
		t[c-'a'+'A'] |= cHex
	}
	t['_'] |= cWord | cTrigger | cB64URL
	t['b'] |= cTrigger // bearer, in lower case
	t['-'] |= cTrigger | cB64URL
	for _, c := range "@:+(=" {
		t[c] |= cTrigger
	}
	return t
}()

// Detector bits of scanner.on.
const (
	onEmail uint16 = 1 << iota
	onPhone
	onCard
	onSSN
	onIPv4
	onIPv6
	onIBAN
	onSecrets

	onNumber = onPhone | onCard | onSSN | onIPv4
)

// scanner is the finder of the redactor: the built-in detectors selected
// by on, then the user rules. It is immutable once built, so find may be
// called concurrently.
type scanner struct {
	on    uint16
	rules []Rule
	keys  *keyRules // the sensitive key names recognised in text (key=value)
}

var _ finder = (*scanner)(nil)

// find appends the matches of str to dst, sorted by start and not
// overlapping: overlapping matches are merged into their union, of the
// kind of the earliest-starting one (at the same start, the longer). It allocates only when dst has to grow, or when a
// user rule matches.
func (s *scanner) find(str string, dst []match) []match {
	base := len(dst)
	if s.on != 0 {
		dst = s.scan(str, dst, base)
	}
	if len(s.rules) > 0 {
		dst = s.applyRules(str, dst, base)
	}
	return dst
}

// scan runs the built-in detectors over str.
func (s *scanner) scan(str string, dst []match, base int) []match {
	n := len(str)
	on := s.on
	i := 0
	for i < n {
		// Fast path: step over bytes that cannot start anything, four at a
		// time while there is room.
		for i+4 <= n {
			if class[str[i]]&cTrigger != 0 {
				break
			}
			if class[str[i+1]]&cTrigger != 0 {
				i++
				break
			}
			if class[str[i+2]]&cTrigger != 0 {
				i += 2
				break
			}
			if class[str[i+3]]&cTrigger != 0 {
				i += 3
				break
			}
			i += 4
		}
		for i < n && class[str[i]]&cTrigger == 0 {
			i++
		}
		if i >= n {
			break
		}
		c := str[i]
		cl := class[c]
		var m match
		next := i + 1
		switch {
		case cl&cDigit != 0:
			if i > 0 && str[i-1] == '%' && pctEscapeAt(str, i-1) {
				m, next = pctEscape(str, i, on)
				break
			}
			if on&onNumber != 0 && numStart(str, i) {
				m = number(str, i, on)
			}
			if m.kind == "" {
				next = skipAlnum(str, i)
			}
		case cl&cUpper != 0:
			m, next = upper(str, i, on)
		case c == '@':
			if on&onEmail != 0 {
				m = email(str, i, 1)
			}
		case c == ':':
			if on&onSecrets != 0 {
				m, next = urlPassword(str, i)
			}
			if m.kind == "" && on&onIPv6 != 0 {
				m = ipv6At(str, i)
			}
			if m.kind == "" && on&onSecrets != 0 {
				m = s.keyValue(str, i)
			}
		case c == '=':
			if on&onSecrets != 0 {
				m = s.keyValue(str, i)
			}
		case c == '-':
			if on&onSecrets != 0 {
				m = dash(str, i)
			}
		case c == '_':
			if on&onSecrets != 0 {
				m = underscore(str, i)
			}
		case c == 'b':
			if on&onSecrets != 0 && i+1 < n {
				if c2 := str[i+1] | 0x20; (c2 == 'e' || c2 == 'a') && tokStart(str, i) {
					m = bearerOrBasic(str, i)
				}
			}
		case c == '+':
			if on&onPhone != 0 && plusStart(str, i) {
				m = phoneIntl(str, i)
			}
		case c == '(':
			if on&onPhone != 0 && (i == 0 || !isWord(str[i-1]) || escapeBefore(str, i)) {
				m = phoneNA(str, i)
			}
		}
		if m.kind != "" {
			dst = add(dst, base, m)
			if m.end > next {
				next = m.end
			}
		}
		i = next
	}
	return dst
}

// add appends m to the matches dst[base:], merging overlaps: matches that
// overlap become one, their union, of the kind of the earliest-starting
// (at the same start, the longer), so no part of either is left out.
// Candidates found by looking back may start before the last match ends.
func add(dst []match, base int, m match) []match {
	for len(dst) > base {
		last := dst[len(dst)-1]
		if last.end <= m.start {
			break
		}
		dst = dst[:len(dst)-1]
		if last.start < m.start || (last.start == m.start && last.end >= m.end) {
			m.kind = last.kind
		}
		m.start, m.end = min(m.start, last.start), max(m.end, last.end)
	}
	return append(dst, m)
}

// applyRules adds the matches of the user rules to dst[base:].
func (s *scanner) applyRules(str string, dst []match, base int) []match {
	added := false
	for _, r := range s.rules {
		for _, loc := range r.Pattern.FindAllStringIndex(str, -1) {
			if loc[0] < loc[1] {
				dst = append(dst, match{start: loc[0], end: loc[1], kind: r.Label})
				added = true
			}
		}
	}
	if !added {
		return dst
	}
	return sortMerge(dst, base)
}

// sortMerge sorts dst[base:] by start (longer first at the same start) and
// merges overlapping matches into their union, of the earlier kind, so that
// no byte of any match survives. The sort is stable: a match appended
// first (a built-in one) keeps its kind over a later one with the same span.
func sortMerge(dst []match, base int) []match {
	seg := dst[base:]
	slices.SortStableFunc(seg, func(a, b match) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(b.end, a.end)
	})
	out := base
	for _, m := range seg {
		if out > base && m.start < dst[out-1].end {
			dst[out-1].end = max(dst[out-1].end, m.end)
			continue
		}
		dst[out] = m
		out++
	}
	return dst[:out]
}

// Byte helpers.

func isDigit(c byte) bool  { return class[c]&cDigit != 0 }
func isUpper(c byte) bool  { return class[c]&cUpper != 0 }
func isLetter(c byte) bool { return class[c]&(cUpper|cLower) != 0 }
func isAlnum(c byte) bool  { return class[c]&cAlnum != 0 }
func isHex(c byte) bool    { return class[c]&cHex != 0 }
func isWord(c byte) bool   { return class[c]&cWord != 0 }
func isB64URL(c byte) bool {
	return class[c]&cB64URL != 0
}

// skipAlnum returns the end of the run of letters and digits at s[i].
func skipAlnum(s string, i int) int {
	i++
	for i < len(s) && class[s[i]]&cAlnum != 0 {
		i++
	}
	return i
}

// escapeBefore reports whether s[i-2:i] is an escape such as \n in JSON or
// source text, which ends a word although its last byte is a letter.
func escapeBefore(s string, i int) bool {
	if i < 2 || s[i-2] != '\\' {
		return false
	}
	switch s[i-1] {
	case 'n', 'r', 't', 'b', 'f':
		return true
	}
	return false
}

// numStart reports whether a number may start at s[i]: not inside a word,
// a dotted number (1.2.3.4.5), a dashed identifier (ORD-2024-000123) or
// after a plus sign (the phone detector owns those).
func numStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	switch {
	case isWord(c):
		return escapeBefore(s, i)
	case c == '.' || c == '+':
		return false
	case c == '-':
		return i < 2 || !isAlnum(s[i-2])
	}
	return true
}

// numEnd reports whether a number may end before s[j]: not followed by a
// word byte, nor by a dot or dash and a digit (a longer dotted or dashed
// number).
func numEnd(s string, j int) bool {
	if j >= len(s) {
		return true
	}
	c := s[j]
	if isWord(c) {
		return false
	}
	if (c == '.' || c == '-') && j+1 < len(s) && isDigit(s[j+1]) {
		return false
	}
	return true
}

// tokStart reports whether a token (a secret prefix, an IBAN) may start at
// s[i]: not inside a word, a dotted or dashed name, a path or base64 data.
func tokStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	c := s[i-1]
	if isWord(c) {
		return escapeBefore(s, i)
	}
	switch c {
	case '-', '+', '/', '.':
		return false
	}
	return true
}

// pctEscape handles the %XX escape whose first hex digit is s[i]: the two
// digits end there, and what follows may start a token of its own; %40 is
// the @ of an address.
func pctEscape(s string, i int, on uint16) (match, int) {
	var m match
	if on&onEmail != 0 && s[i] == '4' && s[i+1] == '0' {
		m = email(s, i-1, 3)
	}
	return m, i + 2
}

// secretStart reports whether a secret with a distinctive prefix (eyJ,
// AKIA, ASIA, AIza, ghp_, github_pat_, sk-, xoxb-) may start at s[i]: not
// inside a run of letters and digits. Unlike tokStart, any punctuation may
// come before it: a path (/cb/eyJ...), a form body's + or %20, a - _ or .
// joining names. The prefix and the shape of the body are distinctive
// enough not to need more.
func secretStart(s string, i int) bool {
	return i == 0 || class[s[i-1]]&cAlnum == 0 || escapedStart(s, i)
}

// escapedStart reports whether s[i] follows an escape (\n, %20) that ends
// in a letter or digit.
func escapedStart(s string, i int) bool {
	return escapeBefore(s, i) || pctEscapeAt(s, i-3)
}

// pctEscapeAt reports whether s[i:i+3] is a percent escape: % and two hex
// digits.
func pctEscapeAt(s string, i int) bool {
	return i >= 0 && i+2 < len(s) && s[i] == '%' && isHex(s[i+1]) && isHex(s[i+2])
}

// plusStart reports whether the + at s[i] may start a phone number.
func plusStart(s string, i int) bool {
	if i+1 >= len(s) || !isDigit(s[i+1]) {
		return false
	}
	if i == 0 {
		return true
	}
	c := s[i-1]
	if isWord(c) {
		return escapeBefore(s, i)
	}
	return c != '+' && c != '/' && c != '.'
}

// digitRun returns the end of the run of at most max digits at s[i].
func digitRun(s string, i, max int) int {
	j := i
	for j < len(s) && j-i < max && isDigit(s[j]) {
		j++
	}
	return j
}

// allDigits reports whether s[i:j] is in range and all digits.
func allDigits(s string, i, j int) bool {
	if j > len(s) {
		return false
	}
	for ; i < j; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
