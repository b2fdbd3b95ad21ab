package noveummcp

import (
	"encoding/json"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
	"github.com/Noveum/noveum-trace-go/internal/tracing"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// contentLimit resolves the byte budget of a content attribute as the
// agents package does.
func contentLimit(n int) int { return tracing.ContentLimit(n, "noveum mcp") }

// recordRequest records the content a request carries: a tool call's
// arguments, a prompt request's arguments.
func (in *instrumentation) recordRequest(span trace.Span, m *message) {
	switch p := m.params.(type) {
	case *mcp.CallToolParams:
		if p.Arguments != nil {
			in.recordJSON(span, m, semconv.GenAIToolCallArgumentsKey, p.Arguments)
		}
	case *mcp.CallToolParamsRaw:
		if len(p.Arguments) > 0 {
			in.recordRaw(span, m, semconv.GenAIToolCallArgumentsKey, p.Arguments)
		}
	case *mcp.GetPromptParams:
		if len(p.Arguments) > 0 {
			in.recordJSON(span, m, semconv.NoveumMCPPromptArgumentsKey, p.Arguments)
		}
	}
}

// recordResult records the content a result carries: what a tool returned,
// the messages of a prompt.
func (in *instrumentation) recordResult(span trace.Span, m *message, res mcp.Result) {
	switch r := res.(type) {
	case *mcp.CallToolResult:
		if r != nil {
			in.recordJSON(span, m, semconv.GenAIToolCallResultKey, toolResult{Content: r.Content, StructuredContent: r.StructuredContent})
		}
	case *mcp.GetPromptResult:
		if r != nil {
			in.recordJSON(span, m, semconv.NoveumMCPPromptMessagesKey, r.Messages)
		}
	}
}

// toolResult is what a tool returned, without the result's _meta and
// isError (recorded as error.type).
type toolResult struct {
	Content           []mcp.Content `json:"content"`
	StructuredContent any           `json:"structuredContent,omitempty"`
}

func (in *instrumentation) recordJSON(span trace.Span, m *message, key attribute.Key, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		// Content that does not marshal is noted, never fatal.
		raw, _ = json.Marshal(fmt.Sprintf("unrecordable content: %v", err))
	}
	in.recordRaw(span, m, key, raw)
}

// recordRaw sets a content attribute, shortened to the budget keeping it
// valid JSON, with the truncation noted as the agents package notes it.
func (in *instrumentation) recordRaw(span trace.Span, m *message, key attribute.Key, raw []byte) {
	out, original := jsontext.Truncate(nil, raw, in.limit)
	kvs := []attribute.KeyValue{key.String(string(out))}
	if original > len(out) {
		m.truncated = append(m.truncated, key)
		kvs = append(kvs, semconv.NoveumTruncated(m.truncated...), semconv.NoveumOriginalBytes(key, original))
	}
	span.SetAttributes(kvs...)
}
