package exporter

import (
	"sync"
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

// deadline is an entry of a FIFO of deadlines. Grace and age deadlines are
// each added in time order, so a FIFO is enough: no heap needed.
type deadline struct {
	at  time.Time
	id  trace.TraceID
	seq uint64
}

// outItem goes from the assembler to the sender: a chunk of sealed traces
// or a flush/shutdown/barrier marker.
type outItem struct {
	c   *chunk
	ctl *control
}

// assembler owns pending traces; only its goroutine touches them.
type assembler struct {
	e     *Exporter
	enc   wire.Encoder
	queue chan item

	pending map[trace.TraceID]*pendingTrace
	nextSeq uint64
	grace   []deadline
	ages    []deadline

	sent     map[trace.TraceID]uint32 // continuations sent so far per sent trace
	sentRing []trace.TraceID          // grows to sentMax, then is reused oldest first
	sentNext int
	sentMax  int

	ready []outItem // sealed traces and markers waiting for the sender

	timer   timer
	armedAt time.Time
	present map[trace.SpanID]int // scratch for large traces

	chunks chunker      // sealed traces not yet handed over
	emitFn func(*chunk) // a.emit, bound once
}

func newAssembler(e *Exporter, sentMemory, queueSize int) *assembler {
	a := &assembler{
		e:       e,
		queue:   make(chan item, queueSize),
		enc:     e.newEncoder(),
		pending: make(map[trace.TraceID]*pendingTrace),
		chunks:  chunker{e: e, d: deflater{level: e.cfg.CompressionLevel}},
		sent:    make(map[trace.TraceID]uint32),
		sentMax: sentMemory,
	}
	a.emitFn = a.emit
	return a
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
		case it := <-a.queue:
			switch {
			case it.ctl == nil:
				a.add(it.span, it.est)
			case it.ctl.pause:
				if it.ctl.last() {
					close(it.ctl.done)
				}
				<-it.ctl.resume
			case it.ctl.barrier:
				a.closeChunk()
				a.ready = append(a.ready, outItem{ctl: it.ctl})
			default: // flush or shutdown
				a.flush()
				a.closeChunk()
				a.ready = append(a.ready, outItem{ctl: it.ctl})
				if it.ctl.stop {
					a.handOffAll()
					return
				}
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
		if p := e.mem.level(); p > pressureNone {
			a.relieve(p)
		} else if a.chunks.open != nil && a.chunkOver() {
			a.closeChunk()
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
		e.stats.tracesDropped[DropShutdown].Add(1)
		e.drop(DropShutdown, int64(len(pt.spans)), nil)
		e.releaseTrace(pt)
		delete(a.pending, id)
	}
	a.closeChunk()
	for _, it := range a.ready {
		if it.c != nil {
			e.stats.tracesDropped[DropShutdown].Add(int64(len(it.c.traces)))
			e.drop(DropShutdown, int64(it.c.spans), nil)
			e.releaseChunk(it.c)
		}
	}
	a.ready = nil
	for {
		select {
		case it := <-a.queue:
			if it.span != nil {
				e.mem.release(it.est)
				e.drop(DropShutdown, 1, nil)
			}
		default:
			return
		}
	}
}

// estimateSize estimates, erring high, the memory a span takes until it is
// sent: queued as a span, then encoded. Content keys count twice, as the
// encoding repeats them under their Noveum key, and strings get room for
// escapes.
func estimateSize(s sdktrace.ReadOnlySpan) int64 {
	// The base covers the span object and its fixed fields, and what its
	// trace keeps for the seal should the span start one (most spans end
	// before their trace's others, so any may).
	n := int64(1536 + sealPerTrace + sealPerSpan + len(s.Name()))
	n += attrsSize(s.Attributes())
	for _, ev := range s.Events() {
		n += 128 + int64(len(ev.Name)) + attrsSize(ev.Attributes)
	}
	for _, l := range s.Links() {
		n += 160 + attrsSize(l.Attributes)
	}
	return n
}

func attrsSize(kvs []attribute.KeyValue) int64 {
	n := int64(len(kvs)) * int64(unsafe.Sizeof(attribute.KeyValue{})+8)
	for _, kv := range kvs {
		n += int64(len(kv.Key))
		switch kv.Value.Type() {
		case attribute.STRING:
			l := int64(len(kv.Value.AsString()))
			l += l / 8
			if wire.Repeated(kv.Key) {
				l *= 2
			}
			n += l
		default:
			n += valueSize(kv.Value, 0)
		}
	}
	return n
}

// valueSize estimates, erring high, the memory and encoding of a slice or
// map value. Reading one copies its elements (the attribute API has no
// other way), which costs an allocation on the caller's goroutine; a guess
// would let a span of ten 10 MiB slices pass for ten small ones. Nesting
// deeper than the encoder writes (MaxValueDepth) is not measured.
func valueSize(v attribute.Value, depth int) int64 {
	switch v.Type() {
	case attribute.STRING:
		l := int64(len(v.AsString()))
		return 2*l + 16 // in memory, and escaped in the encoding
	case attribute.STRINGSLICE:
		ss := v.AsStringSlice()
		n := int64(len(ss)) * 40
		for _, s := range ss {
			n += 2 * int64(len(s))
		}
		return n
	case attribute.BOOLSLICE:
		return int64(len(v.AsBoolSlice())) * 8
	case attribute.INT64SLICE:
		return int64(len(v.AsInt64Slice())) * 32
	case attribute.FLOAT64SLICE:
		return int64(len(v.AsFloat64Slice())) * 40
	case attribute.BYTESLICE:
		return 3 * int64(len(v.AsByteSlice())) // the bytes, and their base64
	case attribute.SLICE:
		if depth >= MaxValueDepth {
			return 64
		}
		vs := v.AsSlice()
		n := int64(len(vs)) * int64(unsafe.Sizeof(attribute.Value{}))
		for _, e := range vs {
			n += valueSize(e, depth+1)
		}
		return n
	case attribute.MAP:
		if depth >= MaxValueDepth {
			return 64
		}
		kvs := v.AsMap()
		n := int64(len(kvs)) * int64(unsafe.Sizeof(attribute.KeyValue{}))
		for _, kv := range kvs {
			n += 2*int64(len(kv.Key)) + valueSize(kv.Value, depth+1)
		}
		return n
	}
	return 16
}

const spanRecSize = int(unsafe.Sizeof(spanRec{}))

// held is the memory a pending trace's buffers take.
func (pt *pendingTrace) held() int64 {
	return int64(cap(pt.buf) + cap(pt.hb) + cap(pt.spans)*spanRecSize)
}

// What a span's admission keeps for its trace's seal: the head and the
// per-span tails.
const (
	sealPerTrace = 2 << 10
	sealPerSpan  = 64
	// zShare: a compressed copy takes at most 1/zShare of a span's
	// estimate (JSON compresses to well under a fifth).
	zShare = 5
)

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
	// The span was admitted against est, which errs high: make room for
	// it up front, so that encoding never doubles the buffer, then settle
	// the budget to what the trace really holds. An admitted span is never
	// dropped for memory.
	before := pt.held()
	prepaid := est
	room := int(est) - sealPerTrace - sealPerSpan // the estimate's share for the encoded span
	if free := cap(pt.buf) - len(pt.buf); free < room {
		want := len(pt.buf) + room
		// Room for the next spans too, as much again as the trace holds (the
		// buffer doubles), if the budget has it: growing by the span alone
		// would copy the trace for every span. A new trace's first buffer
		// is exactly the span's estimate: most traces are small, and the
		// budget counts capacity. The rounding up to a pool class comes out
		// of the room.
		exact := true
		if slack := int64(len(pt.buf)); slack > 0 && e.mem.grow(slack) {
			want += int(slack)
			prepaid += slack
			exact = false
		}
		nb := append(e.bufs.get(want, exact), pt.buf...)
		e.bufs.put(pt.buf)
		pt.buf = nb
	}
	truncBefore := a.enc.Truncated
	var info wire.SpanInfo
	pt.buf = a.enc.AppendSpan(pt.buf, s, pt.uuid, &info)
	pt.spans = append(pt.spans, spanRec{end: len(pt.buf), info: info})
	if d := a.enc.Truncated - truncBefore; d > 0 {
		e.stats.truncated.Add(d)
	}
	keep := int64(sealPerSpan) // kept for the seal
	if created {
		keep += sealPerTrace
	}
	pt.sealReserve += keep
	if e.gzip {
		z := est / zShare // kept for the compressed copy
		pt.zReserve += z
		keep += z
	}
	grown := pt.held() - before + keep
	e.mem.settle(prepaid, grown)
	pt.accounted += grown
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
		switch {
		case e.cfg.TraceGrace <= 0:
			a.seal(pt)
		case e.mem.level() >= pressureSeal:
			// Memory is short: no waiting for late spans (they would go
			// out as a continuation).
			e.stats.earlySeals.Add(1)
			a.seal(pt)
		default:
			a.grace = append(a.grace, deadline{at: e.clock.Now().Add(e.cfg.TraceGrace), id: id, seq: pt.seq})
		}
	}
}

// newTrace starts a pending trace: the original, or the next continuation
// when the trace was already sent.
func (a *assembler) newTrace(id trace.TraceID) *pendingTrace {
	a.nextSeq++
	pt := &pendingTrace{id: id, seq: a.nextSeq, uuid: a.e.ids.Trace(id)}
	if n, ok := a.sent[id]; ok {
		pt.continuation = n + 1
		pt.uuid = a.e.ids.Continuation(id, pt.continuation)
	}
	return pt
}

// markSent remembers that a trace id (or one more continuation of it) has
// been used, evicting the oldest id when the memory is full.
func (a *assembler) markSent(pt *pendingTrace) {
	if _, ok := a.sent[pt.id]; !ok {
		// The ring grows as ids arrive instead of being allocated whole:
		// its full size (2 MiB by default) would be zeroed at New and cost
		// a short-lived or lightly loaded program more than its traces.
		if len(a.sentRing) < a.sentMax {
			a.sentRing = append(a.sentRing, pt.id)
		} else {
			if old := a.sentRing[a.sentNext]; old.IsValid() {
				delete(a.sent, old)
			}
			a.sentRing[a.sentNext] = pt.id
			a.sentNext = (a.sentNext + 1) % len(a.sentRing)
		}
	}
	a.sent[pt.id] = pt.continuation
}

// relieve gives up holding data voluntarily when memory is short, before
// anything is dropped: with pressureSeal it seals the complete traces
// waiting out their grace period and hands over the open chunk at once;
// with pressurePartial it also seals the traces whose root has not ended,
// oldest first, whose later spans then go out as continuations.
//
// Handing data over helps only while the sender takes it: when it has not
// taken the last chunk (the endpoint is stalled or failing), relieve
// neither closes more chunks nor seals open traces, which would cost
// memory (more chunks, continuation traces) and free none.
func (a *assembler) relieve(p pressure) {
	e := a.e
	for _, d := range a.grace {
		if pt := a.pending[d.id]; pt != nil && pt.seq == d.seq {
			e.stats.earlySeals.Add(1)
			a.seal(pt)
		}
	}
	a.grace = a.grace[:0]
	if len(a.ready) > 0 {
		return // the sender is behind: more would not go out sooner
	}
	if p >= pressurePartial {
		for len(a.ages) > 0 && e.mem.level() >= pressurePartial {
			d := a.ages[0]
			a.ages = a.ages[1:]
			if pt := a.pending[d.id]; pt != nil && pt.seq == d.seq {
				e.stats.partialSeals.Add(1)
				a.seal(pt)
			}
		}
	}
	a.closeChunk()
}

// expire seals traces whose grace or maximum age has passed. Traces whose
// grace ends within graceSlack of now are sealed with them, so that the
// timer wakes the shard a few times a second, not once a trace.
func (a *assembler) expire(now time.Time) {
	soon := now.Add(a.graceSlack())
	for len(a.grace) > 0 && !a.grace[0].at.After(soon) {
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
}

// graceSlack is how much earlier than its grace a trace may be sealed
// together with one whose grace has ended: a tenth of the grace, at most
// graceSlackMax.
func (a *assembler) graceSlack() time.Duration {
	return min(a.e.cfg.TraceGrace/10, graceSlackMax)
}

const graceSlackMax = 50 * time.Millisecond

// chunkLinger is how long the open chunk waits for more sealed traces
// before an idle shard hands it over: with gzip, every chunk ends in a
// flush that costs CPU and bytes, and every chunk wakes the sender, so one
// chunk a trace would cost a lightly loaded application more than the
// traces. The sender counts the batch delay from when a chunk opened, so
// lingering does not lengthen it. Without a batch delay chunks do not
// linger.
func (a *assembler) chunkLinger() time.Duration {
	return min(a.e.cfg.BatchDelay/4, chunkLingerMax)
}

const chunkLingerMax = 100 * time.Millisecond

// chunkOver reports whether the open chunk is to be handed over now: once
// it has lingered, or, without lingering, whenever the shard is idle.
func (a *assembler) chunkOver() bool {
	if a.chunkLinger() <= 0 {
		return len(a.queue) == 0
	}
	return !a.chunkDue().After(a.e.clock.Now())
}

// chunkDue is when the open chunk is to be handed over.
func (a *assembler) chunkDue() time.Time {
	return a.chunks.open.opened.Add(a.chunkLinger())
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
	if a.chunks.open != nil && a.chunkLinger() > 0 {
		if due := a.chunkDue(); at.IsZero() || due.Before(at) {
			at = due
		}
	}
	if at.IsZero() || at.Equal(a.armedAt) {
		return
	}
	a.armedAt = at
	a.timer.Stop()
	a.timer.Reset(max(at.Sub(a.e.clock.Now()), 0))
}

// flush seals every pending trace.
func (a *assembler) flush() {
	for _, pt := range a.pending {
		a.seal(pt)
	}
	a.grace = a.grace[:0]
	a.ages = a.ages[:0]
}

// seal completes a trace object in its own buffer and queues it for the
// sender: the head after the span fragments, and after each fragment its
// tail: the parent (the parent's UUID when the parent is in this payload,
// null otherwise, so a payload is always a self-contained tree) and the
// separator or closing that follows.
func (a *assembler) seal(pt *pendingTrace) {
	e := a.e
	delete(a.pending, pt.id)
	a.markSent(pt)

	before := pt.held()
	pt.hb = a.e.bufs.get(sealPerTrace+sealPerSpan*len(pt.spans), true)
	finish(&a.enc, pt, &a.present)
	// Pay for hb from what the spans kept for it. A sealed trace is never
	// dropped for memory: it is already on its way out.
	grown := pt.held() - before
	e.mem.settle(pt.sealReserve, grown)
	pt.accounted += grown - pt.sealReserve
	pt.sealReserve = 0
	a.chunks.add(pt, a.emitFn)
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

// newEncoder returns an encoder with the exporter's settings.
func (e *Exporter) newEncoder() wire.Encoder {
	return wire.Encoder{
		Project:        e.cfg.Project,
		Environment:    e.cfg.Environment,
		SDKVersion:     Version,
		ServiceVersion: e.cfg.ServiceVersion,
		MaxValueBytes:  e.cfg.MaxAttributeBytes,
		IDs:            e.ids,
	}
}

// emit queues a closed chunk for the sender.
func (a *assembler) emit(c *chunk) {
	a.e.chunksEmitted.Add(1)
	a.ready = append(a.ready, outItem{c: c})
}

// closeChunk hands the open chunk over, if there is one.
func (a *assembler) closeChunk() {
	if c := a.chunks.close(); c != nil {
		a.emit(c)
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

// bufferPool keeps trace buffers for reuse, so that steady traffic does not
// allocate a buffer per trace. Buffers are kept by size class (powers of
// two), so a buffer fits the next request of its class. What the pool keeps
// is outside the memory budget and bounded by maxBytes.
type bufferPool struct {
	mu       sync.Mutex
	classes  [numClasses][][]byte
	bytes    int
	maxBytes int
}

const (
	minClassBits = 10 // 1 KiB
	numClasses   = 9  // up to 256 KiB
)

func newBufferPool(maxBytes int) *bufferPool {
	return &bufferPool{maxBytes: maxBytes}
}

// poolBytes is how much the buffer pool may keep, outside the budget.
func poolBytes(budget int64) int {
	return int(min(budget/16, 8<<20))
}

// classOf returns the smallest class whose buffers hold n bytes, or -1.
func classOf(n int) int {
	for c := 0; c < numClasses; c++ {
		if n <= 1<<(minClassBits+c) {
			return c
		}
	}
	return -1
}

// get returns an empty buffer with room for at least n bytes: a pooled one
// of n's class, or a new one rounded up to the class size. With exact set
// it returns a new buffer of exactly n bytes instead, for a caller whose
// budget has no room for the rounding.
func (p *bufferPool) get(n int, exact bool) []byte {
	c := classOf(n)
	if exact || c < 0 {
		return make([]byte, 0, n)
	}
	p.mu.Lock()
	if k := len(p.classes[c]); k > 0 {
		b := p.classes[c][k-1]
		p.classes[c][k-1] = nil
		p.classes[c] = p.classes[c][:k-1]
		p.bytes -= cap(b)
		p.mu.Unlock()
		return b[:0]
	}
	p.mu.Unlock()
	return make([]byte, 0, 1<<(minClassBits+c))
}

// put offers a buffer back; it reports whether the pool kept it. Only
// buffers of exactly a class size are kept.
func (p *bufferPool) put(b []byte) bool {
	c := classOf(cap(b))
	if c < 0 || cap(b) != 1<<(minClassBits+c) {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bytes+cap(b) > p.maxBytes {
		return false
	}
	p.classes[c] = append(p.classes[c], b)
	p.bytes += cap(b)
	return true
}
