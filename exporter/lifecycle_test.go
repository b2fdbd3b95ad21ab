package exporter_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/goleak"

	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

func TestNoGoroutineRemainsAfterShutdown(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	ignore := goleak.IgnoreCurrent()

	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL), exporter.WithGzip())
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	emitAgentTrace(context.Background(), tp.Tracer("t"), "u")
	require.NoError(t, tp.Shutdown(context.Background()))
	require.Len(t, srv.Traces(), 1)
	goleak.VerifyNone(t, ignore)
}

func TestNoGoroutineRemainsAfterAbortedShutdown(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	srv.Script(noveumtest.Response{Delay: time.Hour})
	ignore := goleak.IgnoreCurrent()

	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL), exporter.WithErrorHandler(func(error) {}))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	emitAgentTrace(context.Background(), tp.Tracer("t"), "u")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, tp.Shutdown(ctx), context.DeadlineExceeded)
	s := exp.Stats()
	assert.Equal(t, int64(3), s.SpansDropped[exporter.DropShutdown])
	assert.Zero(t, s.SpansPending)
	goleak.VerifyNone(t, ignore)
}

func TestForceFlushDeadline(t *testing.T) {
	h := newHarness(t, nil)
	h.srv.Script(noveumtest.Response{Delay: time.Hour})
	emitTraces(h, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := h.tp.ForceFlush(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, int64(1), h.exp.Stats().SpansPending, "the span is still on its way, not lost")

	sctx, scancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer scancel()
	require.ErrorIs(t, h.tp.Shutdown(sctx), context.DeadlineExceeded)
	assert.Equal(t, int64(1), h.exp.Stats().SpansDropped[exporter.DropShutdown])
}

type handlerFunc func(error)

func (f handlerFunc) Handle(err error) { f(err) }

func TestErrorsGoToOtelHandleByDefault(t *testing.T) {
	var mu sync.Mutex
	var got []error
	otel.SetErrorHandler(handlerFunc(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, err)
	}))
	t.Cleanup(func() { otel.SetErrorHandler(handlerFunc(func(error) {})) })

	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	srv.Script(noveumtest.Response{Status: 403})
	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	emitTraces(&harness{tp: tp}, 1)
	require.NoError(t, tp.Shutdown(context.Background()))

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 1)
	var herr *exporter.HTTPError
	require.True(t, errors.As(got[0], &herr))
	assert.Equal(t, 403, herr.StatusCode)
}
