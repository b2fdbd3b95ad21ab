package llm

import (
	"context"
	"math/bits"
	"slices"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/internal/errtype"
	"github.com/Noveum/noveum-trace-go/internal/identity"
	"github.com/Noveum/noveum-trace-go/internal/jsontext"
	"github.com/Noveum/noveum-trace-go/internal/tracing"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// Call is a model call or retrieval step in progress: its span and what is
// to be recorded on it. Record the response, usage, streamed chunks or
// documents as they come, then End it. Its methods are safe for concurrent
// use; after End they do nothing, and End may be called more than once.
//
// A Call is handed out as a pointer, as the agents package's *agents.Run
// and *agents.ToolCall are, so that the helpers are used alike: a handle
// that recording changes, kept and ended, never copied. A nil *Call does
// nothing.
type Call struct {
	t       *Tracer
	ctx     context.Context
	span    trace.Span
	record  bool // the span records: content is worth encoding
	metrics bool // a metric instrument is enabled

	op         semconv.Operation
	provider   semconv.Provider
	reqModel   string
	serverAddr string
	serverPort int
	start      time.Time

	mu    sync.Mutex
	ended bool

	respID     string
	respModel  string
	finish     []string
	outputType semconv.OutputType
	dims       int
	usage      Usage
	docs       int                  // documents retrieved; -1 when not recorded
	toolCalls  []string             // names of the tools the first choice asked for
	content    [numContent]string   // captured content, JSON or text, by kind
	truncated  []attribute.KeyValue // original sizes of truncated content
	truncKeys  []attribute.Key

	stream streamState

	// extra holds the attributes of SetAttributes, set with End's.
	extra    []attribute.KeyValue
	extraBuf [2]attribute.KeyValue
}

// Start starts a span for a model call of operation op (chat,
// text_completion, generate_content, embeddings): named "{op} {model}",
// kind CLIENT (INTERNAL when req.InProcess), with the request's attributes
// set at start so that samplers see them. The returned context carries the
// span. End the Call when the operation is over.
func (t *Tracer) Start(ctx context.Context, op semconv.Operation, req Request) (context.Context, *Call) {
	ctx = tracing.NonNil(ctx)
	c := &Call{t: t, op: op, provider: req.Provider, reqModel: req.Model,
		serverAddr: req.ServerAddress, serverPort: req.ServerPort, docs: -1}
	id := identity.Attrs(ctx) // the conversation identity of agents.WithIdentity
	set := requestAttrSet(op, &req)
	ap := attrPool.Get().(*[]attribute.KeyValue)
	attrs := slices.Grow((*ap)[:0], 1+bits.OnesCount32(set)+len(req.Attributes)+len(id))
	attrs = appendRequestAttrs(attrs, op, &req, set)
	if req.Stream {
		c.stream.declared = true
	}
	attrs = append(attrs, id...)

	kind := trace.SpanKindClient
	if req.InProcess {
		kind = trace.SpanKindInternal
	}
	ctx = c.begin(ctx, tracing.SpanName(string(op), req.Model), kind, attrs)
	clear(attrs) // the SDK copied them: the slice goes back to the pool
	*ap = attrs[:0]
	attrPool.Put(ap)

	// Content is encoded now, while the request is at hand, and set on the
	// span at End with the response: one attribute update instead of two.
	if c.record && t.capture != config.CaptureNone {
		if len(req.Messages) > 0 {
			bp := getBuf()
			out, n := appendInputMessagesLimit(*bp, req.Messages, t.limit)
			c.keep(cInput, bp, out, n)
		}
		if len(req.SystemInstructions) > 0 {
			bp := getBuf()
			out, n := appendPartsLimit(*bp, req.SystemInstructions, t.limit)
			c.keep(cSystem, bp, out, n)
		}
		if len(req.Tools) > 0 {
			bp := getBuf()
			out, n := appendToolDefinitionsLimit(*bp, req.Tools, t.limit)
			c.keep(cTools, bp, out, n)
		}
	}
	return ctx, c
}

// The attributes Start sets from a Request besides gen_ai.operation.name,
// as bits of a set, in the order they are set.
const (
	aProvider = 1 << iota
	aModel
	aServerAddress
	aServerPort
	aConversationID
	aTemperature
	aTopP
	aTopK
	aMaxTokens
	aFrequencyPenalty
	aPresencePenalty
	aSeed
	aChoiceCount
	aStopSequences
	aOutputType
	aStream
	aEncodingFormats
	aMessageCount
)

// requestAttrSet returns the set of attributes Start sets for req: the one
// place where their conditions are written, so that the size of Start's
// slice (the set's size) and what appendRequestAttrs puts in it cannot
// disagree.
func requestAttrSet(op semconv.Operation, req *Request) uint32 {
	return bit(aProvider, req.Provider != "") | // required by the convention: set whenever known
		bit(aModel, req.Model != "") |
		bit(aServerAddress, req.ServerAddress != "") |
		bit(aServerPort, req.ServerPort > 0) |
		bit(aConversationID, req.ConversationID != "") |
		bit(aTemperature, req.Temperature != nil) |
		bit(aTopP, req.TopP != nil) |
		bit(aTopK, req.TopK != nil) |
		bit(aMaxTokens, req.MaxTokens != nil) |
		bit(aFrequencyPenalty, req.FrequencyPenalty != nil) |
		bit(aPresencePenalty, req.PresencePenalty != nil) |
		bit(aSeed, req.Seed != nil) |
		bit(aChoiceCount, req.ChoiceCount != nil && *req.ChoiceCount != 1) | // one choice is the default
		bit(aStopSequences, len(req.StopSequences) > 0) |
		bit(aOutputType, req.OutputType != "") |
		bit(aStream, req.Stream) |
		bit(aEncodingFormats, len(req.EncodingFormats) > 0 && op == semconv.OperationEmbeddings) |
		// Metadata, not content: recorded whatever the capture mode, so
		// that Noveum's llm.input.message_count is there with capture off.
		bit(aMessageCount, len(req.Messages) > 0)
}

func bit(b uint32, set bool) uint32 {
	if set {
		return b
	}
	return 0
}

// appendRequestAttrs appends gen_ai.operation.name, the attributes of set
// (requestAttrSet) taken from req, and req.Attributes.
func appendRequestAttrs(attrs []attribute.KeyValue, op semconv.Operation, req *Request, set uint32) []attribute.KeyValue {
	attrs = append(attrs, semconv.GenAIOperationName(op))
	for ; set != 0; set &= set - 1 {
		var kv attribute.KeyValue
		switch set & -set { // the lowest bit left
		case aProvider:
			kv = semconv.GenAIProviderName(req.Provider)
		case aModel:
			kv = semconv.GenAIRequestModel(req.Model)
		case aServerAddress:
			kv = semconv.ServerAddress(req.ServerAddress)
		case aServerPort:
			kv = semconv.ServerPort(req.ServerPort)
		case aConversationID:
			kv = semconv.GenAIConversationID(req.ConversationID)
		case aTemperature:
			kv = semconv.GenAIRequestTemperature(*req.Temperature)
		case aTopP:
			kv = semconv.GenAIRequestTopP(*req.TopP)
		case aTopK:
			kv = semconv.GenAIRequestTopK(float64(*req.TopK))
		case aMaxTokens:
			kv = semconv.GenAIRequestMaxTokens(*req.MaxTokens)
		case aFrequencyPenalty:
			kv = semconv.GenAIRequestFrequencyPenalty(*req.FrequencyPenalty)
		case aPresencePenalty:
			kv = semconv.GenAIRequestPresencePenalty(*req.PresencePenalty)
		case aSeed:
			kv = semconv.GenAIRequestSeed(*req.Seed)
		case aChoiceCount:
			kv = semconv.GenAIRequestChoiceCount(*req.ChoiceCount)
		case aStopSequences:
			kv = semconv.GenAIRequestStopSequences(req.StopSequences...)
		case aOutputType:
			kv = semconv.GenAIOutputType(req.OutputType)
		case aStream:
			kv = semconv.GenAIRequestStream(true)
		case aEncodingFormats:
			kv = semconv.GenAIRequestEncodingFormats(req.EncodingFormats...)
		case aMessageCount:
			kv = semconv.NoveumInputMessageCount(len(req.Messages))
		}
		attrs = append(attrs, kv)
	}
	return append(attrs, req.Attributes...)
}

// StartChat starts a chat call: t.Start with operation chat.
func (t *Tracer) StartChat(ctx context.Context, req Request) (context.Context, *Call) {
	return t.Start(ctx, semconv.OperationChat, req)
}

// StartCompletion starts a text completion call: t.Start with operation
// text_completion.
func (t *Tracer) StartCompletion(ctx context.Context, req Request) (context.Context, *Call) {
	return t.Start(ctx, semconv.OperationTextCompletion, req)
}

// StartEmbeddings starts an embeddings call: t.Start with operation
// embeddings.
func (t *Tracer) StartEmbeddings(ctx context.Context, req Request) (context.Context, *Call) {
	return t.Start(ctx, semconv.OperationEmbeddings, req)
}

// StartRetrieval starts a retrieval step: a span named
// "retrieval {data source}", kind CLIENT. Record what it found with
// RecordDocuments, then End it.
func (t *Tracer) StartRetrieval(ctx context.Context, req RetrievalRequest) (context.Context, *Call) {
	ctx = tracing.NonNil(ctx)
	c := &Call{t: t, op: semconv.OperationRetrieval, provider: req.Provider, reqModel: req.Model,
		serverAddr: req.ServerAddress, serverPort: req.ServerPort, docs: -1}
	id := identity.Attrs(ctx)
	attrs := make([]attribute.KeyValue, 0, 8+len(req.Attributes)+len(id))
	attrs = append(attrs, semconv.GenAIOperationName(semconv.OperationRetrieval))
	if req.Provider != "" {
		attrs = append(attrs, semconv.GenAIProviderName(req.Provider))
	}
	if req.DataSourceID != "" {
		attrs = append(attrs, semconv.GenAIDataSourceID(req.DataSourceID))
	}
	if req.Model != "" {
		attrs = append(attrs, semconv.GenAIRequestModel(req.Model))
	}
	attrs = appendServer(attrs, req.ServerAddress, req.ServerPort)
	if req.TopK != nil {
		attrs = append(attrs, semconv.GenAIRetrievalTopK(*req.TopK))
	}
	attrs = append(attrs, req.Attributes...)
	attrs = append(attrs, id...)
	ctx = c.begin(ctx, tracing.SpanName(string(semconv.OperationRetrieval), req.DataSourceID), trace.SpanKindClient, attrs)
	if c.record && t.capture != config.CaptureNone && req.Query != "" {
		q, original := truncateText(req.Query, t.limit)
		if original > len(q) {
			c.noteTruncated(semconv.GenAIRetrievalQueryTextKey, original)
		}
		c.content[cQuery] = q
	}
	return ctx, c
}

// The span kind options, made once: each trace.WithSpanKind allocates.
var (
	kindClient   = trace.WithSpanKind(trace.SpanKindClient)
	kindInternal = trace.WithSpanKind(trace.SpanKindInternal)
)

func spanKind(kind trace.SpanKind) trace.SpanStartOption {
	switch kind {
	case trace.SpanKindClient:
		return kindClient
	case trace.SpanKindInternal:
		return kindInternal
	}
	return trace.WithSpanKind(kind)
}

func (c *Call) begin(ctx context.Context, name string, kind trace.SpanKind, attrs []attribute.KeyValue) context.Context {
	c.start = c.t.now()
	ctx, c.span = c.t.tracer.Start(ctx, name,
		spanKind(kind), trace.WithAttributes(attrs...), trace.WithTimestamp(c.start))
	c.ctx = ctx
	c.record = c.span.IsRecording()
	c.metrics = c.t.inst.enabled(ctx)
	return ctx
}

func appendServer(attrs []attribute.KeyValue, addr string, port int) []attribute.KeyValue {
	if addr != "" {
		attrs = append(attrs, semconv.ServerAddress(addr))
	}
	if port > 0 {
		attrs = append(attrs, semconv.ServerPort(port))
	}
	return attrs
}

// Span returns the call's span, for attributes and events of your own.
func (c *Call) Span() trace.Span {
	if c == nil {
		return trace.SpanFromContext(context.Background()) // a non-recording span
	}
	return c.span
}

// SetAttributes adds attributes of your own to the call's span. They are
// set at End together with the response's, in one update of the span
// (span.SetAttributes grows the span's attribute list each time it is
// called), and win over the helper's own attributes of the same key. Call
// it before End; after End it does nothing.
func (c *Call) SetAttributes(kvs ...attribute.KeyValue) {
	if c == nil || len(kvs) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	if c.extra == nil {
		c.extra = c.extraBuf[:0]
	}
	c.extra = append(c.extra, kvs...)
}

// Context returns the context the call's span was started in, which carries
// the span.
func (c *Call) Context() context.Context {
	if c == nil {
		return context.Background()
	}
	return c.ctx
}

// RecordResponse records what the model returned: response id and model,
// finish reasons, output messages (when content capture is on), output
// type, embedding dimensions and usage. Later calls override what earlier
// ones set.
func (c *Call) RecordResponse(r Response) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	if r.ID != "" {
		c.respID = r.ID
	}
	if r.Model != "" {
		c.respModel = r.Model
	}
	if len(r.FinishReasons) > 0 {
		c.finish = append(c.finish[:0], r.FinishReasons...)
	} else if len(r.Messages) > 0 {
		c.finish = c.finish[:0]
		for _, m := range r.Messages {
			if m.FinishReason != "" {
				c.finish = append(c.finish, m.FinishReason)
			}
		}
	}
	if r.OutputType != "" {
		c.outputType = r.OutputType
	}
	if r.EmbeddingDimensions > 0 {
		c.dims = r.EmbeddingDimensions
	}
	c.usage = mergeUsage(c.usage, r.Usage)
	if len(r.Messages) > 0 {
		c.toolCalls = c.toolCalls[:0]
		for _, p := range r.Messages[0].Parts { // the first choice, as llm.output.response
			if p.Type == PartToolCall {
				c.toolCalls = append(c.toolCalls, p.Name)
			}
		}
	}
	if len(r.Messages) > 0 && c.record && c.t.capture != config.CaptureNone {
		bp := getBuf()
		out, n := appendOutputMessagesLimit(*bp, r.Messages, c.t.limit)
		c.keep(cOutput, bp, out, n)
	}
}

// RecordUsage records the token usage. Reported counts replace earlier ones;
// unreported counts leave them as they are.
func (c *Call) RecordUsage(u Usage) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ended {
		c.usage = mergeUsage(c.usage, u)
	}
}

// RecordDocuments records the documents a retrieval step returned: their
// number always, and the documents themselves (gen_ai.retrieval.documents)
// when content capture is on.
func (c *Call) RecordDocuments(docs []Document) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	c.docs = len(docs)
	if c.record && c.t.capture != config.CaptureNone {
		bp := getBuf()
		out, n := appendDocumentsLimit(*bp, docs, c.t.limit)
		c.keep(cDocs, bp, out, n)
	}
}

func mergeUsage(u, v Usage) Usage {
	pick := func(a, b Count) Count {
		if b.ok {
			return b
		}
		return a
	}
	return Usage{
		InputTokens:              pick(u.InputTokens, v.InputTokens),
		OutputTokens:             pick(u.OutputTokens, v.OutputTokens),
		CacheReadInputTokens:     pick(u.CacheReadInputTokens, v.CacheReadInputTokens),
		CacheCreationInputTokens: pick(u.CacheCreationInputTokens, v.CacheCreationInputTokens),
		ReasoningOutputTokens:    pick(u.ReasoningOutputTokens, v.ReasoningOutputTokens),
	}
}

// End ends the call. A non-nil err marks it failed: span status Error with
// the error's message, error.type (see ErrorType), and an exception event.
// A streamed call that got no finish reason was abandoned: with an error,
// or when its context is done, it fails with finish reason "error";
// without, the reader stopped early and its finish reason is "cancelled"
// with the status left unset. End records usage, cost, streaming timings,
// captured content and metrics. Calls after the first do nothing.
func (c *Call) End(err error) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	c.ended = true
	end := c.t.now()

	streamed := c.stream.declared || c.stream.chunks > 0
	if err == nil && streamed && len(c.finish) == 0 && !c.stream.finished() {
		err = c.ctx.Err() // a stream cut short by its context
	}
	errType := ""
	if err != nil {
		errType = ErrorType(err)
	}

	if streamed {
		c.endStream(err)
	}

	ap := attrPool.Get().(*[]attribute.KeyValue)
	attrs := (*ap)[:0]
	if c.respID != "" {
		attrs = append(attrs, semconv.GenAIResponseID(c.respID))
	}
	if c.respModel != "" {
		attrs = append(attrs, semconv.GenAIResponseModel(c.respModel))
	}
	if len(c.finish) > 0 {
		attrs = append(attrs, semconv.GenAIResponseFinishReasons(c.finish...))
	}
	if c.outputType != "" {
		attrs = append(attrs, semconv.GenAIOutputType(c.outputType))
	}
	if c.dims > 0 {
		attrs = append(attrs, semconv.GenAIEmbeddingsDimensionCount(c.dims))
	}
	attrs = appendUsage(attrs, c.usage)
	attrs = c.appendCost(attrs)
	attrs = c.stream.appendAttrs(attrs)
	if c.docs >= 0 {
		attrs = append(attrs, semconv.NoveumRetrievalDocumentCount(c.docs))
	}
	if len(c.toolCalls) > 0 {
		// Metadata, not content: recorded whatever the capture mode.
		attrs = append(attrs, semconv.NoveumOutputToolCallNames(c.toolCalls...), semconv.NoveumOutputToolCallCount(len(c.toolCalls)))
	}
	if errType != "" {
		attrs = append(attrs, semconv.ErrorType(errType))
	}
	if c.record {
		if c.t.capture.OnSpans() {
			attrs = c.appendContent(attrs)
		}
		if len(c.truncKeys) > 0 {
			attrs = append(attrs, semconv.NoveumTruncated(c.truncKeys...))
			attrs = append(attrs, c.truncated...)
		}
		if c.t.capture.OnEvents() {
			c.emitDetails(end, errType)
		}
	}
	attrs = append(attrs, c.extra...) // last: the caller's win
	c.span.SetAttributes(attrs...)    // copies them: the slice goes back to the pool
	clear(attrs)
	*ap = attrs[:0]
	attrPool.Put(ap)
	if err != nil {
		errtype.RecordException(c.span, err, end)
		c.span.SetStatus(codes.Error, err.Error())
	}
	c.span.End(trace.WithTimestamp(end))

	if c.metrics {
		c.recordMetrics(end, errType)
	}
}

func appendUsage(attrs []attribute.KeyValue, u Usage) []attribute.KeyValue {
	if n, ok := u.InputTokens.Value(); ok {
		attrs = append(attrs, semconv.GenAIUsageInputTokens(n))
	}
	if n, ok := u.OutputTokens.Value(); ok {
		attrs = append(attrs, semconv.GenAIUsageOutputTokens(n))
	}
	if n, ok := u.CacheReadInputTokens.Value(); ok {
		attrs = append(attrs, semconv.GenAIUsageCacheReadInputTokens(n))
	}
	if n, ok := u.CacheCreationInputTokens.Value(); ok {
		attrs = append(attrs, semconv.GenAIUsageCacheCreationInputTokens(n))
	}
	if n, ok := u.ReasoningOutputTokens.Value(); ok {
		attrs = append(attrs, semconv.GenAIUsageReasoningOutputTokens(n))
	}
	return attrs
}

// appendCost prices the call's usage. Nothing is recorded without usage or
// without a price book; a model the book does not know is marked unpriced
// and counted, never priced with a guess.
func (c *Call) appendCost(attrs []attribute.KeyValue) []attribute.KeyValue {
	if c.t.prices == nil || !c.usage.Reported() {
		return attrs
	}
	model := c.respModel
	if model == "" {
		model = c.reqModel
	}
	cost, ok := c.t.prices.Cost(model, c.usage)
	if !ok && c.respModel != "" && c.reqModel != "" {
		cost, ok = c.t.prices.Cost(c.reqModel, c.usage)
	}
	if !ok {
		c.t.unpriced.Add(1)
		return append(attrs, semconv.NoveumCostUnpriced(true))
	}
	return append(attrs,
		semconv.NoveumCostInput(cost.Input),
		semconv.NoveumCostOutput(cost.Output),
		semconv.NoveumCostTotal(cost.Total),
		semconv.NoveumCostCurrency("USD"))
}

// Kinds of captured content, each recorded under its own key.
const (
	cInput = iota
	cSystem
	cTools
	cQuery
	cOutput
	cDocs
	numContent
)

var contentKeys = [numContent]attribute.Key{
	cInput:  semconv.GenAIInputMessagesKey,
	cSystem: semconv.GenAISystemInstructionsKey,
	cTools:  semconv.GenAIToolDefinitionsKey,
	cQuery:  semconv.GenAIRetrievalQueryTextKey,
	cOutput: semconv.GenAIOutputMessagesKey,
	cDocs:   semconv.GenAIRetrievalDocumentsKey,
}

// keep stores content of kind k encoded in out (from the pooled buffer bp),
// noting a truncation, and returns the buffer to the pool.
func (c *Call) keep(k int, bp *[]byte, out []byte, original int) {
	c.content[k] = string(out)
	if original > len(out) {
		c.noteTruncated(contentKeys[k], original)
	}
	if cap(out) <= maxPooledBuf {
		*bp = out[:0]
		bufPool.Put(bp)
	}
}

// appendContent appends the captured content as attributes.
func (c *Call) appendContent(attrs []attribute.KeyValue) []attribute.KeyValue {
	for k, v := range c.content {
		if v != "" {
			attrs = append(attrs, contentKeys[k].String(v))
		}
	}
	return attrs
}

func getBuf() *[]byte {
	bp := bufPool.Get().(*[]byte)
	*bp = (*bp)[:0]
	return bp
}

func (c *Call) noteTruncated(key attribute.Key, original int) {
	for _, k := range c.truncKeys {
		if k == key {
			return
		}
	}
	c.truncKeys = append(c.truncKeys, key)
	c.truncated = append(c.truncated, semconv.NoveumOriginalBytes(key, original))
}

// truncateText shortens plain text to at most limit bytes, cut on a rune
// boundary and ending in the truncation note, and returns its original length.
func truncateText(s string, limit int) (string, int) {
	return jsontext.CutText(s, limit), len(s)
}

const maxPooledBuf = 256 << 10

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// attrPool holds the attribute slices End fills: SetAttributes copies them.
var attrPool = sync.Pool{New: func() any { a := make([]attribute.KeyValue, 0, 32); return &a }}
