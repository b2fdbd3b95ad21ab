package noveumtest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

func TestAcceptsValidBatch(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	body := validBody(t)

	r := post(t, c, srv, body)
	require.Equal(t, http.StatusOK, r.status, r.body)
	assert.JSONEq(t, `{"success":true,"traces_received":1}`, r.body)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))

	assert.True(t, strings.HasSuffix(srv.URL, "/api"), srv.URL)

	batches := srv.Batches()
	require.Len(t, batches, 1)
	assert.InDelta(t, 1795727703.31913, batches[0].Timestamp, 1e-6)

	traces := srv.Traces()
	require.Len(t, traces, 1)
	tr := traces[0]
	assert.Equal(t, "4bf92f35-77b3-4da6-a3ce-929d0e0e4736", tr.TraceID)
	assert.Equal(t, "agent.planner", tr.Name)
	assert.Equal(t, "2026-11-26T21:15:03.217626+00:00", tr.StartTime)
	assert.Equal(t, "error", tr.Status)
	require.NotNil(t, tr.StatusMessage)
	assert.Equal(t, "tool failed", *tr.StatusMessage)
	assert.Equal(t, 2, tr.SpanCount)
	assert.Equal(t, 1, tr.ErrorCount)
	require.NotNil(t, tr.Metadata.UserID)
	assert.Equal(t, "u-42", *tr.Metadata.UserID)
	assert.Nil(t, tr.Metadata.RequestID)
	assert.Equal(t, map[string]string{"team": "search"}, tr.Metadata.Tags)
	assert.Equal(t, noveumtest.SDK{Name: "noveum-trace-go", Version: "0.1.0"}, tr.SDK)
	assert.Equal(t, "support-bot", tr.Project)
	assert.Equal(t, "1.2.3", tr.ServiceVersion)
	assert.Equal(t, "2.0", tr.SchemaVersion)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", tr.OTel.TraceID)

	root, ok := tr.SpanByName("agent.planner")
	require.True(t, ok)
	assert.Nil(t, root.ParentSpanID)
	assert.Nil(t, root.OTel.ParentSpanID)
	require.NotNil(t, root.Exception)
	assert.Equal(t, "ToolError", root.Exception.Type)
	assert.Nil(t, root.Exception.StackTrace)
	require.Len(t, root.Events, 1)
	assert.Equal(t, "exception", root.Events[0].Name)

	llm, ok := tr.SpanByName("llm.gpt-4o")
	require.True(t, ok)
	require.NotNil(t, llm.ParentSpanID)
	assert.Equal(t, root.SpanID, *llm.ParentSpanID)
	assert.Equal(t, "CLIENT", llm.OTel.Kind)
	assert.Equal(t, noveumtest.SpanStatus{Code: "UNSET", Message: ""}, llm.OTel.Status)
	assert.Equal(t, noveumtest.Scope{Name: "example.com/bot", Version: "1.0.0"}, llm.OTel.Scope)
	require.Len(t, llm.Links, 1)
	assert.Nil(t, llm.Exception)

	v, ok := llm.Attr("big.int")
	require.True(t, ok)
	assert.Equal(t, json.Number("9007199254740993"), v, "integers must stay exact")
	v, _ = llm.Attr("llm.streaming")
	assert.Equal(t, false, v)
	_, ok = llm.Attr("absent")
	assert.False(t, ok)
	_, ok = tr.SpanByName("absent")
	assert.False(t, ok)

	assert.Len(t, srv.Spans(), 2)

	reqs := srv.Requests()
	require.Len(t, reqs, 1)
	rq := reqs[0]
	assert.Equal(t, http.MethodPost, rq.Method)
	assert.Equal(t, "/api/v1/traces", rq.Path)
	assert.Equal(t, http.StatusOK, rq.Status)
	assert.Empty(t, rq.Error)
	assert.False(t, rq.Scripted)
	assert.Equal(t, "Bearer [redacted]", rq.Header.Get("Authorization"))
	assert.Equal(t, testUA, rq.Header.Get("User-Agent"))
	assert.Equal(t, body, rq.Body)
	assert.Equal(t, int64(len(body)), rq.WireSize)
	assert.False(t, rq.Time.IsZero())
}

func TestReturnsCopies(t *testing.T) {
	srv := startServer(t)
	require.Equal(t, http.StatusOK, post(t, newClient(t), srv, validBody(t)).status)

	tr := srv.Traces()[0]
	tr.Attributes["service.name"] = "changed"
	tr.Spans[1].Attributes["gen_ai.response.finish_reasons"].([]any)[0] = "changed"
	*tr.Metadata.UserID = "changed"
	srv.Requests()[0].Body[0] = 'X'
	srv.Batches()[0].Traces[0].Name = "changed"

	again := srv.Traces()[0]
	assert.Equal(t, "support-bot", again.Attributes["service.name"])
	assert.Equal(t, "stop", again.Spans[1].Attributes["gen_ai.response.finish_reasons"].([]any)[0])
	assert.Equal(t, "u-42", *again.Metadata.UserID)
	assert.Equal(t, byte('{'), srv.Requests()[0].Body[0])
	assert.Equal(t, "agent.planner", srv.Batches()[0].Traces[0].Name)
}

func TestRejectsInvalidBatch(t *testing.T) {
	for _, tc := range invalidBodies(t) {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t)
			r := post(t, newClient(t), srv, tc.body)
			require.Equal(t, http.StatusBadRequest, r.status, r.body)
			msg := errorMessage(t, r)
			for _, want := range tc.want {
				assert.Contains(t, msg, want)
			}
			assert.Empty(t, srv.Batches())
			assert.Empty(t, srv.Traces())
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, http.StatusBadRequest, reqs[0].Status)
			assert.Equal(t, msg, reqs[0].Error)
			assert.Equal(t, tc.body, reqs[0].Body)
		})
	}
}

func TestGzip(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	body := validBody(t)
	zbody := gzipped(t, body)

	req := newRequest(t, context.Background(), srv.URL+"/v1/traces", zbody)
	req.Header.Set("Content-Encoding", "gzip")
	r := send(t, c, req)
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Len(t, srv.Traces(), 1)
	rq := srv.Requests()[0]
	assert.Equal(t, body, rq.Body)
	assert.Equal(t, int64(len(zbody)), rq.WireSize)

	req = newRequest(t, context.Background(), srv.URL+"/v1/traces", []byte("not gzip at all"))
	req.Header.Set("Content-Encoding", "gzip")
	r = send(t, c, req)
	assert.Equal(t, http.StatusBadRequest, r.status, r.body)
	assert.Contains(t, errorMessage(t, r), "gzip")

	truncated := zbody[:len(zbody)-8] // no checksum trailer
	req = newRequest(t, context.Background(), srv.URL+"/v1/traces", truncated)
	req.Header.Set("Content-Encoding", "gzip")
	assert.Equal(t, http.StatusBadRequest, send(t, c, req).status)

	req = newRequest(t, context.Background(), srv.URL+"/v1/traces", body)
	req.Header.Set("Content-Encoding", "br")
	r = send(t, c, req)
	assert.Equal(t, http.StatusUnsupportedMediaType, r.status, r.body)
	assert.Contains(t, errorMessage(t, r), "br")

	assert.Len(t, srv.Traces(), 1)
}

func TestRejectsRequests(t *testing.T) {
	body := validBody(t)
	tests := []struct {
		name   string
		opts   []noveumtest.Option
		path   string // after srv.URL's host; default /api/v1/traces
		method string
		header map[string]string // "" deletes
		body   []byte
		status int
	}{
		{name: "ok", status: http.StatusOK},
		{name: "json with charset", header: map[string]string{"Content-Type": "application/json; charset=utf-8"}, status: http.StatusOK},
		{name: "path without prefix", path: "/v1/traces", status: http.StatusNotFound},
		{name: "path with trailing slash", path: "/api/v1/traces/", status: http.StatusNotFound},
		{name: "other path", path: "/api/v1/image", status: http.StatusNotFound},
		{name: "GET", method: http.MethodGet, status: http.StatusMethodNotAllowed},
		{name: "PUT", method: http.MethodPut, status: http.StatusMethodNotAllowed},
		{name: "text content type", header: map[string]string{"Content-Type": "text/plain"}, status: http.StatusUnsupportedMediaType},
		{name: "no content type", header: map[string]string{"Content-Type": ""}, status: http.StatusUnsupportedMediaType},
		{name: "no user agent", header: map[string]string{"User-Agent": ""}, status: http.StatusForbidden},
		{name: "go default user agent", header: map[string]string{"User-Agent": "Go-http-client/1.1"}, status: http.StatusForbidden},
		{name: "python sdk user agent", header: map[string]string{"User-Agent": "noveum-trace-sdk/1.5.17"}, status: http.StatusOK},
		{name: "go profile wants ours", opts: []noveumtest.Option{noveumtest.WithGoProfile()}, header: map[string]string{"User-Agent": "noveum-trace-sdk/1.5.17"}, status: http.StatusForbidden},
		{name: "go profile, ours", opts: []noveumtest.Option{noveumtest.WithGoProfile()}, status: http.StatusOK},
		{name: "no auth, dev mode", header: map[string]string{"Authorization": ""}, status: http.StatusOK},
		{name: "empty bearer", header: map[string]string{"Authorization": "Bearer "}, status: http.StatusUnauthorized},
		{name: "basic auth", header: map[string]string{"Authorization": "Basic dXNlcjpwdw=="}, status: http.StatusUnauthorized},
		{name: "right key", opts: []noveumtest.Option{noveumtest.WithAPIKey("test-key")}, status: http.StatusOK},
		{name: "wrong key", opts: []noveumtest.Option{noveumtest.WithAPIKey("other")}, status: http.StatusUnauthorized},
		{name: "missing key", opts: []noveumtest.Option{noveumtest.WithAPIKey("test-key")}, header: map[string]string{"Authorization": ""}, status: http.StatusUnauthorized},
		{name: "too large", opts: []noveumtest.Option{noveumtest.WithMaxBodyBytes(100)}, status: http.StatusRequestEntityTooLarge},
		{name: "fits limit", opts: []noveumtest.Option{noveumtest.WithMaxBodyBytes(int64(len(body)))}, status: http.StatusOK},
		{name: "not json", body: []byte("{"), status: http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, tc.opts...)
			path, method, b := tc.path, tc.method, tc.body
			if path == "" {
				path = "/api/v1/traces"
			}
			if method == "" {
				method = http.MethodPost
			}
			if b == nil {
				b = body
			}
			newReq := func(base string) *http.Request {
				req := newRequest(t, context.Background(), base+path, b)
				req.Method = method
				for k, v := range tc.header {
					req.Header.Set(k, v) // net/http omits an empty User-Agent
					if v == "" && k != "User-Agent" {
						req.Header.Del(k)
					}
				}
				return req
			}
			r := send(t, newClient(t), newReq(strings.TrimSuffix(srv.URL, "/api")))
			if tc.status != http.StatusNotFound {
				// NewHandler, mounted at the traces path, answers alike
				// (routing is the mux's: 404 is not its to give).
				var accepted int
				hs := startHandler(t, func(b noveumtest.Batch) error { accepted += len(b.Traces); return nil }, tc.opts...)
				hr := send(t, newClient(t), newReq(hs.URL))
				assert.Equal(t, r.status, hr.status, "NewHandler: %s", hr.body)
				assert.Equal(t, r.body, hr.body, "NewHandler's answer")
				assert.Equal(t, r.header.Get("Allow"), hr.header.Get("Allow"))
				assert.Equal(t, len(srv.Traces()), accepted, "traces NewHandler accepted")
			}
			require.Equal(t, tc.status, r.status, r.body)
			assert.Equal(t, "application/json", r.header.Get("Content-Type"))
			reqs := srv.Requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tc.status, reqs[0].Status)
			if tc.status != http.StatusOK {
				errorMessage(t, r)
				assert.NotEmpty(t, reqs[0].Error)
				assert.Empty(t, srv.Traces())
			} else {
				assert.Len(t, srv.Traces(), 1)
			}
			if tc.status == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, r.header.Get("Allow"))
			}
		})
	}
}

func TestRedactsAuthorization(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	for _, auth := range []string{"Bearer secret", "secret", "Bearer "} {
		req := newRequest(t, context.Background(), srv.URL+"/v1/traces", []byte("{}"))
		req.Header.Set("Authorization", auth)
		send(t, c, req)
	}
	var got []string
	for _, r := range srv.Requests() {
		got = append(got, r.Header.Get("Authorization"))
	}
	// net/http trims the space of "Bearer ", and an empty token stays visible.
	assert.Equal(t, []string{"Bearer [redacted]", "[redacted]", "Bearer"}, got)
}

func TestDuplicatesIgnoredAndCounted(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	body := validBody(t)
	for range 2 {
		r := post(t, c, srv, body)
		require.Equal(t, http.StatusOK, r.status, r.body)
	}
	other := withTraceID(t, body, "00000000-0000-4000-8000-000000000001")
	require.Equal(t, http.StatusOK, post(t, c, srv, other).status)

	assert.Len(t, srv.Batches(), 3, "batches are kept as sent")
	traces := srv.Traces()
	require.Len(t, traces, 2, "a trace_id is stored once")
	assert.Equal(t, "00000000-0000-4000-8000-000000000001", traces[1].TraceID)
	assert.Len(t, srv.Spans(), 4)
	assert.Equal(t, 1, srv.IgnoredDuplicates())
}

func TestReset(t *testing.T) {
	srv := startServer(t)
	c := newClient(t)
	body := validBody(t)
	require.Equal(t, http.StatusOK, post(t, c, srv, body).status)
	require.Equal(t, http.StatusOK, post(t, c, srv, body).status)
	srv.Script(noveumtest.Response{Status: http.StatusServiceUnavailable})

	srv.Reset()
	assert.Empty(t, srv.Batches())
	assert.Empty(t, srv.Traces())
	assert.Empty(t, srv.Spans())
	assert.Empty(t, srv.Requests())
	assert.Zero(t, srv.IgnoredDuplicates())

	// The script is gone and the trace_id may be sent again.
	require.Equal(t, http.StatusOK, post(t, c, srv, body).status)
	assert.Len(t, srv.Traces(), 1)
	assert.Zero(t, srv.IgnoredDuplicates())
}

func TestCloseTwice(t *testing.T) {
	srv := noveumtest.NewServer()
	require.Equal(t, http.StatusOK, post(t, newClient(t), srv, validBody(t)).status)
	srv.Close()
	srv.Close()
	assert.Len(t, srv.Traces(), 1, "records survive Close")
}

// The Python SDK's body, posted as it was sent (its User-Agent included),
// is accepted and recorded: the receiver is no stricter than the service.
func TestServerAcceptsPythonSDKBody(t *testing.T) {
	srv := startServer(t)
	body, err := os.ReadFile("testdata/python-sdk-1.5.17-batch.json")
	require.NoError(t, err)
	req := newRequest(t, context.Background(), srv.URL+"/v1/traces", body)
	req.Header.Set("User-Agent", "noveum-trace-sdk/1.5.17")
	r := send(t, newClient(t), req)
	require.Equal(t, http.StatusOK, r.status, r.body)
	traces := srv.Traces()
	require.Len(t, traces, 1)
	assert.Equal(t, "support-request", traces[0].Name)
	assert.Len(t, traces[0].Spans, 3)
	assert.Equal(t, "noveum-trace-sdk/1.5.17", srv.Requests()[0].Header.Get("User-Agent"))
}
