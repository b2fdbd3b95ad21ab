package semconv

// Operation is a value of [GenAIOperationNameKey]. The constants are the
// convention's values; a system-specific name may be used by conversion,
// Operation("rerank").
type Operation string

// Operations of the convention.
const (
	// OperationChat is a chat completion (OpenAI Chat API, ...).
	OperationChat Operation = "chat"
	// OperationTextCompletion is a legacy text completion.
	OperationTextCompletion Operation = "text_completion"
	// OperationGenerate is a multimodal content generation (Gemini
	// generateContent, ...).
	OperationGenerate Operation = "generate_content"
	// OperationEmbeddings creates embeddings.
	OperationEmbeddings Operation = "embeddings"
	// OperationRetrieval retrieves context from a data source (a vector
	// store search, ...).
	OperationRetrieval Operation = "retrieval"
	// OperationExecuteTool executes a tool.
	OperationExecuteTool Operation = "execute_tool"
	// OperationCreateAgent creates an agent.
	OperationCreateAgent Operation = "create_agent"
	// OperationInvokeAgent invokes an agent.
	OperationInvokeAgent Operation = "invoke_agent"
	// OperationInvokeWorkflow runs a workflow coordinating several agents
	// or operations.
	OperationInvokeWorkflow Operation = "invoke_workflow"
	// OperationPlan is an agent's planning or task decomposition phase.
	OperationPlan Operation = "plan"
)

// Provider is a value of [GenAIProviderNameKey]. The constants are the
// convention's values; any other provider is named by conversion,
// Provider("my-llm").
type Provider string

// Providers of the convention.
const (
	// ProviderOpenAI is OpenAI.
	ProviderOpenAI Provider = "openai"
	// ProviderAnthropic is Anthropic.
	ProviderAnthropic Provider = "anthropic"
	// ProviderAWSBedrock is AWS Bedrock.
	ProviderAWSBedrock Provider = "aws.bedrock"
	// ProviderAzureAIInference is Azure AI Inference.
	ProviderAzureAIInference Provider = "azure.ai.inference"
	// ProviderAzureAIOpenAI is Azure OpenAI.
	ProviderAzureAIOpenAI Provider = "azure.ai.openai"
	// ProviderCohere is Cohere.
	ProviderCohere Provider = "cohere"
	// ProviderDeepSeek is DeepSeek.
	ProviderDeepSeek Provider = "deepseek"
	// ProviderGCPGemini is Gemini through generativelanguage.googleapis.com
	// (the AI Studio API).
	ProviderGCPGemini Provider = "gcp.gemini"
	// ProviderGCPVertexAI is Vertex AI through aiplatform.googleapis.com.
	ProviderGCPVertexAI Provider = "gcp.vertex_ai"
	// ProviderGCPGenAI is any Google generative AI endpoint, for when the
	// specific one is unknown.
	ProviderGCPGenAI Provider = "gcp.gen_ai"
	// ProviderGroq is Groq.
	ProviderGroq Provider = "groq"
	// ProviderIBMWatsonxAI is IBM watsonx.ai.
	ProviderIBMWatsonxAI Provider = "ibm.watsonx.ai"
	// ProviderMistralAI is Mistral AI.
	ProviderMistralAI Provider = "mistral_ai"
	// ProviderMoonshotAI is Moonshot AI.
	ProviderMoonshotAI Provider = "moonshot_ai"
	// ProviderPerplexity is Perplexity.
	ProviderPerplexity Provider = "perplexity"
	// ProviderXAI is xAI.
	ProviderXAI Provider = "x_ai"
	// ProviderOther stands for a provider the instrumentation does not
	// know, where the convention requires one (create_agent, a remote
	// invoke_agent): the agents helpers write it rather than leave
	// gen_ai.provider.name out.
	ProviderOther Provider = "_OTHER"
)

// OutputType is a value of [GenAIOutputTypeKey]: the modality of output the
// client asked for, not its exact format.
type OutputType string

// Output types of the convention.
const (
	// OutputText is plain text.
	OutputText OutputType = "text"
	// OutputJSON is a JSON object, with a known schema or not.
	OutputJSON OutputType = "json"
	// OutputImage is an image.
	OutputImage OutputType = "image"
	// OutputSpeech is speech.
	OutputSpeech OutputType = "speech"
)

// ToolType is a value of [GenAIToolTypeKey].
type ToolType string

// Tool types of the convention.
const (
	// ToolFunction is a tool the client executes: the model supplies the
	// arguments of a predefined function.
	ToolFunction ToolType = "function"
	// ToolExtension is a tool the agent executes itself to call an external
	// API.
	ToolExtension ToolType = "extension"
	// ToolDatastore is a tool the agent uses to query external data for
	// retrieval-augmented tasks.
	ToolDatastore ToolType = "datastore"
)

// FinishReason is why a model stopped generating one choice: an element of
// [GenAIResponseFinishReasonsKey] and the finish_reason of an output message.
// Providers' own reasons may be recorded as they are, FinishReason("end_turn").
type FinishReason string

// Finish reasons of the convention's output message schema.
const (
	// FinishReasonStop is a natural stop or a stop sequence.
	FinishReasonStop FinishReason = "stop"
	// FinishReasonLength is the token limit reached.
	FinishReasonLength FinishReason = "length"
	// FinishReasonContentFilter is output withheld by a content filter.
	FinishReasonContentFilter FinishReason = "content_filter"
	// FinishReasonToolCall is a stop to call tools.
	FinishReasonToolCall FinishReason = "tool_call"
	// FinishReasonCompaction is a stop to compact the conversation state.
	FinishReasonCompaction FinishReason = "compaction"
	// FinishReasonError is a generation that failed, or a reason expected
	// but not received.
	FinishReasonError FinishReason = "error"
)

// TokenType is a value of [GenAITokenTypeKey].
type TokenType string

// Token types of the convention.
const (
	// TokenInput counts input (prompt) tokens.
	TokenInput TokenType = "input"
	// TokenOutput counts output (completion) tokens.
	TokenOutput TokenType = "output"
)
