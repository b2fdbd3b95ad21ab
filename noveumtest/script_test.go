package noveumtest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

func TestScriptSequence(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	body := validBody(t)
	date := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC).Format(http.TimeFormat)
	srv.Script(
		noveumtest.Response{Status: http.StatusServiceUnavailable, RetryAfter: "2"},
		noveumtest.Response{Status: http.StatusTooManyRequests, RetryAfter: date},
	)
	srv.Script(noveumtest.Response{Status: http.StatusInternalServerError, Body: "oops"})

	r := post(t, c, srv, body)
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "2", r.header.Get("Retry-After"))
	assert.Equal(t, "Service Unavailable", errorMessage(t, r))

	r = post(t, c, srv, body)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, date, r.header.Get("Retry-After"))

	r = post(t, c, srv, body)
	assert.Equal(t, http.StatusInternalServerError, r.status)
	assert.Equal(t, "oops", r.body)
	assert.Equal(t, "text/plain; charset=utf-8", r.header.Get("Content-Type"))
	assert.Empty(t, srv.Traces(), "scripted answers record nothing")

	r = post(t, c, srv, body)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.Empty(t, r.header.Get("Retry-After"))
	assert.Len(t, srv.Traces(), 1)

	reqs := srv.Requests()
	require.Len(t, reqs, 4)
	for i, want := range []int{503, 429, 500, 200} {
		assert.Equal(t, want, reqs[i].Status)
		assert.Equal(t, i < 3, reqs[i].Scripted)
		assert.Equal(t, body, reqs[i].Body, "the body of a scripted request is kept")
	}
	assert.Equal(t, "scripted 503", reqs[0].Error)
}

func TestScriptSkipsOtherPaths(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	srv.Script(noveumtest.Response{Status: http.StatusServiceUnavailable})

	req := newRequest(t, context.Background(), srv.URL+"/v1/other", validBody(t))
	assert.Equal(t, http.StatusNotFound, send(t, c, req).status)
	assert.Equal(t, http.StatusServiceUnavailable, post(t, c, srv, validBody(t)).status)
}

func TestScriptedSuccessRecordsNothing(t *testing.T) {
	srv := startServer(t)
	srv.Script(noveumtest.Response{Status: http.StatusAccepted})
	r := post(t, newClient(t), srv, validBody(t))
	assert.Equal(t, http.StatusAccepted, r.status)
	assert.JSONEq(t, `{"success":true}`, r.body)
	assert.Empty(t, srv.Batches())
}

func TestScriptDelayThenNormalHandling(t *testing.T) {
	srv := startServer(t)
	srv.Script(noveumtest.Response{Delay: 10 * time.Millisecond})
	start := time.Now()
	r := post(t, newClient(t), srv, validBody(t))
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.GreaterOrEqual(t, time.Since(start), 10*time.Millisecond)
	assert.Len(t, srv.Traces(), 1)
	assert.True(t, srv.Requests()[0].Scripted)
}

func TestScriptDropConnection(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	srv.Script(noveumtest.Response{DropConnection: true, Status: http.StatusOK})

	resp, err := c.Do(newRequest(t, context.Background(), srv.URL+"/v1/traces", validBody(t)))
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "a dropped connection is a client error")

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	assert.Zero(t, reqs[0].Status)
	assert.Contains(t, reqs[0].Error, "dropped")
	assert.Empty(t, srv.Traces())

	require.Equal(t, http.StatusOK, post(t, c, srv, validBody(t)).status)
}

func TestScriptDelayAbortsOnClose(t *testing.T) {
	srv := noveumtest.NewServer()
	c := newClient(t)
	srv.Script(noveumtest.Response{Delay: time.Hour, Status: http.StatusOK})

	req := newRequest(t, context.Background(), srv.URL+"/v1/traces", validBody(t))
	errc := make(chan error, 1)
	go func() {
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	// The request is listed before its delay starts, and Close aborts a
	// delay whether or not it has started.
	require.Eventually(t, func() bool { return len(srv.Requests()) == 1 }, 10*time.Second, time.Millisecond)

	start := time.Now()
	srv.Close()
	assert.Less(t, time.Since(start), 5*time.Second, "Close waited for the delay")
	assert.Error(t, <-errc, "the client gets no answer")
	assert.Contains(t, srv.Requests()[0].Error, "server closed")
}

func TestScriptDelayHonoursClientContext(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	srv.Script(noveumtest.Response{Delay: time.Hour})

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	resp, err := c.Do(newRequest(t, ctx, srv.URL+"/v1/traces", validBody(t)))
	if err == nil {
		resp.Body.Close()
	}
	require.True(t, errors.Is(err, context.DeadlineExceeded), "err = %v", err)

	require.Eventually(t, func() bool {
		return srv.Requests()[0].Error != ""
	}, 10*time.Second, time.Millisecond)
	assert.Contains(t, srv.Requests()[0].Error, "client gone")
	assert.Equal(t, http.StatusOK, post(t, c, srv, validBody(t)).status)
}
