package capture

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]string{
		"true": SpanOnly, "1": SpanOnly, "ON": SpanOnly, "yes": SpanOnly,
		"false": None, "0": None, "off": None, "No": None,
		"no_content": None, "SPAN_ONLY": SpanOnly, "event_only": EventOnly,
		" Span_And_Event ": SpanAndEvent,
	} {
		got, ok := Parse(in)
		if !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "maybe", "SPAN", "2"} {
		if got, ok := Parse(in); ok {
			t.Errorf("Parse(%q) = %q, accepted", in, got)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		noveum, otel string
		mode, name   string
		set, ok      bool
	}{
		{"", "", None, "", false, true},
		{"", "true", SpanOnly, "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", true, true},
		{"EVENT_ONLY", "true", EventOnly, "NOVEUM_CAPTURE_CONTENT", true, true},
		{"false", "SPAN_AND_EVENT", None, "NOVEUM_CAPTURE_CONTENT", true, true},
		{"bogus", "true", "", "NOVEUM_CAPTURE_CONTENT", true, false},
		{"  ", "span_only", SpanOnly, "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", true, true},
	} {
		t.Setenv("NOVEUM_CAPTURE_CONTENT", tc.noveum)
		t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", tc.otel)
		mode, name, set, ok := FromEnv()
		if mode != tc.mode || name != tc.name || set != tc.set || ok != tc.ok {
			t.Errorf("NOVEUM=%q OTEL=%q: FromEnv() = %q, %q, %v, %v; want %q, %q, %v, %v",
				tc.noveum, tc.otel, mode, name, set, ok, tc.mode, tc.name, tc.set, tc.ok)
		}
	}
}
