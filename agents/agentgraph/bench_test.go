package agentgraph_test

import (
	"fmt"
	"testing"

	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
)

// graphBenchRecords returns n spans (n a multiple of 20) in traces of 20
// spans like those of a small multi-agent app: a workflow, a planner that
// plans, calls models and tools and hands off to a researcher nested in its
// span, a writer messaged through a link, and a worker linked by a
// hand-off; ids are 32- and 16-digit hex, as from the SDK.
func graphBenchRecords(n int) []agentgraph.SpanRecord {
	type spec struct {
		parent int // index in the trace, -1 for a root
		kv     []any
		link   int // index of the span linked from, -1 for none
		kind   string
		err    bool
	}
	trace := []spec{
		0:  {-1, []any{gkOp, "invoke_workflow", "gen_ai.workflow.name", "support"}, -1, "", false},
		1:  {0, []any{gkOp, "invoke_agent", gkAgent, "planner"}, -1, "", false},
		2:  {1, []any{gkOp, "plan", gkAgent, "planner"}, -1, "", false},
		3:  {2, []any{gkOp, "chat", gkModel, "gpt-4o", gkIn, int64(900), gkOut, int64(120), gkCost, 0.0035}, -1, "", false},
		4:  {1, []any{gkOp, "chat", gkModel, "gpt-4o", gkIn, int64(1200), gkOut, int64(350), gkCost, 0.0065}, -1, "", false},
		5:  {1, []any{gkOp, "execute_tool", gkTool, "web_search"}, -1, "", false},
		6:  {1, []any{gkOp, "execute_tool", gkTool, "web_search"}, -1, "", true},
		7:  {1, []any{gkOp, "invoke_agent", gkAgent, "researcher", gkSource, "planner", gkTarget, "researcher"}, -1, "", false},
		8:  {7, []any{gkOp, "retrieval", "gen_ai.data_source.id", "kb"}, -1, "", false},
		9:  {7, []any{gkOp, "chat", gkModel, "claude-sonnet-4", gkIn, int64(2000), gkOut, int64(500), gkCost, 0.0135}, -1, "", false},
		10: {7, []any{"http.request.method", "GET"}, -1, "", false},
		11: {10, []any{gkOp, "execute_tool", gkTool, "fetch_page"}, -1, "", false},
		12: {10, []any{gkOp, "execute_tool", gkTool, "fetch_page"}, -1, "", false},
		13: {8, []any{gkOp, "embeddings", gkModel, "text-embedding-3-small", gkIn, int64(40)}, -1, "", false},
		14: {0, []any{gkOp, "invoke_agent", gkAgent, "writer"}, 9, "message", false},
		15: {14, []any{gkOp, "chat", gkModel, "gpt-4o", gkIn, int64(3000), gkOut, int64(800), gkCost, 0.0155}, -1, "", false},
		16: {14, []any{gkOp, "execute_tool", gkTool, "format"}, -1, "", false},
		17: {-1, []any{gkOp, "invoke_agent", gkAgent, "worker"}, 1, "handoff", false},
		18: {17, []any{gkOp, "chat", gkModel, "gpt-4o-mini", gkIn, int64(300), gkOut, int64(50), gkCost, 0.0001}, -1, "", false},
		19: {17, []any{gkOp, "execute_tool", gkTool, "calc"}, -1, "", false},
	}
	records := make([]agentgraph.SpanRecord, 0, n)
	for t := 0; len(records) < n; t++ {
		traceID := fmt.Sprintf("%032x", t+1)
		workerTrace := fmt.Sprintf("%032x", 1<<40+t)
		spanID := func(i int) string { return fmt.Sprintf("%016x", t*len(trace)+i+1) }
		for i, s := range trace {
			r := gspan(spanID(i), "", s.kv...)
			r.TraceID, r.Error = traceID, s.err
			if s.parent >= 0 {
				r.ParentSpanID = spanID(s.parent)
			}
			if i >= 17 {
				r.TraceID = workerTrace
			}
			if s.link >= 0 {
				r.Links = []agentgraph.LinkRecord{glink(traceID, spanID(s.link), gkLinkKind, s.kind)}
			}
			r.Start, r.End = graphAt(i*100), graphAt(i*100+80)
			records = append(records, r)
		}
	}
	return records[:n]
}

// BenchmarkBuild derives the graph of 1,000 spans.
func BenchmarkBuild(b *testing.B) {
	records := graphBenchRecords(1000)
	if g := agentgraph.Build(records); len(g.Nodes) != 14 || len(g.Edges) != 15 {
		b.Fatalf("unexpected graph: %d nodes, %d edges\n%s", len(g.Nodes), len(g.Edges), graphSummary(g))
	}
	b.ReportAllocs()
	for b.Loop() {
		agentgraph.Build(records)
	}
	b.ReportMetric(float64(len(records))*float64(b.N)/b.Elapsed().Seconds(), "spans/s")
}
