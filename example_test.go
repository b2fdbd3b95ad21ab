package noveumtrace_test

import (
	"context"
	"fmt"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// Build the llm helpers' Tracer from the SDK configuration: the file,
// environment and options config.Load reads.
func ExampleLLMOptions() {
	cfg, err := config.Load(
		config.WithEndpoint("http://127.0.0.1:4319/api"), // local: no API key needed
		config.WithCaptureContent(config.CaptureSpanOnly),
		config.WithPrices(map[string]config.ModelPrice{"acme-llm": {Input: 0.5, Output: 1.5}}),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts, err := noveumtrace.LLMOptions(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	tracer := llm.NewTracer(opts...)
	llm.SetDefault(tracer) // llm.StartChat and friends now use it
	defer llm.SetDefault(nil)

	fmt.Println("capture:", tracer.CaptureContent())
	// Output:
	// capture: SPAN_ONLY
}

// Set the SDK up in one call, here against an in-process receiver (a local
// endpoint needs no API key); the helpers use it at once.
func ExampleInit() {
	srv := noveumtest.NewServer()
	defer srv.Close()

	shutdown, err := noveumtrace.Init(context.Background(),
		noveumtrace.WithConfig(config.WithEndpoint(srv.URL), config.WithProject("support-bot")))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, call := llm.StartChat(context.Background(), llm.Request{Provider: "openai", Model: "gpt-4o"})
	call.End(nil)

	if err := shutdown(context.Background()); err != nil { // flushes
		fmt.Println(err)
	}
	for _, tr := range srv.Traces() {
		fmt.Println(tr.Name, tr.Project)
	}
	// Output:
	// llm.gpt-4o support-bot
}
