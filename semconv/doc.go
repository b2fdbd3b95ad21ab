// Package semconv owns every attribute key this SDK reads or writes, so that
// no other package spells one as a string: the OpenTelemetry GenAI keys
// (gen_ai.*), pinned to one version of the convention, the general keys the
// SDK uses (server.address, error.type, user.id, session.id, exception.*,
// ...), and the SDK's own extension keys under noveum.*.
//
// go.opentelemetry.io/otel/semconv removed the GenAI keys in v1.42.0, so this
// package is the one place in the module where such a key is spelled. The
// GenAI convention is at "Development" stability; [SchemaURL] names the
// version these keys follow.
//
// # Keys and constructors
//
// Every key is an [attribute.Key] constant named after it with a Key suffix
// ([GenAIRequestModelKey] is gen_ai.request.model), for readers that match
// keys. Every key also has a constructor without the suffix that takes the
// value in the type the convention gives and returns an [attribute.KeyValue],
// for writers:
//
//	span.SetAttributes(
//		semconv.GenAIOperationName(semconv.OperationChat),
//		semconv.GenAIProviderName(semconv.ProviderOpenAI),
//		semconv.GenAIRequestModel("gpt-4o"),
//		semconv.GenAIRequestMaxTokens(512),
//		semconv.GenAIUsageInputTokens(1200),
//	)
//
// Token counts are int64, sampling settings float64 (gen_ai.request.top_k
// included: the convention types it as a double), lists variadic. The
// content keys (gen_ai.input.messages, gen_ai.output.messages,
// gen_ai.system_instructions, gen_ai.tool.definitions, gen_ai.tool.call.*,
// gen_ai.retrieval.*) hold opt-in content that instrumentations must not
// record unless asked; those of type "any" take an [attribute.Value], either
// structured ([attribute.SliceValue], [attribute.MapValue]) or JSON text
// ([attribute.StringValue]).
//
// # Enumerations
//
// [Operation], [Provider], [OutputType], [ToolType], [FinishReason] and
// [TokenType] are string types whose constants are the convention's values.
// The convention allows other values, and so do these types: a custom
// provider is Provider("my-llm"). [ErrorTypeOther] is the fallback value of
// error.type.
//
// # Metrics and events
//
// The GenAI client metrics have a name, a unit and a description constant
// each ([GenAIClientTokenUsageName], [GenAIClientOperationDurationName],
// [GenAIClientOperationTimeToFirstChunkName],
// [GenAIClientOperationTimePerOutputChunkName]) and a function returning the
// histogram bucket boundaries the convention recommends
// ([GenAIClientTokenUsageBuckets], ...). [EventInferenceDetails],
// [EventEvaluationResult] and [ExceptionEventName] name span events.
//
// # Extension keys
//
// The noveum.* keys carry what the convention lacks: the cost of a model call
// in USD ([NoveumCostTotalKey], ..., [NoveumCostUnpricedKey] when the model
// had no price), content truncation ([NoveumTruncatedKey],
// [NoveumOriginalBytes]), streaming detail ([NoveumResponseChunkCountKey],
// [NoveumResponseTimePerOutputChunkKey]), agent classification, request and
// trace identity, and the tag and metadata prefixes ([NoveumTagPrefix],
// [NoveumMetadataPrefix]) whose keys the exporter lifts into the Noveum trace
// metadata.
//
// # MCP
//
// The keys of the OpenTelemetry MCP conventions ([MCPConventionVersion]):
// [MCPMethodNameKey], [MCPSessionIDKey], [MCPProtocolVersionKey],
// [MCPResourceURIKey], [GenAIPromptNameKey], [JSONRPCRequestIDKey],
// [RPCResponseStatusCodeKey], [NetworkTransportKey] and
// [NetworkProtocolNameKey]; the metrics [MCPClientOperationDurationName] and
// [MCPServerOperationDurationName] with [MCPOperationDurationBuckets]; and
// the extensions [NoveumMCPServerNameKey], [NoveumMCPPromptArgumentsKey] and
// [NoveumMCPPromptMessagesKey].
//
// # Deprecated spellings
//
// Older spans carry keys the convention has since renamed, such as
// gen_ai.system and gen_ai.usage.prompt_tokens. [Replacement] maps such a key
// to the current one and [Deprecated] lists them all, so that readers of old
// spans can map them. This package defines no constant for a deprecated key:
// writers use the current one.
package semconv
