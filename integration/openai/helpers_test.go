package noveumopenai_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	noveumopenai "github.com/Noveum/noveum-trace-go/integration/openai"
	"github.com/Noveum/noveum-trace-go/llm"
)

// recorder is a TracerProvider whose ended spans can be read.
type recorder struct {
	sr *tracetest.SpanRecorder
	tp *sdktrace.TracerProvider
}

func newRecorder(t testing.TB) *recorder {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return &recorder{sr: sr, tp: tp}
}

func (r *recorder) tracer(mode config.CaptureMode) *llm.Tracer {
	return llm.NewTracer(llm.WithTracerProvider(r.tp), llm.WithCaptureContent(mode))
}

func (r *recorder) ended() []sdktrace.ReadOnlySpan { return r.sr.Ended() }

// only returns the one span ended, failing the test otherwise.
func (r *recorder) only(t *testing.T) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := r.ended()
	if len(spans) != 1 {
		names := make([]string, len(spans))
		for i, s := range spans {
			names[i] = s.Name()
		}
		t.Fatalf("%d spans ended, want 1: %v", len(spans), names)
	}
	return spans[0]
}

// attrs returns a span's attributes by key.
func attrs(s sdktrace.ReadOnlySpan) map[string]attribute.Value {
	m := map[string]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value
	}
	return m
}

// fake is a loopback server speaking OpenAI's API: each path answers with
// a scripted handler, and every request body is kept.
type fake struct {
	*httptest.Server
	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	bodies [][]byte
	heads  []http.Header
	noKeep bool // benchmarks: keep no request, so memory does not grow
}

func newFake(t testing.TB) *fake {
	f := &fake{routes: map[string]http.HandlerFunc{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		if !f.noKeep {
			f.bodies = append(f.bodies, b)
			f.heads = append(f.heads, r.Header.Clone())
		}
		h := f.routes[r.Method+" "+r.URL.Path]
		f.mu.Unlock()
		if h == nil {
			http.Error(w, `{"error":{"message":"no route","type":"invalid_request_error","code":"unknown_url"}}`, http.StatusNotFound)
			return
		}
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fake) handle(route string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[route] = h
}

func (f *fake) requestBodies() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]byte(nil), f.bodies...)
}

// jsonReply answers with a JSON body.
func jsonReply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// sseReply answers with the given events, flushing each.
func sseReply(events ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		for _, e := range events {
			io.WriteString(w, e)
			w.(http.Flusher).Flush()
		}
	}
}

// data formats chat chunks as server-sent events.
func data(chunks ...string) []string {
	out := make([]string, len(chunks))
	for i, c := range chunks {
		out[i] = "data: " + c + "\n\n"
	}
	return out
}

// named formats Responses API events: "event: <type>" then the data.
func named(events ...string) []string {
	out := make([]string, len(events))
	for i, e := range events {
		typ := e[len(`{"type":"`):]
		typ = typ[:strings.IndexByte(typ, '"')]
		out[i] = fmt.Sprintf("event: %s\ndata: %s\n\n", typ, e)
	}
	return out
}

// client returns an openai-go client of the fake, traced with the
// middleware and opts, retrying quickly.
func (f *fake) client(opts ...option.RequestOption) openai.Client {
	base := []option.RequestOption{
		option.WithBaseURL(f.URL + "/v1/"),
		option.WithAPIKey("sk-test-secret"),
	}
	return openai.NewClient(append(base, opts...)...)
}

func traced(tr *llm.Tracer, opts ...noveumopenai.Option) option.RequestOption {
	return option.WithMiddleware(noveumopenai.Middleware(append([]noveumopenai.Option{noveumopenai.WithTracer(tr)}, opts...)...))
}
