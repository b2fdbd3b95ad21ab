package noveumtrace_test

import (
	"context"
	"fmt"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/redact"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
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

// Build the agents helpers' Tracer from the SDK configuration, so tool
// arguments and results are captured exactly when the configuration says.
func ExampleAgentsOptions() {
	cfg, err := config.Load(
		config.WithEndpoint("http://127.0.0.1:4319/api"),
		config.WithCaptureContent(config.CaptureSpanOnly),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	tracer := agents.NewTracer(noveumtrace.AgentsOptions(cfg)...)
	agents.SetDefault(tracer) // agents.InvokeAgent and friends now use it
	defer agents.SetDefault(nil)

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
		noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithProject("support-bot")))
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

// Put the redactor the configuration describes in front of a span
// processor of an existing OpenTelemetry setup (here an in-memory
// recorder; in production the Noveum exporter).
func ExampleRedactOptions() {
	cfg, err := config.Load(
		config.WithEndpoint("http://127.0.0.1:4319/api"),
		config.WithRedact(true),
		config.WithRedactDetectors("email", "phone"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts, on, err := noveumtrace.RedactOptions(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := tracetest.NewSpanRecorder()
	var sp sdktrace.SpanProcessor = rec
	if on {
		if sp, err = redact.NewProcessor(rec, opts...); err != nil {
			fmt.Println(err)
			return
		}
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sp))
	defer tp.Shutdown(context.Background())

	_, span := tp.Tracer("support").Start(context.Background(), "ticket")
	span.SetAttributes(attribute.String("ticket.body", "Call me on +1 415 555 2671 or mail jane.doe@example.com"))
	span.End()

	for _, kv := range rec.Ended()[0].Attributes() {
		fmt.Printf("%s: %s\n", kv.Key, kv.Value.String())
	}
	// Output:
	// ticket.body: Call me on [REDACTED:PHONE] or mail [REDACTED:EMAIL]
	// noveum.redacted.count: 2
	// noveum.redacted.kinds: ["EMAIL=1","PHONE=1"]
}

// Plug Noveum into a TracerProvider the application already has: Init adds
// its processors to tp and points the helpers at it; its shutdown flushes
// and removes them, and tp goes on running.
func ExampleWithTracerProvider() {
	srv := noveumtest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	tp := sdktrace.NewTracerProvider() // the application's own, set up elsewhere
	defer tp.Shutdown(ctx)

	shutdown, err := noveumtrace.Init(ctx, noveumtrace.WithTracerProvider(tp),
		noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithProject("support-bot")))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, span := tp.Tracer("support").Start(ctx, "handle-ticket")
	_, call := llm.StartChat(ctx, llm.Request{Provider: "openai", Model: "gpt-4o"})
	call.End(nil)
	span.End()

	if err := shutdown(ctx); err != nil { // flushes what Init added
		fmt.Println(err)
	}
	for _, tr := range srv.Traces() {
		tr.Walk(func(s noveumtest.Span, depth int) {
			fmt.Printf("%*s%s\n", 2*depth, "", s.Name)
		})
	}
	// Output:
	// handle-ticket
	//   llm.gpt-4o
}
