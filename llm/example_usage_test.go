package llm_test

import (
	"encoding/json"
	"fmt"

	"github.com/Noveum/noveum-trace-go/llm"
)

// Anthropic counts cached input apart from input_tokens; Usage adds it back
// so that InputTokens follows the convention, and the cost bills each part
// at its own price.
func ExampleAnthropicUsage() {
	body := []byte(`{
		"id": "msg_01",
		"model": "claude-sonnet-4-5-20250929",
		"usage": {
			"input_tokens": 50,
			"cache_creation_input_tokens": 1000,
			"cache_read_input_tokens": 20000,
			"output_tokens": 400
		}
	}`)
	var resp struct {
		Model string             `json:"model"`
		Usage llm.AnthropicUsage `json:"usage"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		fmt.Println(err)
		return
	}
	u := resp.Usage.Usage()
	fmt.Println("input:", u.InputTokens, "cache read:", u.CacheReadInputTokens,
		"cache creation:", u.CacheCreationInputTokens, "output:", u.OutputTokens, "reasoning:", u.ReasoningOutputTokens)

	c, _ := llm.DefaultPriceBook().Cost(resp.Model, u)
	fmt.Printf("cost: $%.6f\n", c.Total)
	// Output:
	// input: 21050 cache read: 20000 cache creation: 1000 output: 400 reasoning: not reported
	// cost: $0.015900
}
