package wire_test

import (
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Trace ids are valid version 4 UUIDs, deterministic within one exporter,
// distinct for distinct OTel ids, and different between two exporters (two
// salts) for the same OTel id: parts of one distributed trace sent by two
// processes must not collide at Noveum, which keeps the first trace_id only.
func TestTraceIDs(t *testing.T) {
	a, b := wire.NewIDs(1), wire.NewIDs(2)
	seen := map[wire.UUID]trace.TraceID{}
	ids := []trace.TraceID{tid1, tid2, {}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}
	for i := uint64(1); i <= 1000; i++ {
		var id trace.TraceID
		binary.BigEndian.PutUint64(id[8:], i*0x9e3779b97f4a7c15)
		ids = append(ids, id)
	}
	for _, id := range ids {
		u := a.Trace(id)
		checkDerivedUUID(t, "trace "+id.String(), u)
		if u != a.Trace(id) {
			t.Fatalf("Trace(%s) is not deterministic", id)
		}
		if u == b.Trace(id) {
			t.Errorf("two salts give %s the same trace_id %s", id, u)
		}
		if prev, ok := seen[u]; ok {
			t.Fatalf("%s and %s share trace_id %s", prev, id, u)
		}
		seen[u] = id
		got := u.String()
		if string(wire.AppendUUID([]byte("x"), u)) != "x"+got {
			t.Errorf("AppendUUID does not append")
		}
	}
	// The zero IDs (tests) keeps the OTel bits but the six it forces.
	if got := testIDs.Trace(tid1).String(); got != "4bf92f35-77b3-4da6-a3ce-929d0e0e4736" {
		t.Errorf("zero IDs: Trace = %s", got)
	}
	// Continuations are salted too.
	if a.Continuation(tid1, 1) == b.Continuation(tid1, 1) {
		t.Error("two salts give the same continuation id")
	}
}

func checkDerivedUUID(t *testing.T, what string, u wire.UUID) {
	t.Helper()
	s := u.String()
	if !uuidRE.MatchString(s) {
		t.Errorf("%s = %q, not a lowercase hyphenated UUID", what, s)
	}
	if u[6]>>4 != 4 {
		t.Errorf("%s version = %d, want 4", what, u[6]>>4)
	}
	if u[8]&0xc0 != 0x80 {
		t.Errorf("%s variant bits = %02b, want 10", what, u[8]>>6)
	}
}

func TestSpanUUID(t *testing.T) {
	seen := map[wire.UUID]string{}
	add := func(what string, u wire.UUID) {
		t.Helper()
		checkDerivedUUID(t, what, u)
		if prev, ok := seen[u]; ok {
			t.Errorf("%s and %s share UUID %s", what, prev, u)
		}
		seen[u] = what
	}
	for _, tr := range []trace.TraceID{tid1, tid2} {
		for i := range uint64(1000) {
			add(tr.String()+"/"+sid(i).String(), wire.SpanUUID(tr, sid(i)))
		}
	}
	// Same bytes in a different place are a different span.
	var swapped trace.TraceID
	copy(swapped[:8], tid1[8:])
	copy(swapped[8:], tid1[:8])
	add("swapped", wire.SpanUUID(swapped, sid(1)))
	// A span UUID never equals the trace's own UUID.
	if what, ok := seen[testIDs.Trace(tid1)]; ok {
		t.Errorf("span %s has the trace's UUID", what)
	}
	first, again := wire.SpanUUID(tid1, sid(5)), wire.SpanUUID(tid1, sid(5))
	if first != again {
		t.Error("SpanUUID is not deterministic")
	}
}

func TestSpanUUIDLayout(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		var tr trace.TraceID
		var sp trace.SpanID
		binary.BigEndian.PutUint64(tr[:8], r.Uint64())
		binary.BigEndian.PutUint64(tr[8:], r.Uint64())
		binary.BigEndian.PutUint64(sp[:], r.Uint64())
		u := wire.SpanUUID(tr, sp).String()
		checkDerivedUUID(t, u, wire.SpanUUID(tr, sp))
		// The span id is readable in the UUID, for whoever debugs a payload.
		if got, want := u[24:], sp.String()[4:]; got != want {
			t.Fatalf("SpanUUID(%s, %s) = %s: last 12 digits %s, want %s", tr, sp, u, got, want)
		}
		// The high half of the trace id may be a timestamp or zero (X-Ray,
		// 64-bit Datadog ids): spans of traces that differ only in the low,
		// random half still get distinct UUIDs.
		other := tr
		other[15] ^= 1
		if wire.SpanUUID(other, sp) == wire.SpanUUID(tr, sp) {
			t.Fatalf("traces %s and %s share the UUID of span %s", tr, other, sp)
		}
	}
}

func TestContinuationUUID(t *testing.T) {
	c1, c2 := testIDs.Continuation(tid1, 1), testIDs.Continuation(tid1, 2)
	checkDerivedUUID(t, "continuation 1", c1)
	checkDerivedUUID(t, "continuation 2", c2)
	orig := testIDs.Trace(tid1)
	if c1 == c2 || c1 == orig || c2 == orig {
		t.Errorf("continuations not distinct: orig %s, 1 %s, 2 %s", orig, c1, c2)
	}
	if c1 != testIDs.Continuation(tid1, 1) {
		t.Error("ContinuationUUID is not deterministic")
	}
	if c1 == testIDs.Continuation(tid2, 1) {
		t.Error("continuations of different traces collide")
	}
	seen := map[wire.UUID]uint32{}
	for n := uint32(1); n <= 1000; n++ {
		u := testIDs.Continuation(tid1, n)
		if m, ok := seen[u]; ok {
			t.Fatalf("continuations %d and %d collide", m, n)
		}
		seen[u] = n
		// A continuation must not equal any span UUID of the same trace
		// either (both are derived from the same namespace).
		if u == wire.SpanUUID(tid1, sid(uint64(n))) {
			t.Fatalf("continuation %d equals a span UUID", n)
		}
	}
}

func TestTimestampsInBody(t *testing.T) {
	timeRE := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$`)
	s := stub("t")
	s.StartTime = time.Date(2026, 11, 26, 21, 15, 3, 217626999, time.FixedZone("PST", -8*3600))
	s.EndTime = s.StartTime.Add(time.Second)
	got := encodeOne(t, s)
	sp, tr := got.span(0), got.trace(0)
	for name, v := range map[string]any{"span start": sp["start_time"], "span end": sp["end_time"], "trace start": tr["start_time"], "trace end": tr["end_time"]} {
		if str, _ := v.(string); !timeRE.MatchString(str) {
			t.Errorf("%s = %v, want YYYY-MM-DDTHH:MM:SS.ffffff+00:00", name, v)
		}
	}
	if sp["start_time"] != "2026-11-27T05:15:03.217626+00:00" || sp["end_time"] != "2026-11-27T05:15:04.217626+00:00" {
		t.Errorf("times = %v .. %v", sp["start_time"], sp["end_time"])
	}
	if got.doc["timestamp"].(interface{ String() string }).String() != "1795727704.31913" {
		t.Errorf("batch timestamp = %v, want 1795727704.31913", got.doc["timestamp"])
	}
}

func TestSetSpanTraceUUID(t *testing.T) {
	enc := newEncoder()
	var info wire.SpanInfo
	frag := enc.AppendSpan(nil, stub("moved").Snapshot(), testIDs.Trace(tid1), &info)
	other := testIDs.Continuation(tid1, 7)
	wire.SetSpanTraceUUID(frag, other)
	body := append(frag, "null}"...)
	var span struct {
		TraceID string `json:"trace_id"`
		SpanID  string `json:"span_id"`
	}
	if err := json.Unmarshal(body, &span); err != nil {
		t.Fatalf("the fragment is no longer JSON: %v", err)
	}
	if span.TraceID != other.String() {
		t.Errorf("trace_id = %s, want %s", span.TraceID, other)
	}
	if span.SpanID != wire.SpanUUID(tid1, sid(1)).String() {
		t.Errorf("span_id changed: %s", span.SpanID)
	}
}
