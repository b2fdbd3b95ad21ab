// Command multi_agent traces a small multi-agent system: a planner hands
// off to a researcher (nested) and to a writer (through a queue, linked),
// the researcher calls two tools in parallel, one of which fails, and a
// conversation of two turns keeps one conversation id. The model is a
// deterministic fake, so it needs no API key and no network. The spans go
// through the Noveum exporter to an in-process receiver (noveumtest); the
// program prints what arrived and the agent graph.
//
//	go run ./examples/multi_agent
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
	"github.com/Noveum/noveum-trace-go/agents/agentsdk"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/internal/demoapp"
	"github.com/Noveum/noveum-trace-go/internal/plural"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/redact"
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
	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject("multi-agent-example"))
	if err != nil {
		return err
	}
	rec := tracetest.NewSpanRecorder()   // keeps the spans for the agent graph
	red, err := redact.NewProcessor(exp) // the first question carries personal data
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(agentsdk.NewIdentityProcessor()),
		sdktrace.WithSpanProcessor(rec),
		sdktrace.WithSpanProcessor(red))

	app := demoapp.New(
		agents.NewTracer(agents.WithTracerProvider(tp), agents.WithCaptureContent(config.CaptureSpanOnly)),
		llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureSpanOnly)))
	ctx = agents.WithIdentity(ctx, agents.Identity{ConversationID: "conv-42", UserID: "user-7",
		Tags: map[string]string{"plan": "pro"}})
	if err := app.Converse(ctx, demoapp.Questions); err != nil {
		return err
	}
	if err := tp.Shutdown(ctx); err != nil {
		return err
	}
	if err := report(w, srv); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nagent graph (Mermaid):")
	fmt.Fprint(w, agentgraph.FromSpans(rec.Ended()).Mermaid())
	return nil
}

// report prints the traces the receiver got: each span with its status,
// tokens and cost, indented under its parent.
func report(w io.Writer, srv *noveumtest.Server) error {
	traces := srv.Traces()
	sort.Slice(traces, func(i, j int) bool { return traces[i].StartTime < traces[j].StartTime })
	for _, tr := range traces {
		fmt.Fprintf(w, "trace %q: %s, %s, conversation %s\n", tr.Name, plural.Count(tr.SpanCount, "span"), plural.Count(tr.ErrorCount, "error"), deref(tr.Metadata.SessionID))
		tr.Walk(func(s noveumtest.Span, depth int) {
			line := fmt.Sprintf("%s%s [%s]", strings.Repeat("  ", depth+1), s.Name, s.Status)
			if v, ok := s.Attr("llm.total_tokens"); ok {
				line += fmt.Sprintf(" tokens=%v", v)
			}
			fmt.Fprintln(w, line)
		})
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}
