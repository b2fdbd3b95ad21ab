package exporter

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v4"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// userAgent is sent on every request; the service has answered 403 to
// clients without an explicit one.
const userAgent = "noveum-trace-go/" + Version

// gzipLevel trades compression for speed; see docs/performance.md.
const gzipLevel = gzip.BestSpeed

// outcome is how one request's delivery ended.
type outcome int

const (
	delivered outcome = iota
	tooLarge
	permanent
	exhausted
	cancelled
)

// batch is the traces of one request.
type batch struct {
	traces []*pendingTrace
	spans  int
	bytes  int // uncompressed trace bytes, separators excluded
}

// sender composes requests from sealed traces and delivers them. Only the
// sender goroutine touches it.
type sender struct {
	e     *Exporter
	cur   batch
	timer timer

	// With gzip, the current batch is compressed as its traces arrive, so
	// compression overlaps the assembler's encoding.
	gz   *gzip.Writer
	zbuf *bytes.Buffer
	zcap int64 // capacity of zbuf counted in the memory budget

	raw    int      // uncompressed bytes written to gz for the current batch
	pieces [][]byte // scratch for uncompressed bodies
	head   []byte
}

// gzWrite compresses p into the current body; writes to a bytes.Buffer
// cannot fail.
func (s *sender) gzWrite(p []byte) {
	_, _ = s.gz.Write(p)
	s.raw += len(p)
}

func (e *Exporter) runSender() {
	s := &sender{e: e, timer: e.clock.NewTimer(time.Hour)}
	s.timer.Stop()
	defer s.timer.Stop()
	if e.cfg.Compression == "gzip" {
		s.zbuf = new(bytes.Buffer)
		s.gz, _ = gzip.NewWriterLevel(s.zbuf, gzipLevel)
	}
	defer func() { e.release(s.zcap) }()
	for {
		var due <-chan time.Time
		if len(s.cur.traces) > 0 {
			due = s.timer.C()
		}
		select {
		case it := <-e.toSender:
			if it.t != nil {
				s.add(it.t)
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

// add puts a sealed trace in the current request, first sending the
// request if the trace would overflow it.
func (s *sender) add(t *pendingTrace) {
	cfg := &s.e.cfg
	if len(s.cur.traces) > 0 && s.cur.bytes+len(s.cur.traces)+t.size()+batchFrameMax > cfg.BatchMaxBytes {
		s.sendCurrent()
	}
	if len(s.cur.traces) == 0 {
		s.timer.Stop()
		s.timer.Reset(cfg.BatchDelay)
		if s.gz != nil {
			s.zbuf.Reset()
			s.gz.Reset(s.zbuf)
			s.raw = 0
			s.gzWrite(wire.AppendBatchHead(s.head[:0]))
		}
	} else if s.gz != nil {
		s.gzWrite(comma)
	}
	s.cur.traces = append(s.cur.traces, t)
	s.cur.spans += len(t.spans)
	s.cur.bytes += t.size()
	if s.gz != nil {
		t.pieces(s.gzWrite)
	}
	if len(s.cur.traces) >= cfg.BatchSize || s.cur.bytes+len(s.cur.traces)+batchFrameMax >= cfg.BatchMaxBytes {
		s.sendCurrent()
	}
}

// batchFrameMax bounds the bytes a body adds around its traces.
const batchFrameMax = 64

func (s *sender) sendCurrent() {
	s.timer.Stop()
	if len(s.cur.traces) == 0 {
		return
	}
	b := s.cur
	s.cur = batch{}
	var payload []byte
	if s.gz != nil {
		s.gzWrite(wire.AppendBatchTail(s.head[:0], s.e.clock.Now()))
		_ = s.gz.Close()
		payload = s.zbuf.Bytes()
		s.account()
	}
	s.deliver(b, payload, s.raw)
	for _, t := range b.traces {
		s.e.releaseTrace(t)
	}
	clear(b.traces)
	s.cur.traces = b.traces[:0]
}

func (s *sender) dropCurrent(reason DropReason, err error) {
	if len(s.cur.traces) == 0 {
		return
	}
	s.e.dropBatch(&s.cur, reason, err)
	for _, t := range s.cur.traces {
		s.e.releaseTrace(t)
	}
	s.cur = batch{}
}

// account keeps the compressed buffer's capacity in the memory budget.
func (s *sender) account() {
	if c := int64(s.zbuf.Cap()); c > s.zcap {
		s.e.stats.buffered.Add(c - s.zcap)
		s.zcap = c
	}
}

// deliver sends a batch, splitting it on 413, and accounts for every span in
// it: sent or dropped with a reason. payload is the compressed body when the
// batch was compressed as it was built.
func (s *sender) deliver(b batch, payload []byte, raw int) {
	e := s.e
	type job struct {
		b       batch
		payload []byte
		raw     int
	}
	work := []job{{b, payload, raw}}
	for len(work) > 0 {
		j := work[len(work)-1]
		work = work[:len(work)-1]
		res, err := s.post(&j.b, j.payload, j.raw)
		switch res {
		case delivered:
			e.stats.spansSent.Add(int64(j.b.spans))
			e.stats.tracesSent.Add(int64(len(j.b.traces)))
		case tooLarge:
			if len(j.b.traces) > 1 {
				mid := len(j.b.traces) / 2
				work = append(work, job{b: subBatch(j.b.traces[mid:])}, job{b: subBatch(j.b.traces[:mid])}) // the first half goes first
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

func subBatch(traces []*pendingTrace) batch {
	b := batch{traces: traces}
	for _, t := range traces {
		b.spans += len(t.spans)
		b.bytes += t.size()
	}
	return b
}

func (e *Exporter) dropBatch(b *batch, reason DropReason, err error) {
	e.stats.tracesDropped[reason].Add(int64(len(b.traces)))
	e.drop(reason, int64(b.spans), err)
}

// releaseTrace returns a trace's memory: to the budget and, when it fits,
// its buffer to the pool.
func (e *Exporter) releaseTrace(t *pendingTrace) {
	e.release(t.accounted)
	t.accounted = 0
	e.bufs.put(t.buf)
	t.buf, t.spans = nil, nil
}

// post sends one request, retrying within the retry budget. payload is the
// compressed body (raw bytes before compression), or nil: then the body is
// streamed from the traces.
func (s *sender) post(b *batch, payload []byte, raw int) (outcome, error) {
	e := s.e
	encoding := ""
	if s.gz != nil {
		encoding = "gzip"
		if payload == nil { // a half of a split batch
			s.zbuf.Reset()
			s.gz.Reset(s.zbuf)
			s.raw = 0
			s.body(b, s.gzWrite)
			_ = s.gz.Close()
			payload, raw = s.zbuf.Bytes(), s.raw
			s.account()
		}
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
		var body io.Reader
		var size int
		if payload != nil {
			body, size = bytes.NewReader(payload), len(payload)
		} else {
			r := s.pieceReader(b)
			body, size, raw = r, r.size(), r.size()
		}
		if attempt == 0 {
			e.stats.bytesUncompressed.Add(int64(raw))
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

// body calls f with the pieces of b's request body, in order. The timestamp
// is the send time.
func (s *sender) body(b *batch, f func([]byte)) {
	s.head = wire.AppendBatchHead(s.head[:0])
	f(s.head)
	for i, t := range b.traces {
		if i > 0 {
			f(comma)
		}
		t.pieces(f)
	}
	f(wire.AppendBatchTail(nil, s.e.clock.Now()))
}

var comma = []byte{','}

// pieceReader streams b's body without first copying it into one buffer.
func (s *sender) pieceReader(b *batch) *piecesReader {
	s.pieces = s.pieces[:0]
	s.body(b, func(p []byte) {
		if len(p) > 0 {
			s.pieces = append(s.pieces, p)
		}
	})
	return &piecesReader{pieces: s.pieces}
}

// piecesReader reads a sequence of byte slices as one stream. WriteTo lets
// io.Copy hand each piece straight to the destination.
type piecesReader struct {
	pieces [][]byte
	i, off int
}

// size is the total length of the stream.
func (r *piecesReader) size() int {
	n := 0
	for _, p := range r.pieces {
		n += len(p)
	}
	return n
}

func (r *piecesReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) && r.i < len(r.pieces) {
		c := copy(p[n:], r.pieces[r.i][r.off:])
		n += c
		r.off += c
		if r.off == len(r.pieces[r.i]) {
			r.i, r.off = r.i+1, 0
		}
	}
	if n == 0 && r.i >= len(r.pieces) {
		return 0, io.EOF
	}
	return n, nil
}

func (r *piecesReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for ; r.i < len(r.pieces); r.i, r.off = r.i+1, 0 {
		n, err := w.Write(r.pieces[r.i][r.off:])
		total += int64(n)
		if err != nil {
			r.off += n
			return total, err
		}
	}
	return total, nil
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
		Traces:     len(b.traces),
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
