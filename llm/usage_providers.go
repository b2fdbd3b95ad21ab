package llm

// The types in this file decode the usage objects of provider responses
// with encoding/json and convert them to the convention's counts. Their
// fields are pointers so that a count the provider left out stays "not
// reported", apart from a count it sent as 0; a JSON null is left out too.

// OpenAIChatUsage is the "usage" object of an OpenAI Chat Completions
// response (and of the final chunk of a stream with include_usage). It also
// decodes the usage of OpenAI-compatible APIs that follow the same shape,
// such as DeepSeek's.
type OpenAIChatUsage struct {
	// PromptTokens counts every input token, cached ones included.
	PromptTokens *int64 `json:"prompt_tokens,omitempty"`
	// CompletionTokens counts every output token, reasoning ones included.
	CompletionTokens *int64 `json:"completion_tokens,omitempty"`
	// TotalTokens is PromptTokens + CompletionTokens. Usage does not use it.
	TotalTokens *int64 `json:"total_tokens,omitempty"`
	// PromptTokensDetails holds the cached part of the prompt.
	PromptTokensDetails *OpenAIInputDetails `json:"prompt_tokens_details,omitempty"`
	// CompletionTokensDetails holds the reasoning part of the completion.
	CompletionTokensDetails *OpenAIOutputDetails `json:"completion_tokens_details,omitempty"`
	// PromptCacheHitTokens is DeepSeek's count of prompt tokens served from
	// its cache. It is used when PromptTokensDetails has no CachedTokens.
	PromptCacheHitTokens *int64 `json:"prompt_cache_hit_tokens,omitempty"`
}

// OpenAIResponsesUsage is the "usage" object of an OpenAI Responses API
// response.
type OpenAIResponsesUsage struct {
	// InputTokens counts every input token, cached ones included.
	InputTokens *int64 `json:"input_tokens,omitempty"`
	// OutputTokens counts every output token, reasoning ones included.
	OutputTokens *int64 `json:"output_tokens,omitempty"`
	// TotalTokens is InputTokens + OutputTokens. Usage does not use it.
	TotalTokens *int64 `json:"total_tokens,omitempty"`
	// InputTokensDetails holds the cached part of the input.
	InputTokensDetails *OpenAIInputDetails `json:"input_tokens_details,omitempty"`
	// OutputTokensDetails holds the reasoning part of the output.
	OutputTokensDetails *OpenAIOutputDetails `json:"output_tokens_details,omitempty"`
}

// OpenAIInputDetails is the "prompt_tokens_details" object of a Chat
// Completions usage, or the "input_tokens_details" object of a Responses
// usage.
type OpenAIInputDetails struct {
	// CachedTokens counts the input tokens read from the prompt cache.
	CachedTokens *int64 `json:"cached_tokens,omitempty"`
}

// OpenAIOutputDetails is the "completion_tokens_details" object of a Chat
// Completions usage, or the "output_tokens_details" object of a Responses
// usage.
type OpenAIOutputDetails struct {
	// ReasoningTokens counts the output tokens spent on reasoning.
	ReasoningTokens *int64 `json:"reasoning_tokens,omitempty"`
}

// AnthropicUsage is the "usage" object of an Anthropic Messages response
// (and of the message_start and message_delta stream events). Unlike the
// convention, Anthropic's input_tokens leaves out the tokens read from or
// written to the prompt cache.
type AnthropicUsage struct {
	// InputTokens counts the input tokens after the last cache breakpoint:
	// neither read from nor written to the cache.
	InputTokens *int64 `json:"input_tokens,omitempty"`
	// OutputTokens counts every output token, extended thinking included.
	OutputTokens *int64 `json:"output_tokens,omitempty"`
	// CacheCreationInputTokens counts the input tokens written to the cache.
	CacheCreationInputTokens *int64 `json:"cache_creation_input_tokens,omitempty"`
	// CacheReadInputTokens counts the input tokens read from the cache.
	CacheReadInputTokens *int64 `json:"cache_read_input_tokens,omitempty"`
}

// GeminiUsage is the "usageMetadata" object of a Gemini generateContent
// response (Gemini Developer API and Vertex AI).
type GeminiUsage struct {
	// PromptTokenCount counts the prompt, cached content included.
	PromptTokenCount *int64 `json:"promptTokenCount,omitempty"`
	// CandidatesTokenCount counts the generated candidates, thoughts
	// excluded.
	CandidatesTokenCount *int64 `json:"candidatesTokenCount,omitempty"`
	// CachedContentTokenCount counts the cached part of the prompt.
	CachedContentTokenCount *int64 `json:"cachedContentTokenCount,omitempty"`
	// ThoughtsTokenCount counts the thinking tokens of thinking models.
	ThoughtsTokenCount *int64 `json:"thoughtsTokenCount,omitempty"`
	// ToolUsePromptTokenCount counts the input the model read from
	// server-side tools (search grounding, URL context, code execution),
	// on top of PromptTokenCount.
	ToolUsePromptTokenCount *int64 `json:"toolUsePromptTokenCount,omitempty"`
	// TotalTokenCount is the sum of the other counts, cached content aside.
	// Usage does not use it.
	TotalTokenCount *int64 `json:"totalTokenCount,omitempty"`
}

// Usage returns the usage in the convention's counts. OpenAI's counts
// already follow the convention: input = prompt_tokens, cache read =
// prompt_tokens_details.cached_tokens (or DeepSeek's
// prompt_cache_hit_tokens), output = completion_tokens, reasoning =
// completion_tokens_details.reasoning_tokens. OpenAI reports no cache
// writes. A count that is absent stays not reported.
func (o OpenAIChatUsage) Usage() Usage {
	cached := o.PromptCacheHitTokens
	if o.PromptTokensDetails != nil && o.PromptTokensDetails.CachedTokens != nil {
		cached = o.PromptTokensDetails.CachedTokens
	}
	var reasoning *int64
	if o.CompletionTokensDetails != nil {
		reasoning = o.CompletionTokensDetails.ReasoningTokens
	}
	return Usage{
		InputTokens:           optionalCount(o.PromptTokens),
		OutputTokens:          optionalCount(o.CompletionTokens),
		CacheReadInputTokens:  optionalCount(cached),
		ReasoningOutputTokens: optionalCount(reasoning),
	}
}

// Usage returns the usage in the convention's counts: input =
// input_tokens, cache read = input_tokens_details.cached_tokens, output =
// output_tokens, reasoning = output_tokens_details.reasoning_tokens. A
// count that is absent stays not reported.
func (o OpenAIResponsesUsage) Usage() Usage {
	var cached, reasoning *int64
	if o.InputTokensDetails != nil {
		cached = o.InputTokensDetails.CachedTokens
	}
	if o.OutputTokensDetails != nil {
		reasoning = o.OutputTokensDetails.ReasoningTokens
	}
	return Usage{
		InputTokens:           optionalCount(o.InputTokens),
		OutputTokens:          optionalCount(o.OutputTokens),
		CacheReadInputTokens:  optionalCount(cached),
		ReasoningOutputTokens: optionalCount(reasoning),
	}
}

// Usage returns the usage in the convention's counts. The input count adds
// the cache reads and writes to Anthropic's input_tokens, so that it
// includes them as the convention requires; it is reported when
// input_tokens is, with an absent cache count adding nothing. Cache read
// and creation are reported as given. Anthropic does not count thinking
// tokens apart, so reasoning is not reported.
func (a AnthropicUsage) Usage() Usage {
	u := Usage{
		OutputTokens:             optionalCount(a.OutputTokens),
		CacheReadInputTokens:     optionalCount(a.CacheReadInputTokens),
		CacheCreationInputTokens: optionalCount(a.CacheCreationInputTokens),
	}
	if a.InputTokens != nil {
		u.InputTokens = Tokens(*a.InputTokens + u.CacheReadInputTokens.Int() + u.CacheCreationInputTokens.Int())
	}
	return u
}

// Usage returns the usage in the convention's counts:
//
//   - input = promptTokenCount + toolUsePromptTokenCount, since Google bills
//     tool-use prompt tokens as input and counts them apart from the
//     prompt (promptTokenCount already includes the cached content);
//   - cache read = cachedContentTokenCount;
//   - output = candidatesTokenCount + thoughtsTokenCount, since candidates
//     exclude the thoughts, which are billed as output;
//   - reasoning = thoughtsTokenCount.
//
// A sum is reported when any of its parts is, an absent part adding
// nothing: Gemini leaves zero counts out of its JSON, so a response that
// is all thinking has thoughts but no candidates. Gemini reports no cache
// writes.
func (g GeminiUsage) Usage() Usage {
	return Usage{
		InputTokens:           optionalSum(g.PromptTokenCount, g.ToolUsePromptTokenCount),
		OutputTokens:          optionalSum(g.CandidatesTokenCount, g.ThoughtsTokenCount),
		CacheReadInputTokens:  optionalCount(g.CachedContentTokenCount),
		ReasoningOutputTokens: optionalCount(g.ThoughtsTokenCount),
	}
}

// optionalCount converts an optional provider count.
func optionalCount(n *int64) Count {
	if n == nil {
		return Count{}
	}
	return Tokens(*n)
}

// optionalSum adds the reported counts among a and b; it is not reported when
// neither is.
func optionalSum(a, b *int64) Count {
	switch {
	case a == nil && b == nil:
		return Count{}
	case a == nil:
		return Tokens(*b)
	case b == nil:
		return Tokens(*a)
	}
	return Tokens(*a + *b)
}
