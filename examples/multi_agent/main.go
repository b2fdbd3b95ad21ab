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
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentsdk"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// The agents, described once and reused by every span.
var (
	planner    = agents.NewAgent(agents.AgentInfo{ID: "agt-planner", Name: "planner", Type: "planner", Capabilities: []string{"plan", "delegate"}})
	researcher = agents.NewAgent(agents.AgentInfo{ID: "agt-researcher", Name: "researcher", Type: "researcher"})
	writer     = agents.NewAgent(agents.AgentInfo{ID: "agt-writer", Name: "writer", Type: "writer"})
)

func run(ctx context.Context, w io.Writer) error {
	srv := noveumtest.NewServer()
	defer srv.Close()
	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject("multi-agent-example"))
	if err != nil {
		return err
	}
	rec := tracetest.NewSpanRecorder() // keeps the spans for the agent graph
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(agentsdk.NewIdentityProcessor()),
		sdktrace.WithSpanProcessor(rec),
		sdktrace.WithSpanProcessor(exp))

	app := &app{
		agents: agents.NewTracer(agents.WithTracerProvider(tp), agents.WithCaptureContent(true)),
		llm:    llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(llm.CaptureSpanOnly)),
		queue:  make(chan job, 1),
	}
	ctx = agents.WithIdentity(ctx, agents.Identity{ConversationID: "conv-42", UserID: "user-7",
		Tags: map[string]string{"plan": "pro"}})
	for turn, question := range []string{"Write a brief on home solar storage.", "Make it shorter."} {
		if err := app.turn(ctx, turn, question); err != nil {
			return err
		}
	}
	if err := tp.Shutdown(ctx); err != nil {
		return err
	}
	if err := report(w, srv); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nagent graph (Mermaid):")
	fmt.Fprint(w, agentsdk.GraphFromSpans(rec.Ended()).Mermaid())
	return nil
}

// app is the instrumented application.
type app struct {
	agents *agents.Tracer
	llm    *llm.Tracer
	queue  chan job
}

// job is work for the writer, with the link to the span that queued it.
type job struct {
	notes string
	link  agents.Link
}

// turn answers one user message: a workflow in which the planner plans,
// hands research to the researcher, and queues the writing for the writer.
func (a *app) turn(ctx context.Context, turn int, question string) error {
	ctx, wf := a.agents.InvokeWorkflow(ctx, "research-brief")
	defer wf.End(nil)

	pctx, plan := a.agents.InvokeAgent(ctx, planner)
	a.chat(pctx, "gpt-4o-mini", question, "1. research 2. write", 120, 12)

	rctx, research := a.agents.Handoff(pctx, researcher)
	notes, err := a.research(rctx, turn)
	research.End(err)

	a.queue <- job{notes: notes, link: agents.HandoffTo(pctx, writer)}
	plan.End(nil)

	// The writer runs on its own, as a queue consumer would: its span is
	// linked to the planner's, not nested in it.
	done := agents.Go(agents.Detach(ctx), func(ctx context.Context) { a.write(ctx, <-a.queue) })
	<-done
	return nil
}

// research calls two tools in parallel, then the model. The stats tool
// fails on the first turn; the researcher carries on without it.
func (a *app) research(ctx context.Context, turn int) (string, error) {
	results := make([]string, 2)
	g, _ := agents.NewGroup(ctx)
	for i, tool := range []agents.Tool{
		{Name: "web_search", CallID: fmt.Sprintf("call_%d_search", turn), Type: semconv.ToolFunction, Arguments: []byte(`{"q":"home solar storage"}`)},
		{Name: "fetch_stats", CallID: fmt.Sprintf("call_%d_stats", turn), Type: semconv.ToolDatastore, Arguments: []byte(`{"metric":"battery_prices"}`)},
	} {
		g.Go(func(ctx context.Context) error {
			_, span := a.agents.ExecuteTool(ctx, tool)
			out, err := fakeTool(tool.Name, turn)
			if err == nil {
				span.RecordResult(out)
				results[i] = string(out)
			}
			span.End(err)
			return nil // a failed tool is recorded, not fatal
		})
	}
	if err := g.Wait(); err != nil {
		return "", err
	}
	answer := a.chat(ctx, "claude-sonnet-4-5", strings.Join(results, "\n"), "Batteries store midday solar for the evening.", 900, 60)
	return answer, nil
}

// write streams the brief.
func (a *app) write(ctx context.Context, j job) {
	ctx, span := a.agents.InvokeAgent(ctx, writer, agents.LinkedFrom(j.link))
	defer span.End(nil)
	_, call := a.llm.StartChat(ctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o", Stream: true,
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Write a brief from: " + j.notes)}}}})
	words := strings.Fields("Home batteries shift solar power to the evening and cut grid bills.")
	for i, word := range words {
		ch := llm.Chunk{Text: word + " "}
		if i == len(words)-1 {
			ch.FinishReason = "stop"
			ch.Usage = llm.Usage{InputTokens: llm.Tokens(300), OutputTokens: llm.Tokens(int64(len(words)))}
		}
		call.RecordChunk(ch)
	}
	call.End(nil)
}

// chat is one model call of the fake model.
func (a *app) chat(ctx context.Context, model, prompt, answer string, in, out int64) string {
	_, call := a.llm.StartChat(ctx, llm.Request{Provider: providerOf(model), Model: model,
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(prompt)}}}})
	call.RecordResponse(llm.Response{Model: model,
		Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "stop", Parts: []llm.Part{llm.Text(answer)}}},
		Usage:    llm.Usage{InputTokens: llm.Tokens(in), OutputTokens: llm.Tokens(out)}})
	call.End(nil)
	return answer
}

func providerOf(model string) semconv.Provider {
	if strings.HasPrefix(model, "claude") {
		return semconv.ProviderAnthropic
	}
	return semconv.ProviderOpenAI
}

// errStatsDown is the fake stats service's failure on the first turn.
var errStatsDown = errors.New("stats service: unavailable")

func fakeTool(name string, turn int) (json.RawMessage, error) {
	switch {
	case name == "fetch_stats" && turn == 0:
		return nil, errStatsDown
	case name == "fetch_stats":
		return json.RawMessage(`{"battery_prices":"-12% a year"}`), nil
	default:
		return json.RawMessage(`{"results":["Solar storage explained","Battery buying guide"]}`), nil
	}
}

// report prints the traces the receiver got: each span with its status,
// tokens and cost, indented under its parent.
func report(w io.Writer, srv *noveumtest.Server) error {
	traces := srv.Traces()
	sort.Slice(traces, func(i, j int) bool { return traces[i].StartTime < traces[j].StartTime })
	for _, tr := range traces {
		fmt.Fprintf(w, "trace %q: %d spans, %d errors, conversation %s\n", tr.Name, tr.SpanCount, tr.ErrorCount, deref(tr.Metadata.SessionID))
		children := map[string][]noveumtest.Span{}
		var roots []noveumtest.Span
		for _, s := range tr.Spans {
			if s.ParentSpanID == nil {
				roots = append(roots, s)
			} else {
				children[*s.ParentSpanID] = append(children[*s.ParentSpanID], s)
			}
		}
		var walk func(s noveumtest.Span, depth int)
		walk = func(s noveumtest.Span, depth int) {
			line := fmt.Sprintf("%s%s [%s]", strings.Repeat("  ", depth+1), s.Name, s.Status)
			if v, ok := s.Attr("llm.total_tokens"); ok {
				line += fmt.Sprintf(" tokens=%v", v)
			}
			fmt.Fprintln(w, line)
			kids := children[s.SpanID]
			sort.SliceStable(kids, func(i, j int) bool { return kids[i].Name < kids[j].Name })
			for _, c := range kids {
				walk(c, depth+1)
			}
		}
		for _, r := range roots {
			walk(r, 0)
		}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}
