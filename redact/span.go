package redact

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// redactedSpan is the copy of an ended span that the next processor sees:
// everything comes from the original but what was redacted. The original
// is never modified. Its fields are set before it is handed on and never
// change, so it may be read concurrently.
type redactedSpan struct {
	sdktrace.ReadOnlySpan // the original; also provides the private method

	name   string
	attrs  []attribute.KeyValue
	events []sdktrace.Event
	links  []sdktrace.Link
	status sdktrace.Status
	res    *resource.Resource // nil: the original's
}

// Name returns the redacted span name.
func (s *redactedSpan) Name() string { return s.name }

// Attributes returns the redacted attributes followed by the summary.
func (s *redactedSpan) Attributes() []attribute.KeyValue { return s.attrs }

// Events returns the events with their attributes redacted.
func (s *redactedSpan) Events() []sdktrace.Event { return s.events }

// Links returns the links with their attributes redacted.
func (s *redactedSpan) Links() []sdktrace.Link { return s.links }

// Status returns the status with its description redacted.
func (s *redactedSpan) Status() sdktrace.Status { return s.status }

// Resource returns the redacted resource when resource attributes are
// redacted, else the original's.
func (s *redactedSpan) Resource() *resource.Resource {
	if s.res != nil {
		return s.res
	}
	return s.ReadOnlySpan.Resource()
}

// resourceResult caches the redaction of one resource: a provider has one
// resource for all its spans, so it is redacted once.
type resourceResult struct {
	src   *resource.Resource
	res   *resource.Resource // nil when nothing was redacted
	total int
	kinds []kindCount
	keys  []string
}

// redactSpan returns the redacted copy of s, or nil when nothing in s
// needed redacting.
func (p *Processor) redactSpan(s sdktrace.ReadOnlySpan, t *tally) *redactedSpan {
	r := p.r
	name, _ := r.name(s.Name(), t)
	origAttrs := s.Attributes()
	attrs := r.attrs(origAttrs, t)

	origEvents := s.Events()
	var events []sdktrace.Event
	for i, e := range origEvents {
		a := r.attrs(e.Attributes, t)
		en, renamed := r.name(e.Name, t)
		if a != nil || renamed {
			if events == nil {
				events = append([]sdktrace.Event(nil), origEvents...)
			}
			if a != nil {
				events[i].Attributes = a
			}
			events[i].Name = en
		}
	}

	origLinks := s.Links()
	var links []sdktrace.Link
	for i, l := range origLinks {
		if a := r.attrs(l.Attributes, t); a != nil {
			if links == nil {
				links = append([]sdktrace.Link(nil), origLinks...)
			}
			links[i].Attributes = a
		}
	}

	status := s.Status()
	if d, ok := r.text(status.Description, t, 0); ok {
		status.Description = d
	}

	var res *resource.Resource
	if p.resource {
		res = p.redactResource(s.Resource(), t)
	}

	if t.total == 0 {
		return nil
	}
	if attrs == nil {
		attrs = origAttrs
	}
	out := &redactedSpan{ReadOnlySpan: s, name: name, events: events, links: links, status: status, res: res}
	if out.events == nil {
		out.events = origEvents
	}
	if out.links == nil {
		out.links = origLinks
	}
	// A new slice, so the summary is never appended into the original's.
	out.attrs = make([]attribute.KeyValue, 0, len(attrs)+3)
	out.attrs = append(out.attrs, attrs...)
	out.attrs = append(out.attrs, summary(t)...)
	return out
}

// name redacts a span or event name, as plain text (a name is never
// parsed as JSON).
func (r *redactor) name(n string, t *tally) (string, bool) {
	t.matches = r.find.find(n, t.matches[:0])
	if len(t.matches) == 0 {
		return n, false
	}
	return r.applyMatches(n, t)
}

// redactResource returns the redacted copy of res, or nil when it needs
// none, and counts what was redacted in t.
func (p *Processor) redactResource(res *resource.Resource, t *tally) *resource.Resource {
	if res == nil {
		return nil
	}
	c := p.resCache.Load()
	if c == nil || c.src != res {
		rt := &tally{wantKeys: t.wantKeys}
		c = &resourceResult{src: res}
		if a := p.r.attrs(res.Attributes(), rt); a != nil {
			c.res = resource.NewWithAttributes(res.SchemaURL(), a...)
		}
		c.total, c.kinds, c.keys = rt.total, rt.kinds, rt.keys
		p.resCache.Store(c)
	}
	for _, kc := range c.kinds {
		for range kc.n {
			t.add(kc.kind)
		}
	}
	for _, k := range c.keys {
		t.key = k
		t.noteKey()
	}
	t.key = ""
	return c.res
}
