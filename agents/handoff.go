package agents

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Link is work handed from one agent to another, or a message sent between
// them, when the receiving agent does not run nested in the sender's span:
// put it in the queue item or the worker's input, and pass it to LinkedFrom
// when the receiver starts. Its span then links to the sender's span, and
// the agent graph draws the hand-off or message edge. A Link is a small
// value, safe to copy and to share.
type Link struct {
	sc     trace.SpanContext
	kind   semconv.LinkKind
	source string
	target string
}

// HandoffTo records that the agent of ctx (see FromContext) hands work to
// agent to, from the span current in ctx.
func HandoffTo(ctx context.Context, to *Agent) Link {
	return newHandoff(ctx, semconv.LinkHandoff, to)
}

// MessageTo records that the agent of ctx sends a message to agent to,
// from the span current in ctx.
func MessageTo(ctx context.Context, to *Agent) Link {
	return newHandoff(ctx, semconv.LinkMessage, to)
}

func newHandoff(ctx context.Context, kind semconv.LinkKind, to *Agent) Link {
	h := Link{sc: trace.SpanContextFromContext(ctx), kind: kind}
	if from := FromContext(ctx); from != nil {
		h.source = from.label()
	}
	if to != nil {
		h.target = to.label()
	}
	return h
}

// SpanContext returns the span the hand-off comes from, for propagating it
// to another process with an OpenTelemetry propagator.
func (h Link) SpanContext() trace.SpanContext { return h.sc }

// Kind returns what the link stands for: semconv.LinkHandoff or
// semconv.LinkMessage.
func (h Link) Kind() semconv.LinkKind { return h.kind }

// link returns the span link to the sender, for the receiving agent a.
func (h Link) link(a *Agent) trace.Link {
	target := h.target
	if target == "" && a != nil {
		target = a.label()
	}
	attrs := make([]attribute.KeyValue, 0, 3)
	attrs = append(attrs, semconv.NoveumLinkKind(h.kind))
	if h.source != "" {
		attrs = append(attrs, semconv.NoveumAgentHandoffSourceName(h.source))
	}
	if target != "" {
		attrs = append(attrs, semconv.NoveumAgentHandoffTargetName(target))
	}
	return trace.Link{SpanContext: h.sc, Attributes: attrs}
}
