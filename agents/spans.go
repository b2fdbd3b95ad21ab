package agents

import (
	"context"
	"fmt"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/internal/errtype"
	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/tracing"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Run is an agent invoked, created or planning, or a workflow running: the
// span of that operation, in progress. End it when the operation is over;
// ending it again does nothing.
//
// The helpers return their handles as pointers, *Run and *ToolCall here as
// *llm.Call in the llm package, so that the two packages are used alike: a
// handle is kept, passed on and ended, never copied. A nil *Run does
// nothing.
type Run struct {
	span trace.Span
	t    *Tracer
}

// Span returns the OpenTelemetry span of the run, for attributes and events
// of your own (a non-recording span for a nil Run).
func (r *Run) Span() trace.Span {
	if r == nil || r.span == nil {
		return trace.SpanFromContext(context.Background())
	}
	return r.span
}

// End ends the span. A non-nil err marks it failed: status Error with the
// error's message, error.type (the error's Go type, or what its
// ErrorType() string method says), and an exception event whose
// exception.type is the most specific error of the chain (not
// *fmt.wrapError).
func (r *Run) End(err error) {
	if r == nil || r.span == nil {
		return
	}
	if err != nil && r.span.IsRecording() {
		r.span.SetAttributes(semconv.ErrorType(errtype.Of(err)))
		errtype.RecordException(r.span, err, time.Now())
		r.span.SetStatus(codes.Error, err.Error())
	}
	r.span.End()
}

// agentKey is the context key of the agent whose span is current.
type agentKey struct{}

// FromContext returns the agent whose invoke_agent (or plan) span is the
// closest one started in ctx, or nil.
func FromContext(ctx context.Context) *Agent {
	if ctx == nil {
		return nil
	}
	a, _ := ctx.Value(agentKey{}).(*Agent)
	return a
}

// InvokeOption configures an invoke_agent span. InvokeOptions are made by
// Remote, HandoffFrom, LinkedFrom and NewRoot.
type InvokeOption interface{ apply(*invokeConfig) }

type invokeOptionFunc func(*invokeConfig)

func (f invokeOptionFunc) apply(c *invokeConfig) { f(c) }

type invokeConfig struct {
	remote  bool
	from    *Agent
	links   []Link
	newRoot bool
}

// Remote marks the agent as running elsewhere (another service or a
// provider's hosted agent): the span kind is CLIENT instead of INTERNAL.
func Remote() InvokeOption { return invokeOptionFunc(func(c *invokeConfig) { c.remote = true }) }

// HandoffFrom records the invocation as a hand-off from agent from, nested
// in its span: noveum.agent.handoff.source.name and target.name are set,
// and the agent graph draws a hand-off instead of a call. Tracer.Handoff
// does this with the agent of the context.
func HandoffFrom(from *Agent) InvokeOption {
	return invokeOptionFunc(func(c *invokeConfig) { c.from = from })
}

// LinkedFrom links the invocation to the span that handed it work or sent
// it a message (see HandoffTo and MessageTo) when the two do not nest: a
// queue, a worker pool, an agent running in parallel.
func LinkedFrom(h Link) InvokeOption {
	return invokeOptionFunc(func(c *invokeConfig) { c.links = append(c.links, h) })
}

// NewRoot starts the invocation as the root of a new trace, linked (with
// LinkedFrom) rather than nested: for work that outlives the request that
// queued it.
func NewRoot() InvokeOption { return invokeOptionFunc(func(c *invokeConfig) { c.newRoot = true }) }

// InvokeAgent starts the span of agent a doing its work:
// "invoke_agent {name}", kind INTERNAL (CLIENT with Remote), carrying the
// agent's identity and the conversation identity of ctx. The returned
// context carries the span and the agent (FromContext).
func (t *Tracer) InvokeAgent(ctx context.Context, a *Agent, opts ...InvokeOption) (context.Context, *Run) {
	ctx = tracing.NonNil(ctx)
	a = orUnnamed(a)
	var c invokeConfig
	for _, opt := range opts {
		opt.apply(&c)
	}
	kind := trace.SpanKindInternal
	if c.remote {
		kind = trace.SpanKindClient
	}
	extra := 0
	if c.from != nil {
		extra = 2
	}
	for _, h := range c.links {
		if !h.sc.IsValid() && c.from == nil && h.source != "" {
			// Handed over from a context without a span: no span to link
			// to, so the hand-off is recorded on the span itself.
			c.from = NewAgent(AgentInfo{Name: h.source})
			extra = 2
		}
	}
	attrs := agentAttrs(ctx, semconv.OperationInvokeAgent, a, extra+1)
	if c.remote {
		attrs = requireProvider(attrs, a)
	}
	if c.from != nil {
		attrs = append(attrs,
			semconv.NoveumAgentHandoffSourceName(c.from.label()),
			semconv.NoveumAgentHandoffTargetName(a.label()))
	}
	startOpts := []trace.SpanStartOption{trace.WithSpanKind(kind), trace.WithAttributes(attrs...)}
	for _, h := range c.links {
		if h.sc.IsValid() {
			startOpts = append(startOpts, trace.WithLinks(h.link(a)))
		}
	}
	if c.newRoot {
		startOpts = append(startOpts, trace.WithNewRoot())
	}
	ctx, span := t.tracer.Start(ctx, a.spanNames[nameInvoke], startOpts...)
	return context.WithValue(ctx, agentKey{}, a), &Run{span: span, t: t}
}

// Handoff starts the span of agent to taking over work from the agent of
// ctx, nested in its span: InvokeAgent with HandoffFrom(FromContext(ctx)).
// With no agent in ctx it is a plain InvokeAgent.
func (t *Tracer) Handoff(ctx context.Context, to *Agent, opts ...InvokeOption) (context.Context, *Run) {
	if from := FromContext(ctx); from != nil {
		opts = append(opts, HandoffFrom(from))
	}
	return t.InvokeAgent(ctx, to, opts...)
}

// CreateAgent starts the span of creating agent a (for example registering
// it with a provider): "create_agent {name}", kind CLIENT.
func (t *Tracer) CreateAgent(ctx context.Context, a *Agent) (context.Context, *Run) {
	ctx = tracing.NonNil(ctx)
	a = orUnnamed(a)
	attrs := requireProvider(agentAttrs(ctx, semconv.OperationCreateAgent, a, 1), a)
	ctx, span := t.tracer.Start(ctx, a.spanNames[nameCreate], trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return ctx, &Run{span: span, t: t}
}

// Plan starts the span of agent a planning its next steps:
// "plan {name}", kind INTERNAL. The returned context carries the agent.
func (t *Tracer) Plan(ctx context.Context, a *Agent) (context.Context, *Run) {
	ctx = tracing.NonNil(ctx)
	a = orUnnamed(a)
	attrs := agentAttrs(ctx, semconv.OperationPlan, a, 0)
	ctx, span := t.tracer.Start(ctx, a.spanNames[namePlan], trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	return context.WithValue(ctx, agentKey{}, a), &Run{span: span, t: t}
}

// InvokeWorkflow starts the span of a workflow that coordinates agents:
// "invoke_workflow {name}", kind INTERNAL. Name it for what it does, with
// low cardinality ("support", "research-report").
func (t *Tracer) InvokeWorkflow(ctx context.Context, name string) (context.Context, *Run) {
	ctx = tracing.NonNil(ctx)
	id := identity.Attrs(ctx)
	attrs := make([]attribute.KeyValue, 0, 2+len(id))
	attrs = append(attrs, semconv.GenAIOperationName(semconv.OperationInvokeWorkflow))
	if name != "" {
		attrs = append(attrs, semconv.GenAIWorkflowName(name))
	}
	attrs = append(attrs, id...)
	ctx, span := t.tracer.Start(ctx, tracing.SpanName(string(semconv.OperationInvokeWorkflow), name),
		trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	return ctx, &Run{span: span, t: t}
}

// agentAttrs builds the attributes of an agent span: operation, the
// agent's identity, the conversation identity of ctx, and room for extra.
func agentAttrs(ctx context.Context, op semconv.Operation, a *Agent, extra int) []attribute.KeyValue {
	id := identity.Attrs(ctx)
	attrs := make([]attribute.KeyValue, 0, 1+len(a.attrs)+len(id)+extra)
	attrs = append(attrs, semconv.GenAIOperationName(op))
	attrs = append(attrs, a.attrs...)
	return append(attrs, id...)
}

// requireProvider adds gen_ai.provider.name where the convention requires
// it (create_agent, a remote invoke_agent) and the agent does not say:
// the value is "_OTHER" (semconv.ProviderOther), and the first time for
// each agent the gap is reported through otel.Handle, so that it is seen
// and fixed (AgentInfo.Provider), never silently left empty.
func requireProvider(attrs []attribute.KeyValue, a *Agent) []attribute.KeyValue {
	if a.provider != "" {
		return attrs
	}
	a.unknownProvider.Do(func() {
		otel.Handle(fmt.Errorf("noveum agents: agent %q has no Provider: gen_ai.provider.name, which the convention requires on create_agent and remote invoke_agent spans, is recorded as %q; set AgentInfo.Provider", a.label(), semconv.ProviderOther))
	})
	return append(attrs, semconv.GenAIProviderName(semconv.ProviderOther))
}

// Package-level functions, with the Default Tracer.

// InvokeAgent starts an invoke_agent span with the Default Tracer.
func InvokeAgent(ctx context.Context, a *Agent, opts ...InvokeOption) (context.Context, *Run) {
	return Default().InvokeAgent(ctx, a, opts...)
}

// Handoff starts a hand-off span with the Default Tracer.
func Handoff(ctx context.Context, to *Agent, opts ...InvokeOption) (context.Context, *Run) {
	return Default().Handoff(ctx, to, opts...)
}

// CreateAgent starts a create_agent span with the Default Tracer.
func CreateAgent(ctx context.Context, a *Agent) (context.Context, *Run) {
	return Default().CreateAgent(ctx, a)
}

// Plan starts a plan span with the Default Tracer.
func Plan(ctx context.Context, a *Agent) (context.Context, *Run) { return Default().Plan(ctx, a) }

// InvokeWorkflow starts an invoke_workflow span with the Default Tracer.
func InvokeWorkflow(ctx context.Context, name string) (context.Context, *Run) {
	return Default().InvokeWorkflow(ctx, name)
}

// ExecuteTool starts an execute_tool span with the Default Tracer.
func ExecuteTool(ctx context.Context, tool Tool) (context.Context, *ToolCall) {
	return Default().ExecuteTool(ctx, tool)
}
