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
		"I'm Jane ([REDACTED:EMAIL], [REDACTED:PHONE]). My card [REDACTED:CARD] was charged twice; our key [REDACTED:SECRET] stopped working.",
		"gen_ai.response.model = gpt-4o-2024-08-06", // ids, models and counts are never touched
		"gen_ai.usage.input_tokens = 58",
		"noveum.redacted.count = 4",
		"noveum.redacted.kinds = [CARD=1 EMAIL=1 PHONE=1 SECRET=1]",
		"redactor: 1 span, 1 redacted, 4 values",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, leak := range []string{"jane.doe", "555 0100", "4111", "sk-proj"} {
		if strings.Contains(got, leak) {
			t.Errorf("%q reached the receiver:\n%s", leak, got)
		}
	}
}
