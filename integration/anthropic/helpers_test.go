package noveumanthropic_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	noveumanthropic "github.com/Noveum/noveum-trace-go/integration/anthropic"
	"github.com/Noveum/noveum-trace-go/llm"
)

const model = "claude-sonnet-4-5-20250929"

// fakeAPI is a local server speaking the Messages API's wire format: each
// request gets the next scripted reply (the last one repeats), and every
// request is kept.
type fakeAPI struct {
	*httptest.Server
	mu       sync.Mutex
	replies  []http.HandlerFunc
	n        int
	requests []seenRequest
}

type seenRequest struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

func newFakeAPI(t testing.TB, replies ...http.HandlerFunc) *fakeAPI {
	f := &fakeAPI{replies: replies}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, seenRequest{r.Method, r.URL.Path, r.Header.Clone(), body})
		h := f.replies[min(f.n, len(f.replies)-1)]
		f.n++
		f.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		h(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeAPI) seen() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.requests...)
}

// jsonReply answers with status and body as JSON, and extra headers given
// as name, value pairs.
func jsonReply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("request-id", "req_test")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// sseReply streams events, flushing after each.
func sseReply(events ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		for _, e := range events {
			_, _ = io.WriteString(w, e)
			w.(http.Flusher).Flush()
		}
	}
}

// holdingSSE streams events, then holds the response open until the client
// goes away (or release is closed), as a server still generating does.
func holdingSSE(release <-chan struct{}, events ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sseReply(events...)(w, r)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
}

// byStream answers a streaming request with stream, any other with plain.
func byStream(plain, stream http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Stream bool `json:"stream"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		if req.Stream {
			stream(w, r)
		} else {
			plain(w, r)
		}
	}
}

// event formats one server-sent event as the API sends it.
func event(name, data string) string {
	return "event: " + name + "\ndata: " + data + "\n\n"
}

func messageStart(usage string) string {
	return event("message_start", `{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":"`+model+`","stop_reason":null,"stop_sequence":null,"usage":`+usage+`}}`)
}

func textBlockStart(i int) string {
	return event("content_block_start", fmt.Sprintf(`{"type":"content_block_start","index":%d,"content_block":{"type":"text","text":""}}`, i))
}

func textDelta(i int, text string) string {
	b, _ := json.Marshal(text)
	return event("content_block_delta", fmt.Sprintf(`{"type":"content_block_delta","index":%d,"delta":{"type":"text_delta","text":%s}}`, i, b))
}

func blockStop(i int) string {
	return event("content_block_stop", fmt.Sprintf(`{"type":"content_block_stop","index":%d}`, i))
}

func messageDelta(stop, usage string) string {
	return event("message_delta", `{"type":"message_delta","delta":{"stop_reason":"`+stop+`","stop_sequence":null},"usage":`+usage+`}`)
}

var (
	ping        = event("ping", `{"type": "ping"}`)
	messageStop = event("message_stop", `{"type":"message_stop"}`)
)

// helloStream is the documented basic streaming sequence: "Hello world".
func helloStream() []string {
	return []string{
		messageStart(`{"input_tokens":25,"output_tokens":1}`),
		textBlockStart(0),
		ping,
		textDelta(0, "Hello"),
		textDelta(0, " world"),
		blockStop(0),
		messageDelta("end_turn", `{"output_tokens":15}`),
		messageStop,
	}
}

const helloMessage = `{
  "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  "type": "message",
  "role": "assistant",
  "model": "` + model + `",
  "content": [{"type": "text", "text": "Hi! My name is Claude."}],
  "stop_reason": "end_turn",
  "stop_sequence": null,
  "usage": {"input_tokens": 2095, "output_tokens": 503}
}`

// newTracer returns a Tracer recording into a SpanRecorder.
func newTracer(mode config.CaptureMode) (*llm.Tracer, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	return llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode)), rec, tp
}

// newClient returns a real Anthropic client on the fake server, traced
// by tr (untraced when tr is nil), without retries unless opts add them.
func newClient(url string, tr *llm.Tracer, opts ...option.RequestOption) *anthropic.Client {
	base := []option.RequestOption{
		option.WithBaseURL(url),
		option.WithAPIKey("sk-ant-test-key"),
		option.WithMaxRetries(0),
		option.WithoutOpenTelemetry(),
	}
	if tr != nil {
		base = append(base, option.WithMiddleware(noveumanthropic.Middleware(noveumanthropic.WithTracer(tr))))
	}
	c := anthropic.NewClient(append(base, opts...)...)
	return &c
}

func helloParams() anthropic.MessageNewParams {
	return anthropic.MessageNewParams{
		Model:     model,
		MaxTokens: 1024,
		System:    []anthropic.TextBlockParam{{Text: "You are terse."}},
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Hello, Claude"))},
	}
}

// attrs returns a span's attributes by key.
func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// only returns the one span the recorder holds, failing otherwise.
func only(t *testing.T, rec *tracetest.SpanRecorder) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("got %d ended spans, want 1: %v", len(spans), names(spans))
	}
	return spans[0]
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

// wantAttr checks that a span has key with the value want (a string, int,
// float64, bool or []string).
func wantAttr(t *testing.T, a map[attribute.Key]attribute.Value, key string, want any) {
	t.Helper()
	v, ok := a[attribute.Key(key)]
	if !ok {
		t.Errorf("%s missing, want %v", key, want)
		return
	}
	var got any
	switch w := want.(type) {
	case string:
		got = v.AsString()
	case int:
		got = int(v.AsInt64())
	case float64:
		if f := v.AsFloat64(); math.Abs(f-w) > 1e-12*math.Max(1, math.Abs(f)) {
			t.Errorf("%s = %v, want %v", key, f, want)
		}
		return
	case bool:
		got = v.AsBool()
	case []string:
		got = v.AsStringSlice()
		if fmt.Sprint(got) == fmt.Sprint(want) {
			return
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", key, got, want)
	}
}

func noAttr(t *testing.T, a map[attribute.Key]attribute.Value, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if v, ok := a[attribute.Key(k)]; ok {
			t.Errorf("%s = %v, want it absent", k, v.String())
		}
	}
}

// compactJSON compacts JSON for comparison.
func compactJSON(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return b.String()
}
