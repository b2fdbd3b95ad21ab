package exporter

import (
	"time"
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// defaultSentMemory is how many sent trace ids the exporter remembers, to
// send late spans of those traces as continuations instead of reusing an id
// the service would silently ignore.
const defaultSentMemory = 1 << 17

// pendingTrace holds the encoded spans of one trace until it is sealed.
type pendingTrace struct {
	id           trace.TraceID
	uuid         wire.UUID
	continuation uint32 // 0 for the original trace, n for its n-th continuation
	seq          uint64 // tells this trace from a later one with the same id
	buf          []byte // span objects, each open at its parent_span_id
	spans        []spanRec
	rootEnded    bool
	accounted    int64 // bytes of the memory budget held
}

type spanRec struct {
	end  int // offset in buf where the span's fragment ends
	info wire.SpanInfo
}

// deadline is an entry of a FIFO of deadlines. Grace and age deadlines are
// each added in time order, so a FIFO is enough: no heap needed.
type deadline struct {
	at  time.Time
	id  trace.TraceID
	seq uint64
}

// batch is one request body being built or sent.
type batch struct {
	body   []byte
	traces []traceRange
	spans  int
	opened time.Time
	held   int64 // bytes of the memory budget held
}

// traceRange locates one trace object in body, for splitting on 413.
type traceRange struct {
	start, end int
	spans      int
}

// outItem goes from the assembler to the sender: a finished batch or a
// flush/shutdown marker.
type outItem struct {
	b   *batch
	ctl *control
}

// assembler owns pending traces and batches; only its goroutine touches them.
type assembler struct {
	e   *Exporter
	enc wire.Encoder

	pending map[trace.TraceID]*pendingTrace
	nextSeq uint64
	grace   []deadline
	ages    []deadline

	sent     map[trace.TraceID]uint32 // continuations sent so far per sent trace
	sentRing []trace.TraceID
	sentNext int

	cur   *batch
	ready []outItem

	timer   timer
	armedAt time.Time
	present map[trace.SpanID]struct{} // scratch for large traces
}

func newAssembler(e *Exporter, sentMemory int) *assembler {
	return &assembler{
		e: e,
		enc: wire.Encoder{
			Project:        e.cfg.Project,
			Environment:    e.cfg.Environment,
			SDKVersion:     Version,
			ServiceVersion: e.cfg.ServiceVersion,
			MaxValueBytes:  e.cfg.MaxAttributeBytes,
		},
		pending:  make(map[trace.TraceID]*pendingTrace),
		sent:     make(map[trace.TraceID]uint32),
		sentRing: make([]trace.TraceID, sentMemory),
	}
}

func (a *assembler) run() {
	e := a.e
	a.timer = e.clock.NewTimer(time.Hour)
	a.timer.Stop()
	defer a.timer.Stop()
	for {
		var sendCh chan outItem
		var next outItem
		if len(a.ready) > 0 {
			sendCh, next = e.toSender, a.ready[0]
		}
		select {
		case it := <-e.queue:
			if it.ctl != nil && it.ctl.barrier {
				close(it.ctl.done)
				if it.ctl.resume != nil {
					<-it.ctl.resume
				}
			} else if it.ctl != nil {
				a.flush()
				a.ready = append(a.ready, outItem{ctl: it.ctl})
				if it.ctl.stop {
					a.handOffAll()
					return
				}
			} else {
				a.add(it.span, it.est)
			}
		case sendCh <- next:
			a.ready[0] = outItem{}
			a.ready = a.ready[1:]
		case <-a.timer.C():
			a.armedAt = time.Time{}
			a.expire(e.clock.Now())
		case <-e.ctx.Done():
			a.abort()
			return
		}
		a.arm()
	}
}

// handOffAll passes the remaining ready items to the sender, which is the
// only way out once shutdown has begun; it gives up when the exporter is
// cancelled.
func (a *assembler) handOffAll() {
	for len(a.ready) > 0 {
		select {
		case a.e.toSender <- a.ready[0]:
			a.ready = a.ready[1:]
		case <-a.e.ctx.Done():
			a.abort()
			return
		}
	}
}

// abort drops everything still held, after Shutdown's deadline passed.
func (a *assembler) abort() {
	e := a.e
	for id, pt := range a.pending {
		e.drop(DropShutdown, int64(len(pt.spans)), nil)
		e.release(pt.accounted)
		delete(a.pending, id)
	}
	if a.cur != nil {
		a.ready = append(a.ready, outItem{b: a.cur})
		a.cur = nil
	}
	for _, it := range a.ready {
		if it.b != nil {
			e.dropBatch(it.b, DropShutdown, nil)
			e.release(it.b.held)
		}
	}
	a.ready = nil
	for {
		select {
		case it := <-e.queue:
			if it.span != nil {
				e.release(it.est)
				e.drop(DropShutdown, 1, nil)
			}
		default:
			return
		}
	}
}

// estimateSize is an upper estimate of the memory a queued span holds.
func estimateSize(s sdktrace.ReadOnlySpan) int64 {
	n := int64(512 + len(s.Name()))
	n += attrsSize(s.Attributes())
	for _, ev := range s.Events() {
		n += 64 + int64(len(ev.Name)) + attrsSize(ev.Attributes)
	}
	for _, l := range s.Links() {
		n += 64 + attrsSize(l.Attributes)
	}
	return n
}

func attrsSize(kvs []attribute.KeyValue) int64 {
	n := int64(len(kvs)) * int64(unsafe.Sizeof(attribute.KeyValue{}))
	for _, kv := range kvs {
		n += int64(len(kv.Key))
		switch kv.Value.Type() {
		case attribute.STRING:
			n += int64(len(kv.Value.AsString()))
		case attribute.BOOLSLICE, attribute.INT64SLICE, attribute.FLOAT64SLICE, attribute.STRINGSLICE,
			attribute.BYTESLICE, attribute.SLICE, attribute.MAP:
			// Measuring these would copy them on the caller's goroutine. The
			// queue bounds their number and the encoded size is accounted
			// exactly once assembled.
			n += 256
		}
	}
	return n
}

// add encodes a span into its pending trace.
func (a *assembler) add(s sdktrace.ReadOnlySpan, est int64) {
	e := a.e
	id := s.SpanContext().TraceID()
	pt := a.pending[id]
	created := false
	if pt == nil {
		pt = a.newTrace(id)
		created = true
	}
	oldCap := cap(pt.buf) + cap(pt.spans)*int(unsafe.Sizeof(spanRec{}))
	truncBefore := a.enc.Truncated
	var info wire.SpanInfo
	pt.buf = a.enc.AppendSpan(pt.buf, s, pt.uuid, &info)
	pt.spans = append(pt.spans, spanRec{end: len(pt.buf), info: info})
	grown := int64(cap(pt.buf) + cap(pt.spans)*int(unsafe.Sizeof(spanRec{})) - oldCap)
	if d := a.enc.Truncated - truncBefore; d > 0 {
		e.stats.truncated.Add(d)
	}
	// The span's estimate was reserved at enqueue; hold the encoded bytes
	// instead.
	e.release(est)
	if grown > 0 && !e.reserve(grown) {
		last := len(pt.spans) - 1
		start := 0
		if last > 0 {
			start = pt.spans[last-1].end
		}
		pt.buf = pt.buf[:start]
		pt.spans = pt.spans[:last]
		if !created {
			// The buffer has grown all the same; keep the budget honest.
			e.stats.buffered.Add(grown)
			pt.accounted += grown
		}
		e.drop(DropMemoryBound, 1, nil)
		return
	}
	if grown > 0 {
		pt.accounted += grown
	}
	if created {
		a.pending[id] = pt
		a.ages = append(a.ages, deadline{at: e.clock.Now().Add(e.cfg.TraceMaxAge), id: id, seq: pt.seq})
		e.stats.tracesReceived.Add(1)
		if pt.continuation > 0 {
			e.stats.continuations.Add(1)
		}
	}
	if info.LocalRoot() && !pt.rootEnded {
		pt.rootEnded = true
		if e.cfg.TraceGrace <= 0 {
			a.seal(pt)
		} else {
			a.grace = append(a.grace, deadline{at: e.clock.Now().Add(e.cfg.TraceGrace), id: id, seq: pt.seq})
		}
	}
}

// newTrace starts a pending trace: the original, or the next continuation
// when the trace was already sent.
func (a *assembler) newTrace(id trace.TraceID) *pendingTrace {
	a.nextSeq++
	pt := &pendingTrace{id: id, seq: a.nextSeq, uuid: wire.TraceUUID(id)}
	if n, ok := a.sent[id]; ok {
		pt.continuation = n + 1
		pt.uuid = wire.ContinuationUUID(id, pt.continuation)
	}
	return pt
}

// markSent remembers that a trace id (or one more continuation of it) has
// been used, evicting the oldest id when the memory is full.
func (a *assembler) markSent(pt *pendingTrace) {
	if _, ok := a.sent[pt.id]; !ok {
		if old := a.sentRing[a.sentNext]; old.IsValid() {
			delete(a.sent, old)
		}
		a.sentRing[a.sentNext] = pt.id
		a.sentNext = (a.sentNext + 1) % len(a.sentRing)
	}
	a.sent[pt.id] = pt.continuation
}

// expire seals traces whose grace or maximum age has passed and closes a
// batch that has waited BatchDelay.
func (a *assembler) expire(now time.Time) {
	for len(a.grace) > 0 && !a.grace[0].at.After(now) {
		d := a.grace[0]
		a.grace = a.grace[1:]
		if pt := a.pending[d.id]; pt != nil && pt.seq == d.seq {
			a.seal(pt)
		}
	}
	for len(a.ages) > 0 && !a.ages[0].at.After(now) {
		d := a.ages[0]
		a.ages = a.ages[1:]
		if pt := a.pending[d.id]; pt != nil && pt.seq == d.seq {
			a.seal(pt)
		}
	}
	if a.cur != nil && !a.cur.opened.Add(a.e.cfg.BatchDelay).After(now) {
		a.closeBatch()
	}
}

// arm sets the timer to the earliest deadline.
func (a *assembler) arm() {
	var at time.Time
	if len(a.grace) > 0 {
		at = a.grace[0].at
	}
	if len(a.ages) > 0 && (at.IsZero() || a.ages[0].at.Before(at)) {
		at = a.ages[0].at
	}
	if a.cur != nil {
		if b := a.cur.opened.Add(a.e.cfg.BatchDelay); at.IsZero() || b.Before(at) {
			at = b
		}
	}
	if at.IsZero() || at.Equal(a.armedAt) {
		return
	}
	a.armedAt = at
	a.timer.Stop()
	a.timer.Reset(max(at.Sub(a.e.clock.Now()), 0))
}

// flush seals every pending trace and closes the current batch.
func (a *assembler) flush() {
	for _, pt := range a.pending {
		a.seal(pt)
	}
	a.grace = a.grace[:0]
	a.ages = a.ages[:0]
	a.closeBatch()
}

// seal encodes a complete trace into the current batch.
func (a *assembler) seal(pt *pendingTrace) {
	e := a.e
	delete(a.pending, pt.id)
	a.markSent(pt)
	if len(pt.spans) == 0 {
		e.release(pt.accounted)
		return
	}

	h := a.header(pt)
	if a.cur == nil {
		a.openBatch()
	}
	b := a.cur
	oldCap := cap(b.body)
	start := len(b.body)
	if len(b.traces) > 0 {
		b.body = append(b.body, ',')
	}
	traceStart := len(b.body)
	b.body = a.enc.AppendTraceHead(b.body, &h)
	a.appendSpans(b, pt)
	b.body = wire.AppendTraceTail(b.body)

	// Keep the request within BatchMaxBytes: if this trace overflowed a
	// batch that already had traces, move it to a batch of its own.
	if len(b.traces) > 0 && len(b.body)+batchTailMax > e.cfg.BatchMaxBytes {
		tr := append([]byte(nil), b.body[traceStart:]...)
		b.body = b.body[:start]
		a.closeBatch()
		a.openBatch()
		b = a.cur
		oldCap = cap(b.body)
		traceStart = len(b.body)
		b.body = append(b.body, tr...)
	}
	b.traces = append(b.traces, traceRange{start: traceStart, end: len(b.body), spans: len(pt.spans)})
	b.spans += len(pt.spans)
	grown := int64(cap(b.body) - oldCap)
	b.held += grown
	e.stats.buffered.Add(grown) // the trace is already counted; never drop a sealed trace here
	e.release(pt.accounted)
	pt.buf, pt.spans = nil, nil

	if len(b.traces) >= e.cfg.BatchSize || len(b.body)+batchTailMax >= e.cfg.BatchMaxBytes || e.cfg.BatchDelay <= 0 {
		a.closeBatch()
	}
}

// batchTailMax bounds the bytes AppendBatchTail adds.
const batchTailMax = 64

func (a *assembler) openBatch() {
	var body []byte
	select {
	case body = <-a.e.free:
		body = body[:0]
	default:
		body = make([]byte, 0, min(a.e.cfg.BatchMaxBytes, 256<<10))
	}
	a.e.stats.buffered.Add(int64(cap(body)))
	a.cur = &batch{body: wire.AppendBatchHead(body), opened: a.e.clock.Now(), held: int64(cap(body))}
}

// closeBatch finishes the current batch and queues it for the sender.
func (a *assembler) closeBatch() {
	b := a.cur
	if b == nil {
		return
	}
	a.cur = nil
	if len(b.traces) == 0 {
		a.e.release(b.held)
		a.e.recycle(b.body)
		return
	}
	old := cap(b.body)
	b.body = wire.AppendBatchTail(b.body, a.e.clock.Now())
	if d := int64(cap(b.body) - old); d > 0 {
		b.held += d
		a.e.stats.buffered.Add(d)
	}
	a.ready = append(a.ready, outItem{b: b})
}

// header computes the trace fields from its spans.
func (a *assembler) header(pt *pendingTrace) wire.TraceHeader {
	h := wire.TraceHeader{TraceUUID: pt.uuid, OTelTraceID: pt.id, SpanCount: len(pt.spans)}
	if pt.continuation > 0 {
		orig := wire.TraceUUID(pt.id)
		h.ContinuationOf = &orig
	}
	root := -1
	earliest := 0
	for i := range pt.spans {
		in := &pt.spans[i].info
		if in.Status.Failed() {
			h.ErrorCount++
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
	named := root
	if named < 0 {
		named = earliest
		if h.ErrorCount > 0 {
			h.Status = wire.StatusError
		}
	} else {
		h.Status = pt.spans[root].info.Status
		h.StatusMessage = pt.spans[root].info.StatusMessage
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

// appendSpans copies a trace's span fragments into the batch, completing
// each with its parent: the parent's UUID when the parent is in this
// payload, null otherwise (a payload is always a self-contained tree).
func (a *assembler) appendSpans(b *batch, pt *pendingTrace) {
	spans := pt.spans
	var present map[trace.SpanID]struct{}
	if len(spans) > 16 {
		if a.present == nil {
			a.present = make(map[trace.SpanID]struct{}, len(spans))
		}
		clear(a.present)
		present = a.present
		for i := range spans {
			present[spans[i].info.SpanID] = struct{}{}
		}
	}
	start := 0
	for i := range spans {
		if i > 0 {
			b.body = append(b.body, ',')
		}
		rec := &spans[i]
		b.body = append(b.body, pt.buf[start:rec.end]...)
		start = rec.end
		var parent *wire.UUID
		if rec.info.HasLocalParent && hasSpan(spans, present, rec.info.ParentID) {
			u := wire.SpanUUID(pt.id, rec.info.ParentID)
			parent = &u
		}
		b.body = wire.AppendParent(b.body, parent)
	}
}

func hasSpan(spans []spanRec, present map[trace.SpanID]struct{}, id trace.SpanID) bool {
	if present != nil {
		_, ok := present[id]
		return ok
	}
	for i := range spans {
		if spans[i].info.SpanID == id {
			return true
		}
	}
	return false
}
