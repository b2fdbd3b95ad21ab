package semconv_test

import (
	"reflect"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// constructorCase is one constructor call, the Key constant of its key, the
// key as the convention spells it, and the value it should hold.
type constructorCase struct {
	got  attribute.KeyValue
	key  attribute.Key
	want string
	val  attribute.Value
}

// constructorCases calls every constructor of the package but
// NoveumOriginalBytes (tested apart). The keys are spelled here independently
// of the package, so a constructor wired to the wrong key, or a misspelled
// constant, fails.
func constructorCases() []constructorCase {
	content := attribute.StringValue(`[{"role":"user","parts":[{"type":"text","content":"hi"}]}]`)
	structured := attribute.SliceValue(attribute.MapValue(attribute.String("id", "doc-1"), attribute.Float64("score", 0.9)))
	return []constructorCase{
		{semconv.GenAIOperationName(semconv.OperationChat), semconv.GenAIOperationNameKey, "gen_ai.operation.name", attribute.StringValue("chat")},
		{semconv.GenAIProviderName(semconv.ProviderOpenAI), semconv.GenAIProviderNameKey, "gen_ai.provider.name", attribute.StringValue("openai")},
		{semconv.GenAIConversationID("conv-1"), semconv.GenAIConversationIDKey, "gen_ai.conversation.id", attribute.StringValue("conv-1")},
		{semconv.GenAIOutputType(semconv.OutputJSON), semconv.GenAIOutputTypeKey, "gen_ai.output.type", attribute.StringValue("json")},

		{semconv.GenAIRequestModel("gpt-4o"), semconv.GenAIRequestModelKey, "gen_ai.request.model", attribute.StringValue("gpt-4o")},
		{semconv.GenAIRequestTemperature(0.7), semconv.GenAIRequestTemperatureKey, "gen_ai.request.temperature", attribute.Float64Value(0.7)},
		{semconv.GenAIRequestTopP(0.9), semconv.GenAIRequestTopPKey, "gen_ai.request.top_p", attribute.Float64Value(0.9)},
		{semconv.GenAIRequestTopK(40), semconv.GenAIRequestTopKKey, "gen_ai.request.top_k", attribute.Float64Value(40)},
		{semconv.GenAIRequestMaxTokens(512), semconv.GenAIRequestMaxTokensKey, "gen_ai.request.max_tokens", attribute.Int64Value(512)},
		{semconv.GenAIRequestStopSequences("END", "STOP"), semconv.GenAIRequestStopSequencesKey, "gen_ai.request.stop_sequences", attribute.StringSliceValue([]string{"END", "STOP"})},
		{semconv.GenAIRequestSeed(1 << 40), semconv.GenAIRequestSeedKey, "gen_ai.request.seed", attribute.Int64Value(1 << 40)},
		{semconv.GenAIRequestFrequencyPenalty(0.1), semconv.GenAIRequestFrequencyPenaltyKey, "gen_ai.request.frequency_penalty", attribute.Float64Value(0.1)},
		{semconv.GenAIRequestPresencePenalty(0.2), semconv.GenAIRequestPresencePenaltyKey, "gen_ai.request.presence_penalty", attribute.Float64Value(0.2)},
		{semconv.GenAIRequestChoiceCount(3), semconv.GenAIRequestChoiceCountKey, "gen_ai.request.choice.count", attribute.Int64Value(3)},
		{semconv.GenAIRequestStream(true), semconv.GenAIRequestStreamKey, "gen_ai.request.stream", attribute.BoolValue(true)},
		{semconv.GenAIRequestEncodingFormats("float", "base64"), semconv.GenAIRequestEncodingFormatsKey, "gen_ai.request.encoding_formats", attribute.StringSliceValue([]string{"float", "base64"})},

		{semconv.GenAIResponseID("chatcmpl-1"), semconv.GenAIResponseIDKey, "gen_ai.response.id", attribute.StringValue("chatcmpl-1")},
		{semconv.GenAIResponseModel("gpt-4o-2024-08-06"), semconv.GenAIResponseModelKey, "gen_ai.response.model", attribute.StringValue("gpt-4o-2024-08-06")},
		{semconv.GenAIResponseFinishReasons("stop", "length"), semconv.GenAIResponseFinishReasonsKey, "gen_ai.response.finish_reasons", attribute.StringSliceValue([]string{"stop", "length"})},
		{semconv.GenAIResponseTimeToFirstChunk(0.25), semconv.GenAIResponseTimeToFirstChunkKey, "gen_ai.response.time_to_first_chunk", attribute.Float64Value(0.25)},

		{semconv.GenAIUsageInputTokens(1200), semconv.GenAIUsageInputTokensKey, "gen_ai.usage.input_tokens", attribute.Int64Value(1200)},
		{semconv.GenAIUsageOutputTokens(350), semconv.GenAIUsageOutputTokensKey, "gen_ai.usage.output_tokens", attribute.Int64Value(350)},
		{semconv.GenAIUsageCacheReadInputTokens(800), semconv.GenAIUsageCacheReadInputTokensKey, "gen_ai.usage.cache_read.input_tokens", attribute.Int64Value(800)},
		{semconv.GenAIUsageCacheCreationInputTokens(100), semconv.GenAIUsageCacheCreationInputTokensKey, "gen_ai.usage.cache_creation.input_tokens", attribute.Int64Value(100)},
		{semconv.GenAIUsageReasoningOutputTokens(90), semconv.GenAIUsageReasoningOutputTokensKey, "gen_ai.usage.reasoning.output_tokens", attribute.Int64Value(90)},

		{semconv.GenAIInputMessages(content), semconv.GenAIInputMessagesKey, "gen_ai.input.messages", content},
		{semconv.GenAIOutputMessages(content), semconv.GenAIOutputMessagesKey, "gen_ai.output.messages", content},
		{semconv.GenAISystemInstructions(content), semconv.GenAISystemInstructionsKey, "gen_ai.system_instructions", content},
		{semconv.GenAIToolDefinitions(structured), semconv.GenAIToolDefinitionsKey, "gen_ai.tool.definitions", structured},

		{semconv.GenAIAgentID("asst_1"), semconv.GenAIAgentIDKey, "gen_ai.agent.id", attribute.StringValue("asst_1")},
		{semconv.GenAIAgentName("planner"), semconv.GenAIAgentNameKey, "gen_ai.agent.name", attribute.StringValue("planner")},
		{semconv.GenAIAgentDescription("plans"), semconv.GenAIAgentDescriptionKey, "gen_ai.agent.description", attribute.StringValue("plans")},
		{semconv.GenAIAgentVersion("1.0.0"), semconv.GenAIAgentVersionKey, "gen_ai.agent.version", attribute.StringValue("1.0.0")},
		{semconv.GenAIAgentHandoffSourceName("triage"), semconv.GenAIAgentHandoffSourceNameKey, "gen_ai.agent.handoff.source.name", attribute.StringValue("triage")},
		{semconv.GenAIAgentHandoffTargetName("billing"), semconv.GenAIAgentHandoffTargetNameKey, "gen_ai.agent.handoff.target.name", attribute.StringValue("billing")},
		{semconv.GenAIDataSourceID("kb-1"), semconv.GenAIDataSourceIDKey, "gen_ai.data_source.id", attribute.StringValue("kb-1")},
		{semconv.GenAIWorkflowName("support"), semconv.GenAIWorkflowNameKey, "gen_ai.workflow.name", attribute.StringValue("support")},

		{semconv.GenAIToolName("search"), semconv.GenAIToolNameKey, "gen_ai.tool.name", attribute.StringValue("search")},
		{semconv.GenAIToolCallID("call_1"), semconv.GenAIToolCallIDKey, "gen_ai.tool.call.id", attribute.StringValue("call_1")},
		{semconv.GenAIToolDescription("searches"), semconv.GenAIToolDescriptionKey, "gen_ai.tool.description", attribute.StringValue("searches")},
		{semconv.GenAIToolType(semconv.ToolDatastore), semconv.GenAIToolTypeKey, "gen_ai.tool.type", attribute.StringValue("datastore")},
		{semconv.GenAIToolCallArguments(structured), semconv.GenAIToolCallArgumentsKey, "gen_ai.tool.call.arguments", structured},
		{semconv.GenAIToolCallResult(content), semconv.GenAIToolCallResultKey, "gen_ai.tool.call.result", content},

		{semconv.GenAIRetrievalTopK(5), semconv.GenAIRetrievalTopKKey, "gen_ai.retrieval.top_k", attribute.Int64Value(5)},
		{semconv.GenAIRetrievalQueryText("capital of France"), semconv.GenAIRetrievalQueryTextKey, "gen_ai.retrieval.query.text", attribute.StringValue("capital of France")},
		{semconv.GenAIRetrievalDocuments(structured), semconv.GenAIRetrievalDocumentsKey, "gen_ai.retrieval.documents", structured},
		{semconv.GenAIEmbeddingsDimensionCount(1536), semconv.GenAIEmbeddingsDimensionCountKey, "gen_ai.embeddings.dimension.count", attribute.Int64Value(1536)},
		{semconv.GenAITokenType(semconv.TokenOutput), semconv.GenAITokenTypeKey, "gen_ai.token.type", attribute.StringValue("output")},

		{semconv.GenAIEvaluationName("Relevance"), semconv.GenAIEvaluationNameKey, "gen_ai.evaluation.name", attribute.StringValue("Relevance")},
		{semconv.GenAIEvaluationScoreValue(4), semconv.GenAIEvaluationScoreValueKey, "gen_ai.evaluation.score.value", attribute.Float64Value(4)},
		{semconv.GenAIEvaluationScoreLabel("pass"), semconv.GenAIEvaluationScoreLabelKey, "gen_ai.evaluation.score.label", attribute.StringValue("pass")},
		{semconv.GenAIEvaluationExplanation("accurate"), semconv.GenAIEvaluationExplanationKey, "gen_ai.evaluation.explanation", attribute.StringValue("accurate")},

		{semconv.ServerAddress("api.openai.com"), semconv.ServerAddressKey, "server.address", attribute.StringValue("api.openai.com")},
		{semconv.ServerPort(443), semconv.ServerPortKey, "server.port", attribute.Int64Value(443)},
		{semconv.ErrorType(semconv.ErrorTypeOther), semconv.ErrorTypeKey, "error.type", attribute.StringValue("_OTHER")},
		{semconv.UserID("u-1"), semconv.UserIDKey, "user.id", attribute.StringValue("u-1")},
		{semconv.EnduserID("u-1"), semconv.EnduserIDKey, "enduser.id", attribute.StringValue("u-1")},
		{semconv.SessionID("s-1"), semconv.SessionIDKey, "session.id", attribute.StringValue("s-1")},
		{semconv.ServiceName("bot"), semconv.ServiceNameKey, "service.name", attribute.StringValue("bot")},
		{semconv.ServiceVersion("1.2.3"), semconv.ServiceVersionKey, "service.version", attribute.StringValue("1.2.3")},
		{semconv.ExceptionType("*net.OpError"), semconv.ExceptionTypeKey, "exception.type", attribute.StringValue("*net.OpError")},
		{semconv.ExceptionMessage("refused"), semconv.ExceptionMessageKey, "exception.message", attribute.StringValue("refused")},
		{semconv.ExceptionStacktrace("goroutine 1"), semconv.ExceptionStacktraceKey, "exception.stacktrace", attribute.StringValue("goroutine 1")},

		{semconv.NoveumCostInput(0.003), semconv.NoveumCostInputKey, "noveum.cost.input", attribute.Float64Value(0.003)},
		{semconv.NoveumCostOutput(0.0035), semconv.NoveumCostOutputKey, "noveum.cost.output", attribute.Float64Value(0.0035)},
		{semconv.NoveumCostTotal(0.0065), semconv.NoveumCostTotalKey, "noveum.cost.total", attribute.Float64Value(0.0065)},
		{semconv.DeploymentEnvironmentName("staging"), semconv.DeploymentEnvironmentNameKey, "deployment.environment.name", attribute.StringValue("staging")},
		{semconv.NoveumCostCurrency("USD"), semconv.NoveumCostCurrencyKey, "noveum.cost.currency", attribute.StringValue("USD")},
		{semconv.NoveumCostUnpriced(true), semconv.NoveumCostUnpricedKey, "noveum.cost.unpriced", attribute.BoolValue(true)},
		{semconv.NoveumTruncated(semconv.GenAIInputMessagesKey, semconv.GenAIToolCallResultKey), semconv.NoveumTruncatedKey, "noveum.truncated", attribute.StringSliceValue([]string{"gen_ai.input.messages", "gen_ai.tool.call.result"})},
		{semconv.NoveumRedactedCount(3), semconv.NoveumRedactedCountKey, "noveum.redacted.count", attribute.Int64Value(3)},
		{semconv.NoveumRedactedKinds("EMAIL=2", "SECRET=1"), semconv.NoveumRedactedKindsKey, "noveum.redacted.kinds", attribute.StringSliceValue([]string{"EMAIL=2", "SECRET=1"})},
		{semconv.NoveumRedactedKeys("user.email", "gen_ai.input.messages"), semconv.NoveumRedactedKeysKey, "noveum.redacted.keys", attribute.StringSliceValue([]string{"user.email", "gen_ai.input.messages"})},
		{semconv.NoveumResponseChunkCount(42), semconv.NoveumResponseChunkCountKey, "noveum.response.chunk_count", attribute.Int64Value(42)},
		{semconv.NoveumLinkKind(semconv.LinkHandoff), semconv.NoveumLinkKindKey, "noveum.link.kind", attribute.StringValue("handoff")},
		{semconv.NoveumRetrievalDocumentCount(3), semconv.NoveumRetrievalDocumentCountKey, "noveum.retrieval.document_count", attribute.Int64Value(3)},
		{semconv.NoveumResponseTimePerOutputChunk(0.02), semconv.NoveumResponseTimePerOutputChunkKey, "noveum.response.time_per_output_chunk", attribute.Float64Value(0.02)},
		{semconv.NoveumAgentType("planner"), semconv.NoveumAgentTypeKey, "noveum.agent.type", attribute.StringValue("planner")},
		{semconv.NoveumAgentCapabilities("search", "code"), semconv.NoveumAgentCapabilitiesKey, "noveum.agent.capabilities", attribute.StringSliceValue([]string{"search", "code"})},
		{semconv.NoveumRequestID("req-1"), semconv.NoveumRequestIDKey, "noveum.request.id", attribute.StringValue("req-1")},
		{semconv.NoveumProject("demo"), semconv.NoveumProjectKey, "noveum.project", attribute.StringValue("demo")},
		{semconv.NoveumEnvironment("prod"), semconv.NoveumEnvironmentKey, "noveum.environment", attribute.StringValue("prod")},
		{semconv.NoveumSDKVersion("0.1.0"), semconv.NoveumSDKVersionKey, "noveum.sdk.version", attribute.StringValue("0.1.0")},
		{semconv.NoveumTraceContinuationOf("4bf92f3577b34da6a3ce929d0e0e4736"), semconv.NoveumTraceContinuationOfKey, "noveum.trace.continuation_of", attribute.StringValue("4bf92f3577b34da6a3ce929d0e0e4736")},
	}
}

// Each constructor writes its own key, with the value it was given in the
// type the convention gives.
func TestConstructors(t *testing.T) {
	seen := map[attribute.Key]bool{}
	for _, tt := range constructorCases() {
		if string(tt.key) != tt.want {
			t.Errorf("Key constant for %s is %q", tt.want, tt.key)
		}
		if string(tt.got.Key) != tt.want {
			t.Errorf("constructor for %s wrote key %q", tt.want, tt.got.Key)
		}
		if tt.got.Value.Type() != tt.val.Type() || !reflect.DeepEqual(tt.got.Value.AsInterface(), tt.val.AsInterface()) {
			t.Errorf("%s = %s %v, want %s %v", tt.want, tt.got.Value.Type(), tt.got.Value.String(), tt.val.Type(), tt.val.String())
		}
		if seen[tt.got.Key] {
			t.Errorf("%s is tested twice", tt.got.Key)
		}
		seen[tt.got.Key] = true
	}
}

// A variadic constructor copies its arguments: changing the caller's slice
// later does not change the attribute.
func TestVariadicConstructorsCopy(t *testing.T) {
	stops := []string{"END"}
	kv := semconv.GenAIRequestStopSequences(stops...)
	stops[0] = "changed"
	if got := kv.Value.AsStringSlice(); got[0] != "END" {
		t.Errorf("stop sequences = %q after the caller changed its slice", got)
	}
}

func TestNoveumOriginalBytes(t *testing.T) {
	kv := semconv.NoveumOriginalBytes(semconv.GenAIInputMessagesKey, 90000)
	if kv.Key != "noveum.original_bytes.gen_ai.input.messages" {
		t.Errorf("key = %q", kv.Key)
	}
	if kv.Value.Type() != attribute.INT64 || kv.Value.AsInt64() != 90000 {
		t.Errorf("value = %s %v, want INT64 90000", kv.Value.Type(), kv.Value.String())
	}
	if got := semconv.NoveumOriginalBytes(semconv.GenAIToolCallResultKey, 0).Key; got != "noveum.original_bytes.gen_ai.tool.call.result" {
		t.Errorf("key = %q", got)
	}
	if semconv.NoveumOriginalBytesPrefix != "noveum.original_bytes." {
		t.Errorf("NoveumOriginalBytesPrefix = %q", semconv.NoveumOriginalBytesPrefix)
	}
}

// The redaction summary constructors copy their arguments, and with none
// give an empty list, not a missing value.
func TestNoveumRedactedSlices(t *testing.T) {
	kinds := []string{"EMAIL=1"}
	kv := semconv.NoveumRedactedKinds(kinds...)
	kinds[0] = "changed"
	if got := kv.Value.AsStringSlice(); got[0] != "EMAIL=1" {
		t.Errorf("kinds = %q after the caller changed its slice", got)
	}
	for _, kv := range []attribute.KeyValue{semconv.NoveumRedactedKinds(), semconv.NoveumRedactedKeys()} {
		if kv.Value.Type() != attribute.STRINGSLICE || len(kv.Value.AsStringSlice()) != 0 {
			t.Errorf("%s() = %s %v", kv.Key, kv.Value.Type(), kv.Value.String())
		}
	}
}

// NoveumTruncated with no key is an empty list, not a missing value.
func TestNoveumTruncatedEmpty(t *testing.T) {
	kv := semconv.NoveumTruncated()
	if kv.Value.Type() != attribute.STRINGSLICE || len(kv.Value.AsStringSlice()) != 0 {
		t.Errorf("NoveumTruncated() = %s %v", kv.Value.Type(), kv.Value.String())
	}
}

func TestPrefixesAndEvents(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{semconv.NoveumTagPrefix, "noveum.tag."},
		{semconv.NoveumMetadataPrefix, "noveum.metadata."},
		{semconv.EventInferenceDetails, "gen_ai.client.inference.operation.details"},
		{semconv.EventEvaluationResult, "gen_ai.evaluation.result"},
		{semconv.ExceptionEventName, "exception"},
		{semconv.ErrorTypeOther, "_OTHER"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// The keys follow one convention version, the one spec/genai-semconv.md
// names; moving to another is a deliberate change of this test too.
func TestSchemaURLIsPinned(t *testing.T) {
	if semconv.SchemaURL != "https://opentelemetry.io/schemas/gen-ai/1.42.0" {
		t.Errorf("SchemaURL = %q", semconv.SchemaURL)
	}
}
