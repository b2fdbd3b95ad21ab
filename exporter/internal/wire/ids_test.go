package wire_test

import (
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestTraceUUIDLossless(t *testing.T) {
	for _, id := range []trace.TraceID{tid1, tid2, {}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}} {
		u := wire.TraceUUID(id)
		if [16]byte(u) != [16]byte(id) {
			t.Errorf("TraceUUID(%s) bytes = %x", id, u)
		}
		got := u.String()
		if got != uuidOf(id) || strings.ReplaceAll(got, "-", "") != id.String() {
			t.Errorf("TraceUUID(%s) = %s", id, got)
		}
		if string(wire.AppendUUID([]byte("x"), u)) != "x"+got {
			t.Errorf("AppendUUID does not append")
		}
	}
	if got := wire.TraceUUID(tid1).String(); got != "4bf92f35-77b3-4da6-a3ce-929d0e0e4736" {
		t.Errorf("TraceUUID = %s", got)
	}
}

func checkDerivedUUID(t *testing.T, what string, u wire.UUID) {
	t.Helper()
	s := u.String()
	if !uuidRE.MatchString(s) {
		t.Errorf("%s = %q, not a lowercase hyphenated UUID", what, s)
	}
	if u[6]>>4 != 8 {
		t.Errorf("%s version = %d, want 8", what, u[6]>>4)
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
	if what, ok := seen[wire.TraceUUID(tid1)]; ok {
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
	c1, c2 := wire.ContinuationUUID(tid1, 1), wire.ContinuationUUID(tid1, 2)
	checkDerivedUUID(t, "continuation 1", c1)
	checkDerivedUUID(t, "continuation 2", c2)
	orig := wire.TraceUUID(tid1)
	if c1 == c2 || c1 == orig || c2 == orig {
		t.Errorf("continuations not distinct: orig %s, 1 %s, 2 %s", orig, c1, c2)
	}
	if c1 != wire.ContinuationUUID(tid1, 1) {
		t.Error("ContinuationUUID is not deterministic")
	}
	if c1 == wire.ContinuationUUID(tid2, 1) {
		t.Error("continuations of different traces collide")
	}
	seen := map[wire.UUID]uint32{}
	for n := uint32(1); n <= 1000; n++ {
		u := wire.ContinuationUUID(tid1, n)
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
	frag := enc.AppendSpan(nil, stub("moved").Snapshot(), wire.TraceUUID(tid1), &info)
	other := wire.ContinuationUUID(tid1, 7)
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
