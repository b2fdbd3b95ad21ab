package llm

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/Noveum/noveum-trace-go/config"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testUsage builds a Usage from counts, -1 meaning "not reported".
func testUsage(in, out, cacheRead, cacheWrite, reasoning int64) Usage {
	c := func(n int64) Count {
		if n < 0 {
			return Count{}
		}
		return Tokens(n)
	}
	return Usage{InputTokens: c(in), OutputTokens: c(out), CacheReadInputTokens: c(cacheRead),
		CacheCreationInputTokens: c(cacheWrite), ReasoningOutputTokens: c(reasoning)}
}

func TestPriceCost(t *testing.T) {
	full := config.ModelPrice{Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75, Reasoning: 20}
	plain := config.ModelPrice{Input: 2, Output: 8}
	tests := []struct {
		name    string
		price   config.ModelPrice
		usage   Usage
		in, out float64
	}{
		{"plain input and output", plain, testUsage(1_000_000, 500_000, -1, -1, -1), 2, 4},
		{"cache reads and writes at their prices", full, testUsage(1_000_000, 0, 600_000, 100_000, -1),
			0.3*3 + 0.6*0.3 + 0.1*3.75, 0},
		{"reasoning at its price", full, testUsage(0, 1_000_000, -1, -1, 250_000), 0, 0.75*15 + 0.25*20},
		{"zero cache prices bill at input", plain, testUsage(1_000_000, 0, 600_000, 100_000, -1), 2, 0},
		{"zero reasoning price bills at output", plain, testUsage(0, 1_000_000, -1, -1, 400_000), 0, 8},
		{"unreported counts are zero", full, testUsage(-1, -1, -1, -1, -1), 0, 0},
		{"only output reported", full, testUsage(-1, 2_000_000, -1, -1, -1), 0, 30},
		{"reported zero is zero", full, testUsage(0, 0, 0, 0, 0), 0, 0},
		{"cache above input: plain input clamps to zero, cache still billed", full, testUsage(100, 0, 1_000_000, -1, -1), 0.3, 0},
		{"reasoning above output: plain output clamps to zero", full, testUsage(0, 10, -1, -1, 1_000_000), 0, 20},
		{"embedding: input only", config.ModelPrice{Input: 0.02}, testUsage(50_000_000, -1, -1, -1, -1), 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := CostOf(tt.price, tt.usage)
			assert.InDelta(t, tt.in, c.Input, 1e-12, "input")
			assert.InDelta(t, tt.out, c.Output, 1e-12, "output")
			assert.InDelta(t, tt.in+tt.out, c.Total, 1e-12, "total")
			assert.Equal(t, c.Input+c.Output, c.Total)
		})
	}
}

// realModelIDs are model ids as applications and SDKs send them, with the model
// whose built-in price each must get.
var realModelIDs = []struct {
	id, model string
}{
	// OpenAI and Azure OpenAI.
	{"gpt-4o", "gpt-4o"},
	{"GPT-4o", "gpt-4o"},
	{"  gpt-4o\n", "gpt-4o"},
	{"openai/gpt-4o-2024-08-06", "gpt-4o"},
	{"gpt-4o-2024-11-20", "gpt-4o"},
	{"gpt-4o-2024-05-13", "gpt-4o-2024-05-13"}, // a snapshot with a price of its own
	{"gpt-4o-mini-2024-07-18", "gpt-4o-mini"},
	{"gpt-4.1-2025-04-14", "gpt-4.1"},
	{"gpt-4.1-nano", "gpt-4.1-nano"},
	{"gpt-5-2025-08-07", "gpt-5"},
	{"gpt-5-mini-2025-08-07", "gpt-5-mini"},
	{"gpt-5-nano", "gpt-5-nano"},
	{"gpt-5.1-2025-11-13", "gpt-5.1"},
	{"o1-2024-12-17", "o1"},
	{"o1-preview-2024-09-12", "o1"},
	{"o3-2025-04-16", "o3"},
	{"o3-mini-2025-01-31", "o3-mini"},
	{"o4-mini-2025-04-16", "o4-mini"},
	{"gpt-4-turbo-2024-04-09", "gpt-4-turbo"},
	{"gpt-4-1106-preview", "gpt-4-turbo"},
	{"gpt-4-0613", "gpt-4"},
	{"gpt-3.5-turbo-0125", "gpt-3.5-turbo"},
	{"gpt-3.5-turbo-0613", "gpt-3.5-turbo-0613"},
	{"gpt-3.5-turbo-16k-0613", "gpt-3.5-turbo-16k"},
	{"azure/gpt-35-turbo-0125", "gpt-3.5-turbo"},
	{"gpt-35-turbo-1106", "gpt-3.5-turbo-1106"},
	{"chatgpt-4o-latest", "chatgpt-4o-latest"},
	{"text-embedding-3-small", "text-embedding-3-small"},
	{"text-embedding-3-large", "text-embedding-3-large"},
	{"text-embedding-ada-002", "text-embedding-ada-002"},

	// Anthropic, on its API, OpenRouter, Bedrock and Vertex AI.
	{"claude-3-5-sonnet-20241022", "claude-3-5-sonnet"},
	{"claude-3-5-sonnet-20240620", "claude-3-5-sonnet"},
	{"claude-3-5-sonnet-latest", "claude-3-5-sonnet"},
	{"claude-3-7-sonnet-20250219", "claude-3-7-sonnet"},
	{"claude-3-5-haiku-20241022", "claude-3-5-haiku"},
	{"claude-3-haiku-20240307", "claude-3-haiku"},
	{"claude-3-opus-20240229", "claude-3-opus"},
	{"claude-sonnet-4-20250514", "claude-sonnet-4"},
	{"claude-sonnet-4-0", "claude-sonnet-4"},
	{"claude-4-sonnet-20250514", "claude-sonnet-4"},
	{"claude-opus-4-20250514", "claude-opus-4"},
	{"claude-opus-4-1-20250805", "claude-opus-4-1"},
	{"claude-sonnet-4-5-20250929", "claude-sonnet-4-5"},
	{"claude-haiku-4-5-20251001", "claude-haiku-4-5"},
	{"claude-opus-4-5-20251101", "claude-opus-4-5"},
	{"claude-opus-4-6-20260205", "claude-opus-4-6"},
	{"claude-opus-4-7-20260416", "claude-opus-4-7"},
	{"anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"},
	{"openrouter/anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"},
	{"anthropic/claude-opus-4.1", "claude-opus-4-1"},
	{"anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet"},
	{"us.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet"},
	{"global.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"},
	{"eu.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5"},
	{"bedrock/anthropic.claude-3-haiku-20240307-v1:0:200k", "claude-3-haiku"},
	{"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku"},
	{"claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet"},
	{"vertex_ai/claude-opus-4@20250514", "claude-opus-4"},
	{"claude-sonnet-4-5@20250929", "claude-sonnet-4-5"},

	// Google Gemini, on the Gemini API, Vertex AI and OpenRouter.
	{"models/gemini-2.5-pro", "gemini-2.5-pro"},
	{"gemini/gemini-2.5-flash", "gemini-2.5-flash"},
	{"google/gemini-2.5-flash-lite", "gemini-2.5-flash-lite"},
	{"gemini-2.0-flash-001", "gemini-2.0-flash"},
	{"vertex_ai/gemini-2.0-flash-lite-001", "gemini-2.0-flash-lite"},
	{"projects/acme/locations/us-central1/publishers/google/models/gemini-2.5-pro", "gemini-2.5-pro"},
	{"gemini-2.5-pro-preview-06-05", "gemini-2.5-pro"},
	{"gemini-1.5-pro-002", "gemini-1.5-pro"},
	{"gemini-1.5-flash-latest", "gemini-1.5-flash"},
	{"models/gemini-embedding-001", "gemini-embedding-001"},
	{"gemini-3-pro-preview", "gemini-3-pro-preview"},

	// Mistral AI.
	{"mistral-large-latest", "mistral-large-2512"},
	{"mistral/mistral-large-2411", "mistral-large-2411"},
	{"mistralai/mistral-medium-2505", "mistral-medium-2505"},
	{"mistral-small-latest", "mistral-small-2506"},
	{"codestral-2508", "codestral-2508"},
	{"ministral-8b-latest", "ministral-8b-2512"},
	{"ministral-3b-2512", "ministral-3b-2512"},
	{"open-mistral-nemo-2407", "open-mistral-nemo"},
	{"mistral-embed", "mistral-embed"},
	{"mistral.mistral-large-2407-v1:0", "mistral-large-2407"},

	// Cohere, on its API and Bedrock.
	{"command-a-03-2025", "command-a-03-2025"},
	{"cohere/command-r-plus-08-2024", "command-r-plus-08-2024"},
	{"command-r", "command-r"},
	{"command-r7b-12-2024", "command-r7b-12-2024"},
	{"cohere.command-r-plus-v1:0", "command-r-plus"},
	{"embed-v4.0", "embed-v4.0"},
	{"cohere.embed-v4:0", "embed-v4.0"},
	{"cohere.embed-english-v3", "embed-english-v3.0"},
	{"embed-multilingual-v3.0", "embed-multilingual-v3.0"},

	// DeepSeek.
	{"deepseek-chat", "deepseek-chat"},
	{"deepseek/deepseek-reasoner", "deepseek-reasoner"},

	// Meta Llama, under Hugging Face, Bedrock, Together, Groq and Meta ids.
	{"meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b-instruct"},
	{"meta-llama/Meta-Llama-3.1-8B-Instruct", "llama-3.1-8b-instruct"},
	{"meta-llama/Llama-3.1-405B-Instruct", "llama-3.1-405b-instruct"},
	{"meta.llama3-1-70b-instruct-v1:0", "llama-3.1-70b-instruct"},
	{"us.meta.llama3-3-70b-instruct-v1:0", "llama-3.3-70b-instruct"},
	{"us.meta.llama4-maverick-17b-instruct-v1:0", "llama-4-maverick-17b-128e-instruct"},
	{"together_ai/meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama-4-scout-17b-16e-instruct"},
	{"groq/meta-llama/llama-4-scout-17b-16e-instruct", "llama-4-scout-17b-16e-instruct"},
	{"meta_llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "llama-4-maverick-17b-128e-instruct"},
}

func TestLookupRealModelIDs(t *testing.T) {
	book := DefaultPriceBook()
	for _, tt := range realModelIDs {
		t.Run(tt.id, func(t *testing.T) {
			want, ok := builtinPrices[tt.model]
			require.True(t, ok, "test names a model without a built-in price: %s", tt.model)
			got, ok := book.Lookup(tt.id)
			require.True(t, ok, "no price for %q (normalised %q)", tt.id, NormalizeModel(tt.id))
			assert.Equal(t, want, got)
		})
	}
}

func TestNormalizeModel(t *testing.T) {
	for id, want := range map[string]string{
		"gpt-4o":                                       "gpt-4o",
		" OpenAI/GPT-4o-2024-08-06 ":                   "gpt-4o",
		"gpt-4o-2024-05-13":                            "gpt-4o", // the last step; Lookup finds the snapshot first
		"gpt-4-0613":                                   "gpt-4",
		"gpt-35-turbo-0125":                            "gpt-35-turbo",
		"claude-3-5-sonnet-20241022":                   "claude-3-5-sonnet",
		"anthropic/claude-3.5-sonnet":                  "claude-3-5-sonnet",
		"us.anthropic.claude-3-5-sonnet-20241022-v2:0": "claude-3-5-sonnet",
		"anthropic.claude-3-haiku-20240307-v1:0:48k":   "claude-3-haiku",
		"claude-3-5-sonnet-v2@20241022":                "claude-3-5-sonnet-v2",
		"models/gemini-2.5-pro":                        "gemini-2.5-pro",
		"meta.llama3-1-70b-instruct-v1:0":              "llama3-1-70b-instruct",
		"openai.gpt-oss-120b-1:0":                      "gpt-oss-120b",
		"cohere.embed-v4:0":                            "embed",
		"mistral-large-2411":                           "mistral-large-2411", // Mistral's YYMM is a version, not a date
		"command-r-08-2024":                            "command-r-08-2024",
		"gemini-2.0-flash-001":                         "gemini-2.0-flash-001",
		"text-embedding-3-small":                       "text-embedding-3-small",
		"gpt-4.1":                                      "gpt-4.1",           // dots are kept outside Claude names
		"gpt-4o-2024-13-06":                            "gpt-4o-2024-13-06", // not a date
		"my-model-20241322":                            "my-model-20241322",
		"ft:gpt-4o-mini-2024-07-18:acme::abc123":       "ft:gpt-4o-mini-2024-07-18:acme::abc123",
		"llama3.1:8b":                                  "llama3.1:8b",
		"":                                             "",
		"   ":                                          "",
		"openai/":                                      "",
		"-20241022":                                    "-20241022", // nothing would be left
	} {
		assert.Equal(t, want, NormalizeModel(id), "NormalizeModel(%q)", id)
	}
	long := strings.Repeat("x", 300) + "-20241022"
	assert.Equal(t, strings.Repeat("x", 300), NormalizeModel(long), "long names are normalised too")
}

func TestLookupNeverGuesses(t *testing.T) {
	book := DefaultPriceBook()
	for _, id := range []string{
		"", "   ", "openai/", "gpt", "gpt-4o-foo", "gpt-4o-mini-foo", "my-gpt-4o", "gpt-4o-2024-08-06-foo",
		"gpt-4o-2024-13-06", "claude-3-5", "claude", "claude-3-5-sonnet-2024", "gemini-2.5", "llama-3.3-70b",
		"ft:gpt-4o-mini-2024-07-18:acme::abc123", "llama3.1:8b", "mistral-large-2499", "command-a",
		"gpt-4o" + strings.Repeat("-x", 200), strings.Repeat("a", 300),
	} {
		p, ok := book.Lookup(id)
		assert.False(t, ok, "%q must have no price, got %+v", id, p)
		assert.Zero(t, p)
		c, ok := book.Cost(id, testUsage(1000, 1000, -1, -1, -1))
		assert.False(t, ok)
		assert.Zero(t, c)
	}
}

func TestPriceBookCost(t *testing.T) {
	book := DefaultPriceBook()
	u := testUsage(2_000_000, 1_000_000, 1_000_000, 0, -1)
	c, ok := book.Cost("anthropic/claude-sonnet-4.5", u)
	require.True(t, ok)
	assert.InDelta(t, 1*3+1*0.3, c.Input, 1e-12)
	assert.InDelta(t, 15.0, c.Output, 1e-12)
	assert.InDelta(t, 18.3, c.Total, 1e-12)
}

func TestPriceBookSet(t *testing.T) {
	book := DefaultPriceBook()
	custom := config.ModelPrice{Input: 1, Output: 2}

	require.NoError(t, book.Set("Acme/My-Model", custom))
	got, ok := book.Lookup("my-model")
	require.True(t, ok, "the name is normalised when set")
	assert.Equal(t, custom, got)

	require.NoError(t, book.Set("gpt-4o", custom))
	got, _ = book.Lookup("openai/gpt-4o-2024-11-20")
	assert.Equal(t, custom, got, "an override applies to the model's dated ids")

	dated := config.ModelPrice{Input: 9, Output: 9}
	require.NoError(t, book.Set("claude-3-5-sonnet-20240620", dated))
	got, _ = book.Lookup("anthropic.claude-3-5-sonnet-20240620-v1:0")
	assert.Equal(t, dated, got, "a dated price wins for that snapshot")
	got, _ = book.Lookup("claude-3-5-sonnet-20241022")
	assert.Equal(t, builtinPrices["claude-3-5-sonnet"], got, "other snapshots keep the model's price")

	require.NoError(t, book.Set("claude-3-5-sonnet-latest", dated))
	got, _ = book.Lookup("claude-3-5-sonnet-latest")
	assert.Equal(t, dated, got, "a name that was an alias becomes a model")
	assert.Contains(t, book.Models(), "claude-3-5-sonnet-latest")

	require.NoError(t, book.Set("free-local-model", config.ModelPrice{}))
	got, ok = book.Lookup("free-local-model")
	assert.True(t, ok, "a zero price is a price: the model is free, not unpriced")
	assert.Zero(t, got)
}

func TestPriceBookSetRefusesBadInput(t *testing.T) {
	for name, tt := range map[string]struct {
		model string
		price config.ModelPrice
		want  string
	}{
		"empty":         {"", config.ModelPrice{Input: 1}, "the model name is empty"},
		"blank":         {"  ", config.ModelPrice{Input: 1}, "the model name is empty"},
		"only a prefix": {"openai/", config.ModelPrice{Input: 1}, "the model name is empty"},
		"too long":      {strings.Repeat("m", maxModelLen+1), config.ModelPrice{Input: 1}, "longer than 256 bytes"},
		"negative":      {"m", config.ModelPrice{Output: -1}, "Output is negative (-1)"},
		"NaN":           {"m", config.ModelPrice{CacheRead: math.NaN()}, "CacheRead is NaN"},
		"+Inf":          {"m", config.ModelPrice{CacheWrite: math.Inf(1)}, "CacheWrite is infinite"},
		"-Inf":          {"m", config.ModelPrice{Reasoning: math.Inf(-1)}, "Reasoning is infinite"},
		"negative zero": {"m", config.ModelPrice{Input: -0.0001}, "Input is negative"},
	} {
		t.Run(name, func(t *testing.T) {
			book := DefaultPriceBook()
			before := book.Models()
			err := book.Set(tt.model, tt.price)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidPrice)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), "llm: "), err.Error())
			assert.Equal(t, before, book.Models(), "a refused price changes nothing")
			_, ok := book.Lookup("m")
			assert.False(t, ok)
		})
	}
}

func TestPriceBookSetAll(t *testing.T) {
	t.Run("all", func(t *testing.T) {
		book := NewPriceBook()
		require.NoError(t, book.SetAll(map[string]config.ModelPrice{"a": {Input: 1}, "b": {Input: 2}}))
		assert.Equal(t, []string{"a", "b"}, book.Models())
		require.NoError(t, book.SetAll(nil))
		assert.Equal(t, []string{"a", "b"}, book.Models())
	})
	t.Run("or nothing", func(t *testing.T) {
		book := DefaultPriceBook()
		err := book.SetAll(map[string]config.ModelPrice{
			"gpt-4o":  {Input: 1},
			"z-bad":   {Input: -1},
			"":        {Input: 1},
			"new-one": {Input: 1},
		})
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrInvalidPrice)
		msg := err.Error()
		assert.Contains(t, msg, `llm: price for "": invalid price: the model name is empty`)
		assert.Contains(t, msg, `llm: price for "z-bad": invalid price: Input is negative (-1)`)
		assert.Less(t, strings.Index(msg, `""`), strings.Index(msg, `"z-bad"`), "errors come in name order")
		got, _ := book.Lookup("gpt-4o")
		assert.Equal(t, builtinPrices["gpt-4o"], got, "no price was applied")
		_, ok := book.Lookup("new-one")
		assert.False(t, ok)
	})
	t.Run("two names for one model", func(t *testing.T) {
		book := NewPriceBook()
		err := book.SetAll(map[string]config.ModelPrice{"GPT-X": {Input: 1}, "openai/gpt-x": {Input: 2}})
		require.Error(t, err)
		assert.ErrorIs(t, err, ErrInvalidPrice)
		assert.Contains(t, err.Error(), `prices for "GPT-X" and "openai/gpt-x": invalid price: both name the model "gpt-x"`)
		assert.Empty(t, book.Models())
	})
}

func TestPriceBookAlias(t *testing.T) {
	book := DefaultPriceBook()

	require.NoError(t, book.Alias("Acme/Smart", "claude-3-5-sonnet-latest"))
	got, ok := book.Lookup("smart")
	require.True(t, ok)
	assert.Equal(t, builtinPrices["claude-3-5-sonnet"], got, "an alias of an alias points at the priced model")

	newPrice := config.ModelPrice{Input: 7, Output: 7}
	require.NoError(t, book.Set("claude-3-5-sonnet", newPrice))
	got, _ = book.Lookup("smart")
	assert.Equal(t, newPrice, got, "an alias follows its model's price")

	require.NoError(t, book.Alias("fast", "openai/gpt-4o-mini-2024-07-18"))
	got, _ = book.Lookup("fast")
	assert.Equal(t, builtinPrices["gpt-4o-mini"], got, "the model name is normalised")

	for name, tt := range map[string]struct{ alias, model, want string }{
		"unknown model": {"x", "gpt-4o-foo", `"gpt-4o-foo" has no price`},
		"empty alias":   {" ", "gpt-4o", "the alias is empty"},
		"empty model":   {"x", "", `"" has no price`},
		"priced alias":  {"gpt-4o-mini", "gpt-4o", `"gpt-4o-mini" is a priced model; use Set`},
		"long alias":    {strings.Repeat("a", maxModelLen+1), "gpt-4o", "longer than 256 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			err := book.Alias(tt.alias, tt.model)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidPrice)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	err := NewPriceBook().Alias("x", "gpt-4o")
	assert.ErrorIs(t, err, ErrInvalidPrice, "an empty book has nothing to alias")
}

func TestPriceBooksAreIndependent(t *testing.T) {
	a, b := DefaultPriceBook(), DefaultPriceBook()
	require.NoError(t, a.Set("gpt-4o", config.ModelPrice{Input: 100}))
	require.NoError(t, a.Set("only-in-a", config.ModelPrice{Input: 1}))
	require.NoError(t, a.Alias("a-alias", "gpt-4o"))

	got, _ := b.Lookup("gpt-4o")
	assert.Equal(t, builtinPrices["gpt-4o"], got)
	_, ok := b.Lookup("only-in-a")
	assert.False(t, ok)
	_, ok = b.Lookup("a-alias")
	assert.False(t, ok)
	got, _ = DefaultPriceBook().Lookup("gpt-4o")
	assert.Equal(t, builtinPrices["gpt-4o"], got, "the built-in table is never changed")
}

func TestEmptyPriceBooks(t *testing.T) {
	var zero PriceBook
	var nilBook *PriceBook
	for name, book := range map[string]*PriceBook{"zero": &zero, "new": NewPriceBook(), "nil": nilBook} {
		_, ok := book.Lookup("gpt-4o")
		assert.False(t, ok, name)
		_, ok = book.Cost("gpt-4o", testUsage(1, 1, -1, -1, -1))
		assert.False(t, ok, name)
		assert.NotNil(t, book.Models(), name)
		assert.Empty(t, book.Models(), name)
	}
	require.NoError(t, zero.Set("m", config.ModelPrice{Input: 1}), "the zero PriceBook is ready to use")
	got, ok := zero.Lookup("m")
	assert.True(t, ok)
	assert.Equal(t, config.ModelPrice{Input: 1}, got)
}

func TestModels(t *testing.T) {
	models := DefaultPriceBook().Models()
	assert.Len(t, models, len(builtinPrices))
	assert.True(t, slices.IsSorted(models))
	assert.Contains(t, models, "claude-3-5-sonnet")
	assert.NotContains(t, models, "claude-3-5-sonnet-latest", "aliases are not models")

	models[0] = "changed"
	assert.NotEqual(t, "changed", DefaultPriceBook().Models()[0], "Models returns a copy")
}

// The built-in table must be usable as it is: every key in normal form,
// every price valid, every alias pointing at a priced model.
func TestBuiltinTable(t *testing.T) {
	for name, p := range builtinPrices {
		assert.Equal(t, name, modelKey(name), "price key %q is not normalised", name)
		assert.NoError(t, validatePrice(p), name)
		assert.True(t, p.Input > 0 || p.Output > 0, "%s has no price", name)
		if p.CacheRead != 0 {
			assert.Less(t, p.CacheRead, p.Input, "%s: a cache read costs less than input", name)
		}
		if p.CacheWrite != 0 {
			assert.Greater(t, p.CacheWrite, p.Input, "%s: a cache write costs more than input", name)
		}
	}
	for alias, model := range builtinAliases {
		assert.Equal(t, alias, modelKey(alias), "alias %q is not normalised", alias)
		_, priced := builtinPrices[alias]
		assert.False(t, priced, "alias %q shadows a price", alias)
		_, ok := builtinPrices[model]
		assert.True(t, ok, "alias %q points at %q, which has no price", alias, model)
	}
}

// The models applications call most, by provider, must have a built-in
// price: a missing one would leave their calls without cost.
func TestBuiltinTableCoverage(t *testing.T) {
	book := DefaultPriceBook()
	for provider, models := range map[string][]string{
		"OpenAI": {"gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini",
			"o1", "o3", "o3-mini", "o4-mini", "gpt-4-turbo", "gpt-3.5-turbo", "text-embedding-3-small",
			"text-embedding-3-large", "text-embedding-ada-002"},
		"Anthropic": {"claude-opus-4-1", "claude-opus-4-5", "claude-sonnet-4", "claude-sonnet-4-5", "claude-haiku-4-5",
			"claude-3-7-sonnet-latest", "claude-3-5-sonnet-latest", "claude-3-5-haiku-latest", "claude-3-haiku-20240307",
			"claude-3-opus-latest"},
		"Google": {"gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash", "gemini-2.0-flash-lite",
			"gemini-1.5-pro", "gemini-1.5-flash", "gemini-embedding-001"},
		"Mistral": {"mistral-large-latest", "mistral-medium-latest", "mistral-small-latest", "codestral-2508",
			"ministral-3b-latest", "ministral-8b-latest", "open-mistral-nemo", "mistral-embed"},
		"Cohere":   {"command-a-03-2025", "command-r", "command-r-plus", "command-r7b-12-2024", "embed-english-v3.0", "embed-v4.0"},
		"DeepSeek": {"deepseek-chat", "deepseek-reasoner"},
		"Meta": {"llama-3.1-8b-instruct", "llama-3.1-70b-instruct", "llama-3.1-405b-instruct", "llama-3.3-70b-instruct",
			"llama-4-scout-17b-16e-instruct", "llama-4-maverick-17b-128e-instruct"},
	} {
		for _, m := range models {
			_, ok := book.Lookup(m)
			assert.True(t, ok, "%s: %s has no price", provider, m)
		}
	}
	for _, m := range []string{"claude-3-5-sonnet", "claude-3-7-sonnet", "claude-sonnet-4-5", "claude-haiku-4-5", "claude-3-haiku"} {
		p, _ := book.Lookup(m)
		assert.NotZero(t, p.CacheRead, "%s needs its cache read price", m)
		assert.NotZero(t, p.CacheWrite, "%s needs its cache write price", m)
	}
	for _, m := range []string{"deepseek-chat", "deepseek-reasoner"} {
		p, _ := book.Lookup(m)
		assert.NotZero(t, p.CacheRead, "%s needs its cache-hit price", m)
	}
}

// Lookup and Cost must not allocate, whatever the name.
func TestLookupDoesNotAllocate(t *testing.T) {
	book := DefaultPriceBook()
	u := testUsage(1000, 500, 200, 100, 50)
	for _, id := range []string{
		"gpt-4o",
		"openai/GPT-4o-2024-08-06",
		"us.anthropic.claude-3-5-sonnet-20241022-v2:0",
		"anthropic/claude-3.5-sonnet",
		"claude-3-5-sonnet-v2@20241022",
		"gpt-4o-foo",
		strings.Repeat("x", 1000),
	} {
		assert.Zero(t, testing.AllocsPerRun(100, func() { book.Lookup(id) }), "Lookup(%q)", id)
		assert.Zero(t, testing.AllocsPerRun(100, func() { book.Cost(id, u) }), "Cost(%q)", id)
	}
}

// Writers and readers share one book; run with -race.
func TestPriceBookConcurrentSafe(t *testing.T) {
	book := DefaultPriceBook()
	shared := []config.ModelPrice{{Input: 1, Output: 1}, {Input: 2, Output: 2}, {Input: 3, Output: 3}}
	const workers, rounds = 8, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*6)
	for w := range workers {
		wg.Add(2)
		go func() { // writer
			defer wg.Done()
			for i := range rounds {
				if err := book.Set("shared-model", shared[(w+i)%len(shared)]); err != nil {
					errs <- err
				}
				if err := book.Set(fmt.Sprintf("model-%d-%d", w, i), config.ModelPrice{Input: float64(i + 1)}); err != nil {
					errs <- err
				}
				if err := book.Alias(fmt.Sprintf("alias-%d-%d", w, i), "gpt-4o"); err != nil {
					errs <- err
				}
			}
		}()
		go func() { // reader
			defer wg.Done()
			for range rounds {
				if p, ok := book.Lookup("openai/gpt-4o-2024-08-06"); !ok || p != builtinPrices["gpt-4o"] {
					errs <- fmt.Errorf("built-in price changed: %+v %v", p, ok)
				}
				if p, ok := book.Lookup("shared-model"); ok && !slices.Contains(shared, p) {
					errs <- fmt.Errorf("torn price %+v", p)
				}
				book.Cost("shared-model", testUsage(10, 10, -1, -1, -1))
				if n := len(book.Models()); n < len(builtinPrices) {
					errs <- fmt.Errorf("models shrank to %d", n)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Len(t, book.Models(), len(builtinPrices)+1+workers*rounds)
	for w := range workers {
		for i := range rounds {
			p, ok := book.Lookup(fmt.Sprintf("model-%d-%d", w, i))
			require.True(t, ok)
			assert.Equal(t, float64(i+1), p.Input)
			_, ok = book.Lookup(fmt.Sprintf("alias-%d-%d", w, i))
			require.True(t, ok)
		}
	}
}
