package noveumanthropic

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/Noveum/noveum-trace-go/internal/usagetest"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The usage vectors below moved here from the llm package, with the
// provider-specific converters: real response bodies, each with the counts
// the convention expects of it.

// usageOf decodes the usage object found under key in body and converts it.
func usageOf(t *testing.T, body, key string) llm.Usage {
	t.Helper()
	var resp map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	u, ok := readUsage(resp[key])
	if !ok {
		t.Fatalf("readUsage(%s) failed", resp[key])
	}
	return u.convert()
}

func TestUsageVectors(t *testing.T) {
	tests := []struct {
		name, body string
		want       usagetest.Want
	}{
		{"cache read and write", `{
			"id": "msg_01XFDUDYJgAACzvnptvVoYEL",
			"type": "message",
			"role": "assistant",
			"model": "claude-sonnet-4-5-20250929",
			"content": [{"type": "text", "text": "Hello!"}],
			"stop_reason": "end_turn",
			"stop_sequence": null,
			"usage": {
				"input_tokens": 21,
				"cache_creation_input_tokens": 188086,
				"cache_read_input_tokens": 0,
				"cache_creation": {"ephemeral_5m_input_tokens": 188086, "ephemeral_1h_input_tokens": 0},
				"output_tokens": 393,
				"service_tier": "standard"
			}
		}`, usagetest.Counts(21+188086, 393, 0, 188086, -1)},
		{"cache hit", `{"type": "message", "usage": {"input_tokens": 50, "cache_creation_input_tokens": 0,
			"cache_read_input_tokens": 100000, "output_tokens": 200}}`, usagetest.Counts(100050, 200, 100000, 0, -1)},
		{"no cache fields (older API versions)", `{"type": "message", "usage": {"input_tokens": 12, "output_tokens": 6}}`,
			usagetest.Counts(12, 6, -1, -1, -1)},
		{"null cache fields", `{"type": "message", "usage": {"input_tokens": 12, "output_tokens": 6,
			"cache_creation_input_tokens": null, "cache_read_input_tokens": null}}`, usagetest.Counts(12, 6, -1, -1, -1)},
		{"stream message_delta: output only", `{"type": "message_delta",
			"delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": 15}}`,
			usagetest.Counts(-1, 15, -1, -1, -1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { usagetest.Check(t, tt.want, usageOf(t, tt.body, "usage")) })
	}
	t.Run("stream message_start", func(t *testing.T) {
		body := `{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
			"content": [], "model": "claude-haiku-4-5", "stop_reason": null,
			"usage": {"input_tokens": 472, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 2048, "output_tokens": 2}}}`
		var msg map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &msg); err != nil {
			t.Fatal(err)
		}
		usagetest.Check(t, usagetest.Counts(472+2048, 2, 2048, 0, -1), usageOf(t, string(msg["message"]), "usage"))
	})
	t.Run("negative counts", func(t *testing.T) {
		usagetest.Check(t, usagetest.Counts(-1, -1, -1, -1, -1), usageOf(t, `{"usage": {"input_tokens": -5, "output_tokens": -5}}`, "usage"))
	})
}

// Anthropic's usage converts to counts that price correctly: its cache
// tokens are billed once, at their own prices.
func TestUsagePrices(t *testing.T) {
	u := usageOf(t, `{"usage": {"input_tokens": 1000000, "cache_read_input_tokens": 1000000,
		"cache_creation_input_tokens": 1000000, "output_tokens": 1000000}}`, "usage")
	c, ok := llm.DefaultPriceBook().Cost("claude-sonnet-4-5", u)
	if !ok {
		t.Fatal("claude-sonnet-4-5 has no price")
	}
	if math.Abs(c.Input-(3+0.3+3.75)) > 1e-9 || math.Abs(c.Output-15) > 1e-9 {
		t.Errorf("cost %+v, want input 7.05, output 15", c)
	}
}
