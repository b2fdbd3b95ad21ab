package exporter

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v4"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// userAgent is sent on every request; the service has answered 403 to
// clients without an explicit one.
const userAgent = "noveum-trace-go/" + Version

// outcome is how one request's delivery ended.
type outcome int

const (
	delivered outcome = iota
	tooLarge
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

// sender composes requests from chunks of sealed traces and delivers them.
// Only the sender goroutine touches it.
type sender struct {
	e     *Exporter
	cur   batch
	timer timer

	pieces [][]byte // scratch: the body of the request being sent
	tail   []byte

	// With gzip, chunks arrive compressed; the sender frames them into one
	// gzip member, compressing only the few bytes around them.
	d      deflater
	headZ  []byte // `{"traces":[` as a deflate segment
	commaZ []byte // `,` as a deflate segment

	// For splitting a trace the service found too large.
	enc     wire.Encoder
	present map[trace.SpanID]int
}

func (e *Exporter) runSender() {
	s := &sender{e: e, timer: e.clock.NewTimer(time.Hour), enc: e.newEncoder(), d: deflater{level: e.cfg.CompressionLevel}}
	s.timer.Stop()
	defer s.timer.Stop()
	if e.gzip {
		s.headZ = s.d.segment(wire.AppendBatchHead(nil), false)
		s.commaZ = s.d.segment(comma, false)
	}
	for {
		var due <-chan time.Time
		if len(s.cur.chunks) > 0 {
			due = s.timer.C()
		}
		select {
		case it := <-e.toSender:
			if it.c != nil {
				s.add(it.c)
				continue
			}
			if !it.ctl.last() {
				continue // other shards' markers are still on their way
			}
			if !it.ctl.barrier {
				s.sendCurrent()
				e.reportPendingDrops()
			}
			close(it.ctl.done)
			if it.ctl.stop {
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

// add puts a chunk in the current request, first sending the request if
// the chunk would overflow it.
func (s *sender) add(c *chunk) {
	cfg := &s.e.cfg
	if len(s.cur.chunks) > 0 && (s.cur.raw+len(s.cur.chunks)+c.raw+batchFrameMax > cfg.BatchMaxBytes ||
		s.cur.traces+len(c.traces) > cfg.BatchSize) {
		s.sendCurrent()
	}
	if len(s.cur.chunks) == 0 {
		s.timer.Stop()
		s.timer.Reset(cfg.BatchDelay)
	}
	s.cur.add(c)
	if s.cur.traces >= cfg.BatchSize || s.cur.raw+len(s.cur.chunks)+batchFrameMax >= cfg.BatchMaxBytes || cfg.BatchDelay <= 0 {
		s.sendCurrent()
	}
}

// batchFrameMax bounds the bytes a body adds around its traces.
const batchFrameMax = 64

func (s *sender) sendCurrent() {
	s.timer.Stop()
	if len(s.cur.chunks) == 0 {
		return
	}
	b := s.cur
	s.cur = batch{}
	s.deliver(b)
	for _, c := range b.chunks {
		s.e.releaseChunk(c)
	}
	clear(b.chunks)
	s.cur.chunks = b.chunks[:0]
}

func (s *sender) dropCurrent(reason DropReason, err error) {
	if len(s.cur.chunks) == 0 {
		return
	}
	s.e.dropBatch(&s.cur, reason, err)
	for _, c := range s.cur.chunks {
		s.e.releaseChunk(c)
	}
	s.cur = batch{}
}

// deliver sends a batch, splitting it on 413, and accounts for every span in
// it: sent or dropped with a reason.
func (s *sender) deliver(b batch) {
	e := s.e
	type job struct{ b batch }
	work := []job{{b}}
	for len(work) > 0 {
		j := work[len(work)-1]
		work = work[:len(work)-1]
		res, err := s.post(&j.b)
		switch res {
		case delivered:
			e.stats.spansSent.Add(int64(j.b.spans))
			e.stats.tracesSent.Add(int64(j.b.traces))
		case tooLarge:
			if lo, hi, ok := s.split(j.b); ok {
				work = append(work, job{b: hi}, job{b: lo}) // the first half goes first
				continue
			}
			e.dropBatch(&j.b, DropTooLarge, err)
		case permanent:
			e.dropBatch(&j.b, DropPermanentError, err)
		case exhausted:
			e.dropBatch(&j.b, DropRetriesExhausted, err)
		case cancelled:
			e.dropBatch(&j.b, DropShutdown, err)
		}
	}
}

// split halves a batch the service found too large: by chunks, by the
// traces of its one chunk, or by the spans of its one trace; new chunks
// are compressed anew. Only a single span cannot be split. The halves are
// short-lived and outside the budget; the original chunks are released
// with the batch.
func (s *sender) split(b batch) (lo, hi batch, ok bool) {
	if len(b.chunks) > 1 {
		mid := len(b.chunks) / 2
		return newBatch(b.chunks[:mid]), newBatch(b.chunks[mid:]), true
	}
	traces := b.chunks[0].traces
	if len(traces) >= 2 {
		mid := len(traces) / 2
		return newBatch([]*chunk{s.rechunk(traces[:mid])}), newBatch([]*chunk{s.rechunk(traces[mid:])}), true
	}
	t := traces[0]
	if len(t.spans) < 2 {
		return batch{}, batch{}, false // one span too large for the service
	}
	first, second := s.splitTrace(t)
	return newBatch([]*chunk{s.rechunk([]*pendingTrace{first})}), newBatch([]*chunk{s.rechunk([]*pendingTrace{second})}), true
}

// splitTrace cuts a trace too large for one request in two parts: the
// first keeps the trace's id, the second goes out as a continuation of it,
// with an id of its own (continuation numbers from 2^31 up, which the
// shards never use), so no trace_id is sent twice.
func (s *sender) splitTrace(t *pendingTrace) (first, second *pendingTrace) {
	mid := len(t.spans) / 2
	first = s.part(t, 0, mid, t.uuid, t.continuation)
	n := 1<<31 | s.e.splits.Add(1)
	second = s.part(t, mid, len(t.spans), s.e.ids.Continuation(t.id, n), n)
	s.e.stats.continuations.Add(1)
	return first, second
}

// part builds a sealed trace of spans [lo, hi) of t, with its own head.
func (s *sender) part(t *pendingTrace, lo, hi int, uuid wire.UUID, continuation uint32) *pendingTrace {
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
func (s *sender) rechunk(traces []*pendingTrace) *chunk {
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

func (e *Exporter) dropBatch(b *batch, reason DropReason, err error) {
	e.stats.tracesDropped[reason].Add(int64(b.traces))
	e.drop(reason, int64(b.spans), err)
}

// releaseTrace returns a trace's memory: to the budget and, when it fits,
// its buffer to the pool.
func (e *Exporter) releaseTrace(t *pendingTrace) {
	e.release(t.accounted)
	t.accounted = 0
	e.bufs.put(t.buf)
	e.bufs.put(t.hb)
	t.buf, t.hb, t.spans = nil, nil, nil
}

// post sends one request, retrying within the retry budget.
func (s *sender) post(b *batch) (outcome, error) {
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
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			e.stats.retries.Add(1)
		}
		body, size, uncompressed := s.body(b, crc, raw)
		if attempt == 0 {
			e.stats.bytesUncompressed.Add(int64(uncompressed))
		}
		status, retryAfter, err := e.attempt(body, size, encoding, b)
		if err == nil {
			return delivered, nil
		}
		if e.ctx.Err() != nil {
			return cancelled, err
		}
		if status == http.StatusRequestEntityTooLarge {
			return tooLarge, err
		}
		if !retryable(status) {
			return permanent, err
		}
		wait := bo.NextBackOff()
		if retryAfter >= 0 {
			wait = retryAfter
		}
		if e.clock.Now().Sub(start)+wait > e.cfg.RetryBudget {
			return exhausted, fmt.Errorf("gave up after %d attempts: %w", attempt+1, err)
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
func (s *sender) checksum(b *batch) (uint32, int) {
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
func (s *sender) body(b *batch, crc uint32, raw int) (*piecesReader, int, int) {
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
	add(s.headZ)
	for i, c := range b.chunks {
		if i > 0 {
			add(s.commaZ)
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
	ctx, cancel := context.WithTimeout(e.ctx, e.cfg.Timeout)
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
		return 0, -1, fmt.Errorf("noveum exporter: POST %s: %w", e.url, e.scrub(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return resp.StatusCode, -1, nil
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	herr := &HTTPError{
		StatusCode: resp.StatusCode,
		Retryable:  retryable(resp.StatusCode),
		Body:       e.scrubString(strings.TrimSpace(string(snippet))),
		Spans:      b.spans,
		Traces:     b.traces,
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

// scrub removes the API key from an error's text, should any layer have
// echoed it.
func (e *Exporter) scrub(err error) error {
	if e.cfg.APIKey == "" || !strings.Contains(err.Error(), e.cfg.APIKey) {
		return err
	}
	return errors.New(e.scrubString(err.Error()))
}

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
