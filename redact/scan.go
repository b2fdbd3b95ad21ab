package redact

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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

// bearerOrBasic tries "Bearer <token>" and "Basic <credentials>" at s[i].
func bearerOrBasic(s string, i int) match {
	if s[i+1]|0x20 == 'e' {
		return bearer(s, i)
	}
	return basic(s, i)
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

// Numbers: cards, SSNs, North American phone numbers, IPv4 addresses.

// number tries the numeric detectors at the digit s[i].
func number(s string, i int, on uint16) match {
	// Most numbers in text (years, counts, prices) fit no shape: rule them
	// out from the first run of digits and the byte after it.
	d := digitRun(s, i, 13)
	var next byte
	if d < len(s) {
		next = s[d]
	}
	switch d -= i; {
	case d >= 13:
	case d == 10 || d == 11:
		// Bare ten-digit numbers are mostly ids and counts: a North
		// American number only after a phone word.
		if on&onPhone != 0 {
			return phoneBare(s, i, i+d)
		}
		return match{}
	case d > 4:
		return match{}
	case next == ' ' || next == '-' || next == '.':
	default:
		return match{}
	}
	if on&onCard != 0 {
		if end := card(s, i); end > 0 {
			return match{start: i, end: end, kind: KindCard}
		}
	}
	if on&onSSN != 0 {
		if end := ssn(s, i); end > 0 {
			return match{start: i, end: end, kind: KindSSN}
		}
	}
	if on&onPhone != 0 {
		if m := phoneNA(s, i); m.kind != "" {
			return m
		}
		if s[i] == '0' {
			if m := phoneNational(s, i); m.kind != "" {
				return m
			}
		}
	}
	if on&onIPv4 != 0 {
		if end := ipv4Span(s, i); end > 0 && numEnd(s, end) {
			return match{start: i, end: end, kind: KindIPv4}
		}
	}
	return match{}
}

// card returns the end of a payment card number at s[i], or 0: 13 to 19
// digits, contiguous or grouped by single spaces, dashes or dots (4-4-4-4,
// 4-4-4-4-3, 4-6-5, 4-6-4), with a known issuer prefix and a valid Luhn
// checksum. With space grouping, trailing groups that break the pattern
// are left out ("4111 1111 1111 1111 2 times").
func card(s string, i int) int {
	n := len(s)
	var groups [8]uint8
	var ends [8]int
	ng := 0
	var sep byte
	j := i
	for ng < len(groups) {
		k := digitRun(s, j, 20)
		g := k - j
		if g == 0 || g > 19 {
			break
		}
		groups[ng], ends[ng] = uint8(g), k
		ng++
		j = k
		// Dots only between groups of four: decimals and versions (2.4,
		// 2.10.0) stop at once.
		if j+1 < n && (s[j] == ' ' || s[j] == '-' || (s[j] == '.' && g == 4)) && isDigit(s[j+1]) && (sep == 0 || sep == s[j]) {
			sep = s[j]
			j++
			continue
		}
		break
	}
	for k := ng; k >= 1; k-- {
		end := ends[k-1]
		// A dropped group of four would continue the pattern: not a card.
		// Dots only between four groups of four and a last of one to four
		// (4111.1111.1111.1111), never in the 4-6-5 form.
		if (k == ng || groups[k] != 4) && (sep != '.' || k >= 4) && numEnd(s, end) && cardGroups(groups[:k]) {
			num := s[i:end]
			if cardDigits(num) && cardIssuer(num) && luhn(num) {
				return end
			}
		}
		if sep != ' ' {
			break
		}
	}
	return 0
}

// cardDigits reports whether num holds 13 to 19 digits.
func cardDigits(num string) bool {
	d := 0
	for i := 0; i < len(num); i++ {
		if isDigit(num[i]) {
			d++
		}
	}
	return d >= 13 && d <= 19
}

// cardGroups reports whether the group lengths g are a way cards are
// written.
func cardGroups(g []uint8) bool {
	switch {
	case len(g) == 1:
		return true
	case len(g) == 3 && g[0] == 4 && g[1] == 6 && (g[2] == 5 || g[2] == 4):
		return true
	case len(g) < 4:
		return false
	}
	for _, x := range g[:len(g)-1] {
		if x != 4 {
			return false
		}
	}
	return g[len(g)-1] >= 1 && g[len(g)-1] <= 4
}

// cardIssuer reports whether the number num (digits and separators) starts
// with a plausible issuer prefix: Visa 4, Mastercard 51-55 and 2221-2720,
// Maestro 50 and 56-58, Amex 34 and 37, Diners 30, 36 and 38, JCB 35,
// Discover, UnionPay and others 6.
func cardIssuer(num string) bool {
	var d [4]byte
	k := 0
	for i := 0; i < len(num) && k < 4; i++ {
		if isDigit(num[i]) {
			d[k] = num[i]
			k++
		}
	}
	switch d[0] {
	case '4', '6':
		return true
	case '5':
		return d[1] != '9'
	case '3':
		switch d[1] {
		case '0', '4', '5', '6', '7', '8':
			return true
		}
		return false
	case '2':
		v := int(d[1]-'0')*100 + int(d[2]-'0')*10 + int(d[3]-'0')
		return v >= 221 && v <= 720
	}
	return false
}

// ssn returns the end of a US social security number at s[i], or 0:
// ddd-dd-dddd or ddd dd dddd, area not 000, 666 or 9xx, group not 00,
// serial not 0000.
func ssn(s string, i int) int {
	if i+11 > len(s) {
		return 0
	}
	sep := s[i+3]
	if (sep != '-' && sep != ' ') || s[i+6] != sep ||
		!allDigits(s, i, i+3) || !allDigits(s, i+4, i+6) || !allDigits(s, i+7, i+11) ||
		!numEnd(s, i+11) {
		return 0
	}
	area, group, serial := s[i:i+3], s[i+4:i+6], s[i+7:i+11]
	if area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000" {
		return 0
	}
	return i + 11
}

// isPhoneSep reports whether c separates the groups of a phone number.
func isPhoneSep(c byte) bool { return c == ' ' || c == '-' || c == '.' }

// phoneNA finds a North American number at s[i] (a digit or an opening
// parenthesis): an optional leading 1 and separator, an area code of three
// digits starting 2-9 (in parentheses or followed by a separator), three
// digits, a separator, four digits. Without parentheses both separators
// must be the same unless the first is a space (415 555-2671); ten bare
// digits are not matched (ids, timestamps).
func phoneNA(s string, i int) match {
	n := len(s)
	j := i
	if s[j] == '1' && j+2 < n && isPhoneSep(s[j+1]) && (isDigit(s[j+2]) || s[j+2] == '(') {
		j += 2
	}
	var area int
	var sep1 byte
	paren := false
	if s[j] == '(' {
		if j+5 > n || !allDigits(s, j+1, j+4) || s[j+4] != ')' {
			return match{}
		}
		area, paren = j+1, true
		j += 5
		if j < n && (s[j] == ' ' || s[j] == '-') {
			j++
		}
	} else {
		if !allDigits(s, j, j+3) || j+3 >= n || !isPhoneSep(s[j+3]) {
			return match{}
		}
		area, sep1 = j, s[j+3]
		j += 4
	}
	if s[area] < '2' || !allDigits(s, j, j+3) || j+3 >= n {
		return match{}
	}
	j += 3
	sep2 := s[j]
	if !isPhoneSep(sep2) || (!paren && sep2 != sep1 && sep1 != ' ') || !allDigits(s, j+1, j+5) {
		return match{}
	}
	j += 5
	if !numEnd(s, j) {
		return match{}
	}
	return match{start: i, end: j, kind: KindPhone}
}

// phoneWords are the words after which a bare ten-digit number is a
// phone number (lower case; matched at the start of a word).
var phoneWords = [...]string{"phone", "tel", "mobile", "cell", "call", "sms", "fax", "whatsapp"}

// phoneBare finds a North American number written without separators at
// s[i:end] (ten digits, or eleven with a leading 1): area code and
// exchange both 2-9 then two digits, not N11, and one of phoneWords at the
// start of a word in the 32 bytes before it, with no other digit, ; or
// line break in between (call me on 4155552671,
// phone=4155552671, {"phone":"4155552671"}). Without such a word, ten
// digits are left alone: ids, counts and limits (2147483647) look the same.
func phoneBare(s string, i, end int) match {
	if !numEnd(s, end) || !nanpDigits(s[i:end]) {
		return match{}
	}
	from := max(0, i-32)
	for k := i - 1; k >= from; k-- {
		if c := s[k]; isDigit(c) || c == ';' || c == '\n' {
			break // the word belongs to another number, or clause
		}
		if !isLetter(s[k]) || (k > 0 && isLetter(s[k-1])) {
			continue
		}
		for _, w := range phoneWords {
			if k+len(w) <= i && equalFoldLower(s[k:k+len(w)], w) {
				return match{start: i, end: end, kind: KindPhone}
			}
		}
	}
	return match{}
}

// nanpDigits reports whether d, all digits, is a North American number:
// ten digits, or eleven with a leading 1; area code and exchange 2-9 then
// two digits, neither N11.
func nanpDigits(d string) bool {
	switch {
	case len(d) == 11 && d[0] == '1':
		d = d[1:]
	case len(d) != 10:
		return false
	}
	return d[0] >= '2' && d[3] >= '2' && !(d[1] == '1' && d[2] == '1') && !(d[4] == '1' && d[5] == '1')
}

// phoneKeyWords are the key words under which a bare ten-digit value is a
// phone number (lower case; whole words of the key's last segment).
var phoneKeyWords = [...]string{"phone", "telephone", "tel", "mobile", "cell", "cellphone", "fax", "sms", "whatsapp", "msisdn"}

// phoneKey reports whether the key k names a phone number: a word of its
// last dot-separated segment is one of phoneKeyWords (phone, phoneNumber,
// mobile_no, user.tel; not telemetry_id).
func phoneKey(k string) bool {
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		k = k[i+1:]
	}
	var buf [16]wordSpan
	for _, w := range splitWords(k, buf[:0]) {
		for _, p := range phoneKeyWords {
			if equalFoldLower(k[w.start:w.end], p) {
				return true
			}
		}
	}
	return false
}

// phoneNational finds a number in national format at s[i]: a trunk 0 and
// a digit 1-9, then groups of digits separated by single spaces or single
// dashes (the same throughout), 10 or 11 digits in all, two groups or
// more, each of two digits or more (UK 020 7946 0958, FR 01 23 45 67 89,
// DE 030 12345678, JP 03-1234-5678, AU 02 9876 5432). A longer run of
// groups is not a phone number and is left whole.
func phoneNational(s string, i int) match {
	n := len(s)
	if s[i] != '0' || i+1 >= n || s[i+1] < '1' || s[i+1] > '9' {
		return match{}
	}
	j, digits, groups, end := i, 0, 0, 0
	var sep byte
	for {
		k := digitRun(s, j, 12)
		g := k - j
		if g < 2 || (groups == 0 && g > 5) {
			return match{}
		}
		if digits += g; digits > 11 {
			return match{}
		}
		groups++
		end = k
		if k+1 < n && (s[k] == ' ' || s[k] == '-') && isDigit(s[k+1]) && (sep == 0 || sep == s[k]) {
			sep = s[k]
			j = k + 1
			continue
		}
		break
	}
	if groups < 2 || digits < 10 || !numEnd(s, end) {
		return match{}
	}
	return match{start: i, end: end, kind: KindPhone}
}

// phoneIntl finds an international number at the + at s[i]: groups of
// digits separated by single spaces, dashes or dots, optionally in
// parentheses (+1 (415) 555-2671, +44 (0)20 7946 0958), 8 to 15 digits in
// all (E.164); with dots, at least three groups.
func phoneIntl(s string, i int) match {
	n := len(s)
	j := i + 1
	digits, groups, end := 0, 0, -1
	dots := false
	var lastSep byte
	for j < n {
		k := j
		paren := s[k] == '('
		if paren {
			k++
		}
		g := digitRun(s, k, 16)
		d := g - k
		if d == 0 {
			break
		}
		if paren {
			if g >= n || s[g] != ')' {
				break
			}
			g++
		}
		if digits+d > 15 {
			if lastSep == ' ' && groups > 0 {
				break
			}
			return match{}
		}
		digits += d
		groups++
		end, j = g, g
		if j < n && isPhoneSep(s[j]) {
			lastSep = s[j]
			dots = dots || s[j] == '.'
			j++
			continue
		}
		if j < n && (s[j] == '(' || (paren && isDigit(s[j]))) {
			lastSep = 0
			continue
		}
		break
	}
	if digits < 8 || (dots && groups < 3) || !numEnd(s, end) {
		return match{}
	}
	return match{start: i, end: end, kind: KindPhone}
}

// ipv4Span returns the end of a dotted quad at s[i] (octets 0-255, no
// leading zeros), or 0. The caller checks what follows.
func ipv4Span(s string, i int) int {
	n := len(s)
	j := i
	for part := 0; part < 4; part++ {
		if part > 0 {
			if j >= n || s[j] != '.' {
				return 0
			}
			j++
		}
		k := digitRun(s, j, 4)
		d := k - j
		if d == 0 || d > 3 || (d > 1 && s[j] == '0') {
			return 0
		}
		v := 0
		for x := j; x < k; x++ {
			v = v*10 + int(s[x]-'0')
		}
		if v > 255 {
			return 0
		}
		j = k
	}
	return j
}

// IPv6.

// ipv6At finds an IPv6 address around the colon at s[i]: the address
// starts at the hex group just before it, or at s[i] for "::".
func ipv6At(s string, i int) match {
	p := i
	for p > 0 && i-p < 5 && isHex(s[p-1]) {
		p--
	}
	if i-p > 4 || (p == i && (i+1 >= len(s) || s[i+1] != ':')) {
		return match{}
	}
	if p > 0 {
		c := s[p-1]
		if (isWord(c) && !escapeBefore(s, p)) || c == ':' || c == '.' {
			return match{}
		}
	}
	if end := ipv6(s, p); end > 0 {
		return match{start: p, end: end, kind: KindIPv6}
	}
	return match{}
}

// ipv6 returns the end of an IPv6 address starting at s[p], or 0: eight
// groups, or fewer with one "::", optionally ending in a dotted quad and
// followed by a zone (%eth0). Not matched, to spare times, code and
// hardware addresses: forms without a decimal digit (A::B, dead::beef),
// eight groups of two hex digits (MAC-like), compressed forms of at most
// two short groups (12::30) other than ::1-style, and "::" alone.
func ipv6(s string, p int) int {
	n := len(s)
	j := p
	groups, maxLen := 0, 0
	compressed, leading, hasDigit, allTwo := false, false, false, true
	if s[j] == ':' {
		compressed, leading = true, true
		j += 2
	}
	for {
		k := j
		for k < n && k-j < 5 && isHex(s[k]) {
			if isDigit(s[k]) {
				hasDigit = true
			}
			k++
		}
		g := k - j
		if g == 0 {
			break
		}
		if g > 4 {
			return 0
		}
		if k < n && s[k] == '.' {
			e := ipv4Span(s, j)
			if e == 0 {
				return 0
			}
			groups += 2
			j = e
			allTwo = false
			break
		}
		groups++
		j = k
		maxLen = max(maxLen, g)
		if g != 2 {
			allTwo = false
		}
		if groups > 8 {
			return 0
		}
		if j+1 < n && s[j] == ':' && s[j+1] == ':' {
			if compressed {
				return 0
			}
			compressed = true
			j += 2
			continue
		}
		if j+1 < n && s[j] == ':' && isHex(s[j+1]) {
			j++
			continue
		}
		break
	}
	switch {
	case groups == 0 || groups > 8 || !hasDigit:
		return 0
	case compressed && groups > 7:
		return 0
	case !compressed && (groups != 8 || allTwo):
		return 0
	case compressed && leading && groups == 1 && s[p:j] != "::1":
		return 0
	case compressed && !leading && groups <= 2 && maxLen < 3:
		return 0
	}
	zone := j+1 < n && s[j] == '%' && isAlnum(s[j+1])
	if zone {
		j++
		for j < n && (isWord(s[j]) || s[j] == '.' || s[j] == '-') {
			j++
		}
		for s[j-1] == '.' || s[j-1] == '-' {
			j--
		}
	}
	if j < n {
		c := s[j]
		if isWord(c) || (c == ':' && !zone) || (c == '.' && j+1 < n && isHex(s[j+1])) {
			return 0
		}
	}
	return j
}

// Email.

// isLocal reports whether c may appear in the local part of an address.
func isLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// intlLetter reports whether r, a non-ASCII rune, is a letter, a digit or a
// combining mark: internationalised addresses (josé@bücher.de,
// 用户@例子.广告) hold them in both parts.
func intlLetter(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// email finds an address around the @ at s[at] (atLen 1), or its URL
// escape %40 (atLen 3): a local part of letters, digits and . _ % + -
// (plus-addressing included) and a domain of at least two labels whose last
// is alphabetic and two letters or more. Letters may be non-ASCII (UTF-8),
// in both parts. A bare @mention and a dotless domain (user@localhost) are
// not addresses.
func email(s string, at, atLen int) match {
	n := len(s)
	st := at
	for st > 0 && at-st < 64 {
		if c := s[st-1]; c < utf8.RuneSelf {
			if !isLocal(c) {
				break
			}
			st--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s[:st])
		if !intlLetter(r) {
			break
		}
		st -= size
	}
	// A longer local part is not a valid address, but is still one in
	// what people write: the match starts 64 bytes before the @.
	if st > 0 && !isLocal(s[st-1]) && escapeBefore(s, st+1) {
		st++
	}
	for st < at && s[st] == '.' {
		st++
	}
	if st == at || s[at-1] == '.' {
		return match{}
	}
	j := at + atLen
	labels, end := 0, -1
	lastAlpha := false
	for {
		k := j
		alpha := true
		for k < n {
			c := s[k]
			if c < utf8.RuneSelf {
				if !isAlnum(c) && c != '-' {
					break
				}
				if !isLetter(c) {
					alpha = false
				}
				k++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[k:])
			if !intlLetter(r) {
				break
			}
			k += size
		}
		if k == j || k-j > 63 || s[j] == '-' || s[k-1] == '-' {
			break
		}
		labels++
		end = k
		lastAlpha = alpha && k-j >= 2
		if k+1 < n && s[k] == '.' && (isAlnum(s[k+1]) || s[k+1] >= utf8.RuneSelf) {
			j = k + 1
			continue
		}
		break
	}
	if labels < 2 || !lastAlpha || (end < n && (s[end] == '_' || s[end] == '@')) {
		return match{}
	}
	return match{start: st, end: end, kind: KindEmail}
}

// Upper-case triggers: AWS and Google keys, Bearer tokens, JWTs, IBANs.

// upper tries the detectors that start with the upper-case letter at s[i]
// and returns the match, if any, and where to go on.
func upper(s string, i int, on uint16) (match, int) {
	c := s[i]
	if on&onSecrets != 0 {
		if c == 'J' && i >= 2 && s[i-2] == 'e' && s[i-1] == 'y' && secretStart(s, i-2) {
			if end := jwt(s, i-2); end > 0 {
				return match{start: i - 2, end: end, kind: KindSecret}, end
			}
		}
		if c == 'A' && secretStart(s, i) {
			if end := awsKey(s, i); end > 0 {
				return match{start: i, end: end, kind: KindSecret}, end
			}
			if end := googleKey(s, i); end > 0 {
				return match{start: i, end: end, kind: KindSecret}, end
			}
		}
	}
	if !tokStart(s, i) {
		return match{}, skipAlnum(s, i)
	}
	if on&onSecrets != 0 && c == 'B' {
		if m := bearer(s, i); m.kind != "" {
			return m, m.end
		}
		if m := basic(s, i); m.kind != "" {
			return m, m.end
		}
	}
	if on&onIBAN != 0 {
		if end := iban(s, i); end > 0 {
			return match{start: i, end: end, kind: KindIBAN}, end
		}
	}
	return match{}, skipAlnum(s, i)
}

// awsKey returns the end of an AWS access key id at s[i] (AKIA or ASIA and
// 16 upper-case letters or digits), or 0.
func awsKey(s string, i int) int {
	if i+20 > len(s) || (s[i:i+4] != "AKIA" && s[i:i+4] != "ASIA") {
		return 0
	}
	for k := i + 4; k < i+20; k++ {
		if !isUpper(s[k]) && !isDigit(s[k]) {
			return 0
		}
	}
	if i+20 < len(s) && isWord(s[i+20]) {
		return 0
	}
	return i + 20
}

// googleKey returns the end of a Google API key at s[i] (AIza and 35
// base64url bytes), or 0.
func googleKey(s string, i int) int {
	if i+39 > len(s) || s[i:i+4] != "AIza" {
		return 0
	}
	for k := i + 4; k < i+39; k++ {
		if !isB64URL(s[k]) {
			return 0
		}
	}
	if i+39 < len(s) && isB64URL(s[i+39]) {
		return 0
	}
	return i + 39
}

// isBearerChar reports whether c may appear in a Bearer token (RFC 6750
// b64token).
func isBearerChar(c byte) bool {
	return isB64URL(c) || c == '.' || c == '~' || c == '+' || c == '/' || c == '='
}

// authSep returns the index after the separator that follows an
// authorization scheme word ending at s[j]: blanks, or in a form body or
// URL a + or %20; or -1.
func authSep(s string, j int) int {
	switch {
	case j < len(s) && s[j] == ' ':
		k := j
		for k < len(s) && k-j < 16 && s[k] == ' ' {
			k++
		}
		return k
	case j < len(s) && s[j] == '+':
		return j + 1
	case j+3 <= len(s) && s[j:j+3] == "%20":
		return j + 3
	}
	return -1
}

// bearer finds the token of "Bearer <token>" at s[i], the scheme in any
// case (bearer, BEARER), followed by blanks, a + or %20; the word stays.
// The token must be 8 bytes or more with a digit, or 20 or more in mixed
// case, so that prose ("Bearer authentication") is left alone.
func bearer(s string, i int) match {
	if i+7 > len(s) || !equalFoldLower(s[i:i+6], "bearer") {
		return match{}
	}
	j := authSep(s, i+6)
	if j < 0 {
		return match{}
	}
	k := j
	digit, lower, up := false, false, false
	for k < len(s) && isBearerChar(s[k]) {
		c := class[s[k]]
		digit = digit || c&cDigit != 0
		lower = lower || c&cLower != 0
		up = up || c&cUpper != 0
		k++
	}
	for k > j && s[k-1] == '.' {
		k--
	}
	l := k - j
	if !((l >= 8 && digit) || (l >= 20 && lower && up)) {
		return match{}
	}
	return match{start: j, end: k, kind: KindSecret}
}

// basic finds the credentials of "Basic <base64>" at s[i], the scheme in
// any case, followed by blanks, a + or %20; the word stays. The token must
// be 8 bytes or more of standard base64 that decodes to text holding a
// colon (user:password), so prose ("Basic authentication") is left alone.
func basic(s string, i int) match {
	if i+6 > len(s) || !equalFoldLower(s[i:i+5], "basic") {
		return match{}
	}
	j := authSep(s, i+5)
	if j < 0 {
		return match{}
	}
	k := j
	for k < len(s) && (isAlnum(s[k]) || s[k] == '+' || s[k] == '/') {
		k++
	}
	for k < len(s) && (k-j)%4 != 0 && s[k] == '=' {
		k++
	}
	if k-j < 8 || (k < len(s) && isWord(s[k])) || !b64Credentials(s[j:k]) {
		return match{}
	}
	return match{start: j, end: k, kind: KindSecret}
}

// b64Credentials reports whether tok is standard base64 (padded or not)
// of text with a colon and no control bytes, as Basic credentials are. It
// does not allocate.
func b64Credentials(tok string) bool {
	var acc uint32
	bits, colon := 0, false
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		var v byte
		switch {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+':
			v = 62
		case c == '/':
			v = 63
		case c == '=':
			return colon && len(tok)%4 == 0
		default:
			return false
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			b := byte(acc >> bits)
			if b < 0x20 || b == 0x7f {
				return false
			}
			colon = colon || b == ':'
		}
	}
	return colon
}

// jwt returns the end of a JSON Web Token at s[i] (which starts "eyJ"), or
// 0: three or more dot-separated base64url segments, the first at least
// 10 bytes long.
func jwt(s string, i int) int {
	n := len(s)
	j := i
	segs := 0
	for {
		k := j
		for k < n && isB64URL(s[k]) {
			k++
		}
		l := k - j
		if (segs == 0 && l < 10) || l < 2 {
			break
		}
		segs++
		j = k
		if segs == 5 || j+1 >= n || s[j] != '.' || !isB64URL(s[j+1]) {
			break
		}
		j++
	}
	if segs < 3 {
		return 0
	}
	if s[j-1] == '.' {
		j--
	}
	return j
}

// isIBANChar reports whether c may appear in the body of an IBAN.
func isIBANChar(c byte) bool { return class[c]&(cUpper|cDigit) != 0 }

// iban returns the end of an IBAN at s[i], or 0: a country code of the
// IBAN registry, two check digits, then upper-case letters and digits to
// the country's length, contiguous or in groups of four separated by
// single spaces; the mod-97 checksum must hold.
func iban(s string, i int) int {
	n := len(s)
	if i+4 > n || !isUpper(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
		return 0
	}
	want := ibanLength(s[i], s[i+1])
	if want == 0 {
		return 0
	}
	k := i
	for k < n && isIBANChar(s[k]) {
		k++
	}
	end := 0
	switch {
	case k-i == want:
		end = k
	case k-i == 4:
		cnt, j := 4, k
		for cnt < want && j+1 < n && s[j] == ' ' && isIBANChar(s[j+1]) {
			g := j + 1
			e := g
			for e < n && e-g < 5 && isIBANChar(s[e]) {
				e++
			}
			l := e - g
			if l > 4 || (l < 4 && cnt+l != want) {
				return 0
			}
			cnt += l
			j = e
		}
		if cnt != want {
			return 0
		}
		end = j
	default:
		return 0
	}
	if end < n && isWord(s[end]) {
		return 0
	}
	if !ibanChecksum(s[i:end]) {
		return 0
	}
	return end
}

// Dash and underscore triggers: private keys, OpenAI, Anthropic, Slack and
// GitHub tokens.

// dash tries the secrets revealed by the dash at s[i]: a PEM private key
// block, sk-... and xox?-... tokens.
func dash(s string, i int) match {
	if i+1 < len(s) && s[i+1] == '-' {
		if m := pemBlock(s, i); m.kind != "" {
			return m
		}
		return match{}
	}
	if i >= 2 && s[i-2] == 's' && s[i-1] == 'k' && secretStart(s, i-2) {
		if end := tokenBody(s, i+1, 20, isB64URL); end > 0 {
			return match{start: i - 2, end: end, kind: KindSecret}
		}
	}
	if i >= 4 && s[i-4:i-1] == "xox" && strings.IndexByte("baprs", s[i-1]) >= 0 && secretStart(s, i-4) {
		if end := tokenBody(s, i+1, 10, isSlackChar); end > 0 {
			return match{start: i - 4, end: end, kind: KindSecret}
		}
	}
	return match{}
}

func isSlackChar(c byte) bool { return isAlnum(c) || c == '-' }

// tokenBody returns the end of a token body at s[j]: at least min bytes
// accepted by ok, with a digit, ending where ok stops; or 0.
func tokenBody(s string, j, min int, ok func(byte) bool) int {
	k := j
	digit := false
	for k < len(s) && ok(s[k]) {
		digit = digit || isDigit(s[k])
		k++
	}
	if k-j < min || !digit {
		return 0
	}
	return k
}

// pemBlock finds a PEM private key block (or a PGP PRIVATE KEY BLOCK
// armour) at s[i]: the BEGIN line through
// the END line. A block cut off before its END line runs to the end of s:
// what remains of a key is still secret.
func pemBlock(s string, i int) match {
	const begin = "-----BEGIN "
	if !strings.HasPrefix(s[i:], begin) || (i > 0 && s[i-1] == '-') {
		return match{}
	}
	j := i + len(begin)
	e := strings.Index(s[j:min(len(s), j+64)], "-----")
	if e < 0 || !(strings.HasSuffix(s[j:j+e], "PRIVATE KEY") || strings.HasSuffix(s[j:j+e], "PRIVATE KEY BLOCK")) {
		return match{}
	}
	k := j + e + 5
	endLine := strings.Index(s[k:], "-----END ")
	if endLine < 0 {
		return match{start: i, end: len(s), kind: KindSecret}
	}
	m := k + endLine + 9
	e = strings.Index(s[m:min(len(s), m+64)], "-----")
	if e < 0 {
		return match{start: i, end: len(s), kind: KindSecret}
	}
	return match{start: i, end: m + e + 5, kind: KindSecret}
}

// underscore tries the GitHub tokens revealed by the underscore at s[i]:
// ghp_, gho_, ghu_, ghs_, ghr_ and 30 or more letters and digits;
// github_pat_ and 22 or more letters, digits and underscores.
func underscore(s string, i int) match {
	if i >= 3 && equalFoldLower(s[i-3:i], "aws") && tokStart(s, i-3) {
		if m := awsSecret(s, i); m.kind != "" {
			return m
		}
	}
	if i >= 3 && s[i-3] == 'g' && s[i-2] == 'h' && strings.IndexByte("pousr", s[i-1]) >= 0 && secretStart(s, i-3) {
		k := i + 1
		for k < len(s) && isAlnum(s[k]) {
			k++
		}
		if k-i-1 >= 30 && (k == len(s) || !isWord(s[k])) {
			return match{start: i - 3, end: k, kind: KindSecret}
		}
		return match{}
	}
	if i >= 6 && s[i-6:i] == "github" && strings.HasPrefix(s[i:], "_pat_") && secretStart(s, i-6) {
		k := i + 5
		for k < len(s) && isWord(s[k]) {
			k++
		}
		if k-i-5 >= 22 {
			return match{start: i - 6, end: k, kind: KindSecret}
		}
	}
	return match{}
}

// awsSecret finds the value of aws_secret_access_key (any case) assigned
// at s[i:], the underscore after "aws": = or :, optionally quoted and
// spaced, then 40 bytes of [A-Za-z0-9/+=]. The key name stays.
func awsSecret(s string, i int) match {
	const name = "_secret_access_key"
	if i+len(name) > len(s) || !equalFoldLower(s[i:i+len(name)], name) {
		return match{}
	}
	j := i + len(name)
	if j < len(s) && (s[j] == '"' || s[j] == '\'') {
		j++
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j >= len(s) || (s[j] != '=' && s[j] != ':') {
		return match{}
	}
	j++
	for j < len(s) && (s[j] == ' ' || s[j] == '"' || s[j] == '\'') && j-i < len(name)+8 {
		j++
	}
	k := j
	for k < len(s) && (isAlnum(s[k]) || s[k] == '/' || s[k] == '+' || s[k] == '=') {
		k++
	}
	if k-j != 40 {
		return match{}
	}
	return match{start: j, end: k, kind: KindSecret}
}

// urlPassword finds the password of scheme://user:password@host around
// the colon at s[i] and returns it, and where to go on (past the @, so the
// host is not taken for an email address).
func urlPassword(s string, i int) (match, int) {
	n := len(s)
	if i+3 > n || s[i+1] != '/' || s[i+2] != '/' {
		return match{}, i + 1
	}
	st := i
	for st > 0 && (isAlnum(s[st-1]) || s[st-1] == '+' || s[st-1] == '.' || s[st-1] == '-') {
		st--
	}
	if i-st < 2 || !isLetter(s[st]) {
		return match{}, i + 1
	}
	// The user ends at the first colon, with no / or @ before it; the
	// password runs from there to the last @ followed by a host, so a
	// password holding / ? # or @ is taken whole. The window ends only at
	// blanks, quotes and angle brackets, which a URL cannot hold.
	at, colon := -1, -1
	for k := i + 3; k < n && k-i < 512; k++ {
		c := s[k]
		if c <= ' ' || strings.IndexByte("\"'<>`", c) >= 0 {
			break
		}
		switch {
		case colon < 0 && (c == '/' || c == '@'):
			return match{}, i + 1
		case colon < 0 && c == ':':
			colon = k
		case colon >= 0 && c == '@' && k+1 < n && (isAlnum(s[k+1]) || s[k+1] == '['):
			at = k
		}
	}
	if at < 0 || colon < 0 || colon+1 >= at {
		return match{}, i + 1
	}
	// host:8080/path@x is a port and a path, not a password.
	if d := digitRun(s, colon+1, at); d > colon+1 && strings.IndexByte("/?#", s[d]) >= 0 {
		return match{}, i + 1
	}
	return match{start: colon + 1, end: at, kind: KindSecret}, at + 1
}
