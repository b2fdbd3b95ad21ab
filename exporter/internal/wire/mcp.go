package wire

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// notMCPServerTool makes the server side of an MCP tool call (a SERVER span
// with mcp.method.name and gen_ai.operation.name = execute_tool, as the MCP
// conventions write it) an ordinary span: it keeps its OTel name
// ("tools/call get_weather") and gets no tool.* keys. The client side of the
// call (kind CLIENT, or the agents.ExecuteTool span it was made in) is the
// tool call, so that Noveum counts one tool, also when the two sides are
// exported by different processes.
func (g *genai) notMCPServerTool(kind trace.SpanKind, attrs []attribute.KeyValue) {
	if kind != trace.SpanKindServer || g.operation != semconv.OperationExecuteTool {
		return
	}
	for _, kv := range attrs {
		if kv.Key == semconv.MCPMethodNameKey {
			g.operation, g.toolName = "", ""
			g.src[dToolName], g.src[dToolInput], g.src[dToolOutput] = attribute.Value{}, attribute.Value{}, attribute.Value{}
			return
		}
	}
}
