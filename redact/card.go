package redact

// Number detectors: payment cards (Luhn, issuer prefixes, grouping) and
// US social security numbers; number dispatches a digit run to them.

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
