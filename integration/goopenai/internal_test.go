package goopenai

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

func TestReadUsage(t *testing.T) {
	n := func(v int64) llm.Count { return llm.Tokens(v) }
	var none llm.Count
	for _, c := range []struct {
		in   string
		want llm.Usage
	}{
		{`null`, llm.Usage{}},
		{`{}`, llm.Usage{}},
		{`{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}`, llm.Usage{InputTokens: n(10), OutputTokens: n(5)}},
		{`{"prompt_tokens":10,"completion_tokens":null,"prompt_tokens_details":null}`, llm.Usage{InputTokens: n(10), OutputTokens: none}},
		{`{"prompt_tokens":10,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens":7,"completion_tokens_details":{"reasoning_tokens":3}}`,
			llm.Usage{InputTokens: n(10), CacheReadInputTokens: n(4), OutputTokens: n(7), ReasoningOutputTokens: n(3)}},
		{`{"prompt_tokens":10,"prompt_cache_hit_tokens":6,"prompt_cache_miss_tokens":4,"completion_tokens":1}`, // DeepSeek
			llm.Usage{InputTokens: n(10), CacheReadInputTokens: n(6), OutputTokens: n(1)}},
		{`{"prompt_tokens":-1,"completion_tokens":1.5}`, llm.Usage{}},
		{`{"prompt_tokens":10,"completion_tokens":`, llm.Usage{}}, // cut: nothing reliable
		{`"usage"`, llm.Usage{}},
	} {
		var s scanner
		s.reset([]byte(c.in))
		if got := readUsage(&s); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestRoute(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/images/generations":                          "images/generations",
		"/v1/files/file-abc123/content":                   "files/{id}/content",
		"/v1/models/gpt-4o-2024-08-06":                    "models/{id}",
		"/openai/deployments/my-gpt/audio/speech":         "audio/speech",
		"/v1/threads/thread_abc123/runs/run_abc123/steps": "threads/{id}/runs/{id}/steps",
		"/":                   "http",
		"/custom/moderations": "custom/moderations",
	} {
		if got := route(path); got != want {
			t.Errorf("%s: %s, want %s", path, got, want)
		}
	}
}

func TestDimensions(t *testing.T) {
	for in, want := range map[string]int{
		`{"object":"embedding","embedding":[0.1, 0.2,0.3],"index":0}`: 3,
		`{"object":"embedding","embedding":"AAAAAAAAAAA=","index":0}`: 2, // 8 bytes of float32
		`{"object":"embedding","embedding":[]}`:                       0,
		`{"object":"embedding"}`:                                      0,
		`{"embedding":[0.1,`:                                          0,
	} {
		if got := dimensions([]byte(in)); got != want {
			t.Errorf("%s: %d, want %d", in, got, want)
		}
	}
}

// FuzzStream feeds arbitrary bytes, split at an arbitrary point, through
// the stream observer and the response readers: they must never panic and
// must pass every byte through.
func FuzzStream(f *testing.F) {
	f.Add([]byte("data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\",\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}],\"usage\":null}\n\ndata: [DONE]\n"), 10)
	f.Add([]byte("data: {\"choices\":[{\"index\":63,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1}}\n"), 3)
	f.Add([]byte("data: {\"error\":{\"type\":\"server_error\",\"code\":500}}\n"), 0)
	f.Add([]byte(`{"id":"a","choices":[{"message":{"role":"assistant","content":[1,{"x":[[[["`), 5)
	f.Add([]byte("data: [[[[[[[[[[[[\n"), 7)
	f.Add([]byte("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":[{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"}],\"usage\":{\"input_tokens\":3,\"output_tokens_details\":{\"reasoning_tokens\":1}}}}\n"), 40)
	f.Add([]byte(`{"model":"m","instructions":"x","input":[{"role":"user","content":[{"type":"input_text","text":"hi"},{"type":"input_image","image_url":"data:image/png;base64,AAAA"}]},{"type":"function_call_output","call_id":"c","output":"{}"}],"text":{"format":{"type":"json_schema"}}}`), 9)
	tr := llm.NewTracer(llm.WithCaptureContent(noveumconfig.CaptureSpanOnly))
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		if split < 0 || split > len(data) {
			split = len(data) / 2
		}
		for _, kind := range []int{0, 1, 2, 3, 4} {
			_, call := tr.StartChat(context.Background(), llm.Request{Model: "m"})
			src := io.NopCloser(io.MultiReader(bytes.NewReader(data[:split]), bytes.NewReader(data[split:])))
			var body io.ReadCloser
			switch kind {
			case 0:
				body = newStreamBody(context.Background(), src, call, true, false)
			case 1:
				body = newResponseBody(context.Background(), src, call, endpointChat, true)
			case 2:
				body = newResponseBody(context.Background(), src, call, endpointEmbeddings, false)
			case 3:
				body = newResponseBody(context.Background(), src, call, endpointResponses, true)
			default:
				body = newStreamBody(context.Background(), src, call, true, true)
			}
			out, err := io.ReadAll(body)
			body.Close()
			if err != nil || !bytes.Equal(out, data) {
				t.Fatalf("kind %d: read %q, %v", kind, out, err)
			}
		}
		var r llm.Request
		readChatRequest(data, true, &r)
		readEmbeddingsRequest(data, &r)
		readResponsesRequest(data, true, &r)
	})
}

func TestReadChatRequest(t *testing.T) {
	var r llm.Request
	ok := readChatRequest([]byte(`{"model":"gpt-4o","max_tokens":100,"top_p":0.9,"n":3,"seed":-7,"stop":"END",
		"frequency_penalty":0.5,"presence_penalty":-0.5,"stream":true,"response_format":{"type":"json_schema","json_schema":{}},
		"messages":[{"role":"user","content":"hi"}]}`), false, &r)
	if !ok || r.Model != "gpt-4o" || *r.MaxTokens != 100 || *r.TopP != 0.9 || *r.ChoiceCount != 3 || *r.Seed != -7 ||
		len(r.StopSequences) != 1 || r.StopSequences[0] != "END" || *r.FrequencyPenalty != 0.5 || *r.PresencePenalty != -0.5 ||
		!r.Stream || r.OutputType != "json" || r.Messages != nil {
		t.Errorf("%+v", r)
	}
	r = llm.Request{}
	readChatRequest([]byte(`{"max_tokens":100,"max_completion_tokens":50,"stop":["a","b"],"model":"m\u00e9"}`), false, &r)
	if *r.MaxTokens != 50 || len(r.StopSequences) != 2 || r.Model != "mé" {
		t.Errorf("%+v", r)
	}
	if readChatRequest([]byte(`[1,2]`), true, &r) {
		t.Error("an array read as a request")
	}
}

// FuzzScanString checks the scanner's string reading (eight bytes at a
// time) against encoding/json: any string, encoded by encoding/json and
// followed by more JSON, reads back whole.
func FuzzScanString(f *testing.F) {
	for _, s := range []string{"", "a", `quote " inside`, `back\slash`, "\\\"", "12345678\"", "1234567\\", "é\n\t\u2028", strings.Repeat("x", 40) + `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, _ := json.Marshal(in)
		var want string
		json.Unmarshal(q, &want) // invalid UTF-8 became U+FFFD
		doc := append(q, []byte(`, "next"`)...)
		var s scanner
		s.reset(doc)
		raw, esc := s.str()
		if s.bad || !bytes.Equal(raw, q[1:len(q)-1]) {
			t.Fatalf("%q: read %q (bad %v)", q, raw, s.bad)
		}
		if got := unquote(raw, esc); got != want {
			t.Fatalf("%q: unquoted %q, want %q", q, got, want)
		}
		if s.peek() != ',' {
			t.Fatalf("%q: scanner left at %d", q, s.i)
		}
	})
}

type handlerFunc func(error)

func (f handlerFunc) Handle(err error) { f(err) }

// TestObserverPanicContained: a panic in an observer (a bug) ends the
// call as instrumentation_error and is reported, never reaching the
// application.
func TestObserverPanicContained(t *testing.T) {
	var reported []error
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(handlerFunc(func(err error) { reported = append(reported, err) }))
	defer otel.SetErrorHandler(prev)
	rec := tracetest.NewSpanRecorder()
	tr := llm.NewTracer(llm.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))))
	_, call := tr.StartChat(context.Background(), llm.Request{Model: "m"})
	sb := newStreamBody(context.Background(), io.NopCloser(strings.NewReader("")), call, false, false)
	func() {
		sb.mu.Lock()
		defer sb.mu.Unlock()
		defer sb.recoverLocked()
		panic("observer bug")
	}()
	_, call = tr.StartChat(context.Background(), llm.Request{Model: "m"})
	rb := newResponseBody(context.Background(), io.NopCloser(strings.NewReader("")), call, endpointChat, false)
	func() {
		rb.mu.Lock()
		defer rb.mu.Unlock()
		defer rb.recoverLocked()
		panic("observer bug")
	}()
	if len(reported) != 2 || !strings.Contains(reported[0].Error(), "observer bug") {
		t.Fatalf("reported %v", reported)
	}
	for _, s := range rec.Ended() {
		found := false
		for _, kv := range s.Attributes() {
			if kv.Key == "error.type" && kv.Value.AsString() == "instrumentation_error" {
				found = true
			}
		}
		if !found {
			t.Errorf("%v", s.Attributes())
		}
	}
	if len(rec.Ended()) != 2 || !sb.ended || !rb.ended {
		t.Error("the calls did not end")
	}
}

func TestReadResponsesRequest(t *testing.T) {
	var r llm.Request
	readResponsesRequest([]byte(`{"model":"gpt-4.1","temperature":0.3,"max_output_tokens":50,"stream":true,
		"text":{"format":{"type":"json_schema","name":"x","schema":{}}},"instructions":"Be brief.",
		"input":[{"role":"user","content":[{"type":"input_text","text":"what is this?"},{"type":"input_image","image_url":"https://x/cat.png"}]},
		{"type":"function_call","call_id":"c1","name":"lookup","arguments":"{\"q\":1}"},
		{"type":"function_call_output","call_id":"c1","output":"{\"a\":2}"}],
		"tools":[{"type":"function","name":"lookup","description":"Look up","parameters":{"type":"object"}}]}`), true, &r)
	if r.Model != "gpt-4.1" || *r.Temperature != 0.3 || *r.MaxTokens != 50 || !r.Stream || r.OutputType != "json" {
		t.Errorf("%+v", r)
	}
	if len(r.SystemInstructions) != 1 || r.SystemInstructions[0].Content != "Be brief." {
		t.Errorf("instructions %+v", r.SystemInstructions)
	}
	if len(r.Messages) != 3 || len(r.Messages[0].Parts) != 2 || r.Messages[0].Parts[1].Type != llm.PartURI ||
		r.Messages[1].Parts[0].Type != llm.PartToolCall || r.Messages[2].Role != llm.RoleTool ||
		string(r.Messages[2].Parts[0].Response) != `{"a":2}` {
		t.Errorf("messages %+v", r.Messages)
	}
	if len(r.Tools) != 1 || r.Tools[0].Name != "lookup" {
		t.Errorf("tools %+v", r.Tools)
	}
}
