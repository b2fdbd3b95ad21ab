package config

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/Noveum/noveum-trace-go/internal/envvalue"
)

// The capture modes are spelled once for users, by CaptureMode; the
// parser config shares with the helpers' environment reading must give
// back exactly those values, and accept nothing else as a mode name.
func TestCaptureModesAreTheParsersModes(t *testing.T) {
	modes := []CaptureMode{CaptureNone, CaptureSpanOnly, CaptureEventOnly, CaptureSpanAndEvent}
	for _, m := range modes {
		got, ok := envvalue.ParseCapture(string(m))
		assert.True(t, ok, m)
		assert.Equal(t, string(m), got)
		c := Default().With(WithEndpoint("http://127.0.0.1:4319/api"), WithCaptureContent(m))
		assert.NoError(t, c.Validate(), m)
	}
	for s, want := range map[string]CaptureMode{"true": CaptureSpanOnly, "false": CaptureNone, "span_and_event": CaptureSpanAndEvent} {
		got, ok := envvalue.ParseCapture(s)
		assert.True(t, ok, s)
		assert.Equal(t, string(want), got, s)
	}
	_, ok := envvalue.ParseCapture("SPANS")
	assert.False(t, ok)
}
