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
