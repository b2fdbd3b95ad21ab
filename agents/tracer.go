package agents

import (
	"fmt"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/internal/envvalue"
	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/version"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// ScopeName is the instrumentation scope of the spans this package starts.
const ScopeName = identity.AgentsScope

// DefaultContentLimit is the default byte budget of a tool's captured
// arguments or result.
const DefaultContentLimit = 64 << 10

// Tracer starts agent, workflow, plan and tool spans. It is safe for
// concurrent use. Use NewTracer, or the package-level functions, which use
// Default.
type Tracer struct {
	tracer  trace.Tracer
	capture bool // record tool arguments and results
	limit   int
}

// Option configures a Tracer.
type Option func(*options)

type options struct {
	tp      trace.TracerProvider
	capture *bool
	limit   int
}

// WithTracerProvider starts spans with tp instead of the global
// TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.tp = tp }
}

// WithCaptureContent records tool arguments and results (opt-in content) on
// tool spans when on is true, overriding NOVEUM_CAPTURE_CONTENT and
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT. From the environment,
// SPAN_ONLY and SPAN_AND_EVENT (or true) switch it on; EVENT_ONLY keeps
// content off spans, so tool content is not recorded.
func WithCaptureContent(on bool) Option {
	return func(o *options) { o.capture = &on }
}

// WithContentLimit sets the byte budget of a tool's captured arguments or
// result, overriding NOVEUM_MAX_CONTENT_BYTES; longer JSON is shortened so
// that it stays valid JSON. n <= 0 leaves the budget to
// NOVEUM_MAX_CONTENT_BYTES, and to DefaultContentLimit when that is not set.
func WithContentLimit(n int) Option {
	return func(o *options) { o.limit = n }
}

// NewTracer returns a Tracer. Without options it starts spans with the
// global TracerProvider (resolved through otel's delegation, so a provider
// registered later is used) and captures tool content as the environment
// says (off by default). An invalid environment value is reported through
// otel.Handle and ignored.
func NewTracer(opts ...Option) *Tracer {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.tp == nil {
		o.tp = otel.GetTracerProvider()
	}
	capture := false
	if o.capture != nil {
		capture = *o.capture
	} else if mode, name, set, ok := envvalue.CaptureFromEnv(); set {
		if !ok {
			otel.Handle(fmt.Errorf("noveum agents: %s is not a capture mode: recording no content; use NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, true or false", name))
		}
		capture = ok && (mode == envvalue.CaptureSpanOnly || mode == envvalue.CaptureSpanAndEvent)
	}
	if o.limit <= 0 {
		var err error
		if o.limit, err = envvalue.ContentLimitFromEnv(DefaultContentLimit); err != nil {
			otel.Handle(fmt.Errorf("noveum agents: %w", err))
		}
	}
	return &Tracer{
		tracer: o.tp.Tracer(ScopeName,
			trace.WithInstrumentationVersion(version.Version),
			trace.WithSchemaURL(semconv.SchemaURL)),
		capture: capture,
		limit:   o.limit,
	}
}

// CapturesContent reports whether t records tool arguments and results.
func (t *Tracer) CapturesContent() bool { return t.capture }

var defaultTracer atomic.Pointer[Tracer]

// Default returns the Tracer the package-level functions use: the one given
// to SetDefault, or else one made by NewTracer() on first use.
func Default() *Tracer {
	if t := defaultTracer.Load(); t != nil {
		return t
	}
	defaultTracer.CompareAndSwap(nil, NewTracer())
	return defaultTracer.Load()
}

// SetDefault makes t the Tracer of the package-level functions; nil goes
// back to a NewTracer() made on next use.
func SetDefault(t *Tracer) { defaultTracer.Store(t) }
