package exporter_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// The exporter frames deflate segments compressed on several goroutines
// into one gzip member. Decoders that read a single member (Python's zlib
// with wbits=31, many HTTP stacks) must get the whole body from it, and
// its CRC-32 and size must check out.
func TestGzipBodyIsOneValidMember(t *testing.T) {
	var mu sync.Mutex
	var bodies [][]byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, b)
		mu.Unlock()
	}))
	defer srv.Close()
	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL+"/api"), exporter.WithGzip(),
		exporter.WithConfigOptions(config.WithTraceGrace(0)))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	for i := range 200 {
		emitAgentTrace(context.Background(), tp.Tracer("t"), string(rune('a'+i%26)))
	}
	require.NoError(t, tp.Shutdown(context.Background()))

	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, bodies)
	for _, raw := range bodies {
		in := bytes.NewReader(raw)
		zr, err := gzip.NewReader(in)
		require.NoError(t, err)
		zr.Multistream(false)
		plain, err := io.ReadAll(zr) // checks the CRC-32 and size
		require.NoError(t, err)
		assert.Zero(t, in.Len(), "nothing may follow the first member")
		require.NoError(t, noveumtest.ValidateBatch(plain))
	}
}

func TestCompressionLevelTradesSizeForSpeed(t *testing.T) {
	sent := func(level int) int64 {
		h := newHarness(t, nil, exporter.WithGzip(), exporter.WithConfigOptions(config.WithCompressionLevel(level)))
		for i := range 50 {
			emitAgentTrace(context.Background(), h.tp.Tracer("t"), string(rune('a'+i%26)))
		}
		h.flush()
		requireAllAccepted(t, h.srv)
		require.Len(t, h.srv.Traces(), 50)
		return h.exp.Stats().BytesSent
	}
	fast, small := sent(1), sent(9)
	assert.Less(t, small, fast, "level 9 compresses better than level 1")
}
