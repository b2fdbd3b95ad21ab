package wire

import (
	"encoding/base64"
	"math"
	"math/bits"
	"strconv"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
)

// safe[b] is true for ASCII bytes that need no escaping inside a JSON string.
var safe = func() (t [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

// truncationMark is appended to a string value cut to the size bound; the
// number of bytes removed follows it.
const truncationMark = "...[truncated "

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD. When
// max > 0 and s is longer than max bytes, s is cut at a rune boundary and the
// number of removed bytes is recorded in a marker; truncated reports that.
func appendString(dst []byte, s string, max int) (out []byte, truncated bool) {
	dst = append(dst, '"')
	dst, truncated = appendStringBody(dst, s, max)
	return append(dst, '"'), truncated
}

// appendStringBody is appendString without the quotes.
func appendStringBody(dst []byte, s string, max int) (out []byte, truncated bool) {
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
	dst = appendEscaped(dst, s)
	if cut > 0 {
		dst = append(dst, truncationMark...)
		dst = strconv.AppendInt(dst, int64(cut), 10)
		dst = append(dst, " bytes]"...)
	}
	return dst, cut > 0
}

// appendQuoted appends s as a JSON string without a size bound.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s)
	return append(dst, '"')
}

func appendEscaped(dst []byte, s string) []byte {
	dst, _ = appendEscapedCheck(dst, s)
	return dst
}

// appendEscapedCheck is appendEscaped that also reports whether s held
// invalid UTF-8 (written as U+FFFD).
func appendEscapedCheck(dst []byte, s string) (out []byte, invalid bool) {
	start := 0
	for i := 0; i < len(s); {
		// Skip plain ASCII eight bytes at a time, and jump straight to the
		// first byte that needs a look: most text needs no escaping.
		for i+8 <= len(s) {
			m := special8(load64(s[i : i+8]))
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
			if safe[b] {
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

// appendFloat appends f as a JSON number, or as the string "NaN",
// "Infinity" or "-Infinity", which JSON numbers cannot express.
func appendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(dst, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(dst, `"-Infinity"`...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(dst, f, format, -1, 64)
}

// appendTime appends t as "YYYY-MM-DDTHH:MM:SS.ffffff+00:00" in UTC. Years
// outside 0..9999 are clamped so the result always has the required form.
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 {
		year, month, day = 0, 1, 1
		t = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	} else if year > 9999 {
		year, month, day = 9999, 12, 31
		t = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)
	}
	hour, min, sec := t.Clock()
	micro := t.Nanosecond() / 1000
	dst = append(dst, '"')
	dst = appendDigits(dst, year, 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, int(month), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, day, 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, hour, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, min, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, sec, 2)
	dst = append(dst, '.')
	dst = appendDigits(dst, micro, 6)
	return append(dst, `+00:00"`...)
}

func appendDigits(dst []byte, v, width int) []byte {
	var buf [8]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, buf[:width]...)
}

// appendDurationMS appends end-start in milliseconds, never negative.
func appendDurationMS(dst []byte, start, end time.Time) []byte {
	d := end.Sub(start)
	if d < 0 {
		d = 0
	}
	return appendFloat(dst, float64(d)/float64(time.Millisecond))
}

// MaxValueDepth bounds how deeply a value nests arrays and objects (the
// SLICE and MAP attribute types). A container deeper than that is written
// as the string depthMark instead, so that every body decodes with
// ordinary JSON parsers (Python's json stops near 1,000 levels, Go's
// encoding/json at 10,000), whatever a span holds.
const MaxValueDepth = 64

// depthMark replaces a container nested deeper than MaxValueDepth; it
// follows the style of truncationMark.
const depthMark = "...[truncated: nested deeper than 64 levels]"

// isContainer reports whether v is written as a JSON array or object.
func isContainer(v attribute.Value) bool {
	switch v.Type() {
	case attribute.BOOLSLICE, attribute.INT64SLICE, attribute.FLOAT64SLICE, attribute.STRINGSLICE, attribute.SLICE, attribute.MAP:
		return true
	}
	return false
}

// appendValue appends v as its natural JSON value; it reports whether a
// string inside was truncated, or a container cut at MaxValueDepth.
func appendValue(dst []byte, v attribute.Value, max int) ([]byte, bool) {
	return appendValueAt(dst, v, max, 0)
}

// appendValueAt is appendValue for a value inside depth containers.
func appendValueAt(dst []byte, v attribute.Value, max, depth int) ([]byte, bool) {
	if depth >= MaxValueDepth && isContainer(v) {
		return append(dst, `"`+depthMark+`"`...), true
	}
	truncated := false
	switch v.Type() {
	case attribute.BOOL:
		dst = strconv.AppendBool(dst, v.AsBool())
	case attribute.INT64:
		dst = strconv.AppendInt(dst, v.AsInt64(), 10)
	case attribute.FLOAT64:
		dst = appendFloat(dst, v.AsFloat64())
	case attribute.STRING:
		dst, truncated = appendString(dst, v.AsString(), max)
	case attribute.BOOLSLICE:
		dst = append(dst, '[')
		for i, b := range v.AsBoolSlice() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = strconv.AppendBool(dst, b)
		}
		dst = append(dst, ']')
	case attribute.INT64SLICE:
		dst = append(dst, '[')
		for i, n := range v.AsInt64Slice() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = strconv.AppendInt(dst, n, 10)
		}
		dst = append(dst, ']')
	case attribute.FLOAT64SLICE:
		dst = append(dst, '[')
		for i, f := range v.AsFloat64Slice() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendFloat(dst, f)
		}
		dst = append(dst, ']')
	case attribute.STRINGSLICE:
		dst, truncated = appendStrings(dst, v.AsStringSlice(), max)
	case attribute.BYTESLICE:
		b := v.AsByteSlice()
		if max > 0 && base64.StdEncoding.EncodedLen(len(b)) > max {
			b = b[:base64.StdEncoding.DecodedLen(max)]
			truncated = true
		}
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, b)
		dst = append(dst, '"')
	case attribute.SLICE:
		dst = append(dst, '[')
		for i, e := range v.AsSlice() {
			if i > 0 {
				dst = append(dst, ',')
			}
			var t bool
			dst, t = appendValueAt(dst, e, max, depth+1)
			truncated = truncated || t
		}
		dst = append(dst, ']')
	case attribute.MAP:
		var t bool
		dst, t = appendObjectAt(dst, v.AsMap(), max, depth+1)
		truncated = truncated || t
	default: // EMPTY
		dst = append(dst, "null"...)
	}
	return dst, truncated
}

func appendStrings(dst []byte, ss []string, max int) ([]byte, bool) {
	truncated := false
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		var t bool
		dst, t = appendString(dst, s, max)
		truncated = truncated || t
	}
	return append(dst, ']'), truncated
}

// appendObject appends kvs as a JSON object. When a key repeats, the last
// value wins, so the object never has duplicate keys.
func appendObject(dst []byte, kvs []attribute.KeyValue, max int) ([]byte, bool) {
	return appendObjectAt(dst, kvs, max, 0)
}

// appendObjectAt is appendObject for an object whose values are inside
// depth containers.
func appendObjectAt(dst []byte, kvs []attribute.KeyValue, max, depth int) ([]byte, bool) {
	dst = append(dst, '{')
	invalid := invalidKeys(kvs)
	var last map[attribute.Key]int // for large objects, where a quadratic scan would be slow
	if len(kvs) > 32 && !invalid {
		last = make(map[attribute.Key]int, len(kvs))
		for i, kv := range kvs {
			last[kv.Key] = i
		}
	}
	var truncated, first = false, true
	for i, kv := range kvs {
		if last != nil && last[kv.Key] != i || last == nil && laterDuplicate(kvs, i, invalid) {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		var t bool
		dst = appendQuoted(dst, string(kv.Key))
		dst = append(dst, ':')
		dst, t = appendValueAt(dst, kv.Value, max, depth)
		truncated = truncated || t
	}
	return append(dst, '}'), truncated
}

// laterDuplicate reports whether kvs[i].Key appears again after i. With
// invalid set, keys that differ only in invalid UTF-8 count as the same,
// since both are written with U+FFFD.
func laterDuplicate(kvs []attribute.KeyValue, i int, invalid bool) bool {
	k := kvs[i].Key
	for _, kv := range kvs[i+1:] {
		if kv.Key == k || invalid && sameJSONKey(string(kv.Key), string(k)) {
			return true
		}
	}
	return false
}

// invalidKeys reports whether a key of kvs holds invalid UTF-8.
func invalidKeys(kvs []attribute.KeyValue) bool {
	for _, kv := range kvs {
		if !utf8.ValidString(string(kv.Key)) {
			return true
		}
	}
	return false
}

// sameJSONKey reports whether a and b are written as the same JSON string:
// each invalid byte becomes U+FFFD.
func sameJSONKey(a, b string) bool {
	for a != b {
		if a == "" || b == "" {
			return false
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return true
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load64 reads s[0:8] little-endian; the compiler merges it into one load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// special8 flags, with the high bit of each byte, the bytes of w that are
// not plain ASCII needing no escape: >= 0x80, < 0x20, '"' or '\\'. The
// lowest flag is exact (the borrow tricks can only add flags above a true
// one), which is all the caller uses.
func special8(w uint64) uint64 {
	q := w ^ ('"' * lsb)
	bs := w ^ ('\\' * lsb)
	return (w | (w-0x20*lsb)&^w | (q-lsb)&^q | (bs-lsb)&^bs) & msb
}
