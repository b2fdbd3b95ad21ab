package noveumopenai_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/responses"
	"github.com/openai/openai-go/v3/shared"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
)

func chatParams() openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{
		Model: shared.ChatModel("gpt-4o"),
		Messages: []openai.ChatCompletionMessageParamUnion{
			openai.SystemMessage("You are terse."),
			openai.UserMessage("Say hello."),
		},
		Temperature: openai.Float(0.2),
		MaxTokens:   openai.Int(64),
		Seed:        openai.Int(7),
	}
}

func weatherTool() openai.ChatCompletionToolUnionParam {
	return openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
		Name:        "get_weather",
		Description: openai.String("Weather of a city"),
		Parameters: shared.FunctionParameters{
			"type":       "object",
			"properties": map[string]any{"city": map[string]any{"type": "string"}},
		},
	})
}

func TestChatPlain(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", jsonReply(200, chatCompletion))
	client := f.client(traced(rec.tracer(config.CaptureNone)))

	resp, err := client.Chat.Completions.New(context.Background(), chatParams())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Choices[0].Message.Content != "Hello! How can I assist you today?" {
		t.Errorf("the application got %q", resp.Choices[0].Message.Content)
	}
	s := rec.only(t)
	if s.Name() != "chat gpt-4o" || s.SpanKind() != trace.SpanKindClient {
		t.Errorf("span %q kind %v, want chat gpt-4o, client", s.Name(), s.SpanKind())
	}
	a := attrs(s)
	for k, want := range map[string]any{
		"gen_ai.operation.name":                "chat",
		"gen_ai.provider.name":                 "openai", // a loopback host speaking OpenAI's API
		"gen_ai.request.model":                 "gpt-4o",
		"gen_ai.request.temperature":           0.2,
		"gen_ai.request.max_tokens":            int64(64),
		"gen_ai.request.seed":                  int64(7),
		"gen_ai.response.id":                   "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
		"gen_ai.response.model":                "gpt-4o-2024-08-06",
		"gen_ai.usage.input_tokens":            int64(19),
		"gen_ai.usage.output_tokens":           int64(10),
		"gen_ai.usage.cache_read.input_tokens": int64(3),
		"gen_ai.usage.reasoning.output_tokens": int64(2),
		"http.response.status_code":            int64(200),
		"server.address":                       "127.0.0.1",
	} {
		if got := a[k].AsInterface(); got != want {
			t.Errorf("%s = %v (%T), want %v", k, got, got, want)
		}
	}
	if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); len(fr) != 1 || fr[0] != "stop" {
		t.Errorf("finish reasons %v", fr)
	}
	if a["noveum.cost.total"].AsFloat64() <= 0 {
		t.Errorf("no cost: %v", a["noveum.cost.total"])
	}
	if _, ok := a["gen_ai.request.stream"]; ok {
		t.Error("a plain call is marked streamed")
	}
	for _, k := range []string{"gen_ai.input.messages", "gen_ai.output.messages", "http.request.resend_count", "error.type"} {
		if _, ok := a[k]; ok {
			t.Errorf("%s recorded with capture off on a first, successful attempt", k)
		}
	}
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
}

func TestChatCaptureContent(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", jsonReply(200, chatTwoChoices))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))

	p := chatParams()
	p.N = openai.Int(2)
	p.Tools = []openai.ChatCompletionToolUnionParam{weatherTool()}
	p.Messages = append(p.Messages,
		openai.ChatCompletionMessageParamUnion{OfAssistant: &openai.ChatCompletionAssistantMessageParam{
			ToolCalls: []openai.ChatCompletionMessageToolCallUnionParam{{OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{
				ID: "call_0", Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{Name: "get_weather", Arguments: `{"city":"Rome"}`}}}},
		}},
		openai.ToolMessage(`{"temp":21}`, "call_0"),
	)
	if _, err := client.Chat.Completions.New(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	a := attrs(rec.only(t))
	in := a["gen_ai.input.messages"].AsString()
	for _, want := range []string{
		`{"role":"system","parts":[{"type":"text","content":"You are terse."}]}`,
		`{"role":"user","parts":[{"type":"text","content":"Say hello."}]}`,
		`{"type":"tool_call","id":"call_0","name":"get_weather","arguments":{"city":"Rome"}}`,
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_0","response":{"temp":21}}]}`,
	} {
		if !strings.Contains(in, want) {
			t.Errorf("input messages lack %s:\n%s", want, in)
		}
	}
	out := a["gen_ai.output.messages"].AsString()
	for _, want := range []string{
		`{"role":"assistant","parts":[{"type":"text","content":"Red"}],"finish_reason":"stop"}`,
		`{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"}`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output messages lack %s:\n%s", want, out)
		}
	}
	tools := a["gen_ai.tool.definitions"].AsString()
	if !strings.Contains(tools, `"name":"get_weather"`) || !strings.Contains(tools, `"description":"Weather of a city"`) || !strings.Contains(tools, `"parameters":{`) {
		t.Errorf("tool definitions: %s", tools)
	}
	if got := a["gen_ai.request.choice.count"].AsInt64(); got != 2 {
		t.Errorf("choice count %d", got)
	}
	if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); strings.Join(fr, ",") != "stop,tool_call" {
		t.Errorf("finish reasons %v", fr)
	}
}

func TestChatStreamWithUsage(t *testing.T) {
	for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly} {
		t.Run(string(mode), func(t *testing.T) {
			rec := newRecorder(t)
			f := newFake(t)
			f.handle("POST /v1/chat/completions", sseReply(chatStreamEvents...))
			client := f.client(traced(rec.tracer(mode)))

			p := chatParams()
			p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
			stream := client.Chat.Completions.NewStreaming(context.Background(), p)
			var text string
			for stream.Next() {
				if c := stream.Current(); len(c.Choices) > 0 {
					text += c.Choices[0].Delta.Content
				}
			}
			if err := stream.Err(); err != nil {
				t.Fatal(err)
			}
			if text != "Hello there" {
				t.Errorf("the application read %q", text)
			}
			s := rec.only(t)
			a := attrs(s)
			if !a["gen_ai.request.stream"].AsBool() {
				t.Error("not marked streamed")
			}
			if a["gen_ai.usage.input_tokens"].AsInt64() != 12 || a["gen_ai.usage.output_tokens"].AsInt64() != 2 {
				t.Errorf("usage %v/%v", a["gen_ai.usage.input_tokens"], a["gen_ai.usage.output_tokens"])
			}
			if _, ok := a["gen_ai.usage.cache_read.input_tokens"]; !ok {
				t.Error("reported cached_tokens 0 missing: a reported zero is a count")
			}
			if a["noveum.response.chunk_count"].AsInt64() != 4 { // the usage chunk is not an output chunk
				t.Errorf("chunk count %v", a["noveum.response.chunk_count"])
			}
			if ttfc := a["gen_ai.response.time_to_first_chunk"].AsFloat64(); ttfc <= 0 || ttfc > 5 {
				t.Errorf("time to first chunk %v", ttfc)
			}
			if a["gen_ai.response.id"].AsString() != "chatcmpl-s1" || a["gen_ai.response.model"].AsString() != "gpt-4o-mini-2024-07-18" {
				t.Errorf("response id/model %v %v", a["gen_ai.response.id"], a["gen_ai.response.model"])
			}
			if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); strings.Join(fr, ",") != "stop" {
				t.Errorf("finish reasons %v", fr)
			}
			if a["noveum.cost.total"].AsFloat64() <= 0 {
				t.Error("no cost")
			}
			out, captured := a["gen_ai.output.messages"]
			if captured != (mode != config.CaptureNone) {
				t.Errorf("output captured = %v in mode %s", captured, mode)
			}
			if captured && out.AsString() != `[{"role":"assistant","parts":[{"type":"text","content":"Hello there"}],"finish_reason":"stop"}]` {
				t.Errorf("output %s", out.AsString())
			}
			if s.Status().Code == codes.Error {
				t.Errorf("status %v", s.Status())
			}
		})
	}
}

// Chunks carry "usage": null until the last: a stream without
// include_usage has no usage at all, not zeros, and no cost.
func TestChatStreamUsageNullIsNotZero(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", sseReply(chatStreamEvents[:4]...)) // no usage chunk, no [DONE]
	client := f.client(traced(rec.tracer(config.CaptureNone)))
	stream := client.Chat.Completions.NewStreaming(context.Background(), chatParams())
	for stream.Next() {
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	s := rec.only(t)
	a := attrs(s)
	for _, k := range []string{"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "noveum.cost.total", "noveum.cost.unpriced"} {
		if v, ok := a[k]; ok {
			t.Errorf("%s = %v for a stream that reported no usage", k, v.String())
		}
	}
	// Every choice finished: a missing [DONE] is no failure.
	if s.Status().Code == codes.Error {
		t.Errorf("status %v", s.Status())
	}
}

func TestChatStreamToolCallDeltas(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", sseReply(chatToolStreamEvents...))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))

	p := chatParams()
	p.Tools = []openai.ChatCompletionToolUnionParam{weatherTool()}
	stream := client.Chat.Completions.NewStreaming(context.Background(), p)
	acc := openai.ChatCompletionAccumulator{}
	for stream.Next() {
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if got := acc.Choices[0].Message.ToolCalls[0].Function.Arguments; got != `{"location":"Paris"}` {
		t.Errorf("the application assembled %q", got)
	}
	a := attrs(rec.only(t))
	want := `[{"role":"assistant","parts":[{"type":"tool_call","id":"call_abc","name":"get_weather","arguments":{"location":"Paris"}}],"finish_reason":"tool_call"}]`
	if got := a["gen_ai.output.messages"].AsString(); got != want {
		t.Errorf("output\n got %s\nwant %s", got, want)
	}
	if a["gen_ai.usage.input_tokens"].AsInt64() != 80 {
		t.Errorf("usage %v", a["gen_ai.usage.input_tokens"])
	}
}

func TestChatStreamTwoChoices(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/chat/completions", sseReply(chatTwoChoiceStreamEvents...))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))
	p := chatParams()
	p.N = openai.Int(2)
	stream := client.Chat.Completions.NewStreaming(context.Background(), p)
	for stream.Next() {
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	a := attrs(rec.only(t))
	if fr := a["gen_ai.response.finish_reasons"].AsStringSlice(); strings.Join(fr, ",") != "stop,length" {
		t.Errorf("finish reasons %v, want one per choice in choice order", fr)
	}
	want := `[{"role":"assistant","parts":[{"type":"text","content":"A"}],"finish_reason":"stop"},{"role":"assistant","parts":[{"type":"text","content":"B"}],"finish_reason":"length"}]`
	if got := a["gen_ai.output.messages"].AsString(); got != want {
		t.Errorf("output\n got %s\nwant %s", got, want)
	}
}

func responsesParams() responses.ResponseNewParams {
	return responses.ResponseNewParams{
		Model:        shared.ResponsesModel("gpt-4.1"),
		Instructions: openai.String("Be brief."),
		Input:        responses.ResponseNewParamsInputUnion{OfString: openai.String("Tell me a story about a unicorn.")},
		Temperature:  openai.Float(0.5),
	}
}

func TestResponsesPlain(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/responses", jsonReply(200, responseObject))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))

	resp, err := client.Responses.New(context.Background(), responsesParams())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.OutputText(), "In a peaceful grove") {
		t.Errorf("the application got %q", resp.OutputText())
	}
	s := rec.only(t)
	a := attrs(s)
	if s.Name() != "chat gpt-4.1" {
		t.Errorf("name %q", s.Name())
	}
	for k, want := range map[string]any{
		"gen_ai.response.id":                   "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
		"gen_ai.response.model":                "gpt-4.1-2025-04-14",
		"gen_ai.usage.input_tokens":            int64(36),
		"gen_ai.usage.output_tokens":           int64(87),
		"gen_ai.usage.cache_read.input_tokens": int64(10),
		"gen_ai.usage.reasoning.output_tokens": int64(20),
		"gen_ai.request.temperature":           0.5,
		"gen_ai.system_instructions":           `[{"type":"text","content":"Be brief."}]`,
		"gen_ai.input.messages":                `[{"role":"user","parts":[{"type":"text","content":"Tell me a story about a unicorn."}]}]`,
		"gen_ai.output.messages":               `[{"role":"assistant","parts":[{"type":"reasoning","content":"Thinking about unicorns."},{"type":"text","content":"In a peaceful grove beneath a silver moon..."}],"finish_reason":"stop"}]`,
	} {
		if got := a[k].AsInterface(); got != want {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if a["noveum.cost.total"].AsFloat64() <= 0 {
		t.Error("no cost")
	}
}

func TestResponsesStream(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/responses", sseReply(responsesStreamEvents...))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))

	stream := client.Responses.NewStreaming(context.Background(), responsesParams())
	var text string
	for stream.Next() {
		if e := stream.Current(); e.Type == "response.output_text.delta" {
			text += e.Delta
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if text != "Hi there" {
		t.Errorf("the application read %q", text)
	}
	a := attrs(rec.only(t))
	if !a["gen_ai.request.stream"].AsBool() || a["noveum.response.chunk_count"].AsInt64() != 2 {
		t.Errorf("stream %v, chunks %v (want the two text deltas)", a["gen_ai.request.stream"], a["noveum.response.chunk_count"])
	}
	if a["gen_ai.response.id"].AsString() != "resp_s1" || a["gen_ai.usage.output_tokens"].AsInt64() != 3 {
		t.Errorf("id %v usage %v", a["gen_ai.response.id"], a["gen_ai.usage.output_tokens"])
	}
	if got := a["gen_ai.output.messages"].AsString(); got != `[{"role":"assistant","parts":[{"type":"text","content":"Hi there"}],"finish_reason":"stop"}]` {
		t.Errorf("output %s", got)
	}
	if _, ok := a["gen_ai.response.time_to_first_chunk"]; !ok {
		t.Error("no time to first chunk")
	}
}

func TestResponsesStreamToolCall(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	// Cut before response.completed: the output comes from the deltas.
	f.handle("POST /v1/responses", sseReply(responsesToolStreamEvents[:5]...))
	client := f.client(traced(rec.tracer(config.CaptureSpanOnly)))
	stream := client.Responses.NewStreaming(context.Background(), responsesParams())
	for stream.Next() {
	}
	s := rec.only(t)
	a := attrs(s)
	if got := a["gen_ai.output.messages"].AsString(); !strings.Contains(got, `{"type":"tool_call","id":"call_9","name":"get_weather","arguments":{"city":"Oslo"}}`) {
		t.Errorf("output %s", got)
	}
	// No response.completed: the stream did not finish.
	if s.Status().Code != codes.Error || a["error.type"].AsString() != "incomplete_stream" {
		t.Errorf("status %v, error.type %v", s.Status(), a["error.type"])
	}
}

func TestEmbeddings(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("POST /v1/embeddings", jsonReply(200, embeddingList))
	client := f.client(traced(rec.tracer(config.CaptureNone)))

	res, err := client.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model:          openai.EmbeddingModelTextEmbedding3Small,
		Input:          openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"a", "b"}},
		EncodingFormat: openai.EmbeddingNewParamsEncodingFormatFloat,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Data) != 2 {
		t.Errorf("the application got %d embeddings", len(res.Data))
	}
	s := rec.only(t)
	a := attrs(s)
	if s.Name() != "embeddings text-embedding-3-small" {
		t.Errorf("name %q", s.Name())
	}
	if a["gen_ai.embeddings.dimension.count"].AsInt64() != 4 || a["gen_ai.usage.input_tokens"].AsInt64() != 8 {
		t.Errorf("dims %v usage %v", a["gen_ai.embeddings.dimension.count"], a["gen_ai.usage.input_tokens"])
	}
	if f := a["gen_ai.request.encoding_formats"].AsStringSlice(); len(f) != 1 || f[0] != "float" {
		t.Errorf("encoding formats %v", f)
	}
	if _, ok := a["gen_ai.usage.output_tokens"]; ok {
		t.Error("embeddings report no output tokens")
	}
}

func TestOtherEndpoint(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	f.handle("GET /v1/models/gpt-4o", jsonReply(200, `{"id":"gpt-4o","object":"model","created":1686935002,"owned_by":"openai"}`))
	f.handle("POST /v1/images/generations", jsonReply(500, `{"error":{"message":"boom","type":"server_error","code":null}}`))
	client := f.client(traced(rec.tracer(config.CaptureNone)), option.WithMaxRetries(0))

	if _, err := client.Models.Get(context.Background(), "gpt-4o"); err != nil {
		t.Fatal(err)
	}
	_, err := client.Images.Generate(context.Background(), openai.ImageGenerateParams{Prompt: "a cat", Model: openai.ImageModel("gpt-image-1")})
	if err == nil {
		t.Fatal("no error from a 500")
	}
	spans := rec.ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	models, images := attrs(spans[0]), attrs(spans[1])
	if spans[0].Name() != "models" || models["http.request.method"].AsString() != "GET" || models["http.response.status_code"].AsInt64() != 200 {
		t.Errorf("models span %q %v", spans[0].Name(), models)
	}
	if spans[1].Name() != "images.generations gpt-image-1" || images["error.type"].AsString() != "500" || spans[1].Status().Code != codes.Error {
		t.Errorf("images span %q %v %v", spans[1].Name(), images["error.type"], spans[1].Status())
	}
	if !strings.Contains(spans[1].Status().Description, "server_error") {
		t.Errorf("status description %q lacks the provider's error type", spans[1].Status().Description)
	}
}

func TestErrorTypes(t *testing.T) {
	for _, tc := range []struct {
		status   int
		body     string
		wantType string
		wantCode string
	}{
		{400, badRequestBody, "400", "invalid_value"},
		{500, `{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}`, "500", "server_error"},
		{503, `upstream unavailable`, "503", ""},
	} {
		t.Run(tc.wantType, func(t *testing.T) {
			rec := newRecorder(t)
			f := newFake(t)
			f.handle("POST /v1/chat/completions", jsonReply(tc.status, tc.body))
			client := f.client(traced(rec.tracer(config.CaptureNone)), option.WithMaxRetries(0))
			_, err := client.Chat.Completions.New(context.Background(), chatParams())
			var apiErr *openai.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
				t.Fatalf("the application got %v, want its *openai.Error %d", err, tc.status)
			}
			s := rec.only(t)
			a := attrs(s)
			if a["error.type"].AsString() != tc.wantType || s.Status().Code != codes.Error {
				t.Errorf("error.type %q status %v", a["error.type"].AsString(), s.Status())
			}
			if !strings.Contains(s.Status().Description, tc.wantCode) {
				t.Errorf("status description %q lacks %q", s.Status().Description, tc.wantCode)
			}
			for _, k := range []string{"gen_ai.usage.input_tokens", "noveum.cost.total"} {
				if _, ok := a[k]; ok {
					t.Errorf("%s on a failed call", k)
				}
			}
		})
	}
}

// The client retries a 429: one span per attempt, both children of the
// caller's span; the failed one has status Error, error.type 429, no usage
// and no cost; the retry has http.request.resend_count 1 and the usage.
func TestRetryOneSpanPerAttempt(t *testing.T) {
	rec := newRecorder(t)
	f := newFake(t)
	calls := 0
	f.handle("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("Retry-After-Ms", "1")
			jsonReply(429, rateLimitBody)(w, r)
			return
		}
		jsonReply(200, chatCompletion)(w, r)
	})
	client := f.client(traced(rec.tracer(config.CaptureNone)), option.WithMaxRetries(2))

	ctx, parent := rec.tp.Tracer("app").Start(context.Background(), "handle request")
	if _, err := client.Chat.Completions.New(ctx, chatParams()); err != nil {
		t.Fatal(err)
	}
	parent.End()
	spans := rec.ended()
	if len(spans) != 3 {
		t.Fatalf("%d spans, want 2 attempts and the parent", len(spans))
	}
	first, second := spans[0], spans[1]
	for _, s := range []sdktrace.ReadOnlySpan{first, second} {
		if s.Parent().SpanID() != parent.SpanContext().SpanID() {
			t.Errorf("attempt %q is not a child of the caller's span", s.Name())
		}
	}
	fa, sa := attrs(first), attrs(second)
	if first.Status().Code != codes.Error || fa["error.type"].AsString() != "429" || fa["http.response.status_code"].AsInt64() != 429 {
		t.Errorf("first attempt: status %v error.type %v", first.Status(), fa["error.type"])
	}
	if strings.Contains(first.Status().Description, "sk-abc") || strings.Contains(first.Status().Description, "Rate limit reached") {
		t.Errorf("the provider's message (which may quote a key) reached the span: %q", first.Status().Description)
	}
	if !strings.Contains(first.Status().Description, "rate_limit_exceeded") {
		t.Errorf("status description %q", first.Status().Description)
	}
	for _, k := range []string{"gen_ai.usage.input_tokens", "noveum.cost.total", "http.request.resend_count"} {
		if _, ok := fa[k]; ok {
			t.Errorf("first attempt has %s", k)
		}
	}
	if sa["http.request.resend_count"].AsInt64() != 1 || second.Status().Code == codes.Error {
		t.Errorf("retry: resend_count %v status %v", sa["http.request.resend_count"], second.Status())
	}
	if sa["gen_ai.usage.input_tokens"].AsInt64() != 19 || sa["noveum.cost.total"].AsFloat64() <= 0 {
		t.Errorf("retry: usage %v cost %v", sa["gen_ai.usage.input_tokens"], sa["noveum.cost.total"])
	}
}
