package exporter

import (
	"sync/atomic"
)

// DropReason says why spans were dropped. Every drop is counted under exactly
// one reason and reported through the error handler.
type DropReason int

// The drop reasons.
const (
	// DropQueueFull: the queue between span.End and the exporter was full.
	DropQueueFull DropReason = iota
	// DropMemoryBound: holding the span would exceed MaxBufferBytes.
	DropMemoryBound
	// DropPermanentError: the service rejected the request for good (4xx other than 408, 413, 429).
	DropPermanentError
	// DropRetriesExhausted: the request still failed when the retry budget ran out.
	DropRetriesExhausted
	// DropTooLarge: a single span was too large for the service (413); requests, and traces by their spans, are split first.
	DropTooLarge
	// DropShutdown: the span arrived after Shutdown, or Shutdown's deadline passed before it was sent.
	DropShutdown
	numDropReasons
)

var dropReasonNames = [numDropReasons]string{
	DropQueueFull:        "queue_full",
	DropMemoryBound:      "memory_bound",
	DropPermanentError:   "permanent_error",
	DropRetriesExhausted: "retries_exhausted",
	DropTooLarge:         "too_large",
	DropShutdown:         "shutdown",
}

// String returns the reason's snake_case name, as used in metrics.
func (r DropReason) String() string {
	if r >= 0 && r < numDropReasons {
		return dropReasonNames[r]
	}
	return "unknown"
}

// DropReasons lists every reason, in order.
func DropReasons() []DropReason {
	rs := make([]DropReason, numDropReasons)
	for i := range rs {
		rs[i] = DropReason(i)
	}
	return rs
}

// Stats is a snapshot of the exporter's counters since it was created.
// Spans and traces are conserved: SpansReceived = SpansSent + every
// SpansDropped + SpansPending, and TracesReceived = TracesSent + every
// TracesDropped + TracesPending.
type Stats struct {
	// SpansReceived counts spans handed to the exporter (OnEnd or ExportSpans).
	SpansReceived int64
	// SpansSent counts spans in requests the service accepted (2xx).
	SpansSent int64
	// SpansDropped counts dropped spans by reason; every reason is present.
	SpansDropped map[DropReason]int64
	// SpansPending counts spans received but neither sent nor dropped yet.
	SpansPending int64
	// TracesReceived counts traces assembled, continuation traces
	// included; the parts of a split trace count as one trace.
	TracesReceived int64
	// TracesSent counts traces the service accepted. A trace sent in
	// parts (see SplitParts) counts once, when its last part was accepted.
	TracesSent int64
	// TracesDropped counts traces dropped by reason: the trace was in a
	// request that failed, or was still held when Shutdown's deadline
	// passed. A trace sent in parts counts once, under the reason of the
	// first part that failed, even if other parts were accepted. A span
	// dropped on its own (queue_full, memory_bound) does not drop its trace.
	TracesDropped map[DropReason]int64
	// TracesPending counts traces received but neither sent nor dropped yet.
	TracesPending int64
	// ContinuationTraces counts traces made to carry spans that arrived
	// after their trace had been sealed. They are counted in
	// TracesReceived too.
	ContinuationTraces int64
	// SplitParts counts the extra parts that traces too large for one
	// request (413) were cut into: a trace sent in three parts adds two.
	// Parts are neither continuation traces nor traces of their own.
	SplitParts int64
	// Requests counts HTTP requests made, retries included.
	Requests int64
	// Retries counts requests repeated after a retryable failure.
	Retries int64
	// BytesUncompressed counts request body bytes before compression.
	BytesUncompressed int64
	// BytesSent counts request body bytes on the wire (after compression).
	BytesSent int64
	// ValuesTruncated counts string values cut to MaxAttributeBytes.
	ValuesTruncated int64
	// BufferedBytes is the memory the exporter holds now for spans not yet
	// delivered (queued, waiting for their trace, or in a request in
	// flight), to compare with BufferBudget: queued spans count at an
	// estimate of their size, encoded traces at the capacity of their
	// buffers. As it nears the budget the exporter first sends sooner
	// (EarlySeals, EarlySends, PartialSeals); it stops taking new spans
	// (DropMemoryBound, or a wait with Blocking) somewhat before
	// BufferedBytes reaches BufferBudget, keeping the rest for the spans it
	// has already taken, which are never dropped for memory. So a
	// BufferedBytes close to BufferBudget means spans are being refused,
	// and it may pass the budget briefly by a little.
	BufferedBytes int64
	// BufferBudget is the memory budget, Config.MaxBufferBytes. Spans and
	// traces get it less what the exporter holds besides them (its buffer
	// pool and its connections' buffers, at most a quarter), so
	// BufferedBytes stays below it by that much.
	BufferBudget int64
	// EarlySeals counts traces sealed without waiting for their grace
	// period because half the budget was held (memory pressure).
	EarlySeals int64
	// PartialSeals counts traces sealed before their root span ended
	// because three quarters of the budget were held; their later spans
	// went out as continuation traces.
	PartialSeals int64
	// EarlySends counts requests sent without waiting for the batch delay
	// because of memory pressure.
	EarlySends int64
	// BlockedWaits counts the times OnEnd waited for room, with
	// WithBlocking, instead of dropping a span.
	BlockedWaits int64
}

// DroppedSpans returns the total of SpansDropped.
func (s Stats) DroppedSpans() int64 {
	var n int64
	for _, v := range s.SpansDropped {
		n += v
	}
	return n
}

type counters struct {
	spansReceived, spansSent     atomic.Int64
	tracesReceived, tracesSent   atomic.Int64
	continuations, splitParts    atomic.Int64
	requests, retries            atomic.Int64
	bytesUncompressed, bytesSent atomic.Int64
	truncated                    atomic.Int64
	earlySeals, partialSeals     atomic.Int64
	earlySends, blockedWaits     atomic.Int64
	spansDropped, tracesDropped  [numDropReasons]atomic.Int64
	lastReported                 [numDropReasons]atomic.Int64 // spans dropped as of the last report
	lastReportNanos              [numDropReasons]atomic.Int64
}

func (c *counters) snapshot() Stats {
	s := Stats{
		SpansDropped:  make(map[DropReason]int64, numDropReasons),
		TracesDropped: make(map[DropReason]int64, numDropReasons),
	}
	// Read the outcome counters before SpansReceived so that a concurrent
	// span never makes SpansPending negative.
	var dropped int64
	for r := DropReason(0); r < numDropReasons; r++ {
		n := c.spansDropped[r].Load()
		s.SpansDropped[r] = n
		dropped += n
		s.TracesDropped[r] = c.tracesDropped[r].Load()
	}
	s.SpansSent = c.spansSent.Load()
	s.SpansReceived = c.spansReceived.Load()
	s.SpansPending = s.SpansReceived - s.SpansSent - dropped
	var tracesDropped int64
	for _, n := range s.TracesDropped {
		tracesDropped += n
	}
	s.TracesSent = c.tracesSent.Load()
	s.TracesReceived = c.tracesReceived.Load()
	s.TracesPending = s.TracesReceived - s.TracesSent - tracesDropped
	s.ContinuationTraces = c.continuations.Load()
	s.SplitParts = c.splitParts.Load()
	s.Requests = c.requests.Load()
	s.Retries = c.retries.Load()
	s.BytesUncompressed = c.bytesUncompressed.Load()
	s.BytesSent = c.bytesSent.Load()
	s.ValuesTruncated = c.truncated.Load()
	s.EarlySeals = c.earlySeals.Load()
	s.PartialSeals = c.partialSeals.Load()
	s.EarlySends = c.earlySends.Load()
	s.BlockedWaits = c.blockedWaits.Load()
	return s
}
