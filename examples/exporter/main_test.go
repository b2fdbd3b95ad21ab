package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		`"agent.support" status=error spans=4 errors=1 user=u-42 session=conv-7`,
		"llm.gpt-4o-mini",
		"model=gpt-4o-mini-2024-07-18",
		"tokens=853",
		"tool.lookup_order",
		"error.type=timeout",
		"exporter: 4 spans sent in 1 request, 0 dropped",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
