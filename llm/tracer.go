package llm

import (
	"fmt"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/internal/envvalue"
	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/version"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// ScopeName is the instrumentation scope of the spans and metrics this
// package records.
const ScopeName = identity.LLMScope

// CaptureMode says whether message content (prompts, completions, system
// instructions, tool definitions, retrieved documents) is recorded, and
// where. The values are those of the OpenTelemetry variable
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.
type CaptureMode string

// Capture modes.
const (
	// CaptureNone records no content. It is the default.
	CaptureNone CaptureMode = envvalue.CaptureNone
	// CaptureSpanOnly records content as span attributes.
	CaptureSpanOnly CaptureMode = envvalue.CaptureSpanOnly
	// CaptureEventOnly records content on a span event named
	// gen_ai.client.inference.operation.details, not on the span itself.
	CaptureEventOnly CaptureMode = envvalue.CaptureEventOnly
	// CaptureSpanAndEvent records content both ways.
	CaptureSpanAndEvent CaptureMode = envvalue.CaptureSpanAndEvent
)

func (m CaptureMode) onSpan() bool  { return m == CaptureSpanOnly || m == CaptureSpanAndEvent }
func (m CaptureMode) onEvent() bool { return m == CaptureEventOnly || m == CaptureSpanAndEvent }

// DefaultContentLimit is the default byte budget of one content attribute.
const DefaultContentLimit = 64 << 10

// Tracer records model calls and retrieval steps as GenAI spans, and their
// metrics. It is safe for concurrent use. The zero value is not usable: use
// NewTracer, or the package-level functions, which use Default.
type Tracer struct {
	tracer  trace.Tracer
	capture CaptureMode
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

// Option configures a Tracer.
type Option func(*options)

type options struct {
	tp      trace.TracerProvider
	mp      metric.MeterProvider
	lp      log.LoggerProvider
	capture CaptureMode
	limit   int
	prices  *PriceBook
	noCost  bool
	now     func() time.Time
}

// WithTracerProvider records spans with tp instead of the global
// TracerProvider.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(o *options) { o.tp = tp }
}

// WithMeterProvider records metrics with mp instead of the global
// MeterProvider.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *options) { o.mp = mp }
}

// WithLoggerProvider emits the gen_ai.client.inference.operation.details
// event (capture modes EVENT_ONLY and SPAN_AND_EVENT) as a log record
// through lp, as the GenAI convention defines it, instead of as a span
// event. The record carries the call's context, so it correlates with the
// span. A nil lp keeps span events.
func WithLoggerProvider(lp log.LoggerProvider) Option {
	return func(o *options) { o.lp = lp }
}

// WithCaptureContent sets where message content is recorded, overriding
// NOVEUM_CAPTURE_CONTENT and OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.
// An unknown mode records nothing.
func WithCaptureContent(mode CaptureMode) Option {
	return func(o *options) { o.capture = mode }
}

// WithContentLimit sets the byte budget of each content attribute (the JSON
// of the input messages, of the output messages, ...), overriding
// NOVEUM_MAX_CONTENT_BYTES. Longer content is truncated so that its JSON
// stays valid; n <= 0 leaves the budget to NOVEUM_MAX_CONTENT_BYTES, and
// to DefaultContentLimit when that is not set.
func WithContentLimit(n int) Option {
	return func(o *options) { o.limit = n }
}

// WithPriceBook prices calls with b instead of the built-in prices. A nil b
// records no cost at all.
func WithPriceBook(b *PriceBook) Option {
	return func(o *options) { o.prices, o.noCost = b, b == nil }
}

// NewTracer returns a Tracer. Without options it records with the global
// TracerProvider and MeterProvider (resolved through otel's delegation, so
// providers registered later are used), captures content as the environment
// says (off by default), and prices calls with DefaultPriceBook. An invalid
// environment value is reported through otel.Handle and ignored.
func NewTracer(opts ...Option) *Tracer {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.tp == nil {
		o.tp = otel.GetTracerProvider()
	}
	if o.mp == nil {
		o.mp = otel.GetMeterProvider()
	}
	if o.capture == "" {
		o.capture = captureFromEnv()
	}
	switch o.capture {
	case CaptureNone, CaptureSpanOnly, CaptureEventOnly, CaptureSpanAndEvent:
	default:
		otel.Handle(fmt.Errorf("noveum llm: unknown capture mode %q: recording no content; use NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT", string(o.capture)))
		o.capture = CaptureNone
	}
	if o.limit <= 0 {
		o.limit = contentLimitFromEnv()
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
		tracer: o.tp.Tracer(ScopeName,
			trace.WithInstrumentationVersion(version.Version),
			trace.WithSchemaURL(semconv.SchemaURL)),
		capture: o.capture,
		limit:   o.limit,
		prices:  o.prices,
		inst:    newInstruments(o.mp),
		logger:  logger,
		now:     o.now,
		since:   since,
	}
}

func captureFromEnv() CaptureMode {
	mode, name, set, ok := envvalue.CaptureFromEnv()
	if !set {
		return CaptureNone
	}
	if !ok {
		otel.Handle(fmt.Errorf("noveum llm: %s is not a capture mode: recording no content; use NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, true or false", name))
		return CaptureNone
	}
	return CaptureMode(mode)
}

func contentLimitFromEnv() int {
	n, err := envvalue.ContentLimitFromEnv(DefaultContentLimit)
	if err != nil {
		otel.Handle(fmt.Errorf("noveum llm: %w", err))
	}
	return n
}

// CaptureContent reports where t records message content.
func (t *Tracer) CaptureContent() CaptureMode { return t.capture }

// Unpriced reports how many calls t recorded whose model had no price in
// its price book, so no cost was recorded for them.
func (t *Tracer) Unpriced() int64 { return t.unpriced.Load() }

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

// SetDefault makes t the Tracer of the package-level functions. A nil t
// goes back to a NewTracer() made on next use. To build one from the SDK's
// configuration, use noveumtrace.LLMOptions.
func SetDefault(t *Tracer) { defaultTracer.Store(t) }
