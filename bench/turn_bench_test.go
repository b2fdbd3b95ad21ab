package bench

import (
	"context"
	"sync"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/redact"
)

// BenchmarkTurnParts splits the application-side cost of one e2e turn: the
// helpers against the same spans written with raw attributes (no processor
// behind either), and the redactor's share on the helpers' spans.
func BenchmarkTurnParts(b *testing.B) {
	turns := turnFixture()
	ctx := context.Background()
	run := func(b *testing.B, tp *sdktrace.TracerProvider, raw bool) {
		prev := otel.GetTracerProvider()
		otel.SetTracerProvider(tp)
		b.Cleanup(func() { otel.SetTracerProvider(prev); _ = tp.Shutdown(ctx) })
		tr := tp.Tracer("bench")
		b.ReportAllocs()
		c0 := cpuTime()
		n := 0
		for i := 0; b.Loop(); i++ {
			n++
			c := &turns[i%len(turns)]
			if raw {
				otelTurn(ctx, tr, c)
			} else {
				noveumTurn(ctx, c)
			}
		}
		b.ReportMetric(float64(cpuTime()-c0)/float64(n), "cpu-ns/op")
	}
	b.Run("raw", func(b *testing.B) { run(b, sdktrace.NewTracerProvider(), true) })
	b.Run("helpers", func(b *testing.B) { run(b, sdktrace.NewTracerProvider(), false) })
	b.Run("raw+redact", func(b *testing.B) {
		p, err := redact.NewProcessor(nopProcessor{})
		if err != nil {
			b.Fatal(err)
		}
		run(b, sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p)), true)
	})
	b.Run("helpers+redact", func(b *testing.B) {
		p, err := redact.NewProcessor(nopProcessor{})
		if err != nil {
			b.Fatal(err)
		}
		run(b, sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p)), false)
	})
}

type nopProcessor struct{}

func (nopProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (nopProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (nopProcessor) Shutdown(context.Context) error                  { return nil }
func (nopProcessor) ForceFlush(context.Context) error                { return nil }

// BenchmarkRedactTurn is the redactor alone on the six spans of turns
// recorded once with the helpers.
func BenchmarkRedactTurn(b *testing.B) {
	spans := recordedTurns(b)
	p, err := redact.NewProcessor(nopProcessor{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	c0 := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		for _, s := range spans[(i%16)*spansPerTurn : (i%16+1)*spansPerTurn] {
			p.OnEnd(s)
		}
		n++
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(n), "cpu-ns/op")
}

// recordedTurns records 16 turns with the helpers, content captured as
// under Init. The helpers' default tracer follows the first provider set
// globally, so it is set once per process.
func recordedTurns(tb testing.TB) []sdktrace.ReadOnlySpan {
	recordOnce.Do(func() {
		tb.Setenv("NOVEUM_CAPTURE_CONTENT", "SPAN_ONLY")
		rec := tracetest.NewSpanRecorder()
		otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
		turns := turnFixture()
		for i := range 16 {
			noveumTurn(context.Background(), &turns[i])
		}
		recorded = rec.Ended()
	})
	if len(recorded) != 16*spansPerTurn {
		tb.Fatalf("recorded %d spans, want %d (another test set the global provider first)", len(recorded), 16*spansPerTurn)
	}
	return recorded
}

var (
	recordOnce sync.Once
	recorded   []sdktrace.ReadOnlySpan
)
