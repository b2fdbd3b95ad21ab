package goopenai

import "github.com/Noveum/noveum-trace-go/llm"

// readUsage reads an OpenAI "usage" object (Chat Completions, and the
// final chunk of a stream with stream_options.include_usage; Embeddings
// have the prompt count only; the Responses API names them input_tokens,
// output_tokens and their _details) and converts it to the convention's
// counts:
//
//   - input = prompt_tokens, which already includes the cached prompt;
//   - cache read = prompt_tokens_details.cached_tokens, or DeepSeek's
//     prompt_cache_hit_tokens when the details do not say;
//   - output = completion_tokens, which already includes reasoning;
//   - reasoning = completion_tokens_details.reasoning_tokens.
//
// A count that is absent or null stays not reported: "usage": null, or a
// usage without completion_tokens (embeddings), is not a count of zero.
// OpenAI reports no cache writes. A usage that is not an object yields
// nothing.
func readUsage(s *scanner) llm.Usage {
	var u llm.Usage
	if s.null() {
		return u
	}
	if s.peek() != '{' {
		s.skip()
		return u
	}
	var hit llm.Count
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "prompt_tokens", "input_tokens": // Chat Completions, Responses
			u.InputTokens = count(s)
		case "completion_tokens", "output_tokens":
			u.OutputTokens = count(s)
		case "prompt_cache_hit_tokens":
			hit = count(s)
		case "prompt_tokens_details", "input_tokens_details":
			u.CacheReadInputTokens = detail(s, "cached_tokens")
		case "completion_tokens_details", "output_tokens_details":
			u.ReasoningOutputTokens = detail(s, "reasoning_tokens")
		default:
			s.skip()
		}
	}
	if !u.CacheReadInputTokens.Reported() {
		u.CacheReadInputTokens = hit
	}
	if s.bad {
		return llm.Usage{} // a usage cut in the middle says nothing reliable
	}
	return u
}

// count reads a token count: a non-negative integer, else not reported.
func count(s *scanner) llm.Count {
	if s.null() {
		return llm.Count{}
	}
	n, ok := s.int()
	if !ok {
		return llm.Count{}
	}
	return llm.Tokens(n) // a negative n is not reported
}

// detail reads the count named name in a details object.
func detail(s *scanner, name string) llm.Count {
	var c llm.Count
	if s.null() {
		return c
	}
	if s.peek() != '{' {
		s.skip()
		return c
	}
	s.object()
	for first := true; s.more('}', &first); {
		if string(s.key()) == name {
			c = count(s)
		} else {
			s.skip()
		}
	}
	return c
}
