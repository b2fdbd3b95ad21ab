package noveumanthropic_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	noveumanthropic "github.com/Noveum/noveum-trace-go/integration/anthropic"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The Overhead benchmarks isolate the middleware's own cost from the
// client and the network: the request the client would send and a canned
// response go through the middleware, or straight to next, in memory,
// and the body is read as the client reads it.

// requestBody is what the client sends for a short chat turn.
const requestBody = `{"max_tokens":1024,"messages":[{"content":[{"text":"Hello, Claude","type":"text"}],"role":"user"}],"model":"claude-sonnet-4-5-20250929","system":[{"text":"You are terse.","type":"text"}]}`

func newRequest(body string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, "https://api.anthropic.com/v1/messages", strings.NewReader(body))
	req.Header.Set("X-Stainless-Retry-Count", "0")
	req.Header.Set("Content-Type", "application/json")
	return req
}

func canned(contentType, body string) option.MiddlewareNext {
	return func(req *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, req.Body)
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {contentType}},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
	}
}

func benchMiddleware(mode config.CaptureMode) option.Middleware {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropProcessor{}))
	return noveumanthropic.Middleware(noveumanthropic.WithTracer(llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))))
}

// through sends req to next, through mw when it is not nil.
func through(mw option.Middleware, req *http.Request, next option.MiddlewareNext) *http.Response {
	var res *http.Response
	if mw == nil {
		res, _ = next(req)
	} else {
		res, _ = mw(req, next)
	}
	return res
}

// BenchmarkOverheadPlain: a plain call's request and response.
func BenchmarkOverheadPlain(b *testing.B) {
	next := canned("application/json", compactHello)
	call := func(mw option.Middleware) func() {
		return func() {
			res := through(mw, newRequest(requestBody), next)
			_, _ = io.ReadAll(res.Body)
			_ = res.Body.Close()
		}
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			pair(b, 1, call(nil), call(benchMiddleware(mode)), nil)
		})
	}
}

// BenchmarkOverheadPlainNoopSpans: BenchmarkOverheadPlain with capture off
// and a no-op TracerProvider: what the middleware and llm cost without the
// SDK span.
func BenchmarkOverheadPlainNoopSpans(b *testing.B) {
	next := canned("application/json", compactHello)
	call := func(mw option.Middleware) func() {
		return func() {
			res := through(mw, newRequest(requestBody), next)
			_, _ = io.ReadAll(res.Body)
			_ = res.Body.Close()
		}
	}
	pair(b, 1, call(nil), call(noopMiddleware()), nil)
}

// BenchmarkOverheadStreamChunk: a 500-delta stream read line by line as
// the client's decoder reads it (bufio.Scanner); reported per chunk.
func BenchmarkOverheadStreamChunk(b *testing.B) {
	const chunks = 500
	next := canned("text/event-stream", streamBody(chunks))
	read := func(mw option.Middleware) func() {
		return func() {
			res := through(mw, newRequest(streamRequestBody), next)
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
			}
			_ = res.Body.Close()
		}
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			pair(b, chunks, read(nil), read(benchMiddleware(mode)), nil)
		})
	}
}

// eventReader hands out one server-sent event a Read, as a stream arrives
// while the model generates.
type eventReader struct{ events []string }

func (r *eventReader) Read(p []byte) (int, error) {
	if len(r.events) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.events[0])
	if r.events[0] = r.events[0][n:]; r.events[0] == "" {
		r.events = r.events[1:]
	}
	return n, nil
}

// BenchmarkOverheadFirstChunk: from the call to the first event read, the
// events arriving one a read; the rest of the stream is read after,
// outside the timing.
func BenchmarkOverheadFirstChunk(b *testing.B) {
	events := strings.SplitAfter(streamBody(20), "\n\n")
	next := func(req *http.Request) (*http.Response, error) {
		_, _ = io.Copy(io.Discard, req.Body)
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"text/event-stream"}},
			Body: io.NopCloser(&eventReader{events: append([]string(nil), events...)}), ContentLength: -1, Request: req}, nil
	}
	var open []*bufio.Scanner
	var bodies []io.Closer
	first := func(mw option.Middleware) func() {
		return func() {
			res := through(mw, newRequest(streamRequestBody), next)
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() && len(sc.Bytes()) > 0 { // up to the blank line ending the first event
			}
			open, bodies = append(open, sc), append(bodies, res.Body)
		}
	}
	finish := func() {
		for i, sc := range open {
			for sc.Scan() {
			}
			_ = bodies[i].Close()
		}
		open, bodies = open[:0], bodies[:0]
	}
	for _, mode := range captureModes {
		b.Run("capture="+string(mode), func(b *testing.B) {
			pair(b, 1, first(nil), first(benchMiddleware(mode)), finish)
		})
	}
}

var (
	streamRequestBody = strings.Replace(requestBody, `{"max_tokens"`, `{"stream":true,"max_tokens"`, 1)
	compactHello      = strings.Join(strings.Fields(helloMessage), " ")
)
