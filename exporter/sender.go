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

// outcome is how one batch's delivery ended.
type outcome int

const (
	delivered outcome = iota
	tooLarge
	permanent
	exhausted
	cancelled
)

func (e *Exporter) runSender() {
	var gz *gzip.Writer
	if e.cfg.Compression == "gzip" {
		gz, _ = gzip.NewWriterLevel(io.Discard, gzipLevel)
	}
	var zbuf bytes.Buffer
	for {
		select {
		case it := <-e.toSender:
			if it.b != nil {
				e.deliver(it.b, gz, &zbuf)
			}
			if it.ctl != nil {
				e.reportPendingDrops()
				close(it.ctl.done)
				if it.ctl.stop {
					return
				}
			}
		case <-e.ctx.Done():
			return
		}
	}
}

// gzipLevel trades compression for speed; see docs/performance.md.
const gzipLevel = gzip.BestSpeed

// deliver sends a batch, splitting it on 413, and accounts for every span in
// it: sent or dropped with a reason.
func (e *Exporter) deliver(b *batch, gz *gzip.Writer, zbuf *bytes.Buffer) {
	defer func() {
		e.release(b.held)
		e.recycle(b.body)
	}()
	work := []*batch{b}
	for len(work) > 0 {
		cur := work[len(work)-1]
		work = work[:len(work)-1]
		res, err := e.post(cur, gz, zbuf)
		switch res {
		case delivered:
			e.stats.spansSent.Add(int64(cur.spans))
			e.stats.tracesSent.Add(int64(len(cur.traces)))
		case tooLarge:
			if len(cur.traces) > 1 {
				lo, hi := split(cur, e.clock.Now())
				work = append(work, hi, lo) // lo is sent first
				continue
			}
			e.dropBatch(cur, DropTooLarge, err)
		case permanent:
			e.dropBatch(cur, DropPermanentError, err)
		case exhausted:
			e.dropBatch(cur, DropRetriesExhausted, err)
		case cancelled:
			e.dropBatch(cur, DropShutdown, err)
		}
	}
}

// split halves a batch by its traces. The halves share no memory with the
// original's budget: they are small and short-lived.
func split(b *batch, now time.Time) (lo, hi *batch) {
	mid := len(b.traces) / 2
	return subBatch(b, b.traces[:mid], now), subBatch(b, b.traces[mid:], now)
}

func subBatch(b *batch, trs []traceRange, now time.Time) *batch {
	n := &batch{opened: b.opened}
	size := 64
	for _, t := range trs {
		size += t.end - t.start + 1
	}
	n.body = wire.AppendBatchHead(make([]byte, 0, size))
	for i, t := range trs {
		if i > 0 {
			n.body = append(n.body, ',')
		}
		start := len(n.body)
		n.body = append(n.body, b.body[t.start:t.end]...)
		n.traces = append(n.traces, traceRange{start: start, end: len(n.body), spans: t.spans})
		n.spans += t.spans
	}
	n.body = wire.AppendBatchTail(n.body, now)
	return n
}

func (e *Exporter) dropBatch(b *batch, reason DropReason, err error) {
	e.stats.tracesDropped[reason].Add(int64(len(b.traces)))
	e.drop(reason, int64(b.spans), err)
}

// recycle offers a request body for reuse by the next batch.
func (e *Exporter) recycle(body []byte) {
	if cap(body) > e.cfg.BatchMaxBytes*2 {
		return
	}
	select {
	case e.free <- body:
	default:
	}
}

// post sends one request body, retrying within the retry budget.
func (e *Exporter) post(b *batch, gz *gzip.Writer, zbuf *bytes.Buffer) (outcome, error) {
	payload := b.body
	encoding := ""
	if gz != nil {
		zbuf.Reset()
		gz.Reset(zbuf)
		_, _ = gz.Write(b.body) // writes to a bytes.Buffer cannot fail
		_ = gz.Close()
		payload = zbuf.Bytes()
		encoding = "gzip"
	}
	e.stats.bytesUncompressed.Add(int64(len(b.body)))

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
		status, retryAfter, err := e.attempt(payload, encoding, b)
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
func (e *Exporter) attempt(payload []byte, encoding string, b *batch) (int, time.Duration, error) {
	ctx, cancel := context.WithTimeout(e.ctx, e.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.url, bytes.NewReader(payload))
	if err != nil {
		return 0, -1, fmt.Errorf("noveum exporter: building request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if encoding != "" {
		req.Header.Set("Content-Encoding", encoding)
	}
	if e.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+e.cfg.APIKey)
	}
	e.stats.requests.Add(1)
	e.stats.bytesSent.Add(int64(len(payload)))
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
