package localserver

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"

	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// answer is what a receiver answered to one request.
type answer struct {
	status      int
	body        string
	allow       string
	contentType string
}

func send(t *testing.T, method, url string, body []byte, header http.Header) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, string(b), resp.Header.Get("Allow"), resp.Header.Get("Content-Type")}
}

// collectorBody compresses a body as the Collector component's queue
// consumer does (exporter/noveumexporter/queue.go: klauspost's gzip at the
// configured level).
func collectorBody(t *testing.T, body []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := kgzip.NewWriterLevel(&buf, kgzip.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The local endpoint and noveumtest's receiver are one handler: every
// request, accepted or refused, gets the same status and the same body from
// both, and they accept the same traces. Should the local endpoint grow
// rules of its own again, this fails.
func TestIngestAnswersAsNoveumtest(t *testing.T) {
	valid := validBatch(t)
	python, err := os.ReadFile("../../noveumtest/testdata/python-sdk-1.5.17-batch.json")
	if err != nil {
		t.Fatal(err)
	}
	invalid := bytes.Replace(valid, []byte(`"status": "ok"`), []byte(`"status": "fine"`), 1)
	if bytes.Equal(invalid, valid) {
		t.Fatal("could not make an invalid body from the valid one")
	}
	// What each SDK sends; the cases below change one thing.
	goSDK := http.Header{"Content-Type": {"application/json"}, "User-Agent": {"noveum-trace-go/" + exporter.Version},
		"Authorization": {"Bearer nv_local_key"}}
	with := func(h http.Header, kv ...string) http.Header {
		h = h.Clone()
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" && kv[i] != "User-Agent" { // net/http omits an empty User-Agent, else sends its own
				h.Del(kv[i])
			} else {
				h.Set(kv[i], kv[i+1])
			}
		}
		return h
	}
	pythonSDK := with(goSDK, "User-Agent", "noveum-trace-sdk/1.5.17")
	collector := with(goSDK, "Content-Encoding", "gzip")

	tests := []struct {
		name    string
		method  string
		header  http.Header
		body    []byte
		limit   int64 // body limit of both receivers; 0 for the default
		status  int
		accepts bool
	}{
		{name: "Python SDK body", header: pythonSDK, body: python, status: http.StatusOK, accepts: true},
		{name: "Collector component, gzip", header: collector, body: collectorBody(t, valid), status: http.StatusOK, accepts: true},
		{name: "Go exporter, plain", header: goSDK, body: valid, status: http.StatusOK, accepts: true},
		{name: "no key", header: with(goSDK, "Authorization", ""), body: valid, status: http.StatusOK, accepts: true},
		{name: "json with charset", header: with(goSDK, "Content-Type", "application/json; charset=utf-8"), body: valid, status: http.StatusOK, accepts: true},
		{name: "no User-Agent", header: with(pythonSDK, "User-Agent", ""), body: python, status: http.StatusForbidden},
		{name: "Go's default User-Agent", header: with(goSDK, "User-Agent", "Go-http-client/1.1"), body: valid, status: http.StatusForbidden},
		{name: "not a bearer token", header: with(goSDK, "Authorization", "Basic dXNlcjpwdw=="), body: valid, status: http.StatusUnauthorized},
		{name: "empty bearer token", header: with(goSDK, "Authorization", "Bearer "), body: valid, status: http.StatusUnauthorized},
		{name: "text/plain", header: with(goSDK, "Content-Type", "text/plain"), body: valid, status: http.StatusUnsupportedMediaType},
		{name: "no Content-Type", header: with(goSDK, "Content-Type", ""), body: valid, status: http.StatusUnsupportedMediaType},
		{name: "identity encoding", header: with(goSDK, "Content-Encoding", "identity"), body: valid, status: http.StatusUnsupportedMediaType},
		{name: "br encoding", header: with(goSDK, "Content-Encoding", "br"), body: valid, status: http.StatusUnsupportedMediaType},
		{name: "bad gzip", header: collector, body: valid, status: http.StatusBadRequest},
		{name: "schema violation", header: goSDK, body: invalid, status: http.StatusBadRequest},
		{name: "not JSON", header: goSDK, body: []byte("{not json"), status: http.StatusBadRequest},
		{name: "GET", method: http.MethodGet, header: goSDK, status: http.StatusMethodNotAllowed},
		{name: "too large", header: goSDK, body: valid, limit: 100, status: http.StatusRequestEntityTooLarge},
		{name: "too large decoded", header: collector, body: collectorBody(t, valid), limit: 100, status: http.StatusRequestEntityTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			var nopts []noveumtest.Option
			if tc.limit > 0 {
				opts = append(opts, optionFunc(func(c *config) { c.maxBody = tc.limit }))
				nopts = append(nopts, noveumtest.WithMaxBodyBytes(tc.limit))
			}
			local, err := New(t.TempDir(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer local.Close()
			hs := httptest.NewServer(local)
			defer hs.Close()
			ref := noveumtest.NewServer(nopts...)
			defer ref.Close()

			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			got := send(t, method, hs.URL+tracesPath, tc.body, tc.header)
			want := send(t, method, ref.URL+"/v1/traces", tc.body, tc.header)
			if got.status != tc.status {
				t.Errorf("local endpoint: %d %s, want %d", got.status, got.body, tc.status)
			}
			if got.status != want.status || got.body != want.body || got.allow != want.allow || got.contentType != want.contentType {
				t.Errorf("local endpoint answered %+v, noveumtest %+v", got, want)
			}
			if n, m := local.Traces(), len(ref.Traces()); n != m || (n > 0) != tc.accepts {
				t.Errorf("local endpoint holds %d traces, noveumtest %d; accepted: %v", n, m, tc.accepts)
			}
		})
	}
}

// The exporter's requests, with an API key set, plain and gzip, are stored:
// the local endpoint takes any key.
func TestExporterRequestsWithKey(t *testing.T) {
	for _, opts := range [][]exporter.Option{
		{exporter.WithAPIKey("nv_local_test_key")},
		{exporter.WithAPIKey("nv_local_test_key"), exporter.WithGzip()},
	} {
		_, hs := startServer(t, t.TempDir())
		sendTraces(t, hs.URL, opts...) // fails on any export error, a 401 among them
		if n := len(list(t, hs.URL, "").Traces); n != 2 {
			t.Errorf("%d traces stored, want 2", n)
		}
	}
}

// A store that cannot write answers 500 naming the failure, and the trace
// is not listed.
func TestIngestStoreFailure(t *testing.T) {
	s, hs := startServer(t, t.TempDir())
	s.store.mu.Lock()
	f := s.store.file
	s.store.file = nil // as after a failed reopen
	s.store.mu.Unlock()
	defer func() {
		s.store.mu.Lock()
		s.store.file = f
		s.store.mu.Unlock()
	}()
	code, body := post(t, hs.URL, validBatch(t), nil)
	if code != http.StatusInternalServerError || !bytes.Contains([]byte(body), []byte("restart noveum-local")) {
		t.Errorf("%d %s, want 500 naming the failure", code, body)
	}
	if n := len(list(t, hs.URL, "").Traces); n != 0 {
		t.Errorf("%d traces listed, want 0", n)
	}
}
