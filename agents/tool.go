package agents

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/jsontext"
	"github.com/Noveum/noveum-trace-go/internal/tracing"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Tool describes one call of a tool.
type Tool struct {
	// Name is the tool's name (gen_ai.tool.name, required); it names the
	// span ("execute_tool web_search").
	Name string
	// CallID is the id of the model's tool_call this execution answers
	// (gen_ai.tool.call.id): it ties the tool span to the tool_call part
	// in the model span's output messages.
	CallID string
	// Type is the tool type: semconv.ToolFunction, ToolExtension or
	// ToolDatastore.
	Type semconv.ToolType
	// Description says what the tool does.
	Description string
	// Arguments are the call's JSON arguments (gen_ai.tool.call.arguments),
	// recorded only when content capture is on. Text that is not JSON is
	// recorded as a JSON string.
	Arguments json.RawMessage
}

// ToolCall is a tool call being executed: its execute_tool span, in
// progress. Record the result, then End it; ending it again does nothing.
// Its methods are safe for concurrent use; a nil *ToolCall does nothing.
type ToolCall struct {
	run     Run
	content *toolContent // nil unless content is captured
}

// Span returns the OpenTelemetry span of the tool call, for attributes and
// events of your own (a non-recording span for a nil ToolCall).
func (s *ToolCall) Span() trace.Span {
	if s == nil {
		return (*Run)(nil).Span()
	}
	return s.run.Span()
}

// End ends the span, as Run.End does.
func (s *ToolCall) End(err error) {
	if s != nil {
		s.run.End(err)
	}
}

// toolContent remembers which of a tool span's content was truncated.
type toolContent struct {
	mu        sync.Mutex
	truncated []attribute.Key
}

// ExecuteTool starts the span of a tool call: "execute_tool {name}", kind
// INTERNAL, with the tool's name, call id, type and description, the
// conversation identity of ctx, and its arguments when content capture is
// on.
func (t *Tracer) ExecuteTool(ctx context.Context, tool Tool) (context.Context, *ToolCall) {
	ctx = tracing.NonNil(ctx)
	id := identity.Attrs(ctx)
	attrs := make([]attribute.KeyValue, 0, 6+len(id))
	attrs = append(attrs, semconv.GenAIOperationName(semconv.OperationExecuteTool), semconv.GenAIToolName(tool.Name))
	if tool.CallID != "" {
		attrs = append(attrs, semconv.GenAIToolCallID(tool.CallID))
	}
	if tool.Type != "" {
		attrs = append(attrs, semconv.GenAIToolType(tool.Type))
	}
	if tool.Description != "" {
		attrs = append(attrs, semconv.GenAIToolDescription(tool.Description))
	}
	attrs = append(attrs, id...)
	ctx, span := t.tracer.Start(ctx, tracing.SpanName(string(semconv.OperationExecuteTool), tool.Name),
		trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	ts := &ToolCall{run: Run{span: span, t: t}}
	if t.capture.OnSpans() && span.IsRecording() {
		ts.content = &toolContent{}
	}
	if len(tool.Arguments) > 0 {
		ts.recordContent(semconv.GenAIToolCallArgumentsKey, tool.Arguments)
	}
	return ctx, ts
}

// RecordResult records the tool's JSON result (gen_ai.tool.call.result)
// when content capture is on. Text that is not JSON is recorded as a JSON
// string.
func (s *ToolCall) RecordResult(result json.RawMessage) {
	s.recordContent(semconv.GenAIToolCallResultKey, result)
}

// recordContent sets a content attribute, shortened to the Tracer's budget
// keeping it valid JSON, and marks a truncation.
func (s *ToolCall) recordContent(key attribute.Key, raw []byte) {
	if s == nil || s.content == nil {
		return
	}
	out, original := jsontext.Truncate(nil, raw, s.run.t.limit)
	kvs := []attribute.KeyValue{key.String(string(out))}
	s.content.mu.Lock() // the truncated list is read and set as one
	defer s.content.mu.Unlock()
	if original > len(out) {
		if !slices.Contains(s.content.truncated, key) {
			s.content.truncated = append(s.content.truncated, key)
		}
		kvs = append(kvs, semconv.NoveumTruncated(s.content.truncated...), semconv.NoveumOriginalBytes(key, original))
	}
	s.run.span.SetAttributes(kvs...)
}
