package redact_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// discard is a next processor that does nothing.
type discard struct{}

func (discard) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discard) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discard) ForceFlush(context.Context) error                { return nil }
func (discard) Shutdown(context.Context) error                  { return nil }

// llmSpan is a realistic chat span: 12 attributes, a 1 KB prompt and a
// 400 B completion as gen_ai JSON messages. pii adds a few personal values.
func llmSpan(pii bool) sdktrace.ReadOnlySpan {
	prompt := strings.Repeat("Summarise the quarterly report for the board, focusing on revenue growth and churn. ", 12)[:1000]
	completion := strings.Repeat("Revenue grew 12% quarter on quarter while churn fell to 2.1%. ", 7)[:400]
	if pii {
		prompt = prompt[:900] + " Send it to jane.doe@example.com or call +1 415 555 0100."
		completion = completion[:350] + " SSN on file: 123-45-6789."
	}
	input := `[{"role":"system","parts":[{"type":"text","content":"You are a helpful analyst."}]},` +
		`{"role":"user","parts":[{"type":"text","content":"` + prompt + `"}]}]`
	output := `[{"role":"assistant","parts":[{"type":"text","content":"` + completion + `"}],"finish_reason":"stop"}]`
	return tracetest.SpanStub{
		Name:      "chat gpt-4o",
		StartTime: time.Unix(1700000000, 0),
		EndTime:   time.Unix(1700000001, 0),
		Attributes: []attribute.KeyValue{
			semconv.GenAIOperationName(semconv.OperationChat),
			semconv.GenAIProviderName(semconv.ProviderOpenAI),
			semconv.GenAIRequestModel("gpt-4o"),
			semconv.GenAIRequestTemperature(0.2),
			semconv.GenAIRequestMaxTokens(512),
			semconv.GenAIResponseModel("gpt-4o-2024-08-06"),
			semconv.GenAIResponseID("chatcmpl-9a8b7c6d5e"),
			semconv.GenAIResponseFinishReasons("stop"),
			semconv.GenAIUsageInputTokens(260),
			semconv.GenAIUsageOutputTokens(95),
			semconv.GenAIInputMessages(attribute.StringValue(input)),
			semconv.GenAIOutputMessages(attribute.StringValue(output)),
		},
	}.Snapshot()
}

func benchmarkOnEnd(b *testing.B, pii bool) { benchmarkOnEndWith(b, pii, false) }

func benchmarkOnEndWith(b *testing.B, pii, naive bool) {
	p, err := redact.NewProcessor(discard{})
	if err != nil {
		b.Fatal(err)
	}
	if naive {
		redact.UseNaiveFinder(p)
	}
	span := llmSpan(pii)
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		p.OnEnd(span)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "spans/s")
	if want := uint64(0); !pii && p.Stats().SpansRedacted != want {
		b.Fatalf("a clean span was redacted: %+v", p.Stats())
	}
}

// BenchmarkOnEndClean is the cost of a span with no personal data: a scan,
// no copy.
func BenchmarkOnEndClean(b *testing.B) { benchmarkOnEnd(b, false) }

// BenchmarkOnEndPII is the cost of a span with a few personal values: a
// scan and a redacted copy.
func BenchmarkOnEndPII(b *testing.B) { benchmarkOnEnd(b, true) }

// BenchmarkOnEndCleanNaive is BenchmarkOnEndClean with the naive detectors:
// one Go regexp per detector applied to every string (the same validators
// after), what a user would write instead of the scanner.
func BenchmarkOnEndCleanNaive(b *testing.B) { benchmarkOnEndWith(b, false, true) }
