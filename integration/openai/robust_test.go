package noveumopenai_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"go.opentelemetry.io/otel/codes"

	"github.com/Noveum/noveum-trace-go/config"
	noveumopenai "github.com/Noveum/noveum-trace-go/integration/openai"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The server dies after two chunks: the chunked body ends without its
// terminating chunk, the application's stream fails, and so does the span,
// with a transport class as error.type.
func TestStreamCutMidway(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
		for _, e := range chatStreamEvents[:2] {
			writeChunk(buf, e)
		}
		buf.Flush()
	})
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)), option.WithMaxRetries(0))
	stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
	n := 0
	for stream.Next() {
		n++
	}
	if stream.Err() == nil || n != 2 {
		t.Fatalf("the application read %d chunks, error %v; want 2 and an error", n, stream.Err())
	}
	s := rec.only(t)
	a := attrs(s)
	if s.Status().Code != codes.Error || a["error.type"].AsString() != "unexpected_eof" {
		t.Errorf("status %v error.type %q", s.Status(), a["error.type"].AsString())
	}
	if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); strings.Join(fr, ",") != "error" {
		t.Errorf("finish reasons %v", fr)
	}
	if got := a["gen_ai.output.messages"].AsString(); !strings.Contains(got, `"content":"Hello"`) {
		t.Errorf("the text read before the cut is lost: %s", got)
	}
}

func writeChunk(w *bufio.ReadWriter, s string) {
	w.WriteString(strings.ToUpper(strconvHex(len(s))) + "\r\n" + s + "\r\n")
}

func strconvHex(n int) string {
	const digits = "0123456789abcdef"
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 16 {
		b = append([]byte{digits[n%16]}, b...)
	}
	return string(b)
}

// blockingStream sends the first chunks, then waits for the client to go.
func blockingStream(events []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, e := range events {
			io.WriteString(w, e)
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
}

func TestStreamContextCancelled(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", blockingStream(chatStreamEvents[:2]))
	client := f.client(traced(rec.tracer(config.CaptureNone)), option.WithMaxRetries(0))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream := client.Chat.Completions.NewStreaming(ctx, chatParams())
	n := 0
	for stream.Next() {
		if n++; n == 2 {
			cancel() // the application gives up while the server still streams
		}
	}
	if !errors.Is(stream.Err(), context.Canceled) {
		t.Fatalf("the application got %v", stream.Err())
	}
	s := rec.only(t)
	a := attrs(s)
	if s.Status().Code != codes.Error || a["error.type"].AsString() != "canceled" {
		t.Errorf("status %v error.type %q", s.Status(), a["error.type"].AsString())
	}
	if a["noveum.response.chunk_count"].AsInt64() != 2 {
		t.Errorf("chunks %v", a["noveum.response.chunk_count"])
	}
}

// The application closes the stream after the first chunk: abandoned, not
// failed (finish reason "cancelled", status unset), ended at the close.
func TestStreamClosedEarly(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", blockingStream(chatStreamEvents[:2]))
	client := f.client(traced(rec.tracer(config.CaptureNone)))
	stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
	if !stream.Next() {
		t.Fatal(stream.Err())
	}
	if len(rec.ended()) != 0 {
		t.Fatal("the span ended before the stream did")
	}
	stream.Close()
	s := rec.only(t)
	a := attrs(s)
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
	if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); strings.Join(fr, ",") != llm.FinishReasonCancelled {
		t.Errorf("finish reasons %v", fr)
	}
}

// Events the middleware cannot read (bad JSON, an unknown shape, a field of
// another type) are passed to the application as they are; the span keeps
// what it could read.
func TestMalformedEvents(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	events := []string{
		chatStreamEvents[0],
		"data: {not json\n\n",
		": a comment line\n\n",
		"event: surprise\ndata: {\"type\":\"something.new\",\"choices\":7}\n\n",
		"data: " + chunk(`{"index":"zero","delta":{"content":42},"finish_reason":null}`, `"lots"`) + "\n\n",
	}
	events = append(events, chatStreamEvents[1:]...)
	f.handle("POST /v1/chat/completions", sseReply(events...))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))
	stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
	n := 0
	for stream.Next() {
		n++
	}
	// openai-go stops at the bad JSON; the span must not claim success
	// beyond what happened, nor break.
	if stream.Err() == nil {
		t.Fatalf("openai-go accepted bad JSON after %d chunks", n)
	}
	s := rec.only(t)
	a := attrs(s)
	if a["gen_ai.response.id"].AsString() != "chatcmpl-s1" {
		t.Errorf("what could be read is lost: %v", a)
	}

	// The same events read raw (as an application reading the body itself
	// would): every event is read, the span gets the usage after them.
	rec2 := newRecorder(t)
	client = f.client(traced(rec2.tracer(config.CaptureSpanOnly)))
	var raw *http.Response
	err := client.Post(context.Background(), "chat/completions", map[string]any{"model": "gpt-4o", "stream": true}, &raw)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(raw.Body)
	raw.Body.Close()
	if want := strings.Join(events, ""); string(got) != want {
		t.Errorf("bytes changed:\n got %q\nwant %q", got, want)
	}
	a = attrs(rec2.only(t))
	if a["gen_ai.usage.input_tokens"].AsInt64() != 12 || a["noveum.response.chunk_count"].AsInt64() < 4 {
		t.Errorf("usage %v chunks %v", a["gen_ai.usage.input_tokens"], a["noveum.response.chunk_count"])
	}
	if got := a["gen_ai.output.messages"].AsString(); !strings.Contains(got, `"Hello there"`) {
		t.Errorf("output %s", got)
	}
}

// A plain response that is not the JSON expected still reaches the
// application byte for byte, and the span ends.
func TestUnparseableBody(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	const body = `{"id": 12, "choices": "none", "usage": {"prompt_tokens": "many"}}`
	f.handle("POST /v1/chat/completions", jsonReply(200, body))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))
	var raw *http.Response
	_, err := client.Chat.Completions.New(context.Background(), chatParams(), option.WithResponseInto(&raw))
	if err != nil {
		t.Fatal(err)
	}
	a := attrs(rec.only(t))
	if _, ok := a["gen_ai.usage.input_tokens"]; ok {
		t.Error("a count that is not a number was recorded")
	}
}

// Response bytes reach the application unchanged, streamed and not; the
// server receives the same request bytes as from a client without the
// middleware.
func TestBytesUntouched(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	stream := strings.Join(chatToolStreamEvents, "")
	f.handle("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, "stream") {
			sseReply(stream)(w, r)
			return
		}
		jsonReply(200, chatCompletion)(w, r)
	})
	body := map[string]any{"model": "gpt-4o", "messages": []any{map[string]any{"role": "user", "content": "hi ✓"}}}
	for _, tc := range []struct {
		path string
		want string
	}{{"chat/completions", chatCompletion}, {"chat/completions?stream=1", stream}} {
		for _, mw := range []bool{false, true} {
			opts := []option.RequestOption{}
			if mw {
				opts = append(opts, traced(rec.tracer(config.CaptureSpanAndEvent)))
			}
			client := f.client(opts...)
			var raw *http.Response
			if err := client.Post(context.Background(), tc.path, body, &raw); err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(raw.Body)
			raw.Body.Close()
			if err != nil || string(got) != tc.want {
				t.Errorf("%s (middleware %v): bytes changed (%v)", tc.path, mw, err)
			}
		}
	}
	bodies := f.requestBodies()
	for i := 1; i < len(bodies); i++ {
		if !bytes.Equal(bodies[i], bodies[0]) {
			t.Errorf("request %d sent %q, want %q", i, bodies[i], bodies[0])
		}
	}
	if len(rec.ended()) != 2 {
		t.Errorf("%d spans, want 2", len(rec.ended()))
	}
}

func TestProviderFromBaseURL(t *testing.T) {
	for _, tc := range []struct {
		base string
		want string
	}{
		{"https://api.openai.com/v1/", "openai"},
		{"https://my-res.openai.azure.com/openai/deployments/gpt4o/", "azure.ai.openai"},
		{"https://api.groq.com/openai/v1/", "groq"},
		{"https://api.deepseek.com/", "deepseek"},
		{"https://api.mistral.ai/v1/", "mistral_ai"},
		{"https://api.x.ai/v1/", "x_ai"},
		{"https://api.perplexity.ai/", "perplexity"},
		{"https://generativelanguage.googleapis.com/v1beta/openai/", "gcp.gemini"},
		{"http://localhost:11434/v1/", "ollama"},
		{"http://vllm.internal:8000/v1/", "openai"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			rec := newRecorder(t)
			f := newFake(t)
			f.handle("POST /v1/chat/completions", jsonReply(200, chatCompletion))
			// Every base URL is routed to the fake by a transport that
			// keeps the request's URL as the client built it.
			client := openai.NewClient(
				option.WithBaseURL(tc.base), option.WithAPIKey("k"), option.WithMaxRetries(0),
				option.WithHTTPClient(&http.Client{Transport: redirectTo(f.Listener.Addr().String())}),
				traced(rec.tracer(config.CaptureNone)))
			client.Chat.Completions.New(context.Background(), chatParams())
			a := attrs(rec.only(t))
			if got := a["gen_ai.provider.name"].AsString(); got != tc.want {
				t.Errorf("provider %q, want %q", got, tc.want)
			}
		})
	}
	// The option overrides the host.
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", jsonReply(200, chatCompletion))
	client := f.client(traced(rec.tracer(config.CaptureNone), noveumopenai.WithProvider("my-gateway")))
	client.Chat.Completions.New(context.Background(), chatParams())
	if got := attrs(rec.only(t))["gen_ai.provider.name"].AsString(); got != "my-gateway" {
		t.Errorf("provider %q with WithProvider", got)
	}
}

// redirectTo dials addr whatever the URL says.
func redirectTo(addr string) http.RoundTripper {
	return &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
}

func TestNestingUnderCallerSpan(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", sseReply(chatStreamEvents...))
	client := f.client(traced(rec.tracer(config.CaptureNone)))
	ctx, parent := rec.tp.Tracer("app").Start(context.Background(), "agent turn")
	stream := client.Chat.Completions.NewStreaming(ctx, chatParams())
	for stream.Next() {
	}
	parent.End()
	spans := rec.ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	chat := spans[0]
	if chat.Parent().SpanID() != parent.SpanContext().SpanID() || chat.SpanContext().TraceID() != parent.SpanContext().TraceID() {
		t.Error("the chat span is not a child of the caller's span")
	}
}

// A transport error (nothing listening) gets a transport class, and the
// application gets the client's own error.
func TestTransportError(t *testing.T) {
	rec := newRecorder(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	client := openai.NewClient(option.WithBaseURL("http://"+addr+"/v1/?key=secret-in-query"), option.WithAPIKey("k"),
		option.WithMaxRetries(0), traced(rec.tracer(config.CaptureNone)))
	_, err = client.Chat.Completions.New(context.Background(), chatParams())
	if err == nil {
		t.Fatal("no error")
	}
	s := rec.only(t)
	if got := attrs(s)["error.type"].AsString(); got != "connection_refused" {
		t.Errorf("error.type %q", got)
	}
	if strings.Contains(s.Status().Description, "secret-in-query") {
		t.Errorf("a URL query reached the span: %q", s.Status().Description)
	}
}

// With capture off nothing of the content is recorded, on the span or in
// events; EVENT_ONLY puts it on the event only.
func TestCaptureModes(t *testing.T) {
	for _, tc := range []struct {
		mode          config.CaptureMode
		span, onEvent bool
	}{
		{config.CaptureNone, false, false},
		{config.CaptureSpanOnly, true, false},
		{config.CaptureEventOnly, false, true},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			rec := newRecorder(t)
			f := newFake(t)
			f.handle("POST /v1/chat/completions", jsonReply(200, chatCompletion))
			client := f.client(traced(rec.tracer(tc.mode)))
			p := chatParams()
			p.Tools = []openai.ChatCompletionToolUnionParam{weatherTool()}
			client.Chat.Completions.New(context.Background(), p)
			s := rec.only(t)
			a := attrs(s)
			for _, k := range []string{"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.definitions"} {
				if _, ok := a[k]; ok != tc.span {
					t.Errorf("%s on the span: %v", k, ok)
				}
			}
			onEvent := false
			for _, e := range s.Events() {
				for _, kv := range e.Attributes {
					if kv.Key == "gen_ai.input.messages" {
						onEvent = true
					}
				}
			}
			if onEvent != tc.onEvent {
				t.Errorf("content on an event: %v", onEvent)
			}
		})
	}
}

// Without WithTracer the middleware uses llm.Default() at each request, so
// a default set after the client was built (as noveumtrace.Init does)
// applies.
func TestDefaultTracerLookedUpPerRequest(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/embeddings", jsonReply(200, embeddingList))
	client := f.client(option.WithMiddleware(noveumopenai.Middleware()))
	old := llm.Default()
	llm.SetDefault(rec.tracer(config.CaptureNone))
	t.Cleanup(func() { llm.SetDefault(old) })
	client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Small, Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")}})
	if rec.only(t).Name() != "embeddings text-embedding-3-small" {
		t.Error("wrong span")
	}
}
