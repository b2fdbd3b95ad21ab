package agentgraph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Draw the agent graph of spans captured in a test: a planner agent that
// calls a model and a tool, which fails. Paste the output into any Markdown
// viewer that renders Mermaid; DOT gives the same graph for Graphviz.
func ExampleFromSpans() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	tracer := tp.Tracer("example")
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	at := func(ms int) trace.SpanEventOption {
		return trace.WithTimestamp(start.Add(time.Duration(ms) * time.Millisecond))
	}

	ctx, planner := tracer.Start(context.Background(), "invoke_agent planner", at(0), trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationInvokeAgent),
		semconv.GenAIAgentName("planner")))
	_, chat := tracer.Start(ctx, "chat gpt-4o", at(100), trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationChat),
		semconv.GenAIRequestModel("gpt-4o"),
		semconv.GenAIUsageInputTokens(1200),
		semconv.GenAIUsageOutputTokens(350),
		semconv.NoveumCostTotal(0.0065)))
	chat.End(at(1300))
	_, search := tracer.Start(ctx, "execute_tool web_search", at(1400), trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationExecuteTool),
		semconv.GenAIToolName("web_search")))
	search.SetStatus(codes.Error, "timeout")
	search.End(at(1700))
	planner.End(at(2000))

	fmt.Print(agentgraph.FromSpans(rec.Ended()).Mermaid())
	// Output:
	// flowchart LR
	//     agent_planner_0("planner<br/>1 call<br/>2s, 1550 tokens, $0.0065")
	//     model_gpt_4o_1(["gpt-4o<br/>1 call<br/>1.2s, 1550 tokens, $0.0065"])
	//     tool_web_search_2[["web_search<br/>1 call, 1 error<br/>300ms"]]
	//     agent_planner_0 -->|calls| model_gpt_4o_1
	//     agent_planner_0 -->|calls| tool_web_search_2
	//     classDef failed stroke:#c00,stroke-width:2px
	//     class tool_web_search_2 failed
}

// Build the graph of spans read from somewhere else than the SDK (here,
// attribute values as a JSON decoder gives them), and write it as JSON.
func ExampleBuild() {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	g := agentgraph.Build([]agentgraph.SpanRecord{
		{TraceID: "t1", SpanID: "s1", Start: start, End: start.Add(2 * time.Second), Attributes: map[string]any{
			"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "planner"}},
		{TraceID: "t1", SpanID: "s2", ParentSpanID: "s1", Start: start, End: start.Add(time.Second), Attributes: map[string]any{
			"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o",
			"gen_ai.usage.input_tokens": float64(1200), "gen_ai.usage.output_tokens": json.Number("350")}},
	})
	out, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		fmt.Println(err)
	}
	fmt.Println(string(out))
	// Output:
	// {
	//   "nodes": [
	//     {
	//       "id": "agent:planner",
	//       "kind": "agent",
	//       "name": "planner",
	//       "calls": 1,
	//       "errors": 0,
	//       "latency_ms": 2000,
	//       "input_tokens": 1200,
	//       "output_tokens": 350,
	//       "cost": 0
	//     },
	//     {
	//       "id": "model:gpt-4o",
	//       "kind": "model",
	//       "name": "gpt-4o",
	//       "calls": 1,
	//       "errors": 0,
	//       "latency_ms": 1000,
	//       "input_tokens": 1200,
	//       "output_tokens": 350,
	//       "cost": 0
	//     }
	//   ],
	//   "edges": [
	//     {
	//       "from": "agent:planner",
	//       "to": "model:gpt-4o",
	//       "kind": "call",
	//       "count": 1
	//     }
	//   ]
	// }
}
