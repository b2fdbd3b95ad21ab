package exporter

import (
	"math/bits"
	"sync/atomic"

	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// maxInFlight is how many requests may be in flight at once. While one
// request waits for the endpoint (on its answer, or to retry), the next is
// sent, so the endpoint's latency is not paid per request; two keep a
// single endpoint busy without opening a connection per batch.
const maxInFlight = 2

// courier delivers one request at a time, with scratch of its own, so that
// maxInFlight of them can deliver at once.
type courier struct {
	e      *Exporter
	s      *sender
	pieces [][]byte // scratch: the body of the request being sent
	tail   []byte
	d      deflater

	// For splitting a trace the service found too large.
	enc     wire.Encoder
	present map[trace.SpanID]int
	// wholes tracks the traces in flight as parts of a split trace, so
	// that the trace is counted once, sent or dropped, when its last part
	// is done. A trace's parts are all delivered by the courier that split
	// it.
	wholes map[*pendingTrace]*whole

	// since is when the request in flight went out (Unix ns), 0 when none is.
	since atomic.Int64
}

// whole is a trace sent in parts: how many parts are still in flight, and
// why the first failed part failed.
type whole struct {
	remaining int
	failed    bool
	reason    DropReason
}

func newCourier(e *Exporter) *courier {
	return &courier{e: e, enc: e.newEncoder(), d: deflater{level: e.cfg.CompressionLevel}}
}

// deliver sends a batch and accounts for every span and trace in it: sent
// or dropped with a reason. On 413 it splits the batch in halves, down to
// the spans of a single trace; on 400 down to single traces, so that a
// trace the service refuses costs only itself (a binary search: at most
// two requests per halving, log2(traces) halvings). The 400s are bounded:
// when a request holds many refused traces, or the service refuses
// everything, splitting stops after a few traces' worth of searching and
// what is still refused is dropped whole, rather than sending a request
// per trace.
func (s *courier) deliver(b batch) {
	e := s.e
	if e.sink != nil { // the Collector component queues it (handoff.go)
		s.handOff(b)
		return
	}
	refusals := 4 * bits.Len(uint(b.traces)) // enough to isolate about four refused traces
	work := []batch{b}
	for len(work) > 0 {
		j := work[len(work)-1]
		work = work[:len(work)-1]
		res, err := s.post(&j)
		switch res {
		case delivered:
			e.stats.spansSent.Add(int64(j.spans))
			settleTraces(e, s.wholes, &j, false, 0)
		case tooLarge, refused:
			if res == refused {
				refusals--
			}
			if res == tooLarge || refusals >= 0 {
				if lo, hi, ok := s.split(j, res == tooLarge); ok {
					work = append(work, hi, lo) // the first half goes first
					continue
				}
			}
			if res == tooLarge {
				s.dropBatch(&j, DropTooLarge, err)
			} else {
				s.dropBatch(&j, DropPermanentError, err)
			}
		case permanent:
			s.dropBatch(&j, DropPermanentError, err)
		case exhausted:
			s.dropBatch(&j, DropRetriesExhausted, err)
		case cancelled:
			s.dropBatch(&j, DropShutdown, err)
		}
	}
}

// dropBatch counts a batch's spans and traces dropped for reason.
func (s *courier) dropBatch(b *batch, reason DropReason, err error) {
	settleTraces(s.e, s.wholes, b, true, reason)
	s.e.drop(reason, int64(b.spans), err)
}

// settleTraces counts the traces of a finished request as sent, or as
// dropped for reason. A part of a split trace counts only with the last
// part of its trace: the trace is sent if every part was accepted, else
// dropped for the reason of the first part that failed.
// wholes holds the courier's split traces (nil for a batch never sent).
func settleTraces(e *Exporter, wholes map[*pendingTrace]*whole, b *batch, dropped bool, reason DropReason) {
	st := &e.stats
	for _, c := range b.chunks {
		for _, t := range c.traces {
			w := wholes[t]
			if w == nil {
				if dropped {
					st.tracesDropped[reason].Add(1)
				} else {
					st.tracesSent.Add(1)
				}
				continue
			}
			delete(wholes, t)
			if dropped && !w.failed {
				w.failed, w.reason = true, reason
			}
			if w.remaining--; w.remaining > 0 {
				continue
			}
			if w.failed {
				st.tracesDropped[w.reason].Add(1)
			} else {
				st.tracesSent.Add(1)
			}
		}
	}
}

// split halves a batch the service refused: by chunks, by the traces of
// its one chunk, or, when bySpans (413: too large), by the spans of its
// one trace; new chunks are compressed anew. Only a single span, or
// without bySpans a single trace, cannot be split. The halves are
// short-lived and outside the budget; the original chunks are released
// with the batch.
func (s *courier) split(b batch, bySpans bool) (lo, hi batch, ok bool) {
	if b.traces >= 2 {
		// Halve by traces, whole chunks kept where the cut allows, so that
		// isolating one trace takes log2(traces) halvings however the
		// chunks are sized.
		half, acc := b.traces/2, 0
		for i, c := range b.chunks {
			if acc+len(c.traces) <= half {
				acc += len(c.traces)
				continue
			}
			need := half - acc
			if need == 0 {
				return newBatch(b.chunks[:i]), newBatch(b.chunks[i:]), true
			}
			loChunks := append(b.chunks[:i:i], s.rechunk(c.traces[:need]))
			hiChunks := append([]*chunk{s.rechunk(c.traces[need:])}, b.chunks[i+1:]...)
			return newBatch(loChunks), newBatch(hiChunks), true
		}
	}
	t := b.chunks[0].traces[0]
	if !bySpans || len(t.spans) < 2 {
		return batch{}, batch{}, false // one span too large for the service, or one trace refused
	}
	first, second := s.splitTrace(t)
	return newBatch([]*chunk{s.rechunk([]*pendingTrace{first})}), newBatch([]*chunk{s.rechunk([]*pendingTrace{second})}), true
}

// splitTrace cuts a trace too large for one request in two parts: the
// first keeps the trace's id, the second goes out as a continuation of it,
// with an id of its own (continuation numbers from 2^31 up, which the
// shards never use), so no trace_id is sent twice. The parts are counted
// in SplitParts, not as continuation traces, and the trace as one.
func (s *courier) splitTrace(t *pendingTrace) (first, second *pendingTrace) {
	mid := len(t.spans) / 2
	first = s.part(t, 0, mid, t.uuid, t.continuation)
	n := 1<<31 | s.e.splits.Add(1)
	second = s.part(t, mid, len(t.spans), s.e.ids.Continuation(t.id, n), n)
	s.e.stats.splitParts.Add(1)
	w := s.wholes[t]
	if w == nil {
		w = &whole{remaining: 1}
	}
	delete(s.wholes, t)
	w.remaining++ // one part in flight becomes two
	if s.wholes == nil {
		s.wholes = make(map[*pendingTrace]*whole)
	}
	s.wholes[first], s.wholes[second] = w, w
	return first, second
}

// part builds a sealed trace of spans [lo, hi) of t, with its own head.
func (s *courier) part(t *pendingTrace, lo, hi int, uuid wire.UUID, continuation uint32) *pendingTrace {
	p := &pendingTrace{id: t.id, uuid: uuid, continuation: continuation}
	start := 0
	if lo > 0 {
		start = t.spans[lo-1].end
	}
	for i := lo; i < hi; i++ {
		fragStart := len(p.buf)
		p.buf = append(p.buf, t.buf[start:t.spans[i].end]...)
		if uuid != t.uuid {
			wire.SetSpanTraceUUID(p.buf[fragStart:], uuid)
		}
		p.spans = append(p.spans, spanRec{end: len(p.buf), info: t.spans[i].info})
		start = t.spans[i].end
	}
	finish(&s.enc, p, &s.present)
	return p
}

// rechunk builds a chunk of traces that already belong to another chunk.
func (s *courier) rechunk(traces []*pendingTrace) *chunk {
	c := &chunk{traces: traces}
	for _, t := range traces {
		c.spans += len(t.spans)
	}
	if s.e.gzip {
		s.d.begin(nil)
	}
	c.pieces(func(p []byte) {
		c.raw += len(p)
		if s.e.gzip {
			s.d.write(p)
		}
	})
	if s.e.gzip {
		c.z = s.d.end(false)
	}
	return c
}
