// Package agentsdk holds the parts of the agents package that work on the
// OpenTelemetry SDK's spans: the processor that stamps the conversation
// identity on every span, and the agent graph of recorded spans. They live
// apart so that agents itself depends on the OpenTelemetry API only, as
// libraries that instrument themselves with it expect.
package agentsdk

import (
	"context"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/internal/identity"
)

// IdentityProcessor is an sdktrace.SpanProcessor that stamps the identity
// of the context a span starts in (agents.WithIdentity and friends) on the span,
// whoever starts it: the llm helpers, an HTTP client's instrumentation, your
// own spans. Register it with the TracerProvider before the exporter:
//
//	tp := sdktrace.NewTracerProvider(
//		sdktrace.WithSpanProcessor(agentsdk.NewIdentityProcessor()),
//		sdktrace.WithSpanProcessor(exp),
//	)
//
// It costs what setting the same attributes by hand costs, and skips the
// spans of the llm and agents helpers, which carry the identity from their
// start (figures in docs/performance.md).
// It is safe for concurrent use.
type IdentityProcessor struct{}

// NewIdentityProcessor returns an IdentityProcessor.
func NewIdentityProcessor() *IdentityProcessor { return &IdentityProcessor{} }

// OnStart stamps the identity of parent on s. The identity of the context
// wins over the same key set when the span started (the SDK keeps the
// last value): to give a span another conversation, user or session, start
// it under a context that says so (agents.WithIdentity). Checking the span's own
// attributes first would cost a copy of them on every span.
func (*IdentityProcessor) OnStart(parent context.Context, s sdktrace.ReadWriteSpan) {
	if parent == nil {
		return
	}
	attrs := identity.Attrs(parent)
	if len(attrs) == 0 || identity.SelfStamped(s.InstrumentationScope().Name) {
		return // the llm and agents helpers set the identity at start
	}
	s.SetAttributes(attrs...)
}

// OnEnd does nothing.
func (*IdentityProcessor) OnEnd(sdktrace.ReadOnlySpan) {}

// Shutdown does nothing: the processor holds no resources.
func (*IdentityProcessor) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing: the processor holds no spans.
func (*IdentityProcessor) ForceFlush(context.Context) error { return nil }

// RecordsFromSpans returns a record of each span: ids in lowercase hex, a
// parent id only when the span has a valid parent (remote included), Error
// for status Error, and attribute values as attribute.Value.AsInterface
// gives them. Nil spans are skipped.
func RecordsFromSpans(spans []sdktrace.ReadOnlySpan) []agents.SpanRecord {
	records := make([]agents.SpanRecord, 0, len(spans))
	for _, s := range spans {
		if s == nil {
			continue
		}
		sc := s.SpanContext()
		r := agents.SpanRecord{
			TraceID: sc.TraceID().String(),
			SpanID:  sc.SpanID().String(),
			Name:    s.Name(),
			Start:   s.StartTime(),
			End:     s.EndTime(),
			Error:   s.Status().Code == codes.Error,
		}
		if p := s.Parent(); p.SpanID().IsValid() {
			r.ParentSpanID = p.SpanID().String()
		}
		if attrs := s.Attributes(); len(attrs) > 0 {
			r.Attributes = make(map[string]any, len(attrs))
			for _, kv := range attrs {
				r.Attributes[string(kv.Key)] = kv.Value.AsInterface()
			}
		}
		for _, l := range s.Links() {
			lr := agents.LinkRecord{TraceID: l.SpanContext.TraceID().String(), SpanID: l.SpanContext.SpanID().String()}
			if len(l.Attributes) > 0 {
				lr.Attributes = make(map[string]any, len(l.Attributes))
				for _, kv := range l.Attributes {
					lr.Attributes[string(kv.Key)] = kv.Value.AsInterface()
				}
			}
			r.Links = append(r.Links, lr)
		}
		records = append(records, r)
	}
	return records
}

// GraphFromSpans derives the agent graph of SDK spans, for example those a
// tracetest.SpanRecorder captured in a test: BuildGraph(RecordsFromSpans(spans)).
func GraphFromSpans(spans []sdktrace.ReadOnlySpan) *agents.Graph {
	return agents.BuildGraph(RecordsFromSpans(spans))
}
