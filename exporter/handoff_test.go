package exporter_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// The Collector component's seam: whole traces reach the sink instead of
// the network, and Post delivers them later with the exporter's HTTP code.
func TestHandoffSinkThenPost(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	var mu sync.Mutex
	var got [][]handoff.Trace
	sink := func(_ context.Context, traces []handoff.Trace) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, traces)
		return nil
	}
	exp, err := exporter.New(context.Background(),
		exporter.WithEndpoint(srv.URL), exporter.WithProject("unit-tests"), exporter.WithGzip(),
		exporter.WithConfigOptions(config.WithTraceGrace(time.Minute), config.WithBatchDelay(time.Minute)),
		handoff.WithSink(sink).(exporter.Option))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	ctx, root := tp.Tracer("t").Start(context.Background(), "root")
	_, child := tp.Tracer("t").Start(ctx, "child")
	child.End()
	_, other := tp.Tracer("t").Start(context.Background(), "other")
	other.End()
	mu.Lock()
	require.Empty(t, got, "nothing leaves before the trace is complete or flushed")
	mu.Unlock()
	root.End()
	require.NoError(t, exp.ForceFlush(context.Background()))
	require.Empty(t, srv.Requests(), "a sink replaces the HTTP delivery")

	mu.Lock()
	require.Len(t, got, 1)
	traces := got[0]
	mu.Unlock()
	require.Len(t, traces, 2)
	spans := 0
	for _, tr := range traces {
		require.True(t, json.Valid(tr.JSON), "each trace is a complete JSON object")
		spans += tr.Spans
	}
	require.Equal(t, 3, spans)

	body := wire.AppendBatchHead(nil)
	for i, tr := range traces {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, tr.JSON...)
	}
	body = wire.AppendBatchTail(body, time.Now())
	res := handoff.Post(exp, context.Background(), bytes.NewReader(body), len(body), "", 2, 3)
	require.NoError(t, res.Err)
	require.Equal(t, http.StatusOK, res.Status)
	require.Len(t, srv.Traces(), 2)
	require.Empty(t, srv.Requests()[0].Header.Get("Content-Encoding"), "the queue holds plain JSON: the sink mode turns exporter compression off")
	require.Equal(t, int64(3), exp.Stats().SpansSent)

	srv.Script(noveumtest.Response{Status: http.StatusTooManyRequests, RetryAfter: "7"})
	res = handoff.Post(exp, context.Background(), bytes.NewReader(body), len(body), "", 2, 3)
	require.Error(t, res.Err)
	require.True(t, res.Retryable)
	require.Equal(t, 7*time.Second, res.RetryAfter)
	srv.Script(noveumtest.Response{Status: http.StatusForbidden})
	res = handoff.Post(exp, context.Background(), bytes.NewReader(body), len(body), "", 2, 3)
	require.False(t, res.Retryable)
	require.Equal(t, http.StatusForbidden, res.Status)
	require.NoError(t, tp.Shutdown(context.Background()))
}

// A sink that refuses (a full sending queue) drops the traces, counted and
// reported as queue_full, and the exporter goes on.
func TestHandoffSinkRefuses(t *testing.T) {
	log := &errorLog{}
	full := errors.New("sending queue is full")
	exp, err := exporter.New(context.Background(),
		exporter.WithEndpoint("http://127.0.0.1:1/api"), exporter.WithErrorHandler(log.handle),
		exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithBatchDelay(time.Minute)),
		handoff.WithSink(func(context.Context, []handoff.Trace) error { return full }).(exporter.Option))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	_, s := tp.Tracer("t").Start(context.Background(), "lost")
	s.End()
	require.NoError(t, tp.ForceFlush(context.Background()))
	st := exp.Stats()
	require.Equal(t, int64(1), st.SpansDropped[exporter.DropQueueFull])
	require.Equal(t, int64(1), st.TracesDropped[exporter.DropQueueFull])
	require.Zero(t, st.SpansSent)
	drops := log.drops(exporter.DropQueueFull)
	require.NotEmpty(t, drops)
	require.ErrorIs(t, drops[0], full)
	require.NoError(t, tp.Shutdown(context.Background()))
}
