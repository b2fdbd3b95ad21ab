package noveumanthropic_test

import (
	"context"
	"fmt"
	"log"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	noveumanthropic "github.com/Noveum/noveum-trace-go/integration/anthropic"
)

// With noveumtrace.Init, the middleware needs no option: it records with
// the llm Tracer Init sets up (content captured, redacted, sent to
// Noveum). The client's own spans are turned off so that each call is
// recorded once. (Not run: it needs an API key.)
func Example_withInit() {
	ctx := context.Background()
	shutdown, err := noveumtrace.Init(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = shutdown(ctx) }()

	client := anthropic.NewClient(
		option.WithMiddleware(noveumanthropic.Middleware()),
		option.WithoutOpenTelemetry(),
	)
	msg, err := client.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     "claude-sonnet-4-5",
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Hello, Claude"))},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg.Content[0].Text)
}
