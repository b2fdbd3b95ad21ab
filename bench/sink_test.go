package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// sink is a loopback HTTP endpoint that reads and discards request bodies,
// answers 200 and counts the bytes it received as sent (compressed when the
// client compresses).
type sink struct {
	*httptest.Server
	bytes    atomic.Int64
	requests atomic.Int64
}

func newSink(tb testing.TB) *sink {
	s := &sink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		s.bytes.Add(n)
		s.requests.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	tb.Cleanup(s.Close)
	return s
}
