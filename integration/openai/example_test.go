package noveumopenai_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumopenai "github.com/Noveum/noveum-trace-go/integration/openai"
	"github.com/Noveum/noveum-trace-go/llm"
)

// One option traces every call of the client. Here a fake OpenAI server
// and an in-memory exporter stand in for api.openai.com and Noveum; in an
// application, noveumtrace.Init sets the default llm Tracer the middleware
// uses, and the base URL and key come from the environment.
func ExampleMiddleware() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-5.5-2026-04-23",
			"choices":[{"index":0,"message":{"role":"assistant","content":"Hello!"},"finish_reason":"stop"}],
			"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}`)
	}))
	defer srv.Close()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tracer := llm.NewTracer(llm.WithTracerProvider(tp))

	client := openai.NewClient(
		option.WithBaseURL(srv.URL+"/v1/"), option.WithAPIKey("sk-..."),
		option.WithMiddleware(noveumopenai.Middleware(noveumopenai.WithTracer(tracer))), // the one line
	)
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    openai.ChatModelGPT5_5,
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Say hello.")},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Choices[0].Message.Content)

	span := exp.GetSpans()[0]
	fmt.Println(span.Name)
	var lines []string
	for _, kv := range span.Attributes {
		switch kv.Key {
		case "gen_ai.provider.name", "gen_ai.response.model", "gen_ai.usage.input_tokens",
			"gen_ai.usage.output_tokens", "gen_ai.response.finish_reasons", "noveum.cost.currency":
			lines = append(lines, fmt.Sprintf("%s = %s", kv.Key, kv.Value.String()))
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
	// Output:
	// Hello!
	// chat gpt-5.5
	// gen_ai.provider.name = openai
	// gen_ai.response.finish_reasons = ["stop"]
	// gen_ai.response.model = gpt-5.5-2026-04-23
	// gen_ai.usage.input_tokens = 12
	// gen_ai.usage.output_tokens = 3
	// noveum.cost.currency = USD
}
