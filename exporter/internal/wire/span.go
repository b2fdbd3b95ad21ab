package wire

import (
	"math"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Status is a Noveum span or trace status.
type Status uint8

// The Noveum statuses. A timeout is an error, whose error.type attribute
// says "timeout": the status never guesses from a message's text.
const (
	StatusOK Status = iota
	StatusError
)

// String returns the wire form: "ok" or "error".
func (s Status) String() string {
	if s == StatusError {
		return "error"
	}
	return "ok"
}

// Failed reports whether s is error.
func (s Status) Failed() bool { return s == StatusError }

// SpanInfo is what a trace needs to know about one of its spans, filled by
// [Encoder.AppendSpan]. Its strings alias the span's own data.
type SpanInfo struct {
	SpanID         trace.SpanID
	UUID           UUID         // the span_id written, derived from the trace and span ids
	ParentID       trace.SpanID // valid only when HasLocalParent
	HasLocalParent bool         // the parent is a span of this process (not remote, not absent)
	Start, End     time.Time
	Status         Status
	StatusMessage  string
	// The Noveum name is NamePrefix + NameSuffix.
	NamePrefix, NameSuffix string
	UserID, SessionID      string
	ConversationID         string
	RequestID              string
	// Extra holds the span's noveum.tag.* and noveum.metadata.* attributes,
	// nil when it has none.
	Extra    []attribute.KeyValue
	Resource *resource.Resource
}

// LocalRoot reports whether the span has no parent in this process.
func (i *SpanInfo) LocalRoot() bool { return !i.HasLocalParent }

// Encoder writes spans and traces. It is not safe for concurrent use: the
// exporter gives each encoding goroutine its own.
type Encoder struct {
	// Project and Environment are written on every trace. An empty Project
	// falls back to the resource's service.name, then to the program's
	// name (internal/progname).
	Project, Environment string
	// SDKVersion is this SDK's version, ServiceVersion the configured
	// service version (the resource's service.version when empty).
	SDKVersion, ServiceVersion string
	// MaxValueBytes bounds every string value; 0 means no bound.
	MaxValueBytes int
	// Truncated counts the values cut to MaxValueBytes so far.
	Truncated int64
	// IDs derives the trace_ids of links (and of the traces the caller
	// writes); the exporter gives every encoder the same.
	IDs IDs

	res      *resource.Resource
	resAttrs []byte // encoded members of res's attributes, without braces

	// Scratch space of the content conversion (messages.go).
	msgs  []rawMsg
	parts []rawPart
}

// derived names the Noveum keys computed from gen_ai.* attributes, in the
// order they are written. The keys before numLLM are written on model-call
// spans only: the Python SDK and its compatibility layer take any span with
// an llm.* key for an LLM call.
const (
	dModel = iota
	dResponseModel
	dProvider
	dOperation
	dTemperature
	dMaxTokens
	dTopP
	dRequestID
	dInputTokens
	dOutputTokens
	dTotalTokens
	dCacheRead
	dCacheCreation
	dReasoning
	dCostInput
	dCostOutput
	dCostTotal
	dCostCurrency
	dStreaming
	dTTFT
	dLatency
	dFinishReason
	dInputMessages
	dInputMessageCount
	dOutputResponse
	dOutputToolCalls
	dOutputToolCallNames
	dOutputToolCallCount
	numLLM
	dAgentName = iota - 1
	dAgentID
	dAgentType
	dAgentOperation
	dToolName
	dToolInput
	dToolOutput
	dRetrievalQuery
	dRetrievalCount
	numDerived
)

var derivedKeys = [numDerived]string{
	dModel: "llm.model", dResponseModel: "llm.response_model", dProvider: "llm.provider", dOperation: "llm.operation",
	dTemperature: "llm.temperature", dMaxTokens: "llm.max_tokens", dTopP: "llm.top_p", dRequestID: "llm.request_id",
	dInputTokens: "llm.input_tokens", dOutputTokens: "llm.output_tokens", dTotalTokens: "llm.total_tokens",
	dCacheRead: "llm.cache_read_tokens", dCacheCreation: "llm.cache_creation_tokens", dReasoning: "llm.reasoning_tokens",
	dCostInput: "llm.cost.input", dCostOutput: "llm.cost.output", dCostTotal: "llm.cost.total", dCostCurrency: "llm.cost.currency",
	dStreaming: "llm.streaming", dTTFT: "llm.time_to_first_token_ms", dLatency: "llm.latency_ms",
	dFinishReason: "llm.finish_reason", dInputMessages: "llm.input.messages", dInputMessageCount: "llm.input.message_count",
	dOutputResponse: "llm.output.response", dOutputToolCalls: "llm.output.tool_calls",
	dOutputToolCallNames: "llm.output.tool_call_names", dOutputToolCallCount: "llm.output.tool_call_count",
	dAgentName: "agent.name", dAgentID: "agent.id", dAgentType: "agent.type", dAgentOperation: "agent.operation",
	dToolName: "tool.name", dToolInput: "tool.input", dToolOutput: "tool.output",
	dRetrievalQuery: "retrieval.query", dRetrievalCount: "retrieval.result_count",
}

// derivedIndex maps a Noveum key to its index, to notice a span that already
// sets it (the user's value wins).
var derivedIndex = func() map[string]int {
	m := make(map[string]int, numDerived)
	for i, k := range derivedKeys {
		m[k] = i
	}
	return m
}()

// genai collects, in one pass over a span's attributes, the values the
// Noveum keys and the trace metadata derive from.
type genai struct {
	src     [numDerived]attribute.Value // source value of each derived key, EMPTY when absent
	userSet uint64                      // bit i: the span already has derivedKeys[i]

	operation                       semconv.Operation
	requestModel, responseModel     string
	toolName, agentName, agentID    string
	dataSource, workflow, errorType string
	finishReasons                   []string
	inputTokens, outputTokens       attribute.Value
	ttfc                            attribute.Value
	countSet                        bool            // noveum.retrieval.document_count was seen
	documents                       attribute.Value // gen_ai.retrieval.documents, EMPTY when absent
	userIDSet                       bool            // user.id was seen
	// Content the Noveum message keys are converted from (JSON strings).
	inputJSON, systemJSON, outputJSON string
	hasInput, hasOutput               bool
	toolNamesSet                      bool // noveum.output.tool_call_names was seen
	// exception.* attributes the span sets itself: the exception event's
	// are not copied over them.
	exceptionSet uint8
	encoded      [numDerived]byteRange // where a content value was written
}

// AppendSpan appends s as a Noveum span object, minus its closing: the
// object ends with `"parent_span_id":`, which [AppendParent] completes once
// the trace knows whether the parent is in the same payload. traceUUID is the
// payload's trace_id. AppendSpan fills info.
func (e *Encoder) AppendSpan(dst []byte, s sdktrace.ReadOnlySpan, traceUUID UUID, info *SpanInfo) []byte {
	sc := s.SpanContext()
	parent := s.Parent()
	*info = SpanInfo{
		SpanID:         sc.SpanID(),
		HasLocalParent: parent.IsValid() && !parent.IsRemote(),
		Start:          s.StartTime(),
		End:            s.EndTime(),
		Resource:       s.Resource(),
	}
	if info.HasLocalParent {
		info.ParentID = parent.SpanID()
	}
	if info.End.Before(info.Start) {
		info.End = info.Start
	}

	attrs := s.Attributes()
	var g genai
	g.collect(attrs, info)
	g.notMCPServerTool(s.SpanKind(), attrs)

	status := s.Status()
	info.StatusMessage = status.Description
	if status.Code == codes.Error {
		info.Status = StatusError
	}
	info.NamePrefix, info.NameSuffix = noveumName(s.Name(), &g)

	// The exception event's facts go on the span as attributes too, as the
	// Python SDK writes them: find it before the attributes are closed.
	events := s.Events()
	exception, hasException := exceptionEvent(events)

	dst = append(dst, `{"span_id":"`...)
	info.UUID = SpanUUID(sc.TraceID(), sc.SpanID())
	dst = AppendUUID(dst, info.UUID)
	dst = append(dst, `","trace_id":"`...)
	dst = AppendUUID(dst, traceUUID)
	dst = append(dst, `","name":`...)
	dst = e.appendName(dst, info.NamePrefix, info.NameSuffix)
	dst = append(dst, `,"start_time":`...)
	dst = appendTime(dst, info.Start)
	dst = append(dst, `,"end_time":`...)
	dst = appendTime(dst, info.End)
	dst = append(dst, `,"duration_ms":`...)
	dst = appendDurationMS(dst, info.Start, info.End)
	dst = append(dst, `,"status":"`...)
	dst = append(dst, info.Status.String()...)
	dst = append(dst, `","status_message":`...)
	dst = e.appendNullable(dst, status.Description)

	dst = append(dst, `,"attributes":{`...)
	attrStart, truncStart := len(dst), e.Truncated
	dst, n, badKey := e.appendAttrs(dst, attrs, &g, false)
	if badKey {
		// Rare: keys that differ only in invalid UTF-8 would collide once
		// written with U+FFFD. Write the attributes again, deduplicated.
		dst, e.Truncated, g.encoded = dst[:attrStart], truncStart, [numDerived]byteRange{}
		dst, n, _ = e.appendAttrs(dst, attrs, &g, true)
	}
	dst = e.appendDerived(dst, &n, &g, info)
	if hasException {
		dst = e.appendExceptionAttrs(dst, &n, exception, g.exceptionSet)
	}
	dst = append(dst, '}')

	dst = append(dst, `,"events":[`...)
	for i, ev := range events {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"name":`...)
		dst = e.appendStr(dst, ev.Name)
		dst = append(dst, `,"timestamp":`...)
		dst = appendTime(dst, ev.Time)
		dst = append(dst, `,"attributes":`...)
		dst = e.appendObj(dst, ev.Attributes)
		dst = append(dst, '}')
	}
	dst = append(dst, `],"links":[`...)
	for i, l := range s.Links() {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"trace_id":"`...)
		dst = AppendUUID(dst, e.IDs.Trace(l.SpanContext.TraceID()))
		dst = append(dst, `","span_id":"`...)
		dst = AppendUUID(dst, SpanUUID(l.SpanContext.TraceID(), l.SpanContext.SpanID()))
		dst = append(dst, `","attributes":`...)
		dst = e.appendObj(dst, l.Attributes)
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if hasException {
		dst = e.appendException(dst, exception)
	}

	dst = append(dst, `,"otel":{"trace_id":"`...)
	tid := sc.TraceID()
	dst = appendHex(dst, tid[:])
	dst = append(dst, `","span_id":"`...)
	dst = appendHex(dst, info.SpanID[:])
	dst = append(dst, `","parent_span_id":`...)
	if parent.SpanID().IsValid() {
		psid := parent.SpanID()
		dst = append(dst, '"')
		dst = appendHex(dst, psid[:])
		dst = append(dst, '"')
	} else {
		dst = append(dst, "null"...)
	}
	dst = append(dst, `,"kind":"`...)
	dst = append(dst, kindName(s.SpanKind())...)
	dst = append(dst, `","status":{"code":"`...)
	dst = append(dst, codeName(status.Code)...)
	dst = append(dst, '"')
	if status.Code == codes.Error {
		// otel.status.message only on errors: OTel keeps a description
		// for Error statuses alone.
		dst = append(dst, `,"message":`...)
		dst = e.appendStr(dst, status.Description)
	}
	dst = append(dst, `},"name":`...)
	dst = e.appendStr(dst, s.Name())
	scope := s.InstrumentationScope()
	dst = append(dst, `,"scope":{"name":`...)
	dst = e.appendStr(dst, scope.Name)
	dst = append(dst, `,"version":`...)
	dst = e.appendStr(dst, scope.Version)
	return append(dst, `}},"parent_span_id":`...)
}

// appendAttrs writes a span's attributes as object members. It reports
// whether a key held invalid UTF-8; with dedupe, keys that are written the
// same are written once, the last value winning.
func (e *Encoder) appendAttrs(dst []byte, attrs []attribute.KeyValue, g *genai, dedupe bool) (out []byte, n int, badKey bool) {
	for i, kv := range attrs {
		if dedupe && laterDuplicate(attrs, i, true) {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = append(dst, '"')
		var bad bool
		dst, bad = jsontext.AppendBody(dst, string(kv.Key))
		badKey = badKey || bad
		dst = append(dst, '"', ':')
		switch {
		case kv.Key == semconv.GenAIResponseFinishReasonsKey && kv.Value.Type() == attribute.STRINGSLICE:
			// The attribute API copies a slice out on every call: copy it
			// once, for the attribute and for llm.finish_reason.
			g.finishReasons = kv.Value.AsStringSlice()
			var t bool
			dst, t = appendStrings(dst, g.finishReasons, e.MaxValueBytes)
			if t {
				e.Truncated++
			}
		case contentSlot(kv.Key) >= 0:
			// Content is copied under a Noveum key too: remember where its
			// encoding is, to copy it rather than escape it twice.
			start, before := len(dst), e.Truncated
			dst = e.appendValue(dst, kv.Value)
			g.encoded[contentSlot(kv.Key)] = byteRange{start: start, end: len(dst), truncated: e.Truncated != before}
		default:
			dst = e.appendValue(dst, kv.Value)
		}
	}
	return dst, n, badKey
}

// AppendParent completes a span object begun by [Encoder.AppendSpan]: with
// the parent's UUID when the parent is in the same payload, else null.
func AppendParent(dst []byte, parent *UUID) []byte {
	if parent == nil {
		return append(dst, "null}"...)
	}
	dst = append(dst, '"')
	dst = AppendUUID(dst, *parent)
	return append(dst, `"}`...)
}

func (e *Encoder) appendStr(dst []byte, s string) []byte {
	dst, t := jsontext.AppendStringHead(dst, s, e.MaxValueBytes)
	if t {
		e.Truncated++
	}
	return dst
}

func (e *Encoder) appendNullable(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, "null"...)
	}
	return e.appendStr(dst, s)
}

// appendName writes a Noveum name, never empty (the service drops a trace
// with an empty name). The suffix is bounded and marked like any value.
func (e *Encoder) appendName(dst []byte, prefix, suffix string) []byte {
	if prefix == "" && suffix == "" {
		return append(dst, `"unnamed"`...)
	}
	dst = append(dst, '"')
	dst = append(dst, prefix...)
	dst, t := jsontext.AppendBodyHead(dst, suffix, e.MaxValueBytes)
	if t {
		e.Truncated++
	}
	return append(dst, '"')
}

func (e *Encoder) appendValue(dst []byte, v attribute.Value) []byte {
	dst, t := appendValue(dst, v, e.MaxValueBytes)
	if t {
		e.Truncated++
	}
	return dst
}

func (e *Encoder) appendObj(dst []byte, kvs []attribute.KeyValue) []byte {
	dst, t := appendObject(dst, kvs, e.MaxValueBytes)
	if t {
		e.Truncated++
	}
	return dst
}

// appendMember writes `"key":value`, preceded by a comma unless it is the
// object's first member (*n counts the members written).
func (e *Encoder) appendMember(dst []byte, n *int, key string, v attribute.Value) []byte {
	dst = appendKey(dst, n, key)
	return e.appendValue(dst, v)
}

// appendKey writes `"key":`, preceded by a comma unless it is the object's
// first member.
func appendKey(dst []byte, n *int, key string) []byte {
	if *n > 0 {
		dst = append(dst, ',')
	}
	*n++
	dst = jsontext.AppendString(dst, key)
	return append(dst, ':')
}

// byteRange locates an encoded value in the span being written.
type byteRange struct {
	start, end int
	truncated  bool
}

// contentSlot returns the derived key that copies the content attribute k,
// or -1.
func contentSlot(k attribute.Key) int {
	switch k {
	case semconv.GenAIToolCallArgumentsKey:
		return dToolInput
	case semconv.GenAIToolCallResultKey:
		return dToolOutput
	case semconv.GenAIRetrievalQueryTextKey:
		return dRetrievalQuery
	}
	return -1
}

// exceptionEvent returns the attributes of the span's last exception event
// (the one that ended it, when several were recorded); ok is false when
// there is none. An exception event may carry no attributes.
func exceptionEvent(events []sdktrace.Event) (attrs []attribute.KeyValue, ok bool) {
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Name == semconv.ExceptionEventName {
			return events[i].Attributes, true
		}
	}
	return nil, false
}

// Bits of genai.exceptionSet: the exception.* keys a span sets itself.
const (
	excType = 1 << iota
	excMessage
	excStack
	excEscaped
)

// appendExceptionAttrs writes the exception event's type, message, stack
// trace and escaped flag as span attributes (exception.*), skipping those
// the span sets itself. escaped is false when the event does not say:
// OpenTelemetry SDKs no longer record it, and the Python SDK writes false.
func (e *Encoder) appendExceptionAttrs(dst []byte, n *int, attrs []attribute.KeyValue, set uint8) []byte {
	var escaped attribute.Value = attribute.BoolValue(false)
	for _, kv := range attrs {
		switch kv.Key {
		case semconv.ExceptionTypeKey:
			if set&excType == 0 {
				dst = e.appendMember(dst, n, string(kv.Key), kv.Value)
				set |= excType
			}
		case semconv.ExceptionMessageKey:
			if set&excMessage == 0 {
				dst = e.appendMember(dst, n, string(kv.Key), kv.Value)
				set |= excMessage
			}
		case semconv.ExceptionStacktraceKey:
			if set&excStack == 0 {
				dst = e.appendMember(dst, n, string(kv.Key), kv.Value)
				set |= excStack
			}
		case semconv.ExceptionEscapedKey:
			escaped = kv.Value
		}
	}
	if set&excEscaped == 0 {
		dst = e.appendMember(dst, n, string(semconv.ExceptionEscapedKey), escaped)
	}
	return dst
}

func (e *Encoder) appendException(dst []byte, attrs []attribute.KeyValue) []byte {
	var typ, msg, stack string
	var hasStack bool
	for _, kv := range attrs {
		switch kv.Key {
		case semconv.ExceptionTypeKey:
			typ = kv.Value.String()
		case semconv.ExceptionMessageKey:
			msg = kv.Value.String()
		case semconv.ExceptionStacktraceKey:
			stack, hasStack = kv.Value.String(), true
		}
	}
	dst = append(dst, `,"exception":{"type":`...)
	dst = e.appendStr(dst, typ)
	dst = append(dst, `,"message":`...)
	dst = e.appendStr(dst, msg)
	dst = append(dst, `,"stack_trace":`...)
	if hasStack {
		dst = e.appendStr(dst, stack)
	} else {
		dst = append(dst, "null"...)
	}
	return append(dst, '}')
}

func (g *genai) collect(attrs []attribute.KeyValue, info *SpanInfo) {
	for _, kv := range attrs {
		k := string(kv.Key)
		v := kv.Value
		switch kv.Key {
		case semconv.GenAIOperationNameKey:
			g.src[dOperation] = v
			g.src[dAgentOperation] = v
			g.operation = semconv.Operation(v.AsString())
		case semconv.GenAIProviderNameKey:
			g.src[dProvider] = v
		case semconv.GenAIRequestModelKey:
			g.requestModel = v.AsString()
			g.src[dModel] = v // the requested model wins over the answering one
		case semconv.GenAIResponseModelKey:
			g.responseModel = v.AsString()
			g.src[dResponseModel] = v
			if g.src[dModel].Type() == attribute.EMPTY {
				g.src[dModel] = v
			}
		case semconv.GenAIRequestTemperatureKey:
			g.src[dTemperature] = v
		case semconv.GenAIRequestMaxTokensKey:
			g.src[dMaxTokens] = v
		case semconv.GenAIRequestTopPKey:
			g.src[dTopP] = v
		case semconv.GenAIResponseIDKey:
			g.src[dRequestID] = v
		case semconv.GenAIUsageInputTokensKey:
			g.inputTokens = v
		case semconv.GenAIUsageOutputTokensKey:
			g.outputTokens = v
		case semconv.GenAIUsageCacheReadInputTokensKey:
			g.src[dCacheRead] = v
		case semconv.GenAIUsageCacheCreationInputTokensKey:
			g.src[dCacheCreation] = v
		case semconv.GenAIUsageReasoningOutputTokensKey:
			g.src[dReasoning] = v
		case semconv.NoveumCostInputKey:
			g.src[dCostInput] = v
		case semconv.NoveumCostOutputKey:
			g.src[dCostOutput] = v
		case semconv.NoveumCostTotalKey:
			g.src[dCostTotal] = v
		case semconv.NoveumCostCurrencyKey:
			g.src[dCostCurrency] = v
		case semconv.GenAIRequestStreamKey:
			g.src[dStreaming] = v
		case semconv.GenAIResponseTimeToFirstChunkKey:
			g.ttfc = v
		case semconv.GenAIResponseFinishReasonsKey:
			if v.Type() == attribute.STRING { // a slice is read while it is written
				g.src[dFinishReason] = v
			}
		case semconv.GenAIInputMessagesKey:
			// A JSON string is converted to the Python SDK's shape; a
			// structured value (slice of maps) is copied as it is.
			g.inputJSON, g.hasInput = v.AsString(), v.Type() == attribute.STRING
			if !g.hasInput {
				g.src[dInputMessages] = v
			}
		case semconv.GenAISystemInstructionsKey:
			g.systemJSON = v.AsString()
		case semconv.GenAIOutputMessagesKey:
			g.outputJSON, g.hasOutput = v.AsString(), v.Type() == attribute.STRING
			if !g.hasOutput {
				g.src[dOutputResponse] = v
			}
		case semconv.NoveumInputMessageCountKey:
			g.src[dInputMessageCount] = v
		case semconv.NoveumOutputToolCallNamesKey:
			g.src[dOutputToolCallNames] = v
			g.toolNamesSet = true
		case semconv.NoveumOutputToolCallCountKey:
			g.src[dOutputToolCallCount] = v
		case semconv.ExceptionTypeKey:
			g.exceptionSet |= excType
		case semconv.ExceptionMessageKey:
			g.exceptionSet |= excMessage
		case semconv.ExceptionStacktraceKey:
			g.exceptionSet |= excStack
		case semconv.ExceptionEscapedKey:
			g.exceptionSet |= excEscaped
		case semconv.GenAIAgentNameKey:
			g.src[dAgentName] = v
			g.agentName = v.AsString()
		case semconv.GenAIAgentIDKey:
			g.src[dAgentID] = v
			g.agentID = v.AsString()
		case semconv.NoveumAgentTypeKey:
			g.src[dAgentType] = v
		case semconv.GenAIToolNameKey:
			g.src[dToolName] = v
			g.toolName = v.AsString()
		case semconv.GenAIToolCallArgumentsKey:
			g.src[dToolInput] = v
		case semconv.GenAIToolCallResultKey:
			g.src[dToolOutput] = v
		case semconv.GenAIRetrievalQueryTextKey:
			g.src[dRetrievalQuery] = v
		case semconv.GenAIRetrievalDocumentsKey:
			g.documents = v // counted after the loop, unless the span says how many
		case semconv.NoveumRetrievalDocumentCountKey:
			// The true count, recorded whether or not the documents were
			// (content capture off, or documents dropped by truncation).
			if v.Type() == attribute.INT64 {
				g.src[dRetrievalCount] = v
				g.countSet = true
			}
		case semconv.GenAIDataSourceIDKey:
			g.dataSource = v.AsString()
		case semconv.GenAIWorkflowNameKey:
			g.workflow = v.AsString()
		case semconv.ErrorTypeKey:
			g.errorType = v.AsString()
		case semconv.UserIDKey:
			info.UserID = v.String()
			g.userIDSet = true
		case semconv.EndUserIDKey:
			// The older spelling, still current: user.id wins wherever it
			// comes among the attributes.
			if !g.userIDSet {
				info.UserID = v.String()
			}
		case semconv.SessionIDKey:
			info.SessionID = v.String()
		case semconv.GenAIConversationIDKey:
			info.ConversationID = v.String()
		case semconv.NoveumRequestIDKey:
			info.RequestID = v.String()
		default:
			if strings.HasPrefix(k, semconv.NoveumTagPrefix) || strings.HasPrefix(k, semconv.NoveumMetadataPrefix) {
				info.Extra = append(info.Extra, kv)
			} else if current, ok := semconv.Replacement(kv.Key); ok {
				g.collectDeprecated(current, v, info)
			} else if len(k) > 4 && (k[0] == 'l' || k[0] == 'a' || k[0] == 't' || k[0] == 'r') {
				if i, ok := derivedIndex[k]; ok {
					g.userSet |= 1 << i
				}
			}
		}
	}
	if !g.countSet && g.documents.Type() != attribute.EMPTY {
		// Only another instrumentation's span gets here: the llm helpers
		// record the count, which spares parsing the documents' JSON.
		if n, ok := countItems(g.documents); ok {
			g.src[dRetrievalCount] = attribute.Int64Value(n)
		}
	}
}

// collectDeprecated takes the value of a deprecated spelling (gen_ai.system,
// gen_ai.usage.prompt_tokens, enduser.id, ...) whose current key is current,
// unless the span carries the current key too: that one wins, wherever it
// comes in the span's attributes.
func (g *genai) collectDeprecated(current attribute.Key, v attribute.Value, info *SpanInfo) {
	switch current {
	case semconv.GenAIProviderNameKey:
		if g.src[dProvider].Type() == attribute.EMPTY {
			g.src[dProvider] = v
		}
	case semconv.GenAIUsageInputTokensKey:
		if g.inputTokens.Type() == attribute.EMPTY {
			g.inputTokens = v
		}
	case semconv.GenAIUsageOutputTokensKey:
		if g.outputTokens.Type() == attribute.EMPTY {
			g.outputTokens = v
		}
	}
}

// appendDerived writes the Noveum keys derived from the gen_ai.* values in g,
// skipping any the span already sets itself. The llm.* keys go on model-call
// spans only.
func (e *Encoder) appendDerived(dst []byte, n *int, g *genai, info *SpanInfo) []byte {
	model := g.isModelCall()
	if model {
		g.deriveLLM(info)
	}
	for i := range g.src {
		if (i < numLLM) != model || g.userSet&(1<<i) != 0 {
			continue // llm.* on model calls only; agent.*, tool.*, retrieval.* on the others
		}
		switch i {
		case dInputMessages:
			if g.hasInput {
				dst = e.appendInputMessagesKey(dst, n, g)
				continue
			}
		case dOutputResponse:
			if g.hasOutput {
				dst = e.appendOutputKeys(dst, n, g)
				continue
			}
		case dOutputToolCalls:
			continue // written with llm.output.response
		case dAgentOperation:
			if g.operation != semconv.OperationInvokeAgent && g.operation != semconv.OperationCreateAgent {
				continue
			}
		}
		if g.src[i].Type() == attribute.EMPTY {
			continue
		}
		dst = appendKeyJSON(dst, n, i)
		if r := g.encoded[i]; r.end > 0 {
			dst = append(dst, dst[r.start:r.end]...)
			if r.truncated {
				e.Truncated++
			}
			continue
		}
		dst = e.appendValue(dst, g.src[i])
	}
	return dst
}

// appendKeyJSON writes the derived key i as an object member's key.
func appendKeyJSON(dst []byte, n *int, i int) []byte {
	if *n > 0 {
		dst = append(dst, ',')
	}
	*n++
	return append(dst, derivedKeysJSON[i]...)
}

// deriveLLM fills the llm.* values computed from others: total tokens,
// currency, time to first token, latency, finish reason, rounded costs.
func (g *genai) deriveLLM(info *SpanInfo) {
	if g.inputTokens.Type() != attribute.EMPTY {
		g.src[dInputTokens] = g.inputTokens
	}
	if g.outputTokens.Type() != attribute.EMPTY {
		g.src[dOutputTokens] = g.outputTokens
	}
	if g.inputTokens.Type() == attribute.INT64 && g.outputTokens.Type() == attribute.INT64 {
		in, out := g.inputTokens.AsInt64(), g.outputTokens.AsInt64()
		if sum := in + out; (sum >= in) == (out >= 0) { // skip a sum that overflows
			g.src[dTotalTokens] = attribute.Int64Value(sum)
		}
	}
	for _, i := range [...]int{dCostInput, dCostOutput, dCostTotal} {
		if g.src[i].Type() == attribute.FLOAT64 {
			g.src[i] = attribute.Float64Value(roundCost(g.src[i].AsFloat64()))
		}
	}
	if g.src[dCostCurrency].Type() == attribute.EMPTY &&
		(g.src[dCostInput].Type() != attribute.EMPTY || g.src[dCostOutput].Type() != attribute.EMPTY || g.src[dCostTotal].Type() != attribute.EMPTY) {
		g.src[dCostCurrency] = attribute.StringValue("USD")
	}
	switch g.ttfc.Type() {
	case attribute.FLOAT64:
		g.src[dTTFT] = attribute.Float64Value(g.ttfc.AsFloat64() * 1000)
	case attribute.INT64:
		g.src[dTTFT] = attribute.Float64Value(float64(g.ttfc.AsInt64()) * 1000)
	}
	if len(g.finishReasons) > 0 {
		g.src[dFinishReason] = attribute.StringValue(g.finishReasons[0])
	}
	g.src[dLatency] = attribute.Float64Value(float64(info.End.Sub(info.Start)) / float64(time.Millisecond))
}

// roundCost rounds a cost in USD to 8 decimal places, as Noveum stores it;
// values it cannot round (huge or not finite) stay as they are.
func roundCost(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e9 {
		return v
	}
	return math.Round(v*1e8) / 1e8
}

// isModelCall reports whether the span is a model call: its operation is
// one (chat, text completion, content generation, embeddings), or it names
// none but a model (an instrumentation that predates gen_ai.operation.name).
func (g *genai) isModelCall() bool {
	if g.operation == "" {
		return g.requestModel != "" || g.responseModel != ""
	}
	return isModelOperation(g.operation)
}

// derivedKeysJSON holds each derived key quoted and followed by a colon,
// ready to write.
var derivedKeysJSON = func() (out [numDerived]string) {
	for i, k := range derivedKeys {
		out[i] = string(jsontext.AppendString(nil, k)) + ":"
	}
	return out
}()

// noveumName returns the Noveum span name, which encodes the span type as a
// prefix, with the Python SDK's five: llm.<requested model> (chat,
// completion, embeddings and every other model call), tool.<name>,
// agent.<name>, retrieval.<source>, chain.<workflow>. Spans of other
// operations, or lacking the name part, keep their OTel name.
func noveumName(otelName string, g *genai) (prefix, suffix string) {
	var p, s string
	switch {
	case g.isModelCall():
		p, s = "llm.", g.requestModel
		if s == "" {
			s = g.responseModel
		}
	case g.operation == semconv.OperationExecuteTool:
		p, s = "tool.", g.toolName
	case g.operation == semconv.OperationInvokeAgent, g.operation == semconv.OperationCreateAgent:
		p, s = "agent.", g.agentName
		if s == "" {
			s = g.agentID
		}
	case g.operation == semconv.OperationRetrieval:
		p, s = "retrieval.", g.dataSource
	case g.operation == semconv.OperationInvokeWorkflow:
		p, s = "chain.", g.workflow
	}
	if s == "" {
		return "", otelName
	}
	return p, s
}

func isModelOperation(op semconv.Operation) bool {
	switch op {
	case semconv.OperationChat, semconv.OperationTextCompletion, semconv.OperationGenerate, semconv.OperationEmbeddings:
		return true
	}
	return false
}

// countItems counts retrieved documents given as a list value or as a JSON
// array in a string.
func countItems(v attribute.Value) (int64, bool) {
	switch v.Type() {
	case attribute.SLICE:
		return int64(len(v.AsSlice())), true
	case attribute.STRINGSLICE:
		return int64(len(v.AsStringSlice())), true
	case attribute.STRING:
		return countJSONArray(v.AsString())
	}
	return 0, false
}

func kindName(k trace.SpanKind) string {
	switch k {
	case trace.SpanKindServer:
		return "SERVER"
	case trace.SpanKindClient:
		return "CLIENT"
	case trace.SpanKindProducer:
		return "PRODUCER"
	case trace.SpanKindConsumer:
		return "CONSUMER"
	}
	return "INTERNAL"
}

func codeName(c codes.Code) string {
	switch c {
	case codes.Ok:
		return "OK"
	case codes.Error:
		return "ERROR"
	}
	return "UNSET"
}

// Repeated reports whether the encoding writes k's value twice: content
// keys are repeated under their Noveum key (gen_ai.tool.call.arguments as
// tool.input, gen_ai.input.messages converted to llm.input.messages, ...).
func Repeated(k attribute.Key) bool {
	return contentSlot(k) >= 0 || k == semconv.GenAIInputMessagesKey || k == semconv.GenAIOutputMessagesKey
}

// spanTraceIDAt is where AppendSpan writes the trace UUID in a span
// fragment: after `{"span_id":"`, the span UUID and `","trace_id":"`.
const spanTraceIDAt = len(`{"span_id":"`) + 36 + len(`","trace_id":"`)

// SetSpanTraceUUID rewrites the trace_id of a span fragment written by
// [Encoder.AppendSpan], for a span moved into another payload (a trace
// split in parts because the service found it too large).
func SetSpanTraceUUID(fragment []byte, u UUID) {
	AppendUUID(fragment[spanTraceIDAt:spanTraceIDAt], u)
}
