package exporter_test

import (
	"context"
	"runtime"
	"strings"
	"sync"
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

// rootSpan is a complete single-span trace of about size bytes.
func rootSpan(i int, size int) sdktrace.ReadOnlySpan {
	tid := trace.TraceID{0xee, byte(i >> 16), byte(i >> 8), byte(i), 7}
	return tracetest.SpanStub{
		Name:        "turn",
		SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{1}, TraceFlags: trace.FlagsSampled}),
		StartTime:   clockStart,
		EndTime:     clockStart.Add(time.Millisecond),
		Attributes:  []attribute.KeyValue{attribute.String("payload", strings.Repeat("p", size))},
	}.Snapshot()
}

// childSpan is a span of a trace whose root has not ended (its parent is
// local), of about size bytes.
func childSpan(i, n int, size int) sdktrace.ReadOnlySpan {
	tid := trace.TraceID{0xcc, byte(i >> 16), byte(i >> 8), byte(i), 9}
	return tracetest.SpanStub{
		Name:        "step",
		SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{2, byte(n)}, TraceFlags: trace.FlagsSampled}),
		Parent:      trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: trace.SpanID{1}, TraceFlags: trace.FlagsSampled}),
		StartTime:   clockStart,
		EndTime:     clockStart.Add(time.Millisecond),
		Attributes:  []attribute.KeyValue{attribute.String("payload", strings.Repeat("c", size))},
	}.Snapshot()
}

// With a healthy endpoint, traces waiting out their grace period and a
// request waiting for the batch delay are memory held voluntarily: as the
// budget fills, the exporter stops waiting (seals at once, sends at once)
// instead of dropping. The clock never moves: nothing here is time.
func TestPressureSealsAndSendsEarly(t *testing.T) {
	clock := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(clock), exporter.WithShards(1), exporter.WithConfigOptions(
		config.WithMaxBufferBytes(1<<20), config.WithTraceGrace(time.Minute), config.WithBatchDelay(time.Minute)))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// ~8 KiB each: 1.6 MiB in all, over the 1 MiB budget, at a pace the
	// exporter keeps up with (the barrier waits until each is assembled).
	for i := range 200 {
		h.exp.OnEnd(rootSpan(i, 8<<10))
		require.NoError(t, h.exp.Barrier(ctx))
	}
	s := h.exp.Stats()
	assert.Zero(t, s.DroppedSpans(), "a healthy endpoint loses nothing: %+v", s.SpansDropped)
	assert.Positive(t, s.EarlySeals, "traces sealed without their grace period")
	assert.Positive(t, s.EarlySends, "requests sent without the batch delay")
	assert.Positive(t, s.SpansSent, "delivered before any timer fired")
	assert.Equal(t, int64(1<<20), s.BufferBudget)
	h.flush()
	s = h.exp.Stats()
	assert.Equal(t, int64(200), s.SpansSent)
	requireConserved(t, s)
	requireAllAccepted(t, h.srv)
}

// Traces whose root has not ended are sealed and sent as they are when
// three quarters of the budget are held; their later spans go out as
// continuation traces. Nothing is lost.
func TestPressureSendsPartialTraces(t *testing.T) {
	clock := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(clock), exporter.WithShards(1), exporter.WithConfigOptions(
		config.WithMaxBufferBytes(1<<20), config.WithTraceGrace(time.Minute), config.WithBatchDelay(time.Minute)))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := range 100 { // open traces, 12 KiB each: 1.2 MiB
		h.exp.OnEnd(childSpan(i, 1, 12<<10))
		require.NoError(t, h.exp.Barrier(ctx))
	}
	s := h.exp.Stats()
	assert.Zero(t, s.DroppedSpans(), "%+v", s.SpansDropped)
	assert.Positive(t, s.PartialSeals, "open traces sealed before their root ended")
	// A late span of a trace sent in part goes out as a continuation.
	h.exp.OnEnd(childSpan(0, 2, 100))
	h.flush()
	s = h.exp.Stats()
	assert.Equal(t, int64(101), s.SpansSent)
	assert.Positive(t, s.ContinuationTraces)
	requireConserved(t, s)
}

// With WithBlocking, OnEnd waits for room instead of dropping while the
// endpoint is stalled, and everything is delivered once it answers.
func TestBlockingWaitsInsteadOfDropping(t *testing.T) {
	h := newHarness(t, nil, exporter.WithBlocking(), exporter.WithShards(1), exporter.WithConfigOptions(
		config.WithMaxBufferBytes(1<<20), config.WithBatchDelay(0), config.WithTimeout(time.Second)))
	// The first request hangs until its timeout; its retry and the rest go
	// through. The timeout leaves room for two 1 MiB requests in flight to
	// a validating receiver under -race, which take hundreds of ms.
	h.srv.Script(noveumtest.Response{Delay: time.Hour})
	var wg sync.WaitGroup
	wg.Add(1)
	done := make(chan struct{})
	go func() {
		defer wg.Done()
		defer close(done)
		for _, s := range bigSpans(48) { // 3 MiB: three budgets
			h.exp.OnEnd(s)
		}
	}()
	// The application is held, not dropping: wait until it is.
	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	require.NoError(t, h.exp.WaitForMemoryWaiter(wctx))
	select {
	case <-done:
		t.Fatal("OnEnd returned with the budget spent: it should wait")
	default:
	}
	assert.Zero(t, h.exp.Stats().DroppedSpans())
	wg.Wait()
	h.flush()
	s := h.exp.Stats()
	assert.Equal(t, int64(48), s.SpansSent)
	assert.Zero(t, s.DroppedSpans(), "%+v %v", s, h.log)
	assert.Positive(t, s.BlockedWaits)
	requireConserved(t, s)
}

// When memory runs out for good, the drop says what the exporter saw of
// the endpoint.
func TestMemoryDropNamesTheEndpointState(t *testing.T) {
	t.Run("stalled", func(t *testing.T) {
		clock := exporter.NewFakeClock(clockStart)
		h := newHarness(t, nil, exporter.WithClock(clock), exporter.WithShards(1), exporter.WithConfigOptions(
			config.WithMaxBufferBytes(1<<20), config.WithBatchDelay(0)))
		h.srv.Script(stalled...) // both requests in flight hang
		h.exp.OnEnd(rootSpan(0, 100))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		waitFor(ctx, t, func() bool { return len(h.srv.Requests()) > 0 }) // the request is in flight
		clock.Advance(6 * time.Second)
		for i := 1; i < 100; i++ {
			h.exp.OnEnd(rootSpan(i, 32<<10))
		}
		drops := h.log.drops(exporter.DropMemoryBound)
		require.NotEmpty(t, drops)
		assert.Equal(t, exporter.EndpointStalled, drops[0].Endpoint)
		assert.Contains(t, drops[0].Error(), "the endpoint is stalled")
		sctx, scancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer scancel()
		_ = h.tp.Shutdown(sctx)
	})
	t.Run("slow", func(t *testing.T) {
		h := newHarness(t, nil, exporter.WithShards(1), exporter.WithConfigOptions(config.WithMaxBufferBytes(1<<20)))
		for i := range 100 { // more than the budget in one go, faster than anything is sent
			h.exp.OnEnd(rootSpan(i, 32<<10))
		}
		drops := h.log.drops(exporter.DropMemoryBound)
		require.NotEmpty(t, drops)
		assert.Equal(t, exporter.EndpointSlow, drops[0].Endpoint)
	})
}

// Slices and maps count at their size: ten spans each holding 2 MiB in a
// string slice do not pass for small spans.
func TestSliceAttributesCountAtTheirSize(t *testing.T) {
	h := newHarness(t, nil, exporter.WithShards(1), exporter.WithConfigOptions(config.WithMaxBufferBytes(4<<20)))
	resume, err := h.exp.Pause(context.Background())
	require.NoError(t, err)
	big := make([]string, 32)
	for i := range big {
		big[i] = strings.Repeat("s", 64<<10)
	}
	inner := make([]attribute.Value, 32)
	for i := range inner {
		inner[i] = attribute.StringValue(strings.Repeat("m", 64<<10))
	}
	for i := range 10 {
		s := tracetest.SpanStub{
			Name:        "big",
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{0xab, byte(i)}, SpanID: trace.SpanID{1}, TraceFlags: trace.FlagsSampled}),
			StartTime:   clockStart, EndTime: clockStart,
		}
		if i%2 == 0 {
			s.Attributes = []attribute.KeyValue{attribute.StringSlice("list", big)}
		} else {
			s.Attributes = []attribute.KeyValue{{Key: "map", Value: attribute.MapValue(attribute.KeyValue{Key: "inner", Value: attribute.SliceValue(inner...)})}}
		}
		h.exp.OnEnd(s.Snapshot())
	}
	st := h.exp.Stats()
	assert.LessOrEqual(t, st.BufferedBytes, st.BufferBudget, "what is queued stays within the budget")
	assert.Positive(t, st.SpansDropped[exporter.DropMemoryBound], "2 MiB spans against a 4 MiB budget: most cannot be admitted")
	resume()
	h.flush()
	requireConserved(t, h.exp.Stats())
}

// waitFor returns once cond holds, failing the test when ctx ends first.
func waitFor(ctx context.Context, t *testing.T, cond func() bool) {
	t.Helper()
	for !cond() {
		if ctx.Err() != nil {
			t.Fatal(ctx.Err())
		}
		runtime.Gosched()
	}
}

// The endpoint state a memory_bound drop names: stalled when a request has
// waited 5 s or more, else failing when an attempt failed in the last 30 s,
// else slow.
func TestEndpointStates(t *testing.T) {
	h := newHarness(t, nil)
	now := clockStart.Add(time.Hour)
	var never time.Time
	for _, tc := range []struct {
		name              string
		inFlight, failure time.Time
		want              string
	}{
		{"idle, no failure", never, never, exporter.EndpointSlow},
		{"request in flight 4s", now.Add(-4 * time.Second), never, exporter.EndpointSlow},
		{"request in flight 5s", now.Add(-5 * time.Second), never, exporter.EndpointStalled},
		{"stalled wins over failing", now.Add(-10 * time.Second), now.Add(-time.Second), exporter.EndpointStalled},
		{"failure 29s ago", never, now.Add(-29 * time.Second), exporter.EndpointFailing},
		{"failure 31s ago", never, now.Add(-31 * time.Second), exporter.EndpointSlow},
	} {
		assert.Equal(t, tc.want, h.exp.EndpointState(now, tc.inFlight, tc.failure), tc.name)
	}
	msg := (&exporter.DropError{Reason: exporter.DropMemoryBound, Spans: 1, Total: 1, Endpoint: exporter.EndpointFailing}).Error()
	assert.Contains(t, msg, "the endpoint is failing")
}
