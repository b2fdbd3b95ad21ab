package wire_test

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/exporter/internal/wire"
)

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "hello", "é", "a\xffb", "\xe2\x82", "😀😀", "\x00\x1f\"\\", "\u2028", strings.Repeat("é", 10), "\xf0\x9f\x98"} {
		for _, max := range []int{0, -1, 1, 2, 3, 4, 7, 100} {
			f.Add(s, max)
		}
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		out, truncated := wire.AppendString([]byte("["), s, max)
		if out[0] != '[' {
			t.Fatalf("AppendString overwrote dst")
		}
		js := out[1:]
		if !json.Valid(js) || !utf8.Valid(js) {
			t.Fatalf("AppendString(%q, %d) = %q: invalid JSON or UTF-8", s, max, js)
		}
		var got string
		if err := json.Unmarshal(js, &got); err != nil {
			t.Fatalf("AppendString(%q, %d) = %q is not a JSON string: %v", s, max, js, err)
		}
		if want := max > 0 && len(s) > max; truncated != want {
			t.Fatalf("AppendString(%q, %d) truncated = %v, want %v", s, max, truncated, want)
		}
		if !truncated {
			if utf8.ValidString(s) && got != s {
				t.Fatalf("AppendString(%q) round-trips to %q", s, got)
			}
			if want := viaEncodingJSON(s); got != want {
				t.Fatalf("AppendString(%q) = %q, want %q (each invalid byte one U+FFFD)", s, got, want)
			}
			return
		}
		i := strings.LastIndex(got, "...[truncated ")
		if i < 0 || !strings.HasSuffix(got, " bytes]") {
			t.Fatalf("AppendString(%q, %d) = %q: no truncation marker", s, max, got)
		}
		cut, err := strconv.Atoi(got[i+len("...[truncated ") : len(got)-len(" bytes]")])
		if err != nil || cut <= 0 || cut > len(s) {
			t.Fatalf("AppendString(%q, %d) = %q: bad marker", s, max, got)
		}
		kept := len(s) - cut
		if kept > max || kept < max-(utf8.UTFMax-1) {
			t.Fatalf("AppendString(%q, %d) kept %d bytes", s, max, kept)
		}
		if kept < max {
			// Cut early only before a valid rune that crosses the bound.
			r, size := utf8.DecodeRuneInString(s[kept:])
			if r == utf8.RuneError && size == 1 || kept+size <= max {
				t.Fatalf("AppendString(%q, %d) cut at %d, before the bound without a rune crossing it", s, max, kept)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(s[:kept]) {
			t.Fatalf("AppendString(%q, %d) cut inside a rune at %d", s, max, kept)
		}
		if want := viaEncodingJSON(s[:kept]); got[:i] != want {
			t.Fatalf("AppendString(%q, %d) kept %q, want %q", s, max, got[:i], want)
		}
	})
}

// viaEncodingJSON is what encoding/json makes of s: each invalid byte
// becomes U+FFFD, as the encoder under test also does.
func viaEncodingJSON(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

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
