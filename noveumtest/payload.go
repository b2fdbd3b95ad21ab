package noveumtest

import (
	"maps"
	"sort"
)

// Batch is one decoded request body: the traces sent together and the
// client's send time.
type Batch struct {
	Traces    []Trace `json:"traces"`
	Timestamp float64 `json:"timestamp"` // Unix seconds
}

// Trace is one trace as the exporter sends it. Times are kept as the wire
// strings so tests can check their exact format.
type Trace struct {
	TraceID        string         `json:"trace_id"`
	Name           string         `json:"name"`
	StartTime      string         `json:"start_time"`
	EndTime        string         `json:"end_time"`
	DurationMS     float64        `json:"duration_ms"`
	Status         string         `json:"status"`
	StatusMessage  *string        `json:"status_message"`
	SpanCount      int            `json:"span_count"`
	ErrorCount     int            `json:"error_count"`
	Attributes     map[string]any `json:"attributes"`
	Metadata       Metadata       `json:"metadata"`
	Spans          []Span         `json:"spans"`
	Events         []Event        `json:"events"` // trace-level events; OpenTelemetry has none
	SDK            SDK            `json:"sdk"`
	Project        string         `json:"project"`
	Environment    string         `json:"environment"`
	ServiceVersion string         `json:"service_version,omitempty"`
	SchemaVersion  string         `json:"schema_version"`
	OTel           TraceOTel      `json:"otel"`
}

// Metadata is the trace's metadata object. The three ids are nil when the
// exporter sent null.
type Metadata struct {
	UserID           *string           `json:"user_id"`
	SessionID        *string           `json:"session_id"`
	RequestID        *string           `json:"request_id"`
	Tags             map[string]string `json:"tags"`
	CustomAttributes map[string]any    `json:"custom_attributes"`
}

// SDK names the client library that produced a trace.
type SDK struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// TraceOTel carries a trace's raw OpenTelemetry identity.
type TraceOTel struct {
	TraceID  string         `json:"trace_id"` // 32 lowercase hex digits
	Resource map[string]any `json:"resource"`
}

// Span is one span of a trace. ParentSpanID is nil for the trace's root.
type Span struct {
	SpanID        string         `json:"span_id"`
	TraceID       string         `json:"trace_id"`
	ParentSpanID  *string        `json:"parent_span_id"`
	Name          string         `json:"name"`
	StartTime     string         `json:"start_time"`
	EndTime       string         `json:"end_time"`
	DurationMS    float64        `json:"duration_ms"`
	Status        string         `json:"status"`
	StatusMessage *string        `json:"status_message"`
	Attributes    map[string]any `json:"attributes"`
	Events        []Event        `json:"events"`
	Links         []Link         `json:"links"`
	Exception     *Exception     `json:"exception,omitempty"`
	OTel          SpanOTel       `json:"otel"`
}

// Event is a timestamped event recorded on a span.
type Event struct {
	Name       string         `json:"name"`
	Timestamp  string         `json:"timestamp"`
	Attributes map[string]any `json:"attributes"`
}

// Link points from a span to another span, by the UUID forms of its ids.
type Link struct {
	TraceID    string         `json:"trace_id"`
	SpanID     string         `json:"span_id"`
	Attributes map[string]any `json:"attributes"`
}

// Exception describes the exception a span recorded. StackTrace is nil when
// the exporter sent null.
type Exception struct {
	Type       string  `json:"type"`
	Message    string  `json:"message"`
	StackTrace *string `json:"stack_trace"`
}

// SpanOTel carries a span's raw OpenTelemetry identity and fields.
// ParentSpanID is nil when the span has no parent.
type SpanOTel struct {
	TraceID      string     `json:"trace_id"` // 32 lowercase hex digits
	SpanID       string     `json:"span_id"`  // 16 lowercase hex digits
	ParentSpanID *string    `json:"parent_span_id"`
	Kind         string     `json:"kind"`
	Status       SpanStatus `json:"status"`
	Name         string     `json:"name"`
	Scope        Scope      `json:"scope"`
}

// SpanStatus is the OpenTelemetry status of a span: code UNSET, OK or
// ERROR. Message is sent with ERROR only.
type SpanStatus struct {
	Code    string `json:"code"`
	Message string `json:"message,omitempty"`
}

// Scope is the instrumentation scope that created a span.
type Scope struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Walk calls visit once for each span id of t, parents before their
// children, with its depth: 0 for a root (a span without a parent in t), 1
// for its children, and so on. Siblings come in order of start time, then
// name. Spans whose parents form a cycle are visited last, as roots.
func (t Trace) Walk(visit func(s Span, depth int)) {
	ids := make(map[string]bool, len(t.Spans))
	for _, s := range t.Spans {
		ids[s.SpanID] = true
	}
	children := map[string][]Span{}
	var roots []Span
	for _, s := range t.Spans {
		if s.ParentSpanID == nil || !ids[*s.ParentSpanID] {
			roots = append(roots, s)
		} else {
			children[*s.ParentSpanID] = append(children[*s.ParentSpanID], s)
		}
	}
	byStart := func(spans []Span) []Span {
		sort.SliceStable(spans, func(i, j int) bool {
			if spans[i].StartTime != spans[j].StartTime {
				return spans[i].StartTime < spans[j].StartTime
			}
			return spans[i].Name < spans[j].Name
		})
		return spans
	}
	seen := make(map[string]bool, len(t.Spans))
	var walk func(s Span, depth int)
	walk = func(s Span, depth int) {
		if seen[s.SpanID] {
			return
		}
		seen[s.SpanID] = true
		visit(s, depth)
		for _, c := range byStart(children[s.SpanID]) {
			walk(c, depth+1)
		}
	}
	for _, r := range byStart(roots) {
		walk(r, 0)
	}
	for _, s := range byStart(append([]Span(nil), t.Spans...)) {
		walk(s, 0)
	}
}

// SpanByName returns the first span of t named name.
func (t Trace) SpanByName(name string) (Span, bool) {
	for _, s := range t.Spans {
		if s.Name == name {
			return s, true
		}
	}
	return Span{}, false
}

// Attr returns the span attribute key. Integers and floats are json.Number
// values, so integers stay exact.
func (s Span) Attr(key string) (any, bool) {
	v, ok := s.Attributes[key]
	return v, ok
}

// The clone helpers make the values handed to callers independent of the
// server's records, so a test may modify what it gets.

func (b Batch) clone() Batch {
	b.Traces = cloneSlice(b.Traces, Trace.clone)
	return b
}

func (t Trace) clone() Trace {
	t.StatusMessage = clonePtr(t.StatusMessage)
	t.Attributes = cloneAttrs(t.Attributes)
	t.Metadata.UserID = clonePtr(t.Metadata.UserID)
	t.Metadata.SessionID = clonePtr(t.Metadata.SessionID)
	t.Metadata.RequestID = clonePtr(t.Metadata.RequestID)
	t.Metadata.Tags = maps.Clone(t.Metadata.Tags)
	t.Metadata.CustomAttributes = cloneAttrs(t.Metadata.CustomAttributes)
	t.Spans = cloneSlice(t.Spans, Span.clone)
	t.OTel.Resource = cloneAttrs(t.OTel.Resource)
	return t
}

func (s Span) clone() Span {
	s.ParentSpanID = clonePtr(s.ParentSpanID)
	s.StatusMessage = clonePtr(s.StatusMessage)
	s.Attributes = cloneAttrs(s.Attributes)
	s.Events = cloneSlice(s.Events, func(e Event) Event {
		e.Attributes = cloneAttrs(e.Attributes)
		return e
	})
	s.Links = cloneSlice(s.Links, func(l Link) Link {
		l.Attributes = cloneAttrs(l.Attributes)
		return l
	})
	if s.Exception != nil {
		e := *s.Exception
		e.StackTrace = clonePtr(e.StackTrace)
		s.Exception = &e
	}
	s.OTel.ParentSpanID = clonePtr(s.OTel.ParentSpanID)
	return s
}

func cloneSlice[T any](in []T, f func(T) T) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneAttrs(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

// cloneValue deep-copies a value produced by encoding/json decoding into any.
func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return cloneAttrs(v)
	case []any:
		return cloneSlice(v, cloneValue)
	default: // string, json.Number, bool, nil: immutable
		return v
	}
}
