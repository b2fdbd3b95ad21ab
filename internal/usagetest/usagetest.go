// Package usagetest checks token usage in the provider integrations'
// tests: each module converts its provider's usage object to llm.Usage,
// and checks the counts, reported or not, the same way.
package usagetest

import (
	"testing"

	"github.com/Noveum/noveum-trace-go/llm"
)

// Want is what a test expects of a Usage; -1 means "not reported".
type Want struct{ In, Out, CacheRead, CacheWrite, Reasoning int64 }

// Check reports, through t, every count of got that differs from want:
// a value, or reported where want says it must not be.
func Check(t testing.TB, want Want, got llm.Usage) {
	t.Helper()
	for _, c := range []struct {
		name string
		want int64
		got  llm.Count
	}{
		{"InputTokens", want.In, got.InputTokens},
		{"OutputTokens", want.Out, got.OutputTokens},
		{"CacheReadInputTokens", want.CacheRead, got.CacheReadInputTokens},
		{"CacheCreationInputTokens", want.CacheWrite, got.CacheCreationInputTokens},
		{"ReasoningOutputTokens", want.Reasoning, got.ReasoningOutputTokens},
	} {
		n, reported := c.got.Value()
		if c.want < 0 {
			if reported {
				t.Errorf("%s must not be reported, got %d", c.name, n)
			}
			continue
		}
		if !reported || n != c.want {
			t.Errorf("%s = %d (reported %v), want %d", c.name, n, reported, c.want)
		}
	}
}

// Counts is Want in the order of its fields, for tables of test vectors.
func Counts(in, out, cacheRead, cacheWrite, reasoning int64) Want {
	return Want{In: in, Out: out, CacheRead: cacheRead, CacheWrite: cacheWrite, Reasoning: reasoning}
}

// Vector is a provider's response body and the counts its "usage" object
// converts to.
type Vector struct {
	Name, Body string
	Want       Want
}

// OpenAIChat are Chat Completions bodies (OpenAI's and compatible
// servers', DeepSeek's cache fields included), for every integration that
// reads the OpenAI wire format: real response bodies, each with the counts
// the convention expects of it.
var OpenAIChat = []Vector{
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
		}`, Counts(1117, 346, 1024, -1, 320)},
	{"details reported as zero", `{"model": "gpt-4o", "usage": {
			"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
			"prompt_tokens_details": {"cached_tokens": 0},
			"completion_tokens_details": {"reasoning_tokens": 0}}}`, Counts(19, 10, 0, -1, 0)},
	{"no details (older models, other servers)", `{"model": "gpt-3.5-turbo",
			"usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}}`, Counts(9, 12, -1, -1, -1)},
	{"details without counts", `{"usage": {"prompt_tokens": 9, "completion_tokens": 12,
			"prompt_tokens_details": {}, "completion_tokens_details": {"reasoning_tokens": null}}}`, Counts(9, 12, -1, -1, -1)},
	{"embeddings: no completion", `{"object": "list", "model": "text-embedding-3-small",
			"usage": {"prompt_tokens": 8, "total_tokens": 8}}`, Counts(8, -1, -1, -1, -1)},
	{"DeepSeek cache hits", `{"model": "deepseek-chat", "usage": {
			"prompt_tokens": 1500, "completion_tokens": 200, "total_tokens": 1700,
			"prompt_cache_hit_tokens": 1280, "prompt_cache_miss_tokens": 220}}`, Counts(1500, 200, 1280, -1, -1)},
	{"DeepSeek reasoner", `{"model": "deepseek-reasoner", "usage": {
			"prompt_tokens": 13, "completion_tokens": 540, "total_tokens": 553,
			"prompt_tokens_details": {"cached_tokens": 0},
			"completion_tokens_details": {"reasoning_tokens": 480},
			"prompt_cache_hit_tokens": 0, "prompt_cache_miss_tokens": 13}}`, Counts(13, 540, 0, -1, 480)},
	{"cached_tokens wins over prompt_cache_hit_tokens", `{"usage": {"prompt_tokens": 100,
			"prompt_tokens_details": {"cached_tokens": 64}, "prompt_cache_hit_tokens": 32}}`, Counts(100, -1, 64, -1, -1)},
	{"stream chunk before the last: usage null", `{"object": "chat.completion.chunk", "usage": null}`,
		Counts(-1, -1, -1, -1, -1)},
}

// OpenAIResponses are Responses API bodies, as OpenAIChat.
var OpenAIResponses = []Vector{
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
		}`, Counts(328, 52, 0, -1, 44)},
	{"cached input", `{"usage": {"input_tokens": 2048, "input_tokens_details": {"cached_tokens": 1920},
			"output_tokens": 10, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 2058}}`,
		Counts(2048, 10, 1920, -1, 0)},
	{"no details", `{"usage": {"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}}`, Counts(5, 7, -1, -1, -1)},
	{"in progress: no usage yet", `{"status": "in_progress", "usage": null}`, Counts(-1, -1, -1, -1, -1)},
}
