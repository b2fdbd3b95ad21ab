package exporter

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
	"github.com/Noveum/noveum-trace-go/internal/plural"
	"github.com/Noveum/noveum-trace-go/internal/version"
)

// Version is the SDK version written in payloads and the User-Agent header.
const Version = version.Version

// Exporter sends spans to the Noveum API as whole traces. It is both an
// sdktrace.SpanProcessor (the recommended setup, which makes
// TracerProvider.ForceFlush reach delivery) and an sdktrace.SpanExporter (for
// use behind sdktrace.WithBatcher or another processor).
//
// All methods may be called concurrently. Neither OnEnd nor ExportSpans does
// network I/O: spans are queued, assembled into traces, encoded, batched and
// sent on the exporter's own goroutines, which Shutdown stops.
type Exporter struct {
	// cfg is behind a pointer so that fmt, printing an Exporter copied by
	// value, shows an address rather than the API key; Format hides it
	// from every verb on *Exporter.
	cfg      *config.Config
	url      string
	shownURL string // url with any password hidden, for messages
	client   *http.Client
	ownsTr   *http.Transport // closed at Shutdown when the exporter made the client
	clock    clock
	onError  func(error)
	sink     handoff.Sink // set by the Collector component: requests go there, not to url

	shards   []*assembler // each owns the traces whose id maps to it
	toSender chan outItem
	gzip     bool        // compress request bodies
	bufs     *bufferPool // trace buffers for reuse

	mu      sync.RWMutex // guards closed against enqueues racing Shutdown
	closed  bool
	closing chan struct{} // closed when Shutdown starts

	mem    *budget       // the memory budget: see budget.go
	splits atomic.Uint32 // traces split for being too large
	ids    wire.IDs      // derives the trace ids, salted per exporter

	// What the couriers last saw of the endpoint, for the drop message:
	// when an attempt last failed (0: never), in clock nanoseconds; each
	// courier keeps when its request in flight started.
	lastFailure atomic.Int64
	couriers    []*courier

	chunksEmitted atomic.Int64 // chunks the shards handed over (tests)

	ctx    context.Context // cancelled when Shutdown's deadline passes
	cancel context.CancelFunc
	done   chan struct{} // closed when all the exporter's goroutines have returned
	wg     sync.WaitGroup

	shutdownOnce sync.Once
	shutdownErr  error

	stats   counters
	metrics metric.Registration
}

// MaxValueDepth bounds how deeply an attribute value may nest arrays and
// objects (attribute.SLICE and attribute.MAP values). Deeper levels are
// replaced by the string "…[truncated: nested deeper than 64 levels]"
// and counted in Stats.ValuesTruncated, so that every request body decodes
// with ordinary JSON parsers whatever a span holds.
const MaxValueDepth = 64

// The wire encoder applies the same bound (a constant overflow here if
// they differ).
const _ = uint(MaxValueDepth-wire.MaxValueDepth) + uint(wire.MaxValueDepth-MaxValueDepth)

// maxShards bounds the assembler goroutines: encoding scales with cores,
// but one sender serves them all.
const maxShards = 4

// shard returns the assembler that owns a trace. Trace ids are random, so
// their last bytes spread traces evenly.
func (e *Exporter) shard(id trace.TraceID) *assembler {
	if len(e.shards) == 1 {
		return e.shards[0]
	}
	return e.shards[binary.LittleEndian.Uint32(id[12:])%uint32(len(e.shards))]
}

var (
	_ sdktrace.SpanProcessor = (*Exporter)(nil)
	_ sdktrace.SpanExporter  = (*Exporter)(nil)
)

// item is one entry of the queue: a span, or a flush or shutdown request.
type item struct {
	span sdktrace.ReadOnlySpan
	est  int64 // bytes reserved for the span in the memory budget
	ctl  *control
}

// control asks the pipeline to push out everything before it and to close
// done when it has been delivered or dropped.
type control struct {
	done chan struct{}
	stop bool // shut down after it
	// barrier: only acknowledge, once it reaches the sender, that
	// everything queued before it has been assembled and handed over (tests
	// use it to order their steps without sleeping).
	barrier bool
	// pause holds the assembler until resume is closed (tests).
	pause  bool
	resume chan struct{}
	// remaining counts the shards (for pause) or the markers (for the
	// sender) still to come; the last one completes the control.
	remaining atomic.Int32
}

// last reports whether this is the last of the control's markers.
func (c *control) last() bool { return c.remaining.Add(-1) == 0 }

// New builds an Exporter from the configuration: defaults, then the config
// file, then the environment, then opts. Invalid configuration is an error
// naming each bad field; so is a missing API key or project for a
// non-local endpoint. ctx is not retained; a nil ctx is an error.
func New(ctx context.Context, opts ...Option) (*Exporter, error) {
	if ctx == nil {
		return nil, errNilContext
	}
	var s settings
	for _, o := range opts {
		if o != nil { // a nil Option is ignored, as in the other packages
			o.apply(&s)
		}
	}
	var cfg config.Config
	if s.cfg != nil {
		cfg = s.cfg.With(s.cfgOpts...)
		if err := cfg.Validate(); err != nil {
			return nil, err // "noveum config: ...", every problem with its fix
		}
	} else {
		var err error
		if cfg, err = config.Load(s.cfgOpts...); err != nil {
			return nil, err // "noveum config: ...", every problem with its fix
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("noveum exporter: %w", err)
	}
	if s.sink != nil {
		sinkConfig(&cfg)
	}

	e := &Exporter{
		cfg:      &cfg,
		url:      cfg.TracesURL(),
		shownURL: redactedURL(cfg.TracesURL()),
		client:   s.client,
		clock:    s.clock,
		onError:  s.onError,
		sink:     s.sink,
		toSender: make(chan outItem),
		gzip:     cfg.Compression == config.CompressionGzip,
		bufs:     newBufferPool(poolBytes(cfg.MaxBufferBytes)),
		done:     make(chan struct{}),
		closing:  make(chan struct{}),
		mem:      newBudget(cfg.MaxBufferBytes - outsideBudget(cfg.MaxBufferBytes)),
	}
	if s.salt != nil {
		e.ids = wire.NewIDs(*s.salt)
	} else {
		var b [8]byte
		_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
		e.ids = wire.NewIDs(binary.LittleEndian.Uint64(b[:]))
	}
	if e.clock == nil {
		e.clock = realClock{}
	}
	if e.onError == nil {
		e.onError = otel.Handle
	}
	if e.client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 4
		// Bodies are streamed in pieces (one per span); a large write
		// buffer turns them into few large writes.
		tr.WriteBufferSize = 256 << 10
		e.ownsTr = tr
		e.client = &http.Client{Transport: tr}
	} else {
		c := *e.client // a copy: the caller's client is left as it is
		e.client = &c
	}
	// A redirect is never followed: Go would turn the POST into an empty
	// GET (or resend the body and the key to another host). The 3xx is
	// reported as a failure naming its Location instead.
	e.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	sentMemory := s.sentMemory
	if sentMemory <= 0 {
		sentMemory = defaultSentMemory
	}
	n := s.shards
	if n <= 0 {
		n = min(runtime.GOMAXPROCS(0), maxShards)
	}
	perShard := max(1, (cfg.QueueSize+n-1)/n)
	for range n {
		e.shards = append(e.shards, newAssembler(e, max(1, (sentMemory+n-1)/n), perShard))
	}
	for range maxInFlight {
		e.couriers = append(e.couriers, newCourier(e))
	}
	if s.meter != nil {
		reg, err := registerMetrics(s.meter, e)
		if err != nil {
			return nil, fmt.Errorf("noveum exporter: metrics: %w", err)
		}
		e.metrics = reg
	}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	e.wg.Add(len(e.shards) + 1)
	for _, a := range e.shards {
		go func() { defer e.wg.Done(); a.run() }()
	}
	go func() { defer e.wg.Done(); e.runSender() }()
	go func() { e.wg.Wait(); close(e.done) }()
	return e, nil
}

// Config returns the configuration the exporter runs with.
func (e *Exporter) Config() config.Config { return *e.cfg }

// String describes the exporter without its API key: the URL it sends to
// and the project.
func (e *Exporter) String() string {
	if e == nil || e.cfg == nil {
		return "exporter.Exporter(nil)"
	}
	return fmt.Sprintf("exporter.Exporter{URL:%q, Project:%q, APIKey:%s}", e.shownURL, e.cfg.Project, keyState(e.cfg.APIKey))
}

// GoString is String, for %#v.
func (e *Exporter) GoString() string { return e.String() }

// Format prints String for every verb, so that no fmt verb (%v, %+v, %#v,
// %x ...) reaches the fields, which hold the API key.
func (e *Exporter) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", e.String())
		return
	}
	_, _ = fmt.Fprint(f, e.String())
}

// keyState shows whether the API key is set, never the key.
func keyState(key string) string {
	if key == "" {
		return "[unset]"
	}
	return "[set]"
}

// redactedURL hides a password in u.
func redactedURL(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Redacted()
	}
	return u
}

// Stats returns a snapshot of the exporter's counters.
func (e *Exporter) Stats() Stats {
	s := e.stats.snapshot()
	s.BufferedBytes = e.mem.bytes()
	s.BufferBudget = e.cfg.MaxBufferBytes
	return s
}

// OnStart does nothing; it is part of sdktrace.SpanProcessor.
func (e *Exporter) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd queues an ended, sampled span for export. It does no I/O and, by
// default, never blocks: when the queue is full or the memory budget is
// spent the span is dropped and counted (before that, the exporter stops
// holding data back: see Stats.EarlySeals). With WithBlocking it waits for
// room instead, until Shutdown.
func (e *Exporter) OnEnd(s sdktrace.ReadOnlySpan) {
	if !s.SpanContext().IsSampled() {
		return
	}
	e.stats.spansReceived.Add(1)
	est := estimateSize(s)
	if e.admitSpan(est) {
		e.enqueue(s, est)
	}
}

// admitSpan charges a span's estimate to the memory budget, reporting
// whether it may be queued. Without room the span is dropped
// (memory_bound), or with WithBlocking the call waits for room; only
// Shutdown ends the wait (the span is then dropped as shutdown).
func (e *Exporter) admitSpan(est int64) bool {
	if e.mem.admit(est) {
		return true
	}
	if !e.cfg.Blocking {
		e.drop(DropMemoryBound, 1, nil)
		return false
	}
	e.stats.blockedWaits.Add(1)
	if err := e.mem.wait(context.Background(), est, e.closing); err != nil {
		reason := DropShutdown
		if errors.Is(err, errTooLargeForBudget) {
			reason = DropMemoryBound
		}
		e.drop(reason, 1, nil)
		return false
	}
	return true
}

// enqueue hands an admitted span to its shard. With the queue full it drops
// the span (queue_full), or with WithBlocking waits for room. The send, and
// the wait, hold mu's read lock, so that no span enters a queue after
// Shutdown's stop marker; Shutdown closes closing before it takes the
// lock, which ends a wait.
func (e *Exporter) enqueue(s sdktrace.ReadOnlySpan, est int64) {
	reason := DropShutdown
	e.mu.RLock()
	if !e.closed {
		q := e.shard(s.SpanContext().TraceID()).queue
		select {
		case q <- item{span: s, est: est}:
			e.mu.RUnlock()
			return
		default:
		}
		reason = DropQueueFull
		if e.cfg.Blocking {
			e.stats.blockedWaits.Add(1)
			select {
			case q <- item{span: s, est: est}:
				e.mu.RUnlock()
				return
			case <-e.closing:
				reason = DropShutdown
			}
		}
	}
	e.mu.RUnlock()
	e.mem.release(est)
	e.drop(reason, 1, nil)
}

// ExportSpans queues spans for export, as an sdktrace.SpanExporter. It does
// no network I/O. When the queue is full or the memory budget is spent it
// waits for room until ctx is done (backpressure on the batching processor
// that calls it); spans it could not queue are dropped, counted, and
// reported in the error. After Shutdown it returns ErrShutdown. A nil ctx
// is an error: nothing is queued or counted.
func (e *Exporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	if ctx == nil {
		return fmt.Errorf("%w: %s not queued", errNilContext, plural.Count(len(spans), "span"))
	}
	e.stats.spansReceived.Add(int64(len(spans)))
	select {
	case <-e.closing:
		e.drop(DropShutdown, int64(len(spans)), nil)
		return ErrShutdown
	default:
	}
	for i, s := range spans {
		est := estimateSize(s)
		if err := e.mem.wait(ctx, est, e.closing); err != nil {
			n := int64(len(spans) - i)
			if errors.Is(err, ErrShutdown) {
				e.drop(DropShutdown, n, nil)
				return err
			}
			if est > e.cfg.MaxBufferBytes {
				e.drop(DropMemoryBound, 1, nil) // can never fit: skip just this one
				continue
			}
			e.drop(DropMemoryBound, n, err)
			return fmt.Errorf("noveum exporter: %s not queued: %w", plural.Count(n, "span"), err)
		}
		e.mu.RLock()
		if e.closed {
			e.mu.RUnlock()
			e.mem.release(est)
			n := int64(len(spans) - i)
			e.drop(DropShutdown, n, nil)
			return ErrShutdown
		}
		select {
		case e.shard(s.SpanContext().TraceID()).queue <- item{span: s, est: est}:
			e.mu.RUnlock()
		case <-ctx.Done():
			e.mu.RUnlock()
			e.mem.release(est)
			n := int64(len(spans) - i)
			e.drop(DropQueueFull, n, ctx.Err())
			return fmt.Errorf("noveum exporter: %s not queued: %w", plural.Count(n, "span"), ctx.Err())
		}
	}
	return nil
}

// errNilContext is returned, and nothing else done, when a method is given
// a nil context: a caller's bug, which must neither panic nor wedge the
// exporter.
var errNilContext = errors.New("noveum exporter: nil context: pass context.Background() or a context with a deadline")

// ForceFlush sends every span ended before the call, including spans of
// traces whose root has not ended yet (later spans of such a trace go out as
// a continuation trace). When it returns nil, each of those spans has been
// accepted by the service or counted as dropped. It returns ctx's error if
// ctx is done first; delivery then continues in the background. A nil ctx
// is an error, and nothing is flushed.
func (e *Exporter) ForceFlush(ctx context.Context) error {
	if ctx == nil {
		return errNilContext
	}
	e.mu.RLock()
	if e.closed {
		e.mu.RUnlock()
		return nil
	}
	c := &control{done: make(chan struct{})}
	err := e.broadcast(ctx, c)
	e.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("noveum exporter: flush: %w", err)
	}
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("noveum exporter: flush: %w", ctx.Err())
	case <-e.done:
		return nil
	}
}

// Shutdown flushes like ForceFlush, then stops the exporter's goroutines.
// If ctx is done first, what has not been sent is dropped and counted
// (DropShutdown) and Shutdown returns ctx's error; either way no goroutine of
// the exporter remains when it returns. Later calls return the first
// call's result. Spans ended after Shutdown are dropped. A nil ctx is an
// error that leaves the exporter running, so that a later Shutdown with a
// real context still stops it.
func (e *Exporter) Shutdown(ctx context.Context) error {
	if ctx == nil {
		return errNilContext // before the Once, so that a later call still shuts down
	}
	e.shutdownOnce.Do(func() { e.shutdownErr = e.shutdown(ctx) })
	return e.shutdownErr
}

func (e *Exporter) shutdown(ctx context.Context) error {
	close(e.closing)
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()

	var err error
	c := &control{done: make(chan struct{}), stop: true}
	if err = e.broadcast(ctx, c); err == nil {
		select {
		case <-e.done:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	e.cancel() // aborts in-flight requests and retry waits; the goroutines return promptly
	<-e.done
	if e.metrics != nil {
		if uerr := e.metrics.Unregister(); uerr != nil && err == nil {
			err = uerr
		}
	}
	if e.ownsTr != nil {
		e.ownsTr.CloseIdleConnections()
	}
	if err != nil {
		return fmt.Errorf("noveum exporter: shutdown: %w", err)
	}
	return nil
}

// broadcast queues a control on every shard, in order after the spans
// already queued there.
func (e *Exporter) broadcast(ctx context.Context, c *control) error {
	c.remaining.Store(int32(len(e.shards)))
	for _, a := range e.shards {
		select {
		case a.queue <- item{ctl: c}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// dropReportInterval limits how often drops of one reason are reported.
const dropReportInterval = 10 * time.Second

// drop counts spans dropped for reason and reports it. Request-level
// failures (err != nil) are reported every time; the rest at most once per
// dropReportInterval per reason, each report carrying the count since the
// last.
func (e *Exporter) drop(reason DropReason, spans int64, err error) {
	if spans <= 0 {
		return
	}
	total := e.stats.spansDropped[reason].Add(spans)
	now := e.clock.Now().UnixNano()
	last := e.stats.lastReportNanos[reason].Load()
	if err == nil && last != 0 && now-last < int64(dropReportInterval) {
		return
	}
	if !e.stats.lastReportNanos[reason].CompareAndSwap(last, now) && err == nil {
		return // another goroutine reports
	}
	since := total - e.stats.lastReported[reason].Swap(total)
	if since <= 0 {
		since = spans
	}
	d := &DropError{Reason: reason, Spans: since, Total: total, Err: err}
	if reason == DropMemoryBound {
		d.Endpoint = e.endpointState(now)
	}
	e.onError(d)
}

// Thresholds of endpointState.
const (
	stalledAfter  = 5 * time.Second  // a request in flight this long: stalled
	failingWithin = 30 * time.Second // a failure this recent: failing
)

// endpointState says what the exporter sees of the endpoint when memory
// runs out: EndpointStalled, EndpointFailing or EndpointSlow.
func (e *Exporter) endpointState(now int64) string {
	for _, c := range e.couriers {
		if since := c.since.Load(); since != 0 && now-since >= int64(stalledAfter) {
			return EndpointStalled
		}
	}
	if last := e.lastFailure.Load(); last != 0 && now-last < int64(failingWithin) {
		return EndpointFailing
	}
	return EndpointSlow
}
