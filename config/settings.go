package config

import (
	"fmt"
	"os"
)

// DefaultMaxContentBytes is the default of MaxContentBytes, 64 KiB: the
// byte budget of one captured content attribute, for Config and for the
// llm and agents Tracers alike.
const DefaultMaxContentBytes = 64 << 10

// Valid reports whether m is one of the four capture modes.
func (m CaptureMode) Valid() bool {
	switch m {
	case CaptureNone, CaptureSpanOnly, CaptureEventOnly, CaptureSpanAndEvent:
		return true
	}
	return false
}

// OnSpans reports whether m records content as span attributes
// (SPAN_ONLY or SPAN_AND_EVENT).
func (m CaptureMode) OnSpans() bool { return m == CaptureSpanOnly || m == CaptureSpanAndEvent }

// OnEvents reports whether m records content as events (EVENT_ONLY or
// SPAN_AND_EVENT).
func (m CaptureMode) OnEvents() bool { return m == CaptureEventOnly || m == CaptureSpanAndEvent }

// CaptureFromEnv returns the capture mode the environment sets:
// NOVEUM_CAPTURE_CONTENT, or else
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT, each a mode (any case)
// or a boolean (true meaning SPAN_ONLY). set is false when neither is set.
// A value that is neither gives CaptureNone and an error that names the
// variable (never its value) and the fix. Load reads the same variables;
// CaptureFromEnv is for the helpers that read the environment without a
// Config.
func CaptureFromEnv() (mode CaptureMode, set bool, err error) {
	c := Default()
	name, p := loadEnvField(&c, os.LookupEnv, fCaptureContent)
	if p != nil {
		return CaptureNone, true, fmt.Errorf("%s is not a capture mode: recording no content; use NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, true or false", name)
	}
	return c.CaptureContent, name != "", nil
}

// MaxContentBytesFromEnv returns the content budget NOVEUM_MAX_CONTENT_BYTES
// sets, or DefaultMaxContentBytes when it is not set. A value that is not a
// size from 1KiB to 64MiB gives DefaultMaxContentBytes and an error that
// names the variable (never its value) and the fix.
func MaxContentBytesFromEnv() (int, error) {
	c := Default()
	name, p := loadEnvField(&c, os.LookupEnv, fMaxContentBytes)
	if n := c.MaxContentBytes; p == nil && n >= minContentBytes && n <= maxContentBytes {
		return n, nil
	}
	return DefaultMaxContentBytes, fmt.Errorf("%s is not a size from 1KiB to 64MiB, such as 64KiB: using %d", name, DefaultMaxContentBytes)
}
