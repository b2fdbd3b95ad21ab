package noveumanthropic_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	noveumanthropic "github.com/Noveum/noveum-trace-go/integration/anthropic"
	"github.com/Noveum/noveum-trace-go/llm"
)

// Tracing the Anthropic client takes one middleware. Here the client talks
// to a local stand-in for the API, and the spans go to a recorder; with
// noveumtrace.Init, Middleware() needs no option and the spans go to
// Noveum.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
			"content":[{"type":"text","text":"Paris."}],"stop_reason":"end_turn",
			"usage":{"input_tokens":12,"cache_read_input_tokens":1000,"output_tokens":3}}`)
	}))
	defer api.Close()

	rec := tracetest.NewSpanRecorder()
	tracer := llm.NewTracer(llm.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))))

	client := anthropic.NewClient(
		option.WithMiddleware(noveumanthropic.Middleware(noveumanthropic.WithTracer(tracer))),
		option.WithoutOpenTelemetry(), // the client's own spans would record each call twice
		option.WithBaseURL(api.URL), option.WithAPIKey("sk-ant-example"),
	)
	msg, err := client.Messages.New(context.Background(), anthropic.MessageNewParams{
		Model:     "claude-sonnet-4-5-20250929",
		MaxTokens: 256,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Capital of France?"))},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg.Content[0].Text)

	span := rec.Ended()[0]
	fmt.Println(span.Name())
	for _, kv := range span.Attributes() {
		switch kv.Key {
		case "gen_ai.usage.input_tokens", "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.output_tokens",
			"gen_ai.response.finish_reasons", "noveum.cost.total":
			fmt.Println(kv.Key, kv.Value.String())
		}
	}
	// Output:
	// Paris.
	// chat claude-sonnet-4-5-20250929
	// gen_ai.response.finish_reasons ["stop"]
	// gen_ai.usage.input_tokens 1012
	// gen_ai.usage.output_tokens 3
	// gen_ai.usage.cache_read.input_tokens 1000
	// noveum.cost.total 0.000381
}

// A streamed call is observed as the application reads it: the span ends
// at message_stop with the usage of message_start and message_delta, the
// chunk count and the time to the first chunk.
func ExampleMiddleware_streaming() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for _, e := range []string{
			`event: message_start` + "\n" + `data: {"type":"message_start","message":{"id":"msg_02","type":"message","role":"assistant","content":[],"model":"claude-haiku-4-5","stop_reason":null,"usage":{"input_tokens":9,"output_tokens":1}}}`,
			`event: content_block_start` + "\n" + `data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`,
			`event: content_block_delta` + "\n" + `data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bonjour"}}`,
			`event: content_block_delta` + "\n" + `data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" !"}}`,
			`event: content_block_stop` + "\n" + `data: {"type":"content_block_stop","index":0}`,
			`event: message_delta` + "\n" + `data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}`,
			`event: message_stop` + "\n" + `data: {"type":"message_stop"}`,
		} {
			_, _ = io.WriteString(w, e+"\n\n")
			w.(http.Flusher).Flush()
		}
	}))
	defer api.Close()

	rec := tracetest.NewSpanRecorder()
	tracer := llm.NewTracer(
		llm.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))),
		llm.WithCaptureContent(config.CaptureSpanOnly),
	)
	client := anthropic.NewClient(
		option.WithMiddleware(noveumanthropic.Middleware(noveumanthropic.WithTracer(tracer))),
		option.WithoutOpenTelemetry(),
		option.WithBaseURL(api.URL), option.WithAPIKey("sk-ant-example"),
	)
	stream := client.Messages.NewStreaming(context.Background(), anthropic.MessageNewParams{
		Model:     "claude-haiku-4-5",
		MaxTokens: 64,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Say hello in French"))},
	})
	for stream.Next() {
		if e := stream.Current(); e.Delta.Type == "text_delta" {
			fmt.Print(e.Delta.Text)
		}
	}
	fmt.Println()
	if err := stream.Close(); err != nil {
		fmt.Println(err)
	}

	span := rec.Ended()[0]
	for _, kv := range span.Attributes() {
		switch kv.Key {
		case "gen_ai.request.stream", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
			"noveum.response.chunk_count", "gen_ai.output.messages":
			fmt.Println(kv.Key, kv.Value.String())
		case "gen_ai.response.time_to_first_chunk":
			fmt.Println(kv.Key, kv.Value.AsFloat64() > 0)
		}
	}
	// Output:
	// Bonjour !
	// gen_ai.request.stream true
	// gen_ai.usage.input_tokens 9
	// gen_ai.usage.output_tokens 4
	// gen_ai.response.time_to_first_chunk true
	// noveum.response.chunk_count 5
	// gen_ai.output.messages [{"role":"assistant","parts":[{"type":"text","content":"Bonjour !"}],"finish_reason":"stop"}]
}
