package semconv

import "go.opentelemetry.io/otel/attribute"

// SchemaURL is the OpenTelemetry schema URL of the GenAI semantic convention
// version the keys in this package follow.
const SchemaURL = "https://opentelemetry.io/schemas/1.41.0"

// Keys of the OpenTelemetry GenAI convention (see [SchemaURL]). Each has a
// constructor of the same name without the Key suffix.
const (
	// GenAIOperationNameKey is the operation a span performs (see [Operation]).
	// Required on every GenAI span.
	GenAIOperationNameKey attribute.Key = "gen_ai.operation.name"
	// GenAIProviderNameKey names the GenAI provider as the instrumentation
	// sees it (see [Provider]). Required on inference spans.
	GenAIProviderNameKey attribute.Key = "gen_ai.provider.name"
	// GenAIConversationIDKey identifies the conversation (session, thread)
	// a call belongs to. Set only a real identifier, never an invented one.
	GenAIConversationIDKey attribute.Key = "gen_ai.conversation.id"
	// GenAIOutputTypeKey is the kind of output the client asked for
	// (see [OutputType]).
	GenAIOutputTypeKey attribute.Key = "gen_ai.output.type"

	// GenAIRequestModelKey is the name of the model the request asked for.
	GenAIRequestModelKey attribute.Key = "gen_ai.request.model"
	// GenAIRequestTemperatureKey is the request's temperature setting.
	GenAIRequestTemperatureKey attribute.Key = "gen_ai.request.temperature"
	// GenAIRequestTopPKey is the request's top_p (nucleus sampling) setting.
	GenAIRequestTopPKey attribute.Key = "gen_ai.request.top_p"
	// GenAIRequestTopKKey is the request's top_k setting: the sampling
	// setting of a model call, and the number of documents asked for on a
	// retrieval span. The convention types it as a double.
	GenAIRequestTopKKey attribute.Key = "gen_ai.request.top_k"
	// GenAIRequestMaxTokensKey is the maximum number of tokens the model may
	// generate, in tokens.
	GenAIRequestMaxTokensKey attribute.Key = "gen_ai.request.max_tokens"
	// GenAIRequestStopSequencesKey lists the sequences that stop generation.
	GenAIRequestStopSequencesKey attribute.Key = "gen_ai.request.stop_sequences"
	// GenAIRequestSeedKey is the request's seed, for more reproducible output.
	GenAIRequestSeedKey attribute.Key = "gen_ai.request.seed"
	// GenAIRequestFrequencyPenaltyKey is the request's frequency penalty.
	GenAIRequestFrequencyPenaltyKey attribute.Key = "gen_ai.request.frequency_penalty"
	// GenAIRequestPresencePenaltyKey is the request's presence penalty.
	GenAIRequestPresencePenaltyKey attribute.Key = "gen_ai.request.presence_penalty"
	// GenAIRequestChoiceCountKey is the number of candidate completions asked
	// for; set it only when it is not 1.
	GenAIRequestChoiceCountKey attribute.Key = "gen_ai.request.choice.count"
	// GenAIRequestStreamKey is true for a streaming request; it is absent
	// (not false) on other requests.
	GenAIRequestStreamKey attribute.Key = "gen_ai.request.stream"
	// GenAIRequestEncodingFormatsKey lists the encoding formats an
	// embeddings request asked for (float, base64, ...).
	GenAIRequestEncodingFormatsKey attribute.Key = "gen_ai.request.encoding_formats"

	// GenAIResponseIDKey is the provider's identifier of the completion.
	GenAIResponseIDKey attribute.Key = "gen_ai.response.id"
	// GenAIResponseModelKey is the name of the model that produced the response.
	GenAIResponseModelKey attribute.Key = "gen_ai.response.model"
	// GenAIResponseFinishReasonsKey lists why the model stopped, one reason
	// per choice (see [FinishReason]).
	GenAIResponseFinishReasonsKey attribute.Key = "gen_ai.response.finish_reasons"
	// GenAIResponseTimeToFirstChunkKey is the time from issuing a streaming
	// request to receiving its first chunk, in seconds.
	GenAIResponseTimeToFirstChunkKey attribute.Key = "gen_ai.response.time_to_first_chunk"

	// GenAIUsageInputTokensKey counts the input (prompt) tokens, in tokens,
	// cached ones included. A count the provider did not report is absent,
	// not zero.
	GenAIUsageInputTokensKey attribute.Key = "gen_ai.usage.input_tokens"
	// GenAIUsageOutputTokensKey counts the output (completion) tokens, in
	// tokens, reasoning ones included.
	GenAIUsageOutputTokensKey attribute.Key = "gen_ai.usage.output_tokens"
	// GenAIUsageCacheReadInputTokensKey counts the input tokens served from a
	// provider-managed cache, in tokens; a subset of the input tokens.
	GenAIUsageCacheReadInputTokensKey attribute.Key = "gen_ai.usage.cache_read.input_tokens"
	// GenAIUsageCacheCreationInputTokensKey counts the input tokens written
	// to a provider-managed cache, in tokens; a subset of the input tokens.
	GenAIUsageCacheCreationInputTokensKey attribute.Key = "gen_ai.usage.cache_creation.input_tokens"
	// GenAIUsageReasoningOutputTokensKey counts the output tokens spent on
	// reasoning, in tokens; a subset of the output tokens.
	GenAIUsageReasoningOutputTokensKey attribute.Key = "gen_ai.usage.reasoning.output_tokens"

	// GenAIInputMessagesKey holds the messages sent to the model, in order
	// (opt-in content).
	GenAIInputMessagesKey attribute.Key = "gen_ai.input.messages"
	// GenAIOutputMessagesKey holds the messages the model returned, one per
	// choice (opt-in content).
	GenAIOutputMessagesKey attribute.Key = "gen_ai.output.messages"
	// GenAISystemInstructionsKey holds the system instructions given apart
	// from the chat history, as a list of parts (opt-in content).
	GenAISystemInstructionsKey attribute.Key = "gen_ai.system_instructions"
	// GenAIToolDefinitionsKey holds the definitions of the tools offered to
	// the model or agent (opt-in content).
	GenAIToolDefinitionsKey attribute.Key = "gen_ai.tool.definitions"

	// GenAIAgentIDKey is the unique identifier of an agent.
	GenAIAgentIDKey attribute.Key = "gen_ai.agent.id"
	// GenAIAgentNameKey is an agent's human-readable name.
	GenAIAgentNameKey attribute.Key = "gen_ai.agent.name"
	// GenAIAgentDescriptionKey is an agent's free-form description.
	GenAIAgentDescriptionKey attribute.Key = "gen_ai.agent.description"
	// GenAIAgentVersionKey is an agent's version.
	GenAIAgentVersionKey attribute.Key = "gen_ai.agent.version"
	// GenAIDataSourceIDKey identifies a data source (a vector store, a
	// knowledge base) used for retrieval or grounding.
	GenAIDataSourceIDKey attribute.Key = "gen_ai.data_source.id"
	// GenAIWorkflowNameKey names a workflow; it must have low cardinality.
	GenAIWorkflowNameKey attribute.Key = "gen_ai.workflow.name"

	// GenAIToolNameKey names a tool. Required on execute_tool spans.
	GenAIToolNameKey attribute.Key = "gen_ai.tool.name"
	// GenAIToolCallIDKey is the identifier of one tool call.
	GenAIToolCallIDKey attribute.Key = "gen_ai.tool.call.id"
	// GenAIToolDescriptionKey is a tool's description.
	GenAIToolDescriptionKey attribute.Key = "gen_ai.tool.description"
	// GenAIToolTypeKey is the kind of tool (see [ToolType]).
	GenAIToolTypeKey attribute.Key = "gen_ai.tool.type"
	// GenAIToolCallArgumentsKey holds the arguments passed to a tool call
	// (opt-in content).
	GenAIToolCallArgumentsKey attribute.Key = "gen_ai.tool.call.arguments"
	// GenAIToolCallResultKey holds what a tool call returned (opt-in content).
	GenAIToolCallResultKey attribute.Key = "gen_ai.tool.call.result"

	// GenAIRetrievalTopKKey is the number of documents a retrieval step asks
	// for. spec/genai-semconv.md names it; the registry of the pinned
	// version records top-k on retrieval spans as gen_ai.request.top_k, and
	// later versions add this key, as an int.
	GenAIRetrievalTopKKey attribute.Key = "gen_ai.retrieval.top_k"
	// GenAIRetrievalQueryTextKey holds the query text of a retrieval
	// (opt-in content).
	GenAIRetrievalQueryTextKey attribute.Key = "gen_ai.retrieval.query.text"
	// GenAIRetrievalDocumentsKey holds the retrieved documents, each an
	// object with at least id and score (opt-in content).
	GenAIRetrievalDocumentsKey attribute.Key = "gen_ai.retrieval.documents"

	// GenAIEmbeddingsDimensionCountKey is the number of dimensions the
	// output embeddings should have.
	GenAIEmbeddingsDimensionCountKey attribute.Key = "gen_ai.embeddings.dimension.count"
	// GenAITokenTypeKey says which tokens a token usage measurement counts
	// (see [TokenType]). A metric attribute.
	GenAITokenTypeKey attribute.Key = "gen_ai.token.type"

	// GenAIEvaluationNameKey names the evaluation metric (Relevance, ...).
	GenAIEvaluationNameKey attribute.Key = "gen_ai.evaluation.name"
	// GenAIEvaluationScoreValueKey is the score the evaluator returned.
	GenAIEvaluationScoreValueKey attribute.Key = "gen_ai.evaluation.score.value"
	// GenAIEvaluationScoreLabelKey is a low-cardinality, human-readable label
	// for the score (pass, fail, relevant, ...).
	GenAIEvaluationScoreLabelKey attribute.Key = "gen_ai.evaluation.score.label"
	// GenAIEvaluationExplanationKey is the evaluator's free-form explanation
	// of the score.
	GenAIEvaluationExplanationKey attribute.Key = "gen_ai.evaluation.explanation"
)

// GenAIOperationName returns the operation a span performs, for
// [GenAIOperationNameKey].
func GenAIOperationName(v Operation) attribute.KeyValue {
	return GenAIOperationNameKey.String(string(v))
}

// GenAIProviderName returns the GenAI provider, for [GenAIProviderNameKey].
func GenAIProviderName(v Provider) attribute.KeyValue {
	return GenAIProviderNameKey.String(string(v))
}

// GenAIConversationID returns the conversation's identifier, for
// [GenAIConversationIDKey].
func GenAIConversationID(v string) attribute.KeyValue {
	return GenAIConversationIDKey.String(v)
}

// GenAIOutputType returns the kind of output requested, for
// [GenAIOutputTypeKey].
func GenAIOutputType(v OutputType) attribute.KeyValue {
	return GenAIOutputTypeKey.String(string(v))
}

// GenAIRequestModel returns the requested model's name, for
// [GenAIRequestModelKey].
func GenAIRequestModel(v string) attribute.KeyValue {
	return GenAIRequestModelKey.String(v)
}

// GenAIRequestTemperature returns the temperature setting, for
// [GenAIRequestTemperatureKey].
func GenAIRequestTemperature(v float64) attribute.KeyValue {
	return GenAIRequestTemperatureKey.Float64(v)
}

// GenAIRequestTopP returns the top_p setting, for [GenAIRequestTopPKey].
func GenAIRequestTopP(v float64) attribute.KeyValue {
	return GenAIRequestTopPKey.Float64(v)
}

// GenAIRequestTopK returns the top_k setting, for [GenAIRequestTopKKey]. The
// convention types it as a double, so an integer k is passed as float64(k).
func GenAIRequestTopK(v float64) attribute.KeyValue {
	return GenAIRequestTopKKey.Float64(v)
}

// GenAIRequestMaxTokens returns the generation limit in tokens, for
// [GenAIRequestMaxTokensKey].
func GenAIRequestMaxTokens(v int) attribute.KeyValue {
	return GenAIRequestMaxTokensKey.Int(v)
}

// GenAIRequestStopSequences returns the stop sequences, for
// [GenAIRequestStopSequencesKey].
func GenAIRequestStopSequences(v ...string) attribute.KeyValue {
	return GenAIRequestStopSequencesKey.StringSlice(v)
}

// GenAIRequestSeed returns the request's seed, for [GenAIRequestSeedKey].
func GenAIRequestSeed(v int64) attribute.KeyValue {
	return GenAIRequestSeedKey.Int64(v)
}

// GenAIRequestFrequencyPenalty returns the frequency penalty, for
// [GenAIRequestFrequencyPenaltyKey].
func GenAIRequestFrequencyPenalty(v float64) attribute.KeyValue {
	return GenAIRequestFrequencyPenaltyKey.Float64(v)
}

// GenAIRequestPresencePenalty returns the presence penalty, for
// [GenAIRequestPresencePenaltyKey].
func GenAIRequestPresencePenalty(v float64) attribute.KeyValue {
	return GenAIRequestPresencePenaltyKey.Float64(v)
}

// GenAIRequestChoiceCount returns the number of choices asked for, for
// [GenAIRequestChoiceCountKey].
func GenAIRequestChoiceCount(v int) attribute.KeyValue {
	return GenAIRequestChoiceCountKey.Int(v)
}

// GenAIRequestStream returns whether the request streams, for
// [GenAIRequestStreamKey].
func GenAIRequestStream(v bool) attribute.KeyValue {
	return GenAIRequestStreamKey.Bool(v)
}

// GenAIRequestEncodingFormats returns the requested embedding encodings, for
// [GenAIRequestEncodingFormatsKey].
func GenAIRequestEncodingFormats(v ...string) attribute.KeyValue {
	return GenAIRequestEncodingFormatsKey.StringSlice(v)
}

// GenAIResponseID returns the completion's identifier, for
// [GenAIResponseIDKey].
func GenAIResponseID(v string) attribute.KeyValue {
	return GenAIResponseIDKey.String(v)
}

// GenAIResponseModel returns the responding model's name, for
// [GenAIResponseModelKey].
func GenAIResponseModel(v string) attribute.KeyValue {
	return GenAIResponseModelKey.String(v)
}

// GenAIResponseFinishReasons returns one finish reason per choice, for
// [GenAIResponseFinishReasonsKey]. The [FinishReason] constants are the
// convention's values; a provider's own reason may be passed as it is.
func GenAIResponseFinishReasons(v ...string) attribute.KeyValue {
	return GenAIResponseFinishReasonsKey.StringSlice(v)
}

// GenAIResponseTimeToFirstChunk returns the time to the first streamed chunk
// in seconds, for [GenAIResponseTimeToFirstChunkKey].
func GenAIResponseTimeToFirstChunk(v float64) attribute.KeyValue {
	return GenAIResponseTimeToFirstChunkKey.Float64(v)
}

// GenAIUsageInputTokens returns the input token count, for
// [GenAIUsageInputTokensKey].
func GenAIUsageInputTokens(v int64) attribute.KeyValue {
	return GenAIUsageInputTokensKey.Int64(v)
}

// GenAIUsageOutputTokens returns the output token count, for
// [GenAIUsageOutputTokensKey].
func GenAIUsageOutputTokens(v int64) attribute.KeyValue {
	return GenAIUsageOutputTokensKey.Int64(v)
}

// GenAIUsageCacheReadInputTokens returns the count of input tokens read from
// the cache, for [GenAIUsageCacheReadInputTokensKey].
func GenAIUsageCacheReadInputTokens(v int64) attribute.KeyValue {
	return GenAIUsageCacheReadInputTokensKey.Int64(v)
}

// GenAIUsageCacheCreationInputTokens returns the count of input tokens
// written to the cache, for [GenAIUsageCacheCreationInputTokensKey].
func GenAIUsageCacheCreationInputTokens(v int64) attribute.KeyValue {
	return GenAIUsageCacheCreationInputTokensKey.Int64(v)
}

// GenAIUsageReasoningOutputTokens returns the count of reasoning tokens, for
// [GenAIUsageReasoningOutputTokensKey].
func GenAIUsageReasoningOutputTokens(v int64) attribute.KeyValue {
	return GenAIUsageReasoningOutputTokensKey.Int64(v)
}

// GenAIInputMessages returns the input messages (opt-in content), for
// [GenAIInputMessagesKey]. v is the structured list of messages built with
// [attribute.SliceValue] and [attribute.MapValue], or its JSON text as
// [attribute.StringValue].
func GenAIInputMessages(v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: GenAIInputMessagesKey, Value: v}
}

// GenAIOutputMessages returns the output messages (opt-in content), for
// [GenAIOutputMessagesKey]; v is structured or JSON text, as for
// [GenAIInputMessages].
func GenAIOutputMessages(v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: GenAIOutputMessagesKey, Value: v}
}

// GenAISystemInstructions returns the system instructions (opt-in content),
// for [GenAISystemInstructionsKey]; v is structured or JSON text, as for
// [GenAIInputMessages].
func GenAISystemInstructions(v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: GenAISystemInstructionsKey, Value: v}
}

// GenAIToolDefinitions returns the tool definitions (opt-in content), for
// [GenAIToolDefinitionsKey]; v is structured or JSON text, as for
// [GenAIInputMessages].
func GenAIToolDefinitions(v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: GenAIToolDefinitionsKey, Value: v}
}

// GenAIAgentID returns an agent's identifier, for [GenAIAgentIDKey].
func GenAIAgentID(v string) attribute.KeyValue {
	return GenAIAgentIDKey.String(v)
}

// GenAIAgentName returns an agent's name, for [GenAIAgentNameKey].
func GenAIAgentName(v string) attribute.KeyValue {
	return GenAIAgentNameKey.String(v)
}

// GenAIAgentDescription returns an agent's description, for
// [GenAIAgentDescriptionKey].
func GenAIAgentDescription(v string) attribute.KeyValue {
	return GenAIAgentDescriptionKey.String(v)
}

// GenAIAgentVersion returns an agent's version, for [GenAIAgentVersionKey].
func GenAIAgentVersion(v string) attribute.KeyValue {
	return GenAIAgentVersionKey.String(v)
}

// GenAIDataSourceID returns a data source's identifier, for
// [GenAIDataSourceIDKey].
func GenAIDataSourceID(v string) attribute.KeyValue {
	return GenAIDataSourceIDKey.String(v)
}

// GenAIWorkflowName returns a workflow's name, for [GenAIWorkflowNameKey].
func GenAIWorkflowName(v string) attribute.KeyValue {
	return GenAIWorkflowNameKey.String(v)
}

// GenAIToolName returns a tool's name, for [GenAIToolNameKey].
func GenAIToolName(v string) attribute.KeyValue {
	return GenAIToolNameKey.String(v)
}

// GenAIToolCallID returns a tool call's identifier, for [GenAIToolCallIDKey].
func GenAIToolCallID(v string) attribute.KeyValue {
	return GenAIToolCallIDKey.String(v)
}

// GenAIToolDescription returns a tool's description, for
// [GenAIToolDescriptionKey].
func GenAIToolDescription(v string) attribute.KeyValue {
	return GenAIToolDescriptionKey.String(v)
}

// GenAIToolType returns the kind of tool, for [GenAIToolTypeKey].
func GenAIToolType(v ToolType) attribute.KeyValue {
	return GenAIToolTypeKey.String(string(v))
}

// GenAIToolCallArguments returns a tool call's arguments (opt-in content),
// for [GenAIToolCallArgumentsKey]. v is the arguments object built with
// [attribute.MapValue], or its JSON text as [attribute.StringValue].
func GenAIToolCallArguments(v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: GenAIToolCallArgumentsKey, Value: v}
}

// GenAIToolCallResult returns a tool call's result (opt-in content), for
// [GenAIToolCallResultKey]; v is structured or JSON text, as for
// [GenAIToolCallArguments].
func GenAIToolCallResult(v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: GenAIToolCallResultKey, Value: v}
}

// GenAIRetrievalTopK returns the number of documents a retrieval asks for,
// for [GenAIRetrievalTopKKey].
func GenAIRetrievalTopK(v int) attribute.KeyValue { return GenAIRetrievalTopKKey.Int(v) }

// GenAIRetrievalQueryText returns a retrieval's query (opt-in content), for
// [GenAIRetrievalQueryTextKey].
func GenAIRetrievalQueryText(v string) attribute.KeyValue {
	return GenAIRetrievalQueryTextKey.String(v)
}

// GenAIRetrievalDocuments returns the retrieved documents (opt-in content),
// for [GenAIRetrievalDocumentsKey]; v is structured or JSON text, as for
// [GenAIInputMessages].
func GenAIRetrievalDocuments(v attribute.Value) attribute.KeyValue {
	return attribute.KeyValue{Key: GenAIRetrievalDocumentsKey, Value: v}
}

// GenAIEmbeddingsDimensionCount returns the embedding size asked for, for
// [GenAIEmbeddingsDimensionCountKey].
func GenAIEmbeddingsDimensionCount(v int) attribute.KeyValue {
	return GenAIEmbeddingsDimensionCountKey.Int(v)
}

// GenAITokenType returns which tokens a measurement counts, for
// [GenAITokenTypeKey].
func GenAITokenType(v TokenType) attribute.KeyValue {
	return GenAITokenTypeKey.String(string(v))
}

// GenAIEvaluationName returns the evaluation metric's name, for
// [GenAIEvaluationNameKey].
func GenAIEvaluationName(v string) attribute.KeyValue {
	return GenAIEvaluationNameKey.String(v)
}

// GenAIEvaluationScoreValue returns the evaluation score, for
// [GenAIEvaluationScoreValueKey].
func GenAIEvaluationScoreValue(v float64) attribute.KeyValue {
	return GenAIEvaluationScoreValueKey.Float64(v)
}

// GenAIEvaluationScoreLabel returns the score's label, for
// [GenAIEvaluationScoreLabelKey].
func GenAIEvaluationScoreLabel(v string) attribute.KeyValue {
	return GenAIEvaluationScoreLabelKey.String(v)
}

// GenAIEvaluationExplanation returns the evaluator's explanation, for
// [GenAIEvaluationExplanationKey].
func GenAIEvaluationExplanation(v string) attribute.KeyValue {
	return GenAIEvaluationExplanationKey.String(v)
}
