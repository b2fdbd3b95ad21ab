package wire_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

func op(o string) attribute.KeyValue { return attribute.String("gen_ai.operation.name", o) }

func TestSpanName(t *testing.T) {
	reqModel := attribute.String("gen_ai.request.model", "gpt-4o")
	respModel := attribute.String("gen_ai.response.model", "gpt-4o-2024-08-06")
	tests := []struct {
		desc, name string
		attrs      []attribute.KeyValue
		want       string
	}{
		{"chat", "chat gpt-4o", []attribute.KeyValue{op("chat"), reqModel}, "llm.gpt-4o"},
		// The requested model names the span, so that dated model versions
		// do not split the UI's model filters.
		{"chat request model wins", "chat gpt-4o", []attribute.KeyValue{op("chat"), reqModel, respModel}, "llm.gpt-4o"},
		{"chat request model wins after response", "chat gpt-4o", []attribute.KeyValue{respModel, op("chat"), reqModel}, "llm.gpt-4o"},
		{"chat response model only", "chat", []attribute.KeyValue{op("chat"), respModel}, "llm.gpt-4o-2024-08-06"},
		{"text_completion", "text_completion davinci", []attribute.KeyValue{op("text_completion"), attribute.String("gen_ai.request.model", "davinci")}, "llm.davinci"},
		{"generate_content", "generate_content gemini", []attribute.KeyValue{op("generate_content"), attribute.String("gen_ai.request.model", "gemini-2.5")}, "llm.gemini-2.5"},
		{"embeddings", "embeddings te3", []attribute.KeyValue{op("embeddings"), attribute.String("gen_ai.request.model", "text-embedding-3-small")}, "llm.text-embedding-3-small"},
		{"execute_tool", "execute_tool get_weather", []attribute.KeyValue{op("execute_tool"), attribute.String("gen_ai.tool.name", "get_weather")}, "tool.get_weather"},
		{"invoke_agent", "invoke_agent planner", []attribute.KeyValue{op("invoke_agent"), attribute.String("gen_ai.agent.name", "planner")}, "agent.planner"},
		{"create_agent", "create_agent writer", []attribute.KeyValue{op("create_agent"), attribute.String("gen_ai.agent.name", "writer")}, "agent.writer"},
		{"invoke_agent id fallback", "invoke_agent", []attribute.KeyValue{op("invoke_agent"), attribute.String("gen_ai.agent.id", "asst_1")}, "agent.asst_1"},
		{"retrieval", "retrieval kb", []attribute.KeyValue{op("retrieval"), attribute.String("gen_ai.data_source.id", "kb-main")}, "retrieval.kb-main"},
		{"invoke_workflow", "invoke_workflow triage", []attribute.KeyValue{op("invoke_workflow"), attribute.String("gen_ai.workflow.name", "triage")}, "chain.triage"},
		{"plan keeps name", "plan planner", []attribute.KeyValue{op("plan"), attribute.String("gen_ai.agent.name", "planner")}, "plan planner"},
		{"unknown op keeps name", "custom thing", []attribute.KeyValue{op("rerank"), reqModel}, "custom thing"},
		{"no op keeps name", "GET /users", []attribute.KeyValue{attribute.String("gen_ai.tool.name", "t")}, "GET /users"},
		{"no op but a model is a model call", "completion", []attribute.KeyValue{reqModel}, "llm.gpt-4o"},
		{"chat without model", "chat", []attribute.KeyValue{op("chat")}, "chat"},
		{"embeddings without model", "embeddings", []attribute.KeyValue{op("embeddings")}, "embeddings"},
		{"tool without name", "execute_tool", []attribute.KeyValue{op("execute_tool")}, "execute_tool"},
		{"agent without name", "invoke_agent", []attribute.KeyValue{op("invoke_agent")}, "invoke_agent"},
		{"retrieval without source", "retrieval", []attribute.KeyValue{op("retrieval")}, "retrieval"},
		{"workflow without name", "invoke_workflow", []attribute.KeyValue{op("invoke_workflow")}, "invoke_workflow"},
		{"tool name on chat span", "chat", []attribute.KeyValue{op("chat"), attribute.String("gen_ai.tool.name", "t")}, "chat"},
		{"empty name", "", nil, "unnamed"},
		{"empty name, op without part", "", []attribute.KeyValue{op("chat")}, "unnamed"},
		{"empty name with model", "", []attribute.KeyValue{op("chat"), reqModel}, "llm.gpt-4o"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got := encodeOne(t, stub(tt.name, tt.attrs...))
			if n := got.span(0)["name"]; n != tt.want {
				t.Errorf("span name = %q, want %q", n, tt.want)
			}
			if n := got.trace(0)["name"]; n != tt.want {
				t.Errorf("trace name = %q, want %q", n, tt.want)
			}
			if n := obj(got.span(0), "otel", "name"); n != tt.name {
				t.Errorf("otel.name = %q, want the OTel name %q", n, tt.name)
			}
			in := got.infos[0]
			wantInfo := tt.want
			if tt.want == "unnamed" {
				wantInfo = ""
			}
			if in.NamePrefix+in.NameSuffix != wantInfo {
				t.Errorf("SpanInfo name = %q+%q, want %q", in.NamePrefix, in.NameSuffix, wantInfo)
			}
		})
	}
}

func TestSpanStatus(t *testing.T) {
	tests := []struct {
		desc     string
		status   sdktrace.Status
		attrs    []attribute.KeyValue
		want     wire.Status
		wantMsg  any // string or nil
		wantCode string
	}{
		{"unset", sdktrace.Status{Code: codes.Unset}, nil, wire.StatusOK, nil, "UNSET"},
		{"ok", sdktrace.Status{Code: codes.Ok}, nil, wire.StatusOK, nil, "OK"},
		{"error", sdktrace.Status{Code: codes.Error, Description: "boom"}, nil, wire.StatusError, "boom", "ERROR"},
		{"error without description", sdktrace.Status{Code: codes.Error}, nil, wire.StatusError, nil, "ERROR"},
		// A timeout is an error; error.type says why. Nothing is guessed
		// from the text.
		{"error.type timeout", sdktrace.Status{Code: codes.Error, Description: "took too long"},
			[]attribute.KeyValue{attribute.String("error.type", "timeout")}, wire.StatusError, "took too long", "ERROR"},
		{"deadline exceeded", sdktrace.Status{Code: codes.Error, Description: "rpc error: context deadline exceeded"}, nil, wire.StatusError, "rpc error: context deadline exceeded", "ERROR"},
		{"other error.type", sdktrace.Status{Code: codes.Error, Description: "bad"},
			[]attribute.KeyValue{attribute.String("error.type", "500")}, wire.StatusError, "bad", "ERROR"},
		{"timeout type but not failed", sdktrace.Status{Code: codes.Unset},
			[]attribute.KeyValue{attribute.String("error.type", "timeout")}, wire.StatusOK, nil, "UNSET"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := stub("op", tt.attrs...)
			s.Status = tt.status
			got := encodeOne(t, s)
			sp := got.span(0)
			if sp["status"] != tt.want.String() {
				t.Errorf("status = %v, want %v", sp["status"], tt.want)
			}
			if got.infos[0].Status != tt.want {
				t.Errorf("SpanInfo.Status = %v, want %v", got.infos[0].Status, tt.want)
			}
			if sp["status_message"] != tt.wantMsg {
				t.Errorf("status_message = %#v, want %#v", sp["status_message"], tt.wantMsg)
			}
			if c := obj(sp, "otel", "status", "code"); c != tt.wantCode {
				t.Errorf("otel.status.code = %v, want %v", c, tt.wantCode)
			}
			// otel.status.message only on errors.
			var wantOTelMsg any
			if tt.status.Code == codes.Error {
				wantOTelMsg = tt.status.Description
			}
			if m := obj(sp, "otel", "status", "message"); m != wantOTelMsg {
				t.Errorf("otel.status.message = %#v, want %#v", m, wantOTelMsg)
			}
			tr := got.trace(0)
			if tr["status"] != tt.want.String() {
				t.Errorf("trace status = %v, want %v", tr["status"], tt.want)
			}
			wantErrors := "0"
			if tt.want.Failed() {
				wantErrors = "1"
			}
			if tr["error_count"] != json.Number(wantErrors) {
				t.Errorf("error_count = %v, want %v", tr["error_count"], wantErrors)
			}
		})
	}
	if wire.StatusOK.Failed() || !wire.StatusError.Failed() {
		t.Error("Failed: want ok=false, error=true")
	}
}

func TestSpanOTelObject(t *testing.T) {
	kinds := map[trace.SpanKind]string{
		trace.SpanKindUnspecified: "INTERNAL",
		trace.SpanKindInternal:    "INTERNAL",
		trace.SpanKindServer:      "SERVER",
		trace.SpanKindClient:      "CLIENT",
		trace.SpanKindProducer:    "PRODUCER",
		trace.SpanKindConsumer:    "CONSUMER",
	}
	for k, want := range kinds {
		s := stub("k")
		s.SpanKind = k
		if got := obj(encodeOne(t, s).span(0), "otel", "kind"); got != want {
			t.Errorf("kind %v: got %v, want %v", k, got, want)
		}
	}

	root := stub("root")
	root.SpanContext = spanCtx(tid1, trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7}, false)
	child := stub("child")
	child.SpanContext = spanCtx(tid1, sid(2), false)
	child.Parent = root.SpanContext
	child.StartTime = t0.Add(time.Millisecond)
	orphan := stub("orphan") // local parent not in this payload
	orphan.SpanContext = spanCtx(tid1, sid(3), false)
	orphan.Parent = spanCtx(tid1, sid(99), false)
	remote := stub("remote") // remote parent
	remote.SpanContext = spanCtx(tid1, sid(4), false)
	remote.Parent = spanCtx(tid1, trace.SpanID{0x53, 0x99, 0x5c, 0x3f, 0x42, 0xcd, 0x8a, 0xd8}, true)

	got := encodeBody(t, newEncoder(), nil, root.Snapshot(), child.Snapshot(), orphan.Snapshot(), remote.Snapshot())
	rootUUID := wire.SpanUUID(tid1, root.SpanContext.SpanID()).String()
	tests := []struct {
		i                      int
		otelID, otelParent     any
		spanID, parentSpanUUID any
	}{
		{0, "00f067aa0ba902b7", nil, rootUUID, nil},
		{1, "0000000000000002", "00f067aa0ba902b7", wire.SpanUUID(tid1, sid(2)).String(), rootUUID},
		{2, "0000000000000003", "0000000000000063", wire.SpanUUID(tid1, sid(3)).String(), nil},
		{3, "0000000000000004", "53995c3f42cd8ad8", wire.SpanUUID(tid1, sid(4)).String(), nil},
	}
	for _, tt := range tests {
		sp := got.span(tt.i)
		if v := obj(sp, "otel", "span_id"); v != tt.otelID {
			t.Errorf("span %d otel.span_id = %v, want %v", tt.i, v, tt.otelID)
		}
		if v := obj(sp, "otel", "parent_span_id"); v != tt.otelParent {
			t.Errorf("span %d otel.parent_span_id = %v, want %v", tt.i, v, tt.otelParent)
		}
		if v := sp["span_id"]; v != tt.spanID {
			t.Errorf("span %d span_id = %v, want %v", tt.i, v, tt.spanID)
		}
		if v := sp["parent_span_id"]; v != tt.parentSpanUUID {
			t.Errorf("span %d parent_span_id = %v, want %v", tt.i, v, tt.parentSpanUUID)
		}
		if v := sp["trace_id"]; v != uuidOf(tid1) {
			t.Errorf("span %d trace_id = %v", tt.i, v)
		}
		if v := obj(sp, "otel", "scope"); !reflect.DeepEqual(v, map[string]any{"name": testScope.Name, "version": testScope.Version}) {
			t.Errorf("span %d otel.scope = %v", tt.i, v)
		}
	}
	wantInfo := []struct {
		local  bool
		parent trace.SpanID
	}{{false, trace.SpanID{}}, {true, root.SpanContext.SpanID()}, {true, sid(99)}, {false, trace.SpanID{}}}
	for i, w := range wantInfo {
		in := got.infos[i]
		if in.HasLocalParent != w.local || in.ParentID != w.parent || in.LocalRoot() == w.local {
			t.Errorf("span %d SpanInfo: HasLocalParent=%v ParentID=%v, want %v %v", i, in.HasLocalParent, in.ParentID, w.local, w.parent)
		}
	}
	// The trace is named after the earliest local root.
	if got.trace(0)["name"] != "root" {
		t.Errorf("trace name = %v, want root", got.trace(0)["name"])
	}
	if got.trace(0)["span_count"] != json.Number("4") {
		t.Errorf("span_count = %v", got.trace(0)["span_count"])
	}
}

func TestSpanEventsAndLinks(t *testing.T) {
	s := stub("events")
	s.Events = []sdktrace.Event{
		{Name: "first", Time: t0.Add(1500 * time.Microsecond), Attributes: []attribute.KeyValue{attribute.Int("n", 1)}},
		{Name: "second", Time: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.FixedZone("X", 3600))},
	}
	s.Links = []sdktrace.Link{
		{SpanContext: spanCtx(tid2, sid(7), true), Attributes: []attribute.KeyValue{attribute.String("link.kind", "follows")}},
		{SpanContext: spanCtx(tid1, sid(8), false)},
	}
	got := encodeOne(t, s)
	sp := got.span(0)
	wantEvents := []any{
		map[string]any{"name": "first", "timestamp": "2026-11-26T21:15:03.219126+00:00", "attributes": map[string]any{"n": json.Number("1")}},
		map[string]any{"name": "second", "timestamp": "2026-01-02T02:04:05.000006+00:00", "attributes": map[string]any{}},
	}
	if !reflect.DeepEqual(sp["events"], wantEvents) {
		t.Errorf("events = %#v\nwant %#v", sp["events"], wantEvents)
	}
	wantLinks := []any{
		map[string]any{"trace_id": testIDs.Trace(tid2).String(), "span_id": wire.SpanUUID(tid2, sid(7)).String(), "attributes": map[string]any{"link.kind": "follows"}},
		map[string]any{"trace_id": uuidOf(tid1), "span_id": wire.SpanUUID(tid1, sid(8)).String(), "attributes": map[string]any{}},
	}
	if !reflect.DeepEqual(sp["links"], wantLinks) {
		t.Errorf("links = %#v\nwant %#v", sp["links"], wantLinks)
	}
	if _, ok := sp["exception"]; ok {
		t.Error("exception present on a span without an exception event")
	}

	empty := encodeOne(t, stub("none"))
	if ev := empty.span(0)["events"]; !reflect.DeepEqual(ev, []any{}) {
		t.Errorf("events of a span without events = %#v, want []", ev)
	}
	if l := empty.span(0)["links"]; !reflect.DeepEqual(l, []any{}) {
		t.Errorf("links of a span without links = %#v, want []", l)
	}
}

func exceptionEvent(typ, msg string, stack *string) sdktrace.Event {
	attrs := []attribute.KeyValue{attribute.String("exception.type", typ), attribute.String("exception.message", msg)}
	if stack != nil {
		attrs = append(attrs, attribute.String("exception.stacktrace", *stack))
	}
	return sdktrace.Event{Name: "exception", Time: t0, Attributes: attrs}
}

func TestSpanException(t *testing.T) {
	stack := "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:12"
	tests := []struct {
		desc   string
		events []sdktrace.Event
		want   any
	}{
		{"none", []sdktrace.Event{{Name: "log", Time: t0}}, nil},
		{"without stack", []sdktrace.Event{exceptionEvent("*errors.errorString", "boom", nil)},
			map[string]any{"type": "*errors.errorString", "message": "boom", "stack_trace": nil}},
		{"with stack", []sdktrace.Event{exceptionEvent("E", "m", &stack)},
			map[string]any{"type": "E", "message": "m", "stack_trace": stack}},
		{"last wins", []sdktrace.Event{exceptionEvent("First", "1", &stack), {Name: "log", Time: t0}, exceptionEvent("Second", "2", nil), {Name: "log", Time: t0}},
			map[string]any{"type": "Second", "message": "2", "stack_trace": nil}},
		// An exception event the instrumentation recorded without
		// attributes still means the span recorded an exception.
		{"no attributes", []sdktrace.Event{{Name: "exception", Time: t0}},
			map[string]any{"type": "", "message": "", "stack_trace": nil}},
		{"last has no attributes", []sdktrace.Event{exceptionEvent("First", "1", &stack), {Name: "exception", Time: t0}},
			map[string]any{"type": "", "message": "", "stack_trace": nil}},
		{"non-string values", []sdktrace.Event{{Name: "exception", Time: t0, Attributes: []attribute.KeyValue{attribute.Int("exception.type", 42), attribute.Bool("exception.message", true)}}},
			map[string]any{"type": "42", "message": "true", "stack_trace": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := stub("op")
			s.Events = tt.events
			sp := encodeOne(t, s).span(0)
			got, ok := sp["exception"]
			if tt.want == nil {
				if ok {
					t.Fatalf("exception = %v, want none", got)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("exception = %#v, want %#v", got, tt.want)
			}
			if n := len(sp["events"].([]any)); n != len(tt.events) {
				t.Errorf("%d events, want %d (the exception event stays an event)", n, len(tt.events))
			}
		})
	}
}

// TestRealTracerProvider encodes spans made by the SDK itself.
func TestRealTracerProvider(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp), sdktrace.WithResource(testRes))
	tr := tp.Tracer("github.com/example/agent", trace.WithInstrumentationVersion("0.3.0"))
	ctx, root := tr.Start(context.Background(), "invoke_agent planner",
		trace.WithAttributes(op("invoke_agent"), attribute.String("gen_ai.agent.name", "planner"), attribute.String("user.id", "u-42")))
	_, child := tr.Start(ctx, "chat gpt-4o", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(op("chat"), attribute.String("gen_ai.request.model", "gpt-4o"),
			attribute.String("gen_ai.conversation.id", "conv-7"), attribute.Int("gen_ai.usage.input_tokens", 1200), attribute.Int("gen_ai.usage.output_tokens", 350)))
	child.RecordError(errors.New("upstream failed"), trace.WithStackTrace(true))
	child.SetStatus(codes.Error, "upstream failed")
	child.End()
	root.End()
	spans := exp.GetSpans().Snapshots() // before Shutdown, which clears them
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := encodeBody(t, newEncoder(), nil, spans...)
	tr0 := got.trace(0)
	if tr0["name"] != "agent.planner" || tr0["status"] != "ok" || tr0["error_count"] != json.Number("1") || tr0["span_count"] != json.Number("2") {
		t.Errorf("trace = name %v status %v errors %v spans %v", tr0["name"], tr0["status"], tr0["error_count"], tr0["span_count"])
	}
	if md := tr0["metadata"].(map[string]any); md["user_id"] != "u-42" || md["session_id"] != "conv-7" {
		t.Errorf("metadata = %v", md)
	}
	// spans[0] is the child: the SDK exports in end order.
	c, r := got.span(0), got.span(1)
	if c["parent_span_id"] != r["span_id"] || r["parent_span_id"] != nil {
		t.Errorf("parent links: child.parent=%v root.span=%v root.parent=%v", c["parent_span_id"], r["span_id"], r["parent_span_id"])
	}
	if c["name"] != "llm.gpt-4o" || c["status"] != "error" || c["status_message"] != "upstream failed" || obj(c, "otel", "kind") != "CLIENT" {
		t.Errorf("child = %v %v %v %v", c["name"], c["status"], c["status_message"], obj(c, "otel", "kind"))
	}
	exc, _ := c["exception"].(map[string]any)
	if exc["type"] != "*errors.errorString" || exc["message"] != "upstream failed" {
		t.Errorf("exception = %v", exc)
	}
	if st, _ := exc["stack_trace"].(string); st == "" {
		t.Errorf("stack_trace = %#v, want the recorded stack", exc["stack_trace"])
	}
	if v := obj(c, "otel", "scope", "version"); v != "0.3.0" {
		t.Errorf("scope version = %v", v)
	}
	if v := obj(c, "attributes", "llm.total_tokens"); v != json.Number("1550") {
		t.Errorf("llm.total_tokens = %v", v)
	}
}
