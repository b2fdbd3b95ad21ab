package noveumexporter

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	noveum "github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
	"github.com/Noveum/noveum-trace-go/redact"
)

// tracesExporter is the component. Spans go: adapted to the SDK's span view
// (spans.go), redacted, then into the SDK's exporter, which assembles whole
// traces and encodes them; each finished request's traces are handed to
// the Collector's exporterhelper (queue.go: sending_queue, persistent with
// storage, and retry_on_failure), whose consumers post them.
type tracesExporter struct {
	cfg      *Config
	log      *zap.Logger
	coreOpts []noveum.Option // extra options (tests)
	redact   *redactor       // nil when redaction is off

	core  *noveum.Exporter // made at Start
	inner exporter.Traces  // exporterhelper: queue, retry, post

	mu sync.Mutex // guards core against Start/Shutdown racing

	shutdownOnce sync.Once // exporterhelper panics on a second Shutdown
	shutdownErr  error

	gzips sync.Pool // *gzip.Writer at the configured level, for the queue consumers
}

var _ exporter.Traces = (*tracesExporter)(nil)

func newTracesExporter(ctx context.Context, set exporter.Settings, cfg *Config, coreOpts ...noveum.Option) (*tracesExporter, error) {
	x := &tracesExporter{cfg: cfg, log: set.Logger, coreOpts: coreOpts}
	ropts, on, err := noveumtrace.RedactOptions(cfg.sdkConfig())
	if err != nil {
		return nil, errors.New(yamlText(err.Error()))
	}
	if on {
		if x.redact, err = newRedactor(ropts); err != nil {
			return nil, fmt.Errorf("redaction: %w", err)
		}
	}
	x.inner, err = exporterhelper.NewTraces(ctx, set, cfg, x.push,
		exporterhelper.WithCapabilities(consumer.Capabilities{MutatesData: false}),
		// Each request is bounded by timeout, in the SDK's HTTP code.
		exporterhelper.WithTimeout(exporterhelper.TimeoutConfig{Timeout: 0}),
		exporterhelper.WithRetry(cfg.RetryConfig),
		exporterhelper.WithQueue(cfg.QueueConfig),
	)
	if err != nil {
		return nil, err
	}
	return x, nil
}

// Start starts the queue (opening the storage of a persistent queue, whose
// leftovers are then sent), then the SDK's exporter in front of it.
func (x *tracesExporter) Start(ctx context.Context, host component.Host) error {
	if err := x.inner.Start(ctx, host); err != nil {
		return err
	}
	opts := []noveum.Option{
		noveum.WithConfig(x.cfg.sdkConfig()),
		noveum.WithErrorHandler(x.report),
		handoff.WithSink(x.enqueue).(noveum.Option),
	}
	core, err := noveum.New(ctx, append(opts, x.coreOpts...)...)
	if err != nil {
		return errors.Join(errors.New(yamlText(err.Error())), x.inner.Shutdown(ctx))
	}
	x.mu.Lock()
	x.core = core
	x.mu.Unlock()
	return nil
}

// Shutdown seals every trace still being assembled into the queue, then
// shuts the queue down: an in-memory queue is drained (posted), a
// persistent one keeps what is left for the next start. Later calls return
// the first call's result.
func (x *tracesExporter) Shutdown(ctx context.Context) error {
	x.shutdownOnce.Do(func() { x.shutdownErr = x.shutdown(ctx) })
	return x.shutdownErr
}

func (x *tracesExporter) shutdown(ctx context.Context) error {
	x.mu.Lock()
	core := x.core
	x.mu.Unlock()
	var err error
	if core != nil {
		err = core.Shutdown(ctx)
	}
	return errors.Join(err, x.inner.Shutdown(ctx))
}

// Capabilities reports that spans are read, never changed.
func (x *tracesExporter) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: false}
}

// ConsumeTraces adapts, redacts and queues the spans for assembly. It does
// no network I/O; when the assembly's memory budget is spent it waits for
// room until ctx ends (backpressure on the pipeline).
func (x *tracesExporter) ConsumeTraces(ctx context.Context, td ptrace.Traces) error {
	x.mu.Lock()
	core := x.core
	x.mu.Unlock()
	if core == nil {
		return errors.New("noveum exporter: not started")
	}
	spans := appendSpans(make([]sdktrace.ReadOnlySpan, 0, td.SpanCount()), td, x.cfg.JoinRemoteParents)
	if x.redact != nil {
		spans = x.redact.apply(spans)
	}
	return core.ExportSpans(ctx, spans)
}

// report logs what the SDK's exporter reports (drops, failed requests);
// its errors never hold the API key.
func (x *tracesExporter) report(err error) {
	x.log.Warn("noveum exporter", zap.Error(err))
}

// redactor applies the SDK's redact.Processor to spans outside a
// TracerProvider: the processor hands each redacted span to a capture.
// Processors are pooled, one per concurrent ConsumeTraces.
type redactor struct{ pool sync.Pool }

type capture struct{ spans []sdktrace.ReadOnlySpan }

func (c *capture) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (c *capture) OnEnd(s sdktrace.ReadOnlySpan)                   { c.spans = append(c.spans, s) }
func (c *capture) ForceFlush(context.Context) error                { return nil }
func (c *capture) Shutdown(context.Context) error                  { return nil }

type redactPair struct {
	p *redact.Processor
	c *capture
}

func newRedactor(opts []redact.Option) (*redactor, error) {
	c := &capture{}
	p, err := redact.NewProcessor(c, opts...)
	if err != nil {
		return nil, err
	}
	r := &redactor{}
	r.pool.New = func() any {
		c := &capture{}
		p, _ := redact.NewProcessor(c, opts...) // the same options succeeded above
		return &redactPair{p: p, c: c}
	}
	r.pool.Put(&redactPair{p: p, c: c})
	return r, nil
}

// apply returns the spans redacted, in order.
func (r *redactor) apply(spans []sdktrace.ReadOnlySpan) []sdktrace.ReadOnlySpan {
	pr := r.pool.Get().(*redactPair)
	pr.c.spans = make([]sdktrace.ReadOnlySpan, 0, len(spans))
	for _, s := range spans {
		pr.p.OnEnd(s)
	}
	out := pr.c.spans
	pr.c.spans = nil
	r.pool.Put(pr)
	return out
}
