package exporter_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// countingTransport counts the requests it carries and marks each with a
// header, so the receiver can tell they went through it.
type countingTransport struct {
	next     http.RoundTripper
	requests atomic.Int64
	closed   atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	r = r.Clone(r.Context())
	r.Header.Set("X-Through-Test-Client", "yes")
	return c.next.RoundTrip(r)
}

func (c *countingTransport) CloseIdleConnections() { c.closed.Add(1) }

// WithHTTPClient: every request goes through the caller's client, the
// client is left as it was given (no CheckRedirect installed on it), and
// Shutdown does not close its connections.
func TestWithHTTPClientSendsThroughTheCallersClient(t *testing.T) {
	clearEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	base := http.DefaultTransport.(*http.Transport).Clone()
	defer base.CloseIdleConnections()
	tr := &countingTransport{next: base}
	client := &http.Client{Transport: tr}

	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL), exporter.WithHTTPClient(client))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	for _, name := range []string{"a", "b"} {
		_, s := tp.Tracer("t").Start(context.Background(), name)
		s.End()
		require.NoError(t, tp.ForceFlush(context.Background()))
	}
	require.NoError(t, tp.Shutdown(context.Background()))

	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	assert.Len(t, srv.Traces(), 2)
	assert.Equal(t, int64(len(reqs)), tr.requests.Load(), "every request the receiver got went through the client")
	for _, r := range reqs {
		assert.Equal(t, "yes", r.Header.Get("X-Through-Test-Client"))
	}
	assert.Nil(t, client.CheckRedirect, "the caller's client is not changed")
	assert.Zero(t, tr.closed.Load(), "Shutdown leaves the caller's client open")
}
