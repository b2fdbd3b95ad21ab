package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
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

// sinkBuffers lend the sink 256 KiB read buffers. io.Copy into io.Discard
// would read 8 KiB at a time, and the sink, which shares the two cores with
// the exporter under test, would then cost each exporter in proportion to
// its bytes in read syscalls rather than in anything it does itself.
var sinkBuffers = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// discard is io.Discard without ReadFrom, so that io.CopyBuffer uses the
// buffer it is given.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func newSink(tb testing.TB) *sink {
	s := &sink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := sinkBuffers.Get().(*[]byte)
		n, _ := io.CopyBuffer(discard{}, r.Body, *buf)
		sinkBuffers.Put(buf)
		s.bytes.Add(n)
		s.requests.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	tb.Cleanup(s.Close)
	return s
}
