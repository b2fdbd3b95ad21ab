package exporter_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
)

func TestNextRequestGoesOutWhileOneIsHeld(t *testing.T) {
	// While the endpoint holds one request, the next goes out: its latency
	// is not paid once per request. At most two are in flight, and a flush
	// returns only once both are answered.
	arrived := make(chan struct{}, 8)
	release := make(chan struct{})
	var active, peak, answered atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		n := active.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		arrived <- struct{}{}
		<-release
		active.Add(-1)
		answered.Add(1)
	}))
	t.Cleanup(srv.Close)

	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL), exporter.WithProject("p"),
		exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithBatchDelay(time.Minute), config.WithBatchSize(1)))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	for range 4 {
		_, s := tp.Tracer("t").Start(context.Background(), "root")
		s.End()
	}
	for i := range 2 {
		select {
		case <-arrived:
		case <-time.After(30 * time.Second):
			t.Fatalf("request %d did not go out while the first was held", i+1)
		}
	}
	flushed := make(chan error, 1)
	go func() { flushed <- tp.ForceFlush(context.Background()) }()
	select {
	case err := <-flushed:
		t.Fatalf("ForceFlush returned (%v) while requests were held", err)
	default:
	}
	close(release)
	require.NoError(t, <-flushed)
	assert.Equal(t, int32(4), answered.Load(), "a flush waits for the requests in flight")
	assert.LessOrEqual(t, peak.Load(), int32(2), "at most two requests in flight")
	assert.Equal(t, int64(4), exp.Stats().SpansSent)
	require.NoError(t, tp.Shutdown(context.Background()))
}
