package noveumexporter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"net/http"
	"sync"
	"time"
	"unsafe"

	"github.com/klauspost/compress/gzip"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/zap"

	"github.com/Noveum/noveum-trace-go/exporter/internal/handoff"
	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

// The sending queue holds sealed traces, not spans. They travel in a
// carrier ptrace.Traces: one span per sealed trace, holding the trace's
// finished Noveum JSON object and its span count. A carrier is an ordinary
// ptrace.Traces, so the exporterhelper queue (in memory, or persistent
// through a storage extension), its optional batching (merging carriers
// concatenates trace lists; splitting cuts between traces) and
// retry_on_failure (retrying the part that failed) all work unchanged, with
// the queue's stable API.
const (
	carrierScope = "github.com/Noveum/noveum-trace-go/exporter/noveumexporter/sealed"
	keyJSON      = "trace_json"
	keySpans     = "span_count"
)

// carrier packs sealed traces.
func carrier(traces []handoff.Trace) ptrace.Traces {
	td := ptrace.NewTraces()
	ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
	ss.Scope().SetName(carrierScope)
	spans := ss.Spans()
	spans.EnsureCapacity(len(traces))
	for _, t := range traces {
		sp := spans.AppendEmpty()
		// A string shares the buffer, which nothing writes to once the
		// trace is sealed (the handoff gives each trace its own); a bytes
		// value would copy it. The JSON is valid UTF-8, as proto strings
		// must be.
		sp.Attributes().PutStr(keyJSON, unsafe.String(unsafe.SliceData(t.JSON), len(t.JSON)))
		sp.Attributes().PutInt(keySpans, int64(t.Spans))
	}
	return td
}

// unpack reads the sealed traces of a carrier (or of several merged).
func unpack(td ptrace.Traces) []handoff.Trace {
	out := make([]handoff.Trace, 0, td.SpanCount())
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				attrs := spans.At(k).Attributes()
				js, ok := attrs.Get(keyJSON)
				if !ok {
					continue
				}
				n, _ := attrs.Get(keySpans)
				// Read without a copy: the bytes are only read (post appends
				// them to the body).
				str := js.Str()
				out = append(out, handoff.Trace{JSON: unsafe.Slice(unsafe.StringData(str), len(str)), Spans: int(n.Int())})
			}
		}
	}
	return out
}

// enqueue is the SDK exporter's sink: a finished request's traces go into
// the sending queue. It runs on the SDK exporter's sender goroutine; a full
// queue (without block_on_overflow) drops them, counted and reported by the
// SDK's exporter.
func (x *tracesExporter) enqueue(ctx context.Context, traces []handoff.Trace) error {
	return x.inner.ConsumeTraces(ctx, carrier(traces))
}

// push is the queue's consumer: it posts the traces of a carrier, once per
// call (retry_on_failure repeats), with the SDK's HTTP code. As in the SDK,
// a 413 halves the request down to single traces, and a 400 does the same
// within a bound so a refused trace costs only itself. Failures that no
// retry fixes are permanent; 408, 429, 5xx and connection errors are
// retryable, honouring Retry-After; when part of the request went through,
// only the rest is retried.
func (x *tracesExporter) push(ctx context.Context, td ptrace.Traces) error {
	x.mu.Lock()
	core := x.core
	x.mu.Unlock()
	if core == nil {
		return errors.New("noveum exporter: not started")
	}
	traces := unpack(td)
	if len(traces) == 0 {
		return nil
	}
	refusals := 4 * bits.Len(uint(len(traces)))
	work := [][]handoff.Trace{traces}
	var dropped []error
	for len(work) > 0 {
		j := work[len(work)-1]
		work = work[:len(work)-1]
		res := x.post(ctx, core, j)
		switch {
		case res.Err == nil:
			continue
		case res.Status == http.StatusRequestEntityTooLarge || res.Status == http.StatusBadRequest:
			if res.Status == http.StatusBadRequest {
				refusals--
			}
			if len(j) >= 2 && (res.Status == http.StatusRequestEntityTooLarge || refusals >= 0) {
				half := len(j) / 2
				work = append(work, j[half:], j[:half]) // the first half goes first
				continue
			}
			dropped = append(dropped, fmt.Errorf("%d traces dropped: %w", len(j), res.Err))
		case res.Retryable:
			var rest []handoff.Trace
			rest = append(rest, j...)
			for _, w := range work {
				rest = append(rest, w...)
			}
			var err error = res.Err
			if res.RetryAfter > 0 {
				err = exporterhelper.NewThrottleRetry(err, res.RetryAfter)
			}
			for _, d := range dropped {
				x.log.Warn("noveum exporter", zap.Error(d))
			}
			if len(rest) < len(traces) {
				return consumererror.NewTraces(err, carrier(rest))
			}
			return err
		default:
			dropped = append(dropped, fmt.Errorf("%d traces dropped: %w", len(j), res.Err))
		}
	}
	if len(dropped) > 0 {
		return consumererror.NewPermanent(errors.Join(dropped...))
	}
	return nil
}

// bodies holds request body buffers for reuse.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// post sends traces as one request body.
func (x *tracesExporter) post(ctx context.Context, core any, traces []handoff.Trace) handoff.Result {
	spans, size := 0, 64
	for _, t := range traces {
		spans += t.Spans
		size += len(t.JSON) + 1
	}
	buf := bodies.Get().(*[]byte)
	defer bodies.Put(buf)
	if cap(*buf) < size {
		*buf = make([]byte, 0, size)
	}
	body := wire.AppendBatchHead((*buf)[:0])
	for i, t := range traces {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, t.JSON...)
	}
	body = wire.AppendBatchTail(body, time.Now())
	*buf = body
	encoding := ""
	if x.cfg.Compression == "gzip" {
		zb := bodies.Get().(*[]byte)
		defer bodies.Put(zb)
		if cap(*zb) < size/4 {
			*zb = make([]byte, 0, size/4)
		}
		z := bytes.NewBuffer((*zb)[:0])
		zw, _ := x.gzips.Get().(*gzip.Writer)
		if zw == nil {
			var err error
			if zw, err = gzip.NewWriterLevel(z, x.cfg.CompressionLevel); err != nil { // validated: never
				return handoff.Result{Err: consumererror.NewPermanent(err)}
			}
		} else {
			zw.Reset(z)
		}
		_, _ = zw.Write(body)
		_ = zw.Close()
		x.gzips.Put(zw)
		body, encoding = z.Bytes(), "gzip"
		*zb = body
	}
	return handoff.Post(core, ctx, bytes.NewReader(body), len(body), encoding, len(traces), spans)
}
