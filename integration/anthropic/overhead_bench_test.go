package noveumanthropic

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/llm"
)

// These benchmarks isolate the middleware's own CPU cost from the network
// (on a loaded machine the loopback round trip varies by more than the
// middleware costs): the same request and canned response go through
// handle, or straight to next, in memory.

type dropSpans struct{}

func (dropSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (dropSpans) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (dropSpans) Shutdown(context.Context) error                  { return nil }
func (dropSpans) ForceFlush(context.Context) error                { return nil }

func benchTracer(mode llm.CaptureMode) *llm.Tracer {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropSpans{}))
	return llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))
}

// requestBody is what the client sends for a short chat turn.
const requestBody = `{"max_tokens":1024,"messages":[{"content":[{"text":"Hello, Claude","type":"text"}],"role":"user"}],"model":"claude-sonnet-4-5-20250929","system":[{"text":"You are terse.","type":"text"}]}`

const responseBody = `{"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[{"type":"text","text":"Hi! My name is Claude."}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":2095,"output_tokens":503}}`

func newRequest(body string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, "https://api.anthropic.com/v1/messages", strings.NewReader(body))
	req.Header.Set(retryCountHeader, "0")
	req.Header.Set("Content-Type", "application/json")
	return req
}

func canned(contentType, body string) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, req.Body)
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {contentType}},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
	}
}

// BenchmarkOverheadPlain: a plain call's request and response through the
// middleware, against the same without it; the difference is its cost.
func BenchmarkOverheadPlain(b *testing.B) {
	next := canned("application/json", responseBody)
	call := func(mw func(*http.Request, func(*http.Request) (*http.Response, error)) (*http.Response, error)) {
		req := newRequest(requestBody)
		var res *http.Response
		if mw == nil {
			res, _ = next(req)
		} else {
			res, _ = mw(req, next)
		}
		_, _ = io.ReadAll(res.Body)
		_ = res.Body.Close()
	}
	b.Run("untraced", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			call(nil)
		}
	})
	for _, mode := range []llm.CaptureMode{llm.CaptureNone, llm.CaptureSpanOnly} {
		b.Run("capture="+string(mode), func(b *testing.B) {
			mw := Middleware(WithTracer(benchTracer(mode)))
			b.ReportAllocs()
			for b.Loop() {
				call(mw)
			}
		})
	}
}

func sseBody(n int) string {
	var sb strings.Builder
	sb.WriteString("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n")
	sb.WriteString("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n")
	for i := range n {
		fmt.Fprintf(&sb, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"token%d \"}}\n\n", i)
	}
	sb.WriteString("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n")
	sb.WriteString("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":500}}\n\n")
	sb.WriteString("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
	return sb.String()
}

// BenchmarkOverheadStreamChunk: a 500-delta stream read line by line as
// the client's decoder reads it (bufio.Scanner), through the stream
// reader or straight; reported per chunk.
func BenchmarkOverheadStreamChunk(b *testing.B) {
	const chunks = 500
	body := []byte(sseBody(chunks))
	read := func(r io.Reader) {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
		}
	}
	b.Run("untraced", func(b *testing.B) {
		for b.Loop() {
			read(io.NopCloser(bytes.NewReader(body)))
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chunks, "ns/chunk")
	})
	for _, mode := range []llm.CaptureMode{llm.CaptureNone, llm.CaptureSpanOnly} {
		b.Run("capture="+string(mode), func(b *testing.B) {
			tr := benchTracer(mode)
			b.ReportAllocs()
			for b.Loop() {
				_, call := tr.StartChat(context.Background(), llm.Request{Model: "claude-sonnet-4-5-20250929", Stream: true})
				s := newStreamBody(io.NopCloser(bytes.NewReader(body)), call, mode != llm.CaptureNone)
				read(s)
				_ = s.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chunks, "ns/chunk")
		})
	}
}

// BenchmarkOverheadFirstChunk: from the call to the first event in the
// application's hands, through the middleware or straight.
func BenchmarkOverheadFirstChunk(b *testing.B) {
	next := canned("text/event-stream", sseBody(20))
	first := func(mw func(*http.Request, func(*http.Request) (*http.Response, error)) (*http.Response, error)) {
		req := newRequest(strings.Replace(requestBody, `{"max_tokens"`, `{"stream":true,"max_tokens"`, 1))
		var res *http.Response
		if mw == nil {
			res, _ = next(req)
		} else {
			res, _ = mw(req, next)
		}
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() && len(sc.Bytes()) > 0 { // the first event: up to its blank line
		}
		_ = res.Body.Close()
	}
	b.Run("untraced", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			first(nil)
		}
	})
	for _, mode := range []llm.CaptureMode{llm.CaptureNone, llm.CaptureSpanOnly} {
		b.Run("capture="+string(mode), func(b *testing.B) {
			mw := Middleware(WithTracer(benchTracer(mode)))
			b.ReportAllocs()
			for b.Loop() {
				first(mw)
			}
		})
	}
}
