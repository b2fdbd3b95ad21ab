package wire

import (
	"encoding/base64"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

// The string encoder is jsontext's, shared with content capture: one set of
// escapes (those of encoding/json without its HTML escaping, U+2028 and
// U+2029 escaped) and one truncation note, "…[truncated N bytes]".

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
// follows the style of the truncation note (jsontext.TruncationMarker).
const depthMark = "…[truncated: nested deeper than 64 levels]"

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
		dst, truncated = jsontext.AppendStringHead(dst, v.AsString(), max)
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
		dst, t = jsontext.AppendStringHead(dst, s, max)
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
		dst = jsontext.AppendString(dst, string(kv.Key))
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
