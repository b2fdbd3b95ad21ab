package redact

import "strings"

// Phone detectors: North American numbers with and without separators,
// national and international forms, and phone-named keys.

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
