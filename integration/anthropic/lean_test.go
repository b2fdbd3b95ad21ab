package noveumanthropic

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The tests of this file cover the paths that keep a plain call cheap:
// the request read in place, the pooled buffers, the allocation-free
// scans. Each states what the span records, so that a cheaper path that
// recorded less would fail.

const leanRequest = `{"max_tokens":1024,"messages":[{"content":"Hello","role":"user"}],"model":"claude-sonnet-4-5","temperature":0.5,"tools":[{"name":"get_weather","input_schema":{"type":"object"}}]}`

const leanResponse = `{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":3,"cache_read_input_tokens":4}}`

func leanTracer(mode noveumconfig.CaptureMode) (*llm.Tracer, *tracetest.SpanRecorder) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	return llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode)), rec
}

// echoNext answers every attempt with leanResponse, after reading the
// request body as the transport would; sent receives what it read.
func echoNext(sent *[]byte) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		*sent = b
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(leanResponse)), ContentLength: int64(len(leanResponse)), Request: req}, nil
	}
}

func spanAttrs(t *testing.T, rec *tracetest.SpanRecorder) map[attribute.Key]attribute.Value {
	t.Helper()
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans ended, want 1", len(spans))
	}
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range spans[0].Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// The body the client builds (io.NopCloser over a bytes.Reader) is read
// where it is: the transport gets the same body, unread and not replaced,
// and the span has the request's parameters, and its content with capture.
// Any other body is read and put back, with the same span.
func TestRequestBodyReadInPlace(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    func() io.ReadCloser
		inPlace bool
	}{
		{"client's body", func() io.ReadCloser { return io.NopCloser(bytes.NewReader([]byte(leanRequest))) }, true},
		{"strings.Reader", func() io.ReadCloser { return io.NopCloser(strings.NewReader(leanRequest)) }, true},
		{"streamed body", func() io.ReadCloser { return io.NopCloser(iotest.OneByteReader(strings.NewReader(leanRequest))) }, false},
	} {
		for _, mode := range []noveumconfig.CaptureMode{noveumconfig.CaptureNone, noveumconfig.CaptureSpanOnly} {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				tr, rec := leanTracer(mode)
				req, _ := http.NewRequest(http.MethodPost, "https://api.anthropic.com/v1/messages", nil)
				req.Body = tc.body()
				req.ContentLength = int64(len(leanRequest))
				original := req.Body
				var sent []byte
				var reached io.ReadCloser
				next := echoNext(&sent)
				res, err := Middleware(WithTracer(tr))(req, func(r *http.Request) (*http.Response, error) {
					reached = r.Body
					return next(r)
				})
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := io.ReadAll(res.Body); string(got) != leanResponse {
					t.Fatalf("the client read %q", got)
				}
				_ = res.Body.Close()
				if string(sent) != leanRequest {
					t.Errorf("the transport sent %q, want %q", sent, leanRequest)
				}
				if inPlace := reached == original; inPlace != tc.inPlace {
					t.Errorf("body passed on as it was: %v, want %v", inPlace, tc.inPlace)
				}
				a := spanAttrs(t, rec)
				for k, want := range map[attribute.Key]any{
					"gen_ai.request.model": "claude-sonnet-4-5", "gen_ai.request.max_tokens": int64(1024),
					"gen_ai.request.temperature": 0.5, "gen_ai.response.id": "msg_1",
					"gen_ai.response.model": "claude-sonnet-4-5", "gen_ai.usage.input_tokens": int64(14),
					"gen_ai.usage.output_tokens": int64(3), "gen_ai.usage.cache_read.input_tokens": int64(4),
					"http.response.status_code": int64(200), "http.request.method": "POST",
				} {
					if got := a[k].AsInterface(); got != want {
						t.Errorf("%s = %v, want %v", k, got, want)
					}
				}
				if got := a["gen_ai.response.finish_reasons"].AsStringSlice(); len(got) != 1 || got[0] != "stop" {
					t.Errorf("finish reasons %v", got)
				}
				_, hasInput := a["gen_ai.input.messages"]
				_, hasTools := a["gen_ai.tool.definitions"]
				_, hasOutput := a["gen_ai.output.messages"]
				if want := mode != noveumconfig.CaptureNone; hasInput != want || hasTools != want || hasOutput != want {
					t.Errorf("content recorded: input %v, tools %v, output %v; want %v", hasInput, hasTools, hasOutput, want)
				}
				if mode != noveumconfig.CaptureNone && !strings.Contains(a["gen_ai.tool.definitions"].AsString(), `"type":"object"`) {
					t.Errorf("tool definitions %s", a["gen_ai.tool.definitions"].AsString())
				}
			})
		}
	}
}

// A body already partly read is recorded from where its reader stands,
// as reading it would have found it, and is left there.
func TestRequestBodyInPlaceFromOffset(t *testing.T) {
	br := bytes.NewReader([]byte(`garbage` + leanRequest))
	_, _ = br.Seek(int64(len(`garbage`)), io.SeekStart)
	req, _ := http.NewRequest(http.MethodPost, "https://api.anthropic.com/v1/messages", nil)
	req.Body = io.NopCloser(br)
	r := requestOf(req, false)
	if r.Model != "claude-sonnet-4-5" || r.MaxTokens == nil || *r.MaxTokens != 1024 {
		t.Errorf("read %+v", r)
	}
	if rest, _ := io.ReadAll(req.Body); string(rest) != leanRequest {
		t.Errorf("the body now reads %q", rest)
	}
}

// Concurrent calls share the pooled buffers: each span records its own
// response, never another's.
func TestPooledBuffersConcurrentCalls(t *testing.T) {
	tr, rec := leanTracer(noveumconfig.CaptureNone)
	mw := Middleware(WithTracer(tr))
	const calls = 64
	done := make(chan struct{})
	for i := range calls {
		go func() {
			defer func() { done <- struct{}{} }()
			id := strings.Repeat("x", i) // responses of different lengths
			body := `{"model":"m` + id + `","max_tokens":1}`
			resp := `{"id":"msg_` + id + `","model":"m` + id + `","stop_reason":"max_tokens","usage":{"input_tokens":` + itoa(i) + `,"output_tokens":1}}`
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1:9/v1/messages", strings.NewReader(body))
			res, err := mw(req, func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
					Body: io.NopCloser(iotest.HalfReader(strings.NewReader(resp))), ContentLength: -1, Request: r}, nil
			})
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.ReadAll(res.Body)
			_ = res.Body.Close()
		}()
	}
	for range calls {
		<-done
	}
	spans := rec.Ended()
	if len(spans) != calls {
		t.Fatalf("%d spans, want %d", len(spans), calls)
	}
	for _, s := range spans {
		a := map[attribute.Key]attribute.Value{}
		for _, kv := range s.Attributes() {
			a[kv.Key] = kv.Value
		}
		id := strings.TrimPrefix(a["gen_ai.request.model"].AsString(), "m")
		if a["gen_ai.response.id"].AsString() != "msg_"+id || a["gen_ai.response.model"].AsString() != "m"+id ||
			a["gen_ai.usage.input_tokens"].AsInt64() != int64(len(id)) {
			t.Errorf("span of model m%s recorded id %s, model %s, input %d", id,
				a["gen_ai.response.id"].AsString(), a["gen_ai.response.model"].AsString(), a["gen_ai.usage.input_tokens"].AsInt64())
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestIsEventStream(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/event-stream": true, "text/event-stream; charset=utf-8": true, "Text/Event-Stream": true,
		" text/event-stream": true, "TEXT/EVENT-STREAM;charset=UTF-8": true,
		"": false, "application/json": false, "application/json; charset=utf-8": false,
		"text/plain": false, "application/x-event-stream": false,
	} {
		if got := isEventStream(ct); got != want {
			t.Errorf("isEventStream(%q) = %v, want %v", ct, got, want)
		}
	}
}

func TestServer(t *testing.T) {
	for url, want := range map[string]struct {
		host string
		port int
	}{
		"https://api.anthropic.com/v1/messages": {"api.anthropic.com", 443},
		"http://localhost/v1/messages":          {"localhost", 80},
		"http://127.0.0.1:8080/v1/messages":     {"127.0.0.1", 8080},
		"https://[::1]:8443/v1/messages":        {"::1", 8443},
	} {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if host, port := server(req); host != want.host || port != want.port {
			t.Errorf("server(%s) = %s, %d; want %s, %d", url, host, port, want.host, want.port)
		}
	}
}

func TestFinishReasonJSON(t *testing.T) {
	for v, want := range map[string]string{
		`"end_turn"`: "stop", `"stop_sequence"`: "stop", `"max_tokens"`: "length", `"tool_use"`: "tool_call",
		`"refusal"`: "content_filter", `"model_context_window_exceeded"`: "length",
		`"pause_turn"`: "pause_turn", `"end\u005fturn"`: "stop", `null`: "", `1`: "", `""`: "",
	} {
		if got := finishReasonJSON([]byte(v)); got != want {
			t.Errorf("finishReasonJSON(%s) = %q, want %q", v, got, want)
		}
	}
}

// Without content, reading a response copies out only what the span
// records that the request did not already give: the id and the finish
// reasons' slice (the model, when it is the requested one, and a known
// finish reason are not copied).
func TestResponseScanAllocations(t *testing.T) {
	body := []byte(leanResponse)
	var r llm.Response
	allocs := testing.AllocsPerRun(100, func() { r = response(body, false, "claude-sonnet-4-5") })
	if allocs > 2 {
		t.Errorf("%v allocations a response, want at most 2", allocs)
	}
	if r.ID != "msg_1" || r.Model != "claude-sonnet-4-5" || len(r.FinishReasons) != 1 || r.FinishReasons[0] != "stop" ||
		r.Usage.InputTokens.Int() != 14 || r.Usage.CacheReadInputTokens.Int() != 4 || r.Usage.OutputTokens.Int() != 3 {
		t.Errorf("read %+v", r)
	}
	if r := response(body, false, "another-model"); r.Model != "claude-sonnet-4-5" {
		t.Errorf("model %q when the request named another", r.Model)
	}
}
