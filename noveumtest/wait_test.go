package noveumtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

func TestWaitForSpansWakesOnArrival(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	type result struct {
		spans []noveumtest.Span
		err   error
	}
	done := make(chan result, 1)
	go func() {
		spans, err := srv.WaitForSpans(ctx, 4) // the fixture has 2 spans a trace
		done <- result{spans, err}
	}()

	require.Equal(t, http.StatusOK, post(t, c, srv, validBody(t)).status)
	require.Equal(t, http.StatusOK, post(t, c, srv, withTraceID(t, validBody(t), "00000000-0000-4000-8000-000000000002")).status)

	r := <-done
	require.NoError(t, r.err)
	assert.Len(t, r.spans, 4)
}

func TestWaitForSpansHonoursContext(t *testing.T) {
	srv := startServer(t)
	require.Equal(t, http.StatusOK, post(t, newClient(t), srv, validBody(t)).status)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	spans, err := srv.WaitForSpans(ctx, 3)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "2 of 3 spans")
	assert.Len(t, spans, 2, "what arrived so far")

	// Already satisfied: no waiting even with a done context.
	spans, err = srv.WaitForSpans(ctx, 2)
	require.NoError(t, err)
	assert.Len(t, spans, 2)
}

func TestWaitForTraces(t *testing.T) {
	srv := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	done := make(chan error, 1)
	go func() {
		traces, err := srv.WaitForTraces(ctx, 1)
		if err == nil && len(traces) != 1 {
			err = fmt.Errorf("got %d traces", len(traces))
		}
		done <- err
	}()
	require.Equal(t, http.StatusOK, post(t, newClient(t), srv, validBody(t)).status)
	require.NoError(t, <-done)

	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	traces, err := srv.WaitForTraces(cctx, 2)
	require.ErrorIs(t, err, context.Canceled)
	assert.Len(t, traces, 1)
}

func TestWaitReturnsOnClose(t *testing.T) {
	srv := noveumtest.NewServer()
	done := make(chan error, 1)
	go func() {
		_, err := srv.WaitForTraces(context.Background(), 1)
		done <- err
	}()
	srv.Close()
	require.ErrorIs(t, <-done, noveumtest.ErrClosed)

	_, err := srv.WaitForSpans(context.Background(), 1)
	require.ErrorIs(t, err, noveumtest.ErrClosed)
}

// TestServerConcurrentSafe posts from many goroutines while others read,
// script and wait; run it with -race.
func TestServerConcurrentSafe(t *testing.T) {
	const (
		senders = 8
		each    = 10
	)
	srv := startServer(t)
	c := newClient(t)
	body := validBody(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var wg sync.WaitGroup
	waited := make(chan error, 1)
	go func() {
		_, err := srv.WaitForSpans(ctx, senders*each*2)
		waited <- err
	}()
	for g := range senders {
		bodies := make([][]byte, each)
		for i := range bodies {
			bodies[i] = withTraceID(t, body, fmt.Sprintf("%08x-0000-4000-8000-%012x", g, i))
		}
		wg.Go(func() {
			for i, b := range bodies {
				status, err := tryPost(c, srv, b)
				assert.NoError(t, err)
				assert.Equal(t, http.StatusOK, status)
				if i%5 == 0 { // a duplicate now and then
					status, err = tryPost(c, srv, b)
					assert.NoError(t, err)
					assert.Equal(t, http.StatusOK, status)
				}
			}
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			_ = srv.Batches()
			_ = srv.Traces()
			_ = srv.Spans()
			_ = srv.Requests()
			_ = srv.IgnoredDuplicates()
			srv.Script() // appends nothing, but takes the lock
		}
	})
	wg.Wait()
	require.NoError(t, <-waited)
	close(stop)
	readers.Wait()

	assert.Len(t, srv.Traces(), senders*each)
	assert.Len(t, srv.Spans(), senders*each*2)
	assert.Equal(t, senders*(each/5), srv.IgnoredDuplicates())
	assert.Len(t, srv.Batches(), senders*each+senders*(each/5))
	assert.Len(t, srv.Requests(), senders*each+senders*(each/5))
	assert.False(t, errors.Is(ctx.Err(), context.DeadlineExceeded))
}
