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
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		"answer question",
		"llm.text-embedding-3-small               input_tokens=7 cost.total=1.4e-07",
		"retrieval.orders-kb                      retrieval.result_count=1",
		// gpt-4o at $2.50/$10 per million tokens.
		"llm.gpt-4o                               input_tokens=412 output_tokens=18 cost.total=0.00121 content=captured",
		// claude-sonnet-4-5 at $3/$15, cache reads at $0.30: 130 + 400 cached in, 12 out.
		"llm.claude-sonnet-4-5                    input_tokens=530 output_tokens=12 cost.total=0.00069 ttft=recorded content=captured",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %q\nwant %q", i, lines[i], want[i])
		}
	}
}
