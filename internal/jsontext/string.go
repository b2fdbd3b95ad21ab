// Package jsontext appends JSON text to byte slices: strings escaped so the
// result is always valid UTF-8 JSON, raw JSON values kept when valid and
// quoted when not, and any JSON value shortened to a byte budget without
// becoming invalid. It uses no reflection and does not allocate when the
// destination has room, so it can run on a caller's hot path.
//
// It is the module's one JSON string encoder: the exporter's wire format,
// content capture (llm, agents, the MCP integration) and the redactor all
// write strings with it, so they escape alike (encoding/json's escapes
// without HTML escaping, U+2028 and U+2029 escaped, invalid UTF-8 as
// U+FFFD) and mark every cut with the same note, "…[truncated N bytes]".
package jsontext

import (
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// TruncationMarker begins the note that ends every string cut short, so a
// reader sees that the text goes on and how much of it was left out. The
// note is TruncationMarker, the number of bytes cut and " bytes]", as in
// "…[truncated 1234 bytes]" (see AppendMarker); the bytes are those of the
// string as given: a Go string's UTF-8, or a JSON string's text inside a JSON
// value. It is the one marker of the module: content capture and the
// exporter's value bound both write it.
const TruncationMarker = "…[truncated "

// markerTail ends the truncation note.
const markerTail = " bytes]"

// MinCutLen is the smallest encoded size (quotes included) of a cut string
// that carries the truncation note: the note with a one-digit count. A
// string whose text takes n bytes is sure to carry it when cut to at least
// CutFloor(n) bytes. Cut to less, a string ends with the note when the note
// fits, and keeps only its head when it does not.
const MinCutLen = 2 + len(TruncationMarker) + 1 + len(markerTail)

// CutFloor returns the smallest encoded size, quotes included, at which a
// string whose text (or encoding) takes at most n bytes keeps the
// truncation note when it is cut: 2 + MarkerLen(n), the count being at most
// n.
func CutFloor(n int) int { return 2 + MarkerLen(n) }

// AppendMarker appends the truncation note for n bytes cut,
// "…[truncated n bytes]", as it is written inside a JSON string (it needs
// no escaping).
func AppendMarker(dst []byte, n int) []byte {
	dst = append(dst, TruncationMarker...)
	dst = strconv.AppendInt(dst, int64(n), 10)
	return append(dst, markerTail...)
}

// MarkerLen returns len(AppendMarker(nil, n)).
func MarkerLen(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return len(TruncationMarker) + d + len(markerTail)
}

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
	q := x ^ (lsb * '"')
	bs := x ^ (lsb * '\\')
	return (x | (x-lsb*0x20)&^x | (q-lsb)&^q | (bs-lsb)&^bs) & msb
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
// byte loads into one, and slicing first leaves a single bounds check.
func load64[T ~string | ~[]byte](s T, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
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

// AppendBody appends the body of AppendString(s), without the quotes;
// invalid reports whether s held invalid UTF-8 (written as U+FFFD).
func AppendBody(dst []byte, s string) (out []byte, invalid bool) {
	return appendEscapedCheck(dst, s)
}

// appendEscaped appends the escaped body of s, without quotes.
func appendEscaped[T ~string | ~[]byte](dst []byte, s T) []byte {
	dst, _ = appendEscapedCheck(dst, s)
	return dst
}

// appendEscapedCheck is appendEscaped that also reports whether s held
// invalid UTF-8.
func appendEscapedCheck[T ~string | ~[]byte](dst []byte, s T) (out []byte, invalid bool) {
	start, i, n := 0, 0, len(s)
	for i < n {
		// Skip plain ASCII eight bytes at a time, straight to the first
		// byte that needs a look: most text needs no escaping. (skipSafe,
		// written out here: this loop is the exporter's hot path.)
		for i+8 <= n {
			m := unsafeMask(load64(s, i))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
			break
		}
		if i >= n {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = appendEscapedASCII(dst, c)
			i++
			start = i
			continue
		}
		// A run of multi-byte runes (non-Latin text) is decoded here
		// without going back to the word loop for each rune.
		for i < n && s[i] >= utf8.RuneSelf {
			r, size := decodeRune(s, i)
			switch {
			case size == 1: // invalid UTF-8
				invalid = true
				dst = append(dst, s[start:i]...)
				dst = append(dst, "\uFFFD"...)
				start = i + 1
			case r == '\u2028' || r == '\u2029':
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\u202`...)
				dst = append(dst, hexDigits[r&0xF])
				start = i + size
			}
			i += size
		}
	}
	return append(dst, s[start:]...), invalid
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
// ends with the truncation note (see TruncationMarker) when it fits, which
// it always does when maxBytes is at least CutFloor(len(s)); cut reports whether
// that happened. A maxBytes below 2 is raised to 2, the size of "".
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

// appendCut appends the head of s that fits maxBytes (>= 2) with the
// truncation note when there is room for it.
func appendCut[T ~string | ~[]byte](dst []byte, s T, maxBytes int) []byte {
	j := cutWithNote(len(s), maxBytes-2, func(budget int) int {
		j, _ := cutIndex(s, budget)
		return j
	})
	dst = append(dst, '"')
	if j < 0 {
		j, _ = cutIndex(s, maxBytes-2)
		dst = appendEscaped(dst, s[:j])
	} else {
		dst = appendEscaped(dst, s[:j])
		dst = AppendMarker(dst, len(s)-j)
	}
	return append(dst, '"')
}

// cutWithNote returns where to cut a text of n bytes so that its head,
// measured by fit (the longest head whose encoding takes at most budget
// bytes), and the note of the bytes cut take at most room bytes; -1 when
// the note does not fit even after an empty head.
func cutWithNote(n, room int, fit func(budget int) int) int {
	note := MarkerLen(n) // the longest the note can be: the count is at most n
	if note > room {
		return -1
	}
	j := fit(room - note)
	if shorter := MarkerLen(n - j); shorter < note {
		// A shorter count leaves room for more head; the count only
		// shrinks further, so the note still fits.
		j = fit(room - shorter)
	}
	return j
}

// AppendStringHead appends s as a JSON string (see AppendString), cut when
// maxLen > 0 and s is longer than maxLen bytes: at a rune boundary at most
// maxLen bytes in, and followed by the truncation note of the bytes cut;
// cut reports that. Unlike AppendStringLimit, the bound is on s, not on the
// output, which escapes and the note make longer.
func AppendStringHead(dst []byte, s string, maxLen int) (out []byte, cut bool) {
	dst = append(dst, '"')
	dst, cut = AppendBodyHead(dst, s, maxLen)
	return append(dst, '"'), cut
}

// AppendBodyHead is AppendStringHead without the quotes.
func AppendBodyHead(dst []byte, s string, maxLen int) (out []byte, cut bool) {
	if maxLen <= 0 || len(s) <= maxLen {
		return appendEscaped(dst, s), false
	}
	end := headEnd(s, maxLen)
	dst = appendEscaped(dst, s[:end])
	return AppendMarker(dst, len(s)-end), true
}

// headEnd returns where to cut s (longer than maxLen > 0) to keep at most
// maxLen bytes: maxLen, or before a rune that crosses it. Only a valid rune,
// starting at most UTFMax-1 bytes back, counts: in invalid UTF-8 a run of
// continuation bytes is no rune to keep whole.
func headEnd(s string, maxLen int) int {
	if utf8.RuneStart(s[maxLen]) {
		return maxLen
	}
	for i := maxLen - 1; i >= 0 && i > maxLen-utf8.UTFMax; i-- {
		if utf8.RuneStart(s[i]) {
			if _, size := decodeRune(s, i); i+size > maxLen {
				return i
			}
			break
		}
	}
	return maxLen
}

// CutText returns s when it has at most maxLen bytes (or maxLen <= 0), and
// otherwise its head, cut on a rune boundary, followed by the truncation
// note, in at most maxLen bytes; when even the note does not fit, the head
// alone. It is for plain text that is not written as JSON here.
func CutText(s string, maxLen int) string {
	if maxLen <= 0 || len(s) <= maxLen {
		return s
	}
	keep := cutWithNote(len(s), maxLen, func(budget int) int { return runeHead(s, budget) })
	if keep < 0 {
		return s[:runeHead(s, maxLen)]
	}
	return string(AppendMarker(append(make([]byte, 0, maxLen), s[:keep]...), len(s)-keep))
}

// runeHead returns the largest j <= n that does not split a rune of s.
func runeHead(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}
