package exporter

// The sender composes requests; couriers deliver them (courier.go) over
// HTTP (post.go).

import (
	"sync"
	"time"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// batch is the chunks of one request.
type batch struct {
	chunks []*chunk
	traces int
	spans  int
	raw    int // uncompressed chunk bytes, separators between chunks excluded
}

// sender composes requests from chunks of sealed traces and hands each to
// an idle courier, which delivers it. Only the sender goroutine touches it.
type sender struct {
	e     *Exporter
	cur   batch
	timer timer

	// With gzip, chunks arrive compressed; the couriers frame them into one
	// gzip member, compressing only the few bytes around them.
	headZ  []byte // `{"traces":[` as a deflate segment
	commaZ []byte // `,` as a deflate segment

	// deferred holds markers met while taking waiting chunks, handled in
	// order once the chunk in hand is done.
	deferred []outItem

	idle chan *courier // couriers not delivering now
	busy sync.WaitGroup
}

func (e *Exporter) runSender() {
	s := &sender{e: e, timer: e.clock.NewTimer(time.Hour), idle: make(chan *courier, len(e.couriers))}
	s.timer.Stop()
	defer s.timer.Stop()
	defer s.busy.Wait() // no delivery outlives the sender
	if e.gzip {
		d := deflater{level: e.cfg.CompressionLevel}
		s.headZ = d.segment(wire.AppendBatchHead(nil), false)
		s.commaZ = d.segment(comma, false)
	}
	for _, c := range e.couriers {
		c.s = s
		s.idle <- c
	}
	for {
		var due <-chan time.Time
		if len(s.cur.chunks) > 0 {
			due = s.timer.C()
		}
		select {
		case it := <-e.toSender:
			if s.handle(it) {
				return
			}
		case <-due:
			s.sendCurrent()
		case <-e.ctx.Done():
			s.dropCurrent(DropShutdown, nil)
			return
		}
	}
}

// handle takes one item from the assemblers: a chunk, or a marker (flush,
// shutdown, barrier), which takes effect once every shard's copy has come.
// It reports whether the sender is to stop.
func (s *sender) handle(it outItem) (stop bool) {
	e := s.e
	if it.c != nil {
		s.add(it.c)
		for len(s.deferred) > 0 { // markers met while gathering chunks
			d := s.deferred[0]
			s.deferred = s.deferred[1:]
			if s.handle(d) {
				return true
			}
		}
		return false
	}
	if !it.ctl.last() {
		return false // other shards' markers are still on their way
	}
	if !it.ctl.barrier {
		s.sendCurrent()
		s.busy.Wait() // flushed means delivered (or dropped), not just sent
		e.reportPendingDrops()
	}
	close(it.ctl.done)
	return it.ctl.stop
}

// add puts a chunk in the current request and sends the request when it is
// full, when there is no batch delay, or when memory is short: then it
// first takes the chunks already waiting, without waiting for more, so that
// sending early does not mean a request per chunk.
func (s *sender) add(c *chunk) {
	if s.put(c) {
		return
	}
	if s.e.cfg.BatchDelay <= 0 {
		s.sendCurrent()
		return
	}
	if s.e.mem.level() >= pressureSeal {
		s.e.stats.earlySends.Add(1)
		s.takeWaiting()
		s.sendCurrent()
	}
}

// put adds a chunk to the current request, first sending the request if
// the chunk would overflow it, and sending it after if it is then full; it
// reports whether it sent the chunk's request.
func (s *sender) put(c *chunk) (sent bool) {
	cfg := s.e.cfg
	if len(s.cur.chunks) > 0 && (s.cur.raw+len(s.cur.chunks)+c.raw+batchFrameMax > cfg.BatchMaxBytes ||
		s.cur.traces+len(c.traces) > cfg.BatchSize) {
		s.sendCurrent()
	}
	if len(s.cur.chunks) == 0 {
		// The delay counts from when the chunk's data was first ready:
		// the time it lingered in its shard is part of it.
		wait := cfg.BatchDelay
		if !c.opened.IsZero() {
			wait = max(wait-s.e.clock.Now().Sub(c.opened), 0)
		}
		s.timer.Stop()
		s.timer.Reset(wait)
	}
	s.cur.add(c)
	if s.cur.traces >= cfg.BatchSize || s.cur.raw+len(s.cur.chunks)+batchFrameMax >= cfg.BatchMaxBytes {
		s.sendCurrent()
		return true
	}
	return false
}

// takeWaiting adds to the current request the chunks the assemblers have
// ready now, at most a request's worth: it stops when none is waiting, when
// a request filled up and went, or at a marker, which waits in s.deferred.
func (s *sender) takeWaiting() {
	for {
		select {
		case it := <-s.e.toSender:
			if it.c == nil {
				s.deferred = append(s.deferred, it)
				return
			}
			if s.put(it.c) {
				return
			}
		default:
			return
		}
	}
}

// batchFrameMax bounds the bytes a body adds around its traces.
const batchFrameMax = 64

// sendCurrent hands the current request to a courier, waiting for one to
// be idle when maxInFlight requests are in flight: then the sender stops
// taking chunks, the assemblers hold theirs, and memory pressure does the
// rest, as with one request in flight.
func (s *sender) sendCurrent() {
	s.timer.Stop()
	if len(s.cur.chunks) == 0 {
		return
	}
	b := s.cur
	s.cur = batch{}
	c := <-s.idle
	if s.e.sink != nil {
		// The Collector component's queue takes the batch at once and in
		// order (handoff.go): no request goes out here.
		c.deliver(b)
		s.e.releaseBatch(b)
		s.idle <- c
		return
	}
	s.busy.Add(1)
	go func() {
		defer s.busy.Done()
		c.deliver(b)
		s.e.releaseBatch(b)
		s.idle <- c
	}()
}

// releaseBatch returns the memory of a finished request's chunks.
func (e *Exporter) releaseBatch(b batch) {
	for _, c := range b.chunks {
		e.releaseChunk(c)
	}
}

func (s *sender) dropCurrent(reason DropReason, err error) {
	if len(s.cur.chunks) == 0 {
		return
	}
	settleTraces(s.e, nil, &s.cur, true, reason)
	s.e.drop(reason, int64(s.cur.spans), err)
	s.e.releaseBatch(s.cur)
	s.cur = batch{}
}

func newBatch(chunks []*chunk) batch {
	var b batch
	for _, c := range chunks {
		b.add(c)
	}
	return b
}

// add appends a chunk and counts what it carries.
func (b *batch) add(c *chunk) {
	b.chunks = append(b.chunks, c)
	b.traces += len(c.traces)
	b.spans += c.spans
	b.raw += c.raw
}

// reportPendingDrops reports drops not yet reported because of the
// once-per-interval limit, so that a flush leaves nothing unsaid.
func (e *Exporter) reportPendingDrops() {
	for r := DropReason(0); r < numDropReasons; r++ {
		total := e.stats.spansDropped[r].Load()
		if since := total - e.stats.lastReported[r].Swap(total); since > 0 {
			e.onError(&DropError{Reason: r, Spans: since, Total: total})
		}
	}
}
