package redact

import (
	"unicode"
	"unicode/utf8"
)

// The email detector, ASCII and internationalised addresses.

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
