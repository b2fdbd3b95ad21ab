// Command redact records an LLM call whose prompt holds personal data and a
// leaked API key, with redaction in front of the Noveum exporter, and prints
// what the in-process receiver (noveumtest) got: the same span, the data
// replaced by labels, and a summary of what was removed. It needs no API key
// and no network.
//
//	go run ./examples/redact
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/internal/plural"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := noveumtest.NewServer()
	defer srv.Close()
	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject("redact-example"))
	if err != nil {
		return err
	}
	// The redactor wraps the exporter: the exporter only ever sees copies.
	red, err := redact.NewProcessor(exp)
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(red))
	tracer := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureSpanOnly))

	_, call := tracer.StartChat(ctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(
			"I'm Jane (jane.doe@example.com, +1 415 555 0100). My card 4111 1111 1111 1111 was charged twice; " +
				"our key sk-proj-9f8e7d6c5b4a3210fedcba9876543210 stopped working.")}}},
	})
	call.RecordResponse(llm.Response{Model: "gpt-4o-2024-08-06",
		Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "stop",
			Parts: []llm.Part{llm.Text("Sorry Jane, I have refunded the second charge.")}}},
		Usage: llm.Usage{InputTokens: llm.Tokens(58), OutputTokens: llm.Tokens(12)}})
	call.End(nil)

	if err := tp.Shutdown(ctx); err != nil {
		return err
	}
	spans := srv.Spans()
	if len(spans) != 1 {
		return fmt.Errorf("%d spans arrived, want 1", len(spans))
	}
	s := spans[0]
	var keys []string
	for k := range s.Attributes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch k {
		case string(semconv.GenAIInputMessagesKey), string(semconv.NoveumRedactedCountKey),
			string(semconv.NoveumRedactedKindsKey), string(semconv.GenAIUsageInputTokensKey),
			string(semconv.GenAIResponseModelKey):
			fmt.Fprintf(w, "%s = %v\n", k, s.Attributes[k])
		}
	}
	st := red.Stats()
	fmt.Fprintf(w, "redactor: %s, %d redacted, %s\n", plural.Count(st.Spans, "span"), st.SpansRedacted, plural.Count(st.Values, "value"))
	return nil
}
