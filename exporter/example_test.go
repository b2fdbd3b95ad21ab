package exporter_test

import (
	"context"
	"errors"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// The recommended setup: the exporter is the TracerProvider's span
// processor, so ForceFlush and Shutdown reach delivery. Here it sends to an
// in-process receiver; in production, set NOVEUM_API_KEY and NOVEUM_PROJECT.
func Example() {
	srv := noveumtest.NewServer()
	defer srv.Close()

	ctx := context.Background()
	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject("support-bot"))
	if err != nil {
		fmt.Println(err)
		return
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	tracer := tp.Tracer("example")

	ctx, agent := tracer.Start(ctx, "invoke_agent planner", trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationInvokeAgent),
		semconv.GenAIAgentName("planner")))
	_, chat := tracer.Start(ctx, "chat gpt-4o", trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationChat),
		semconv.GenAIProviderName(semconv.ProviderOpenAI),
		semconv.GenAIRequestModel("gpt-4o"),
		semconv.GenAIUsageInputTokens(1200),
		semconv.GenAIUsageOutputTokens(350)))
	chat.End()
	agent.End()

	if err := tp.Shutdown(ctx); err != nil { // flushes, then stops
		fmt.Println(err)
		return
	}
	for _, tr := range srv.Traces() {
		fmt.Println("trace:", tr.Name, "project:", tr.Project, "spans:", tr.SpanCount)
		llm, _ := tr.SpanByName("llm.gpt-4o")
		total, _ := llm.Attr("llm.total_tokens")
		fmt.Println("llm span tokens:", total)
	}
	fmt.Println("sent:", exp.Stats().SpansSent, "dropped:", exp.Stats().DroppedSpans())
	// Output:
	// trace: agent.planner project: support-bot spans: 2
	// llm span tokens: 1550
	// sent: 2 dropped: 0
}

// Failures never surface in the application: they are counted and reported
// to the error handler.
func ExampleWithErrorHandler() {
	srv := noveumtest.NewServer()
	defer srv.Close()
	srv.Script(noveumtest.Response{Status: 401})

	ctx := context.Background()
	exp, _ := exporter.New(ctx,
		exporter.WithEndpoint(srv.URL),
		exporter.WithAPIKey("nv-revoked-key"),
		exporter.WithErrorHandler(func(err error) { fmt.Println("reported:", err) }))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	_, span := tp.Tracer("example").Start(ctx, "work")
	span.End()
	_ = tp.Shutdown(ctx)
	fmt.Println("dropped as permanent errors:", exp.Stats().SpansDropped[exporter.DropPermanentError])
	// Output:
	// reported: noveum exporter: dropped 1 span (permanent_error, 1 in total): HTTP 401 Unauthorized for a request of 1 trace (1 span): the API key was not accepted; check NOVEUM_API_KEY (or WithAPIKey) holds a valid, unrevoked Noveum API key: {"error":"Unauthorized"}
	// dropped as permanent errors: 1
}

// Stats tells what happened to every span: received spans are sent,
// dropped (by reason) or still pending.
func ExampleExporter_Stats() {
	srv := noveumtest.NewServer()
	defer srv.Close()
	srv.Script(noveumtest.Response{Status: 503}) // one failure, then success

	ctx := context.Background()
	exp, _ := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithErrorHandler(func(error) {}))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	for range 3 {
		_, span := tp.Tracer("example").Start(ctx, "work")
		span.End()
	}
	_ = tp.Shutdown(ctx)

	s := exp.Stats()
	fmt.Println("received:", s.SpansReceived, "sent:", s.SpansSent, "dropped:", s.DroppedSpans(), "pending:", s.SpansPending)
	fmt.Println("requests:", s.Requests, "retries:", s.Retries)
	// Output:
	// received: 3 sent: 3 dropped: 0 pending: 0
	// requests: 2 retries: 1
}

// An existing setup keeps its pipeline; the exporter is one more span
// processor. (Behind sdktrace.WithBatcher it works too, but only as a
// processor does TracerProvider.ForceFlush wait for delivery.)
func Example_existingSetup() {
	srv := noveumtest.NewServer()
	defer srv.Close()

	ctx := context.Background()
	noveum, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	var other tracetestRecorder // stands for the exporter you already have
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(&other),
		sdktrace.WithSpanProcessor(noveum),
	)
	_, span := tp.Tracer("example").Start(ctx, "handle request")
	span.End()
	_ = tp.ForceFlush(ctx)
	fmt.Println("your pipeline saw:", other.ended, "noveum received:", len(srv.Spans()))
	_ = tp.Shutdown(ctx)
	// Output: your pipeline saw: 1 noveum received: 1
}

// tracetestRecorder counts ended spans, standing for an existing pipeline.
type tracetestRecorder struct{ ended int }

func (r *tracetestRecorder) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (r *tracetestRecorder) OnEnd(sdktrace.ReadOnlySpan)                     { r.ended++ }
func (r *tracetestRecorder) Shutdown(context.Context) error                  { return nil }
func (r *tracetestRecorder) ForceFlush(context.Context) error                { return nil }

// A failing endpoint shows up at the first failed attempt, not when the
// retry budget runs out: a RetryError at once, then the outcome.
func ExampleRetryError() {
	srv := noveumtest.NewServer()
	defer srv.Close()
	srv.Script(noveumtest.Response{Status: 503}) // one failure, then success

	ctx := context.Background()
	exp, _ := exporter.New(ctx, exporter.WithEndpoint(srv.URL),
		exporter.WithErrorHandler(func(err error) {
			var rerr *exporter.RetryError
			var herr *exporter.HTTPError
			if errors.As(err, &rerr) && errors.As(err, &herr) {
				fmt.Printf("attempts: %d, first failure: HTTP %d, delivered: %v\n", rerr.Attempts, herr.StatusCode, rerr.Delivered)
			}
		}))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	_, span := tp.Tracer("example").Start(ctx, "work")
	span.End()
	_ = tp.Shutdown(ctx)
	// Output:
	// attempts: 1, first failure: HTTP 503, delivered: false
	// attempts: 2, first failure: HTTP 503, delivered: true
}

// Printing an exporter, with any fmt verb, never shows the API key.
func ExampleExporter_String() {
	ctx := context.Background()
	exp, _ := exporter.New(ctx,
		exporter.WithEndpoint("http://127.0.0.1:4319/api"),
		exporter.WithProject("support-bot"),
		exporter.WithAPIKey("nv-secret-key"))
	defer exp.Shutdown(ctx)
	fmt.Printf("%v\n%+v\n", exp, exp)
	// Output:
	// exporter.Exporter{URL:"http://127.0.0.1:4319/api/v1/traces", Project:"support-bot", APIKey:[set]}
	// exporter.Exporter{URL:"http://127.0.0.1:4319/api/v1/traces", Project:"support-bot", APIKey:[set]}
}
