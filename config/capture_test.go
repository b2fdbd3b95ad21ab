package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCapture(t *testing.T) {
	for in, want := range map[string]CaptureMode{
		"true": CaptureSpanOnly, "1": CaptureSpanOnly, "ON": CaptureSpanOnly, "yes": CaptureSpanOnly,
		"false": CaptureNone, "0": CaptureNone, "off": CaptureNone, "No": CaptureNone,
		"no_content": CaptureNone, "SPAN_ONLY": CaptureSpanOnly, "event_only": CaptureEventOnly,
		" Span_And_Event ": CaptureSpanAndEvent,
	} {
		got, ok := parseCapture(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "maybe", "SPAN", "2"} {
		_, ok := parseCapture(in)
		assert.False(t, ok, in)
	}
}

// CaptureFromEnv reads the variables Load reads, with the same precedence
// and parsing, and its error names the variable, never the value.
func TestCaptureFromEnv(t *testing.T) {
	for _, tc := range []struct {
		noveum, otel string
		mode         CaptureMode
		set, bad     bool
	}{
		{"", "", CaptureNone, false, false},
		{"", "true", CaptureSpanOnly, true, false},
		{"EVENT_ONLY", "true", CaptureEventOnly, true, false},
		{"false", "SPAN_AND_EVENT", CaptureNone, true, false},
		{"bogus-value", "true", CaptureNone, true, true},
		{"  ", "span_only", CaptureSpanOnly, true, false},
	} {
		t.Setenv("NOVEUM_CAPTURE_CONTENT", tc.noveum)
		t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", tc.otel)
		mode, set, err := CaptureFromEnv()
		assert.Equal(t, tc.mode, mode, tc)
		assert.Equal(t, tc.set, set, tc)
		if tc.bad {
			require.Error(t, err)
			assert.Contains(t, err.Error(), "NOVEUM_CAPTURE_CONTENT")
			assert.NotContains(t, err.Error(), "bogus-value")
		} else {
			assert.NoError(t, err)
		}
	}
}

func TestMaxContentBytesFromEnv(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want int
		bad  bool
	}{
		{"", DefaultMaxContentBytes, false},
		{"1KiB", 1 << 10, false},
		{" 2048 ", 2048, false},
		{"1MiB", 1 << 20, false},
		{"64MiB", 64 << 20, false},
		{"1023", DefaultMaxContentBytes, true},
		{"65MiB", DefaultMaxContentBytes, true},
		{"lots", DefaultMaxContentBytes, true},
	} {
		t.Setenv("NOVEUM_MAX_CONTENT_BYTES", tc.v)
		got, err := MaxContentBytesFromEnv()
		assert.Equal(t, tc.want, got, tc.v)
		if tc.bad {
			require.Error(t, err, tc.v)
			assert.Contains(t, err.Error(), "NOVEUM_MAX_CONTENT_BYTES")
		} else {
			assert.NoError(t, err, tc.v)
		}
	}
}
