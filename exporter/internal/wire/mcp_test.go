package wire_test

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// One MCP tool call is one Noveum tool: the client span (or the
// agents.ExecuteTool span it was made in) is tool.<name>; the server span,
// which carries the same execute_tool keys, keeps its OTel name and no
// tool.* keys. A SERVER execute_tool span that is not MCP stays a tool.
func TestMCPToolCountsOnce(t *testing.T) {
	mcpTool := []attribute.KeyValue{
		attribute.String("mcp.method.name", "tools/call"),
		attribute.String("gen_ai.operation.name", "execute_tool"),
		attribute.String("gen_ai.tool.name", "get_weather"),
		attribute.String("gen_ai.tool.call.arguments", `{"city":"Paris"}`),
		attribute.String("gen_ai.tool.call.result", `{"content":[]}`),
	}
	for _, tt := range []struct {
		name     string
		kind     trace.SpanKind
		attrs    []attribute.KeyValue
		wantName string
		wantTool bool
	}{
		{"mcp client", trace.SpanKindClient, mcpTool, "tool.get_weather", true},
		{"agents wrapper with mcp keys", trace.SpanKindInternal, mcpTool, "tool.get_weather", true},
		{"mcp server", trace.SpanKindServer, mcpTool, "tools/call get_weather", false},
		{"non-mcp server tool", trace.SpanKindServer, mcpTool[1:], "tool.get_weather", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := stub("tools/call get_weather", tt.attrs...)
			s.SpanKind = tt.kind
			e := encodeOne(t, s)
			if got := e.span(0)["name"]; got != tt.wantName {
				t.Errorf("name = %v, want %s", got, tt.wantName)
			}
			a := e.attrs(0)
			for _, k := range []string{"tool.name", "tool.input", "tool.output"} {
				if _, ok := a[k]; ok != tt.wantTool {
					t.Errorf("%s present = %v, want %v", k, ok, tt.wantTool)
				}
			}
			// The OTel keys stay as they were.
			if a["gen_ai.tool.name"] != "get_weather" || a["gen_ai.operation.name"] != "execute_tool" {
				t.Errorf("gen_ai keys changed: %v", a)
			}
		})
	}
}
