package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
)

// TestMemoryBoundShapes holds the exporter's memory to the budget whatever
// the spans carry, with the endpoint stalled: the budget counts what is
// really held, so the heap grows by at most the budget plus 10%, and what
// does not fit is dropped and counted. Each shape once defeated an estimate:
// large string slices, content as a slice of maps, and many small traces
// whose root never ends.
func TestMemoryBoundShapes(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates hundreds of MiB")
	}
	const budget = 8 << 20
	big := make([]string, 10)
	for i := range big {
		big[i] = strings.Repeat(string(rune('a'+i)), 100<<10) // 1 MiB a span
	}
	msgs := make([]attribute.Value, 64)
	for i := range msgs {
		msgs[i] = attribute.MapValue(attribute.String("role", "user"),
			attribute.KeyValue{Key: "parts", Value: attribute.SliceValue(attribute.MapValue(
				attribute.String("type", "text"), attribute.String("content", strings.Repeat("m", 8<<10))))}) // 512 KiB a span
	}
	shapes := []struct {
		name  string
		spans int
		emit  func(tr trace.Tracer, i int)
	}{
		{"string slices", 40, func(tr trace.Tracer, i int) {
			_, s := tr.Start(context.Background(), "big", trace.WithAttributes(attribute.StringSlice("docs", big)))
			s.End()
		}},
		{"slice of maps", 80, func(tr trace.Tracer, i int) {
			_, s := tr.Start(context.Background(), "chat m", trace.WithAttributes(
				attribute.String("gen_ai.operation.name", "chat"),
				attribute.KeyValue{Key: "gen_ai.input.messages", Value: attribute.SliceValue(msgs...)}))
			s.End()
		}},
		{"small open traces", 10_000, func(tr trace.Tracer, i int) {
			ctx, root := tr.Start(context.Background(), "request") // never ends: the trace stays open
			_ = root
			_, s := tr.Start(ctx, fmt.Sprintf("step %d", i), trace.WithAttributes(attribute.String("k", "v")))
			s.End()
		}},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			release := make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-release:
				case <-r.Context().Done():
				}
				_, _ = io.Copy(io.Discard, r.Body)
			}))
			defer srv.Close()
			exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL+"/api"), exporter.WithProject("p"),
				exporter.WithErrorHandler(func(error) {}),
				exporter.WithConfigOptions(config.WithMaxBufferBytes(budget), config.WithCompression(config.CompressionNone)))
			if err != nil {
				t.Fatal(err)
			}
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp), sdktrace.WithRawSpanLimits(sdktrace.SpanLimits{AttributeValueLengthLimit: -1, AttributeCountLimit: -1, EventCountLimit: -1, LinkCountLimit: -1, AttributePerEventCountLimit: -1, AttributePerLinkCountLimit: -1}))
			stop := sync.OnceFunc(func() {
				close(release)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				_ = tp.Shutdown(ctx)
			})
			defer stop()
			tr := tp.Tracer("shapes")

			before := heapAfterGC()
			for i := range sh.spans {
				sh.emit(tr, i)
			}
			quiesce(exp)
			after := heapAfterGC()
			st := exp.Stats()
			growth := int64(after) - int64(before)
			t.Logf("heap growth %.1f MiB, BufferedBytes %.1f MiB, budget %d MiB; sent %d dropped %v",
				float64(growth)/(1<<20), float64(st.BufferedBytes)/(1<<20), budget>>20, st.SpansSent, st.SpansDropped)
			if st.BufferedBytes > budget+budget/10 {
				t.Errorf("BufferedBytes %d is over the budget %d plus 10%%", st.BufferedBytes, budget)
			}
			if !raceEnabled && growth > budget+budget/10 {
				t.Errorf("heap grew by %.1f MiB, more than the budget plus 10%%", float64(growth)/(1<<20))
			}
			if st.SpansReceived != st.SpansSent+st.DroppedSpans()+st.SpansPending {
				t.Errorf("spans not conserved: %+v", st)
			}
			if st.SpansDropped[exporter.DropMemoryBound] == 0 {
				t.Errorf("nothing dropped for memory although the spans exceed the budget")
			}
		})
	}
}
