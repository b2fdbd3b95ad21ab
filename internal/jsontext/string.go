// Package jsontext appends JSON text to byte slices: strings escaped so the
// result is always valid UTF-8 JSON, raw JSON values kept when valid and
// quoted when not, and any JSON value shortened to a byte budget without
// becoming invalid. It uses no reflection and does not allocate when the
// destination has room, so it can run on a caller's hot path.
package jsontext

import (
	"math/bits"
	"unicode/utf8"
)

// TruncationMarker ends every string that AppendStringLimit or Truncate cut
// short, so a reader sees that the text goes on.
const TruncationMarker = "…[truncated]"

// MinCutLen is the smallest encoded size (quotes included) of a cut string
// that still carries TruncationMarker. Cut to a smaller size, a string keeps
// only its head.
const MinCutLen = 2 + len(TruncationMarker)

const hexDigits = "0123456789abcdef"

// safe[b] reports whether the ASCII byte b is written as itself inside a JSON
// string. DEL (0x7f) is legal JSON and is written as itself.
var safe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// asciiLen[b] is the encoded size of the ASCII byte b inside a JSON string.
var asciiLen = func() (t [utf8.RuneSelf]uint8) {
	for b := range t {
		switch {
		case safe[b]:
			t[b] = 1
		case b == '"', b == '\\', b == '\n', b == '\r', b == '\t', b == '\b', b == '\f':
			t[b] = 2
		default:
			t[b] = 6 // \u00XX
		}
	}
	return t
}()

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// unsafeMask flags the bytes packed in x (little-endian) that are not safe
// ASCII: control bytes, quotes, backslashes and non-ASCII bytes. Each test
// is the classic word-at-a-time "has a byte less than n" / "has a zero
// byte" trick. A borrow can wrongly flag a byte above a flagged one, never
// below, so the lowest flag is exact: the mask is zero when all eight bytes
// are safe, and its trailing zeros / 8 is the index of the first unsafe one.
func unsafeMask(x uint64) uint64 {
	ctl := (x - lsb*0x20) &^ x & msb
	q := x ^ (lsb * '"')
	q = (q - lsb) &^ q & msb
	bs := x ^ (lsb * '\\')
	bs = (bs - lsb) &^ bs & msb
	return ctl | q | bs | x&msb
}

// safe8 reports whether the eight bytes packed in x are all safe ASCII.
func safe8(x uint64) bool { return unsafeMask(x) == 0 }

// skipSafe returns the index of the first byte at or after i that is not
// safe ASCII, or len(s).
func skipSafe[T ~string | ~[]byte](s T, i int) int {
	for i+8 <= len(s) {
		if m := unsafeMask(load64(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(s) && s[i] < utf8.RuneSelf && safe[s[i]] {
		i++
	}
	return i
}

// load64 reads s[i:i+8] as a little-endian word; the compiler merges the
// byte loads into one.
func load64[T ~string | ~[]byte](s T, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

// decodeRune decodes the UTF-8 sequence at s[i], like utf8.DecodeRune, but for
// strings and byte slices alike: an invalid or incomplete sequence yields
// (utf8.RuneError, 1).
func decodeRune[T ~string | ~[]byte](s T, i int) (rune, int) {
	n := len(s) - i
	b0 := s[i]
	switch {
	case b0 < utf8.RuneSelf:
		return rune(b0), 1
	case b0 < 0xC2:
		return utf8.RuneError, 1
	case b0 < 0xE0:
		if n < 2 || s[i+1]&0xC0 != 0x80 {
			return utf8.RuneError, 1
		}
		return rune(b0&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case b0 < 0xF0:
		if n < 3 {
			return utf8.RuneError, 1
		}
		lo, hi := byte(0x80), byte(0xBF)
		switch b0 {
		case 0xE0:
			lo = 0xA0 // no overlong encodings
		case 0xED:
			hi = 0x9F // no surrogates
		}
		if b1 := s[i+1]; b1 < lo || b1 > hi || s[i+2]&0xC0 != 0x80 {
			return utf8.RuneError, 1
		}
		return rune(b0&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	case b0 < 0xF5:
		if n < 4 {
			return utf8.RuneError, 1
		}
		lo, hi := byte(0x80), byte(0xBF)
		switch b0 {
		case 0xF0:
			lo = 0x90 // no overlong encodings
		case 0xF4:
			hi = 0x8F // nothing above U+10FFFF
		}
		if b1 := s[i+1]; b1 < lo || b1 > hi || s[i+2]&0xC0 != 0x80 || s[i+3]&0xC0 != 0x80 {
			return utf8.RuneError, 1
		}
		return rune(b0&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F), 4
	}
	return utf8.RuneError, 1
}

// AppendString appends s as a JSON string, quotes included. Quotes,
// backslashes and control characters are escaped (\n, \r, \t, \b, \f, or
// \u00XX), U+2028 and U+2029 are escaped (JavaScript treats them as line
// ends), each byte of invalid UTF-8 becomes U+FFFD, and everything else is
// copied as is. Runs of plain ASCII are copied eight bytes at a time.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s)
	return append(dst, '"')
}

// appendEscaped appends the escaped body of s, without quotes.
func appendEscaped[T ~string | ~[]byte](dst []byte, s T) []byte {
	start, i, n := 0, 0, len(s)
	for {
		if i = skipSafe(s, i); i >= n {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			dst = appendEscapedASCII(dst, c)
			i++
			start = i
			continue
		}
		var fixed bool
		if dst, i, fixed = fixRune(dst, s, start, i); fixed {
			start = i
		}
	}
	return append(dst, s[start:]...)
}

// fixRune looks at the multi-byte rune at s[i]: invalid UTF-8 becomes
// U+FFFD and U+2028 and U+2029 are escaped (JavaScript reads them as line
// ends). When it fixes one, it appends s[start:i] and the fix to dst and
// reports fixed, so the caller moves start; either way it returns the index
// after the rune.
func fixRune[T ~string | ~[]byte](dst []byte, s T, start, i int) (out []byte, next int, fixed bool) {
	r, size := decodeRune(s, i)
	switch {
	case size == 1: // invalid UTF-8
		dst = append(dst, s[start:i]...)
		dst = append(dst, "\uFFFD"...)
	case r == '\u2028' || r == '\u2029':
		dst = append(dst, s[start:i]...)
		dst = append(dst, `\u202`...)
		dst = append(dst, hexDigits[r&0xF])
	default:
		return dst, i + size, false
	}
	return dst, i + size, true
}

func appendEscapedASCII(dst []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(dst, '\\', c)
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// runeLen returns the size of the rune at s[i] in s and in its escaped form.
func runeLen[T ~string | ~[]byte](s T, i int) (in, out int) {
	if c := s[i]; c < utf8.RuneSelf {
		return 1, int(asciiLen[c])
	}
	r, size := decodeRune(s, i)
	switch {
	case size == 1:
		return 1, len("\uFFFD")
	case r == '\u2028' || r == '\u2029':
		return size, len(`\u2028`)
	}
	return size, size
}

// StringLen returns len(AppendString(nil, s)) without writing anything.
func StringLen(s string) int { return stringLen(s) }

func stringLen[T ~string | ~[]byte](s T) int {
	total, i, n := 2, 0, len(s)
	for {
		run := i
		i = skipSafe(s, i)
		total += i - run
		if i >= n {
			return total
		}
		in, out := runeLen(s, i)
		i += in
		total += out
	}
}

// cutIndex returns the largest j such that s[:j] ends on a rune boundary and
// its escaped form takes at most budget bytes, and that escaped size.
func cutIndex[T ~string | ~[]byte](s T, budget int) (j, size int) {
	n := len(s)
	for j < n {
		if j+8 <= n && size+8 <= budget && safe8(load64(s, j)) {
			j += 8
			size += 8
			continue
		}
		in, out := runeLen(s, j)
		if size+out > budget {
			break
		}
		j += in
		size += out
	}
	return j, size
}

// AppendStringLimit appends s as a JSON string (see AppendString) whose
// encoded form, quotes included, takes at most maxBytes. A string too long
// for that is cut on a rune boundary, never inside an escape sequence, and
// ends with TruncationMarker when maxBytes is at least MinCutLen (below it,
// only the head fits); cut reports whether that happened. A maxBytes below 2
// is raised to 2, the size of "".
func AppendStringLimit(dst []byte, s string, maxBytes int) (out []byte, cut bool) {
	return appendStringLimit(dst, s, maxBytes)
}

func appendStringLimit[T ~string | ~[]byte](dst []byte, s T, maxBytes int) ([]byte, bool) {
	maxBytes = max(maxBytes, 2)
	// The escaped form is never shorter than the input, so an input that
	// is already too long is cut without encoding it whole first.
	if len(s)+2 <= maxBytes {
		start := len(dst)
		dst = append(dst, '"')
		dst = appendEscaped(dst, s)
		dst = append(dst, '"')
		if len(dst)-start <= maxBytes {
			return dst, false
		}
		dst = dst[:start]
	}
	return appendCut(dst, s, maxBytes), true
}

// appendCut appends the head of s that fits maxBytes (>= 2) with the marker
// when there is room for it.
func appendCut[T ~string | ~[]byte](dst []byte, s T, maxBytes int) []byte {
	budget, mark := maxBytes-2, maxBytes >= MinCutLen
	if mark {
		budget -= len(TruncationMarker)
	}
	j, _ := cutIndex(s, budget)
	dst = append(dst, '"')
	dst = appendEscaped(dst, s[:j])
	if mark {
		dst = append(dst, TruncationMarker...)
	}
	return append(dst, '"')
}
