package exporter

import (
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// defaultSentMemory is how many sent trace ids the exporter remembers, to
// send late spans of those traces as continuations instead of reusing an id
// the service would silently ignore.
const defaultSentMemory = 1 << 17

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
	if created {
		keep += traceOverhead // the trace itself, held until it is released
	}
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
