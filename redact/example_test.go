package redact_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/redact"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// The redactor wraps the processor that feeds the exporter (here an
// in-memory one; in production the Noveum exporter or a batcher), so
// nothing reaches it unredacted.
func Example() {
	exp := tracetest.NewInMemoryExporter()
	p, err := redact.NewProcessor(sdktrace.NewSimpleSpanProcessor(exp))
	if err != nil {
		fmt.Println(err)
		return
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))

	_, span := tp.Tracer("example").Start(context.Background(), "chat gpt-4o")
	span.SetAttributes(
		semconv.GenAIRequestModel("gpt-4o"),
		semconv.GenAIInputMessages(attribute.StringValue(
			`[{"role":"user","parts":[{"type":"text","content":"Mail the invoice to jane.doe@example.com"}]}]`)),
		attribute.String("db.password", "hunter2"),
	)
	span.End()
	defer func() { _ = tp.Shutdown(context.Background()) }()

	for _, kv := range exp.GetSpans()[0].Attributes {
		fmt.Println(kv.Key, "=", kv.Value.String())
	}
	// Output:
	// gen_ai.request.model = gpt-4o
	// gen_ai.input.messages = [{"role":"user","parts":[{"type":"text","content":"Mail the invoice to [REDACTED:EMAIL]"}]}]
	// db.password = [REDACTED:SECRET]
	// noveum.redacted.count = 2
	// noveum.redacted.kinds = ["EMAIL=1","SECRET=1"]
}

// In pseudonym mode the same value always gives the same pseudonym under
// the same key, so values still correlate across traces.
func ExampleWithMode() {
	exp := tracetest.NewInMemoryExporter()
	p, err := redact.NewProcessor(sdktrace.NewSimpleSpanProcessor(exp),
		redact.WithMode(config.RedactModePseudonym),
		redact.WithKey([]byte("example key, at least 16 bytes")))
	if err != nil {
		fmt.Println(err)
		return
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	for range 2 {
		_, span := tp.Tracer("example").Start(context.Background(), "lookup")
		span.SetAttributes(attribute.String("user.contact", "jane.doe@example.com"))
		span.End()
	}
	defer func() { _ = tp.Shutdown(context.Background()) }()
	for _, s := range exp.GetSpans() {
		fmt.Println(s.Attributes[0].Value.AsString())
	}
	// Output:
	// EMAIL_eff46eaf33c0
	// EMAIL_eff46eaf33c0
}

// Without a key, pseudonym mode is refused.
func ExampleNewProcessor_noKey() {
	_, err := redact.NewProcessor(sdktrace.NewSimpleSpanProcessor(tracetest.NewInMemoryExporter()),
		redact.WithMode(config.RedactModePseudonym))
	fmt.Println(err)
	// Output:
	// redact: pseudonym mode needs a key: set it with WithKey (or NOVEUM_REDACT_KEY)
}

// Identity attributes (user.id, session.id, ...) are kept by default, so two
// users stay two even when their ids are email addresses. With
// config.RedactIdentityPseudonym and a key they become keyed pseudonyms, still one per
// user.
func ExampleWithIdentity() {
	for _, opts := range [][]redact.Option{
		nil, // the default: config.RedactIdentityKeep
		{redact.WithIdentity(config.RedactIdentityPseudonym), redact.WithKey([]byte("example key, at least 16 bytes"))},
	} {
		exp := tracetest.NewInMemoryExporter()
		p, err := redact.NewProcessor(sdktrace.NewSimpleSpanProcessor(exp), opts...)
		if err != nil {
			fmt.Println(err)
			return
		}
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
		for _, user := range []string{"jane.doe@example.com", "bob@example.org"} {
			_, span := tp.Tracer("example").Start(context.Background(), "invoke_agent")
			span.SetAttributes(semconv.UserID(user), attribute.String("note", "for "+user))
			span.End()
		}
		for _, s := range exp.GetSpans() {
			fmt.Println(s.Attributes[0].Value.AsString(), "|", s.Attributes[1].Value.AsString())
		}
		_ = tp.Shutdown(context.Background())
	}
	// Output:
	// jane.doe@example.com | for [REDACTED:EMAIL]
	// bob@example.org | for [REDACTED:EMAIL]
	// ID_eff46eaf33c0 | for [REDACTED:EMAIL]
	// ID_455da92d5d0c | for [REDACTED:EMAIL]
}
