package wire_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

func kv(k string, v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: attribute.Key(k), Value: v}
}

func TestAttributeTypes(t *testing.T) {
	var big []attribute.KeyValue
	wantBig := map[string]any{}
	for i := range 40 {
		k := fmt.Sprintf("k%02d", i)
		big = append(big, attribute.Int(k, i))
		wantBig[k] = json.Number(fmt.Sprint(i))
	}
	big = append(big, attribute.String("k05", "again"), attribute.String("k39", "last"))
	wantBig["k05"], wantBig["k39"] = "again", "last"

	tests := []struct {
		key     string
		value   attribute.Value
		wantRaw string // exact JSON text, when set
		want    any    // decoded with UseNumber, when wantRaw is empty
	}{
		{"bool.true", attribute.BoolValue(true), `true`, nil},
		{"bool.false", attribute.BoolValue(false), `false`, nil},
		{"int.zero", attribute.Int64Value(0), `0`, nil},
		{"int.neg", attribute.Int64Value(-42), `-42`, nil},
		{"int.max", attribute.Int64Value(math.MaxInt64), `9223372036854775807`, nil},
		{"int.min", attribute.Int64Value(math.MinInt64), `-9223372036854775808`, nil},
		{"float", attribute.Float64Value(3.5), `3.5`, nil},
		{"float.neg", attribute.Float64Value(-0.25), `-0.25`, nil},
		{"float.whole", attribute.Float64Value(2), `2`, nil},
		{"float.max", attribute.Float64Value(math.MaxFloat64), "", json.Number("1.7976931348623157e+308")},
		{"float.tiny", attribute.Float64Value(5e-324), "", json.Number("5e-324")},
		{"string", attribute.StringValue("hello"), `"hello"`, nil},
		{"string.empty", attribute.StringValue(""), `""`, nil},
		{"boolslice", attribute.BoolSliceValue([]bool{true, false, true, true, false}), `[true,false,true,true,false]`, nil},
		{"boolslice.empty", attribute.BoolSliceValue(nil), `[]`, nil},
		{"intslice", attribute.Int64SliceValue([]int64{math.MaxInt64, math.MinInt64, 0, 7}), `[9223372036854775807,-9223372036854775808,0,7]`, nil},
		{"floatslice", attribute.Float64SliceValue([]float64{1.5, -2, 0.001}), `[1.5,-2,0.001]`, nil},
		{"stringslice", attribute.StringSliceValue([]string{"a", "", "c\"d"}), `["a","","c\"d"]`, nil},
		{"stringslice.empty", attribute.StringSliceValue([]string{}), `[]`, nil},
		{"bytes", attribute.ByteSliceValue([]byte{0, 1, 2, 0xff, 0xfe}), `"AAEC//4="`, nil},
		{"bytes.empty", attribute.ByteSliceValue(nil), `""`, nil},
		{"slice", attribute.SliceValue(
			attribute.StringValue("x"), attribute.Int64Value(1), attribute.BoolValue(true), attribute.Float64Value(2.5),
			attribute.SliceValue(attribute.Int64Value(2)), attribute.MapValue(attribute.String("a", "b")), attribute.Value{},
			attribute.ByteSliceValue([]byte("hi"))),
			`["x",1,true,2.5,[2],{"a":"b"},null,"aGk="]`, nil},
		{"slice.empty", attribute.SliceValue(), `[]`, nil},
		{"map", attribute.MapValue(
			attribute.String("k", "v"),
			attribute.Int("n", 1),
			kv("inner", attribute.MapValue(attribute.Bool("deep", true), kv("list", attribute.Int64SliceValue([]int64{1, 2})))),
			attribute.String("k", "w"), // duplicate: last wins
		), `{"inner":{"deep":true,"list":[1,2]},"k":"w","n":1}`, nil},
		{"map.empty", attribute.MapValue(), `{}`, nil},
		{"map.big", attribute.MapValue(big...), "", wantBig},
		{"empty", attribute.Value{}, `null`, nil},
	}
	var attrs []attribute.KeyValue
	for _, tt := range tests {
		attrs = append(attrs, kv(tt.key, tt.value))
	}
	s := stub("types", attrs...)
	// Event and link attributes go through the object writer, which drops
	// duplicate keys.
	s.Events = []sdktrace.Event{{Name: "e", Time: t0, Attributes: append(append([]attribute.KeyValue{}, attrs...), attribute.String("bool.true", "dup"))}}
	got := encodeOne(t, s)
	raw := got.rawAttrs(t, 0)
	decoded := got.attrs(0)
	evAttrs := got.span(0)["events"].([]any)[0].(map[string]any)["attributes"].(map[string]any)
	for _, tt := range tests {
		if tt.wantRaw != "" {
			if raw[tt.key] != tt.wantRaw {
				t.Errorf("%s = %s, want %s", tt.key, raw[tt.key], tt.wantRaw)
			}
			continue
		}
		if !reflect.DeepEqual(decoded[tt.key], tt.want) {
			t.Errorf("%s = %#v, want %#v", tt.key, decoded[tt.key], tt.want)
		}
	}
	for _, tt := range tests {
		if tt.key == "bool.true" {
			if evAttrs[tt.key] != "dup" {
				t.Errorf("event %s = %v, want the last value", tt.key, evAttrs[tt.key])
			}
			continue
		}
		if !reflect.DeepEqual(evAttrs[tt.key], decoded[tt.key]) {
			t.Errorf("event %s = %#v, want %#v", tt.key, evAttrs[tt.key], decoded[tt.key])
		}
	}
	// Big maps with duplicates, as event attributes too.
	var bigDup []attribute.KeyValue
	for i := range 50 {
		bigDup = append(bigDup, attribute.Int(fmt.Sprintf("d%d", i%35), i))
	}
	s2 := stub("bigdup")
	s2.Events = []sdktrace.Event{{Name: "e", Time: t0, Attributes: bigDup}}
	ev := encodeOne(t, s2).span(0)["events"].([]any)[0].(map[string]any)["attributes"].(map[string]any)
	if len(ev) != 35 || ev["d0"] != json.Number("35") || ev["d14"] != json.Number("49") || ev["d15"] != json.Number("15") {
		t.Errorf("big event attributes with duplicates: %d keys, d0=%v d14=%v d15=%v", len(ev), ev["d0"], ev["d14"], ev["d15"])
	}
}

func TestHostileStrings(t *testing.T) {
	const fffd = "\uFFFD"
	ctrl := "a\x00b\x01c\x1f\n\r\t\"\\/\x7f<>&\u2028\u2029😀é"
	s := stub("bad\xffname",
		attribute.String("key\xfe", "value"),
		attribute.String("v", "x\xc3\x28y"),
		attribute.String("ctrl", ctrl),
		attribute.StringSlice("slice", []string{"\xff", ctrl}),
		kv("map", attribute.MapValue(attribute.String("m\xff", "\xe2\x82"))),
		attribute.String("noveum.tag.t\xff", "\xff"),
	)
	s.Status.Description = "desc\xff"
	s.Events = []sdktrace.Event{{Name: "ev\xff\x00", Time: t0, Attributes: []attribute.KeyValue{attribute.String("k\x80", "\x80")}}}
	s.InstrumentationScope.Name = "scope\xff"
	got := encodeOne(t, s) // checks valid JSON, valid UTF-8, schema
	sp := got.span(0)
	a := got.attrs(0)
	checks := []struct {
		desc      string
		got, want any
	}{
		{"name", sp["name"], "bad" + fffd + "name"},
		{"otel.name", obj(sp, "otel", "name"), "bad" + fffd + "name"},
		{"trace name", got.trace(0)["name"], "bad" + fffd + "name"},
		{"key", a["key"+fffd], "value"},
		{"value", a["v"], "x" + fffd + "(y"},
		{"control characters", a["ctrl"], ctrl},
		{"slice", a["slice"], []any{fffd, ctrl}},
		{"map", a["map"], map[string]any{"m" + fffd: fffd + fffd}},
		{"status message", sp["status_message"], "desc" + fffd},
		{"event name", sp["events"].([]any)[0].(map[string]any)["name"], "ev" + fffd + "\x00"},
		{"event attribute", sp["events"].([]any)[0].(map[string]any)["attributes"], map[string]any{"k" + fffd: fffd}},
		{"scope", obj(sp, "otel", "scope", "name"), "scope" + fffd},
		{"tag", obj(got.trace(0), "metadata", "tags"), map[string]any{"t" + fffd: fffd}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.desc, c.got, c.want)
		}
	}
	if !strings.Contains(string(got.body), `\u0000`) || !strings.Contains(string(got.body), `\u001f`) {
		t.Error("control characters are not escaped as \\u00XX")
	}
}

func TestNonFiniteFloats(t *testing.T) {
	s := stub("floats", op("chat"),
		attribute.Float64("nan", math.NaN()),
		attribute.Float64("inf", math.Inf(1)),
		attribute.Float64("ninf", math.Inf(-1)),
		attribute.Float64Slice("slice", []float64{math.NaN(), 1, math.Inf(1), math.Inf(-1)}),
		kv("map", attribute.MapValue(attribute.Float64("x", math.Inf(-1)))),
		attribute.Float64("noveum.cost.total", math.NaN()),
		attribute.Float64("gen_ai.response.time_to_first_chunk", math.Inf(1)),
		attribute.Float64("big", 1e21),
		attribute.Float64("small", 1e-7),
		attribute.Float64("negzero", math.Copysign(0, -1)),
	)
	raw := encodeOne(t, s).rawAttrs(t, 0)
	wantRaw(t, raw, map[string]string{
		"nan":                        `"NaN"`,
		"inf":                        `"Infinity"`,
		"ninf":                       `"-Infinity"`,
		"slice":                      `["NaN",1,"Infinity","-Infinity"]`,
		"map":                        `{"x":"-Infinity"}`,
		"llm.cost.total":             `"NaN"`,
		"llm.time_to_first_token_ms": `"Infinity"`,
	})
	for k, want := range map[string]float64{"big": 1e21, "small": 1e-7, "negzero": 0} {
		var f float64
		if err := json.Unmarshal([]byte(raw[k]), &f); err != nil || f != want {
			t.Errorf("%s = %s (%v), want %v", k, raw[k], err, want)
		}
	}
}

func TestTruncation(t *testing.T) {
	const max = 16
	e20 := strings.Repeat("é", 20) // 40 bytes
	marker := func(n int) string { return string(jsontext.AppendMarker(nil, n)) }
	s := stub(strings.Repeat("n", 30),
		attribute.String("even", e20),
		attribute.String("odd", "a"+e20),
		attribute.String("short", "exactly sixteen!"),
		attribute.StringSlice("slice", []string{e20, "ok"}),
		kv("map", attribute.MapValue(attribute.String("m", e20))),
		attribute.ByteSlice("bytes", make([]byte, 100)),
		attribute.ByteSlice("smallbytes", make([]byte, 12)),
	)
	enc := newEncoder()
	enc.MaxValueBytes = max
	got := encodeBody(t, enc, nil, s.Snapshot())
	a := got.attrs(0)
	checks := []struct {
		key  string
		got  any
		want any
	}{
		{"even", a["even"], strings.Repeat("é", 8) + marker(24)},
		{"odd", a["odd"], "a" + strings.Repeat("é", 7) + marker(26)},
		{"short", a["short"], "exactly sixteen!"},
		{"slice", a["slice"], []any{strings.Repeat("é", 8) + marker(24), "ok"}},
		{"map", a["map"], map[string]any{"m": strings.Repeat("é", 8) + marker(24)}},
		{"name", got.span(0)["name"], strings.Repeat("n", 16) + marker(14)},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.key, c.got, c.want)
		}
	}
	if b, _ := a["bytes"].(string); len(b) > max {
		t.Errorf("bytes = %q (%d chars), want at most %d", b, len(b), max)
	}
	if b, _ := a["smallbytes"].(string); b != "AAAAAAAAAAAAAAAA" {
		t.Errorf("smallbytes = %q, want 16 chars untouched", b)
	}
	// Values cut: even, odd, slice, map, bytes; the span name, otel.name,
	// and the trace name (trace head).
	if enc.Truncated < 8 {
		t.Errorf("Truncated = %d, want >= 8", enc.Truncated)
	}

	// A name with a type prefix is bounded and marked like any value.
	long := strings.Repeat("m", 40)
	enc2 := newEncoder()
	enc2.MaxValueBytes = max
	got2 := encodeBody(t, enc2, nil, stub("chat", op("chat"), attribute.String("gen_ai.request.model", long)).Snapshot())
	if n := got2.span(0)["name"]; n != "llm."+strings.Repeat("m", 16)+marker(24) {
		t.Errorf("prefixed name = %q, want a marked cut", n)
	}
	if enc2.Truncated < 4 { // request model, llm.model, span name, trace name
		t.Errorf("Truncated = %d, want >= 4 (the cut name counts)", enc2.Truncated)
	}

	// Unbounded: nothing is cut.
	big := strings.Repeat("x", 1<<20)
	enc3 := newEncoder()
	got3 := encodeBody(t, enc3, nil, stub("big", attribute.String("big", big)).Snapshot())
	if got3.attrs(0)["big"] != big || enc3.Truncated != 0 {
		t.Errorf("unbounded encoder cut a value (Truncated=%d)", enc3.Truncated)
	}
}

func TestExtremeTimes(t *testing.T) {
	tests := []struct {
		desc             string
		start, end       time.Time
		wantStart        string
		wantEnd          string
		wantDuration     string
		checkDuration    bool
		wantNonNegatives bool
	}{
		{"before year 0", time.Date(-100, 3, 4, 5, 6, 7, 0, time.UTC), t0,
			"0000-01-01T00:00:00.000000+00:00", t0Wire, "", false, true},
		{"after 9999", t0, time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC),
			t0Wire, "9999-12-31T23:59:59.999999+00:00", "", false, true},
		{"year 0", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(0, 1, 1, 0, 0, 1, 0, time.UTC),
			"0000-01-01T00:00:00.000000+00:00", "0000-01-01T00:00:01.000000+00:00", "1000", true, true},
		{"zero time", time.Time{}, time.Time{},
			"0001-01-01T00:00:00.000000+00:00", "0001-01-01T00:00:00.000000+00:00", "0", true, true},
		{"end before start", t0, t0.Add(-time.Hour),
			t0Wire, t0Wire, "0", true, true},
		{"nanoseconds truncated, zone converted", time.Date(2026, 1, 1, 1, 0, 0, 999999999, time.FixedZone("CET", 3600)), time.Date(2026, 1, 1, 0, 0, 1, 0, time.UTC),
			"2026-01-01T00:00:00.999999+00:00", "2026-01-01T00:00:01.000000+00:00", "0.000001", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			s := stub("chat", op("chat"))
			s.StartTime, s.EndTime = tt.start, tt.end
			s.Events = []sdktrace.Event{{Name: "e", Time: tt.start}}
			got := encodeOne(t, s)
			sp := got.span(0)
			if sp["start_time"] != tt.wantStart || sp["end_time"] != tt.wantEnd {
				t.Errorf("times = %v .. %v, want %v .. %v", sp["start_time"], sp["end_time"], tt.wantStart, tt.wantEnd)
			}
			if ev := sp["events"].([]any)[0].(map[string]any)["timestamp"]; ev != tt.wantStart {
				t.Errorf("event timestamp = %v, want %v", ev, tt.wantStart)
			}
			d, err := sp["duration_ms"].(json.Number).Float64()
			if err != nil || d < 0 {
				t.Errorf("duration_ms = %v, want >= 0", sp["duration_ms"])
			}
			lat, err := obj(sp, "attributes", "llm.latency_ms").(json.Number).Float64()
			if err != nil || lat < 0 {
				t.Errorf("llm.latency_ms = %v, want >= 0", obj(sp, "attributes", "llm.latency_ms"))
			}
			if tt.checkDuration {
				if sp["duration_ms"] != json.Number(tt.wantDuration) {
					t.Errorf("duration_ms = %v, want %v", sp["duration_ms"], tt.wantDuration)
				}
				if got.trace(0)["duration_ms"] != json.Number(tt.wantDuration) {
					t.Errorf("trace duration_ms = %v, want %v", got.trace(0)["duration_ms"], tt.wantDuration)
				}
			}
			if !got.infos[0].End.Equal(maxTime(tt.start, tt.end)) {
				t.Errorf("SpanInfo.End = %v, want never before Start", got.infos[0].End)
			}
		})
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return a
	}
	return b
}

// TestInvalidKeysCollide: keys that differ only in invalid UTF-8 are written
// the same (U+FFFD), so the encoder keeps one of them (the last, or for
// metadata the first), never a duplicate key.
func TestInvalidKeysCollide(t *testing.T) {
	const fffd = "\uFFFD"
	s := stub("s",
		attribute.String("k\xff", "first"),
		attribute.String("k\xfe", "second"),
		attribute.String("k"+fffd, "third"),
		attribute.String("noveum.tag.t\xff", "tag1"),
		attribute.String("noveum.tag.t\xfe", "tag2"),
		kv("map", attribute.MapValue(attribute.String("m\xff", "a"), attribute.String("m\xfe", "b"))),
	)
	var many []attribute.KeyValue
	for i := range 40 {
		many = append(many, attribute.Int(fmt.Sprintf("e%d\xff", i%3), i), attribute.Int(fmt.Sprintf("e%d\xfe", i%3), i))
	}
	s.Events = []sdktrace.Event{{Name: "e", Time: t0, Attributes: many}}
	s.Resource = resource.NewSchemaless(attribute.String("r\xff", "1"), attribute.String("r\xfe", "2"))
	got := encodeOne(t, s) // fails on a duplicate key
	a := got.attrs(0)
	if a["k"+fffd] != "third" {
		t.Errorf("k = %v, want the last value", a["k"+fffd])
	}
	// MapValue sorts by key (raw bytes), so "last" is the sorted order.
	if v := obj(a, "map", "m"+fffd); v != "a" {
		t.Errorf("map m = %v, want the last value in key order", v)
	}
	if v := obj(got.trace(0), "metadata", "tags", "t"+fffd); v != "tag1" {
		t.Errorf("tag = %v, want the first value", v)
	}
	ev := got.span(0)["events"].([]any)[0].(map[string]any)["attributes"].(map[string]any)
	if len(ev) != 3 || ev["e0"+fffd] != json.Number("39") {
		t.Errorf("event attributes = %v", ev)
	}
	if v := obj(got.trace(0), "otel", "resource", "r"+fffd); v != "1" { // the resource sorts by key
		t.Errorf("resource r = %v", v)
	}
}

// The exporter writes strings with the module's one encoder: the escapes of
// encoding/json without HTML escaping, U+2028 and U+2029 escaped, invalid
// UTF-8 as U+FFFD, and one truncation note.
func TestStringEscapes(t *testing.T) {
	s := stub("x", attribute.String("k", "a\b\f\u2028\u2029<>&\xff"), attribute.String("long", strings.Repeat("y", 70)))
	enc := &wire.Encoder{MaxValueBytes: 64}
	var info wire.SpanInfo
	out := string(enc.AppendSpan(nil, s.Snapshot(), testIDs.Trace(tid1), &info))
	for _, want := range []string{
		`"k":"a\b\f\u2028\u2029<>&` + "\uFFFD" + `"`,
		`"long":"` + strings.Repeat("y", 64) + `…[truncated 6 bytes]"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("span lacks %s:\n%s", want, out)
		}
	}
}
