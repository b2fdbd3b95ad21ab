package noveumtrace_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
)

// Tool arguments are recorded exactly when the configuration puts content
// on spans.
func TestAgentsOptions(t *testing.T) {
	for mode, want := range map[string]bool{"SPAN_ONLY": true, "SPAN_AND_EVENT": true, "EVENT_ONLY": false, "NO_CONTENT": false} {
		cfg := loadConfigFile(t, "capture_content: "+mode+"\n")
		exp := tracetest.NewInMemoryExporter()
		tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
		tracer := agents.NewTracer(append(noveumtrace.AgentsOptions(cfg), agents.WithTracerProvider(tp))...)
		assert.Equal(t, config.CaptureMode(mode), tracer.CaptureContent())
		_, call := tracer.ExecuteTool(context.Background(), agents.Tool{Name: "t", Arguments: []byte(`{"q":1}`)})
		call.End(nil)
		recorded := false
		for _, kv := range exp.GetSpans()[0].Attributes {
			recorded = recorded || kv.Key == "gen_ai.tool.call.arguments"
		}
		assert.Equal(t, want, recorded, mode)
	}
}
