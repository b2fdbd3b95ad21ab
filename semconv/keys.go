package semconv

import "go.opentelemetry.io/otel/attribute"

// SchemaURL is the OpenTelemetry schema URL of the GenAI semantic convention
// version the keys in this package follow.
const SchemaURL = "https://opentelemetry.io/schemas/gen-ai/1.42.0"

// GenAI keys of the OpenTelemetry convention (see SchemaURL).
const (
	// GenAIOperationName is the operation: chat, embeddings, execute_tool, ...
	GenAIOperationName attribute.Key = "gen_ai.operation.name"
	// GenAIProviderName names the model provider (openai, anthropic, ...).
	GenAIProviderName attribute.Key = "gen_ai.provider.name"
	// GenAIRequestModel is the model the request asked for.
	GenAIRequestModel attribute.Key = "gen_ai.request.model"
	// GenAIRequestStream is true for a streaming request.
	GenAIRequestStream attribute.Key = "gen_ai.request.stream"
	// GenAIResponseModel is the model that produced the response.
	GenAIResponseModel attribute.Key = "gen_ai.response.model"
	// GenAIResponseFinishReasons lists one finish reason per choice.
	GenAIResponseFinishReasons attribute.Key = "gen_ai.response.finish_reasons"
	// GenAIResponseTimeToFirstChunk is the time to the first streamed chunk, in seconds.
	GenAIResponseTimeToFirstChunk attribute.Key = "gen_ai.response.time_to_first_chunk"
	// GenAIUsageInputTokens counts input tokens, cached ones included.
	GenAIUsageInputTokens attribute.Key = "gen_ai.usage.input_tokens"
	// GenAIUsageOutputTokens counts output tokens, reasoning ones included.
	GenAIUsageOutputTokens attribute.Key = "gen_ai.usage.output_tokens"
	// GenAIUsageCacheReadInputTokens counts input tokens served from the provider's cache.
	GenAIUsageCacheReadInputTokens attribute.Key = "gen_ai.usage.cache_read.input_tokens"
	// GenAIUsageCacheCreationInputTokens counts input tokens written to the provider's cache.
	GenAIUsageCacheCreationInputTokens attribute.Key = "gen_ai.usage.cache_creation.input_tokens"
	// GenAIUsageReasoningOutputTokens counts output tokens spent on reasoning.
	GenAIUsageReasoningOutputTokens attribute.Key = "gen_ai.usage.reasoning.output_tokens"
	// GenAIInputMessages holds the input messages (opt-in content).
	GenAIInputMessages attribute.Key = "gen_ai.input.messages"
	// GenAIOutputMessages holds the output messages, one per choice (opt-in content).
	GenAIOutputMessages attribute.Key = "gen_ai.output.messages"
	// GenAIConversationID identifies the conversation (session) a call belongs to.
	GenAIConversationID attribute.Key = "gen_ai.conversation.id"
	// GenAIAgentID identifies an agent.
	GenAIAgentID attribute.Key = "gen_ai.agent.id"
	// GenAIAgentName is an agent's human-readable name.
	GenAIAgentName attribute.Key = "gen_ai.agent.name"
	// GenAIWorkflowName names a workflow (low cardinality).
	GenAIWorkflowName attribute.Key = "gen_ai.workflow.name"
	// GenAIDataSourceID identifies a data source (retrieval, agent knowledge).
	GenAIDataSourceID attribute.Key = "gen_ai.data_source.id"
	// GenAIToolName names a tool (required on execute_tool spans).
	GenAIToolName attribute.Key = "gen_ai.tool.name"
	// GenAIToolCallArguments holds a tool call's arguments (opt-in content).
	GenAIToolCallArguments attribute.Key = "gen_ai.tool.call.arguments"
	// GenAIToolCallResult holds a tool call's result (opt-in content).
	GenAIToolCallResult attribute.Key = "gen_ai.tool.call.result"
	// GenAIRetrievalQueryText holds a retrieval query (opt-in content).
	GenAIRetrievalQueryText attribute.Key = "gen_ai.retrieval.query.text"
	// GenAIRetrievalDocuments lists retrieved documents, each with at least id and score (opt-in content).
	GenAIRetrievalDocuments attribute.Key = "gen_ai.retrieval.documents"
)

// General OpenTelemetry keys the SDK reads.
const (
	// ErrorType is the low-cardinality class of an error (exception type, HTTP status, "timeout", "_OTHER").
	ErrorType attribute.Key = "error.type"
	// UserID identifies the end user.
	UserID attribute.Key = "user.id"
	// SessionID identifies the session.
	SessionID attribute.Key = "session.id"
	// ServiceName is the resource's service name.
	ServiceName attribute.Key = "service.name"
	// ServiceVersion is the resource's service version.
	ServiceVersion attribute.Key = "service.version"
	// ExceptionType is the exception event's type attribute.
	ExceptionType attribute.Key = "exception.type"
	// ExceptionMessage is the exception event's message attribute.
	ExceptionMessage attribute.Key = "exception.message"
	// ExceptionStacktrace is the exception event's stack trace attribute.
	ExceptionStacktrace attribute.Key = "exception.stacktrace"
)

// ExceptionEventName is the name of the span event that records an exception.
const ExceptionEventName = "exception"

// Operation names (values of GenAIOperationName).
const (
	OperationChat           = "chat"
	OperationTextCompletion = "text_completion"
	OperationGenerate       = "generate_content"
	OperationEmbeddings     = "embeddings"
	OperationRetrieval      = "retrieval"
	OperationExecuteTool    = "execute_tool"
	OperationCreateAgent    = "create_agent"
	OperationInvokeAgent    = "invoke_agent"
	OperationInvokeWorkflow = "invoke_workflow"
	OperationPlan           = "plan"
)

// Extension keys under noveum.*: what the convention lacks.
const (
	// NoveumCostInput is the input cost of a model call, in USD.
	NoveumCostInput attribute.Key = "noveum.cost.input"
	// NoveumCostOutput is the output cost of a model call, in USD.
	NoveumCostOutput attribute.Key = "noveum.cost.output"
	// NoveumCostTotal is the total cost of a model call, in USD.
	NoveumCostTotal attribute.Key = "noveum.cost.total"
	// NoveumCostCurrency is the currency of the cost keys (always "USD" when set by this SDK).
	NoveumCostCurrency attribute.Key = "noveum.cost.currency"
	// NoveumAgentType classifies an agent (planner, researcher, ...).
	NoveumAgentType attribute.Key = "noveum.agent.type"
	// NoveumRequestID identifies the application request a trace served.
	NoveumRequestID attribute.Key = "noveum.request.id"
	// NoveumTagPrefix prefixes tag keys: noveum.tag.<name> = <string value>
	// becomes tags[<name>] in the Noveum trace metadata.
	NoveumTagPrefix = "noveum.tag."
	// NoveumMetadataPrefix prefixes custom metadata keys: noveum.metadata.<name>
	// becomes custom_attributes[<name>] in the Noveum trace metadata.
	NoveumMetadataPrefix = "noveum.metadata."
	// NoveumProject is the trace attribute naming the configured project.
	NoveumProject attribute.Key = "noveum.project"
	// NoveumEnvironment is the trace attribute naming the configured environment.
	NoveumEnvironment attribute.Key = "noveum.environment"
	// NoveumSDKVersion is the trace attribute naming this SDK's version.
	NoveumSDKVersion attribute.Key = "noveum.sdk.version"
	// NoveumTraceContinuationOf is the trace attribute that names, on a
	// continuation trace, the trace_id of the trace it continues.
	NoveumTraceContinuationOf attribute.Key = "noveum.trace.continuation_of"
)

// deprecated maps older spellings still seen on spans to the key that
// replaced them.
var deprecated = map[attribute.Key]attribute.Key{
	"gen_ai.system":                  GenAIProviderName,
	"gen_ai.usage.prompt_tokens":     GenAIUsageInputTokens,
	"gen_ai.usage.completion_tokens": GenAIUsageOutputTokens,
	"enduser.id":                     UserID,
}

// Replacement reports the current key for a deprecated spelling still seen on
// older spans (gen_ai.system -> gen_ai.provider.name, ...), so that readers of
// old spans can map them. ok is false for a key that is not deprecated.
func Replacement(old attribute.Key) (current attribute.Key, ok bool) {
	current, ok = deprecated[old]
	return current, ok
}
