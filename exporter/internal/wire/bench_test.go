package wire_test

import (
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

// llmSpan is a realistic chat span: a dozen gen_ai.* attributes, a 1 KB
// prompt and a 400 B completion.
func llmSpan() sdktrace.ReadOnlySpan {
	prompt := `[{"role":"system","parts":[{"type":"text","content":"You are a support assistant."}]},` +
		`{"role":"user","parts":[{"type":"text","content":"` + strings.Repeat("Where is my order? ", 50) + `"}]}]`
	prompt = prompt[:1024-3] + `"}]`
	completion := `[{"role":"assistant","parts":[{"type":"text","content":"` + strings.Repeat("It ships today. ", 21) + `"}],"finish_reason":"stop"}]`
	completion = completion[:400-3] + `"}]`
	s := stub("chat gpt-4o",
		op("chat"),
		attribute.String("gen_ai.provider.name", "openai"),
		attribute.String("gen_ai.request.model", "gpt-4o"),
		attribute.String("gen_ai.response.model", "gpt-4o-2024-08-06"),
		attribute.String("gen_ai.response.id", "chatcmpl-9x8y7z"),
		attribute.Float64("gen_ai.request.temperature", 0.2),
		attribute.Int("gen_ai.request.max_tokens", 512),
		attribute.Int("gen_ai.usage.input_tokens", 1200),
		attribute.Int("gen_ai.usage.output_tokens", 350),
		attribute.Int("gen_ai.usage.cache_read.input_tokens", 256),
		attribute.StringSlice("gen_ai.response.finish_reasons", []string{"stop"}),
		attribute.String("gen_ai.conversation.id", "conv-7"),
		attribute.String("gen_ai.input.messages", prompt),
		attribute.String("gen_ai.output.messages", completion),
		attribute.String("server.address", "api.openai.com"),
		attribute.Int("server.port", 443),
		attribute.Float64("noveum.cost.total", 0.0065),
	)
	s.SpanKind = trace.SpanKindClient
	s.Parent = spanCtx(tid1, sid(9), false)
	s.Status = sdktrace.Status{Code: codes.Ok}
	s.EndTime = s.StartTime.Add(1234 * time.Millisecond)
	return s.Snapshot()
}

func BenchmarkAppendSpan(b *testing.B) {
	span := llmSpan()
	enc := &wire.Encoder{Project: "proj", Environment: "bench", SDKVersion: "0.1.0", MaxValueBytes: 64 << 10}
	traceUUID := testIDs.Trace(tid1)
	parent := wire.SpanUUID(tid1, sid(9))
	var info wire.SpanInfo
	buf := make([]byte, 0, 8<<10)
	b.ReportAllocs()
	for b.Loop() {
		buf = enc.AppendSpan(buf[:0], span, traceUUID, &info)
		buf = wire.AppendParent(buf, &parent)
	}
	b.SetBytes(int64(len(buf)))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "spans/s")
}

// TestAppendSpanAllocs keeps the benchmark's promise in the ordinary test
// run: encoding a realistic span allocates at most once.
func TestAppendSpanAllocs(t *testing.T) {
	span := llmSpan()
	enc := &wire.Encoder{MaxValueBytes: 64 << 10}
	var info wire.SpanInfo
	buf := make([]byte, 0, 8<<10)
	allocs := testing.AllocsPerRun(100, func() {
		buf = enc.AppendSpan(buf[:0], span, testIDs.Trace(tid1), &info)
		buf = wire.AppendParent(buf, nil)
	})
	if allocs > 1 {
		t.Errorf("AppendSpan allocates %v times per span, want at most 1", allocs)
	}
	encodeBody(t, newEncoder(), nil, span) // and it is a valid body
}

// BenchmarkAppendString measures the string encoder on a value's hot path:
// prose with the odd escape and non-ASCII rune, and the same text cut to
// a bound (the marker path).
func BenchmarkAppendString(b *testing.B) {
	s := strings.Repeat("Plain prose with the odd \"quote\", an accent (é) and a newline.\n", 16)
	for _, bc := range []struct {
		name string
		max  int
	}{{"whole", 0}, {"cut", len(s) / 2}} {
		b.Run(bc.name, func(b *testing.B) {
			buf, _ := jsontext.AppendStringHead(nil, s, bc.max)
			b.SetBytes(int64(len(s)))
			b.ReportAllocs()
			for b.Loop() {
				buf, _ = jsontext.AppendStringHead(buf[:0], s, bc.max)
			}
		})
	}
}
