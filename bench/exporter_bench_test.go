package bench

import (
	"context"
	"encoding/binary"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
)

// fixture is the batch every benchmark exports: 64 agent runs of 8 spans.
var fixture = sync.OnceValue(func() []sdktrace.ReadOnlySpan {
	return stubSpans(fixtureTraces(tracesPerBatch), time.Date(2026, 11, 26, 21, 15, 3, 0, time.UTC))
})

// epochSpan is a fixture span whose trace id changes with every benchmark
// iteration. Noveum traces are write-once, so exporting the same trace ids
// again would make the exporter send continuation traces, which is not the
// steady state of a real service. Span ids are kept. SpanContext and Parent
// do not allocate.
type epochSpan struct {
	sdktrace.ReadOnlySpan
	epoch *atomic.Uint64
}

func (s *epochSpan) SpanContext() trace.SpanContext { return s.shift(s.ReadOnlySpan.SpanContext()) }

func (s *epochSpan) Parent() trace.SpanContext {
	p := s.ReadOnlySpan.Parent()
	if !p.IsValid() {
		return p
	}
	return s.shift(p)
}

func (s *epochSpan) shift(sc trace.SpanContext) trace.SpanContext {
	tid := sc.TraceID()
	binary.BigEndian.PutUint64(tid[8:], binary.BigEndian.Uint64(tid[8:])^s.epoch.Load())
	return sc.WithTraceID(tid)
}

// epochSpans wraps the fixture so that its trace ids follow epoch.
func epochSpans(epoch *atomic.Uint64) []sdktrace.ReadOnlySpan {
	base := fixture()
	out := make([]sdktrace.ReadOnlySpan, len(base))
	for i, s := range base {
		out[i] = &epochSpan{ReadOnlySpan: s, epoch: epoch}
	}
	return out
}

// epochRing holds copies of the fixture, each with an epoch of its own. The
// Noveum exporter reads a span after ExportSpans returns, so a batch must
// keep its ids until then: iteration i uses copy i%len, whose previous use
// is far behind the exporter's queue (ringSize batches > QueueSize spans).
type epochRing struct {
	epochs [ringSize]atomic.Uint64
	sets   [ringSize][]sdktrace.ReadOnlySpan
}

const ringSize = 64

func newEpochRing() *epochRing {
	r := &epochRing{}
	for i := range r.sets {
		r.sets[i] = epochSpans(&r.epochs[i])
	}
	return r
}

// batch returns the spans for iteration it, with trace ids unique to it.
func (r *epochRing) batch(it uint64) []sdktrace.ReadOnlySpan {
	k := it % ringSize
	r.epochs[k].Store(it + 1)
	return r.sets[k]
}

// exportFunc exports one batch and returns once the sink has received it.
type exportFunc func(ctx context.Context, spans []sdktrace.ReadOnlySpan) error

// BenchmarkExport exports the same 512 LLM spans per iteration with the
// Noveum exporter and with otlptracehttp, to a loopback sink.
func BenchmarkExport(b *testing.B) {
	for _, gzip := range []bool{false, true} {
		comp := "none"
		if gzip {
			comp = "gzip"
		}
		b.Run("noveum/"+comp, func(b *testing.B) {
			s := newSink(b)
			exp, errs := newNoveum(b, s.URL, gzip)
			runExport(b, s, func(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
				if err := exp.ExportSpans(ctx, spans); err != nil {
					return err
				}
				return exp.ForceFlush(ctx)
			})
			if err := errs(); err != nil {
				b.Fatal(err)
			}
			if st := exp.Stats(); st.DroppedSpans() != 0 || st.ContinuationTraces != 0 || st.SpansPending != 0 {
				b.Fatalf("not a clean steady state: %+v", st)
			}
		})
		b.Run("noveum-stream/"+comp, func(b *testing.B) {
			// Sustained throughput: ExportSpans only queues, so the caller
			// goes on while earlier batches are encoded and sent. One
			// ForceFlush at the end, inside the timing, delivers the rest.
			s := newSink(b)
			exp, errs := newNoveum(b, s.URL, gzip, config.WithBatchDelay(50*time.Millisecond))
			runExportThen(b, s, exp.ExportSpans, exp.ForceFlush)
			if err := errs(); err != nil {
				b.Fatal(err)
			}
			if st := exp.Stats(); st.DroppedSpans() != 0 || st.ContinuationTraces != 0 || st.SpansPending != 0 {
				b.Fatalf("not a clean steady state: %+v", st)
			}
		})
		b.Run("otlp/"+comp, func(b *testing.B) {
			s := newSink(b)
			exp := newOTLP(b, s.URL, gzip)
			runExport(b, s, exp.ExportSpans)
		})
	}
}

// runExport times export of the fixture and reports throughput, allocations
// per span (everything allocated in the process, the sink's share included)
// and bytes on the wire per span.
func runExport(b *testing.B, s *sink, export exportFunc) {
	runExportThen(b, s, export, nil)
}

// runExportThen is runExport with a finish step after the loop (a flush),
// whose time counts in the throughput.
func runExportThen(b *testing.B, s *sink, export exportFunc, finish func(context.Context) error) {
	ctx := context.Background()
	ring := newEpochRing()
	var it uint64
	for range 3 { // warm up connections, buffers and pools
		it++
		if err := export(ctx, ring.batch(it)); err != nil {
			b.Fatal(err)
		}
	}
	bytes0 := s.bytes.Load()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs0 := ms.Mallocs

	if finish != nil {
		if err := finish(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	iters := 0
	start := time.Now()
	for b.Loop() {
		it++
		if err := export(ctx, ring.batch(it)); err != nil {
			b.Fatal(err)
		}
		iters++
	}
	if finish != nil {
		if err := finish(ctx); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&ms)

	n := float64(iters * spansPerBatch)
	b.ReportMetric(n/elapsed.Seconds(), "spans/s")
	b.ReportMetric(float64(ms.Mallocs-mallocs0)/n, "allocs/span")
	b.ReportMetric(float64(s.bytes.Load()-bytes0)/n, "wire-B/span")
}

// newNoveum returns an exporter that sends only when flushed, and a function
// returning the errors it reported.
func newNoveum(tb testing.TB, url string, gzip bool, extra ...config.Option) (*exporter.Exporter, func() error) {
	var mu sync.Mutex
	var reported []error
	opts := []exporter.Option{
		exporter.WithEndpoint(url + "/api"),
		exporter.WithProject("support-bot"),
		exporter.WithEnvironment("staging"),
		exporter.WithConfigOptions(
			config.WithBatchDelay(time.Minute), // only ForceFlush closes a batch
			config.WithTraceGrace(0),           // a trace is complete when its root ends
			config.WithRetryBudget(0),
		),
		exporter.WithErrorHandler(func(err error) {
			mu.Lock()
			reported = append(reported, err)
			mu.Unlock()
		}),
	}
	opts = append(opts, exporter.WithConfigOptions(extra...))
	if gzip {
		opts = append(opts, exporter.WithGzip())
	} else {
		opts = append(opts, exporter.WithConfigOptions(config.WithCompression(config.CompressionNone)))
	}
	exp, err := exporter.New(context.Background(), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := exp.Shutdown(context.Background()); err != nil {
			tb.Error(err)
		}
	})
	return exp, func() error {
		mu.Lock()
		defer mu.Unlock()
		return errors.Join(reported...)
	}
}

func newOTLP(tb testing.TB, url string, gzip bool) sdktrace.SpanExporter {
	opts := []otlptracehttp.Option{
		otlptracehttp.WithEndpointURL(url + "/v1/traces"),
		otlptracehttp.WithInsecure(),
	}
	if gzip {
		opts = append(opts, otlptracehttp.WithCompression(otlptracehttp.GzipCompression))
	}
	exp, err := otlptracehttp.New(context.Background(), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := exp.Shutdown(context.Background()); err != nil {
			tb.Error(err)
		}
	})
	return exp
}
