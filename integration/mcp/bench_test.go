package noveummcp_test

import (
	"context"
	"syscall"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
)

// cpuTime returns the CPU time the process has used, in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// discard is a SpanExporter that drops what it is given.
type discard struct{}

func (discard) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discard) Shutdown(context.Context) error                             { return nil }

// BenchmarkToolCall is one tools/call over the in-memory transport, with
// neither side instrumented and with both, recording into an SDK
// TracerProvider whose batched exporter discards and an SDK MeterProvider.
// The ratio of the two is the instrumentation's cost (target: 1.15x).
func BenchmarkToolCall(b *testing.B) {
	for _, instrumented := range []bool{false, true} {
		name := "uninstrumented"
		if instrumented {
			name = "instrumented"
		}
		b.Run(name, func(b *testing.B) {
			tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discard{}))
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			defer func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) }()
			ts := newToolServer()
			client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1"}, nil)
			if instrumented {
				opts := []noveummcp.Option{noveummcp.WithTracerProvider(tp), noveummcp.WithMeterProvider(mp)}
				noveummcp.InstrumentServer(ts.Server, opts...)
				noveummcp.InstrumentClient(client, opts...)
			}
			ctx := context.Background()
			ct, st := mcp.NewInMemoryTransports()
			ss, err := ts.Connect(ctx, st, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer ss.Close()
			cs, err := client.Connect(ctx, ct, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer cs.Close()
			// The caller's own span, as an agent would have.
			ctx, span := tp.Tracer("app").Start(ctx, "invoke_agent planner")
			defer span.End()
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}})
				if err != nil || res.IsError {
					b.Fatal(res, err)
				}
			}
			// CPU time (user + system, every goroutine) per call: on a
			// shared machine it moves far less than the wall clock.
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkMiddleware is the instrumentation alone: the client's sending
// middleware and the server's receiving middleware of one tools/call, the
// server reading the _meta the client wrote, around handlers that do
// nothing. What it costs is what instrumenting both sides adds to a call,
// without the transport's noise.
func BenchmarkMiddleware(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discard{}))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer func() { _ = tp.Shutdown(context.Background()); _ = mp.Shutdown(context.Background()) }()
	opts := []noveummcp.Option{noveummcp.WithTracerProvider(tp), noveummcp.WithMeterProvider(mp)}
	clientSending, _ := noveummcp.Middleware(opts...)
	_, serverReceiving := noveummcp.Middleware(opts...)
	result := &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "sunny"}}}
	server := serverReceiving(func(context.Context, string, mcp.Request) (mcp.Result, error) { return result, nil })
	ss := &mcp.ServerSession{}
	client := clientSending(func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		p := req.GetParams().(*mcp.CallToolParams)
		// What the server decodes: the same name, arguments and _meta.
		sp := &mcp.CallToolParamsRaw{Meta: p.Meta, Name: p.Name, Arguments: []byte(`{"city":"Paris"}`)}
		return server(context.Background(), method, &mcp.ServerRequest[*mcp.CallToolParamsRaw]{Session: ss, Params: sp})
	})
	cs := &mcp.ClientSession{}
	ctx, span := tp.Tracer("app").Start(context.Background(), "invoke_agent planner")
	defer span.End()
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		params := &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}
		if _, err := client(ctx, "tools/call", &mcp.ClientRequest[*mcp.CallToolParams]{Session: cs, Params: params}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}
