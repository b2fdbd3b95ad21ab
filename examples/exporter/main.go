// Command exporter sends one LLM agent trace through the Noveum exporter to
// an in-process Noveum-compatible receiver (noveumtest) and prints what
// arrived. It needs no API key and no network.
//
//	go run ./examples/exporter
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/internal/plural"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	// A local receiver that speaks the Noveum ingestion API and validates
	// every body against the published schema.
	srv := noveumtest.NewServer()
	defer srv.Close()

	exp, err := exporter.New(ctx,
		exporter.WithEndpoint(srv.URL),
		exporter.WithProject("demo"),
		exporter.WithEnvironment("local"),
	)
	if err != nil {
		return err
	}
	res, err := resource.New(ctx, resource.WithAttributes(semconv.ServiceName("support-bot")))
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithSpanProcessor(exp))
	tracer := tp.Tracer("github.com/Noveum/noveum-trace-go/examples/exporter")

	answerQuestion(ctx, tracer)

	// Shutdown flushes: when it returns, the trace was delivered or counted
	// as dropped.
	if err := tp.Shutdown(ctx); err != nil {
		return err
	}
	return report(w, srv, exp.Stats())
}

// answerQuestion is the instrumented application: an agent that calls a
// model, then a tool that fails, then the model again.
func answerQuestion(ctx context.Context, tracer trace.Tracer) {
	ctx, agent := tracer.Start(ctx, "invoke_agent support", trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationInvokeAgent),
		semconv.GenAIAgentName("support"),
		semconv.GenAIConversationID("conv-7"),
		semconv.UserID("u-42"),
	))
	defer agent.End()

	chat := func(in, out int) {
		_, span := tracer.Start(ctx, "chat gpt-4o-mini", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
			semconv.GenAIOperationName(semconv.OperationChat),
			semconv.GenAIProviderName(semconv.ProviderOpenAI),
			semconv.GenAIRequestModel("gpt-4o-mini"),
			semconv.GenAIResponseModel("gpt-4o-mini-2024-07-18"),
			semconv.GenAIUsageInputTokens(int64(in)),
			semconv.GenAIUsageOutputTokens(int64(out)),
			semconv.GenAIResponseFinishReasons("stop"),
		))
		span.End()
	}
	chat(812, 41)

	_, tool := tracer.Start(ctx, "execute_tool lookup_order", trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationExecuteTool),
		semconv.GenAIToolName("lookup_order"),
		semconv.ErrorType("timeout"),
	))
	tool.RecordError(errors.New("order service: deadline exceeded"))
	tool.SetStatus(codes.Error, "order service: deadline exceeded")
	tool.End()

	chat(901, 66)
}

func report(w io.Writer, srv *noveumtest.Server, st exporter.Stats) error {
	traces := srv.Traces()
	if len(traces) == 0 {
		return fmt.Errorf("no trace arrived (stats: %+v)", st)
	}
	for _, tr := range traces {
		fmt.Fprintf(w, "trace %s %q status=%s spans=%d errors=%d user=%s session=%s\n",
			tr.TraceID, tr.Name, tr.Status, tr.SpanCount, tr.ErrorCount, deref(tr.Metadata.UserID), deref(tr.Metadata.SessionID))
		spans := tr.Spans
		sort.SliceStable(spans, func(i, j int) bool { return spans[i].StartTime < spans[j].StartTime })
		for _, s := range spans {
			indent := "  "
			if s.ParentSpanID != nil {
				indent = "    "
			}
			line := fmt.Sprintf("%s%-28s %-7s", indent, s.Name, s.Status)
			if tok, ok := s.Attr("llm.total_tokens"); ok {
				line += fmt.Sprintf(" tokens=%v", tok)
			}
			if m, ok := s.Attr("llm.response_model"); ok {
				line += fmt.Sprintf(" model=%v", m)
			}
			if et, ok := s.Attr(string(semconv.ErrorTypeKey)); ok {
				line += fmt.Sprintf(" error.type=%v", et)
			}
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintf(w, "exporter: %s sent in %s, %d dropped\n", plural.Count(st.SpansSent, "span"), plural.Count(st.Requests, "request"), st.DroppedSpans())
	return nil
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}
