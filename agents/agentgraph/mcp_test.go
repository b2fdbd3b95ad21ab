package agentgraph_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
)

// An MCP tool call traced on both sides in one process counts once, and
// is drawn behind a node of its MCP server; a server-side span whose client
// side is elsewhere (another process) still counts.
func TestBuildMCP(t *testing.T) {
	t0 := time.Unix(100, 0)
	rec := func(id, parent string, attrs map[string]any, failed bool) agentgraph.SpanRecord {
		return agentgraph.SpanRecord{TraceID: "t", SpanID: id, ParentSpanID: parent, Start: t0, End: t0.Add(time.Second), Error: failed, Attributes: attrs}
	}
	client := func(tool string) map[string]any {
		return map[string]any{"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool,
			"mcp.method.name": "tools/call", "noveum.mcp.server.name": "weather"}
	}
	server := func(tool string) map[string]any {
		return map[string]any{"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool, "mcp.method.name": "tools/call"}
	}
	records := []agentgraph.SpanRecord{
		// The server span and its child come first: record order must not matter.
		rec("s1", "c1", server("get_weather"), false),
		rec("m1", "s1", map[string]any{"gen_ai.operation.name": "chat", "gen_ai.request.model": "m"}, false),
		rec("a", "", map[string]any{"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "planner"}, false),
		rec("c1", "a", client("get_weather"), false),
		rec("c2", "a", client("get_weather"), true),
		rec("s2", "c2", server("get_weather"), true),
		// A server span with no client span among the records (the client is
		// another process): its own call.
		rec("s3", "remote", server("lookup"), false),
	}
	g := agentgraph.Build(records)
	for id, calls := range map[string]int{"tool:get_weather": 2, "mcp_server:weather": 2, "tool:lookup": 1, "model:m": 1} {
		n, ok := g.Node(id)
		if !ok || n.Calls != calls {
			t.Errorf("%s = %+v, %v; want %d calls", id, n, ok, calls)
		}
	}
	if n, _ := g.Node("mcp_server:weather"); n.Errors != 1 || n.Latency != 2*time.Second {
		t.Errorf("mcp server node = %+v, want 1 error and 2s", n)
	}
	var edges []string
	for _, e := range g.Edges {
		edges = append(edges, e.From+" -> "+e.To)
	}
	// The model called inside the server's handler hangs off the tool.
	want := []string{"agent:planner -> mcp_server:weather", "mcp_server:weather -> tool:get_weather", "tool:get_weather -> model:m"}
	if !slices.Equal(edges, want) {
		t.Errorf("edges = %q, want %q", edges, want)
	}
	if g.Nodes[len(g.Nodes)-1].Kind != agentgraph.NodeMCPServer {
		t.Errorf("mcp_server nodes sort last: %v", g.Nodes)
	}
	if dot := g.DOT(); !strings.Contains(dot, "shape=hexagon") {
		t.Errorf("DOT lacks the mcp server shape:\n%s", dot)
	}
}
