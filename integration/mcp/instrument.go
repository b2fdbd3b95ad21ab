package noveummcp

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/version"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// ScopeName is the instrumentation scope of the spans and metrics this
// package records.
const ScopeName = "github.com/Noveum/noveum-trace-go/integration/mcp"

// InstrumentClient makes c record a span of kind CLIENT for every request
// and notification it sends (tools/call, initialize, notifications/...),
// with the trace context injected into params._meta, and a span of kind
// SERVER for every one it receives from the server (sampling, elicitation,
// notifications), with the context extracted. It records the
// mcp.client.operation.duration and mcp.server.operation.duration
// histograms. Call it once, before Connect; the middleware it adds wraps
// every middleware added before it.
func InstrumentClient(c *mcp.Client, opts ...Option) {
	if c == nil {
		return
	}
	sending, receiving := Middleware(opts...)
	c.AddSendingMiddleware(sending)
	c.AddReceivingMiddleware(receiving)
}

// InstrumentServer makes s record a span of kind SERVER for every request
// and notification it receives (tools/call, resources/read, ...), the child
// of the client's span when the client injected its context into
// params._meta, and a span of kind CLIENT for every one it sends to the
// client. It records the same histograms as [InstrumentClient]. Call it
// once, before the server serves a session.
func InstrumentServer(s *mcp.Server, opts ...Option) {
	if s == nil {
		return
	}
	sending, receiving := Middleware(opts...)
	s.AddSendingMiddleware(sending)
	s.AddReceivingMiddleware(receiving)
}

// Middleware returns the two middlewares [InstrumentClient] and
// [InstrumentServer] add, for an application that orders its middleware
// itself: sending for AddSendingMiddleware (CLIENT spans, context
// injected), receiving for AddReceivingMiddleware (SERVER spans, context
// extracted). Both may be used on clients and servers, concurrently.
func Middleware(opts ...Option) (sending, receiving mcp.Middleware) {
	in := newInstrumentation(opts)
	return in.sending, in.receiving
}

type instrumentation struct {
	cfg    config
	tracer trace.Tracer
	client metric.Float64Histogram
	server metric.Float64Histogram
	limit  int
}

func newInstrumentation(opts []Option) *instrumentation {
	cfg := newConfig(opts)
	in := &instrumentation{
		cfg: cfg,
		tracer: cfg.tp.Tracer(ScopeName,
			trace.WithInstrumentationVersion(version.Version),
			trace.WithSchemaURL(semconv.SchemaURL)),
		limit: contentLimit(cfg.limit),
	}
	meter := cfg.mp.Meter(ScopeName, metric.WithInstrumentationVersion(version.Version), metric.WithSchemaURL(semconv.SchemaURL))
	var err error
	in.client, err = meter.Float64Histogram(semconv.MCPClientOperationDurationName,
		metric.WithUnit(semconv.MCPClientOperationDurationUnit),
		metric.WithDescription(semconv.MCPClientOperationDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.MCPOperationDurationBuckets()...))
	if err != nil {
		otel.Handle(fmt.Errorf("noveum mcp: %s histogram: %w", semconv.MCPClientOperationDurationName, err))
	}
	in.server, err = meter.Float64Histogram(semconv.MCPServerOperationDurationName,
		metric.WithUnit(semconv.MCPServerOperationDurationUnit),
		metric.WithDescription(semconv.MCPServerOperationDurationDescription),
		metric.WithExplicitBucketBoundaries(semconv.MCPOperationDurationBuckets()...))
	if err != nil {
		otel.Handle(fmt.Errorf("noveum mcp: %s histogram: %w", semconv.MCPServerOperationDurationName, err))
	}
	return in
}

// capture reports whether content is recorded: the option, else what the
// agents package's default Tracer does (noveumtrace.Init sets it), read on
// each call so that an Init made after instrumenting applies.
func (in *instrumentation) capture() bool {
	if in.cfg.capture != nil {
		return in.cfg.capture.OnSpans()
	}
	return agents.Default().CaptureContent().OnSpans()
}

// message is what a span and a measurement say about one MCP message.
type message struct {
	method     string
	tool       string
	prompt     string
	uri        string
	session    string
	version    string
	serverName string
	transport  string
	http       bool
	params     mcp.Params // nil when absent
	truncated  []attribute.Key
}

func (m *message) spanName() string {
	switch {
	case m.tool != "":
		return m.method + " " + m.tool
	case m.prompt != "":
		return m.method + " " + m.prompt
	}
	return m.method
}

// describe reads the method's target and the session's facts.
func (in *instrumentation) describe(method string, req mcp.Request, client bool) message {
	m := message{method: method}
	if req == nil {
		return m
	}
	if p := req.GetParams(); !isNil(p) {
		m.params = p
		switch p := p.(type) {
		case *mcp.CallToolParams:
			m.tool = p.Name
		case *mcp.CallToolParamsRaw:
			m.tool = p.Name
		case *mcp.GetPromptParams:
			m.prompt = p.Name
		case *mcp.ReadResourceParams:
			m.uri = p.URI
		case *mcp.SubscribeParams:
			m.uri = p.URI
		case *mcp.UnsubscribeParams:
			m.uri = p.URI
		case *mcp.ResourceUpdatedNotificationParams:
			m.uri = p.URI
		case *mcp.InitializeParams:
			m.version = p.ProtocolVersion
		}
		if v, ok := p.GetMeta()[mcp.MetaKeyProtocolVersion].(string); ok && v != "" {
			m.version = v
		}
	}
	switch s := req.GetSession().(type) {
	case *mcp.ClientSession:
		if s != nil {
			m.session = s.ID()
			if r := s.InitializeResult(); r != nil {
				if m.version == "" {
					m.version = r.ProtocolVersion
				}
				if r.ServerInfo != nil {
					m.serverName = r.ServerInfo.Name
				}
			}
		}
	case *mcp.ServerSession:
		if s != nil {
			m.session = s.ID()
			if m.version == "" {
				if p := s.InitializeParams(); p != nil {
					m.version = p.ProtocolVersion
				}
			}
		}
	}
	if !client {
		if extra := req.GetExtra(); extra != nil && extra.Header != nil {
			m.http = true
		}
	}
	if m.session != "" {
		m.http = true // only the HTTP transports have session ids
	}
	switch {
	case in.cfg.transport != "":
		m.transport = in.cfg.transport
	case m.http:
		m.transport = semconv.NetworkTransportTCP
	default:
		m.transport = semconv.NetworkTransportPipe
	}
	return m
}

// attrs returns the span attributes known when the message starts.
func (m *message) attrs(ctx context.Context) []attribute.KeyValue {
	id := identity.Attrs(ctx)
	a := make([]attribute.KeyValue, 0, 10+len(id))
	a = append(a, semconv.MCPMethodName(m.method))
	if m.tool != "" {
		a = append(a, semconv.GenAIOperationName(semconv.OperationExecuteTool), semconv.GenAIToolName(m.tool))
	}
	if m.prompt != "" {
		a = append(a, semconv.GenAIPromptName(m.prompt))
	}
	if m.uri != "" {
		a = append(a, semconv.MCPResourceURI(m.uri))
	}
	if m.session != "" {
		a = append(a, semconv.MCPSessionID(m.session))
	}
	if m.version != "" {
		a = append(a, semconv.MCPProtocolVersion(m.version))
	}
	a = append(a, semconv.NetworkTransport(m.transport))
	if m.http {
		a = append(a, semconv.NetworkProtocolName("http"))
	}
	if m.serverName != "" {
		a = append(a, semconv.NoveumMCPServerName(m.serverName))
	}
	return append(a, id...)
}

// sending records the CLIENT side of a message this peer sends.
func (in *instrumentation) sending(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		start := time.Now()
		m := in.describe(method, req, true)
		if in.cfg.baggage {
			var err error
			if ctx, err = agents.ToBaggage(ctx); err != nil {
				otel.Handle(fmt.Errorf("noveum mcp: %w", err))
			}
		}
		attrs := m.attrs(ctx)
		span, owned := reusableToolSpan(ctx, m.tool), false
		if span != nil {
			// An execute_tool span of the same tool (agents.ExecuteTool) is
			// already tracing this call: as the convention asks, it becomes
			// the MCP client span instead of getting a second tool span.
			span.SetAttributes(attrs...)
		} else {
			ctx, span = in.tracer.Start(ctx, m.spanName(),
				trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
			owned = true
		}
		capture := in.capture() && span.IsRecording()
		if capture {
			in.recordRequest(span, &m)
		}
		// Deferred, so that a handler that panics (and a caller that
		// recovers) leaves neither the registry nor the params changed.
		defer noteClientSpan(span.SpanContext(), in.cfg.tp, strings.HasPrefix(method, "notifications/"))()
		defer in.cfg.inject(ctx, m.params)()
		res, err := next(ctx, method, req)
		in.finish(ctx, span, owned, capture, &m, res, err, in.client, start)
		return res, err
	}
}

// receiving records the SERVER side of a message this peer receives.
func (in *instrumentation) receiving(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
		start := time.Now()
		m := in.describe(method, req, false)
		ambient := trace.SpanContextFromContext(ctx)
		ctx = localParent(in.cfg.extract(ctx, m.params), in.cfg.tp)
		if in.cfg.baggage {
			ctx = agents.FromBaggage(ctx)
		}
		opts := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(m.attrs(ctx)...)}
		if parent := trace.SpanContextFromContext(ctx); parent.IsValid() && ambient.IsValid() && !ambient.Equal(parent) {
			// The convention: the client span is the parent, the ambient
			// (transport) span is linked.
			opts = append(opts, trace.WithLinks(trace.Link{SpanContext: ambient}))
		}
		ctx, span := in.tracer.Start(ctx, m.spanName(), opts...)
		capture := in.capture() && span.IsRecording()
		if capture {
			in.recordRequest(span, &m)
		}
		res, err := next(ctx, method, req)
		in.finish(ctx, span, true, capture, &m, res, err, in.server, start)
		return res, err
	}
}

// finish records the outcome of a message on its span and its histogram,
// and ends the span when it is this package's own.
func (in *instrumentation) finish(ctx context.Context, span trace.Span, owned, capture bool, m *message, res mcp.Result, err error, h metric.Float64Histogram, start time.Time) {
	var errType, status string
	toolError := false
	if r, ok := res.(*mcp.CallToolResult); ok && r != nil && r.IsError && err == nil {
		toolError = true
	}
	switch {
	case (err != nil || toolError) && ctx.Err() != nil:
		// Cancelled (or timed out): the SDK turns a tool handler's
		// ctx.Err() into an isError result; it is a cancellation all the
		// same.
		cause := context.Cause(ctx)
		errType = llm.ErrorType(ctx.Err())
		span.SetStatus(codes.Error, cause.Error())
		span.SetAttributes(semconv.ErrorType(errType))
		span.RecordError(cause)
	case err != nil:
		var werr *jsonrpc.Error
		if errors.As(err, &werr) {
			errType = strconv.FormatInt(werr.Code, 10)
			status = errType
			span.SetStatus(codes.Error, werr.Message)
			span.SetAttributes(semconv.RPCResponseStatusCode(status))
		} else {
			errType = llm.ErrorType(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.SetAttributes(semconv.ErrorType(errType))
		span.RecordError(err)
	default:
		if toolError {
			errType = semconv.ErrorTypeToolError
			span.SetStatus(codes.Error, "the tool's result has isError set")
			span.SetAttributes(semconv.ErrorType(errType))
		}
		if r, ok := res.(*mcp.InitializeResult); ok && r != nil {
			// The negotiated version, and the server's name, known now.
			if r.ProtocolVersion != "" {
				m.version = r.ProtocolVersion
				span.SetAttributes(semconv.MCPProtocolVersion(r.ProtocolVersion))
			}
			if r.ServerInfo != nil && r.ServerInfo.Name != "" {
				span.SetAttributes(semconv.NoveumMCPServerName(r.ServerInfo.Name))
			}
		}
		if capture {
			in.recordResult(span, m, res)
		}
	}
	if owned {
		span.End()
	}
	if h == nil {
		return
	}
	ma := make([]attribute.KeyValue, 0, 8)
	ma = append(ma, semconv.MCPMethodName(m.method), semconv.NetworkTransport(m.transport))
	if m.tool != "" {
		ma = append(ma, semconv.GenAIOperationName(semconv.OperationExecuteTool), semconv.GenAIToolName(m.tool))
	}
	if m.prompt != "" {
		ma = append(ma, semconv.GenAIPromptName(m.prompt))
	}
	if m.version != "" {
		ma = append(ma, semconv.MCPProtocolVersion(m.version))
	}
	if errType != "" {
		ma = append(ma, semconv.ErrorType(errType))
	}
	if status != "" {
		ma = append(ma, semconv.RPCResponseStatusCode(status))
	}
	h.Record(context.Background(), time.Since(start).Seconds(), metric.WithAttributes(ma...))
}

// spanInfo is what the OpenTelemetry SDK's spans tell about themselves
// beyond the trace.Span interface.
type spanInfo interface {
	Name() string
	SpanKind() trace.SpanKind
	EndTime() time.Time
}

// reusableToolSpan returns the span of ctx when it is a live INTERNAL
// execute_tool span of the named tool ("execute_tool get_weather", as
// agents.ExecuteTool starts it), else nil.
func reusableToolSpan(ctx context.Context, tool string) trace.Span {
	if tool == "" {
		return nil
	}
	span := trace.SpanFromContext(ctx)
	if !span.IsRecording() {
		return nil
	}
	s, ok := span.(spanInfo)
	if !ok || s.SpanKind() != trace.SpanKindInternal || !s.EndTime().IsZero() {
		return nil
	}
	rest, ok := strings.CutPrefix(s.Name(), string(semconv.OperationExecuteTool))
	if !ok || len(rest) != len(tool)+1 || rest[0] != ' ' || rest[1:] != tool {
		return nil
	}
	return span
}
