package exporter

import (
	"context"
	"io"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
)

// The Collector component's seam (see package exporter/internal/handoff):
// the same assembly and encoding, with the finished requests handed to a
// sink instead of being posted here.
func init() {
	handoff.WithSink = func(sink handoff.Sink) any {
		return optionFunc(func(s *settings) { s.sink = sink })
	}
	handoff.WithSalt = func(salt uint64) any {
		return optionFunc(func(s *settings) { s.salt = &salt })
	}
	handoff.Post = func(exp any, ctx context.Context, body io.Reader, size int, encoding string, traces, spans int) handoff.Result {
		e := exp.(*Exporter)
		status, retryAfter, err := e.attemptCtx(ctx, body, size, encoding, &batch{traces: traces, spans: spans})
		if err == nil {
			e.stats.spansSent.Add(int64(spans))
		}
		return handoff.Result{Status: status, RetryAfter: retryAfter, Retryable: err != nil && retryable(status), Err: err}
	}
}

// sinkConfig turns off the exporter's own compression when a sink takes
// the requests: the sink's consumer compresses when it posts.
func sinkConfig(cfg *config.Config) {
	cfg.Compression = config.CompressionNone
}

// handOff gives a finished request's traces to the sink instead of posting
// them, and accounts for them: handed over (counted as sent by the
// exporter; the Collector's queue takes it from there) or dropped.
func (s *courier) handOff(b batch) {
	e := s.e
	traces := make([]handoff.Trace, 0, b.traces)
	for _, c := range b.chunks {
		for _, t := range c.traces {
			buf := make([]byte, 0, t.size())
			t.pieces(func(p []byte) { buf = append(buf, p...) })
			traces = append(traces, handoff.Trace{JSON: buf, Spans: len(t.spans)})
		}
	}
	e.stats.bytesUncompressed.Add(int64(b.raw))
	if err := e.sink(e.ctx, traces); err != nil {
		s.dropBatch(&b, DropQueueFull, err)
		return
	}
	settleTraces(e, s.wholes, &b, false, 0)
}
