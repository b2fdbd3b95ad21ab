package agents

import (
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/tracing"
)

// ScopeName is the instrumentation scope of the spans this package starts.
const ScopeName = identity.AgentsScope

// Tracer starts agent, workflow, plan and tool spans. It is safe for
// concurrent use. Use NewTracer, or the package-level functions, which use
// Default.
type Tracer struct {
	tracer  trace.Tracer
	capture config.CaptureMode // tool arguments and results are recorded when it is on spans
	limit   int
}

// Option configures a Tracer. Options are made by the With functions.
type Option interface{ apply(*options) }

type optionFunc func(*options)

func (f optionFunc) apply(o *options) { f(o) }

type options struct {
	tp      trace.TracerProvider
	capture config.CaptureMode
	limit   int
}

// WithTracerProvider starts spans with tp instead of the global
// TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(o *options) { o.tp = tp })
}

// WithCaptureContent sets whether tool arguments and results (opt-in
// content) are recorded on tool spans, overriding NOVEUM_CAPTURE_CONTENT
// and OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT; without either,
// they are not. It takes the modes of the llm package's option of the same
// name, so that one setting serves both: config.CaptureSpanOnly and
// config.CaptureSpanAndEvent record them as span attributes;
// config.CaptureEventOnly and config.CaptureNone do not (tool spans have no
// content event). An unknown mode records nothing.
func WithCaptureContent(mode config.CaptureMode) Option {
	return optionFunc(func(o *options) { o.capture = mode })
}

// WithContentLimit sets the byte budget of a tool's captured arguments or
// result, overriding NOVEUM_MAX_CONTENT_BYTES; longer JSON is shortened so
// that it stays valid JSON. n <= 0 leaves the budget to
// NOVEUM_MAX_CONTENT_BYTES, and to config.DefaultMaxContentBytes (64 KiB)
// when that is not set.
func WithContentLimit(n int) Option {
	return optionFunc(func(o *options) { o.limit = n })
}

// NewTracer returns a Tracer. Without options it starts spans with the
// global TracerProvider (resolved through otel's delegation, so a provider
// registered later is used) and captures tool content as the environment
// says (off by default). An invalid environment value is reported through
// otel.Handle and ignored.
func NewTracer(opts ...Option) *Tracer {
	var o options
	for _, opt := range opts {
		opt.apply(&o)
	}
	return &Tracer{
		tracer:  tracing.Tracer(o.tp, ScopeName),
		capture: tracing.Capture(o.capture, "noveum agents"),
		limit:   tracing.ContentLimit(o.limit, "noveum agents"),
	}
}

// CaptureContent reports whether and where t records content: tool
// arguments and results are recorded when it is config.CaptureSpanOnly or
// config.CaptureSpanAndEvent.
func (t *Tracer) CaptureContent() config.CaptureMode { return t.capture }

var defaultTracer tracing.Default[Tracer]

// Default returns the Tracer the package-level functions use: the one given
// to SetDefault, or else one made by NewTracer() on first use.
func Default() *Tracer { return defaultTracer.Get(newDefault) }

func newDefault() *Tracer { return NewTracer() }

// SetDefault makes t the Tracer of the package-level functions; nil goes
// back to a NewTracer() made on next use. To build one from the SDK's
// configuration, use noveumtrace.AgentsOptions.
func SetDefault(t *Tracer) { defaultTracer.Set(t) }
