package exporter_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

var clockStart = time.Date(2026, 11, 26, 21, 15, 3, 0, time.UTC)

// emitTraces records n single-span traces.
func emitTraces(h *harness, n int) {
	tr := h.tp.Tracer("t")
	for i := range n {
		_, s := tr.Start(context.Background(), fmt.Sprintf("trace-%d", i))
		s.End()
	}
}

func statuses(srv *noveumtest.Server) []int {
	var out []int
	for _, r := range srv.Requests() {
		out = append(out, r.Status)
	}
	return out
}

func TestRetryableStatusesAreRetried(t *testing.T) {
	for _, status := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			fc := exporter.NewFakeClock(clockStart)
			h := newHarness(t, nil, exporter.WithClock(fc))
			h.srv.Script(noveumtest.Response{Status: status})
			emitTraces(h, 2)
			h.flush()
			assert.Equal(t, []int{status, 200}, statuses(h.srv))
			require.Len(t, h.srv.Traces(), 2)
			sleeps := fc.Sleeps()
			require.Len(t, sleeps, 1)
			assert.GreaterOrEqual(t, sleeps[0], 250*time.Millisecond, "exponential backoff with jitter around 500ms")
			assert.LessOrEqual(t, sleeps[0], 750*time.Millisecond)
			s := h.exp.Stats()
			assert.Equal(t, int64(1), s.Retries)
			assert.Equal(t, int64(2), s.Requests)
			assert.Equal(t, int64(2), s.SpansSent)
			assert.Zero(t, s.DroppedSpans())
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter func(now time.Time) string
		want       time.Duration
	}{
		{"429 seconds", 429, func(time.Time) string { return "3" }, 3 * time.Second},
		{"503 seconds", 503, func(time.Time) string { return "12" }, 12 * time.Second},
		{"429 http-date", 429, func(now time.Time) string { return now.Add(7 * time.Second).Format(http.TimeFormat) }, 7 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := exporter.NewFakeClock(clockStart)
			h := newHarness(t, nil, exporter.WithClock(fc))
			h.srv.Script(noveumtest.Response{Status: tt.status, RetryAfter: tt.retryAfter(clockStart)})
			emitTraces(h, 1)
			h.flush()
			assert.Equal(t, []time.Duration{tt.want}, fc.Sleeps())
			assert.Equal(t, []int{tt.status, 200}, statuses(h.srv))
			assert.Equal(t, int64(1), h.exp.Stats().SpansSent)
		})
	}
}

func TestRetryBudgetExhausted(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc), exporter.WithConfigOptions(config.WithRetryBudget(10*time.Second)))
	for range 50 {
		h.srv.Script(noveumtest.Response{Status: 503})
	}
	emitTraces(h, 3)
	h.flush()

	var waited time.Duration
	for _, d := range fc.Sleeps() {
		waited += d
	}
	assert.LessOrEqual(t, waited, 10*time.Second, "retries stay within the budget")
	assert.Greater(t, len(h.srv.Requests()), 2)
	s := h.exp.Stats()
	assert.Equal(t, int64(3), s.SpansDropped[exporter.DropRetriesExhausted])
	assert.Equal(t, int64(3), s.TracesDropped[exporter.DropRetriesExhausted])
	assert.Zero(t, s.SpansSent)
	requireConserved(t, s)
	drops := h.log.drops(exporter.DropRetriesExhausted)
	require.NotEmpty(t, drops)
	var herr *exporter.HTTPError
	require.ErrorAs(t, drops[0], &herr)
	assert.Equal(t, 503, herr.StatusCode)
	assert.True(t, herr.Retryable)
}

func TestRetryAfterBeyondBudgetGivesUpAtOnce(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc), exporter.WithConfigOptions(config.WithRetryBudget(time.Minute)))
	h.srv.Script(noveumtest.Response{Status: 429, RetryAfter: "3600"})
	emitTraces(h, 1)
	h.flush()
	assert.Empty(t, fc.Sleeps(), "waiting past the budget would be pointless")
	assert.Equal(t, int64(1), h.exp.Stats().SpansDropped[exporter.DropRetriesExhausted])
}

func TestEndpointDownThenUpLosesNothing(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc))
	h.srv.Script(
		noveumtest.Response{DropConnection: true},
		noveumtest.Response{DropConnection: true},
		noveumtest.Response{Status: 502},
	)
	emitTraces(h, 5)
	h.flush()
	require.Len(t, h.srv.Traces(), 5)
	s := h.exp.Stats()
	assert.Equal(t, int64(3), s.Retries)
	assert.Equal(t, int64(5), s.SpansSent)
	assert.Zero(t, s.DroppedSpans())
	assert.Len(t, fc.Sleeps(), 3)
}

func TestRequestTimeoutIsRetried(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc), exporter.WithConfigOptions(config.WithTimeout(100*time.Millisecond)))
	h.srv.Script(noveumtest.Response{Delay: time.Hour}) // never answers in time
	emitTraces(h, 1)
	h.flush()
	require.Len(t, h.srv.Traces(), 1)
	assert.Equal(t, int64(1), h.exp.Stats().Retries)
}

func TestPermanentErrorsAreNotRetried(t *testing.T) {
	const key = "nv_secret_key_never_printed"
	tests := []struct {
		status int
		hint   string
	}{
		{400, "Bad Request"}, // for a single trace; several are split: see TestOnePoisonTraceCostsOnlyItself
		{401, "API key"},
		{403, "permissions"},
		{404, "Not Found"},
		{422, "Unprocessable"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			fc := exporter.NewFakeClock(clockStart)
			h := newHarness(t, nil, exporter.WithClock(fc), exporter.WithAPIKey(key))
			// The service echoes the key back: it must still never be printed.
			h.srv.Script(noveumtest.Response{Status: tt.status, Body: `{"error":"bad key ` + key + `"}`})
			tr := h.tp.Tracer("t")
			ctx, root := tr.Start(context.Background(), "root")
			_, child := tr.Start(ctx, "child")
			child.End()
			root.End()
			h.flush()
			assert.Len(t, h.srv.Requests(), 1, "a permanent error is not retried")
			assert.Empty(t, fc.Sleeps())
			s := h.exp.Stats()
			assert.Equal(t, int64(2), s.SpansDropped[exporter.DropPermanentError])
			assert.Equal(t, int64(1), s.TracesDropped[exporter.DropPermanentError])
			drops := h.log.drops(exporter.DropPermanentError)
			require.Len(t, drops, 1)
			var herr *exporter.HTTPError
			require.ErrorAs(t, drops[0], &herr)
			assert.Equal(t, tt.status, herr.StatusCode)
			assert.False(t, herr.Retryable)
			assert.Contains(t, drops[0].Error(), tt.hint)
			for _, err := range h.log.all() {
				assert.NotContains(t, err.Error(), key)
			}
		})
	}
}

func TestTooLargeSplitsTheBatch(t *testing.T) {
	h := newHarness(t, nil)
	h.srv.Script(noveumtest.Response{Status: 413})
	emitTraces(h, 4)
	h.flush()
	assert.Equal(t, []int{413, 200, 200}, statuses(h.srv))
	reqs := h.srv.Requests()
	for _, r := range reqs[1:] {
		require.NoError(t, noveumtest.ValidateBatch(r.Body))
	}
	require.Len(t, h.srv.Traces(), 4)
	assert.Len(t, h.srv.Batches(), 2)
	s := h.exp.Stats()
	assert.Equal(t, int64(4), s.SpansSent)
	assert.Zero(t, s.DroppedSpans())
}

func TestTooLargeSingleTraceIsDroppedAndReported(t *testing.T) {
	h := newHarness(t, nil)
	h.srv.Script(noveumtest.Response{Status: 413})
	emitTraces(h, 1)
	h.flush()
	assert.Equal(t, []int{413}, statuses(h.srv))
	s := h.exp.Stats()
	assert.Equal(t, int64(1), s.SpansDropped[exporter.DropTooLarge])
	drops := h.log.drops(exporter.DropTooLarge)
	require.Len(t, drops, 1)
	assert.Contains(t, drops[0].Error(), "too large")
}

func TestQueueFullDropsAreCountedAndReported(t *testing.T) {
	h := newHarness(t, nil, exporter.WithShards(1), exporter.WithConfigOptions(config.WithQueueSize(4)))
	ctx := context.Background()
	resume, err := h.exp.Pause(ctx)
	require.NoError(t, err)
	emitTraces(h, 10) // 4 fit in the queue
	resume()
	h.flush()
	s := h.exp.Stats()
	assert.Equal(t, int64(10), s.SpansReceived)
	assert.Equal(t, int64(6), s.SpansDropped[exporter.DropQueueFull])
	assert.Equal(t, int64(4), s.SpansSent)
	requireConserved(t, s)
	var reported int64
	for _, d := range h.log.drops(exporter.DropQueueFull) {
		reported += d.Spans
	}
	assert.Equal(t, int64(6), reported, "every drop is reported by the time a flush returns")
}

func TestMemoryBoundUnderStalledEndpoint(t *testing.T) {
	const budget = 1 << 20
	h := newHarness(t, nil, exporter.WithConfigOptions(
		config.WithMaxBufferBytes(budget),
		config.WithTimeout(time.Minute),
		config.WithQueueSize(100000),
		config.WithBatchMaxBytes(256<<10),
	))
	h.srv.Script(noveumtest.Response{Delay: time.Hour}) // the first request stalls
	tr := h.tp.Tracer("t")
	payload := strings.Repeat("x", 8<<10)
	for i := range 1000 {
		_, s := tr.Start(context.Background(), fmt.Sprintf("span-%d", i))
		s.SetAttributes(attribute.String("gen_ai.input.messages", payload))
		s.End()
		if i == 10 {
			// Push the first spans into the stalled request.
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			err := h.exp.ForceFlush(ctx)
			cancel()
			require.ErrorIs(t, err, context.DeadlineExceeded, "ForceFlush honours its deadline")
		}
	}
	require.NoError(t, h.exp.Assembled(context.Background()))
	s := h.exp.Stats()
	assert.Greater(t, s.SpansDropped[exporter.DropMemoryBound], int64(500), "most of 8 MB cannot fit in 1 MB")
	assert.LessOrEqual(t, s.BufferedBytes, int64(budget)*11/10)
	assert.NotEmpty(t, h.log.drops(exporter.DropMemoryBound))

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := h.tp.Shutdown(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded, "Shutdown honours its deadline")
	s = h.exp.Stats()
	assert.Zero(t, s.SpansPending, "after Shutdown every span is sent or counted")
	assert.Greater(t, s.SpansDropped[exporter.DropShutdown], int64(0))
	assert.Zero(t, s.BufferedBytes)
	requireConserved(t, s)
}

func TestShutdownThenUse(t *testing.T) {
	h := newHarness(t, nil)
	emitTraces(h, 2)
	ctx := context.Background()
	require.NoError(t, h.exp.Shutdown(ctx))
	require.Len(t, h.srv.Traces(), 2, "Shutdown flushes first")
	require.NoError(t, h.exp.Shutdown(ctx), "a second Shutdown returns the first result")
	require.NoError(t, h.exp.ForceFlush(ctx))
	emitTraces(h, 3)
	err := h.exp.ExportSpans(ctx, nil)
	assert.True(t, errors.Is(err, exporter.ErrShutdown))
	s := h.exp.Stats()
	assert.Equal(t, int64(3), s.SpansDropped[exporter.DropShutdown])
	requireConserved(t, s)
}

func TestTraceLargerThanAChunkFollowingAnother(t *testing.T) {
	for _, gzip := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gzip), func(t *testing.T) {
			opts := []exporter.Option{exporter.WithShards(1), exporter.WithConfigOptions(config.WithBatchMaxBytes(64 << 10))}
			if gzip {
				opts = append(opts, exporter.WithGzip())
			}
			h := newHarness(t, nil, opts...)
			resume, err := h.exp.Pause(context.Background())
			require.NoError(t, err)
			tr := h.tp.Tracer("t")
			_, small := tr.Start(context.Background(), "small")
			small.End()
			_, big := tr.Start(context.Background(), "big")
			big.SetAttributes(attribute.String("gen_ai.input.messages", strings.Repeat("a", 100<<10)))
			big.End()
			resume() // both are assembled back to back: the big one overflows the open chunk
			h.flush()
			requireAllAccepted(t, h.srv)
			require.Len(t, h.srv.Traces(), 2)
			assert.Len(t, h.srv.Requests(), 2, "the oversized trace goes alone")
			assert.Equal(t, int64(2), h.exp.Stats().SpansSent)
		})
	}
}

func TestTooLargeTraceIsSplitIntoContinuations(t *testing.T) {
	h := newHarness(t, nil)
	h.srv.Script(noveumtest.Response{Status: 413}, noveumtest.Response{Status: 413})
	tr := h.tp.Tracer("t")
	ctx, root := tr.Start(context.Background(), "root")
	for i := range 7 {
		_, s := tr.Start(ctx, fmt.Sprintf("child-%d", i))
		s.End()
	}
	root.End()
	h.flush()
	requireAllAcceptedAfterScript(t, h.srv, 2)

	traces := h.srv.Traces()
	require.GreaterOrEqual(t, len(traces), 2, "the trace went out in parts")
	assert.Zero(t, h.srv.IgnoredDuplicates(), "no trace_id is sent twice")
	spans := 0
	orig := traces[0]
	for i, part := range traces {
		spans += len(part.Spans)
		assert.Equal(t, orig.OTel.TraceID, part.OTel.TraceID)
		for _, s := range part.Spans {
			assert.Equal(t, part.TraceID, s.TraceID, "each span carries its part's trace_id")
		}
		if i > 0 {
			assert.NotEqual(t, orig.TraceID, part.TraceID)
			assert.Equal(t, orig.TraceID, part.Attributes["noveum.trace.continuation_of"])
		}
	}
	assert.Equal(t, 8, spans, "no span is lost")
	s := h.exp.Stats()
	assert.Equal(t, int64(8), s.SpansSent)
	assert.Zero(t, s.DroppedSpans())
	assert.Equal(t, int64(len(traces)-1), s.SplitParts, "the parts are counted apart")
	assert.Zero(t, s.ContinuationTraces, "split parts are not continuation traces")
	assert.Equal(t, int64(1), s.TracesSent, "a trace sent in parts counts once")
	assert.Equal(t, int64(1), s.TracesReceived)
}

// requireAllAcceptedAfterScript checks that every request after the first n
// scripted ones was accepted.
func requireAllAcceptedAfterScript(t *testing.T, srv *noveumtest.Server, n int) {
	t.Helper()
	for i, r := range srv.Requests()[n:] {
		require.Equal(t, 200, r.Status, "request %d rejected: %s", n+i, r.Error)
	}
}
