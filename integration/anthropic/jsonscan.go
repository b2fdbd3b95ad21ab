package noveumanthropic

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// A small reader of JSON objects' top-level members. The middleware needs
// a handful of fields of bodies whose bulk (the messages, the content) it
// skips unless content is captured; walking the bytes costs a fraction of
// encoding/json's reflection, and a long prompt is skipped, not decoded.
// Values are handed over raw; a body the walk cannot follow stops it, with
// the members read so far kept.

// eachMember calls f with the raw key (quotes removed, escapes left as
// they are) and raw value of each member of the JSON object data, in
// order, until f returns false. It reports whether data was an object it
// could walk to its end.
func eachMember(data []byte, f func(key, value []byte) bool) bool {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return true
	}
	for i < len(data) {
		if data[i] != '"' {
			return false
		}
		end := skipString(data, i)
		if end < 0 {
			return false
		}
		key := data[i+1 : end-1]
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return false
		}
		i = skipSpace(data, i+1)
		end = skipValue(data, i)
		if end < 0 {
			return false
		}
		if !f(key, data[i:end]) {
			return true
		}
		i = skipSpace(data, end)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return true
		default:
			return false
		}
	}
	return false
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index after the string starting at data[i] (a
// quote), or -1 when it does not end.
func skipString(data []byte, i int) int {
	i++
	for {
		j := bytes.IndexByte(data[i:], '"')
		if j < 0 {
			return -1
		}
		i += j
		// The quote is escaped when an odd number of backslashes precede it.
		n := 0
		for k := i - 1; k >= 0 && data[k] == '\\'; k-- {
			n++
		}
		i++
		if n%2 == 0 {
			return i
		}
	}
}

// skipValue returns the index after the value starting at data[i], or -1
// when there is none. Objects and arrays are skipped by their brackets,
// strings inside them included; literals and numbers run to the next
// delimiter.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = skipString(data, i)
				if i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	case ',', ':', '}', ']':
		return -1
	}
	start := i
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			if i == start {
				return -1
			}
			return i
		}
		i++
	}
	return i
}

// jsonString returns the string value v, or "" when v is not a string
// (null included).
func jsonString(v []byte) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return ""
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1])
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return ""
	}
	return s
}

// plainJSONString returns the bytes between the quotes of the JSON string
// v when it has no escapes (they are then the string's value).
func plainJSONString(v []byte) ([]byte, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil, false
	}
	raw := v[1 : len(v)-1]
	if bytes.IndexByte(raw, '\\') >= 0 {
		return nil, false
	}
	return raw, true
}

// jsonStringOr is jsonString(v), except that it returns known, without
// copying v, when v is that string.
func jsonStringOr(v []byte, known string) string {
	if raw, ok := plainJSONString(v); ok && known != "" && string(raw) == known {
		return known
	}
	return jsonString(v)
}

// jsonInt returns the integer value v, and false when v is not an
// integer (null included).
func jsonInt(v []byte) (int64, bool) {
	if len(v) == 0 || len(v) > 19 {
		return 0, false
	}
	var n int64
	neg := v[0] == '-'
	digits := v
	if neg {
		digits = v[1:]
	}
	if len(digits) == 0 {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// jsonCount returns the integer value v as a token count, not reported
// when v is not an integer.
func jsonCount(v []byte) count {
	n, ok := jsonInt(v)
	return count{n: n, ok: ok}
}

// jsonFloat returns the number v, or nil when v is not a number.
func jsonFloat(v []byte) *float64 {
	if len(v) == 0 || !(v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) {
		return nil
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		return nil
	}
	return &f
}

// intPtr returns the integer value v as an *int, or nil when v is not an
// integer.
func intPtr(v []byte) *int {
	n, ok := jsonInt(v)
	if !ok {
		return nil
	}
	i := int(n)
	return &i
}

// readUsage reads a usage object; ok is false when v is not an object.
func readUsage(v []byte) (u usage, ok bool) {
	if len(v) == 0 || v[0] != '{' {
		return usage{}, false
	}
	eachMember(v, func(key, value []byte) bool {
		switch string(key) {
		case "input_tokens":
			u.input = jsonCount(value)
		case "output_tokens":
			u.output = jsonCount(value)
		case "cache_creation_input_tokens":
			u.cacheCreation = jsonCount(value)
		case "cache_read_input_tokens":
			u.cacheRead = jsonCount(value)
		case "output_tokens_details":
			eachMember(value, func(key, value []byte) bool {
				if string(key) == "thinking_tokens" {
					if c := jsonCount(value); c.ok {
						u.thinking = c
					}
				}
				return true
			})
		}
		return true
	})
	return u, true
}

// eachElement calls f with the raw value of each element of the JSON
// array data, in order. It reports whether data was an array it could
// walk to its end.
func eachElement(data []byte, f func(value []byte)) bool {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return true
	}
	for i < len(data) {
		end := skipValue(data, i)
		if end < 0 {
			return false
		}
		f(data[i:end])
		i = skipSpace(data, end)
		if i >= len(data) {
			return false
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case ']':
			return true
		default:
			return false
		}
	}
	return false
}
