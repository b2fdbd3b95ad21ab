package noveummcp_test

import (
	"context"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
)

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
			for b.Loop() {
				res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}})
				if err != nil || res.IsError {
					b.Fatal(res, err)
				}
			}
		})
	}
}
