package goopenai

import (
	"encoding/json"
	"testing"

	"github.com/Noveum/noveum-trace-go/internal/usagetest"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The usage vectors are shared with the other module that reads the
// OpenAI wire format (internal/usagetest).

// usageOf reads the "usage" object of a response body with readUsage.
func usageOf(t *testing.T, body string) llm.Usage {
	t.Helper()
	var resp map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	raw, ok := resp["usage"]
	if !ok {
		t.Fatalf("no usage in %s", body)
	}
	var s scanner
	s.reset(raw)
	return readUsage(&s)
}

func TestChatUsageVectors(t *testing.T) {
	for _, v := range usagetest.OpenAIChat {
		t.Run(v.Name, func(t *testing.T) { usagetest.Check(t, v.Want, usageOf(t, v.Body)) })
	}
}

func TestResponsesUsageVectors(t *testing.T) {
	for _, v := range usagetest.OpenAIResponses {
		t.Run(v.Name, func(t *testing.T) { usagetest.Check(t, v.Want, usageOf(t, v.Body)) })
	}
}
