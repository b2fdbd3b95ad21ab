package llm

import "testing"

// reportLookups adds the rate of lookups to a benchmark's results.
func reportLookups(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
}

func BenchmarkLookup(b *testing.B) {
	book := DefaultPriceBook()
	for _, bm := range []struct{ name, model string }{
		{"canonical", "gpt-4o"},
		{"prefix+date", "openai/gpt-4o-2024-08-06"},
		{"bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"},
		{"unknown", "acme/unknown-model-2024-08-06"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				book.Lookup(bm.model)
			}
			reportLookups(b)
		})
	}
}

func BenchmarkCost(b *testing.B) {
	book := DefaultPriceBook()
	u := Usage{InputTokens: Tokens(12000), OutputTokens: Tokens(800), CacheReadInputTokens: Tokens(10000),
		CacheCreationInputTokens: Tokens(1000), ReasoningOutputTokens: Tokens(300)}
	for _, bm := range []struct{ name, model string }{
		{"canonical", "claude-sonnet-4-5"},
		{"prefix+date", "anthropic/claude-sonnet-4-5-20250929"},
		{"unknown", "acme/unknown-model"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				book.Cost(bm.model, u)
			}
			reportLookups(b)
		})
	}
}
