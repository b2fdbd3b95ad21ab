package exporter

import (
	"unsafe"

	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// pendingTrace holds the encoded spans of one trace. Once sealed, its buffer
// also holds the trace head and the bytes that close each span, so the trace
// object is written by concatenating pieces of buf, with no further copy:
// head, then for each span its fragment and its tail.
type pendingTrace struct {
	id           trace.TraceID
	uuid         wire.UUID
	continuation uint32 // 0 for the original trace, n for its n-th continuation
	seq          uint64 // tells this trace from a later one with the same id
	buf          []byte
	spans        []spanRec
	rootEnded    bool
	accounted    int64 // bytes of the memory budget held

	// Set by seal: the trace head, then each span's tail (its parent and
	// the separator or closing after it), in a small buffer of their own so
	// that sealing never regrows buf.
	hb      []byte
	headEnd int
	// sealReserve is budget kept from the spans' admission for hb, and
	// zReserve for the trace's share of its compressed chunk.
	sealReserve, zReserve int64
}

type spanRec struct {
	end     int // offset in buf where the span's fragment ends
	tailEnd int // offset in hb where its tail ends (after seal)
	info    wire.SpanInfo
}

// size is the length of the sealed trace object.
func (pt *pendingTrace) size() int { return len(pt.buf) + len(pt.hb) }

// pieces calls f with the sealed trace object's pieces, in order.
func (pt *pendingTrace) pieces(f func([]byte)) {
	f(pt.hb[:pt.headEnd])
	start, tail := 0, pt.headEnd
	for i := range pt.spans {
		r := &pt.spans[i]
		f(pt.buf[start:r.end])
		f(pt.hb[tail:r.tailEnd])
		start, tail = r.end, r.tailEnd
	}
}

const spanRecSize = int(unsafe.Sizeof(spanRec{}))

// traceOverhead is what a trace holds besides its buffers: the
// pendingTrace itself, its entries in the pending map and the age and
// grace deadlines, its slot in the chunk and in the sent-id memory. It is
// charged once, when the trace is created, and released with the trace.
const traceOverhead = int64(unsafe.Sizeof(pendingTrace{})) + 160

// held is the memory a pending trace's buffers take.
func (pt *pendingTrace) held() int64 {
	return int64(cap(pt.buf) + cap(pt.hb) + cap(pt.spans)*spanRecSize)
}

// finish writes a trace's head and its spans' tails into pt.hb: each
// tail is the span's parent (the parent's UUID when the parent is in this
// payload, null otherwise, so a payload is always a self-contained tree)
// and the separator or closing that follows. present is scratch space.
func finish(enc *wire.Encoder, pt *pendingTrace, present *map[trace.SpanID]int) {
	h := traceHeader(pt, &enc.IDs)
	pt.hb = enc.AppendTraceHead(pt.hb, &h)
	pt.headEnd = len(pt.hb)
	set := spanSet(pt.spans, present)
	last := len(pt.spans) - 1
	for i := range pt.spans {
		rec := &pt.spans[i]
		var parent *wire.UUID
		if rec.info.HasLocalParent {
			if p := findSpan(pt.spans, set, rec.info.ParentID); p >= 0 {
				parent = &pt.spans[p].info.UUID
			}
		}
		pt.hb = wire.AppendParent(pt.hb, parent)
		if i < last {
			pt.hb = append(pt.hb, ',')
		} else {
			pt.hb = wire.AppendTraceTail(pt.hb)
		}
		rec.tailEnd = len(pt.hb)
	}
}

// spanSet indexes the span ids of a large trace in *scratch; small ones
// are scanned.
func spanSet(spans []spanRec, scratch *map[trace.SpanID]int) map[trace.SpanID]int {
	if len(spans) <= 16 {
		return nil
	}
	if *scratch == nil {
		*scratch = make(map[trace.SpanID]int, len(spans))
	}
	m := *scratch
	clear(m)
	for i := range spans {
		m[spans[i].info.SpanID] = i
	}
	return m
}

// traceHeader computes the trace fields from its spans.
func traceHeader(pt *pendingTrace, ids *wire.IDs) wire.TraceHeader {
	h := wire.TraceHeader{TraceUUID: pt.uuid, OTelTraceID: pt.id, SpanCount: len(pt.spans)}
	if pt.continuation > 0 {
		orig := ids.Trace(pt.id)
		h.ContinuationOf = &orig
	}
	root := -1
	earliest := 0
	firstFailed := -1 // the failed span that started first
	for i := range pt.spans {
		in := &pt.spans[i].info
		if in.Status.Failed() {
			h.ErrorCount++
			if firstFailed < 0 || in.Start.Before(pt.spans[firstFailed].info.Start) {
				firstFailed = i
			}
		}
		if i == 0 || in.Start.Before(h.Start) {
			h.Start = in.Start
			earliest = i
		}
		if i == 0 || in.End.After(h.End) {
			h.End = in.End
		}
		if in.LocalRoot() && (root < 0 || in.Start.Before(pt.spans[root].info.Start)) {
			root = i
		}
	}
	// The trace failed when any of its spans did; its message is the
	// root's description, else the first failure's.
	named := root
	if named < 0 {
		named = earliest
	} else {
		h.StatusMessage = pt.spans[root].info.StatusMessage
	}
	if h.ErrorCount > 0 {
		h.Status = wire.StatusError
		if h.StatusMessage == "" {
			h.StatusMessage = pt.spans[firstFailed].info.StatusMessage
		}
	}
	first := &pt.spans[named].info
	h.NamePrefix, h.NameSuffix = first.NamePrefix, first.NameSuffix
	h.Resource = first.Resource
	// Metadata: the named span first, then the others in order.
	pick := func(in *wire.SpanInfo) {
		if h.UserID == "" {
			h.UserID = in.UserID
		}
		if h.SessionID == "" {
			h.SessionID = in.SessionID
		}
		if h.RequestID == "" {
			h.RequestID = in.RequestID
		}
		if len(in.Extra) > 0 {
			h.Extra = append(h.Extra, in.Extra...)
		}
	}
	pick(first)
	for i := range pt.spans {
		if i != named {
			pick(&pt.spans[i].info)
		}
	}
	if h.SessionID == "" {
		for i := range pt.spans {
			if c := pt.spans[i].info.ConversationID; c != "" {
				h.SessionID = c
				break
			}
		}
	}
	return h
}

// findSpan returns the index of the span with id in spans, or -1; present
// indexes large traces.
func findSpan(spans []spanRec, present map[trace.SpanID]int, id trace.SpanID) int {
	if present != nil {
		if i, ok := present[id]; ok {
			return i
		}
		return -1
	}
	for i := range spans {
		if spans[i].info.SpanID == id {
			return i
		}
	}
	return -1
}

// releaseTrace returns a trace's memory: to the budget and, when it fits,
// its buffer to the pool.
func (e *Exporter) releaseTrace(t *pendingTrace) {
	e.mem.release(t.accounted)
	t.accounted = 0
	e.bufs.put(t.buf)
	e.bufs.put(t.hb)
	t.buf, t.hb, t.spans = nil, nil, nil
}
