package exporter_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
)

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestGraceWaitsForStragglers(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc),
		exporter.WithConfigOptions(config.WithTraceGrace(2*time.Second), config.WithBatchDelay(0)))
	ctx := waitCtx(t)
	tr := h.tp.Tracer("t")
	rctx, root := tr.Start(context.Background(), "root")
	_, straggler := tr.Start(rctx, "async-child")
	root.End()
	require.NoError(t, h.exp.Barrier(ctx))
	fc.Advance(1900 * time.Millisecond)
	require.NoError(t, h.exp.Barrier(ctx))
	assert.Empty(t, h.srv.Requests(), "the trace waits for its grace period")

	straggler.End()
	require.NoError(t, h.exp.Barrier(ctx))
	fc.Advance(100 * time.Millisecond)
	traces, err := h.srv.WaitForTraces(ctx, 1)
	require.NoError(t, err)
	require.Len(t, traces, 1)
	assert.Len(t, traces[0].Spans, 2, "the straggler joined its trace")
	assert.Zero(t, h.exp.Stats().ContinuationTraces)
}

func TestMaxAgeForcesOutTracesWhoseRootNeverEnds(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc),
		exporter.WithConfigOptions(config.WithTraceMaxAge(time.Minute), config.WithBatchDelay(0)))
	ctx := waitCtx(t)
	tr := h.tp.Tracer("t")
	rctx, root := tr.Start(context.Background(), "long-running")
	_, child := tr.Start(rctx, "step")
	child.End()
	require.NoError(t, h.exp.Barrier(ctx))
	fc.Advance(59 * time.Second)
	require.NoError(t, h.exp.Barrier(ctx))
	assert.Empty(t, h.srv.Requests())

	fc.Advance(time.Second)
	traces, err := h.srv.WaitForTraces(ctx, 1)
	require.NoError(t, err)
	require.Len(t, traces[0].Spans, 1)
	assert.Equal(t, "step", traces[0].Name, "without its root, a trace is named after its earliest span")

	root.End() // arrives after its trace was sent: a continuation
	h.flush()
	traces = h.srv.Traces()
	require.Len(t, traces, 2)
	assert.Equal(t, traces[0].TraceID, traces[1].Attributes["noveum.trace.continuation_of"])
	assert.Equal(t, "long-running", traces[1].Name)
}

func TestBatchDelayGathersTraces(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc),
		exporter.WithConfigOptions(config.WithBatchDelay(2*time.Second)))
	ctx := waitCtx(t)
	emitTraces(h, 3)
	require.NoError(t, h.exp.Barrier(ctx))
	fc.Advance(time.Second)
	require.NoError(t, h.exp.Barrier(ctx))
	assert.Empty(t, h.srv.Requests(), "complete traces wait for more to fill the request")
	fc.Advance(time.Second)
	_, err := h.srv.WaitForTraces(ctx, 3)
	require.NoError(t, err)
	assert.Len(t, h.srv.Requests(), 1, "one request carries all three traces")
}

func TestBatchSizeClosesARequest(t *testing.T) {
	fc := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(fc),
		exporter.WithConfigOptions(config.WithBatchDelay(time.Minute), config.WithBatchSize(2)))
	ctx := waitCtx(t)
	emitTraces(h, 5)
	// Full requests go at once: four traces arrive while the fake clock
	// stands still, so no batch delay has passed.
	_, err := h.srv.WaitForTraces(ctx, 4)
	require.NoError(t, err)
	h.flush()
	require.Len(t, h.srv.Traces(), 5)
	for _, b := range h.srv.Batches() {
		assert.LessOrEqual(t, len(b.Traces), 2, "a request carries at most BatchSize traces")
	}
}

func TestSentMemoryIsBounded(t *testing.T) {
	// With room for one remembered trace id, the oldest is forgotten: a late
	// span of a forgotten trace can no longer be told apart from a new trace.
	h := newHarness(t, nil, exporter.WithSentMemory(1), exporter.WithShards(1))
	tr := h.tp.Tracer("t")
	ctxA, a := tr.Start(context.Background(), "a")
	_, lateA := tr.Start(ctxA, "late-a")
	a.End()
	h.flush()
	_, b := tr.Start(context.Background(), "b")
	b.End()
	h.flush()
	lateA.End()
	h.flush()
	assert.Equal(t, int64(0), h.exp.Stats().ContinuationTraces)
	assert.Equal(t, 1, h.srv.IgnoredDuplicates(), "the service ignores the repeated trace_id")
}

func TestSentMemoryForgetsOldestFirst(t *testing.T) {
	// The memory of sent trace ids grows to its size, then forgets the
	// oldest id first: with room for three, sending a fourth trace forgets
	// the first, while the second is still known, so its late span goes out
	// as a continuation and the first's as a new (duplicate) trace.
	h := newHarness(t, nil, exporter.WithSentMemory(3), exporter.WithShards(1))
	tr := h.tp.Tracer("t")
	var late []trace.Span
	for _, name := range []string{"a", "b", "c", "d"} {
		ctx, root := tr.Start(context.Background(), name)
		_, l := tr.Start(ctx, "late-"+name)
		late = append(late, l)
		root.End()
		h.flush()
	}
	late[1].End() // b: remembered
	h.flush()
	assert.Equal(t, int64(1), h.exp.Stats().ContinuationTraces)
	assert.Equal(t, 0, h.srv.IgnoredDuplicates())
	late[0].End() // a: forgotten when d was sent
	h.flush()
	assert.Equal(t, int64(1), h.exp.Stats().ContinuationTraces)
	assert.Equal(t, 1, h.srv.IgnoredDuplicates(), "the service ignores the repeated trace_id")
}

func TestChunksLingerOnALightLoad(t *testing.T) {
	// An idle shard keeps its chunk open for a while (a quarter of the
	// batch delay, at most 100 ms) instead of handing over one chunk a
	// trace, each ending in a gzip flush and waking the sender; the batch
	// delay still counts from when the chunk opened.
	clock := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(clock), exporter.WithShards(1), exporter.WithConfigOptions(
		config.WithBatchDelay(time.Second), config.WithCompression(config.CompressionGzip)))
	ctx := waitCtx(t)
	emitTraces(h, 3)
	require.NoError(t, h.exp.Assembled(ctx))
	clock.Advance(60 * time.Millisecond)
	emitTraces(h, 3)
	require.NoError(t, h.exp.Assembled(ctx))
	assert.Zero(t, h.exp.ChunksEmitted(), "an idle shard keeps its chunk open")

	clock.Advance(40 * time.Millisecond) // the chunk has lingered 100 ms
	waitFor(ctx, t, func() bool { return h.exp.ChunksEmitted() == 1 })
	require.NoError(t, h.exp.Barrier(ctx)) // the sender has the chunk
	assert.Empty(t, h.srv.Requests())

	clock.Advance(900 * time.Millisecond) // the batch delay since the chunk opened
	_, err := h.srv.WaitForTraces(ctx, 6)
	require.NoError(t, err)
	require.Len(t, h.srv.Batches(), 1)
	assert.Len(t, h.srv.Batches()[0].Traces, 6)
	assert.Equal(t, int64(1), h.exp.ChunksEmitted())
}

func TestTracesEndingTogetherAreSealedTogether(t *testing.T) {
	// When a trace's grace ends, the traces whose grace ends within a tenth
	// of it (at most 50 ms) are sealed too: the shard wakes a few times a
	// second, not once a trace.
	clock := exporter.NewFakeClock(clockStart)
	h := newHarness(t, nil, exporter.WithClock(clock), exporter.WithShards(1), exporter.WithConfigOptions(
		config.WithTraceGrace(time.Second), config.WithBatchDelay(0)))
	ctx := waitCtx(t)
	emitTraces(h, 1) // grace ends at +1 s
	require.NoError(t, h.exp.Assembled(ctx))
	clock.Advance(30 * time.Millisecond)
	emitTraces(h, 1) // at +1.03 s: within 50 ms of the first
	require.NoError(t, h.exp.Assembled(ctx))
	clock.Advance(170 * time.Millisecond)
	emitTraces(h, 1) // at +1.2 s
	require.NoError(t, h.exp.Assembled(ctx))

	clock.Advance(800 * time.Millisecond) // +1 s
	_, err := h.srv.WaitForTraces(ctx, 2)
	require.NoError(t, err)
	require.NoError(t, h.exp.Barrier(ctx))
	assert.Len(t, h.srv.Traces(), 2, "the third trace is still in its grace")

	clock.Advance(200 * time.Millisecond)
	_, err = h.srv.WaitForTraces(ctx, 3)
	require.NoError(t, err)
}
