package noveummcp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
)

// telemetry is one process's SDK providers, recording in memory.
type telemetry struct {
	rec    *tracetest.SpanRecorder
	ends   *endSignal
	tp     *sdktrace.TracerProvider
	reader *sdkmetric.ManualReader
	mp     *sdkmetric.MeterProvider
}

func newTelemetry(t testing.TB) *telemetry {
	t.Helper()
	tel := &telemetry{rec: tracetest.NewSpanRecorder(), ends: newEndSignal(), reader: sdkmetric.NewManualReader()}
	tel.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tel.rec), sdktrace.WithSpanProcessor(tel.ends))
	tel.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(tel.reader))
	t.Cleanup(func() {
		_ = tel.tp.Shutdown(context.Background())
		_ = tel.mp.Shutdown(context.Background())
	})
	return tel
}

// opts returns the options that record into tel, plus more.
func (tel *telemetry) opts(more ...noveummcp.Option) []noveummcp.Option {
	return append([]noveummcp.Option{noveummcp.WithTracerProvider(tel.tp), noveummcp.WithMeterProvider(tel.mp)}, more...)
}

// spans returns the ended spans named name of the given kind.
func (tel *telemetry) spans(name string, kind trace.SpanKind) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range tel.rec.Ended() {
		if s.Name() == name && s.SpanKind() == kind {
			out = append(out, s)
		}
	}
	return out
}

// span returns the one ended span named name of the given kind.
func (tel *telemetry) span(t *testing.T, name string, kind trace.SpanKind) sdktrace.ReadOnlySpan {
	t.Helper()
	got := tel.spans(name, kind)
	if len(got) != 1 {
		var all []string
		for _, s := range tel.rec.Ended() {
			all = append(all, s.SpanKind().String()+" "+s.Name())
		}
		t.Fatalf("%d %s spans %q, want 1; ended: %q", len(got), kind, name, all)
	}
	return got[0]
}

// histogram returns the data points of the histogram named name.
func (tel *telemetry) histogram(t *testing.T, name string) []metricdata.HistogramDataPoint[float64] {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := tel.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				h, ok := m.Data.(metricdata.Histogram[float64])
				if !ok {
					t.Fatalf("%s is a %T", name, m.Data)
				}
				return h.DataPoints
			}
		}
	}
	return nil
}

// endSignal is a SpanProcessor that closes a channel when a span of a
// given name and kind ends, so tests wait for the far side without sleeping.
type endSignal struct {
	mu      sync.Mutex
	waiting map[string]chan struct{}
}

func newEndSignal() *endSignal { return &endSignal{waiting: map[string]chan struct{}{}} }

func (e *endSignal) ch(name string, kind trace.SpanKind) chan struct{} {
	e.mu.Lock()
	defer e.mu.Unlock()
	k := kind.String() + " " + name
	c, ok := e.waiting[k]
	if !ok {
		c = make(chan struct{})
		e.waiting[k] = c
	}
	return c
}

// wait blocks until a span of that name and kind has ended.
func (e *endSignal) wait(t *testing.T, ctx context.Context, name string, kind trace.SpanKind) {
	t.Helper()
	select {
	case <-e.ch(name, kind):
	case <-ctx.Done():
		t.Fatalf("%s span %q never ended", kind, name)
	}
}

func (e *endSignal) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (e *endSignal) OnEnd(s sdktrace.ReadOnlySpan) {
	c := e.ch(s.Name(), s.SpanKind())
	e.mu.Lock()
	defer e.mu.Unlock()
	select {
	case <-c:
	default:
		close(c)
	}
}
func (e *endSignal) Shutdown(context.Context) error   { return nil }
func (e *endSignal) ForceFlush(context.Context) error { return nil }

// attrs returns a span's attributes by key.
func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// pointAttrs returns a data point's attributes as strings by key.
func pointAttrs(p metricdata.HistogramDataPoint[float64]) map[string]string {
	m := map[string]string{}
	for _, kv := range p.Attributes.ToSlice() {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

// transportKind is how a test connects client and server.
type transportKind string

const (
	inMemory       transportKind = "in-memory"
	streamableHTTP transportKind = "streamable-http"
)

// connect serves server to a session of client over the transport and
// returns the client session, closed at cleanup.
func connect(t *testing.T, kind transportKind, server *mcp.Server, client *mcp.Client) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	var ct mcp.Transport
	switch kind {
	case inMemory:
		c, s := mcp.NewInMemoryTransports()
		ss, err := server.Connect(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ss.Close() })
		ct = c
	case streamableHTTP:
		h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		ct = &mcp.StreamableClientTransport{Endpoint: srv.URL, MaxRetries: -1}
	}
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.Close() })
	return cs
}
