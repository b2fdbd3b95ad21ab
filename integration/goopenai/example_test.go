package goopenai_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/integration/goopenai"
	"github.com/Noveum/noveum-trace-go/llm"
)

// A fake OpenAI endpoint stands in for api.openai.com: one chat
// completion, then one streamed with include_usage.
func fakeOpenAI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), `"stream":true`) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
				"choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}],
				"usage":{"prompt_tokens":14,"completion_tokens":2,"total_tokens":16}}`)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for _, e := range []string{
			`{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":"Par"},"finish_reason":null}],"usage":null}`,
			`{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":"is."},"finish_reason":"stop"}],"usage":null}`,
			`{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":14,"completion_tokens":2,"total_tokens":16}}`,
			`[DONE]`,
		} {
			fmt.Fprintf(w, "data: %s\n\n", e)
		}
	}))
}

// Config instruments a go-openai client in one line. Spans go through
// llm.Default(), which noveumtrace.Init sets up; here a Tracer recording
// into memory stands in for it.
func Example() {
	srv := fakeOpenAI()
	defer srv.Close()
	spans := tracetest.NewSpanRecorder()
	llm.SetDefault(llm.NewTracer(llm.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans)))))
	defer llm.SetDefault(nil)

	cfg := openai.DefaultConfig("sk-...")
	cfg.BaseURL = srv.URL + "/v1" // the fake; leave it out for api.openai.com
	client := openai.NewClientWithConfig(goopenai.Config(cfg))

	ctx := context.Background()
	msgs := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Capital of France?"}}
	resp, err := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: "gpt-4o-mini", Messages: msgs})
	if err != nil {
		panic(err)
	}
	fmt.Println("answer:", resp.Choices[0].Message.Content)

	stream, err := client.CreateChatCompletionStream(ctx, openai.ChatCompletionRequest{Model: "gpt-4o-mini", Messages: msgs,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true}})
	if err != nil {
		panic(err)
	}
	streamed := ""
	for {
		chunk, err := stream.Recv()
		if err != nil {
			break
		}
		for _, c := range chunk.Choices {
			streamed += c.Delta.Content
		}
	}
	stream.Close()
	fmt.Println("streamed:", streamed)

	for _, s := range spans.Ended() {
		a := attrs(s)
		fmt.Printf("%s: provider=%s tokens=%d+%d finish=%s stream=%v priced=%v\n", s.Name(),
			a["gen_ai.provider.name"].AsString(), a["gen_ai.usage.input_tokens"].AsInt64(),
			a["gen_ai.usage.output_tokens"].AsInt64(), a["gen_ai.response.finish_reasons"].String(),
			a["gen_ai.request.stream"].AsBool(), a["noveum.cost.total"].AsFloat64() > 0)
	}
	// Output:
	// answer: Paris.
	// streamed: Paris.
	// chat gpt-4o-mini: provider=openai tokens=14+2 finish=["stop"] stream=false priced=true
	// chat gpt-4o-mini: provider=openai tokens=14+2 finish=["stop"] stream=true priced=true
}

// WrapClient wraps an HTTP client of your own (timeouts, proxies); with
// WithProvider, calls to an OpenAI-compatible server the host does not
// identify, such as a local vLLM, carry the provider name you give.
func ExampleWrapClient() {
	srv := fakeOpenAI()
	defer srv.Close()
	spans := tracetest.NewSpanRecorder()
	tracer := llm.NewTracer(llm.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))))

	cfg := openai.DefaultConfig("")
	cfg.BaseURL = srv.URL + "/v1"
	cfg.HTTPClient = goopenai.WrapClient(&http.Client{Timeout: time.Minute},
		goopenai.WithProvider("vllm"), goopenai.WithTracer(tracer))
	client := openai.NewClientWithConfig(cfg)

	_, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{Model: "gpt-4o-mini",
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "Capital of France?"}}})
	fmt.Println(err, spans.Ended()[0].Name(), attrs(spans.Ended()[0])["gen_ai.provider.name"].AsString())
	// Output: <nil> chat gpt-4o-mini vllm
}

// ProviderForHost names the provider of an OpenAI-compatible API by its
// host, as the traced client does for each call.
func ExampleProviderForHost() {
	for _, host := range []string{"api.openai.com", "my-resource.openai.azure.com", "api.groq.com", "api.deepseek.com", "localhost"} {
		fmt.Println(host, goopenai.ProviderForHost(host))
	}
	// Output:
	// api.openai.com openai
	// my-resource.openai.azure.com azure.ai.openai
	// api.groq.com groq
	// api.deepseek.com deepseek
	// localhost openai
}

// Embeddings calls get an embeddings span with the model, the dimension
// count and the input tokens.
func Example_embeddings() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"object":"list","data":[{"object":"embedding","embedding":[0.0023,-0.0093,0.0157],"index":0}],
			"model":"text-embedding-3-small","usage":{"prompt_tokens":5,"total_tokens":5}}`)
	}))
	defer srv.Close()
	spans := tracetest.NewSpanRecorder()
	tracer := llm.NewTracer(llm.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))))

	cfg := openai.DefaultConfig("sk-...")
	cfg.BaseURL = srv.URL + "/v1"
	client := openai.NewClientWithConfig(goopenai.Config(cfg, goopenai.WithTracer(tracer)))
	if _, err := client.CreateEmbeddings(context.Background(), openai.EmbeddingRequest{
		Input: []string{"The food was delicious"}, Model: openai.SmallEmbedding3}); err != nil {
		panic(err)
	}
	s := spans.Ended()[0]
	a := attrs(s)
	fmt.Println(s.Name(), a["gen_ai.embeddings.dimension.count"].AsInt64(), a["gen_ai.usage.input_tokens"].AsInt64())
	// Output: embeddings text-embedding-3-small 3 5
}
