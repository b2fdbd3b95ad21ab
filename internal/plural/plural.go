// Package plural writes counts with their noun in the right number, for
// every message and page a user reads: "1 span", "2 spans", "0 batches".
package plural

import (
	"strconv"
	"strings"
)

// Integer is any integer type.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// Count returns n and noun, the noun in the plural unless n is 1:
// Count(1, "span") is "1 span", Count(3, "span") "3 spans".
func Count[T Integer](n T, noun string) string {
	if n < 0 {
		return "-" + strconv.FormatUint(uint64(-int64(n)), 10) + " " + Noun(n, noun)
	}
	return strconv.FormatUint(uint64(n), 10) + " " + Noun(n, noun)
}

// Noun returns noun in the singular when n is 1, in the plural otherwise
// (regular English plurals: "span" -> "spans", "batch" -> "batches").
func Noun[T Integer](n T, noun string) string {
	if n == 1 || noun == "" {
		return noun
	}
	for _, suffix := range []string{"s", "x", "z", "ch", "sh"} {
		if strings.HasSuffix(noun, suffix) {
			return noun + "es"
		}
	}
	return noun + "s"
}
