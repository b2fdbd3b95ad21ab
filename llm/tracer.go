package llm

import (
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/tracing"
	"github.com/Noveum/noveum-trace-go/internal/version"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// ScopeName is the instrumentation scope of the spans and metrics this
// package records.
const ScopeName = identity.LLMScope

// Tracer records model calls and retrieval steps as GenAI spans, and their
// metrics. It is safe for concurrent use. The zero value is not usable: use
// NewTracer, or the package-level functions, which use Default.
type Tracer struct {
	tracer  trace.Tracer
	capture config.CaptureMode
	limit   int
	prices  *PriceBook
	inst    *instruments
	logger  log.Logger // emits the content event as a log record; nil: a span event
	now     func() time.Time
	// since reads the time elapsed since a time now returned: with the real
	// clock, time.Since, which reads only the monotonic clock (half the
	// cost of time.Now on the streaming hot path).
	since func(time.Time) time.Duration

	unpriced atomic.Int64
}

// Option configures a Tracer. Options are made by the With functions.
type Option interface{ apply(*options) }

type optionFunc func(*options)

func (f optionFunc) apply(o *options) { f(o) }

type options struct {
	tp      trace.TracerProvider
	mp      metric.MeterProvider
	lp      log.LoggerProvider
	capture config.CaptureMode
	limit   int
	prices  *PriceBook
	noCost  bool
	now     func() time.Time
}

// WithTracerProvider records spans with tp instead of the global
// TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(o *options) { o.tp = tp })
}

// WithMeterProvider records metrics with mp instead of the global
// MeterProvider.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(o *options) { o.mp = mp })
}

// WithLoggerProvider emits the gen_ai.client.inference.operation.details
// event (capture modes EVENT_ONLY and SPAN_AND_EVENT) as a log record
// through lp, as the GenAI convention defines it, instead of as a span
// event. The record carries the call's context, so it correlates with the
// span. A nil lp keeps span events.
func WithLoggerProvider(lp log.LoggerProvider) Option {
	return optionFunc(func(o *options) { o.lp = lp })
}

// WithCaptureContent sets whether and where message content (prompts,
// completions, system instructions, tool definitions, retrieved
// documents) is recorded: config.CaptureSpanOnly as span attributes,
// config.CaptureEventOnly on a span event named
// gen_ai.client.inference.operation.details (or a log record, see
// WithLoggerProvider), config.CaptureSpanAndEvent both ways,
// config.CaptureNone not at all. It overrides NOVEUM_CAPTURE_CONTENT and
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT; without either,
// nothing is recorded. An unknown mode records nothing. The agents
// package's option of the same name takes the same modes.
func WithCaptureContent(mode config.CaptureMode) Option {
	return optionFunc(func(o *options) { o.capture = mode })
}

// WithContentLimit sets the byte budget of each content attribute (the JSON
// of the input messages, of the output messages, ...), overriding
// NOVEUM_MAX_CONTENT_BYTES. Longer content is truncated so that its JSON
// stays valid; n <= 0 leaves the budget to NOVEUM_MAX_CONTENT_BYTES, and
// to config.DefaultMaxContentBytes (64 KiB) when that is not set.
func WithContentLimit(n int) Option {
	return optionFunc(func(o *options) { o.limit = n })
}

// WithPriceBook prices calls with b instead of the built-in prices. A nil b
// records no cost at all.
func WithPriceBook(b *PriceBook) Option {
	return optionFunc(func(o *options) { o.prices, o.noCost = b, b == nil })
}

// NewTracer returns a Tracer. Without options it records with the global
// TracerProvider and MeterProvider (resolved through otel's delegation, so
// providers registered later are used), captures content as the environment
// says (off by default), and prices calls with DefaultPriceBook. An invalid
// environment value is reported through otel.Handle and ignored.
func NewTracer(opts ...Option) *Tracer {
	var o options
	for _, opt := range opts {
		opt.apply(&o)
	}
	if o.mp == nil {
		o.mp = otel.GetMeterProvider()
	}
	if o.prices == nil && !o.noCost {
		o.prices = defaultBook()
	}
	var logger log.Logger
	if o.lp != nil {
		logger = o.lp.Logger(ScopeName,
			log.WithInstrumentationVersion(version.Version),
			log.WithSchemaURL(semconv.SchemaURL))
	}
	since := time.Since
	if o.now == nil {
		o.now = time.Now
	} else {
		now := o.now
		since = func(t time.Time) time.Duration { return now().Sub(t) }
	}
	return &Tracer{
		tracer:  tracing.Tracer(o.tp, ScopeName),
		capture: tracing.Capture(o.capture, "noveum llm"),
		limit:   tracing.ContentLimit(o.limit, "noveum llm"),
		prices:  o.prices,
		inst:    newInstruments(o.mp),
		logger:  logger,
		now:     o.now,
		since:   since,
	}
}

// CaptureContent reports whether and where t records message content.
func (t *Tracer) CaptureContent() config.CaptureMode { return t.capture }

// Unpriced reports how many calls t recorded whose model had no price in
// its price book, so no cost was recorded for them.
func (t *Tracer) Unpriced() int64 { return t.unpriced.Load() }

var defaultTracer tracing.Default[Tracer]

// Default returns the Tracer the package-level functions use: the one given
// to SetDefault, or else one made by NewTracer() on first use.
func Default() *Tracer { return defaultTracer.Get(newDefault) }

func newDefault() *Tracer { return NewTracer() }

// SetDefault makes t the Tracer of the package-level functions. A nil t
// goes back to a NewTracer() made on next use. To build one from the SDK's
// configuration, use noveumtrace.LLMOptions.
func SetDefault(t *Tracer) { defaultTracer.Set(t) }
