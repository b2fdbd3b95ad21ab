// Package envvalue parses the spellings of booleans and byte sizes that
// config accepts in environment variables and files. Other packages read
// the SDK's variables through config (CaptureFromEnv,
// MaxContentBytesFromEnv), never through this package.
package envvalue

import (
	"math"
	"strconv"
	"strings"
)

// ParseBool reads the boolean spellings the SDK accepts in environment
// variables: true/false, 1/0, yes/no, on/off, in any case.
func ParseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on":
		return true, true
	case "false", "0", "no", "off":
		return false, true
	}
	return false, false
}

// SizeUnits are the binary suffixes ParseSize accepts, largest first.
var SizeUnits = []struct {
	Suffix string
	Scale  int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}}

// ParseSize reads a whole number of bytes with an optional KiB, MiB or GiB
// suffix (any case, optionally after a space): "65536", "64KiB", "4 MiB".
func ParseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	scale := int64(1)
	for _, u := range SizeUnits {
		if len(s) > len(u.Suffix) && strings.EqualFold(s[len(s)-len(u.Suffix):], u.Suffix) {
			s, scale = strings.TrimSpace(s[:len(s)-len(u.Suffix)]), u.Scale
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > math.MaxInt64/scale || n < math.MinInt64/scale {
		return 0, false
	}
	return n * scale, true
}
