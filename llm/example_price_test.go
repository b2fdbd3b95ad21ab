package llm_test

import (
	"fmt"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

// Names are normalised before lookup: provider prefixes, Bedrock ids and
// date suffixes all find the model's price. Unknown names have no price.
func ExamplePriceBook_Lookup() {
	book := llm.DefaultPriceBook()
	for _, model := range []string{
		"openai/gpt-4o-2024-08-06",
		"us.anthropic.claude-3-5-sonnet-20241022-v2:0",
		"gpt-4o-foo",
	} {
		p, ok := book.Lookup(model)
		fmt.Printf("%s -> %q: %v %+v\n", model, llm.NormalizeModel(model), ok, p)
	}
	// Output:
	// openai/gpt-4o-2024-08-06 -> "gpt-4o": true {Input:2.5 Output:10 CacheRead:1.25 CacheWrite:0 Reasoning:0}
	// us.anthropic.claude-3-5-sonnet-20241022-v2:0 -> "claude-3-5-sonnet": true {Input:3 Output:15 CacheRead:0.3 CacheWrite:3.75 Reasoning:0}
	// gpt-4o-foo -> "gpt-4o-foo": false {Input:0 Output:0 CacheRead:0 CacheWrite:0 Reasoning:0}
}

// The cost of a call, with cache reads billed at their own price.
func ExamplePriceBook_Cost() {
	book := llm.DefaultPriceBook()
	u := llm.Usage{
		InputTokens:          llm.Tokens(10_000), // includes the cached tokens
		CacheReadInputTokens: llm.Tokens(8_000),
		OutputTokens:         llm.Tokens(500),
	}
	c, ok := book.Cost("gpt-4.1", u)
	fmt.Printf("priced: %v, input $%.4f, output $%.4f, total $%.4f\n", ok, c.Input, c.Output, c.Total)

	_, ok = book.Cost("my-fine-tune", u)
	fmt.Println("unknown model priced:", ok)
	// Output:
	// priced: true, input $0.0080, output $0.0040, total $0.0120
	// unknown model priced: false
}

// A price of your own, the type of the config file's prices: entries,
// applied to one call's usage: Anthropic-style usage, where the input
// count includes the cache reads and writes billed at their own prices.
func ExampleCostOf() {
	price := config.ModelPrice{Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75}
	c := llm.CostOf(price, llm.Usage{
		InputTokens:              llm.Tokens(21_050), // 50 plain + 20,000 read + 1,000 written
		CacheReadInputTokens:     llm.Tokens(20_000),
		CacheCreationInputTokens: llm.Tokens(1_000),
		OutputTokens:             llm.Tokens(400),
	})
	fmt.Printf("input $%.6f, output $%.6f, total $%.6f\n", c.Input, c.Output, c.Total)
	// Output:
	// input $0.009900, output $0.006000, total $0.015900
}

// Add or override prices, such as a negotiated rate or a self-hosted model.
func ExamplePriceBook_Set() {
	book := llm.DefaultPriceBook()
	if err := book.Set("gpt-4o", config.ModelPrice{Input: 2, Output: 8}); err != nil {
		fmt.Println(err)
	}
	if err := book.Set("acme/llama-finetune-v3", config.ModelPrice{Input: 0.1, Output: 0.1}); err != nil {
		fmt.Println(err)
	}
	p, _ := book.Lookup("azure/gpt-4o-2024-11-20")
	fmt.Printf("%+v\n", p)
	p, _ = book.Lookup("llama-finetune-v3")
	fmt.Printf("%+v\n", p)
	fmt.Println(book.Set("bad", config.ModelPrice{Input: -1}))
	// Output:
	// {Input:2 Output:8 CacheRead:0 CacheWrite:0 Reasoning:0}
	// {Input:0.1 Output:0.1 CacheRead:0 CacheWrite:0 Reasoning:0}
	// llm: price for "bad": invalid price: Input is negative (-1)
}
