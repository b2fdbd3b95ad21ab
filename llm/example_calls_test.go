package llm_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// printSpans prints the spans an in-memory exporter holds: name, kind,
// status and attributes in key order. Timings vary from run to run, so
// only their presence is shown.
func printSpans(exp *tracetest.InMemoryExporter) {
	for _, s := range exp.GetSpans() {
		fmt.Printf("%s (%s)", s.Name, s.SpanKind)
		if s.Status.Code != codes.Unset {
			fmt.Printf(" status=%s %q", s.Status.Code, s.Status.Description)
		}
		fmt.Println()
		var lines []string
		for _, kv := range s.Attributes {
			var v string
			switch {
			case kv.Key == semconv.GenAIResponseTimeToFirstChunkKey || kv.Key == semconv.NoveumResponseTimePerOutputChunkKey:
				v = "(measured)"
			case kv.Value.Type() == attribute.FLOAT64:
				v = strconv.FormatFloat(kv.Value.AsFloat64(), 'g', 6, 64)
			case kv.Value.Type() == attribute.STRINGSLICE:
				v = fmt.Sprintf("%q", kv.Value.AsStringSlice())
			default:
				v = fmt.Sprint(kv.Value.AsInterface())
			}
			lines = append(lines, fmt.Sprintf("  %s = %s", kv.Key, v))
		}
		sort.Strings(lines)
		fmt.Println(strings.Join(lines, "\n"))
		for _, ev := range s.Events {
			fmt.Printf("  event %s\n", ev.Name)
		}
	}
}

// newExampleTracer returns a Tracer recording into an in-memory exporter,
// as a test would; an application uses NewTracer() with its global
// TracerProvider, or noveumtrace.LLMOptions with the SDK configuration.
func newExampleTracer(opts ...llm.Option) (*llm.Tracer, *tracetest.InMemoryExporter) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	return llm.NewTracer(append([]llm.Option{llm.WithTracerProvider(tp)}, opts...)...), exp
}

// A chat call: start the span with the request, record the response (with
// its usage, which prices the call), end it.
func Example_chat() {
	tracer, exp := newExampleTracer()

	ctx, call := tracer.StartChat(context.Background(), llm.Request{
		Provider:    semconv.ProviderOpenAI,
		Model:       "gpt-4o-mini",
		Temperature: new(0.2),
		MaxTokens:   new(256),
		Messages:    []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Hello!")}}},
	})
	_ = ctx // pass ctx to the provider's client so its spans nest under the call
	call.RecordResponse(llm.Response{
		ID:    "chatcmpl-123",
		Model: "gpt-4o-mini-2024-07-18",
		Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "stop",
			Parts: []llm.Part{llm.Text("Hi! How can I help?")}}},
		Usage: llm.Usage{InputTokens: llm.Tokens(9), OutputTokens: llm.Tokens(7)},
	})
	call.End(nil)

	printSpans(exp)
	// Output:
	// chat gpt-4o-mini (client)
	//   gen_ai.operation.name = chat
	//   gen_ai.provider.name = openai
	//   gen_ai.request.max_tokens = 256
	//   gen_ai.request.model = gpt-4o-mini
	//   gen_ai.request.temperature = 0.2
	//   gen_ai.response.finish_reasons = ["stop"]
	//   gen_ai.response.id = chatcmpl-123
	//   gen_ai.response.model = gpt-4o-mini-2024-07-18
	//   gen_ai.usage.input_tokens = 9
	//   gen_ai.usage.output_tokens = 7
	//   noveum.cost.currency = USD
	//   noveum.cost.input = 1.35e-06
	//   noveum.cost.output = 4.2e-06
	//   noveum.cost.total = 5.55e-06
	//   noveum.input.message_count = 1
}

// A streamed call: record each chunk as it arrives; End measures the time
// to first chunk, assembles the output and takes usage from the last chunk.
func Example_stream() {
	tracer, exp := newExampleTracer(llm.WithCaptureContent(config.CaptureSpanOnly))

	_, call := tracer.StartChat(context.Background(), llm.Request{
		Provider: semconv.ProviderAnthropic,
		Model:    "claude-sonnet-4-5",
		Stream:   true,
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Say hi")}}},
	})
	for _, ch := range []llm.Chunk{
		{ResponseID: "msg_01", Model: "claude-sonnet-4-5-20250929", Usage: llm.Usage{InputTokens: llm.Tokens(10)}},
		{Text: "Hi"},
		{Text: " there!"},
		{FinishReason: "end_turn", Usage: llm.Usage{OutputTokens: llm.Tokens(4)}},
	} {
		call.RecordChunk(ch)
	}
	call.End(nil)

	printSpans(exp)
	// Output:
	// chat claude-sonnet-4-5 (client)
	//   gen_ai.input.messages = [{"role":"user","parts":[{"type":"text","content":"Say hi"}]}]
	//   gen_ai.operation.name = chat
	//   gen_ai.output.messages = [{"role":"assistant","parts":[{"type":"text","content":"Hi there!"}],"finish_reason":"end_turn"}]
	//   gen_ai.provider.name = anthropic
	//   gen_ai.request.model = claude-sonnet-4-5
	//   gen_ai.request.stream = true
	//   gen_ai.response.finish_reasons = ["end_turn"]
	//   gen_ai.response.id = msg_01
	//   gen_ai.response.model = claude-sonnet-4-5-20250929
	//   gen_ai.response.time_to_first_chunk = (measured)
	//   gen_ai.usage.input_tokens = 10
	//   gen_ai.usage.output_tokens = 4
	//   noveum.cost.currency = USD
	//   noveum.cost.input = 3e-05
	//   noveum.cost.output = 6e-05
	//   noveum.cost.total = 9e-05
	//   noveum.input.message_count = 1
	//   noveum.response.chunk_count = 4
	//   noveum.response.time_per_output_chunk = (measured)
}

// A tool-calling turn: the model asks for a tool, the application runs it
// and sends the result back. With content capture on, the messages carry
// the tool call and its response.
func Example_toolCall() {
	tracer, exp := newExampleTracer(llm.WithCaptureContent(config.CaptureSpanOnly), llm.WithPriceBook(nil))

	tools := []llm.ToolDefinition{{Type: "function", Name: "get_weather",
		Parameters: []byte(`{"type":"object","properties":{"city":{"type":"string"}}}`)}}
	question := llm.Message{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Weather in Paris?")}}

	_, call := tracer.StartChat(context.Background(), llm.Request{
		Provider: semconv.ProviderOpenAI, Model: "gpt-4o", Tools: tools,
		Messages: []llm.Message{question},
	})
	toolCall := llm.Message{Role: llm.RoleAssistant, FinishReason: "tool_call",
		Parts: []llm.Part{llm.ToolCall("call_1", "get_weather", []byte(`{"city":"Paris"}`))}}
	call.RecordResponse(llm.Response{Messages: []llm.Message{toolCall}})
	call.End(nil)

	// ... run get_weather, then ask again with its result ...
	_, call = tracer.StartChat(context.Background(), llm.Request{
		Provider: semconv.ProviderOpenAI, Model: "gpt-4o", Tools: tools,
		Messages: []llm.Message{question, toolCall,
			{Role: llm.RoleTool, Parts: []llm.Part{llm.ToolCallResponse("call_1", []byte(`{"temp_c":18}`))}}},
	})
	call.RecordResponse(llm.Response{Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "stop",
		Parts: []llm.Part{llm.Text("18°C in Paris.")}}}})
	call.End(nil)

	printSpans(exp)
	// Output:
	// chat gpt-4o (client)
	//   gen_ai.input.messages = [{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]
	//   gen_ai.operation.name = chat
	//   gen_ai.output.messages = [{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"}]
	//   gen_ai.provider.name = openai
	//   gen_ai.request.model = gpt-4o
	//   gen_ai.response.finish_reasons = ["tool_call"]
	//   gen_ai.tool.definitions = [{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]
	//   noveum.input.message_count = 1
	//   noveum.output.tool_call_count = 1
	//   noveum.output.tool_call_names = ["get_weather"]
	// chat gpt-4o (client)
	//   gen_ai.input.messages = [{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":{"temp_c":18}}]}]
	//   gen_ai.operation.name = chat
	//   gen_ai.output.messages = [{"role":"assistant","parts":[{"type":"text","content":"18°C in Paris."}],"finish_reason":"stop"}]
	//   gen_ai.provider.name = openai
	//   gen_ai.request.model = gpt-4o
	//   gen_ai.response.finish_reasons = ["stop"]
	//   gen_ai.tool.definitions = [{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]
	//   noveum.input.message_count = 3
}

// An embeddings call.
func Example_embeddings() {
	tracer, exp := newExampleTracer()

	_, call := tracer.StartEmbeddings(context.Background(), llm.Request{
		Provider: semconv.ProviderOpenAI, Model: "text-embedding-3-small", EncodingFormats: []string{"float"},
	})
	call.RecordResponse(llm.Response{EmbeddingDimensions: 1536, Usage: llm.Usage{InputTokens: llm.Tokens(12)}})
	call.End(nil)

	printSpans(exp)
	// Output:
	// embeddings text-embedding-3-small (client)
	//   gen_ai.embeddings.dimension.count = 1536
	//   gen_ai.operation.name = embeddings
	//   gen_ai.provider.name = openai
	//   gen_ai.request.encoding_formats = ["float"]
	//   gen_ai.request.model = text-embedding-3-small
	//   gen_ai.usage.input_tokens = 12
	//   noveum.cost.currency = USD
	//   noveum.cost.input = 2.4e-07
	//   noveum.cost.output = 0
	//   noveum.cost.total = 2.4e-07
}

// A retrieval step: the query and the documents are content, recorded only
// when capture is on; their number always is.
func Example_retrieval() {
	tracer, exp := newExampleTracer(llm.WithCaptureContent(config.CaptureSpanOnly))

	_, call := tracer.StartRetrieval(context.Background(), llm.RetrievalRequest{
		DataSourceID: "support-kb", TopK: new(3), Query: "refund policy",
	})
	call.RecordDocuments([]llm.Document{{ID: "doc-4", Score: 0.82}, {ID: "doc-9", Score: 0.77}})
	call.End(nil)

	printSpans(exp)
	// Output:
	// retrieval support-kb (client)
	//   gen_ai.data_source.id = support-kb
	//   gen_ai.operation.name = retrieval
	//   gen_ai.retrieval.documents = [{"id":"doc-4","score":0.82},{"id":"doc-9","score":0.77}]
	//   gen_ai.retrieval.query.text = refund policy
	//   gen_ai.retrieval.top_k = 3
	//   noveum.retrieval.document_count = 2
}

// A failed call: End with the error.
func Example_error() {
	tracer, exp := newExampleTracer()

	_, call := tracer.StartChat(context.Background(), llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o"})
	call.End(fmt.Errorf("chat: %w", errors.New("connection refused")))

	printSpans(exp)
	// Output:
	// chat gpt-4o (client) status=Error "chat: connection refused"
	//   error.type = _OTHER
	//   gen_ai.operation.name = chat
	//   gen_ai.provider.name = openai
	//   gen_ai.request.model = gpt-4o
	//   event exception
}
