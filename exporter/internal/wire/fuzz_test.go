package wire_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func FuzzAppendSpan(f *testing.F) {
	f.Add("chat gpt-4o", "user.key", "value", 1.5)
	f.Add("", "", "", 0.0)
	f.Add("bad\xff", "k\xfe", "v\xc3\x28", math.NaN())
	f.Add("x", "llm.model", "gpt-4o", math.Inf(1))
	f.Add("x", "gen_ai.retrieval.documents", "[1,2,[3]]", math.Inf(-1))
	f.Add("x", "noveum.tag.t", "\x00\"\\", 1e300)
	f.Add("x", "noveum.metadata.m", strings.Repeat("é", 50), -1e-300)
	f.Add("x", "gen_ai.operation.name", "execute_tool", 5e-324)
	f.Add("x", "error.type", "timeout", math.Copysign(0, -1))
	fixed := map[string]bool{
		"gen_ai.operation.name": true, "gen_ai.request.model": true, "gen_ai.tool.name": true,
		"fuzz.float": true, "fuzz.slice": true, "fuzz.map": true, "noveum.cost.total": true,
		"gen_ai.response.time_to_first_chunk": true, "gen_ai.usage.input_tokens": true, "gen_ai.usage.output_tokens": true,
	}
	f.Fuzz(func(t *testing.T, name, key, value string, fl float64) {
		if fixed[key] {
			t.Skip("the SDK never emits a span with duplicate attribute keys")
		}
		s := stub(name,
			op("chat"),
			attribute.String("gen_ai.request.model", value),
			attribute.String("gen_ai.tool.name", name),
			attribute.String(key, value),
			attribute.Float64("fuzz.float", fl),
			attribute.StringSlice("fuzz.slice", []string{value, name}),
			kv("fuzz.map", attribute.MapValue(attribute.String(key, value), attribute.Float64(name, fl))),
			attribute.Float64("noveum.cost.total", fl),
			attribute.Float64("gen_ai.response.time_to_first_chunk", fl),
			attribute.Int("gen_ai.usage.input_tokens", int(fl)),
			attribute.Int("gen_ai.usage.output_tokens", math.MaxInt64),
		)
		s.Status = sdktrace.Status{Code: codes.Error, Description: value}
		s.Events = []sdktrace.Event{
			{Name: value, Time: t0, Attributes: []attribute.KeyValue{attribute.Float64(key, fl), attribute.String(name, value)}},
			{Name: "exception", Time: t0, Attributes: []attribute.KeyValue{attribute.String("exception.type", name), attribute.String("exception.message", value)}},
		}
		s.Links = []sdktrace.Link{{SpanContext: spanCtx(tid2, sid(3), true), Attributes: []attribute.KeyValue{attribute.String(key, value)}}}
		s.InstrumentationScope.Name = name
		s.Resource = nil

		got := encodeBody(t, newEncoder(), nil, s.Snapshot())
		a := got.attrs(0)
		if utf8.ValidString(key) && utf8.ValidString(value) {
			if a[key] != value {
				t.Fatalf("attribute %q = %q, want %q", key, a[key], value)
			}
		}
		if utf8.ValidString(name) {
			if v := obj(got.span(0), "otel", "name"); v != name {
				t.Fatalf("otel.name = %q, want %q", v, name)
			}
		}
		checkFloat(t, a["fuzz.float"], fl)

		// Bounded values stay valid JSON too.
		enc := newEncoder()
		enc.MaxValueBytes = 1 + len(value)%13
		encodeBody(t, enc, nil, s.Snapshot())
	})
}

func checkFloat(t *testing.T, got any, want float64) {
	t.Helper()
	switch {
	case math.IsNaN(want):
		if got != "NaN" {
			t.Fatalf("float NaN = %v", got)
		}
	case math.IsInf(want, 1):
		if got != "Infinity" {
			t.Fatalf("float +Inf = %v", got)
		}
	case math.IsInf(want, -1):
		if got != "-Infinity" {
			t.Fatalf("float -Inf = %v", got)
		}
	default:
		n, ok := got.(json.Number)
		if !ok {
			t.Fatalf("float %v = %#v, want a number", want, got)
		}
		f, err := n.Float64()
		if err != nil || f != want {
			t.Fatalf("float %v = %s (%v)", want, n, err)
		}
	}
}
