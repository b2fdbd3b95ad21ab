package noveumanthropic

import (
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// count is a token count of a usage object, and whether it was reported:
// a count left out (or sent as null) stays "not reported", apart from one
// sent as 0.
type count struct {
	n  int64
	ok bool
}

// usage is Anthropic's "usage" object, of a Message and of the
// message_start and message_delta stream events. It is a value, read
// without allocating.
type usage struct {
	// input counts the input after the last cache breakpoint: neither
	// read from nor written to the prompt cache (input_tokens).
	input count
	// output counts every output token, thinking included (output_tokens).
	output count
	// cacheCreation counts the input written to the cache
	// (cache_creation_input_tokens).
	cacheCreation count
	// cacheRead counts the input read from the cache
	// (cache_read_input_tokens).
	cacheRead count
	// thinking is the thinking part of the output
	// (output_tokens_details.thinking_tokens).
	thinking count
}

// merge takes the counts v reports: a stream reports usage in pieces
// (input at message_start, output at message_delta, where newer API
// versions repeat the input counts), and each count reported later
// replaces the earlier one.
func (u *usage) merge(v usage) {
	for _, f := range [...]struct{ dst, src *count }{
		{&u.input, &v.input}, {&u.output, &v.output}, {&u.cacheCreation, &v.cacheCreation},
		{&u.cacheRead, &v.cacheRead}, {&u.thinking, &v.thinking},
	} {
		if f.src.ok {
			*f.dst = *f.src
		}
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
		OutputTokens:             u.output.llm(),
		CacheReadInputTokens:     u.cacheRead.llm(),
		CacheCreationInputTokens: u.cacheCreation.llm(),
		ReasoningOutputTokens:    u.thinking.llm(),
	}
	if u.input.ok {
		out.InputTokens = llm.Tokens(u.input.n + u.cacheRead.n + u.cacheCreation.n)
	}
	return out
}

func (c count) llm() llm.Count {
	if !c.ok {
		return llm.Count{}
	}
	return llm.Tokens(c.n)
}

// finishReason maps Anthropic's stop_reason to the convention's finish
// reasons; a reason without an equivalent (pause_turn, and any added later)
// is recorded as it is.
func finishReason(stop string) string {
	if r, ok := knownFinishReason(stop); ok {
		return r
	}
	return stop
}

// finishReasonJSON is finishReason of the JSON string v: "" for null or a
// value that is not a string. A known reason costs no allocation.
func finishReasonJSON(v []byte) string {
	if raw, ok := plainJSONString(v); ok {
		if r, ok := knownFinishReason(string(raw)); ok { // no copy: the compiler converts in place
			return r
		}
	}
	return finishReason(jsonString(v))
}

func knownFinishReason(stop string) (string, bool) {
	switch stop {
	case "end_turn", "stop_sequence":
		return string(semconv.FinishReasonStop), true
	case "max_tokens", "model_context_window_exceeded":
		return string(semconv.FinishReasonLength), true
	case "tool_use":
		return string(semconv.FinishReasonToolCall), true
	case "refusal":
		return string(semconv.FinishReasonContentFilter), true
	}
	return "", false
}
