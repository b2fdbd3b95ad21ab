package goopenai_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/integration/goopenai"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func TestChat(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			t.Errorf("path %s", r.URL.Path)
		}
		writeJSON(w, 200, chatResponse)
	})
	resp, err := f.client.CreateChatCompletion(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "Hello there, how may I assist you today?" || resp.Usage.PromptTokens != 1200 {
		t.Fatalf("the application got %+v", resp)
	}
	s := f.only()
	if s.Name() != "chat gpt-4o" || s.SpanKind() != trace.SpanKindClient || s.Status().Code == codes.Error {
		t.Fatalf("span %q kind %v status %v", s.Name(), s.SpanKind(), s.Status())
	}
	cost, ok := llm.DefaultPriceBook().Cost("gpt-4o-2024-08-06", llm.Usage{
		InputTokens: llm.Tokens(1200), OutputTokens: llm.Tokens(300),
		CacheReadInputTokens: llm.Tokens(1024), ReasoningOutputTokens: llm.Tokens(64)})
	if !ok {
		t.Fatal("gpt-4o has no price")
	}
	want(t, s, map[string]any{
		"gen_ai.operation.name":                    "chat",
		"gen_ai.provider.name":                     "openai",
		"gen_ai.request.model":                     "gpt-4o",
		"gen_ai.request.temperature":               0.5,
		"gen_ai.request.max_tokens":                256,
		"gen_ai.response.id":                       "chatcmpl-123",
		"gen_ai.response.model":                    "gpt-4o-2024-08-06",
		"gen_ai.response.finish_reasons":           `["stop"]`,
		"gen_ai.usage.input_tokens":                1200,
		"gen_ai.usage.output_tokens":               300,
		"gen_ai.usage.cache_read.input_tokens":     1024,
		"gen_ai.usage.reasoning.output_tokens":     64,
		"gen_ai.usage.cache_creation.input_tokens": nil,
		"noveum.cost.total":                        cost.Total,
		"http.response.status_code":                200,
		"server.address":                           "127.0.0.1",
		"gen_ai.request.stream":                    nil,
		"gen_ai.input.messages":                    nil, // capture off
		"gen_ai.output.messages":                   nil,
		"error.type":                               nil,
	})
}

func TestStreamWithUsage(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w,
			chunk(`{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}`, "null"),
			chunk(textDelta(0, "Hel"), "null"),
			chunk(textDelta(0, "lo"), "null"),
			chunk(finish(0, "stop"), "null"),
			chunk("", `{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}`),
			"[DONE]")
	})
	req := chatRequest()
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	stream, err := f.client.CreateChatCompletionStream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	text, err := streamText(t, stream)
	stream.Close()
	if !errors.Is(err, io.EOF) || text != "Hello" {
		t.Fatalf("the application read %q, %v", text, err)
	}
	s := f.only()
	want(t, s, map[string]any{
		"gen_ai.request.stream":                true,
		"gen_ai.response.id":                   "chatcmpl-9",
		"gen_ai.response.model":                "gpt-4o-mini-2024-07-18",
		"gen_ai.response.finish_reasons":       `["stop"]`,
		"gen_ai.usage.input_tokens":            9,
		"gen_ai.usage.output_tokens":           2,
		"gen_ai.usage.cache_read.input_tokens": 0, // reported as 0: recorded
		"noveum.response.chunk_count":          5,
		"error.type":                           nil,
	})
	if !has(s, "gen_ai.response.time_to_first_chunk") || !has(s, "noveum.cost.total") {
		t.Errorf("no time to first chunk or cost: %v", s.Attributes())
	}
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
}

func TestStreamUsageNull(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w, chunk(textDelta(0, "Hi"), "null"), chunk(finish(0, "stop"), "null"), "[DONE]")
	})
	stream, err := f.client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	text, _ := streamText(t, stream)
	stream.Close()
	if text != "Hi" {
		t.Fatalf("read %q", text)
	}
	s := f.only()
	want(t, s, map[string]any{
		"gen_ai.response.finish_reasons": `["stop"]`,
		"gen_ai.usage.input_tokens":      nil, // "usage": null is not zero
		"gen_ai.usage.output_tokens":     nil,
		"noveum.cost.total":              nil,
		"noveum.cost.unpriced":           nil,
		"noveum.response.chunk_count":    2,
	})
}

func TestStreamToolCallDeltas(t *testing.T) {
	f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) {
		sse(w,
			chunk(`{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}`, "null"),
			chunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]},"logprobs":null,"finish_reason":null}`, "null"),
			chunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ation\":\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}`, "null"),
			chunk(finish(0, "tool_calls"), "null"),
			"[DONE]")
	})
	req := chatRequest()
	req.Tools = []openai.Tool{{Type: openai.ToolTypeFunction, Function: &openai.FunctionDefinition{
		Name: "get_weather", Description: "Weather in a city",
		Parameters: json.RawMessage(`{"type":"object","properties":{"location":{"type":"string"}}}`)}}}
	stream, err := f.client.CreateChatCompletionStream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var args strings.Builder
	for {
		r, err := stream.Recv()
		if err != nil {
			break
		}
		for _, tc := range r.Choices[0].Delta.ToolCalls {
			args.WriteString(tc.Function.Arguments)
		}
	}
	stream.Close()
	if args.String() != `{"location":"Paris"}` {
		t.Fatalf("the application read %q", args.String())
	}
	s := f.only()
	want(t, s, map[string]any{
		"gen_ai.response.finish_reasons": `["tool_call"]`,
		"gen_ai.output.messages":         `[{"role":"assistant","parts":[{"type":"tool_call","id":"call_abc","name":"get_weather","arguments":{"location":"Paris"}}],"finish_reason":"tool_call"}]`,
		"gen_ai.tool.definitions":        `[{"type":"function","name":"get_weather","description":"Weather in a city","parameters":{"type":"object","properties":{"location":{"type":"string"}}}}]`,
	})
}

func TestChoicesN(t *testing.T) {
	t.Run("plain", func(t *testing.T) {
		f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			"choices":[{"index":0,"message":{"role":"assistant","content":"A"},"finish_reason":"stop"},
			{"index":1,"message":{"role":"assistant","content":"B"},"finish_reason":"length"}],
			"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}`)
		})
		req := chatRequest()
		req.N = 2
		if _, err := f.client.CreateChatCompletion(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		want(t, f.only(), map[string]any{
			"gen_ai.request.choice.count":    2,
			"gen_ai.response.finish_reasons": `["stop","length"]`,
			"gen_ai.output.messages":         `[{"role":"assistant","parts":[{"type":"text","content":"A"}],"finish_reason":"stop"},{"role":"assistant","parts":[{"type":"text","content":"B"}],"finish_reason":"length"}]`,
		})
	})
	t.Run("stream", func(t *testing.T) {
		f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) {
			sse(w, chunk(textDelta(0, "A"), "null"), chunk(textDelta(1, "B"), "null"),
				chunk(finish(1, "stop"), "null"), chunk(finish(0, "stop"), "null"), "[DONE]")
		})
		req := chatRequest()
		req.N = 2
		stream, err := f.client.CreateChatCompletionStream(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		streamText(t, stream)
		stream.Close()
		want(t, f.only(), map[string]any{
			"gen_ai.request.choice.count":    2,
			"gen_ai.response.finish_reasons": `["stop","stop"]`,
			"gen_ai.output.messages":         `[{"role":"assistant","parts":[{"type":"text","content":"A"}],"finish_reason":"stop"},{"role":"assistant","parts":[{"type":"text","content":"B"}],"finish_reason":"stop"}]`,
			"error.type":                     nil,
		})
	})
}

func TestEmbeddings(t *testing.T) {
	vec := make([]string, 1536)
	for i := range vec {
		vec[i] = "-0.0069292834"
	}
	body := `{"object":"list","data":[{"object":"embedding","embedding":[` + strings.Join(vec, ",") +
		`],"index":0},{"object":"embedding","embedding":[` + strings.Join(vec, ",") +
		`],"index":1}],"model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}`
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, body)
	})
	resp, err := f.client.CreateEmbeddings(context.Background(), openai.EmbeddingRequest{
		Input: []string{"a", "b"}, Model: openai.SmallEmbedding3})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Data) != 2 || len(resp.Data[1].Embedding) != 1536 {
		t.Fatalf("the application got %d embeddings", len(resp.Data))
	}
	s := f.only()
	if s.Name() != "embeddings text-embedding-3-small" {
		t.Errorf("name %q", s.Name())
	}
	want(t, s, map[string]any{
		"gen_ai.operation.name":             "embeddings",
		"gen_ai.request.model":              "text-embedding-3-small",
		"gen_ai.response.model":             "text-embedding-3-small",
		"gen_ai.embeddings.dimension.count": 1536,
		"gen_ai.usage.input_tokens":         8,
		"gen_ai.usage.output_tokens":        nil,
		"http.response.status_code":         200,
	})
}

func TestOtherEndpoint(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/models":
			writeJSON(w, 200, `{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1,"owned_by":"openai"}]}`)
		default:
			writeJSON(w, 404, `{"error":{"message":"No such model","type":"invalid_request_error","param":null,"code":"model_not_found"}}`)
		}
	})
	models, err := f.client.ListModels(context.Background())
	if err != nil || len(models.Models) != 1 {
		t.Fatalf("ListModels: %v %v", models, err)
	}
	if _, err := f.client.GetModel(context.Background(), "gpt-4o-2024-08-06"); err == nil {
		t.Fatal("GetModel of a missing model did not fail")
	}
	ended := f.spans.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans", len(ended))
	}
	if ended[0].Name() != "models" || ended[1].Name() != "models/{id}" {
		t.Errorf("names %q %q", ended[0].Name(), ended[1].Name())
	}
	want(t, ended[0], map[string]any{"http.response.status_code": 200, "http.request.method": "GET", "error.type": nil})
	want(t, ended[1], map[string]any{"http.response.status_code": 404, "error.type": "404"})
	if ended[1].Status().Code != codes.Error {
		t.Errorf("404 status %v", ended[1].Status())
	}
}

// TestRateLimitThenSuccess: go-openai does not retry; the application
// does, and each attempt is a span of its own: the 429 failed, without
// usage or cost; the retry carries them.
func TestRateLimitThenSuccess(t *testing.T) {
	calls := 0
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After", "0")
			writeJSON(w, 429, `{"error":{"message":"Rate limit reached for gpt-4o","type":"requests","param":null,"code":"rate_limit_exceeded"}}`)
			return
		}
		writeJSON(w, 200, chatResponse)
	})
	var err error
	for range 2 {
		if _, err = f.client.CreateChatCompletion(context.Background(), chatRequest()); err == nil {
			break
		}
		var apiErr *openai.APIError
		if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 429 {
			t.Fatalf("the application got %v, want go-openai's 429 APIError", err)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	ended := f.spans.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans, want one per attempt", len(ended))
	}
	want(t, ended[0], map[string]any{
		"error.type": "429", "http.response.status_code": 429,
		"gen_ai.usage.input_tokens": nil, "noveum.cost.total": nil, "gen_ai.response.finish_reasons": nil,
	})
	if ended[0].Status().Code != codes.Error {
		t.Errorf("429 status %v", ended[0].Status())
	}
	want(t, ended[1], map[string]any{"error.type": nil, "gen_ai.usage.input_tokens": 1200})
	if !has(ended[1], "noveum.cost.total") {
		t.Error("the successful attempt has no cost")
	}
}

func TestStreamCutMidway(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w, chunk(textDelta(0, "Hel"), "null"), chunk(textDelta(0, "lo"), "null"))
		panic(http.ErrAbortHandler) // the connection drops mid-stream
	})
	stream, err := f.client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	text, err := streamText(t, stream)
	stream.Close()
	if text != "Hello" || err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("the application read %q, %v", text, err)
	}
	s := f.only()
	want(t, s, map[string]any{
		"error.type":                     "unexpected_eof",
		"gen_ai.response.finish_reasons": `["error"]`,
		"noveum.response.chunk_count":    2,
		"gen_ai.usage.input_tokens":      nil,
	})
	if s.Status().Code != codes.Error {
		t.Errorf("status %v", s.Status())
	}
}

func TestContextCancelledMidStream(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w, chunk(textDelta(0, "Hel"), "null"))
		<-r.Context().Done() // the client goes away
	})
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := f.client.CreateChatCompletionStream(ctx, chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := stream.Recv(); err == nil {
		t.Fatal("Recv after cancel did not fail")
	}
	stream.Close()
	s := f.only()
	want(t, s, map[string]any{
		"error.type":                     "canceled",
		"gen_ai.response.finish_reasons": `["error"]`,
		"noveum.response.chunk_count":    1,
	})
	if s.Status().Code != codes.Error {
		t.Errorf("status %v", s.Status())
	}
}

func TestEarlyClose(t *testing.T) {
	release := make(chan struct{})
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w, chunk(textDelta(0, "Hel"), "null"))
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	stream, err := f.client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != nil {
		t.Fatal(err)
	}
	stream.Close() // the application has what it wanted
	s := f.only()
	want(t, s, map[string]any{
		"error.type":                     nil,
		"gen_ai.response.finish_reasons": `["` + llm.FinishReasonCancelled + `"]`,
		"noveum.response.chunk_count":    1,
	})
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
}

func TestMalformedEvent(t *testing.T) {
	f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) {
		sse(w, chunk(textDelta(0, "Hel"), "null"), `{"id":"chatcmpl-9","choices":[{"index":0,"delta":{"content":"lo"`,
			chunk(textDelta(0, "!"), "null"), chunk(finish(0, "stop"), "null"), "[DONE]")
	})
	stream, err := f.client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	text, err := streamText(t, stream)
	stream.Close()
	if text != "Hel" || err == nil || errors.Is(err, io.EOF) {
		t.Fatalf("go-openai should fail on the malformed event: read %q, %v", text, err)
	}
	s := f.only()
	// The span records what the server sent, as the application's reader
	// pulled it: the malformed event counts for the timings and is
	// otherwise skipped, but what could be read of it is kept (its "lo");
	// the events around it are read.
	want(t, s, map[string]any{
		"noveum.response.chunk_count":    4,
		"gen_ai.response.finish_reasons": `["stop"]`,
		"gen_ai.output.messages":         `[{"role":"assistant","parts":[{"type":"text","content":"Hello!"}],"finish_reason":"stop"}]`,
		"error.type":                     nil,
	})
}

func TestInStreamError(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w, chunk(textDelta(0, "Hel"), "null"), `{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}`)
	})
	stream, err := f.client.CreateChatCompletionStream(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	_, err = streamText(t, stream)
	stream.Close()
	if err == nil || !strings.Contains(err.Error(), "The server had an error") {
		t.Fatalf("the application got %v", err)
	}
	s := f.only()
	want(t, s, map[string]any{"error.type": "server_error", "gen_ai.response.finish_reasons": `["error"]`})
	if s.Status().Code != codes.Error || s.Status().Description != "stream error: The server had an error" {
		t.Errorf("status %v", s.Status())
	}
}

func TestCapture(t *testing.T) {
	req := chatRequest()
	req.Messages = append(req.Messages,
		openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, ToolCalls: []openai.ToolCall{{
			ID: "call_1", Type: openai.ToolTypeFunction, Function: openai.FunctionCall{Name: "lookup", Arguments: `{"q":"x"}`}}}},
		openai.ChatCompletionMessage{Role: openai.ChatMessageRoleTool, ToolCallID: "call_1", Content: `{"answer":42}`},
		openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, MultiContent: []openai.ChatMessagePart{
			{Type: openai.ChatMessagePartTypeText, Text: "and this?"},
			{Type: openai.ChatMessagePartTypeImageURL, ImageURL: &openai.ChatMessageImageURL{URL: "https://example.com/cat.png"}},
		}})
	for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly} {
		t.Run(string(mode), func(t *testing.T) {
			f := newFixture(t, mode, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, chatResponse) })
			if _, err := f.client.CreateChatCompletion(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			s := f.only()
			if mode == config.CaptureNone {
				for _, k := range []string{"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.definitions"} {
					if has(s, k) {
						t.Errorf("%s recorded with capture off", k)
					}
				}
				return
			}
			want(t, s, map[string]any{
				"gen_ai.input.messages": `[{"role":"system","parts":[{"type":"text","content":"You are terse."}]},` +
					`{"role":"user","parts":[{"type":"text","content":"Hello"}]},` +
					`{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"lookup","arguments":{"q":"x"}}]},` +
					`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":{"answer":42}}]},` +
					`{"role":"user","parts":[{"type":"text","content":"and this?"},{"type":"uri","modality":"image","uri":"https://example.com/cat.png"}]}]`,
				"gen_ai.output.messages": `[{"role":"assistant","parts":[{"type":"text","content":"Hello there, how may I assist you today?"}],"finish_reason":"stop"}]`,
			})
		})
	}
}

func TestNestsUnderCallerSpan(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, chatResponse) })
	ctx, parent := f.tp.Tracer("app").Start(context.Background(), "handle request")
	if _, err := f.client.CreateChatCompletion(ctx, chatRequest()); err != nil {
		t.Fatal(err)
	}
	parent.End()
	ended := f.spans.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans", len(ended))
	}
	child := ended[0]
	if child.Parent().SpanID() != parent.SpanContext().SpanID() || child.SpanContext().TraceID() != parent.SpanContext().TraceID() {
		t.Errorf("the chat span is not a child of the caller's span")
	}
}

func TestProviderFromHost(t *testing.T) {
	for host, want := range map[string]semconv.Provider{
		"api.openai.com":                          semconv.ProviderOpenAI,
		"my-resource.openai.azure.com":            semconv.ProviderAzureAIOpenAI,
		"API.GROQ.COM":                            semconv.ProviderGroq,
		"api.deepseek.com":                        semconv.ProviderDeepSeek,
		"api.mistral.ai":                          semconv.ProviderMistralAI,
		"api.x.ai":                                semconv.ProviderXAI,
		"api.perplexity.ai":                       semconv.ProviderPerplexity,
		"generativelanguage.googleapis.com":       semconv.ProviderGCPGemini,
		"localhost":                               semconv.ProviderOpenAI,
		"us-central1-aiplatform.googleapis.com":   semconv.ProviderGCPVertexAI,
		"bedrock-runtime.us-east-1.amazonaws.com": semconv.ProviderAWSBedrock,
		"s3.amazonaws.com":                        semconv.ProviderOpenAI,
		"notapi.openai.com.evil.example":          semconv.ProviderOpenAI,
		"evilapi.groq.com":                        semconv.ProviderOpenAI,
	} {
		if got := goopenai.ProviderForHost(host); got != want {
			t.Errorf("%s: %s, want %s", host, got, want)
		}
	}
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, chatResponse) },
		goopenai.WithProvider("vllm"))
	if _, err := f.client.CreateChatCompletion(context.Background(), chatRequest()); err != nil {
		t.Fatal(err)
	}
	want(t, f.only(), map[string]any{"gen_ai.provider.name": "vllm"})
}

func TestAzure(t *testing.T) {
	tr, rec := tracer(config.CaptureNone)
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		writeJSON(w, 200, chatResponse)
	}))
	defer srv.Close()
	cfg := openai.DefaultAzureConfig("azure-key", srv.URL)
	client := openai.NewClientWithConfig(goopenai.Config(cfg, goopenai.WithTracer(tr)))
	if _, err := client.CreateChatCompletion(context.Background(), chatRequest()); err != nil {
		t.Fatal(err)
	}
	if len(paths) != 1 || paths[0] != "/openai/deployments/gpt-4o/chat/completions" {
		t.Fatalf("paths %v", paths)
	}
	s := rec.Ended()[0]
	if s.Name() != "chat gpt-4o" {
		t.Errorf("name %q", s.Name())
	}
	want(t, s, map[string]any{"gen_ai.usage.input_tokens": 1200, "gen_ai.response.model": "gpt-4o-2024-08-06"})
}

// TestLongResponse: a chat response past the 1 MiB kept is still read for
// its usage, model and id (from its end and its start).
func TestLongResponse(t *testing.T) {
	long := strings.Repeat("All work and no play. ", 80_000) // 1.7 MB
	body := `{"id":"chatcmpl-long","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"` +
		long + `"},"finish_reason":"length"}],"usage":{"prompt_tokens":10,"completion_tokens":400000,"total_tokens":400010}}`
	f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
	resp, err := f.client.CreateChatCompletion(context.Background(), chatRequest())
	if err != nil || len(resp.Choices[0].Message.Content) != len(long) {
		t.Fatalf("the application got %d bytes, %v", len(resp.Choices[0].Message.Content), err)
	}
	want(t, f.only(), map[string]any{
		"gen_ai.usage.output_tokens": 400000,
		"gen_ai.response.model":      "gpt-4o-2024-08-06",
		"gen_ai.response.id":         "chatcmpl-long",
	})
}

func TestConcurrentSafe(t *testing.T) {
	f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") == "text/event-stream" { // the fixture has read the body
			sse(w, chunk(textDelta(0, "Hi"), "null"), chunk(finish(0, "stop"), "null"), "[DONE]")
			return
		}
		writeJSON(w, 200, chatResponse)
	})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			if i%2 == 0 {
				if _, err := f.client.CreateChatCompletion(context.Background(), chatRequest()); err != nil {
					t.Error(err)
				}
				return
			}
			stream, err := f.client.CreateChatCompletionStream(context.Background(), chatRequest())
			if err != nil {
				t.Error(err)
				return
			}
			defer stream.Close()
			if text, _ := streamText(t, stream); text != "Hi" {
				t.Errorf("read %q", text)
			}
		})
	}
	wg.Wait()
	ended := f.spans.Ended()
	if len(ended) != 16 {
		t.Fatalf("%d spans", len(ended))
	}
	for _, s := range ended {
		if s.Status().Code == codes.Error || !has(s, "gen_ai.response.finish_reasons") {
			t.Errorf("%s: %v %v", s.Name(), s.Status(), s.Attributes())
		}
	}
}

func TestLegacyCompletions(t *testing.T) {
	f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") == "text/event-stream" {
			sse(w, `{"id":"cmpl-2","object":"text_completion","created":1,"choices":[{"text":"This is","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-3.5-turbo-instruct"}`,
				`{"id":"cmpl-2","object":"text_completion","created":1,"choices":[{"text":" a test","index":0,"logprobs":null,"finish_reason":"length"}],"model":"gpt-3.5-turbo-instruct"}`,
				"[DONE]")
			return
		}
		writeJSON(w, 200, `{"id":"cmpl-1","object":"text_completion","created":1589478378,"model":"gpt-3.5-turbo-instruct",
			"choices":[{"text":"\n\nThis is indeed a test","index":0,"logprobs":null,"finish_reason":"length"}],
			"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}`)
	})
	req := openai.CompletionRequest{Model: openai.GPT3Dot5TurboInstruct, Prompt: "Say this is a test", MaxTokens: 7}
	if _, err := f.client.CreateCompletion(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	stream, err := f.client.CreateCompletionStream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := stream.Recv(); err != nil {
			break
		}
	}
	stream.Close()
	ended := f.spans.Ended()
	if len(ended) != 2 || ended[0].Name() != "text_completion gpt-3.5-turbo-instruct" {
		t.Fatalf("%d spans, %q", len(ended), ended[0].Name())
	}
	want(t, ended[0], map[string]any{
		"gen_ai.operation.name":          "text_completion",
		"gen_ai.request.max_tokens":      7,
		"gen_ai.usage.input_tokens":      5,
		"gen_ai.usage.output_tokens":     7,
		"gen_ai.response.finish_reasons": `["length"]`,
		"gen_ai.input.messages":          `[{"role":"user","parts":[{"type":"text","content":"Say this is a test"}]}]`,
		"gen_ai.output.messages":         `[{"role":"assistant","parts":[{"type":"text","content":"\n\nThis is indeed a test"}],"finish_reason":"length"}]`,
	})
	want(t, ended[1], map[string]any{
		"gen_ai.request.stream":          true,
		"noveum.response.chunk_count":    2,
		"gen_ai.response.finish_reasons": `["length"]`,
		"gen_ai.output.messages":         `[{"role":"assistant","parts":[{"type":"text","content":"This is a test"}],"finish_reason":"length"}]`,
	})
}
