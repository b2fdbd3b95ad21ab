package envvalue

import (
	"strings"
	"testing"
)

func TestParseCapture(t *testing.T) {
	for in, want := range map[string]string{
		"true": CaptureSpanOnly, "1": CaptureSpanOnly, "ON": CaptureSpanOnly, "yes": CaptureSpanOnly,
		"false": CaptureNone, "0": CaptureNone, "off": CaptureNone, "No": CaptureNone,
		"no_content": CaptureNone, "SPAN_ONLY": CaptureSpanOnly, "event_only": CaptureEventOnly,
		" Span_And_Event ": CaptureSpanAndEvent,
	} {
		got, ok := ParseCapture(in)
		if !ok || got != want {
			t.Errorf("ParseCapture(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "maybe", "SPAN", "2"} {
		if got, ok := ParseCapture(in); ok {
			t.Errorf("ParseCapture(%q) = %q, accepted", in, got)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		noveum, otel string
		mode, name   string
		set, ok      bool
	}{
		{"", "", CaptureNone, "", false, true},
		{"", "true", CaptureSpanOnly, "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", true, true},
		{"EVENT_ONLY", "true", CaptureEventOnly, "NOVEUM_CAPTURE_CONTENT", true, true},
		{"false", "SPAN_AND_EVENT", CaptureNone, "NOVEUM_CAPTURE_CONTENT", true, true},
		{"bogus", "true", "", "NOVEUM_CAPTURE_CONTENT", true, false},
		{"  ", "span_only", CaptureSpanOnly, "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", true, true},
	} {
		t.Setenv("NOVEUM_CAPTURE_CONTENT", tc.noveum)
		t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", tc.otel)
		mode, name, set, ok := CaptureFromEnv()
		if mode != tc.mode || name != tc.name || set != tc.set || ok != tc.ok {
			t.Errorf("NOVEUM=%q OTEL=%q: CaptureFromEnv() = %q, %q, %v, %v; want %q, %q, %v, %v",
				tc.noveum, tc.otel, mode, name, set, ok, tc.mode, tc.name, tc.set, tc.ok)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"0": 0, "65536": 65536, "64KiB": 64 << 10, "64 kib": 64 << 10, " 4MiB ": 4 << 20, "1GiB": 1 << 30, "-1": -1,
	} {
		got, ok := ParseSize(in)
		if !ok || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "KiB", "1.5MiB", "64KB", "8589934592GiB", "ten"} {
		if got, ok := ParseSize(in); ok {
			t.Errorf("ParseSize(%q) = %d, accepted", in, got)
		}
	}
}

func TestContentLimitFromEnv(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want int
		bad  bool
	}{{"", 100, false}, {"2KiB", 2048, false}, {"65536", 65536, false}, {"512", 100, true}, {"65MiB", 100, true}, {"lots", 100, true}} {
		t.Setenv(ContentLimitEnv, tc.v)
		got, err := ContentLimitFromEnv(100)
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("%s=%q: got %d, %v; want %d, error %v", ContentLimitEnv, tc.v, got, err, tc.want, tc.bad)
		}
		if err != nil && strings.Contains(err.Error(), tc.v) {
			t.Errorf("the error echoes the value: %v", err)
		}
	}
}
