// Package demoapp is the multi-agent application of the multi_agent example
// and of cmd/noveum-demo (it lives here because nothing may import an
// example): a planner hands off to a researcher (nested) and to a writer
// (through a queue, linked), the researcher calls two tools in parallel,
// one of which fails on the first turn, and the model is a deterministic
// fake. It uses only the public API of agents and llm.
package demoapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// The agents, described once and reused by every span.
var (
	planner    = agents.NewAgent(agents.AgentInfo{ID: "agt-planner", Name: "planner", Type: "planner", Provider: semconv.ProviderOpenAI, Capabilities: []string{"plan", "delegate"}})
	researcher = agents.NewAgent(agents.AgentInfo{ID: "agt-researcher", Name: "researcher", Type: "researcher", Provider: semconv.ProviderAnthropic})
	writer     = agents.NewAgent(agents.AgentInfo{ID: "agt-writer", Name: "writer", Type: "writer", Provider: semconv.ProviderOpenAI})
)

// App is the instrumented application. Its methods are not safe for
// concurrent use: run one conversation at a time.
type App struct {
	agents *agents.Tracer
	llm    *llm.Tracer
	queue  chan job
}

// New returns the application, recording with the given tracers.
func New(at *agents.Tracer, lt *llm.Tracer) *App {
	return &App{agents: at, llm: lt, queue: make(chan job, 1)}
}

// Questions are the two turns of the example conversation; the first
// carries personal data, for the redactor to remove.
var Questions = []string{
	"Write a brief on home solar storage. Send it to jane.doe@example.com or call +1 415 555 0100.",
	"Make it shorter.",
}

// Converse answers each question in turn, under the identity of ctx.
func (a *App) Converse(ctx context.Context, questions []string) error {
	for turn, q := range questions {
		if err := a.turn(ctx, turn, q); err != nil {
			return err
		}
	}
	return nil
}

// job is work for the writer, with the link to the span that queued it.
type job struct {
	notes string
	link  agents.Link
}

// turn answers one user message: a workflow in which the planner plans,
// hands research to the researcher, and queues the writing for the writer.
func (a *App) turn(ctx context.Context, turn int, question string) error {
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
	// linked to the planner's, not nested in it. context.WithoutCancel keeps
	// the conversation identity but not the request's cancellation.
	bg := context.WithoutCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.write(bg, <-a.queue) })
	wg.Wait()
	return nil
}

// research calls two tools in parallel, then the model. The stats tool
// fails on the first turn; the researcher carries on without it.
func (a *App) research(ctx context.Context, turn int) (string, error) {
	results := make([]string, 2)
	var wg sync.WaitGroup // the context carries the span and the identity into each goroutine
	for i, tool := range []agents.Tool{
		{Name: "web_search", CallID: fmt.Sprintf("call_%d_search", turn), Type: semconv.ToolFunction, Arguments: []byte(`{"q":"home solar storage"}`)},
		{Name: "fetch_stats", CallID: fmt.Sprintf("call_%d_stats", turn), Type: semconv.ToolDatastore, Arguments: []byte(`{"metric":"battery_prices"}`)},
	} {
		wg.Go(func() {
			_, span := a.agents.ExecuteTool(ctx, tool)
			out, err := fakeTool(tool.Name, turn)
			if err == nil {
				span.RecordResult(out)
				results[i] = string(out)
			}
			span.End(err) // a failed tool is recorded, not fatal
		})
	}
	wg.Wait()
	answer := a.chat(ctx, "claude-sonnet-4-5", strings.Join(results, "\n"), "Batteries store midday solar for the evening.", 900, 60)
	return answer, nil
}

// write streams the brief.
func (a *App) write(ctx context.Context, j job) {
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
func (a *App) chat(ctx context.Context, model, prompt, answer string, in, out int64) string {
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
