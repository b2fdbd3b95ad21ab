package noveumopenai_test

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
	"go.opentelemetry.io/otel/codes"

	"github.com/Noveum/noveum-trace-go/config"
)

// An error body of unknown length (chunked) is observed as the client
// reads it, and still gives the status and the provider's code.
func TestErrorBodyChunked(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadGateway)
		w.(http.Flusher).Flush() // no Content-Length: chunked
		io.WriteString(w, `{"error":{"message":"bad gateway","type":"server_error","code":"upstream_error"}}`)
	})
	client := f.client(traced(rec.tracer(config.CaptureNone)), option.WithMaxRetries(0))
	_, err := client.Chat.Completions.New(context.Background(), chatParams())
	var apiErr *openai.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadGateway || apiErr.Code != "upstream_error" {
		t.Fatalf("the application got %v", err)
	}
	s := rec.only(t)
	if attrs(s)["error.type"].AsString() != "502" || !strings.Contains(s.Status().Description, "upstream_error") {
		t.Errorf("error.type %v, status %q", attrs(s)["error.type"], s.Status().Description)
	}
}

// An error inside a 200 stream fails the span with the provider's code.
func TestStreamErrorEvents(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		events     []string
		want       string
	}{
		{"chat", "/v1/chat/completions", append(chatStreamEvents[:2:2], `data: {"error":{"message":"overloaded","type":"server_error","code":"server_overloaded"}}`+"\n\n"), "server_overloaded"},
		{"responses error", "/v1/responses", append(responsesStreamEvents[:2:2], named(`{"type":"error","code":"rate_limit_exceeded","message":"slow down","param":null,"sequence_number":2}`)...), "rate_limit_exceeded"},
		{"responses failed", "/v1/responses", append(responsesStreamEvents[:2:2], named(`{"type":"response.failed","sequence_number":2,"response":{"id":"resp_s1","object":"response","status":"failed","model":"gpt-4.1-2025-04-14","output":[],"error":{"code":"server_error","message":"boom"},"usage":null}}`)...), "server_error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t)
			f := newFake(t)
			f.handle("POST "+tc.path, sseReply(tc.events...))
			client := f.client(traced(rec.tracer(config.CaptureNone)))
			if strings.Contains(tc.path, "chat") {
				stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
				for stream.Next() {
				}
			} else {
				stream := client.Responses.NewStreaming(context.Background(), responsesParams())
				for stream.Next() {
				}
			}
			s := rec.only(t)
			if got := attrs(s)["error.type"].AsString(); got != tc.want || s.Status().Code != codes.Error {
				t.Errorf("error.type %q status %v, want %q", got, s.Status(), tc.want)
			}
		})
	}
}

// Responses that call a function finish with tool_call; the output records
// the call.
func TestResponsesToolCallFinish(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/responses", sseReply(responsesToolStreamEvents...))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))
	p := responsesParams()
	p.Tools = []responses.ToolUnionParam{{OfFunction: &responses.FunctionToolParam{Name: "get_weather",
		Parameters: map[string]any{"type": "object"}}}}
	stream := client.Responses.NewStreaming(context.Background(), p)
	for stream.Next() {
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	a := attrs(rec.only(t))
	if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); strings.Join(fr, ",") != "tool_call" {
		t.Errorf("finish reasons %v", fr)
	}
	if got := a["gen_ai.tool.definitions"].AsString(); !strings.Contains(got, `"name":"get_weather"`) {
		t.Errorf("tools %s", got)
	}
	if a["gen_ai.usage.input_tokens"].AsInt64() != 50 {
		t.Errorf("usage %v", a["gen_ai.usage.input_tokens"])
	}
}

// Base64 embeddings: the dimension count comes from the decoded length.
func TestEmbeddingsBase64(t *testing.T) {
	vec := make([]byte, 4*3)
	for i, v := range []float32{0.5, -1, 2} {
		binary.LittleEndian.PutUint32(vec[4*i:], math.Float32bits(v))
	}
	body := `{"object":"list","data":[{"object":"embedding","embedding":"` + base64.StdEncoding.EncodeToString(vec) + `","index":0}],"model":"text-embedding-3-large","usage":{"prompt_tokens":2,"total_tokens":2}}`
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/embeddings", jsonReply(200, body))
	client := f.client(traced(rec.tracer(config.CaptureNone)))
	_, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model: openai.EmbeddingModelTextEmbedding3Large, Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("x")},
		EncodingFormat: openai.EmbeddingNewParamsEncodingFormatBase64})
	if err != nil {
		t.Fatal(err)
	}
	if got := attrs(rec.only(t))["gen_ai.embeddings.dimension.count"].AsInt64(); got != 3 {
		t.Errorf("dimensions %d, want 3", got)
	}
}

// Usage on the last chunk that also has a choice (vLLM, some compatible
// servers) is recorded, once.
func TestStreamUsageOnLastChoiceChunk(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", sseReply(data(
		chunk(`{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}`, "null"),
		chunk(`{"index":0,"delta":{},"finish_reason":"stop"}`, `{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}`),
		"[DONE]")...))
	client := f.client(traced(rec.tracer(config.CaptureNone)))
	stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
	for stream.Next() {
	}
	a := attrs(rec.only(t))
	if a["gen_ai.usage.input_tokens"].AsInt64() != 5 || a["gen_ai.usage.output_tokens"].AsInt64() != 1 || a["noveum.response.chunk_count"].AsInt64() != 2 {
		t.Errorf("usage %v/%v chunks %v", a["gen_ai.usage.input_tokens"], a["gen_ai.usage.output_tokens"], a["noveum.response.chunk_count"])
	}
}

// One client used from many goroutines (run with -race): each call gets
// its own span, with its own usage.
func TestConcurrentSafe(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept"), "event-stream") || strings.Contains(r.URL.RawQuery, "s") {
			sseReply(chatStreamEvents...)(w, r)
			return
		}
		jsonReply(200, chatCompletion)(w, r)
	})
	client := f.client(traced(rec.tracer(config.CaptureSpanAndEvent)))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if i%2 == 0 {
				client.Chat.Completions.New(context.Background(), chatParams())
				return
			}
			stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams(), option.WithQuery("s", "1"))
			for stream.Next() {
			}
		})
	}
	wg.Wait()
	spans := rec.ended()
	if len(spans) != 8 {
		t.Fatalf("%d spans", len(spans))
	}
	for _, s := range spans {
		a := attrs(s)
		want := int64(19)
		if a["gen_ai.request.stream"].AsBool() {
			want = 12
		}
		if a["gen_ai.usage.input_tokens"].AsInt64() != want {
			t.Errorf("span %s: input tokens %v, want %d", s.SpanContext().SpanID(), a["gen_ai.usage.input_tokens"], want)
		}
	}
}

// An incomplete response (max_output_tokens reached) finishes with
// "length", and is no failure.
func TestResponsesIncomplete(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/responses", jsonReply(200, `{"id":"resp_i","object":"response","status":"incomplete","incomplete_details":{"reason":"max_output_tokens"},"model":"gpt-4.1-2025-04-14","output":[{"type":"message","id":"m","status":"incomplete","role":"assistant","content":[{"type":"output_text","text":"Once upon","annotations":[]}]}],"usage":{"input_tokens":5,"output_tokens":16,"total_tokens":21}}`))
	client := f.client(traced(rec.tracer(config.CaptureNone)))
	if _, err := client.Responses.New(context.Background(), responsesParams()); err != nil {
		t.Fatal(err)
	}
	s := rec.only(t)
	a := attrs(s)
	if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); strings.Join(fr, ",") != "length" || s.Status().Code == codes.Error {
		t.Errorf("finish reasons %v status %v", fr, s.Status())
	}
}

// A per-attempt timeout (option.WithRequestTimeout) is a "timeout".
func TestAttemptTimeout(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	client := f.client(traced(rec.tracer(config.CaptureNone)), option.WithMaxRetries(0), option.WithRequestTimeout(20*time.Millisecond))
	if _, err := client.Chat.Completions.New(context.Background(), chatParams()); err == nil {
		t.Fatal("no error")
	}
	if got := attrs(rec.only(t))["error.type"].AsString(); got != "timeout" {
		t.Errorf("error.type %q", got)
	}
}
