package semconv

import "go.opentelemetry.io/otel/attribute"

// Extension keys under noveum.*: what the convention lacks. Each has a
// constructor of the same name without the Key suffix.
const (
	// NoveumCostInputKey is the cost of a model call's input tokens, in USD.
	NoveumCostInputKey attribute.Key = "noveum.cost.input"
	// NoveumCostOutputKey is the cost of a model call's output tokens, in USD.
	NoveumCostOutputKey attribute.Key = "noveum.cost.output"
	// NoveumCostTotalKey is the total cost of a model call, in USD.
	NoveumCostTotalKey attribute.Key = "noveum.cost.total"
	// NoveumCostCurrencyKey is the currency of the cost keys: always "USD"
	// when set by this SDK.
	NoveumCostCurrencyKey attribute.Key = "noveum.cost.currency"
	// NoveumCostUnpricedKey is true when the model had no price, so no cost
	// was recorded for the call.
	NoveumCostUnpricedKey attribute.Key = "noveum.cost.unpriced"

	// NoveumTruncatedKey lists the keys of the content attributes that were
	// truncated on the span; each has a [NoveumOriginalBytes] companion.
	NoveumTruncatedKey attribute.Key = "noveum.truncated"

	// NoveumRedactedCountKey is the number of values the redact processor
	// replaced on a span (in its attributes, events, links, status and,
	// when enabled, resource).
	NoveumRedactedCountKey attribute.Key = "noveum.redacted.count"
	// NoveumRedactedKindsKey lists how many values of each kind were
	// redacted on a span, as "KIND=n" entries sorted by kind ("EMAIL=2",
	// "SECRET=1"). Never the values.
	NoveumRedactedKindsKey attribute.Key = "noveum.redacted.kinds"
	// NoveumRedactedKeysKey lists the attribute keys whose values were
	// redacted on a span. It is set only when asked for
	// (redact.WithSummaryKeyNames), since key names can say more than counts.
	NoveumRedactedKeysKey attribute.Key = "noveum.redacted.keys"

	// NoveumResponseChunkCountKey is the number of chunks received on a
	// streamed response.
	NoveumResponseChunkCountKey attribute.Key = "noveum.response.chunk_count"
	// NoveumResponseTimePerOutputChunkKey is the mean time between the
	// chunks of a streamed response after the first, in seconds.
	NoveumResponseTimePerOutputChunkKey attribute.Key = "noveum.response.time_per_output_chunk"

	// NoveumRetrievalDocumentCountKey is the number of documents a retrieval
	// step returned. Unlike gen_ai.retrieval.documents, which is opt-in
	// content, it is recorded whether or not content is captured.
	NoveumRetrievalDocumentCountKey attribute.Key = "noveum.retrieval.document_count"

	// NoveumLinkKindKey says, on a span link between agents, what the link
	// stands for (see [LinkKind]): a hand-off of work or a message, from the
	// linked span to the span that holds the link.
	NoveumLinkKindKey attribute.Key = "noveum.link.kind"

	// NoveumAgentTypeKey classifies an agent (planner, researcher, ...).
	NoveumAgentTypeKey attribute.Key = "noveum.agent.type"
	// NoveumAgentCapabilitiesKey lists what an agent can do (search,
	// code_execution, ...).
	NoveumAgentCapabilitiesKey attribute.Key = "noveum.agent.capabilities"

	// NoveumAgentHandoffSourceNameKey names the agent that hands control to
	// another. No version of the GenAI convention defines a hand-off key, so
	// it is an extension.
	NoveumAgentHandoffSourceNameKey attribute.Key = "noveum.agent.handoff.source.name"
	// NoveumAgentHandoffTargetNameKey names the agent that receives control
	// in a hand-off.
	NoveumAgentHandoffTargetNameKey attribute.Key = "noveum.agent.handoff.target.name"

	// NoveumInputMessageCountKey is the number of input messages of a model
	// call. The llm helpers record it whether or not content is captured:
	// it is metadata, not content.
	NoveumInputMessageCountKey attribute.Key = "noveum.input.message_count"
	// NoveumOutputToolCallNamesKey lists the names of the tools the model
	// asked to call, in order (metadata, recorded with capture off too).
	NoveumOutputToolCallNamesKey attribute.Key = "noveum.output.tool_call_names"
	// NoveumOutputToolCallCountKey is the number of tool calls the model
	// asked for (metadata, recorded with capture off too).
	NoveumOutputToolCallCountKey attribute.Key = "noveum.output.tool_call_count"

	// NoveumRequestIDKey identifies the application request a trace served.
	NoveumRequestIDKey attribute.Key = "noveum.request.id"

	// NoveumProjectKey is the trace attribute naming the configured project.
	NoveumProjectKey attribute.Key = "noveum.project"
	// NoveumEnvironmentKey is the trace attribute naming the configured
	// environment.
	NoveumEnvironmentKey attribute.Key = "noveum.environment"
	// NoveumSDKVersionKey is the trace attribute naming this SDK's version.
	NoveumSDKVersionKey attribute.Key = "noveum.sdk.version"
	// NoveumSamplingDecisionKey is the trace attribute recording the
	// sampling decision of the exported trace: always "record", since only
	// recorded spans reach an exporter.
	NoveumSamplingDecisionKey attribute.Key = "noveum.sampling.decision"
	// NoveumTraceContinuationOfKey is the trace attribute that names, on a
	// continuation trace, the trace_id of the trace it continues.
	NoveumTraceContinuationOfKey attribute.Key = "noveum.trace.continuation_of"
)

// Prefixes of extension keys that carry a name of their own.
const (
	// NoveumTagPrefix prefixes tag keys: noveum.tag.<name> = <string value>
	// becomes tags[<name>] in the Noveum trace metadata.
	NoveumTagPrefix = "noveum.tag."
	// NoveumMetadataPrefix prefixes custom metadata keys: noveum.metadata.<name>
	// becomes custom_attributes[<name>] in the Noveum trace metadata.
	NoveumMetadataPrefix = "noveum.metadata."
	// NoveumOriginalBytesPrefix prefixes the keys made by
	// [NoveumOriginalBytes]: noveum.original_bytes.<content key>.
	NoveumOriginalBytesPrefix = "noveum.original_bytes."
)

// NoveumCostInput returns the input cost in USD, for [NoveumCostInputKey].
func NoveumCostInput(v float64) attribute.KeyValue { return NoveumCostInputKey.Float64(v) }

// NoveumCostOutput returns the output cost in USD, for [NoveumCostOutputKey].
func NoveumCostOutput(v float64) attribute.KeyValue { return NoveumCostOutputKey.Float64(v) }

// NoveumCostTotal returns the total cost in USD, for [NoveumCostTotalKey].
func NoveumCostTotal(v float64) attribute.KeyValue { return NoveumCostTotalKey.Float64(v) }

// NoveumCostCurrency returns the cost currency, for [NoveumCostCurrencyKey].
func NoveumCostCurrency(v string) attribute.KeyValue { return NoveumCostCurrencyKey.String(v) }

// NoveumCostUnpriced returns whether the model went unpriced, for
// [NoveumCostUnpricedKey].
func NoveumCostUnpriced(v bool) attribute.KeyValue { return NoveumCostUnpricedKey.Bool(v) }

// NoveumTruncated returns the keys of the truncated content attributes, for
// [NoveumTruncatedKey].
func NoveumTruncated(keys ...attribute.Key) attribute.KeyValue {
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = string(k)
	}
	return NoveumTruncatedKey.StringSlice(s)
}

// NoveumRedactedCount returns the number of values redacted on a span, for
// [NoveumRedactedCountKey].
func NoveumRedactedCount(n int) attribute.KeyValue { return NoveumRedactedCountKey.Int(n) }

// NoveumRedactedKinds returns the redaction counts by kind, each entry
// "KIND=n", for [NoveumRedactedKindsKey]. The entries are copied.
func NoveumRedactedKinds(entries ...string) attribute.KeyValue {
	return NoveumRedactedKindsKey.StringSlice(entries)
}

// NoveumRedactedKeys returns the keys whose values were redacted, for
// [NoveumRedactedKeysKey]. The keys are copied.
func NoveumRedactedKeys(keys ...string) attribute.KeyValue {
	return NoveumRedactedKeysKey.StringSlice(keys)
}

// NoveumOriginalBytes returns the untruncated size, in bytes of JSON text, of
// the content attribute key that was truncated, under the key
// noveum.original_bytes.<key>: NoveumOriginalBytes(GenAIInputMessagesKey, 90000)
// is noveum.original_bytes.gen_ai.input.messages = 90000. It accompanies only
// a truncated attribute, which [NoveumTruncatedKey] also lists.
func NoveumOriginalBytes(key attribute.Key, n int) attribute.KeyValue {
	return attribute.Int(NoveumOriginalBytesPrefix+string(key), n)
}

// NoveumResponseChunkCount returns the number of chunks a streamed response
// had, for [NoveumResponseChunkCountKey].
func NoveumResponseChunkCount(v int) attribute.KeyValue {
	return NoveumResponseChunkCountKey.Int(v)
}

// NoveumRetrievalDocumentCount returns the number of documents a retrieval
// step returned, for [NoveumRetrievalDocumentCountKey].
func NoveumRetrievalDocumentCount(v int) attribute.KeyValue {
	return NoveumRetrievalDocumentCountKey.Int(v)
}

// LinkKind is a value of [NoveumLinkKindKey].
type LinkKind string

// Kinds of links between agents.
const (
	// LinkHandoff links the span of an agent that took over work to the span
	// that handed it over, when the two do not nest (a queue, a parallel
	// worker).
	LinkHandoff LinkKind = "handoff"
	// LinkMessage links the span of an agent that received a message to the
	// span that sent it.
	LinkMessage LinkKind = "message"
)

// NoveumLinkKind returns the kind of an agent link, for [NoveumLinkKindKey].
func NoveumLinkKind(v LinkKind) attribute.KeyValue { return NoveumLinkKindKey.String(string(v)) }

// NoveumResponseTimePerOutputChunk returns the mean time between chunks after
// the first, in seconds, for [NoveumResponseTimePerOutputChunkKey].
func NoveumResponseTimePerOutputChunk(v float64) attribute.KeyValue {
	return NoveumResponseTimePerOutputChunkKey.Float64(v)
}

// NoveumAgentType returns an agent's type, for [NoveumAgentTypeKey].
func NoveumAgentType(v string) attribute.KeyValue { return NoveumAgentTypeKey.String(v) }

// NoveumAgentCapabilities returns what an agent can do, for
// [NoveumAgentCapabilitiesKey].
func NoveumAgentCapabilities(v ...string) attribute.KeyValue {
	return NoveumAgentCapabilitiesKey.StringSlice(v)
}

// NoveumRequestID returns the application request's identifier, for
// [NoveumRequestIDKey].
func NoveumRequestID(v string) attribute.KeyValue { return NoveumRequestIDKey.String(v) }

// NoveumProject returns the project name, for [NoveumProjectKey].
func NoveumProject(v string) attribute.KeyValue { return NoveumProjectKey.String(v) }

// NoveumEnvironment returns the environment name, for [NoveumEnvironmentKey].
func NoveumEnvironment(v string) attribute.KeyValue { return NoveumEnvironmentKey.String(v) }

// NoveumSDKVersion returns this SDK's version, for [NoveumSDKVersionKey].
func NoveumSDKVersion(v string) attribute.KeyValue { return NoveumSDKVersionKey.String(v) }

// NoveumTraceContinuationOf returns the trace_id a continuation trace
// continues, for [NoveumTraceContinuationOfKey].
func NoveumTraceContinuationOf(v string) attribute.KeyValue {
	return NoveumTraceContinuationOfKey.String(v)
}

// NoveumAgentHandoffSourceName returns the name of the agent handing off,
// for [NoveumAgentHandoffSourceNameKey].
func NoveumAgentHandoffSourceName(v string) attribute.KeyValue {
	return NoveumAgentHandoffSourceNameKey.String(v)
}

// NoveumAgentHandoffTargetName returns the name of the agent handed to, for
// [NoveumAgentHandoffTargetNameKey].
func NoveumAgentHandoffTargetName(v string) attribute.KeyValue {
	return NoveumAgentHandoffTargetNameKey.String(v)
}

// NoveumInputMessageCount returns the number of input messages of a model
// call, for [NoveumInputMessageCountKey].
func NoveumInputMessageCount(n int) attribute.KeyValue { return NoveumInputMessageCountKey.Int(n) }

// NoveumOutputToolCallNames returns the names of the tools the model asked
// to call, for [NoveumOutputToolCallNamesKey].
func NoveumOutputToolCallNames(v ...string) attribute.KeyValue {
	return NoveumOutputToolCallNamesKey.StringSlice(v)
}

// NoveumOutputToolCallCount returns the number of tool calls the model asked
// for, for [NoveumOutputToolCallCountKey].
func NoveumOutputToolCallCount(n int) attribute.KeyValue { return NoveumOutputToolCallCountKey.Int(n) }

// NoveumSamplingDecision returns the sampling decision of a trace, for
// [NoveumSamplingDecisionKey].
func NoveumSamplingDecision(v string) attribute.KeyValue { return NoveumSamplingDecisionKey.String(v) }
