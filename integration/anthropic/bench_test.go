package noveumanthropic_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/Noveum/noveum-trace-go/config"
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

func benchClients(url string, mode config.CaptureMode) (base, traced *anthropic.Client) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropProcessor{}))
	tr := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))
	opts := []option.RequestOption{option.WithBaseURL(url), option.WithAPIKey("sk-ant-bench"),
		option.WithMaxRetries(0), option.WithoutOpenTelemetry()}
	b := anthropic.NewClient(opts...)
	t := anthropic.NewClient(append(opts, option.WithMiddleware(noveumanthropic.Middleware(noveumanthropic.WithTracer(tr))))...)
	return &b, &t
}

var captureModes = []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly}

// BenchmarkPlainCall: one Messages call, wall time traced / untraced.
func BenchmarkPlainCall(b *testing.B) {
	srv := httptest.NewServer(jsonReply(200, helloMessage))
	defer srv.Close()
	params := helloParams()
	ctx := context.Background()
	call := func(c *anthropic.Client) func() {
		return func() {
			if _, err := c.Messages.New(ctx, params); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			base, traced := benchClients(srv.URL, mode)
			pair(b, 1, call(base), call(traced), nil)
		})
	}
}

// BenchmarkPlainCallNoopSpans: BenchmarkPlainCall with capture off and a
// no-op TracerProvider: the middleware's reading of the request and the
// response and llm's bookkeeping, without an SDK span. Its difference to
// BenchmarkPlainCall is what the recorded span costs.
func BenchmarkPlainCallNoopSpans(b *testing.B) {
	srv := httptest.NewServer(jsonReply(200, helloMessage))
	defer srv.Close()
	params := helloParams()
	ctx := context.Background()
	call := func(c *anthropic.Client) func() {
		return func() {
			if _, err := c.Messages.New(ctx, params); err != nil {
				b.Fatal(err)
			}
		}
	}
	opts := []option.RequestOption{option.WithBaseURL(srv.URL), option.WithAPIKey("sk-ant-bench"),
		option.WithMaxRetries(0), option.WithoutOpenTelemetry()}
	base := anthropic.NewClient(opts...)
	traced := anthropic.NewClient(append(opts, option.WithMiddleware(noopMiddleware()))...)
	pair(b, 1, call(&base), call(&traced), nil)
}

// noopMiddleware is the middleware recording with a no-op TracerProvider,
// capture off.
func noopMiddleware() option.Middleware {
	return noveumanthropic.Middleware(noveumanthropic.WithTracer(
		llm.NewTracer(llm.WithTracerProvider(noop.NewTracerProvider()), llm.WithCaptureContent(config.CaptureNone))))
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
	read := func(c *anthropic.Client) func() {
		return func() {
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
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			base, traced := benchClients(srv.URL, mode)
			pair(b, chunks, read(base), read(traced), nil)
		})
	}
}

// BenchmarkFirstChunk: the time from the call to the application holding
// the first event, traced and untraced; the difference is what the
// middleware adds to the first chunk's arrival (reading and decoding the
// request, starting the span, wrapping the body).
func BenchmarkFirstChunk(b *testing.B) {
	// Events are flushed one by one, as the API sends them while it
	// generates: the first read finds the first event, not the whole stream.
	srv := httptest.NewServer(sseReply(strings.SplitAfter(streamBody(20), "\n\n")...))
	defer srv.Close()
	params := helloParams()
	// Each operation ends when the first event is in the application's
	// hands; the rest of both streams is read and closed after, outside
	// the timing.
	var rest []func()
	first := func(c *anthropic.Client) func() {
		return func() {
			s := c.Messages.NewStreaming(context.Background(), params)
			if !s.Next() {
				b.Fatal(s.Err())
			}
			rest = append(rest, func() {
				for s.Next() {
				}
				_ = s.Close()
			})
		}
	}
	finish := func() {
		for _, f := range rest {
			f()
		}
		rest = rest[:0]
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			base, traced := benchClients(srv.URL, mode)
			pair(b, 1, first(base), first(traced), finish)
		})
	}
}
