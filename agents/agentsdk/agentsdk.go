// Package agentsdk holds the part of the agents package that works on the
// OpenTelemetry SDK's spans: the processor that stamps the conversation
// identity on every span. It lives apart so that agents itself depends on
// the OpenTelemetry API only, as libraries that instrument themselves with
// it expect. The agent graph of recorded spans is in agents/agentgraph.
package agentsdk

import (
	"context"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

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
