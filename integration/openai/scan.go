package noveumopenai

import (
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// A minimal JSON walker for the hot path of streams: it finds the fields of
// an object and the elements of an array as raw JSON text, without
// allocating and without decoding the values it skips (numbers, strings
// with escapes). Values it needs are then decoded on their own. Invalid
// JSON ends the walk early; it never panics.

// walkObject walks the JSON object that starts at s[i]: for each field it
// calls f with the key (raw, without quotes) and the index where the value
// starts; f returns the index after the value, or -1 to stop. walkObject
// returns the index after the object, or -1 when it stopped or the JSON is
// invalid. Letting f consume the value means nested values are scanned
// once.
func walkObject(s string, i int, f func(key string, v int) int) int {
	i = skipSpace(s, i)
	if i >= len(s) || s[i] != '{' {
		return -1
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return i + 1
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return -1
		}
		kEnd := stringEnd(s, i)
		if kEnd < 0 {
			return -1
		}
		key := s[i+1 : kEnd-1]
		i = skipSpace(s, kEnd)
		if i >= len(s) || s[i] != ':' {
			return -1
		}
		if i = f(key, skipSpace(s, i+1)); i < 0 {
			return -1
		}
		i = skipSpace(s, i)
		if i < len(s) && s[i] == '}' {
			return i + 1
		}
		if i >= len(s) || s[i] != ',' {
			return -1
		}
		i = skipSpace(s, i+1)
	}
}

// walkArray walks the JSON array that starts at s[i], calling f with the
// index where each element starts; f returns the index after it, or -1 to
// stop. It returns the index after the array, or -1.
func walkArray(s string, i int, f func(v int) int) int {
	i = skipSpace(s, i)
	if i >= len(s) || s[i] != '[' {
		return -1
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == ']' {
		return i + 1
	}
	for {
		if i = f(i); i < 0 {
			return -1
		}
		i = skipSpace(s, i)
		if i < len(s) && s[i] == ']' {
			return i + 1
		}
		if i >= len(s) || s[i] != ',' {
			return -1
		}
		i = skipSpace(s, i+1)
	}
}

// eachField calls f with the raw key (without its quotes) and the raw value
// of each field of the JSON object s, until f returns false.
func eachField(s string, f func(key, val string) bool) {
	walkObject(s, 0, func(key string, v int) int {
		e := valueEnd(s, v)
		if e < 0 || !f(key, s[v:e]) {
			return -1
		}
		return e
	})
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
		i++
	}
	return i
}

// stringEnd returns the index after the closing quote of the string that
// starts at s[i], or -1.
func stringEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++ // the escaped byte
		case '"':
			return j + 1
		}
	}
	return -1
}

// valueEnd returns the index after the JSON value that starts at s[i], or
// -1.
func valueEnd(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	switch s[i] {
	case '"':
		return stringEnd(s, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(s); j++ {
			switch s[j] {
			case '"':
				e := stringEnd(s, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(s) && s[j] != ',' && s[j] != '}' && s[j] != ']' && s[j] != ' ' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t' {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

// rawString returns the content of the raw JSON string v when it has no
// escapes (the common case for ids, models and finish reasons), or its
// decoded copy; ok is false when v is not a string.
func rawString(v string) (s string, ok bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	inner := v[1 : len(v)-1]
	if strings.IndexByte(inner, '\\') < 0 {
		return inner, true
	}
	return gjson.Parse(v).Str, true // JSON escapes: decoded into a new string
}

// rawInt returns the raw JSON number v as an int, or -1.
func rawInt(v string) int {
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}
