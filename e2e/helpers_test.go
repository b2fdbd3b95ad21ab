package e2e_test

import (
	"testing"

	"go.opentelemetry.io/otel"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/llm"
)

// cleanEnv clears the variables that would change Init's configuration, and
// restores the OTel globals and the helpers' defaults after the test.
func cleanEnv(t *testing.T) {
	t.Helper()
	for _, v := range []string{"NOVEUM_API_KEY", "NOVEUM_PROJECT", "NOVEUM_ENDPOINT", "NOVEUM_CONFIG_FILE", "NOVEUM_DISABLED",
		"NOVEUM_CAPTURE_CONTENT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "NOVEUM_REDACT", "NOVEUM_SAMPLE_RATE",
		"OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "NOVEUM_MAX_CONTENT_BYTES"} {
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
