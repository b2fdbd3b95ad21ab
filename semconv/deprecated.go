package semconv

import (
	"maps"

	"go.opentelemetry.io/otel/attribute"
)

// deprecated maps older spellings still seen on spans to the key of this
// package that replaced them. Keep it free of chains: a replacement is never
// itself deprecated.
var deprecated = map[attribute.Key]attribute.Key{
	"gen_ai.system":                         GenAIProviderNameKey,
	"gen_ai.usage.prompt_tokens":            GenAIUsageInputTokensKey,
	"gen_ai.usage.completion_tokens":        GenAIUsageOutputTokensKey,
	"gen_ai.openai.request.seed":            GenAIRequestSeedKey,
	"gen_ai.openai.request.response_format": GenAIOutputTypeKey,
}

// Replacement reports the current key for a deprecated spelling still seen on
// older spans, so that readers of old spans can map them:
//
//	gen_ai.system                         -> gen_ai.provider.name
//	gen_ai.usage.prompt_tokens            -> gen_ai.usage.input_tokens
//	gen_ai.usage.completion_tokens        -> gen_ai.usage.output_tokens
//	gen_ai.openai.request.seed            -> gen_ai.request.seed
//	gen_ai.openai.request.response_format -> gen_ai.output.type
//
// ok is false for a key that is current, unknown, or deprecated without a
// replacement: gen_ai.prompt and gen_ai.completion were removed (content now
// goes in gen_ai.input.messages and gen_ai.output.messages, whose shape
// differs), and gen_ai.openai.request.service_tier,
// gen_ai.openai.response.service_tier and
// gen_ai.openai.response.system_fingerprint moved to provider keys
// (openai.*) outside this package.
//
// A mapped value keeps its old form: gen_ai.system may hold a provider name
// that was renamed since (az.ai.openai is now [ProviderAzureAIOpenAI]), and
// gen_ai.openai.request.response_format holds json_object or json_schema
// where gen_ai.output.type says json.
func Replacement(old attribute.Key) (current attribute.Key, ok bool) {
	current, ok = deprecated[old]
	return current, ok
}

// Deprecated returns every deprecated spelling that [Replacement] maps, with
// the key that replaced it. The map is a new copy the caller may change.
func Deprecated() map[attribute.Key]attribute.Key {
	return maps.Clone(deprecated)
}
