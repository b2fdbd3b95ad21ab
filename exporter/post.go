package exporter

// Posting a request: its body, the HTTP attempt, retries.

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cenkalti/backoff/v4"

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

// clockAdapter lets backoff read the exporter's clock.
type clockAdapter struct{ c clock }

func (a clockAdapter) Now() time.Time { return a.c.Now() }
