package redact

// The IBAN detector (mod-97 checked).

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
