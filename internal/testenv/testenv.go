// Package testenv gives the tests of Init a clean process: no NOVEUM_* or
// OTel variable that would change the configuration, and the OTel globals
// and the helpers' defaults restored afterwards.
package testenv

import (
	"testing"

	"go.opentelemetry.io/otel"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/llm"
)

// vars are the variables that change what Init sets up.
var vars = []string{"NOVEUM_API_KEY", "NOVEUM_PROJECT", "NOVEUM_ENDPOINT", "NOVEUM_CONFIG_FILE", "NOVEUM_DISABLED",
	"NOVEUM_CAPTURE_CONTENT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "NOVEUM_REDACT", "NOVEUM_SAMPLE_RATE",
	"OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "NOVEUM_MAX_CONTENT_BYTES"}

// Clean clears the variables that would change Init's configuration for
// the test, and restores the OTel globals and the llm and agents defaults
// after it. Like t.Setenv, it cannot be used in parallel tests.
func Clean(t testing.TB) {
	t.Helper()
	for _, v := range vars {
		t.Setenv(v, "")
	}
	tp, prop := otel.GetTracerProvider(), otel.GetTextMapPropagator()
	t.Cleanup(func() {
		otel.SetTracerProvider(tp)
		otel.SetTextMapPropagator(prop)
		llm.SetDefault(nil)
		agents.SetDefault(nil)
	})
}
