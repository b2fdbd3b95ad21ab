package jsontext

// The exporter's string encoder before issue 17, kept only to measure the
// shared encoder against it in one run (BenchmarkEncoderVsOld).

import (
	"math/bits"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

var oldSafe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

const oldTruncationMark = "...[truncated "

// oldAppendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD. When
// max > 0 and s is longer than max bytes, s is cut at a rune boundary and the
// number of removed bytes is recorded in a marker; truncated reports that.
func oldAppendString(dst []byte, s string, max int) (out []byte, truncated bool) {
	dst = append(dst, '"')
	dst, truncated = oldAppendStringBody(dst, s, max)
	return append(dst, '"'), truncated
}

// oldAppendStringBody is oldAppendString without the quotes.
func oldAppendStringBody(dst []byte, s string, max int) (out []byte, truncated bool) {
	cut := 0
	if max > 0 && len(s) > max {
		// Cut before a rune that crosses the bound. Only a valid rune,
		// starting at most UTFMax-1 bytes back, counts: in invalid UTF-8 a
		// run of continuation bytes is no rune to keep whole.
		end := max
		if !utf8.RuneStart(s[max]) {
			for i := max - 1; i >= 0 && i > max-utf8.UTFMax; i-- {
				if utf8.RuneStart(s[i]) {
					if _, size := utf8.DecodeRuneInString(s[i:]); i+size > max {
						end = i
					}
					break
				}
			}
		}
		cut = len(s) - end
		s = s[:end]
	}
	dst = oldAppendEscaped(dst, s)
	if cut > 0 {
		dst = append(dst, oldTruncationMark...)
		dst = strconv.AppendInt(dst, int64(cut), 10)
		dst = append(dst, " bytes]"...)
	}
	return dst, cut > 0
}

func oldAppendEscaped(dst []byte, s string) []byte {
	dst, _ = oldAppendEscapedCheck(dst, s)
	return dst
}

// oldAppendEscapedCheck is oldAppendEscaped that also reports whether s held
// invalid UTF-8 (written as U+FFFD).
func oldAppendEscapedCheck(dst []byte, s string) (out []byte, invalid bool) {
	start := 0
	for i := 0; i < len(s); {
		// Skip plain ASCII eight bytes at a time, and jump straight to the
		// first byte that needs a look: most text needs no escaping.
		for i+8 <= len(s) {
			m := oldSpecial8(oldLoad64(s[i : i+8]))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
			break
		}
		if i >= len(s) {
			break
		}
		b := s[i]
		if b < utf8.RuneSelf {
			if oldSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0x0f])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			invalid = true
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(dst, s[start:]...), invalid
}

const (
	oldLsb = 0x0101010101010101
	oldMsb = 0x8080808080808080
)

// oldLoad64 reads s[0:8] little-endian; the compiler merges it into one load.
func oldLoad64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// oldSpecial8 flags, with the high bit of each byte, the bytes of w that are
// not plain ASCII needing no escape: >= 0x80, < 0x20, '"' or '\\'. The
// lowest flag is exact (the borrow tricks can only add flags above a true
// one), which is all the caller uses.
func oldSpecial8(w uint64) uint64 {
	q := w ^ ('"' * oldLsb)
	bs := w ^ ('\\' * oldLsb)
	return (w | (w-0x20*oldLsb)&^w | (q-oldLsb)&^q | (bs-oldLsb)&^bs) & oldMsb
}

func BenchmarkEncoderVsOld(b *testing.B) {
	prose := strings.Repeat("Plain prose with the odd \"quote\", an accent (é) and a newline.\n", 16)
	ascii := strings.Repeat("gen_ai.request.model=gpt-4o-mini temperature=0.2 ", 20)
	cjk := strings.Repeat("日本語のテキストと絵文字😀。", 40)
	for _, in := range []struct {
		name string
		s    string
		max  int
	}{{"prose", prose, 0}, {"prose-cut", prose, len(prose) / 2}, {"ascii", ascii, 0}, {"cjk", cjk, 0}, {"key", "gen_ai.usage.input_tokens", 0}} {
		buf := make([]byte, 0, 4096)
		b.Run(in.name+"/old", func(b *testing.B) {
			b.SetBytes(int64(len(in.s)))
			for b.Loop() {
				buf, _ = oldAppendString(buf[:0], in.s, in.max)
			}
		})
		b.Run(in.name+"/new", func(b *testing.B) {
			b.SetBytes(int64(len(in.s)))
			for b.Loop() {
				buf, _ = AppendStringHead(buf[:0], in.s, in.max)
			}
		})
	}
}
