package llm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/llm"
)

// fixture is a Tracer recording into memory, with a clock the test moves.
type fixture struct {
	t      *testing.T
	tracer *llm.Tracer
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	clock  *clock
}

// clock is a fake time source: it returns the current time and moves only
// when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

var epoch = time.Date(2026, 11, 26, 21, 15, 3, 0, time.UTC)

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newFixture(t *testing.T, opts ...llm.Option) *fixture {
	t.Helper()
	// The environment must not switch capture on behind a test's back.
	t.Setenv("NOVEUM_CAPTURE_CONTENT", "")
	t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "")
	t.Setenv("NOVEUM_MAX_CONTENT_BYTES", "")
	f := &fixture{t: t, spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader(),
		clock: &clock{now: epoch}}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(f.reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	base := []llm.Option{llm.WithTracerProvider(tp), llm.WithMeterProvider(mp), llm.WithClock(f.clock.Now)}
	f.tracer = llm.NewTracer(append(base, opts...)...)
	return f
}

// only returns the single ended span.
func (f *fixture) only() sdktrace.ReadOnlySpan {
	f.t.Helper()
	ended := f.spans.Ended()
	if len(ended) != 1 {
		f.t.Fatalf("%d spans ended, want 1", len(ended))
	}
	return ended[0]
}

// attrs returns a span's attributes as a map of key to value.
func attrs(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

// keys returns the sorted keys of m.
func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// decode parses a JSON-valued attribute, failing the test when it is not
// valid JSON.
func decode(t *testing.T, v any) any {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("attribute is %T, want a JSON string", v)
	}
	var out any
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("attribute is not valid JSON: %v\n%s", err, s)
	}
	return out
}

// histogram returns the data points of the float or int histogram named
// name, collected now.
func (f *fixture) histogram(name string) []histPoint {
	f.t.Helper()
	var rm metricdata.ResourceMetrics
	if err := f.reader.Collect(context.Background(), &rm); err != nil {
		f.t.Fatal(err)
	}
	var out []histPoint
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			switch d := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					out = append(out, histPoint{attrs: attrs(p.Attributes.ToSlice()), count: p.Count, sum: p.Sum, bounds: p.Bounds})
				}
			case metricdata.Histogram[int64]:
				for _, p := range d.DataPoints {
					out = append(out, histPoint{attrs: attrs(p.Attributes.ToSlice()), count: p.Count, sum: float64(p.Sum), bounds: p.Bounds})
				}
			default:
				f.t.Fatalf("metric %s is %T, want a histogram", name, m.Data)
			}
		}
	}
	return out
}

type histPoint struct {
	attrs  map[string]any
	count  uint64
	sum    float64
	bounds []float64
}

func (p histPoint) String() string { return fmt.Sprintf("%v count=%d sum=%g", p.attrs, p.count, p.sum) }

type sdkSamplingParameters = sdktrace.SamplingParameters

// samplerFunc samples everything and shows f what it was asked.
type samplerFunc func(sdktrace.SamplingParameters)

func (f samplerFunc) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	f(p)
	return sdktrace.SamplingResult{Decision: sdktrace.RecordAndSample}
}

func (samplerFunc) Description() string { return "test sampler" }

func newSampledFixture(t *testing.T, s sdktrace.Sampler, opts ...llm.Option) *fixture {
	t.Helper()
	f := &fixture{t: t, spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader(), clock: &clock{now: epoch}}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f.spans), sdktrace.WithSampler(s))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	f.tracer = llm.NewTracer(append([]llm.Option{llm.WithTracerProvider(tp), llm.WithClock(f.clock.Now)}, opts...)...)
	return f
}

// plain returns v as plain Go values: maps and slices of attribute values
// become map[string]any and []any, recursively.
func plain(v attribute.Value) any {
	switch v.Type() {
	case attribute.MAP:
		m := map[string]any{}
		for _, kv := range v.AsMap() {
			m[string(kv.Key)] = plain(kv.Value)
		}
		return m
	case attribute.SLICE:
		out := []any{}
		for _, e := range v.AsSlice() {
			out = append(out, plain(e))
		}
		return out
	}
	return v.AsInterface()
}

// plainAttrs is attrs with structured values made plain.
func plainAttrs(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = plain(kv.Value)
	}
	return m
}

// eventNames returns the names of events called name.
func eventNames(events []sdktrace.Event, name string) []string {
	var out []string
	for _, ev := range events {
		if ev.Name == name {
			out = append(out, ev.Name)
		}
	}
	return out
}
