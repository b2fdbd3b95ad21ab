// Package envvalue parses the environment values of config: booleans, byte
// sizes, and the content-capture switch, NOVEUM_CAPTURE_CONTENT then the
// OpenTelemetry variable OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT,
// each either a mode (NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, any
// case) or a boolean (true meaning SPAN_ONLY).
//
// config imports it, so it cannot import config: its capture spellings are
// config.CaptureMode's values, as a test in config pins. Other packages
// read these variables through config (CaptureFromEnv,
// MaxContentBytesFromEnv), not through this package.
package envvalue

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
)

// Capture modes, spelled as the OpenTelemetry variable spells them: the
// values of config.CaptureMode.
const (
	CaptureNone         = "NO_CONTENT"
	CaptureSpanOnly     = "SPAN_ONLY"
	CaptureEventOnly    = "EVENT_ONLY"
	CaptureSpanAndEvent = "SPAN_AND_EVENT"
)

// CaptureEnvVars are the variables of the capture switch, the first set one
// winning.
var CaptureEnvVars = []string{"NOVEUM_CAPTURE_CONTENT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"}

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

// ParseCapture reads a capture mode or a boolean and returns the mode's
// canonical spelling.
func ParseCapture(s string) (mode string, ok bool) {
	if b, ok := ParseBool(s); ok {
		if b {
			return CaptureSpanOnly, true
		}
		return CaptureNone, true
	}
	switch m := strings.ToUpper(strings.TrimSpace(s)); m {
	case CaptureNone, CaptureSpanOnly, CaptureEventOnly, CaptureSpanAndEvent:
		return m, true
	}
	return "", false
}

// CaptureFromEnv returns the capture mode set in the environment. set is
// false when no variable is set (or all are empty); ok is false when the
// first set one holds a value ParseCapture rejects, and name is that
// variable.
func CaptureFromEnv() (mode, name string, set, ok bool) {
	for _, name := range CaptureEnvVars {
		v, found := os.LookupEnv(name)
		if !found || strings.TrimSpace(v) == "" {
			continue
		}
		mode, ok := ParseCapture(v)
		return mode, name, true, ok
	}
	return CaptureNone, "", false, true
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

// ContentLimitEnv holds the byte budget of captured content.
const ContentLimitEnv = "NOVEUM_MAX_CONTENT_BYTES"

// ContentLimitFromEnv returns the content budget set in ContentLimitEnv, or
// def when it is not set. A value that is not a size from 1KiB to 64MiB
// gives def and an error naming the variable (never its value) and the
// fix.
func ContentLimitFromEnv(def int) (int, error) {
	v := strings.TrimSpace(os.Getenv(ContentLimitEnv))
	if v == "" {
		return def, nil
	}
	if n, ok := ParseSize(v); ok && n >= 1<<10 && n <= 64<<20 {
		return int(n), nil
	}
	return def, fmt.Errorf("%s is not a size from 1KiB to 64MiB, such as 64KiB: using %d", ContentLimitEnv, def)
}
