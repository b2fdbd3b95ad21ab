package semconv_test

import (
	"fmt"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// Writers build attributes with the typed constructors; the value has the
// type the convention gives.
func ExampleGenAIUsageInputTokens() {
	attrs := []attribute.KeyValue{
		semconv.GenAIOperationName(semconv.OperationChat),
		semconv.GenAIProviderName(semconv.ProviderAnthropic),
		semconv.GenAIRequestModel("claude-sonnet-4"),
		semconv.GenAIUsageInputTokens(1200),
		semconv.GenAIResponseFinishReasons(string(semconv.FinishReasonStop)),
	}
	for _, kv := range attrs {
		fmt.Printf("%s = %s (%s)\n", kv.Key, kv.Value.String(), kv.Value.Type())
	}
	// Output:
	// gen_ai.operation.name = chat (STRING)
	// gen_ai.provider.name = anthropic (STRING)
	// gen_ai.request.model = claude-sonnet-4 (STRING)
	// gen_ai.usage.input_tokens = 1200 (INT64)
	// gen_ai.response.finish_reasons = ["stop"] (STRINGSLICE)
}

// A provider the convention does not list is named by conversion.
func ExampleProvider() {
	kv := semconv.GenAIProviderName(semconv.Provider("my-llm"))
	fmt.Println(kv.Key, "=", kv.Value.AsString())
	// Output:
	// gen_ai.provider.name = my-llm
}

// Readers of older spans map deprecated keys to the current ones.
func ExampleReplacement() {
	for _, old := range []attribute.Key{"gen_ai.system", "gen_ai.usage.prompt_tokens", "gen_ai.prompt", "gen_ai.request.model"} {
		if current, ok := semconv.Replacement(old); ok {
			fmt.Println(old, "->", current)
		} else {
			fmt.Println(old, "has no replacement")
		}
	}
	// Output:
	// gen_ai.system -> gen_ai.provider.name
	// gen_ai.usage.prompt_tokens -> gen_ai.usage.input_tokens
	// gen_ai.prompt has no replacement
	// gen_ai.request.model has no replacement
}

// A histogram of token usage takes the convention's bucket boundaries, for
// example through the SDK's metric.WithExplicitBucketBoundaries.
func ExampleGenAIClientTokenUsageBuckets() {
	buckets := semconv.GenAIClientTokenUsageBuckets()
	fmt.Println(semconv.GenAIClientTokenUsageName, semconv.GenAIClientTokenUsageUnit)
	fmt.Println(len(buckets), "boundaries from", buckets[0], "to", buckets[len(buckets)-1])
	// Output:
	// gen_ai.client.token.usage {token}
	// 14 boundaries from 1 to 6.7108864e+07
}

// A truncated content attribute is listed under noveum.truncated and its
// untruncated size recorded beside it.
func ExampleNoveumOriginalBytes() {
	for _, kv := range []attribute.KeyValue{
		semconv.NoveumTruncated(semconv.GenAIInputMessagesKey),
		semconv.NoveumOriginalBytes(semconv.GenAIInputMessagesKey, 90000),
	} {
		fmt.Println(kv.Key, "=", kv.Value.String())
	}
	// Output:
	// noveum.truncated = ["gen_ai.input.messages"]
	// noveum.original_bytes.gen_ai.input.messages = 90000
}
