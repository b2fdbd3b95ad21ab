package semconv_test

import (
	"testing"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// The enum constants are the convention's values, spelled here
// independently.
func TestEnumValues(t *testing.T) {
	tests := []struct{ got, want string }{
		{string(semconv.OperationChat), "chat"},
		{string(semconv.OperationTextCompletion), "text_completion"},
		{string(semconv.OperationGenerate), "generate_content"},
		{string(semconv.OperationEmbeddings), "embeddings"},
		{string(semconv.OperationRetrieval), "retrieval"},
		{string(semconv.OperationExecuteTool), "execute_tool"},
		{string(semconv.OperationCreateAgent), "create_agent"},
		{string(semconv.OperationInvokeAgent), "invoke_agent"},
		{string(semconv.OperationInvokeWorkflow), "invoke_workflow"},
		{string(semconv.OperationPlan), "plan"},

		{string(semconv.ProviderOpenAI), "openai"},
		{string(semconv.ProviderAnthropic), "anthropic"},
		{string(semconv.ProviderAWSBedrock), "aws.bedrock"},
		{string(semconv.ProviderAzureAIInference), "azure.ai.inference"},
		{string(semconv.ProviderAzureAIOpenAI), "azure.ai.openai"},
		{string(semconv.ProviderCohere), "cohere"},
		{string(semconv.ProviderDeepSeek), "deepseek"},
		{string(semconv.ProviderGCPGemini), "gcp.gemini"},
		{string(semconv.ProviderGCPVertexAI), "gcp.vertex_ai"},
		{string(semconv.ProviderGCPGenAI), "gcp.gen_ai"},
		{string(semconv.ProviderGroq), "groq"},
		{string(semconv.ProviderIBMWatsonxAI), "ibm.watsonx.ai"},
		{string(semconv.ProviderMistralAI), "mistral_ai"},
		{string(semconv.ProviderMoonshotAI), "moonshot_ai"},
		{string(semconv.ProviderPerplexity), "perplexity"},
		{string(semconv.ProviderXAI), "x_ai"},

		{string(semconv.OutputText), "text"},
		{string(semconv.LinkHandoff), "handoff"},
		{string(semconv.LinkMessage), "message"},
		{string(semconv.OutputJSON), "json"},
		{string(semconv.OutputImage), "image"},
		{string(semconv.OutputSpeech), "speech"},

		{string(semconv.ToolFunction), "function"},
		{string(semconv.ToolExtension), "extension"},
		{string(semconv.ToolDatastore), "datastore"},

		{string(semconv.FinishReasonStop), "stop"},
		{string(semconv.FinishReasonLength), "length"},
		{string(semconv.FinishReasonContentFilter), "content_filter"},
		{string(semconv.FinishReasonToolCall), "tool_call"},
		{string(semconv.FinishReasonCompaction), "compaction"},
		{string(semconv.FinishReasonError), "error"},

		{string(semconv.TokenInput), "input"},
		{string(semconv.TokenOutput), "output"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// The convention allows values it does not list; the types accept them by
// conversion, and the constructors record them as they are.
func TestEnumCustomValues(t *testing.T) {
	if got := semconv.GenAIProviderName(semconv.Provider("my-llm")).Value.AsString(); got != "my-llm" {
		t.Errorf("custom provider = %q", got)
	}
	if got := semconv.GenAIOperationName(semconv.Operation("rerank")).Value.AsString(); got != "rerank" {
		t.Errorf("custom operation = %q", got)
	}
	if got := semconv.GenAIOutputType(semconv.OutputType("video")).Value.AsString(); got != "video" {
		t.Errorf("custom output type = %q", got)
	}
	if got := semconv.GenAIToolType(semconv.ToolType("mcp")).Value.AsString(); got != "mcp" {
		t.Errorf("custom tool type = %q", got)
	}
	if got := semconv.GenAITokenType(semconv.TokenType("reasoning")).Value.AsString(); got != "reasoning" {
		t.Errorf("custom token type = %q", got)
	}
	if got := semconv.GenAIResponseFinishReasons(string(semconv.FinishReason("end_turn"))).Value.AsStringSlice(); len(got) != 1 || got[0] != "end_turn" {
		t.Errorf("custom finish reason = %q", got)
	}
}
