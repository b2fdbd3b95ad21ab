package goopenai_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/integration/goopenai"
	"github.com/Noveum/noveum-trace-go/llm"
)

func tracer(mode config.CaptureMode) (*llm.Tracer, *tracetest.SpanRecorder) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	return llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode)), rec
}

// TestResponseUntouched sends the same requests through the traced client
// and through the bare one, reading the bodies in small pieces: the bytes,
// the status and the headers the application gets are the same, and the
// server receives the same request bodies.
func TestResponseUntouched(t *testing.T) {
	stream := "data: " + chunk(textDelta(0, "Hé\\u00e9\\n"), "null") + "\r\n\r\n: keep-alive\n\nevent: x\ndata: " +
		chunk(finish(0, "stop"), `{"prompt_tokens":1,"completion_tokens":1}`) + "\n\ndata: [DONE]\n\n"
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, string(b))
		if strings.Contains(string(b), `"stream":true`) {
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, stream)
			return
		}
		writeJSON(w, 200, chatResponse)
	}))
	defer srv.Close()

	for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanAndEvent} {
		tr, rec := tracer(mode)
		traced := goopenai.WrapClient(srv.Client(), goopenai.WithTracer(tr))
		for _, body := range []string{`{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}`,
			`{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`,
			`not json at all`} {
			var outs [2][]byte
			for i, c := range []openai.HTTPDoer{srv.Client(), traced} {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/chat/completions", strings.NewReader(body))
				resp, err := c.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				outs[i] = readSmall(t, resp.Body)
				resp.Body.Close()
			}
			if !bytes.Equal(outs[0], outs[1]) {
				t.Errorf("%s: traced response differs:\n%q\n%q", body, outs[1], outs[0])
			}
			if got[len(got)-1] != body || got[len(got)-2] != body {
				t.Errorf("the server received %q, want %q", got[len(got)-1], body)
			}
		}
		if n := len(rec.Ended()); n != 3 {
			t.Errorf("%s: %d spans, want 3", mode, n)
		}
	}
}

// readSmall reads r 7 bytes at a time, so that lines and JSON values are
// split across reads.
func readSmall(t *testing.T, r io.Reader) []byte {
	var out []byte
	buf := make([]byte, 7)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestRequestBodyWithoutGetBody: a request built without GetBody still
// reaches the server whole, and can be sent again.
func TestRequestBodyWithoutGetBody(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, string(b))
		writeJSON(w, 200, chatResponse)
	}))
	defer srv.Close()
	tr, rec := tracer(config.CaptureNone)
	body := `{"model":"gpt-4o","temperature":0.25,"messages":[]}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/chat/completions", io.NopCloser(strings.NewReader(body)))
	if req.GetBody != nil {
		t.Fatal("the request has GetBody")
	}
	resp, err := goopenai.WrapClient(srv.Client(), goopenai.WithTracer(tr)).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if len(got) != 1 || got[0] != body {
		t.Fatalf("the server received %q", got)
	}
	if req.GetBody == nil {
		t.Fatal("the body was read and not restored for a resend")
	}
	again, _ := req.GetBody()
	if b, _ := io.ReadAll(again); string(b) != body {
		t.Errorf("GetBody gives %q", b)
	}
	want(t, rec.Ended()[0], map[string]any{"gen_ai.request.temperature": 0.25})
}

// TestStreamObservedAsRead: the application gets the first chunk while
// the server still holds the rest, and the span's time to first chunk is
// when it arrived, not when the stream ended.
func TestStreamObservedAsRead(t *testing.T) {
	gotFirst := make(chan struct{})
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w, chunk(textDelta(0, "Hel"), "null"))
		select {
		case <-gotFirst:
		case <-r.Context().Done():
			return
		}
		sse(w, chunk(finish(0, "stop"), "null"), "[DONE]")
	})
	stream, err := f.client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	firstAt := time.Now()
	if len(f.spans.Ended()) != 0 {
		t.Fatal("the span ended before the stream did")
	}
	close(gotFirst)
	streamText(t, stream)
	stream.Close()
	s := f.only()
	ttfc := attrs(s)["gen_ai.response.time_to_first_chunk"].AsFloat64()
	if at := s.StartTime().Add(time.Duration(ttfc * float64(time.Second))); at.After(firstAt) {
		t.Errorf("first chunk recorded at %v, after the application had it (%v)", at, firstAt)
	}
	if !s.EndTime().After(firstAt) {
		t.Error("the span ended before the application read the end of the stream")
	}
}

func TestTransportError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	tr, rec := tracer(config.CaptureNone)
	cfg := openai.DefaultConfig("sk-test")
	cfg.BaseURL = "http://" + addr + "/v1"
	client := openai.NewClientWithConfig(goopenai.Config(cfg, goopenai.WithTracer(tr)))
	_, err = client.CreateChatCompletion(context.Background(), chatRequest())
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("the application got %v, want the transport's connection refused", err)
	}
	s := rec.Ended()[0]
	want(t, s, map[string]any{"error.type": "connection_refused", "http.response.status_code": nil})
	if s.Status().Code != codes.Error {
		t.Errorf("status %v", s.Status())
	}
}

func TestSecretsNotRecorded(t *testing.T) {
	f := newFixture(t, config.CaptureSpanAndEvent, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 429, `{"error":{"message":"slow down"}}`) })
	f.client.CreateChatCompletion(context.Background(), chatRequest())
	s := f.only()
	for _, kv := range s.Attributes() {
		if strings.Contains(kv.Value.String(), "sk-test-secret") {
			t.Errorf("%s holds the API key", kv.Key)
		}
	}
	for _, e := range s.Events() {
		for _, kv := range e.Attributes {
			if strings.Contains(kv.Value.String(), "sk-test-secret") {
				t.Errorf("event %s: %s holds the API key", e.Name, kv.Key)
			}
		}
	}
	if strings.Contains(s.Status().Description, "sk-test") {
		t.Error("the status holds the API key")
	}
}

func TestWrapTwiceRecordsOnce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, chatResponse) }))
	defer srv.Close()
	tr, rec := tracer(config.CaptureNone)
	cfg := openai.DefaultConfig("sk-test")
	cfg.BaseURL = srv.URL + "/v1"
	cfg.HTTPClient = srv.Client()
	cfg = goopenai.Config(goopenai.Config(cfg, goopenai.WithTracer(tr)), goopenai.WithTracer(tr))
	if _, err := openai.NewClientWithConfig(cfg).CreateChatCompletion(context.Background(), chatRequest()); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Ended()); n != 1 {
		t.Errorf("%d spans for one call", n)
	}
}
