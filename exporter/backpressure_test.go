package exporter_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// stalled scripts an endpoint that never answers the two requests the
// exporter has in flight at most.
var stalled = []noveumtest.Response{{Delay: time.Hour}, {Delay: time.Hour}}

// bigSpans returns n single-span traces of about 64 KiB each.
func bigSpans(n int) []sdktrace.ReadOnlySpan {
	payload := strings.Repeat("x", 64<<10)
	out := make([]sdktrace.ReadOnlySpan, n)
	for i := range out {
		tid := trace.TraceID{byte(i >> 8), byte(i), 1}
		out[i] = tracetest.SpanStub{
			Name:        fmt.Sprintf("span-%d", i),
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{1}, TraceFlags: trace.FlagsSampled}),
			StartTime:   clockStart,
			EndTime:     clockStart.Add(time.Millisecond),
			Attributes:  []attribute.KeyValue{attribute.String("payload", payload)},
		}.Snapshot()
	}
	return out
}

// ExportSpans is called by a batching processor, not by the application:
// when the budget is spent it waits for room instead of dropping.
func TestExportSpansWaitsForMemory(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithMaxBufferBytes(1<<20), config.WithBatchDelay(0)))
	h.srv.Script(noveumtest.Response{Delay: 300 * time.Millisecond}) // the first request is slow, then the endpoint keeps up
	spans := bigSpans(64)                                            // 4 MiB: four times the budget

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(t, h.exp.ExportSpans(ctx, spans), "room frees up as requests complete")
	h.flush()
	s := h.exp.Stats()
	assert.Equal(t, int64(64), s.SpansSent, "backpressure, not drops")
	assert.Zero(t, s.DroppedSpans())
	requireConserved(t, s)
}

func TestExportSpansGivesUpAtItsDeadline(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithMaxBufferBytes(1<<20), config.WithBatchDelay(0)))
	h.srv.Script(stalled...) // both requests in flight hang
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := h.exp.ExportSpans(ctx, bigSpans(64))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	s := h.exp.Stats()
	assert.Greater(t, s.SpansDropped[exporter.DropMemoryBound], int64(0), "what could not be queued is counted")
	assert.Equal(t, int64(64), s.SpansReceived)
	requireConserved(t, s)

	sctx, scancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer scancel()
	_ = h.tp.Shutdown(sctx)
}

func TestExportSpansStopsWaitingAtShutdown(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithMaxBufferBytes(1<<20), config.WithBatchDelay(0)))
	h.srv.Script(stalled...) // both requests in flight hang
	done := make(chan error, 1)
	go func() { done <- h.exp.ExportSpans(context.Background(), bigSpans(64)) }()
	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	require.NoError(t, h.exp.WaitForMemoryWaiter(wctx)) // ExportSpans is blocked on the budget
	sctx, scancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer scancel()
	_ = h.tp.Shutdown(sctx)
	require.ErrorIs(t, <-done, exporter.ErrShutdown)
	s := h.exp.Stats()
	assert.Zero(t, s.SpansPending)
	assert.Greater(t, s.SpansDropped[exporter.DropShutdown], int64(0))
	requireConserved(t, s)
}

// A caller whose context ends while the span queue is full (the exporter's
// goroutine is held, as by a long stall) gets an error, and the spans that
// could not be queued are counted as queue_full, not lost.
func TestExportSpansQueueFullUntilItsDeadline(t *testing.T) {
	h := newHarness(t, nil, exporter.WithShards(1), exporter.WithConfigOptions(config.WithQueueSize(4)))
	resume, err := h.exp.Pause(context.Background()) // the assembler takes nothing from the queue
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	spans := bigSpans(10)
	for i := range spans { // small spans: memory is not what runs out
		spans[i] = tracetest.SpanStub{Name: "s", SpanContext: spans[i].SpanContext(), StartTime: clockStart, EndTime: clockStart}.Snapshot()
	}
	err = h.exp.ExportSpans(ctx, spans)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "6 spans not queued")
	s := h.exp.Stats()
	assert.Equal(t, int64(6), s.SpansDropped[exporter.DropQueueFull], "the queue held 4")
	assert.Zero(t, s.SpansDropped[exporter.DropMemoryBound])

	resume()
	h.flush()
	s = h.exp.Stats()
	assert.Equal(t, int64(4), s.SpansSent, "what was queued is sent")
	requireConserved(t, s)
}
