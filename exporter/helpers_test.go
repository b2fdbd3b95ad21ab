package exporter_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/goleak"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// errorLog collects what the exporter reports.
type errorLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errorLog) handle(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
}

func (l *errorLog) all() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

// drops returns the DropErrors reported for reason.
func (l *errorLog) drops(reason exporter.DropReason) []*exporter.DropError {
	var out []*exporter.DropError
	for _, err := range l.all() {
		var de *exporter.DropError
		if errors.As(err, &de) && de.Reason == reason {
			out = append(out, de)
		}
	}
	return out
}

type harness struct {
	t   *testing.T
	srv *noveumtest.Server
	exp *exporter.Exporter
	tp  *sdktrace.TracerProvider
	log *errorLog
}

// newHarness starts a receiver and an exporter sending to it, installed as
// the span processor of a fresh TracerProvider. Everything is shut down at
// the end of the test. Config options apply after the test defaults (no
// batching delay, no grace), so tests can restore them.
func newHarness(t *testing.T, srvOpts []noveumtest.Option, opts ...exporter.Option) *harness {
	t.Helper()
	h := &harness{t: t, srv: noveumtest.NewServer(append([]noveumtest.Option{noveumtest.WithGoProfile()}, srvOpts...)...), log: &errorLog{}}
	base := []exporter.Option{
		exporter.WithEndpoint(h.srv.URL),
		exporter.WithProject("unit-tests"),
		exporter.WithErrorHandler(h.log.handle),
		exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithBatchDelay(time.Minute)),
	}
	exp, err := exporter.New(context.Background(), append(base, opts...)...)
	require.NoError(t, err)
	h.exp = exp
	h.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = h.tp.Shutdown(ctx)
		h.srv.Close()
	})
	return h
}

func (h *harness) flush() {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	require.NoError(h.t, h.tp.ForceFlush(ctx))
}

// requireConserved checks that every span received was sent or dropped.
func requireConserved(t *testing.T, s exporter.Stats) {
	t.Helper()
	require.Equal(t, s.SpansReceived, s.SpansSent+s.DroppedSpans()+s.SpansPending, "spans must be conserved: %+v", s)
}

// requireAllAccepted checks that the receiver accepted every request.
func requireAllAccepted(t *testing.T, srv *noveumtest.Server) {
	t.Helper()
	for i, r := range srv.Requests() {
		require.Equal(t, 200, r.Status, "request %d rejected: %s", i, r.Error)
	}
}
