// Package capture reads the content-capture switch shared by config and llm:
// NOVEUM_CAPTURE_CONTENT, then the OpenTelemetry variable
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT, each either an enum
// (NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, any case) or a boolean
// (true meaning SPAN_ONLY).
package capture

import (
	"os"
	"strings"
)

// Mode values, spelled as the OpenTelemetry variable spells them.
const (
	None         = "NO_CONTENT"
	SpanOnly     = "SPAN_ONLY"
	EventOnly    = "EVENT_ONLY"
	SpanAndEvent = "SPAN_AND_EVENT"
)

// EnvVars are the variables read, the first set one winning.
var EnvVars = []string{"NOVEUM_CAPTURE_CONTENT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"}

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

// Parse reads a mode or a boolean and returns the mode's canonical spelling.
func Parse(s string) (mode string, ok bool) {
	if b, ok := ParseBool(s); ok {
		if b {
			return SpanOnly, true
		}
		return None, true
	}
	switch m := strings.ToUpper(strings.TrimSpace(s)); m {
	case None, SpanOnly, EventOnly, SpanAndEvent:
		return m, true
	}
	return "", false
}

// FromEnv returns the mode set in the environment. set is false when no
// variable is set (or all are empty); ok is false when the first set one
// holds a value Parse rejects, and name is that variable.
func FromEnv() (mode, name string, set, ok bool) {
	for _, name := range EnvVars {
		v, found := os.LookupEnv(name)
		if !found || strings.TrimSpace(v) == "" {
			continue
		}
		mode, ok := Parse(v)
		return mode, name, true, ok
	}
	return None, "", false, true
}
