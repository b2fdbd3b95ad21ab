package noveumopenai

import (
	"github.com/tidwall/gjson"

	"github.com/Noveum/noveum-trace-go/llm"
)

// The converters below read OpenAI's usage objects as they arrive, with
// gjson, and keep a count that is absent, null or not a number "not
// reported": a stream chunk's "usage": null is not zero tokens.

// count reads one token count.
func count(r gjson.Result) llm.Count {
	if r.Type != gjson.Number {
		return llm.Count{}
	}
	return llm.Tokens(r.Int())
}

// chatUsage converts the "usage" object of a Chat Completions response or
// chunk (and of the legacy Completions and OpenAI-compatible APIs that
// copy it): input = prompt_tokens (cached ones included), cache read =
// prompt_tokens_details.cached_tokens (or DeepSeek's
// prompt_cache_hit_tokens), output = completion_tokens (reasoning
// included), reasoning = completion_tokens_details.reasoning_tokens.
func chatUsage(u gjson.Result) llm.Usage {
	if !u.IsObject() {
		return llm.Usage{}
	}
	var out llm.Usage
	var deepseekCached llm.Count
	u.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "prompt_tokens":
			out.InputTokens = count(v)
		case "completion_tokens":
			out.OutputTokens = count(v)
		case "prompt_tokens_details":
			if c := count(v.Get("cached_tokens")); c.Reported() {
				out.CacheReadInputTokens = c
			}
		case "completion_tokens_details":
			out.ReasoningOutputTokens = count(v.Get("reasoning_tokens"))
		case "prompt_cache_hit_tokens":
			deepseekCached = count(v)
		}
		return true
	})
	if !out.CacheReadInputTokens.Reported() {
		out.CacheReadInputTokens = deepseekCached
	}
	return out
}

// responsesUsage converts the "usage" object of a Responses API response:
// input = input_tokens, cache read = input_tokens_details.cached_tokens,
// output = output_tokens, reasoning =
// output_tokens_details.reasoning_tokens.
func responsesUsage(u gjson.Result) llm.Usage {
	if !u.IsObject() {
		return llm.Usage{}
	}
	var out llm.Usage
	u.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "input_tokens":
			out.InputTokens = count(v)
		case "output_tokens":
			out.OutputTokens = count(v)
		case "input_tokens_details":
			out.CacheReadInputTokens = count(v.Get("cached_tokens"))
		case "output_tokens_details":
			out.ReasoningOutputTokens = count(v.Get("reasoning_tokens"))
		}
		return true
	})
	return out
}

// embeddingsUsage converts the "usage" object of an Embeddings response:
// input = prompt_tokens; embeddings produce no output tokens.
func embeddingsUsage(u gjson.Result) llm.Usage {
	if !u.IsObject() {
		return llm.Usage{}
	}
	return llm.Usage{InputTokens: count(u.Get("prompt_tokens"))}
}
