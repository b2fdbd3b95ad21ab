package noveumtrace_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

func loadConfigFile(t *testing.T, yaml string) config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "noveum-trace.yaml")
	require.NoError(t, os.WriteFile(path, []byte(yaml), 0o600))
	t.Setenv("NOVEUM_CONFIG_FILE", path)
	for _, v := range []string{"NOVEUM_CAPTURE_CONTENT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "NOVEUM_MAX_CONTENT_BYTES"} {
		t.Setenv(v, "")
	}
	cfg, err := config.Load(config.WithEndpoint("http://127.0.0.1:4319/api"))
	require.NoError(t, err)
	return cfg
}

// A price added in the config file prices calls, a built-in price it
// overrides changes, the others stay, and capture follows the file.
func TestLLMOptionsFromConfigFile(t *testing.T) {
	cfg := loadConfigFile(t, `
capture_content: SPAN_ONLY
max_content_bytes: 2KiB
prices:
  acme/support-model-v2:
    input: 1
    output: 2
  gpt-4o:
    input: 100
    output: 100
`)
	opts, err := noveumtrace.LLMOptions(cfg)
	require.NoError(t, err)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tracer := llm.NewTracer(append(opts, llm.WithTracerProvider(tp))...)
	assert.Equal(t, config.CaptureSpanOnly, tracer.CaptureContent())

	long := make([]byte, 10_000)
	for i := range long {
		long[i] = 'a'
	}
	for _, tc := range []struct {
		model string
		in    string
	}{{"support-model-v2", "hello"}, {"gpt-4o", "hello"}, {"gpt-4o-mini", string(long)}} {
		_, call := tracer.StartChat(context.Background(), llm.Request{Provider: "openai", Model: tc.model,
			Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(tc.in)}}}})
		call.RecordResponse(llm.Response{Usage: llm.Usage{InputTokens: llm.Tokens(1_000_000), OutputTokens: llm.Tokens(1_000_000)}})
		call.End(nil)
	}
	spans := exp.GetSpans()
	require.Len(t, spans, 3)
	costs := map[string]any{}
	for _, s := range spans {
		for _, kv := range s.Attributes {
			switch kv.Key {
			case "noveum.cost.total":
				costs[s.Name] = kv.Value.AsFloat64()
			case "gen_ai.input.messages":
				assert.LessOrEqual(t, len(kv.Value.AsString()), 2048, "the content budget from the file")
			}
		}
	}
	assert.Equal(t, map[string]any{
		"chat support-model-v2": 3.0,   // added by the file
		"chat gpt-4o":           200.0, // overridden by the file
		"chat gpt-4o-mini":      0.75,  // built in: $0.15 + $0.60
	}, costs)
	assert.Equal(t, int64(0), tracer.Unpriced())
}

func TestLLMOptionsRefusesAmbiguousPrices(t *testing.T) {
	cfg := loadConfigFile(t, `
prices:
  gpt-4o: {input: 1, output: 1}
  openai/GPT-4o: {input: 2, output: 2}
`)
	_, err := noveumtrace.LLMOptions(cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "noveumtrace: config Prices:")
}

func TestLLMOptionsDefaults(t *testing.T) {
	cfg := loadConfigFile(t, "environment: test\n")
	opts, err := noveumtrace.LLMOptions(cfg)
	require.NoError(t, err)
	tracer := llm.NewTracer(opts...)
	assert.Equal(t, config.CaptureNone, tracer.CaptureContent(), "content stays off by default")
}

// Left at its default, the content budget yields to a smaller
// MaxAttributeBytes, so the exporter never cuts captured JSON as text.
func TestLLMOptionsContentBudgetYieldsToAttributeLimit(t *testing.T) {
	cfg := loadConfigFile(t, "capture_content: true\nmax_attribute_bytes: 4KiB\n")
	opts, err := noveumtrace.LLMOptions(cfg)
	require.NoError(t, err)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tracer := llm.NewTracer(append(opts, llm.WithTracerProvider(tp))...)
	big := string(make([]byte, 20_000))
	_, call := tracer.StartChat(context.Background(), llm.Request{Provider: "openai", Model: "gpt-4o",
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(big)}}}})
	call.End(nil)
	var got int
	for _, kv := range exp.GetSpans()[0].Attributes {
		if kv.Key == "gen_ai.input.messages" {
			got = len(kv.Value.AsString())
		}
	}
	assert.Greater(t, got, 3000)
	assert.LessOrEqual(t, got, 4096)
}
