package noveumtest

import (
	"fmt"
	"strings"
	"testing"
)

func TestTraceWalk(t *testing.T) {
	p := func(id string) *string { return &id }
	tr := Trace{Spans: []Span{
		{SpanID: "c2", ParentSpanID: p("root"), Name: "second", StartTime: "2026-01-01T00:00:02.000000+00:00"},
		{SpanID: "g", ParentSpanID: p("c1"), Name: "grandchild", StartTime: "2026-01-01T00:00:01.500000+00:00"},
		{SpanID: "c1", ParentSpanID: p("root"), Name: "first", StartTime: "2026-01-01T00:00:01.000000+00:00"},
		{SpanID: "tie-b", ParentSpanID: p("root"), Name: "b", StartTime: "2026-01-01T00:00:03.000000+00:00"},
		{SpanID: "tie-a", ParentSpanID: p("root"), Name: "a", StartTime: "2026-01-01T00:00:03.000000+00:00"},
		{SpanID: "root", Name: "root", StartTime: "2026-01-01T00:00:00.000000+00:00"},
		{SpanID: "orphan", ParentSpanID: p("gone"), Name: "orphan", StartTime: "2026-01-01T00:00:05.000000+00:00"},
		{SpanID: "x", ParentSpanID: p("y"), Name: "cycle-x", StartTime: "2026-01-01T00:00:06.000000+00:00"},
		{SpanID: "y", ParentSpanID: p("x"), Name: "cycle-y", StartTime: "2026-01-01T00:00:07.000000+00:00"},
	}}
	var got []string
	tr.Walk(func(s Span, depth int) { got = append(got, fmt.Sprintf("%s%s", strings.Repeat(".", depth), s.Name)) })
	want := []string{
		"root", ".first", "..grandchild", ".second", ".a", ".b", // children by start, ties by name
		"orphan",              // a parent not in the trace: a root
		"cycle-x", ".cycle-y", // a cycle: visited last, each once
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Walk order:\n got %v\nwant %v", got, want)
	}
}
