package noveumanthropic_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	noveumanthropic "github.com/Noveum/noveum-trace-go/integration/anthropic"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The benchmarks compare, in one loop, the same client with and without
// the middleware against the same loopback fake: each iteration makes one
// untraced call and one traced call, alternating, so that both see the
// same machine. The spans go through a real SDK TracerProvider to a
// processor that drops them (export is the exporter's cost, off the
// caller's goroutine).

type dropProcessor struct{}

func (dropProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (dropProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (dropProcessor) Shutdown(context.Context) error                  { return nil }
func (dropProcessor) ForceFlush(context.Context) error                { return nil }

func benchClients(url string, mode llm.CaptureMode) (base, traced *anthropic.Client) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropProcessor{}))
	tr := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))
	opts := []option.RequestOption{option.WithBaseURL(url), option.WithAPIKey("sk-ant-bench"),
		option.WithMaxRetries(0), option.WithoutOpenTelemetry()}
	b := anthropic.NewClient(opts...)
	t := anthropic.NewClient(append(opts, option.WithMiddleware(noveumanthropic.Middleware(noveumanthropic.WithTracer(tr))))...)
	return &b, &t
}

var captureModes = []llm.CaptureMode{llm.CaptureNone, llm.CaptureSpanOnly}

// BenchmarkPlainCall: one Messages call, wall time traced / untraced.
func BenchmarkPlainCall(b *testing.B) {
	srv := httptest.NewServer(jsonReply(200, helloMessage))
	defer srv.Close()
	params := helloParams()
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			base, traced := benchClients(srv.URL, mode)
			ctx := context.Background()
			var tBase, tTraced time.Duration
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				if _, err := base.Messages.New(ctx, params); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := traced.Messages.New(ctx, params); err != nil {
					b.Fatal(err)
				}
				tTraced += time.Since(t1)
				tBase += t1.Sub(t0)
			}
			n := float64(b.N)
			b.ReportMetric(float64(tBase.Nanoseconds())/n, "ns-untraced/op")
			b.ReportMetric(float64(tTraced.Nanoseconds())/n, "ns-traced/op")
			b.ReportMetric(float64(tTraced)/float64(tBase), "ratio")
		})
	}
}

// streamBody is a stream of n text deltas in the documented sequence.
func streamBody(n int) string {
	var sb strings.Builder
	sb.WriteString(messageStart(`{"input_tokens":25,"output_tokens":1}`))
	sb.WriteString(textBlockStart(0))
	for i := range n {
		sb.WriteString(textDelta(0, fmt.Sprintf("token%d ", i)))
	}
	sb.WriteString(blockStop(0))
	sb.WriteString(messageDelta("end_turn", fmt.Sprintf(`{"output_tokens":%d}`, n)))
	sb.WriteString(messageStop)
	return sb.String()
}

// BenchmarkStreamPerChunk: what the middleware adds to each chunk of a
// stream the application reads to its end: (traced - untraced) / chunks.
func BenchmarkStreamPerChunk(b *testing.B) {
	const chunks = 500
	body := streamBody(chunks)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	params := helloParams()
	read := func(c *anthropic.Client) {
		s := c.Messages.NewStreaming(context.Background(), params)
		n := 0
		for s.Next() {
			n++
		}
		if s.Err() != nil || n != chunks+5 {
			b.Fatalf("read %d events: %v", n, s.Err())
		}
		_ = s.Close()
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			base, traced := benchClients(srv.URL, mode)
			var tBase, tTraced time.Duration
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				read(base)
				t1 := time.Now()
				read(traced)
				tTraced += time.Since(t1)
				tBase += t1.Sub(t0)
			}
			n := float64(b.N)
			b.ReportMetric(float64(tBase.Nanoseconds())/n, "ns-untraced/op")
			b.ReportMetric(float64(tTraced.Nanoseconds())/n, "ns-traced/op")
			b.ReportMetric(float64((tTraced-tBase).Nanoseconds())/n/chunks, "ns-added/chunk")
		})
	}
}

// BenchmarkFirstChunk: the time from the call to the application holding
// the first event, traced and untraced; the difference is what the
// middleware adds to the first chunk's arrival (reading and decoding the
// request, starting the span, wrapping the body).
func BenchmarkFirstChunk(b *testing.B) {
	body := streamBody(20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	params := helloParams()
	first := func(c *anthropic.Client) time.Duration {
		t0 := time.Now()
		s := c.Messages.NewStreaming(context.Background(), params)
		if !s.Next() {
			b.Fatal(s.Err())
		}
		d := time.Since(t0)
		for s.Next() {
		}
		_ = s.Close()
		return d
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			base, traced := benchClients(srv.URL, mode)
			var tBase, tTraced time.Duration
			for b.Loop() {
				tBase += first(base)
				tTraced += first(traced)
			}
			n := float64(b.N)
			b.ReportMetric(float64(tBase.Nanoseconds())/n, "ns-untraced-first")
			b.ReportMetric(float64(tTraced.Nanoseconds())/n, "ns-traced-first")
			b.ReportMetric(float64((tTraced-tBase).Nanoseconds())/n, "ns-added-first")
		})
	}
}
