package llm

import "github.com/Noveum/noveum-trace-go/config"

// The built-in price table, in USD per million tokens.
//
// Source: LiteLLM's model_prices_and_context_window.json (BerriAI/litellm,
// commit 00035b69f416be24e2e323c13198d9b7d2d1bdf9), which cites the
// providers' pricing pages, read on 2026-11-26; for models that file no
// longer lists, the providers' own pricing pages: Anthropic's (Claude 3.5
// Sonnet, 3.5 Haiku, 3 Opus, 3 Haiku, with cache prices), Google's (Gemini
// 1.5, retired in 2025) and OpenAI's legacy list (gpt-3.5-turbo-0301 and
// -0613, text-embedding-*). Prices as of 2026-11-26.
//
// What the table holds, and what it leaves out:
//
//   - Standard (on-demand) prices. Batch, flex and priority tiers and
//     regional or data-zone uplifts (such as the 10% of some Bedrock
//     regional inference profiles and OpenAI regional processing) are not
//     modelled: set your own price when they apply.
//   - The base tier of tiered prices. Long prompts cost more on Gemini 2.5
//     Pro and Gemini 3 Pro above 200k tokens, Gemini 1.5 above 128k, Claude
//     Sonnet 4 and 4.5 above 200k (1M context), and GPT-5.4 and later above
//     272k; the table holds the price below the threshold.
//   - CacheWrite is Anthropic's 5-minute cache write price (1.25x input);
//     1-hour writes cost 2x input. Gemini charges cache storage by the
//     hour, which no token price can express.
//   - Meta Llama models are priced at their AWS Bedrock on-demand list
//     price (us-east-1), under both Meta's Hugging Face names
//     ("llama-3.3-70b-instruct") and Bedrock's ids. Other hosts charge
//     other prices for the same weights: set yours.
//   - Claude on Bedrock and Vertex AI, Gemini on Vertex AI and OpenAI
//     models on Azure are priced at the model maker's list price.
//   - Google's text-embedding-004 has no per-token list price (free on the
//     Gemini API, billed per character on Vertex AI) and is not included.

// builtinPrices maps normalised model names (see modelKey) to prices.
var builtinPrices = map[string]config.ModelPrice{
	// OpenAI. Reasoning tokens are billed as output.
	"gpt-5.6":                {Input: 5, Output: 30, CacheRead: 0.5, CacheWrite: 6.25},
	"gpt-5.6-sol":            {Input: 5, Output: 30, CacheRead: 0.5, CacheWrite: 6.25},
	"gpt-5.6-terra":          {Input: 2.5, Output: 15, CacheRead: 0.25, CacheWrite: 3.125},
	"gpt-5.6-luna":           {Input: 1, Output: 6, CacheRead: 0.1, CacheWrite: 1.25},
	"gpt-5.5":                {Input: 5, Output: 30, CacheRead: 0.5},
	"gpt-5.5-pro":            {Input: 30, Output: 180, CacheRead: 3},
	"gpt-5.4":                {Input: 2.5, Output: 15, CacheRead: 0.25},
	"gpt-5.4-mini":           {Input: 0.75, Output: 4.5, CacheRead: 0.075},
	"gpt-5.4-nano":           {Input: 0.2, Output: 1.25, CacheRead: 0.02},
	"gpt-5.4-pro":            {Input: 30, Output: 180, CacheRead: 3},
	"gpt-5.3-codex":          {Input: 1.75, Output: 14, CacheRead: 0.175},
	"gpt-5.3-chat-latest":    {Input: 1.75, Output: 14, CacheRead: 0.175},
	"gpt-5.2":                {Input: 1.75, Output: 14, CacheRead: 0.175},
	"gpt-5.2-chat-latest":    {Input: 1.75, Output: 14, CacheRead: 0.175},
	"gpt-5.2-codex":          {Input: 1.75, Output: 14, CacheRead: 0.175},
	"gpt-5.2-pro":            {Input: 21, Output: 168},
	"gpt-5.1":                {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gpt-5.1-chat-latest":    {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gpt-5.1-codex":          {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gpt-5.1-codex-max":      {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gpt-5.1-codex-mini":     {Input: 0.25, Output: 2, CacheRead: 0.025},
	"gpt-5":                  {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gpt-5-chat-latest":      {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gpt-5-codex":            {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gpt-5-mini":             {Input: 0.25, Output: 2, CacheRead: 0.025},
	"gpt-5-nano":             {Input: 0.05, Output: 0.4, CacheRead: 0.005},
	"gpt-5-pro":              {Input: 15, Output: 120},
	"gpt-4.1":                {Input: 2, Output: 8, CacheRead: 0.5},
	"gpt-4.1-mini":           {Input: 0.4, Output: 1.6, CacheRead: 0.1},
	"gpt-4.1-nano":           {Input: 0.1, Output: 0.4, CacheRead: 0.025},
	"gpt-4o":                 {Input: 2.5, Output: 10, CacheRead: 1.25},
	"gpt-4o-2024-05-13":      {Input: 5, Output: 15}, // the first gpt-4o snapshot cost more
	"gpt-4o-mini":            {Input: 0.15, Output: 0.6, CacheRead: 0.075},
	"chatgpt-4o-latest":      {Input: 5, Output: 15},
	"o1":                     {Input: 15, Output: 60, CacheRead: 7.5},
	"o1-pro":                 {Input: 150, Output: 600},
	"o3":                     {Input: 2, Output: 8, CacheRead: 0.5},
	"o3-pro":                 {Input: 20, Output: 80},
	"o3-mini":                {Input: 1.1, Output: 4.4, CacheRead: 0.55},
	"o3-deep-research":       {Input: 10, Output: 40, CacheRead: 2.5},
	"o4-mini":                {Input: 1.1, Output: 4.4, CacheRead: 0.275},
	"o4-mini-deep-research":  {Input: 2, Output: 8, CacheRead: 0.5},
	"codex-mini-latest":      {Input: 1.5, Output: 6, CacheRead: 0.375},
	"gpt-4-turbo":            {Input: 10, Output: 30},
	"gpt-4":                  {Input: 30, Output: 60},
	"gpt-3.5-turbo":          {Input: 0.5, Output: 1.5},
	"gpt-3.5-turbo-1106":     {Input: 1, Output: 2},
	"gpt-3.5-turbo-0613":     {Input: 1.5, Output: 2}, // older snapshots cost more than gpt-3.5-turbo
	"gpt-3.5-turbo-0301":     {Input: 1.5, Output: 2},
	"gpt-3.5-turbo-16k":      {Input: 3, Output: 4},
	"gpt-3.5-turbo-instruct": {Input: 1.5, Output: 2},
	"text-embedding-3-small": {Input: 0.02},
	"text-embedding-3-large": {Input: 0.13},
	"text-embedding-ada-002": {Input: 0.1},

	// Anthropic. CacheWrite is the 5-minute cache write.
	"claude-fable-5":    {Input: 10, Output: 50, CacheRead: 1, CacheWrite: 12.5},
	"claude-sonnet-5":   {Input: 2, Output: 10, CacheRead: 0.2, CacheWrite: 2.5},
	"claude-opus-4-8":   {Input: 5, Output: 25, CacheRead: 0.5, CacheWrite: 6.25},
	"claude-opus-4-7":   {Input: 5, Output: 25, CacheRead: 0.5, CacheWrite: 6.25},
	"claude-opus-4-6":   {Input: 5, Output: 25, CacheRead: 0.5, CacheWrite: 6.25},
	"claude-opus-4-5":   {Input: 5, Output: 25, CacheRead: 0.5, CacheWrite: 6.25},
	"claude-opus-4-1":   {Input: 15, Output: 75, CacheRead: 1.5, CacheWrite: 18.75},
	"claude-opus-4":     {Input: 15, Output: 75, CacheRead: 1.5, CacheWrite: 18.75},
	"claude-sonnet-4-6": {Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75},
	"claude-sonnet-4-5": {Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75},
	"claude-sonnet-4":   {Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75},
	"claude-haiku-4-5":  {Input: 1, Output: 5, CacheRead: 0.1, CacheWrite: 1.25},
	"claude-3-7-sonnet": {Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75},
	"claude-3-5-sonnet": {Input: 3, Output: 15, CacheRead: 0.3, CacheWrite: 3.75},
	"claude-3-5-haiku":  {Input: 0.8, Output: 4, CacheRead: 0.08, CacheWrite: 1},
	"claude-3-opus":     {Input: 15, Output: 75, CacheRead: 1.5, CacheWrite: 18.75},
	"claude-3-haiku":    {Input: 0.25, Output: 1.25, CacheRead: 0.03, CacheWrite: 0.3},

	// Google Gemini (Gemini Developer API). Thinking tokens are billed as
	// output.
	"gemini-3.5-flash":                    {Input: 1.5, Output: 9, CacheRead: 0.15},
	"gemini-3.1-pro-preview":              {Input: 2, Output: 12, CacheRead: 0.2},
	"gemini-3.1-flash-lite":               {Input: 0.25, Output: 1.5, CacheRead: 0.025},
	"gemini-3-pro-preview":                {Input: 2, Output: 12, CacheRead: 0.2},
	"gemini-3-flash-preview":              {Input: 0.5, Output: 3, CacheRead: 0.05},
	"gemini-2.5-pro":                      {Input: 1.25, Output: 10, CacheRead: 0.125},
	"gemini-2.5-flash":                    {Input: 0.3, Output: 2.5, CacheRead: 0.03},
	"gemini-2.5-flash-preview-09-2025":    {Input: 0.3, Output: 2.5, CacheRead: 0.075},
	"gemini-2.5-flash-lite":               {Input: 0.1, Output: 0.4, CacheRead: 0.01},
	"gemini-2.5-flash-lite-preview-06-17": {Input: 0.1, Output: 0.4, CacheRead: 0.025},
	"gemini-2.0-flash":                    {Input: 0.1, Output: 0.4, CacheRead: 0.025},
	"gemini-2.0-flash-lite":               {Input: 0.075, Output: 0.3, CacheRead: 0.01875},
	"gemini-1.5-pro":                      {Input: 1.25, Output: 5, CacheRead: 0.3125},
	"gemini-1.5-flash":                    {Input: 0.075, Output: 0.3, CacheRead: 0.01875},
	"gemini-embedding-001":                {Input: 0.15},
	"gemini-embedding-2":                  {Input: 0.2},

	// Mistral AI.
	"mistral-large-2512":    {Input: 0.5, Output: 1.5},
	"mistral-large-2411":    {Input: 2, Output: 6},
	"mistral-large-2407":    {Input: 3, Output: 9},
	"mistral-large-2402":    {Input: 4, Output: 12},
	"mistral-medium-2604":   {Input: 1.5, Output: 7.5},
	"mistral-medium-2508":   {Input: 0.4, Output: 2},
	"mistral-medium-2505":   {Input: 0.4, Output: 2},
	"mistral-medium-2312":   {Input: 2.7, Output: 8.1},
	"mistral-small-2506":    {Input: 0.06, Output: 0.18},
	"ministral-14b-2512":    {Input: 0.2, Output: 0.2},
	"ministral-8b-2512":     {Input: 0.15, Output: 0.15},
	"ministral-3b-2512":     {Input: 0.1, Output: 0.1},
	"magistral-medium-2509": {Input: 2, Output: 5},
	"magistral-small-2509":  {Input: 0.5, Output: 1.5},
	"devstral-2512":         {Input: 0.4, Output: 2},
	"devstral-medium-2507":  {Input: 0.4, Output: 2},
	"devstral-small-2507":   {Input: 0.1, Output: 0.3},
	"codestral-2508":        {Input: 0.3, Output: 0.9},
	"codestral-2405":        {Input: 1, Output: 3},
	"pixtral-large-2411":    {Input: 2, Output: 6},
	"pixtral-12b-2409":      {Input: 0.15, Output: 0.15},
	"open-mistral-nemo":     {Input: 0.3, Output: 0.3},
	"mistral-embed":         {Input: 0.1},
	"codestral-embed":       {Input: 0.15},

	// Cohere.
	"command-a-03-2025":       {Input: 2.5, Output: 10},
	"command-r-plus-08-2024":  {Input: 2.5, Output: 10},
	"command-r-plus":          {Input: 2.5, Output: 10},
	"command-r-08-2024":       {Input: 0.15, Output: 0.6},
	"command-r":               {Input: 0.15, Output: 0.6},
	"command-r7b-12-2024":     {Input: 0.0375, Output: 0.15},
	"embed-v4.0":              {Input: 0.12},
	"embed-english-v3.0":      {Input: 0.1},
	"embed-multilingual-v3.0": {Input: 0.1},

	// DeepSeek. CacheRead is the cache-hit price.
	"deepseek-chat":     {Input: 0.28, Output: 0.42, CacheRead: 0.028},
	"deepseek-reasoner": {Input: 0.28, Output: 0.42, CacheRead: 0.028},

	// Meta Llama, at the AWS Bedrock on-demand list price.
	"llama-4-maverick-17b-128e-instruct": {Input: 0.24, Output: 0.97},
	"llama-4-scout-17b-16e-instruct":     {Input: 0.17, Output: 0.66},
	"llama-3.3-70b-instruct":             {Input: 0.72, Output: 0.72},
	"llama-3.2-90b-vision-instruct":      {Input: 2, Output: 2},
	"llama-3.2-11b-vision-instruct":      {Input: 0.35, Output: 0.35},
	"llama-3.2-3b-instruct":              {Input: 0.15, Output: 0.15},
	"llama-3.2-1b-instruct":              {Input: 0.1, Output: 0.1},
	"llama-3.1-405b-instruct":            {Input: 5.32, Output: 16},
	"llama-3.1-70b-instruct":             {Input: 0.99, Output: 0.99},
	"llama-3.1-8b-instruct":              {Input: 0.22, Output: 0.22},
}

// builtinAliases maps other normalised names of a model to its key in
// builtinPrices. Dated snapshots need no alias: Lookup drops the date.
var builtinAliases = map[string]string{
	// OpenAI, including Azure OpenAI's "gpt-35" spelling.
	"gpt-5-chat":            "gpt-5-chat-latest",
	"o1-preview":            "o1",
	"gpt-4-turbo-preview":   "gpt-4-turbo",
	"gpt-4-1106-preview":    "gpt-4-turbo",
	"gpt-4-0125-preview":    "gpt-4-turbo",
	"gpt-4-vision-preview":  "gpt-4-turbo",
	"gpt-35-turbo":          "gpt-3.5-turbo",
	"gpt-35-turbo-1106":     "gpt-3.5-turbo-1106",
	"gpt-35-turbo-0613":     "gpt-3.5-turbo-0613",
	"gpt-35-turbo-0301":     "gpt-3.5-turbo-0301",
	"gpt-35-turbo-16k":      "gpt-3.5-turbo-16k",
	"gpt-35-turbo-instruct": "gpt-3.5-turbo-instruct",

	// Anthropic's own aliases, LiteLLM's "claude-4-*" names and Vertex AI's
	// "claude-3-5-sonnet-v2@20241022".
	"claude-opus-4-0":          "claude-opus-4",
	"claude-sonnet-4-0":        "claude-sonnet-4",
	"claude-4-opus":            "claude-opus-4",
	"claude-4-sonnet":          "claude-sonnet-4",
	"claude-3-7-sonnet-latest": "claude-3-7-sonnet",
	"claude-3-5-sonnet-latest": "claude-3-5-sonnet",
	"claude-3-5-sonnet-v2":     "claude-3-5-sonnet",
	"claude-3-5-haiku-latest":  "claude-3-5-haiku",
	"claude-3-opus-latest":     "claude-3-opus",

	// Google: versioned and preview ids of the same model.
	"gemini-3.1-flash-lite-preview":         "gemini-3.1-flash-lite",
	"gemini-2.5-pro-preview-06-05":          "gemini-2.5-pro",
	"gemini-2.5-pro-preview-05-06":          "gemini-2.5-pro",
	"gemini-2.5-pro-preview-03-25":          "gemini-2.5-pro",
	"gemini-2.5-flash-lite-preview-09-2025": "gemini-2.5-flash-lite",
	"gemini-2.0-flash-001":                  "gemini-2.0-flash",
	"gemini-2.0-flash-lite-001":             "gemini-2.0-flash-lite",
	"gemini-1.5-pro-latest":                 "gemini-1.5-pro",
	"gemini-1.5-pro-002":                    "gemini-1.5-pro",
	"gemini-1.5-pro-001":                    "gemini-1.5-pro",
	"gemini-1.5-flash-latest":               "gemini-1.5-flash",
	"gemini-1.5-flash-002":                  "gemini-1.5-flash",
	"gemini-1.5-flash-001":                  "gemini-1.5-flash",
	"gemini-embedding-2-preview":            "gemini-embedding-2",

	// Mistral AI's "-latest" aliases as priced by the source, other
	// spellings of the same model.
	"mistral-large-latest":    "mistral-large-2512",
	"mistral-large-3":         "mistral-large-2512",
	"mistral-medium-latest":   "mistral-medium-2604",
	"mistral-medium-3-5":      "mistral-medium-2604",
	"mistral-small-latest":    "mistral-small-2506",
	"ministral-14b-latest":    "ministral-14b-2512",
	"ministral-8b-latest":     "ministral-8b-2512",
	"ministral-3b-latest":     "ministral-3b-2512",
	"ministral-3-14b-2512":    "ministral-14b-2512",
	"ministral-3-8b-2512":     "ministral-8b-2512",
	"ministral-3-3b-2512":     "ministral-3b-2512",
	"magistral-medium-latest": "magistral-medium-2509",
	"magistral-medium-2506":   "magistral-medium-2509",
	"magistral-small-latest":  "magistral-small-2509",
	"magistral-small-2506":    "magistral-small-2509",
	"devstral-latest":         "devstral-2512",
	"devstral-medium-latest":  "devstral-2512",
	"devstral-small-latest":   "devstral-small-2507",
	"devstral-small-2505":     "devstral-small-2507",
	"pixtral-large-latest":    "pixtral-large-2411",
	"open-mistral-nemo-2407":  "open-mistral-nemo",
	"mistral-nemo":            "open-mistral-nemo",
	"codestral-embed-2505":    "codestral-embed",

	// Cohere, including Bedrock's embed ids.
	"embed-v4":              "embed-v4.0",
	"embed-english-v3":      "embed-english-v3.0",
	"embed-multilingual-v3": "embed-multilingual-v3.0",

	// Meta Llama: Hugging Face "Meta-Llama-3.1-*" names, Meta's FP8 ids and
	// Bedrock ids.
	"meta-llama-3.1-8b-instruct":             "llama-3.1-8b-instruct",
	"meta-llama-3.1-70b-instruct":            "llama-3.1-70b-instruct",
	"meta-llama-3.1-405b-instruct":           "llama-3.1-405b-instruct",
	"llama-4-maverick-17b-128e-instruct-fp8": "llama-4-maverick-17b-128e-instruct",
	"llama-4-scout-17b-16e-instruct-fp8":     "llama-4-scout-17b-16e-instruct",
	"llama4-maverick-17b-instruct":           "llama-4-maverick-17b-128e-instruct",
	"llama4-scout-17b-instruct":              "llama-4-scout-17b-16e-instruct",
	"llama3-3-70b-instruct":                  "llama-3.3-70b-instruct",
	"llama3-2-90b-instruct":                  "llama-3.2-90b-vision-instruct",
	"llama3-2-11b-instruct":                  "llama-3.2-11b-vision-instruct",
	"llama3-2-3b-instruct":                   "llama-3.2-3b-instruct",
	"llama3-2-1b-instruct":                   "llama-3.2-1b-instruct",
	"llama3-1-405b-instruct":                 "llama-3.1-405b-instruct",
	"llama3-1-70b-instruct":                  "llama-3.1-70b-instruct",
	"llama3-1-8b-instruct":                   "llama-3.1-8b-instruct",
}
