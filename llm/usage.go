package llm

import "strconv"

// Count is a token count that knows whether it was reported. The zero Count
// is "not reported", which is recorded as an absent attribute, never as 0:
// a provider that did not say how many cached tokens it used has not said
// "none".
type Count struct {
	n  int64
	ok bool
}

// Tokens returns a reported count of n tokens. A negative n is not a count;
// it is treated as not reported.
func Tokens(n int64) Count {
	if n < 0 {
		return Count{}
	}
	return Count{n: n, ok: true}
}

// Value returns the count and whether it was reported.
func (c Count) Value() (n int64, reported bool) { return c.n, c.ok }

// Reported reports whether the count was reported.
func (c Count) Reported() bool { return c.ok }

// Int returns the count, or 0 when it was not reported.
func (c Count) Int() int64 { return c.n }

// String returns the count in decimal, or "not reported".
func (c Count) String() string {
	if !c.ok {
		return "not reported"
	}
	return strconv.FormatInt(c.n, 10)
}

// Usage is the token usage of one model call, in the convention's terms:
// InputTokens includes cached input tokens (read and written), OutputTokens
// includes reasoning tokens, and the other counts are parts of those two.
// Fields left zero are not reported and are not recorded. The provider
// integrations (integration/openai, integration/anthropic,
// integration/goopenai) convert their providers' usage objects to it.
type Usage struct {
	// InputTokens counts every input (prompt) token, cached ones included.
	InputTokens Count
	// OutputTokens counts every output (completion) token, reasoning ones included.
	OutputTokens Count
	// CacheReadInputTokens counts input tokens served from the provider's cache.
	CacheReadInputTokens Count
	// CacheCreationInputTokens counts input tokens written to the provider's cache.
	CacheCreationInputTokens Count
	// ReasoningOutputTokens counts output tokens spent on reasoning.
	ReasoningOutputTokens Count
}

// Reported reports whether any count was reported.
func (u Usage) Reported() bool {
	return u.InputTokens.ok || u.OutputTokens.ok || u.CacheReadInputTokens.ok ||
		u.CacheCreationInputTokens.ok || u.ReasoningOutputTokens.ok
}
