package exporter

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math/bits"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/cenkalti/backoff/v4"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
	"github.com/Noveum/noveum-trace-go/internal/plural"
)

// userAgent is sent on every request; the service has answered 403 to
// clients without an explicit one.
const userAgent = "noveum-trace-go/" + Version

// outcome is how one request's delivery ended.
type outcome int

const (
	delivered outcome = iota
	tooLarge
	refused // 400: the service found something in the request invalid
	permanent
	exhausted
	cancelled
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

func newCourier(e *Exporter) *courier {
	return &courier{e: e, enc: e.newEncoder(), d: deflater{level: e.cfg.CompressionLevel}}
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

// releaseTrace returns a trace's memory: to the budget and, when it fits,
// its buffer to the pool.
func (e *Exporter) releaseTrace(t *pendingTrace) {
	e.mem.release(t.accounted)
	t.accounted = 0
	e.bufs.put(t.buf)
	e.bufs.put(t.hb)
	t.buf, t.hb, t.spans = nil, nil, nil
}

// post sends one request, retrying within the retry budget.
func (s *courier) post(b *batch) (outcome, error) {
	e := s.e
	encoding := ""
	var crc uint32
	var raw int
	if e.gzip {
		encoding = "gzip"
		crc, raw = s.checksum(b)
	}

	bo := backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(500*time.Millisecond),
		backoff.WithMaxInterval(30*time.Second),
		backoff.WithMultiplier(2),
		backoff.WithRandomizationFactor(0.5),
		backoff.WithMaxElapsedTime(0), // the budget is checked below, with Retry-After included
		backoff.WithClockProvider(clockAdapter{e.clock}),
	)
	start := e.clock.Now()
	var first error // the first failure, reported at once when a retry follows
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			e.stats.retries.Add(1)
		}
		body, size, uncompressed := s.body(b, crc, raw)
		if attempt == 0 {
			e.stats.bytesUncompressed.Add(int64(uncompressed))
		}
		s.since.Store(e.clock.Now().UnixNano())
		status, retryAfter, err := e.attempt(body, size, encoding, b)
		s.since.Store(0)
		if err != nil {
			e.lastFailure.Store(e.clock.Now().UnixNano())
		}
		if err == nil {
			if first != nil {
				e.onError(&RetryError{URL: e.shownURL, Attempts: attempt + 1, Traces: b.traces, Spans: b.spans, Delivered: true, Err: first})
			}
			return delivered, nil
		}
		if e.ctx.Err() != nil {
			return cancelled, err
		}
		switch {
		case status == http.StatusRequestEntityTooLarge:
			return tooLarge, err
		case status == http.StatusBadRequest:
			return refused, err
		case !retryable(status):
			return permanent, err
		}
		// Retry-After may lengthen the wait, never shorten it: "0" or a
		// date in the past must not turn retries into a flood.
		wait := max(bo.NextBackOff(), retryAfter)
		if e.clock.Now().Sub(start)+wait > e.cfg.RetryBudget {
			return exhausted, fmt.Errorf("gave up after %s: %w", plural.Count(attempt+1, "attempt"), err)
		}
		if first == nil {
			first = err
			e.onError(&RetryError{URL: e.shownURL, Attempts: 1, Traces: b.traces, Spans: b.spans, Budget: e.cfg.RetryBudget, Err: err})
		}
		if serr := e.clock.Sleep(e.ctx, wait); serr != nil {
			return cancelled, err
		}
	}
}

var comma = []byte{','}

// gzipHeader starts a gzip member: deflate, no flags, no time, unknown OS.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// checksum returns the CRC-32 and length of b's uncompressed body up to,
// not including, its tail (which holds the send time).
func (s *courier) checksum(b *batch) (uint32, int) {
	head := wire.AppendBatchHead(s.tail[:0])
	crc := crc32.Update(0, crc32.IEEETable, head)
	n := len(head)
	for i, c := range b.chunks {
		if i > 0 {
			crc = crc32.Update(crc, crc32.IEEETable, comma)
			n++
		}
		c.pieces(func(p []byte) {
			crc = crc32.Update(crc, crc32.IEEETable, p)
			n += len(p)
		})
	}
	return crc, n
}

// body returns a reader over b's request body, its length on the wire and
// uncompressed. The body is streamed from the traces' own buffers: without
// gzip their pieces, with gzip their deflate segments framed as one gzip
// member (crc and raw cover everything before the tail).
func (s *courier) body(b *batch, crc uint32, raw int) (*piecesReader, int, int) {
	s.tail = wire.AppendBatchTail(s.tail[:0], s.e.clock.Now())
	s.pieces = s.pieces[:0]
	add := func(p []byte) {
		if len(p) > 0 {
			s.pieces = append(s.pieces, p)
		}
	}
	if !s.e.gzip {
		add(wire.AppendBatchHead(nil))
		for i, c := range b.chunks {
			if i > 0 {
				add(comma)
			}
			c.pieces(add)
		}
		add(s.tail)
		r := &piecesReader{pieces: s.pieces}
		return r, r.size(), r.size()
	}
	add(gzipHeader)
	add(s.s.headZ)
	for i, c := range b.chunks {
		if i > 0 {
			add(s.s.commaZ)
		}
		add(c.z)
	}
	add(s.d.segment(s.tail, true))
	raw += len(s.tail)
	trailer := make([]byte, 8)
	binary.LittleEndian.PutUint32(trailer, crc32.Update(crc, crc32.IEEETable, s.tail))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(raw))
	add(trailer)
	r := &piecesReader{pieces: s.pieces}
	return r, r.size(), raw
}

// retryable reports whether a failed attempt may be repeated: connection
// errors and timeouts (status 0), 408, 429, and 5xx except 501 and 505,
// which no retry will fix.
func retryable(status int) bool {
	switch {
	case status == 0, status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		return true
	case status == http.StatusNotImplemented, status == http.StatusHTTPVersionNotSupported:
		return false
	}
	return status >= 500 && status <= 599
}

// attempt makes one request. It returns the status (0 when no response
// arrived), the Retry-After delay (-1 when absent) and an error unless the
// service accepted the body.
func (e *Exporter) attempt(body io.Reader, size int, encoding string, b *batch) (int, time.Duration, error) {
	return e.attemptCtx(e.ctx, body, size, encoding, b)
}

// attemptCtx is attempt within parent, which the Collector component's
// queue consumer passes (handoff.go).
func (e *Exporter) attemptCtx(parent context.Context, body io.Reader, size int, encoding string, b *batch) (int, time.Duration, error) {
	ctx, cancel := context.WithTimeout(parent, e.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, body)
	if err != nil {
		return 0, -1, fmt.Errorf("noveum exporter: building request: %w", err)
	}
	req.ContentLength = int64(size)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if encoding != "" {
		req.Header.Set("Content-Encoding", encoding)
	}
	if e.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+e.cfg.APIKey)
	}
	e.stats.requests.Add(1)
	e.stats.bytesSent.Add(int64(size))
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, -1, fmt.Errorf("noveum exporter: POST %s: %w", e.shownURL, e.scrub(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return resp.StatusCode, -1, nil
	}
	// Read enough past the excerpt's end that a key starting inside it is
	// read whole, and scrub before cutting: a key cut in two would
	// otherwise leave its first characters in the excerpt.
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, int64(bodyExcerpt+len(e.cfg.APIKey))))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	herr := &HTTPError{
		StatusCode: resp.StatusCode,
		Retryable:  retryable(resp.StatusCode),
		Body:       strings.TrimSpace(cutUTF8(e.scrubString(string(snippet)), bodyExcerpt)),
		Spans:      b.spans,
		Traces:     b.traces,
		URL:        e.shownURL,
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		if loc, err := resp.Location(); err == nil {
			herr.Location = e.scrubString(loc.Redacted())
		} else {
			herr.Location = e.scrubString(resp.Header.Get("Location"))
		}
	}
	return resp.StatusCode, parseRetryAfter(resp.Header.Get("Retry-After"), e.clock.Now()), herr
}

// parseRetryAfter reads delay-seconds or an HTTP-date; -1 when absent or
// malformed.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return -1
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return -1
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// bodyExcerpt is how much of an error response's body HTTPError keeps.
const bodyExcerpt = 512

// cutUTF8 cuts s to at most n bytes, at a rune boundary.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// scrub removes the API key from an error's text, should any layer have
// echoed it. The error is wrapped, not rebuilt, so errors.Is and errors.As
// still reach its causes.
func (e *Exporter) scrub(err error) error {
	if e.cfg.APIKey == "" || !strings.Contains(err.Error(), e.cfg.APIKey) {
		return err
	}
	return &scrubbedError{msg: e.scrubString(err.Error()), err: err}
}

// scrubbedError is an error whose text had the API key removed.
type scrubbedError struct {
	msg string
	err error
}

func (s *scrubbedError) Error() string { return s.msg }
func (s *scrubbedError) Unwrap() error { return s.err }

func (e *Exporter) scrubString(s string) string {
	if e.cfg.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, e.cfg.APIKey, "[REDACTED]")
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

// clockAdapter lets backoff read the exporter's clock.
type clockAdapter struct{ c clock }

func (a clockAdapter) Now() time.Time { return a.c.Now() }
