package goopenai_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/integration/goopenai"
	"github.com/Noveum/noveum-trace-go/llm"
)

// fixture is a go-openai client traced into a span recorder, talking to a
// fake OpenAI server the test scripts.
type fixture struct {
	t      *testing.T
	spans  *tracetest.SpanRecorder
	tp     *sdktrace.TracerProvider
	srv    *httptest.Server
	client *openai.Client

	mu     sync.Mutex
	bodies []string // request bodies as the server received them
}

func newFixture(t *testing.T, mode config.CaptureMode, handler http.HandlerFunc, opts ...goopenai.Option) *fixture {
	t.Helper()
	f := &fixture{t: t, spans: tracetest.NewSpanRecorder()}
	f.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f.spans))
	tr := llm.NewTracer(llm.WithTracerProvider(f.tp), llm.WithCaptureContent(mode))
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.bodies = append(f.bodies, string(b))
		f.mu.Unlock()
		handler(w, r)
	}))
	t.Cleanup(f.srv.Close)
	cfg := openai.DefaultConfig("sk-test-secret")
	cfg.BaseURL = f.srv.URL + "/v1"
	cfg.HTTPClient = f.srv.Client()
	f.client = openai.NewClientWithConfig(goopenai.Config(cfg, append([]goopenai.Option{goopenai.WithTracer(tr)}, opts...)...))
	return f
}

// only returns the one span recorded.
func (f *fixture) only() sdktrace.ReadOnlySpan {
	f.t.Helper()
	ended := f.spans.Ended()
	if len(ended) != 1 {
		f.t.Fatalf("want 1 span, got %d", len(ended))
	}
	return ended[0]
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// want checks the attributes of s: each value is compared with its
// Emit() form; a nil value means "absent".
func want(t *testing.T, s sdktrace.ReadOnlySpan, expect map[string]any) {
	t.Helper()
	got := attrs(s)
	for k, v := range expect {
		g, ok := got[attribute.Key(k)]
		if v == nil {
			if ok {
				t.Errorf("%s: want absent, got %s", k, g.String())
			}
			continue
		}
		if !ok {
			t.Errorf("%s: want %v, absent", k, v)
			continue
		}
		if g.String() != fmt.Sprint(v) {
			t.Errorf("%s = %s, want %v", k, g.String(), v)
		}
	}
}

func has(s sdktrace.ReadOnlySpan, key string) bool {
	_, ok := attrs(s)[attribute.Key(key)]
	return ok
}

// sse writes the events as a text/event-stream, flushing after each.
func sse(w http.ResponseWriter, events ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	for _, e := range events {
		fmt.Fprintf(w, "data: %s\n\n", e)
		w.(http.Flusher).Flush()
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// chunk builds a chat.completion.chunk as OpenAI streams it.
func chunk(choices string, usage string) string {
	return `{"id":"chatcmpl-9","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[` + choices + `],"usage":` + usage + `}`
}

func textDelta(index int, text string) string {
	b, _ := json.Marshal(text)
	return fmt.Sprintf(`{"index":%d,"delta":{"content":%s},"logprobs":null,"finish_reason":null}`, index, b)
}

func finish(index int, reason string) string {
	return fmt.Sprintf(`{"index":%d,"delta":{},"logprobs":null,"finish_reason":%q}`, index, reason)
}

const chatResponse = `{
  "id": "chatcmpl-123",
  "object": "chat.completion",
  "created": 1677652288,
  "model": "gpt-4o-2024-08-06",
  "system_fingerprint": "fp_44709d6fcb",
  "choices": [{
    "index": 0,
    "message": {"role": "assistant", "content": "Hello there, how may I assist you today?", "refusal": null},
    "logprobs": null,
    "finish_reason": "stop"
  }],
  "usage": {
    "prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500,
    "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 64, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
  }
}`

func chatRequest() openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model:               "gpt-4o",
		Temperature:         0.5,
		MaxCompletionTokens: 256,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "You are terse."},
			{Role: openai.ChatMessageRoleUser, Content: "Hello"},
		},
	}
}

func streamText(t *testing.T, s *openai.ChatCompletionStream) (string, error) {
	t.Helper()
	var b strings.Builder
	for {
		r, err := s.Recv()
		if err != nil {
			return b.String(), err
		}
		for _, c := range r.Choices {
			b.WriteString(c.Delta.Content)
		}
	}
}
