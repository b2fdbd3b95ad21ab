package noveumtest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

const testUA = "noveum-trace-go/0.0.0-test"

// validBody returns the hand-written fixture, a valid one-trace batch.
func validBody(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/valid_batch.json")
	require.NoError(t, err)
	return b
}

// edit decodes body, lets f change it and encodes it again.
func edit(t testing.TB, body []byte, f func(doc map[string]any)) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc map[string]any
	require.NoError(t, dec.Decode(&doc))
	f(doc)
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	return out
}

// firstTrace and span reach into a decoded body for edit functions.
func firstTrace(doc map[string]any) map[string]any {
	return doc["traces"].([]any)[0].(map[string]any)
}

func span(doc map[string]any, i int) map[string]any {
	return firstTrace(doc)["spans"].([]any)[i].(map[string]any)
}

// withTraceID gives the fixture's trace (and its spans) another trace_id.
func withTraceID(t testing.TB, body []byte, id string) []byte {
	return edit(t, body, func(doc map[string]any) {
		tr := firstTrace(doc)
		tr["trace_id"] = id
		for _, s := range tr["spans"].([]any) {
			s.(map[string]any)["trace_id"] = id
		}
	})
}

func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func startServer(t testing.TB, opts ...noveumtest.Option) *noveumtest.Server {
	t.Helper()
	srv := noveumtest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// startHandler serves NewHandler(accept, opts...) at /api/v1/traces of an
// httptest server, behind a mux as a user would mount it.
func startHandler(t testing.TB, accept func(noveumtest.Batch) error, opts ...noveumtest.Option) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/api/v1/traces", noveumtest.NewHandler(accept, opts...))
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return hs
}

// newClient returns a client whose idle connections are closed at cleanup,
// so goleak sees no stray transport goroutines.
func newClient(t testing.TB) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// newRequest builds a request the way a well-behaved exporter sends it.
func newRequest(t testing.TB, ctx context.Context, url string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", testUA)
	req.Header.Set("Authorization", "Bearer test-key")
	return req
}

type reply struct {
	status int
	header http.Header
	body   string
}

// send performs req and reads the whole answer.
func send(t testing.TB, c *http.Client, req *http.Request) reply {
	t.Helper()
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{resp.StatusCode, resp.Header, string(b)}
}

// post sends body to the traces endpoint of srv with the default headers.
func post(t testing.TB, c *http.Client, srv *noveumtest.Server, body []byte) reply {
	t.Helper()
	return send(t, c, newRequest(t, context.Background(), srv.URL+"/v1/traces", body))
}

// errorMessage decodes a {"error": "..."} answer.
func errorMessage(t testing.TB, r reply) string {
	t.Helper()
	var v struct {
		Error string `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &v), "body: %s", r.body)
	require.NotEmpty(t, v.Error, "body: %s", r.body)
	return v.Error
}

// tryPost is post for goroutines other than the test's: it reports instead
// of failing the test.
func tryPost(c *http.Client, srv *noveumtest.Server, body []byte) (int, error) {
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/traces", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", testUA)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}
