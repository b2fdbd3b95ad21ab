package agentgraph

import (
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// RecordsFromSpans returns a record of each span: ids in lowercase hex, a
// parent id only when the span has a valid parent (remote included), Error
// for status Error, and attribute values as attribute.Value.AsInterface
// gives them. Nil spans are skipped.
func RecordsFromSpans(spans []sdktrace.ReadOnlySpan) []SpanRecord {
	records := make([]SpanRecord, 0, len(spans))
	for _, s := range spans {
		if s == nil {
			continue
		}
		sc := s.SpanContext()
		r := SpanRecord{
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
			lr := LinkRecord{TraceID: l.SpanContext.TraceID().String(), SpanID: l.SpanContext.SpanID().String()}
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

// FromSpans derives the agent graph of SDK spans, for example those a
// tracetest.SpanRecorder captured in a test: Build(RecordsFromSpans(spans)).
func FromSpans(spans []sdktrace.ReadOnlySpan) *Graph {
	return Build(RecordsFromSpans(spans))
}
