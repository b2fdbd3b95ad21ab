package exporter_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// emitAgentTrace records one agent trace: a root, a chat call with usage and
// a failing tool call.
func emitAgentTrace(ctx context.Context, tr trace.Tracer, user string) {
	ctx, root := tr.Start(ctx, "invoke_agent planner", trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationInvokeAgent),
		semconv.GenAIAgentName("planner"),
		semconv.UserID(user),
		semconv.GenAIConversationID("conv-"+user),
	))
	_, chat := tr.Start(ctx, "chat gpt-4o", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationChat),
		semconv.GenAIProviderName(semconv.ProviderOpenAI),
		semconv.GenAIRequestModel("gpt-4o"),
		semconv.GenAIResponseModel("gpt-4o-2024-08-06"),
		semconv.GenAIUsageInputTokens(1200),
		semconv.GenAIUsageOutputTokens(350),
		semconv.NoveumCostTotal(0.0065),
	))
	chat.End()
	_, tool := tr.Start(ctx, "execute_tool search", trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationExecuteTool),
		semconv.GenAIToolName("search"),
	))
	tool.RecordError(errors.New("index unavailable"), trace.WithAttributes(attribute.String("exception.type", "*errors.errorString")))
	tool.SetStatus(codes.Error, "index unavailable")
	tool.End()
	root.End()
}

func TestEndToEnd(t *testing.T) {
	const key = "nv_live_0123456789abcdef"
	tests := []struct {
		name    string
		srvOpts []noveumtest.Option
		opts    []exporter.Option
		traces  int
		// minRequests is the fewest requests the options allow.
		minRequests int
	}{
		{name: "defaults", traces: 5, minRequests: 1},
		{name: "gzip", opts: []exporter.Option{exporter.WithGzip()}, traces: 5, minRequests: 1},
		{name: "api key", srvOpts: []noveumtest.Option{noveumtest.WithAPIKey(key)}, opts: []exporter.Option{exporter.WithAPIKey(key)}, traces: 3, minRequests: 1},
		{name: "two traces a request", opts: []exporter.Option{exporter.WithConfigOptions(config.WithBatchSize(2))}, traces: 5, minRequests: 3},
		{name: "small byte bound", opts: []exporter.Option{exporter.WithConfigOptions(config.WithBatchMaxBytes(64 << 10))}, traces: 40, minRequests: 2},
		{name: "grace and batch delay", opts: []exporter.Option{exporter.WithConfigOptions(config.WithTraceGrace(time.Millisecond), config.WithBatchDelay(time.Millisecond))}, traces: 3, minRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, tt.srvOpts, tt.opts...)
			tr := h.tp.Tracer("e2e", trace.WithInstrumentationVersion("1.2.3"))
			for i := range tt.traces {
				emitAgentTrace(context.Background(), tr, fmt.Sprintf("u%d", i))
			}
			h.flush()
			requireAllAccepted(t, h.srv)
			traces := h.srv.Traces()
			require.Len(t, traces, tt.traces)
			require.GreaterOrEqual(t, len(h.srv.Requests()), tt.minRequests)

			for _, r := range h.srv.Requests() {
				assert.Equal(t, "noveum-trace-go/"+exporter.Version, r.Header.Get("User-Agent"))
				assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
				if tt.name == "gzip" {
					assert.Equal(t, "gzip", r.Header.Get("Content-Encoding"))
					assert.Less(t, r.WireSize, int64(len(r.Body)), "gzip must shrink the body")
				} else {
					assert.Empty(t, r.Header.Get("Content-Encoding"))
				}
				if tt.name == "api key" {
					assert.Equal(t, "Bearer [redacted]", r.Header.Get("Authorization"))
				}
			}

			s := h.exp.Stats()
			assert.Equal(t, int64(3*tt.traces), s.SpansSent)
			assert.Equal(t, int64(tt.traces), s.TracesSent)
			assert.Zero(t, s.DroppedSpans())
			assert.Zero(t, s.SpansPending)
			assert.Equal(t, int64(len(h.srv.Requests())), s.Requests)
			if tt.name == "gzip" {
				// Only the reusable compression buffer stays.
				assert.LessOrEqual(t, s.BufferedBytes, int64(64<<10))
			} else {
				assert.Zero(t, s.BufferedBytes, "nothing may stay buffered after a flush")
			}
			requireConserved(t, s)
			if tt.name == "gzip" {
				assert.Less(t, s.BytesSent, s.BytesUncompressed)
			} else {
				assert.Equal(t, s.BytesSent, s.BytesUncompressed)
			}
		})
	}
}

func TestTraceMapping(t *testing.T) {
	h := newHarness(t, nil, exporter.WithEnvironment("staging"),
		exporter.WithConfigOptions(config.WithServiceVersion("9.9.9")))
	emitAgentTrace(context.Background(), h.tp.Tracer("mapping", trace.WithInstrumentationVersion("1.2.3")), "u-42")
	h.flush()
	requireAllAccepted(t, h.srv)

	traces := h.srv.Traces()
	require.Len(t, traces, 1)
	tr := traces[0]
	assert.Equal(t, "agent.planner", tr.Name)
	assert.Equal(t, "error", tr.Status, "a span failed, so the trace did")
	require.NotNil(t, tr.StatusMessage)
	assert.Equal(t, "index unavailable", *tr.StatusMessage, "the root has no message: the first failure's")
	assert.Equal(t, 3, tr.SpanCount)
	assert.Equal(t, 1, tr.ErrorCount)
	assert.Equal(t, []noveumtest.Event{}, tr.Events)
	assert.Equal(t, "record", tr.Attributes["noveum.sampling.decision"])
	assert.Equal(t, "unit-tests", tr.Project)
	assert.Equal(t, "staging", tr.Environment)
	assert.Equal(t, "9.9.9", tr.ServiceVersion)
	assert.Equal(t, "2.0", tr.SchemaVersion)
	assert.Equal(t, "noveum-trace-go", tr.SDK.Name)
	assert.Equal(t, exporter.Version, tr.SDK.Version)
	otelID, err := trace.TraceIDFromHex(tr.OTel.TraceID)
	require.NoError(t, err)
	ids := h.exp.IDs()
	assert.Equal(t, ids.Trace(otelID).String(), tr.TraceID, "trace_id derives from the OTel id and the exporter's salt")
	assert.NotEqual(t, strings.ReplaceAll(tr.TraceID, "-", ""), tr.OTel.TraceID, "the salt changes the id")
	require.NotNil(t, tr.Metadata.UserID)
	assert.Equal(t, "u-42", *tr.Metadata.UserID)
	require.NotNil(t, tr.Metadata.SessionID)
	assert.Equal(t, "conv-u-42", *tr.Metadata.SessionID, "the conversation id stands in for the session")
	assert.Nil(t, tr.Metadata.RequestID)
	assert.Equal(t, "unit-tests", tr.Attributes["noveum.project"])
	assert.Equal(t, "staging", tr.Attributes["noveum.environment"])

	root, ok := tr.SpanByName("agent.planner")
	require.True(t, ok)
	assert.Nil(t, root.ParentSpanID)
	chat, ok := tr.SpanByName("llm.gpt-4o")
	require.True(t, ok)
	require.NotNil(t, chat.ParentSpanID)
	assert.Equal(t, root.SpanID, *chat.ParentSpanID, "a child's parent_span_id is its parent's span_id")
	assert.Equal(t, "CLIENT", chat.OTel.Kind)
	assert.Equal(t, "chat gpt-4o", chat.OTel.Name)
	assert.Equal(t, "mapping", chat.OTel.Scope.Name)
	assert.Equal(t, "1.2.3", chat.OTel.Scope.Version)
	assert.Equal(t, tr.OTel.TraceID, chat.OTel.TraceID)
	assert.Equal(t, json.Number("1550"), chat.Attributes["llm.total_tokens"])
	assert.Equal(t, "openai", chat.Attributes["llm.provider"])
	assert.Equal(t, "gpt-4o", chat.Attributes["llm.model"])
	assert.Equal(t, "gpt-4o-2024-08-06", chat.Attributes["llm.response_model"])
	assert.Equal(t, "USD", chat.Attributes["llm.cost.currency"])
	assert.Empty(t, chat.OTel.Status.Message, "otel.status.message only on errors")

	// llm.* keys on model calls only: the UI counts a span with one as an
	// LLM call.
	for _, s := range tr.Spans {
		if s.Name == "llm.gpt-4o" {
			continue
		}
		for k := range s.Attributes {
			assert.False(t, strings.HasPrefix(k, "llm."), "%s carries %s", s.Name, k)
		}
	}
	assert.Equal(t, "planner", root.Attributes["agent.name"])
	assert.Equal(t, "invoke_agent", root.Attributes["agent.operation"])

	tool, ok := tr.SpanByName("tool.search")
	require.True(t, ok)
	assert.Equal(t, "error", tool.Status)
	require.NotNil(t, tool.StatusMessage)
	assert.Equal(t, "index unavailable", *tool.StatusMessage)
	require.NotNil(t, tool.Exception)
	assert.Equal(t, "index unavailable", tool.Exception.Message)
	assert.Equal(t, "ERROR", tool.OTel.Status.Code)
	assert.Equal(t, "index unavailable", tool.OTel.Status.Message)
	// The exception's facts also as span attributes, as the Python SDK
	// writes them; the type the recorder chose is kept.
	assert.Equal(t, "*errors.errorString", tool.Attributes["exception.type"])
	assert.Equal(t, "index unavailable", tool.Attributes["exception.message"])
	assert.Equal(t, false, tool.Attributes["exception.escaped"])
}

func TestRootFailureMakesTraceError(t *testing.T) {
	h := newHarness(t, nil)
	_, root := h.tp.Tracer("t").Start(context.Background(), "request")
	root.SetStatus(codes.Error, "upstream failed")
	root.End()
	h.flush()
	traces := h.srv.Traces()
	require.Len(t, traces, 1)
	assert.Equal(t, "error", traces[0].Status)
	require.NotNil(t, traces[0].StatusMessage)
	assert.Equal(t, "upstream failed", *traces[0].StatusMessage)
	assert.Equal(t, 1, traces[0].ErrorCount)
}

func TestRemoteParentIsLocalRoot(t *testing.T) {
	h := newHarness(t, nil)
	remote := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
		Remote:     true,
	})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), remote)
	ctx, server := h.tp.Tracer("t").Start(ctx, "handle", trace.WithSpanKind(trace.SpanKindServer))
	_, child := h.tp.Tracer("t").Start(ctx, "work")
	child.End()
	server.End() // the local root: the trace is complete now
	h.flush()

	traces := h.srv.Traces()
	require.Len(t, traces, 1)
	tr := traces[0]
	ids := h.exp.IDs()
	assert.Equal(t, ids.Trace(remote.TraceID()).String(), tr.TraceID)
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", tr.OTel.TraceID, "the OTel id joins this part to the caller's")
	assert.Equal(t, "handle", tr.Name)
	s, ok := tr.SpanByName("handle")
	require.True(t, ok)
	assert.Nil(t, s.ParentSpanID, "a local root whose parent is remote has no parent in the payload")
	require.NotNil(t, s.OTel.ParentSpanID)
	assert.Equal(t, "00f067aa0ba902b7", *s.OTel.ParentSpanID, "the remote parent's raw id travels in otel")
	assert.Equal(t, "SERVER", s.OTel.Kind)
}

func TestLateSpansGoOutAsContinuations(t *testing.T) {
	h := newHarness(t, nil)
	tr := h.tp.Tracer("t")
	ctx, root := tr.Start(context.Background(), "root")
	_, late1 := tr.Start(ctx, "late-1")
	_, late2 := tr.Start(ctx, "late-2")
	root.End()
	h.flush() // the trace is sent with its root only
	late1.End()
	h.flush() // first continuation
	late2.End()
	h.flush() // second continuation
	requireAllAccepted(t, h.srv)

	traces := h.srv.Traces()
	require.Len(t, traces, 3, "no trace may be ignored as a duplicate")
	assert.Zero(t, h.srv.IgnoredDuplicates())
	orig := traces[0]
	ids := map[string]bool{}
	for i, c := range traces {
		ids[c.TraceID] = true
		assert.Equal(t, orig.OTel.TraceID, c.OTel.TraceID, "all parts keep the OTel trace id")
		if i == 0 {
			assert.NotContains(t, c.Attributes, "noveum.trace.continuation_of")
			continue
		}
		assert.Equal(t, orig.TraceID, c.Attributes["noveum.trace.continuation_of"])
		require.Len(t, c.Spans, 1)
		assert.Nil(t, c.Spans[0].ParentSpanID, "the parent is in another payload")
		require.NotNil(t, c.Spans[0].OTel.ParentSpanID)
		assert.Equal(t, c.TraceID, c.Spans[0].TraceID)
		assert.Equal(t, fmt.Sprintf("late-%d", i), c.Name)
	}
	assert.Len(t, ids, 3, "every part has its own trace_id")
	s := h.exp.Stats()
	assert.Equal(t, int64(2), s.ContinuationTraces)
	assert.Equal(t, int64(3), s.TracesSent)
	assert.Equal(t, int64(3), s.SpansSent)
}

func TestEveryAttributeType(t *testing.T) {
	h := newHarness(t, nil)
	_, span := h.tp.Tracer("t").Start(context.Background(), "types")
	span.SetAttributes(
		attribute.Bool("bool", true),
		attribute.Int64("int", math.MaxInt64),
		attribute.Float64("float", 1.5),
		attribute.Float64("nan", math.NaN()),
		attribute.Float64("inf", math.Inf(-1)),
		attribute.String("string", "héllo \"quoted\"\n"),
		attribute.String("bad_utf8", "a\xffb"),
		attribute.BoolSlice("bools", []bool{true, false}),
		attribute.Int64Slice("ints", []int64{1, -2}),
		attribute.Float64Slice("floats", []float64{0.25, math.Inf(1)}),
		attribute.StringSlice("strings", []string{"a", "b"}),
		attribute.ByteSlice("bytes", []byte{0, 1, 2, 0xff}),
		attribute.Slice("mixed", attribute.IntValue(1), attribute.StringValue("two"), attribute.BoolValue(false)),
		attribute.Map("map", attribute.String("k", "v"), attribute.Map("nested", attribute.Int("n", 1))),
	)
	span.End()
	h.flush()
	requireAllAccepted(t, h.srv)
	spans := h.srv.Spans()
	require.Len(t, spans, 1)
	a := spans[0].Attributes
	assert.Equal(t, true, a["bool"])
	assert.Equal(t, json.Number("9223372036854775807"), a["int"], "int64 must stay exact")
	assert.Equal(t, json.Number("1.5"), a["float"])
	assert.Equal(t, "NaN", a["nan"])
	assert.Equal(t, "-Infinity", a["inf"])
	assert.Equal(t, "héllo \"quoted\"\n", a["string"])
	assert.Equal(t, "a\uFFFDb", a["bad_utf8"])
	assert.Equal(t, []any{true, false}, a["bools"])
	assert.Equal(t, []any{json.Number("1"), json.Number("-2")}, a["ints"])
	assert.Equal(t, []any{json.Number("0.25"), "Infinity"}, a["floats"])
	assert.Equal(t, []any{"a", "b"}, a["strings"])
	assert.Equal(t, "AAEC/w==", a["bytes"])
	assert.Equal(t, []any{json.Number("1"), "two", false}, a["mixed"])
	assert.Equal(t, map[string]any{"k": "v", "nested": map[string]any{"n": json.Number("1")}}, a["map"])
}

func TestOversizedValuesAreTruncatedAndCounted(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithMaxAttributeBytes(1024)))
	_, span := h.tp.Tracer("t").Start(context.Background(), "big")
	span.SetAttributes(attribute.String("gen_ai.operation.name", "chat"), attribute.String("gen_ai.input.messages", strings.Repeat("é", 5000)))
	span.End()
	h.flush()
	requireAllAccepted(t, h.srv)
	spans := h.srv.Spans()
	require.Len(t, spans, 1)
	v, _ := spans[0].Attr("gen_ai.input.messages")
	s, ok := v.(string)
	require.True(t, ok)
	assert.Less(t, len(s), 1100)
	assert.Contains(t, s, "truncated")
	assert.Equal(t, int64(2), h.exp.Stats().ValuesTruncated, "the value and its llm.input.messages copy (not JSON messages: copied as a string)")
}

func TestUnsampledSpansAreIgnored(t *testing.T) {
	h := newHarness(t, nil)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()), sdktrace.WithSpanProcessor(h.exp))
	_, span := tp.Tracer("t").Start(context.Background(), "dropped by sampling")
	span.End()
	h.flush()
	assert.Zero(t, h.exp.Stats().SpansReceived)
	assert.Empty(t, h.srv.Requests())
}

// The exporter also works behind the SDK's batcher, as a SpanExporter.
func TestBehindBatchSpanProcessor(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	defer srv.Close()
	exp, err := exporter.New(context.Background(), exporter.WithEndpoint(srv.URL),
		exporter.WithConfigOptions(config.WithTraceGrace(0), config.WithBatchDelay(0)))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))
	emitAgentTrace(context.Background(), tp.Tracer("t"), "u")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, tp.ForceFlush(ctx)) // hands the spans to ExportSpans
	_, err = srv.WaitForSpans(ctx, 3)
	require.NoError(t, err)
	require.NoError(t, tp.Shutdown(ctx))
	assert.Equal(t, int64(3), exp.Stats().SpansSent)
	assert.ErrorIs(t, exp.ExportSpans(ctx, nil), exporter.ErrShutdown)
}

func TestNestedAndConcurrentTracesConcurrentSafe(t *testing.T) {
	h := newHarness(t, nil, exporter.WithConfigOptions(config.WithQueueSize(100000), config.WithTraceGrace(5*time.Millisecond), config.WithBatchDelay(5*time.Millisecond)))
	tr := h.tp.Tracer("t")
	const goroutines = 1000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, root := tr.Start(context.Background(), fmt.Sprintf("root-%d", g))
			for c := range 3 {
				cctx, child := tr.Start(ctx, "child")
				_, leaf := tr.Start(cctx, "leaf", trace.WithAttributes(attribute.Int("i", c)))
				leaf.End()
				child.End()
			}
			root.End()
		}()
	}
	// Read stats concurrently with the traffic.
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				s := h.exp.Stats()
				if s.SpansPending < 0 {
					panic("negative pending")
				}
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-done
	h.flush()
	requireAllAccepted(t, h.srv)
	traces := h.srv.Traces()
	require.Len(t, traces, goroutines)
	for _, tr := range traces {
		require.Len(t, tr.Spans, 7)
		require.True(t, strings.HasPrefix(tr.Name, "root-"))
		byID := map[string]noveumtest.Span{}
		for _, s := range tr.Spans {
			byID[s.SpanID] = s
		}
		roots := 0
		for _, s := range tr.Spans {
			if s.ParentSpanID == nil {
				roots++
				continue
			}
			_, ok := byID[*s.ParentSpanID]
			require.True(t, ok, "every parent is in the same trace")
		}
		require.Equal(t, 1, roots)
	}
	s := h.exp.Stats()
	assert.Equal(t, int64(goroutines*7), s.SpansSent)
	assert.Zero(t, s.ContinuationTraces)
	requireConserved(t, s)
}
