package noveummcp

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
)

// Option configures the instrumentation of a client or server.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	tp        trace.TracerProvider
	mp        metric.MeterProvider
	prop      propagation.TextMapPropagator
	capture   *noveumconfig.CaptureMode
	limit     int
	baggage   bool
	transport string
}

// WithTracerProvider records spans with tp instead of the global
// TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tp = tp })
}

// WithMeterProvider records the mcp.*.operation.duration histograms with mp
// instead of the global MeterProvider.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.mp = mp })
}

// WithPropagator injects and extracts the context in params._meta with p
// instead of the global propagator (the W3C trace context and baggage
// propagators when the global one propagates nothing). Baggage crosses only
// with [WithBaggage].
func WithPropagator(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) { c.prop = p })
}

// WithCaptureContent sets where tool arguments and results and prompt
// arguments and messages are recorded, as agents.WithCaptureContent does:
// on the spans under config.CaptureSpanOnly and config.CaptureSpanAndEvent,
// never under config.CaptureNone or config.CaptureEventOnly (MCP content
// has no log event). It overrides the default: what agents.Default() does
// for tool content, that is noveumtrace.Init's setting, else
// NOVEUM_CAPTURE_CONTENT and
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT (off unless set).
func WithCaptureContent(mode noveumconfig.CaptureMode) Option {
	return optionFunc(func(c *config) { c.capture = &mode })
}

// WithContentLimit sets the byte budget of each captured content attribute;
// longer JSON is shortened so that it stays valid JSON. n <= 0 leaves the
// budget to NOVEUM_MAX_CONTENT_BYTES, and to config.DefaultMaxContentBytes
// (64 KiB) when that is not set.
func WithContentLimit(n int) Option {
	return optionFunc(func(c *config) { c.limit = n })
}

// WithBaggage lets W3C baggage cross the MCP boundary when on is true. On a
// client, the conversation identity of the agents package (conversation,
// user, session, tags) is copied into the baggage and the baggage is
// injected into params._meta; on a server, the baggage of params._meta is
// extracted and the identity restored into the handler's context, so that
// the llm and agents helpers (and this package's spans) stamp it. Off by
// default: baggage travels to the server as it is, so switch it on only for
// servers you trust with the identity.
func WithBaggage(on bool) Option {
	return optionFunc(func(c *config) { c.baggage = on })
}

// WithNetworkTransport sets network.transport on every span and
// measurement, overriding what the instrumentation infers: "tcp" for
// messages that came with HTTP headers or belong to a session with an HTTP
// session id, else "pipe" (stdio, in-memory). Use semconv.NetworkTransportTCP
// for a client of a streamable HTTP server, whose initialize request (and
// every request, when the server is stateless) carries no session id yet.
func WithNetworkTransport(transport string) Option {
	return optionFunc(func(c *config) { c.transport = transport })
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	return c
}
