package noveumanthropic

import (
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// usage is Anthropic's "usage" object, of a Message and of the
// message_start and message_delta stream events. Its counts are pointers so
// that a count left out (or sent as null) stays "not reported", apart from
// one sent as 0.
type usage struct {
	// InputTokens counts the input after the last cache breakpoint: neither
	// read from nor written to the prompt cache.
	InputTokens *int64 `json:"input_tokens"`
	// OutputTokens counts every output token, thinking included.
	OutputTokens *int64 `json:"output_tokens"`
	// CacheCreationInputTokens counts the input written to the cache.
	CacheCreationInputTokens *int64 `json:"cache_creation_input_tokens"`
	// CacheReadInputTokens counts the input read from the cache.
	CacheReadInputTokens *int64 `json:"cache_read_input_tokens"`
	// OutputTokensDetails holds the thinking part of the output.
	OutputTokensDetails *struct {
		ThinkingTokens *int64 `json:"thinking_tokens"`
	} `json:"output_tokens_details"`
}

// merge takes the counts v reports: a stream reports usage in pieces
// (input at message_start, output at message_delta, where newer API
// versions repeat the input counts), and each count reported later
// replaces the earlier one.
func (u *usage) merge(v *usage) {
	if v == nil {
		return
	}
	if v.InputTokens != nil {
		u.InputTokens = v.InputTokens
	}
	if v.OutputTokens != nil {
		u.OutputTokens = v.OutputTokens
	}
	if v.CacheCreationInputTokens != nil {
		u.CacheCreationInputTokens = v.CacheCreationInputTokens
	}
	if v.CacheReadInputTokens != nil {
		u.CacheReadInputTokens = v.CacheReadInputTokens
	}
	if v.OutputTokensDetails != nil && v.OutputTokensDetails.ThinkingTokens != nil {
		u.OutputTokensDetails = v.OutputTokensDetails
	}
}

// convert returns the usage in the convention's counts. Anthropic counts
// cache reads and writes apart from input_tokens, the convention inside
// it: input = input_tokens + cache reads + cache writes, reported when
// input_tokens is (an absent cache count adds nothing). Output includes
// thinking, as the convention's does; reasoning is
// output_tokens_details.thinking_tokens when the API reports it.
func (u *usage) convert() llm.Usage {
	out := llm.Usage{
		OutputTokens:             count(u.OutputTokens),
		CacheReadInputTokens:     count(u.CacheReadInputTokens),
		CacheCreationInputTokens: count(u.CacheCreationInputTokens),
	}
	if u.InputTokens != nil {
		out.InputTokens = llm.Tokens(*u.InputTokens + out.CacheReadInputTokens.Int() + out.CacheCreationInputTokens.Int())
	}
	if u.OutputTokensDetails != nil {
		out.ReasoningOutputTokens = count(u.OutputTokensDetails.ThinkingTokens)
	}
	return out
}

func count(n *int64) llm.Count {
	if n == nil {
		return llm.Count{}
	}
	return llm.Tokens(*n)
}

// finishReason maps Anthropic's stop_reason to the convention's finish
// reasons; a reason without an equivalent (pause_turn, and any added later)
// is recorded as it is.
func finishReason(stop string) string {
	switch stop {
	case "end_turn", "stop_sequence":
		return string(semconv.FinishReasonStop)
	case "max_tokens", "model_context_window_exceeded":
		return string(semconv.FinishReasonLength)
	case "tool_use":
		return string(semconv.FinishReasonToolCall)
	case "refusal":
		return string(semconv.FinishReasonContentFilter)
	}
	return stop
}
