package bench

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// TestFixtureShape checks the fixture is what the benchmarks claim: 512
// spans in 64 traces of 8, chat spans with about 1 KB of prompt and 400 B of
// completion, the root of each trace last.
func TestFixtureShape(t *testing.T) {
	spans := fixture()
	if len(spans) != spansPerBatch {
		t.Fatalf("got %d spans, want %d", len(spans), spansPerBatch)
	}
	traces := map[[16]byte]int{}
	chats := 0
	for i, s := range spans {
		traces[s.SpanContext().TraceID()]++
		if (i+1)%spansPerTrace == 0 && s.Parent().IsValid() {
			t.Errorf("span %d: the last span of a trace should be its root", i)
		}
		attrs := attribute.NewSet(s.Attributes()...)
		if op, _ := attrs.Value(semconv.GenAIOperationNameKey); op.AsString() != string(semconv.OperationChat) {
			continue
		}
		chats++
		genai := 0
		for _, kv := range s.Attributes() {
			if strings.HasPrefix(string(kv.Key), "gen_ai.") {
				genai++
			}
		}
		if genai < 12 {
			t.Errorf("span %d: %d gen_ai.* attributes, want at least 12", i, genai)
		}
		in, _ := attrs.Value(semconv.GenAIInputMessagesKey)
		out, _ := attrs.Value(semconv.GenAIOutputMessagesKey)
		if n := len(in.AsString()); n < promptBytes-64 || n > promptBytes+64 {
			t.Errorf("span %d: prompt of %d bytes", i, n)
		}
		if n := len(out.AsString()); n < completionBytes-64 || n > completionBytes+64 {
			t.Errorf("span %d: completion of %d bytes", i, n)
		}
	}
	if len(traces) != tracesPerBatch {
		t.Errorf("got %d traces, want %d", len(traces), tracesPerBatch)
	}
	if chats != 4*tracesPerBatch {
		t.Errorf("got %d chat spans, want %d", chats, 4*tracesPerBatch)
	}
}

// TestEpochSpanNoAlloc checks that the per-iteration id rewrite costs the
// benchmarks nothing.
func TestEpochSpanNoAlloc(t *testing.T) {
	var epoch atomic.Uint64
	spans := epochSpans(&epoch)
	epoch.Store(5)
	before := spans[0].SpanContext().TraceID()
	if got := testing.AllocsPerRun(100, func() {
		for _, s := range spans {
			_ = s.SpanContext()
			_ = s.Parent()
		}
	}); got != 0 {
		t.Errorf("%v allocations per pass, want 0", got)
	}
	epoch.Store(6)
	after := spans[0].SpanContext().TraceID()
	if before == after {
		t.Error("trace id did not change with the epoch")
	}
	if spans[0].Parent().TraceID() != after {
		t.Error("a child's parent is not in the child's trace")
	}
}

// TestExportSmoke runs one batch through every benchmarked exporter.
func TestExportSmoke(t *testing.T) {
	ctx := context.Background()
	for _, gzip := range []bool{false, true} {
		s := newSink(t)
		exp, errs := newNoveum(t, s.URL, gzip)
		if err := exp.ExportSpans(ctx, fixture()); err != nil {
			t.Fatal(err)
		}
		if err := exp.ForceFlush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := errs(); err != nil {
			t.Fatal(err)
		}
		if st := exp.Stats(); st.SpansSent != spansPerBatch || st.Requests != 1 {
			t.Errorf("gzip=%v: sent %d spans in %d requests, want %d in 1", gzip, st.SpansSent, st.Requests, spansPerBatch)
		}
		o := newOTLP(t, s.URL, gzip)
		if err := o.ExportSpans(ctx, fixture()); err != nil {
			t.Fatal(err)
		}
		if got := s.requests.Load(); got != 2 {
			t.Errorf("gzip=%v: sink got %d requests, want 2", gzip, got)
		}
	}
}
