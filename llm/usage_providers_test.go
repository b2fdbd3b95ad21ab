package llm

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantCounts is what a test expects of a Usage, -1 meaning "not reported".
type wantCounts struct{ in, out, cacheRead, cacheWrite, reasoning int64 }

func assertProviderCounts(t *testing.T, want wantCounts, got Usage) {
	t.Helper()
	for _, c := range []struct {
		name string
		want int64
		got  Count
	}{
		{"InputTokens", want.in, got.InputTokens},
		{"OutputTokens", want.out, got.OutputTokens},
		{"CacheReadInputTokens", want.cacheRead, got.CacheReadInputTokens},
		{"CacheCreationInputTokens", want.cacheWrite, got.CacheCreationInputTokens},
		{"ReasoningOutputTokens", want.reasoning, got.ReasoningOutputTokens},
	} {
		n, reported := c.got.Value()
		if c.want < 0 {
			assert.False(t, reported, "%s must not be reported, got %d", c.name, n)
			continue
		}
		assert.True(t, reported, "%s must be reported", c.name)
		assert.Equal(t, c.want, n, c.name)
	}
}

// decodeUsageField unmarshals a whole response body and returns the usage object
// found under key, decoded into T.
func decodeUsageField[T any](t *testing.T, body, key string) T {
	t.Helper()
	var resp map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &resp))
	raw, ok := resp[key]
	require.True(t, ok, "no %q in the body", key)
	var v T
	require.NoError(t, json.Unmarshal(raw, &v))
	return v
}

func TestOpenAIChatUsage(t *testing.T) {
	tests := []struct {
		name, body string
		want       wantCounts
	}{
		{"reasoning model with cache hit", `{
			"id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
			"object": "chat.completion",
			"created": 1741570283,
			"model": "o3-mini-2025-01-31",
			"choices": [{"index": 0, "message": {"role": "assistant", "content": "4"}, "finish_reason": "stop"}],
			"usage": {
				"prompt_tokens": 1117,
				"completion_tokens": 346,
				"total_tokens": 1463,
				"prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
				"completion_tokens_details": {"reasoning_tokens": 320, "audio_tokens": 0,
					"accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
			},
			"service_tier": "default"
		}`, wantCounts{1117, 346, 1024, -1, 320}},
		{"details reported as zero", `{"model": "gpt-4o", "usage": {
			"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
			"prompt_tokens_details": {"cached_tokens": 0},
			"completion_tokens_details": {"reasoning_tokens": 0}}}`, wantCounts{19, 10, 0, -1, 0}},
		{"no details (older models, other servers)", `{"model": "gpt-3.5-turbo",
			"usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}}`, wantCounts{9, 12, -1, -1, -1}},
		{"details without wantCounts", `{"usage": {"prompt_tokens": 9, "completion_tokens": 12,
			"prompt_tokens_details": {}, "completion_tokens_details": {"reasoning_tokens": null}}}`, wantCounts{9, 12, -1, -1, -1}},
		{"embeddings: no completion", `{"object": "list", "model": "text-embedding-3-small",
			"usage": {"prompt_tokens": 8, "total_tokens": 8}}`, wantCounts{8, -1, -1, -1, -1}},
		{"DeepSeek cache hits", `{"model": "deepseek-chat", "usage": {
			"prompt_tokens": 1500, "completion_tokens": 200, "total_tokens": 1700,
			"prompt_cache_hit_tokens": 1280, "prompt_cache_miss_tokens": 220}}`, wantCounts{1500, 200, 1280, -1, -1}},
		{"DeepSeek reasoner", `{"model": "deepseek-reasoner", "usage": {
			"prompt_tokens": 13, "completion_tokens": 540, "total_tokens": 553,
			"prompt_tokens_details": {"cached_tokens": 0},
			"completion_tokens_details": {"reasoning_tokens": 480},
			"prompt_cache_hit_tokens": 0, "prompt_cache_miss_tokens": 13}}`, wantCounts{13, 540, 0, -1, 480}},
		{"cached_tokens wins over prompt_cache_hit_tokens", `{"usage": {"prompt_tokens": 100,
			"prompt_tokens_details": {"cached_tokens": 64}, "prompt_cache_hit_tokens": 32}}`, wantCounts{100, -1, 64, -1, -1}},
		{"stream chunk before the last: usage null", `{"object": "chat.completion.chunk", "usage": null}`,
			wantCounts{-1, -1, -1, -1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProviderCounts(t, tt.want, decodeUsageField[OpenAIChatUsage](t, tt.body, "usage").Usage())
		})
	}
}

func TestOpenAIResponsesUsage(t *testing.T) {
	tests := []struct {
		name, body string
		want       wantCounts
	}{
		{"reasoning model", `{
			"id": "resp_67ccd3a9da748190baa7f1570fe91ac604becb25c45c1d41",
			"object": "response",
			"created_at": 1741476777,
			"status": "completed",
			"model": "o4-mini-2025-04-16",
			"output": [{"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
				"content": [{"type": "output_text", "text": "Hello.", "annotations": []}]}],
			"usage": {
				"input_tokens": 328,
				"input_tokens_details": {"cached_tokens": 0},
				"output_tokens": 52,
				"output_tokens_details": {"reasoning_tokens": 44},
				"total_tokens": 380
			}
		}`, wantCounts{328, 52, 0, -1, 44}},
		{"cached input", `{"usage": {"input_tokens": 2048, "input_tokens_details": {"cached_tokens": 1920},
			"output_tokens": 10, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 2058}}`,
			wantCounts{2048, 10, 1920, -1, 0}},
		{"no details", `{"usage": {"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}}`, wantCounts{5, 7, -1, -1, -1}},
		{"in progress: no usage yet", `{"status": "in_progress", "usage": null}`, wantCounts{-1, -1, -1, -1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProviderCounts(t, tt.want, decodeUsageField[OpenAIResponsesUsage](t, tt.body, "usage").Usage())
		})
	}
}

func TestAnthropicUsage(t *testing.T) {
	tests := []struct {
		name, body string
		want       wantCounts
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
		}`, wantCounts{21 + 188086, 393, 0, 188086, -1}},
		{"cache hit", `{"type": "message", "usage": {"input_tokens": 50, "cache_creation_input_tokens": 0,
			"cache_read_input_tokens": 100000, "output_tokens": 200}}`, wantCounts{100050, 200, 100000, 0, -1}},
		{"no cache fields (older API versions)", `{"type": "message", "usage": {"input_tokens": 12, "output_tokens": 6}}`,
			wantCounts{12, 6, -1, -1, -1}},
		{"null cache fields", `{"type": "message", "usage": {"input_tokens": 12, "output_tokens": 6,
			"cache_creation_input_tokens": null, "cache_read_input_tokens": null}}`, wantCounts{12, 6, -1, -1, -1}},
		{"stream message_delta: output only", `{"type": "message_delta",
			"delta": {"stop_reason": "end_turn", "stop_sequence": null}, "usage": {"output_tokens": 15}}`,
			wantCounts{-1, 15, -1, -1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProviderCounts(t, tt.want, decodeUsageField[AnthropicUsage](t, tt.body, "usage").Usage())
		})
	}
	t.Run("stream message_start", func(t *testing.T) {
		body := `{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
			"content": [], "model": "claude-haiku-4-5", "stop_reason": null,
			"usage": {"input_tokens": 472, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 2048, "output_tokens": 2}}}`
		msg := decodeUsageField[map[string]json.RawMessage](t, body, "message")
		var u AnthropicUsage
		require.NoError(t, json.Unmarshal(msg["usage"], &u))
		assertProviderCounts(t, wantCounts{472 + 2048, 2, 2048, 0, -1}, u.Usage())
	})
}

func TestGeminiUsage(t *testing.T) {
	tests := []struct {
		name, body string
		want       wantCounts
	}{
		{"thinking model", `{
			"candidates": [{"content": {"parts": [{"text": "Paris."}], "role": "model"},
				"finishReason": "STOP", "index": 0}],
			"usageMetadata": {
				"promptTokenCount": 11,
				"candidatesTokenCount": 2,
				"totalTokenCount": 1085,
				"promptTokensDetails": [{"modality": "TEXT", "tokenCount": 11}],
				"thoughtsTokenCount": 1072
			},
			"modelVersion": "gemini-2.5-flash",
			"responseId": "mUEDaLHHHpjunvgP8YqAoQQ"
		}`, wantCounts{11, 2 + 1072, -1, -1, 1072}},
		{"cached content", `{"usageMetadata": {"promptTokenCount": 40000, "candidatesTokenCount": 300,
			"cachedContentTokenCount": 32768, "totalTokenCount": 40300,
			"cacheTokensDetails": [{"modality": "TEXT", "tokenCount": 32768}]}, "modelVersion": "gemini-2.5-pro"}`,
			wantCounts{40000, 300, 32768, -1, -1}},
		{"search grounding: tool-use prompt is input", `{"usageMetadata": {"promptTokenCount": 70,
			"candidatesTokenCount": 53, "thoughtsTokenCount": 199, "toolUsePromptTokenCount": 79,
			"totalTokenCount": 401}}`, wantCounts{70 + 79, 53 + 199, -1, -1, 199}},
		{"wantCounts reported as zero", `{"usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 0,
			"cachedContentTokenCount": 0, "thoughtsTokenCount": 0, "toolUsePromptTokenCount": 0, "totalTokenCount": 5}}`,
			wantCounts{5, 0, 0, -1, 0}},
		{"all thinking, no candidates", `{"usageMetadata": {"promptTokenCount": 8, "thoughtsTokenCount": 512,
			"totalTokenCount": 520}}`, wantCounts{8, 512, -1, -1, 512}},
		{"prompt only (count-tokens style)", `{"usageMetadata": {"promptTokenCount": 8, "totalTokenCount": 8}}`,
			wantCounts{8, -1, -1, -1, -1}},
		{"stream chunk without usage", `{"candidates": [], "usageMetadata": {}}`, wantCounts{-1, -1, -1, -1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProviderCounts(t, tt.want, decodeUsageField[GeminiUsage](t, tt.body, "usageMetadata").Usage())
		})
	}
}

// A negative count from a misbehaving server is not a count.
func TestProviderUsageNegativeCounts(t *testing.T) {
	n := int64(-5)
	assertProviderCounts(t, wantCounts{-1, -1, -1, -1, -1}, OpenAIChatUsage{PromptTokens: &n, CompletionTokens: &n}.Usage())
	assertProviderCounts(t, wantCounts{-1, -1, -1, -1, -1}, AnthropicUsage{InputTokens: &n, OutputTokens: &n}.Usage())
	assertProviderCounts(t, wantCounts{-1, -1, -1, -1, -1}, GeminiUsage{PromptTokenCount: &n, ThoughtsTokenCount: &n}.Usage())
}

// The types marshal back to the providers' field names, leaving out what
// was absent.
func TestProviderUsageRoundTrip(t *testing.T) {
	in := `{"input_tokens":21,"output_tokens":393,"cache_creation_input_tokens":0}`
	var u AnthropicUsage
	require.NoError(t, json.Unmarshal([]byte(in), &u))
	out, err := json.Marshal(u)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))

	in = `{"promptTokenCount":3,"candidatesTokenCount":4,"totalTokenCount":7}`
	var g GeminiUsage
	require.NoError(t, json.Unmarshal([]byte(in), &g))
	out, err = json.Marshal(g)
	require.NoError(t, err)
	assert.JSONEq(t, in, string(out))
}

// Provider usage converts to wantCounts that price correctly: Anthropic's
// cache tokens are billed once, at their own prices.
func TestProviderUsagePrices(t *testing.T) {
	body := `{"usage": {"input_tokens": 1000000, "cache_read_input_tokens": 1000000,
		"cache_creation_input_tokens": 1000000, "output_tokens": 1000000}}`
	u := decodeUsageField[AnthropicUsage](t, body, "usage").Usage()
	c, ok := DefaultPriceBook().Cost("claude-sonnet-4-5", u)
	require.True(t, ok)
	assert.InDelta(t, 3+0.3+3.75, c.Input, 1e-9)
	assert.InDelta(t, 15.0, c.Output, 1e-9)
}
