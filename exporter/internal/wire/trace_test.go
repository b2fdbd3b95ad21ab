package wire_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

func TestTraceHead(t *testing.T) {
	root := stub("invoke_agent planner", op("invoke_agent"), attribute.String("gen_ai.agent.name", "planner"),
		attribute.String("user.id", "u-42"),
		attribute.String("noveum.tag.env", "prod"),
		attribute.Int("noveum.tag.n", 5),
		attribute.Bool("noveum.tag.b", true),
		attribute.Int("noveum.metadata.count", 3),
		kv("noveum.metadata.obj", attribute.MapValue(attribute.String("a", "b"))),
		attribute.String("noveum.tag.", "nameless"),
	)
	root.EndTime = t0.Add(2 * time.Second)
	root.Status.Code = codes.Error
	root.Status.Description = "planner failed"
	child := stub("chat", op("chat"), attribute.String("gen_ai.request.model", "gpt-4o"),
		attribute.String("session.id", "sess-1"),
		attribute.String("noveum.request.id", "req-9"),
		attribute.String("noveum.tag.env", "second"), // first value wins
		attribute.Int("noveum.metadata.count", 4),    // first value wins
		attribute.StringSlice("noveum.tag.list", []string{"x", "y"}),
	)
	child.SpanContext = spanCtx(tid1, sid(2), false)
	child.Parent = root.SpanContext
	child.StartTime = t0.Add(-time.Millisecond) // a child may start first
	child.EndTime = t0.Add(3 * time.Second)
	child.Status.Code = codes.Error
	child.Status.Description = "deadline exceeded"

	got := encodeBody(t, newEncoder(), nil, root.Snapshot(), child.Snapshot())
	tr := got.trace(0)
	want := map[string]any{
		"trace_id":        uuidOf(tid1),
		"name":            "agent.planner",
		"start_time":      "2026-11-26T21:15:03.216626+00:00",
		"end_time":        "2026-11-26T21:15:06.217626+00:00",
		"duration_ms":     json.Number("3001"),
		"status":          "error",
		"status_message":  "planner failed",
		"span_count":      json.Number("2"),
		"error_count":     json.Number("2"),
		"project":         "proj",
		"environment":     "test",
		"service_version": "9.9.9",
		"schema_version":  "2.0",
		"sdk":             map[string]any{"name": "noveum-trace-go", "version": "0.1.0"},
		"metadata": map[string]any{
			"user_id":           "u-42",
			"session_id":        "sess-1",
			"request_id":        "req-9",
			"tags":              map[string]any{"env": "prod", "n": "5", "b": "true", "list": `["x","y"]`},
			"custom_attributes": map[string]any{"count": json.Number("3"), "obj": map[string]any{"a": "b"}},
		},
		"attributes": map[string]any{
			"service.name": "support-bot", "service.version": "9.9.9",
			"noveum.project": "proj", "noveum.environment": "test", "noveum.sdk.version": "0.1.0",
			"noveum.sampling.decision": "record",
		},
		"otel": map[string]any{
			"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
			"resource": map[string]any{"service.name": "support-bot", "service.version": "9.9.9"},
		},
	}
	for k, w := range want {
		if !reflect.DeepEqual(tr[k], w) {
			t.Errorf("%s = %#v\nwant %#v", k, tr[k], w)
		}
	}
	if got.span(1)["status"] != "error" {
		t.Errorf("child status = %v, want error (a timeout is an error)", got.span(1)["status"])
	}
}

func TestTraceMetadataNulls(t *testing.T) {
	got := encodeOne(t, stub("plain"))
	md := got.trace(0)["metadata"]
	want := map[string]any{"user_id": nil, "session_id": nil, "request_id": nil, "tags": map[string]any{}, "custom_attributes": map[string]any{}}
	if !reflect.DeepEqual(md, want) {
		t.Errorf("metadata = %#v, want %#v", md, want)
	}
	if got.trace(0)["status_message"] != nil {
		t.Errorf("status_message = %v, want null", got.trace(0)["status_message"])
	}
}

func TestSpanInfoMetadata(t *testing.T) {
	tests := []struct {
		desc                               string
		attrs                              []attribute.KeyValue
		user, session, conversation, reqID string
		extra                              int
	}{
		{"user.id", []attribute.KeyValue{attribute.String("user.id", "u")}, "u", "", "", "", 0},
		{"enduser.id", []attribute.KeyValue{attribute.String("enduser.id", "e")}, "e", "", "", "", 0},
		{"user.id before enduser.id", []attribute.KeyValue{attribute.String("user.id", "u"), attribute.String("enduser.id", "e")}, "u", "", "", "", 0},
		{"enduser.id before user.id", []attribute.KeyValue{attribute.String("enduser.id", "e"), attribute.String("user.id", "u")}, "u", "", "", "", 0},
		{"int user id", []attribute.KeyValue{attribute.Int("user.id", 7)}, "7", "", "", "", 0},
		{"session and conversation", []attribute.KeyValue{attribute.String("session.id", "s"), attribute.String("gen_ai.conversation.id", "c")}, "", "s", "c", "", 0},
		{"request id", []attribute.KeyValue{attribute.String("noveum.request.id", "r")}, "", "", "", "r", 0},
		{"extra", []attribute.KeyValue{attribute.String("noveum.tag.a", "1"), attribute.String("noveum.metadata.b", "2"), attribute.String("noveum.other", "3")}, "", "", "", "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			var info wire.SpanInfo
			enc := newEncoder()
			enc.AppendSpan(nil, stub("s", tt.attrs...).Snapshot(), testIDs.Trace(tid1), &info)
			if info.UserID != tt.user || info.SessionID != tt.session || info.ConversationID != tt.conversation || info.RequestID != tt.reqID || len(info.Extra) != tt.extra {
				t.Errorf("info = user %q session %q conversation %q request %q extra %v", info.UserID, info.SessionID, info.ConversationID, info.RequestID, info.Extra)
			}
		})
	}
	// The conversation id stands in for a missing session id.
	got := encodeOne(t, stub("s", attribute.String("gen_ai.conversation.id", "conv-7")))
	if sid := obj(got.trace(0), "metadata", "session_id"); sid != "conv-7" {
		t.Errorf("session_id = %v, want the conversation id", sid)
	}
}

func TestTraceProjectAndVersion(t *testing.T) {
	// Without a project or a service name: the program's name, this test
	// binary's (wire.test).
	tests := []struct {
		desc                 string
		project, svcVersion  string
		sdkVersion, env      string
		res                  *resource.Resource
		wantProject, wantEnv string
		wantSDK, wantSvc     any // nil: absent
	}{
		{"configured", "p", "1.0", "0.1.0", "prod", testRes, "p", "prod", "0.1.0", "1.0"},
		{"from resource", "", "", "0.1.0", "", testRes, "support-bot", "development", "0.1.0", "9.9.9"},
		{"unknown service", "", "", "", "", resource.NewSchemaless(attribute.String("service.name", "unknown_service:app")), "wire", "development", "unknown", nil},
		{"no service name", "", "", "", "", resource.NewSchemaless(attribute.String("host.name", "h")), "wire", "development", "unknown", nil},
		{"nil resource", "", "", "", "", nil, "wire", "development", "unknown", nil},
		{"empty resource", "", "2.0", "", "", resource.Empty(), "wire", "development", "unknown", "2.0"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			enc := &wire.Encoder{Project: tt.project, Environment: tt.env, SDKVersion: tt.sdkVersion, ServiceVersion: tt.svcVersion}
			s := stub("s")
			s.Resource = tt.res
			tr := encodeBody(t, enc, nil, s.Snapshot()).trace(0)
			if tr["project"] != tt.wantProject || obj(tr, "attributes", "noveum.project") != tt.wantProject {
				t.Errorf("project = %v / %v, want %v", tr["project"], obj(tr, "attributes", "noveum.project"), tt.wantProject)
			}
			if tr["environment"] != tt.wantEnv || obj(tr, "attributes", "noveum.environment") != tt.wantEnv {
				t.Errorf("environment = %v, want %v", tr["environment"], tt.wantEnv)
			}
			if obj(tr, "sdk", "version") != tt.wantSDK || obj(tr, "attributes", "noveum.sdk.version") != tt.wantSDK {
				t.Errorf("sdk version = %v, want %v", obj(tr, "sdk", "version"), tt.wantSDK)
			}
			if tr["service_version"] != tt.wantSvc {
				t.Errorf("service_version = %v, want %v", tr["service_version"], tt.wantSvc)
			}
		})
	}
}

func TestTraceContinuation(t *testing.T) {
	orig := testIDs.Trace(tid1)
	cont := testIDs.Continuation(tid1, 1)
	got := encodeBody(t, newEncoder(), func(h *wire.TraceHeader) {
		h.TraceUUID = cont
		h.ContinuationOf = &orig
	}, stub("late").Snapshot())
	tr := got.trace(0)
	if tr["trace_id"] != cont.String() {
		t.Errorf("trace_id = %v, want %v", tr["trace_id"], cont)
	}
	if v := obj(tr, "attributes", "noveum.trace.continuation_of"); v != orig.String() {
		t.Errorf("continuation_of = %v, want %v", v, orig)
	}
	if v := obj(tr, "otel", "trace_id"); v != tid1.String() {
		t.Errorf("otel.trace_id = %v, want the original %v", v, tid1)
	}
	if _, ok := got.trace(0)["attributes"].(map[string]any)["noveum.trace.continuation_of"]; !ok {
		t.Error("continuation_of missing")
	}
	plain := encodeOne(t, stub("x")).trace(0)
	if _, ok := plain["attributes"].(map[string]any)["noveum.trace.continuation_of"]; ok {
		t.Error("an original trace carries continuation_of")
	}
}

// TestTraceResourceNoveumKeys: resource attributes named like the keys the
// SDK writes are never written twice; the SDK's values win.
func TestTraceResourceNoveumKeys(t *testing.T) {
	res := resource.NewSchemaless(
		attribute.String("service.name", "svc"),
		attribute.String("noveum.project", "evil"),
		attribute.String("noveum.environment", "evil"),
		attribute.String("noveum.sdk.version", "evil"),
		attribute.String("noveum.trace.continuation_of", "evil"),
		attribute.String("noveum.team", "kept"),
		attribute.Int64Slice("numbers", []int64{1, 2}),
	)
	orig := testIDs.Trace(tid2)
	s := stub("s")
	s.Resource = res
	got := encodeBody(t, newEncoder(), func(h *wire.TraceHeader) { h.ContinuationOf = &orig }, s.Snapshot()) // checks duplicates
	attrs := got.trace(0)["attributes"].(map[string]any)
	want := map[string]any{
		"service.name": "svc", "noveum.team": "kept", "numbers": []any{json.Number("1"), json.Number("2")},
		"noveum.project": "proj", "noveum.environment": "test", "noveum.sdk.version": "0.1.0",
		"noveum.sampling.decision": "record", "noveum.trace.continuation_of": orig.String(),
	}
	if !reflect.DeepEqual(attrs, want) {
		t.Errorf("attributes = %#v\nwant %#v", attrs, want)
	}
	if r := obj(got.trace(0), "otel", "resource"); !reflect.DeepEqual(r, map[string]any{"service.name": "svc", "noveum.team": "kept", "numbers": []any{json.Number("1"), json.Number("2")}}) {
		t.Errorf("otel.resource = %#v", r)
	}
}

// TestTraceResourceChanges: the encoder caches the encoded resource; a trace
// with another resource must not reuse it.
func TestTraceResourceChanges(t *testing.T) {
	a := stub("a")
	a.Resource = resource.NewSchemaless(attribute.String("service.name", "svc-a"))
	b := stub("b")
	b.SpanContext = spanCtx(tid2, sid(1), false)
	b.Resource = resource.NewSchemaless(attribute.String("service.name", "svc-b"))
	c := tracetest.SpanStub(b)
	c.SpanContext = spanCtx(trace2(3), sid(1), false)
	c.Resource = nil
	enc := &wire.Encoder{}
	got := encodeBody(t, enc, nil, a.Snapshot(), b.Snapshot(), c.Snapshot())
	for i, want := range []string{"svc-a", "svc-b", ""} {
		tr := got.trace(i)
		if v, _ := obj(tr, "otel", "resource", "service.name").(string); v != want {
			t.Errorf("trace %d resource service.name = %q, want %q", i, v, want)
		}
		wantProject := want
		if want == "" {
			wantProject = "wire" // the program's name: this test binary is wire.test
		}
		if tr["project"] != wantProject {
			t.Errorf("trace %d project = %v, want %v", i, tr["project"], wantProject)
		}
	}
}

func trace2(n byte) (id [16]byte) {
	id[15] = n
	return id
}

// TestTraceDurationNeverNegative: a header whose end precedes its start (a
// clock step between spans) still has a duration of 0, not below.
func TestTraceDurationNeverNegative(t *testing.T) {
	got := encodeBody(t, newEncoder(), func(h *wire.TraceHeader) {
		h.End = h.Start.Add(-time.Minute)
	}, stub("s").Snapshot())
	if d := got.trace(0)["duration_ms"]; d != json.Number("0") {
		t.Errorf("duration_ms = %v, want 0", d)
	}
}
