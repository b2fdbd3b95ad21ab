package agents_test

import (
	"context"
	"fmt"
	"sync"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentsdk"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Trace a planner that hands work to a researcher, which calls a tool; the
// conversation identity goes on every span.
func Example() {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(agentsdk.NewIdentityProcessor()), // stamps identity on every span
		sdktrace.WithSyncer(exp))
	tracer := agents.NewTracer(agents.WithTracerProvider(tp))

	planner := agents.NewAgent(agents.AgentInfo{Name: "planner", Type: "planner"})
	researcher := agents.NewAgent(agents.AgentInfo{Name: "researcher"})

	ctx := agents.WithIdentity(context.Background(), agents.Identity{ConversationID: "conv-7", UserID: "u-42"})
	ctx, plan := tracer.InvokeAgent(ctx, planner)
	rctx, research := tracer.Handoff(ctx, researcher) // nested: a child span with the hand-off attributes
	_, search := tracer.ExecuteTool(rctx, agents.Tool{Name: "web_search", CallID: "call_1"})
	search.End(nil)
	research.End(nil)
	plan.End(nil)

	for _, s := range exp.GetSpans() {
		conv := ""
		for _, kv := range s.Attributes {
			if kv.Key == semconv.GenAIConversationIDKey {
				conv = kv.Value.AsString()
			}
		}
		fmt.Printf("%-24s %-8s conversation=%s\n", s.Name, s.SpanKind, conv)
	}
	// Output:
	// execute_tool web_search  internal conversation=conv-7
	// invoke_agent researcher  internal conversation=conv-7
	// invoke_agent planner     internal conversation=conv-7
}

// Hand work to an agent that runs on its own (a worker pool, a queue): the
// worker's span links to the span that handed it over.
func ExampleLinkedFrom() {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tracer := agents.NewTracer(agents.WithTracerProvider(tp))
	planner := agents.NewAgent(agents.AgentInfo{Name: "planner"})
	writer := agents.NewAgent(agents.AgentInfo{Name: "writer"})

	queue := make(chan agents.Link, 1)
	ctx, plan := tracer.InvokeAgent(context.Background(), planner)
	queue <- agents.HandoffTo(ctx, writer) // travels with the work item
	plan.End(nil)

	link := <-queue
	_, work := tracer.InvokeAgent(context.Background(), writer, agents.LinkedFrom(link))
	work.End(nil)

	s := exp.GetSpans()[1]
	fmt.Println(s.Name, "links to", len(s.Links), "span:")
	for _, kv := range s.Links[0].Attributes {
		fmt.Printf("  %s = %s\n", kv.Key, kv.Value.AsString())
	}
	// Output:
	// invoke_agent writer links to 1 span:
	//   noveum.link.kind = handoff
	//   noveum.agent.handoff.source.name = planner
	//   noveum.agent.handoff.target.name = writer
}

// Keep the span and the conversation identity across goroutines: they live
// in the context, so a goroutine given ctx keeps them (sync.WaitGroup here;
// errgroup.WithContext works the same way), and context.WithoutCancel keeps
// them for background work that must outlive the request's cancellation.
func Example_goroutines() {
	ctx := agents.WithConversation(context.Background(), "conv-7")
	results := make([]string, 3)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() { results[i] = agents.IdentityFrom(ctx).ConversationID })
	}
	wg.Wait()
	fmt.Println(results)

	request, cancel := context.WithCancel(ctx)
	background := context.WithoutCancel(request)
	cancel() // the request ends; the background work carries on
	fmt.Println(background.Err(), agents.IdentityFrom(background).ConversationID)
	// Output:
	// [conv-7 conv-7 conv-7]
	// <nil> conv-7
}
