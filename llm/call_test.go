package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// testBook prices gpt-4o as the tests expect, independently of the
// built-in table.
func testBook(t *testing.T) *llm.PriceBook {
	t.Helper()
	b := llm.NewPriceBook()
	require.NoError(t, b.Set("gpt-4o", config.ModelPrice{Input: 2.5, Output: 10, CacheRead: 1.25}))
	require.NoError(t, b.Set("text-embedding-3-small", config.ModelPrice{Input: 0.02}))
	return b
}

func chatRequest() llm.Request {
	return llm.Request{
		Provider:         semconv.ProviderOpenAI,
		Model:            "gpt-4o",
		ServerAddress:    "api.openai.com",
		ServerPort:       443,
		Temperature:      new(0.2),
		TopP:             new(0.9),
		MaxTokens:        new(512),
		FrequencyPenalty: new(0.5),
		PresencePenalty:  new(-0.5),
		Seed:             new(int64(42)),
		ChoiceCount:      new(1), // 1 is the default: not recorded
		StopSequences:    []string{"\n\n"},
		ConversationID:   "conv-7",
		Messages: []llm.Message{
			{Role: llm.RoleSystem, Parts: []llm.Part{llm.Text("You are terse.")}},
			{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Where is my order?")}},
		},
	}
}

func chatResponse() llm.Response {
	return llm.Response{
		ID:       "chatcmpl-1",
		Model:    "gpt-4o-2024-08-06",
		Messages: []llm.Message{{Role: llm.RoleAssistant, Parts: []llm.Part{llm.Text("On its way.")}, FinishReason: "stop"}},
		Usage: llm.Usage{
			InputTokens:          llm.Tokens(1000),
			OutputTokens:         llm.Tokens(200),
			CacheReadInputTokens: llm.Tokens(400),
		},
	}
}

func TestChatSpan(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	ctx, call := f.tracer.StartChat(context.Background(), chatRequest())
	assert.Equal(t, call.Span().SpanContext(), trace.SpanContextFromContext(ctx), "the returned context carries the span")
	f.clock.Advance(1500 * time.Millisecond)
	call.RecordResponse(chatResponse())
	call.End(nil)

	s := f.only()
	assert.Equal(t, "chat gpt-4o", s.Name())
	assert.Equal(t, trace.SpanKindClient, s.SpanKind())
	assert.Equal(t, codes.Unset, s.Status().Code)
	assert.Equal(t, epoch, s.StartTime())
	assert.Equal(t, epoch.Add(1500*time.Millisecond), s.EndTime())
	assert.Equal(t, llm.ScopeName, s.InstrumentationScope().Name)
	assert.Equal(t, semconv.SchemaURL, s.InstrumentationScope().SchemaURL)
	assert.Empty(t, s.Events())

	got := attrs(s.Attributes())
	cost := map[string]float64{
		"noveum.cost.input":  0.0015 + 0.0005, // 600 uncached at $2.5/M, 400 cached at $1.25/M
		"noveum.cost.output": 0.002,
		"noveum.cost.total":  0.004,
	}
	for k, want := range cost {
		assert.InDelta(t, want, got[k], 1e-12, k)
		delete(got, k)
	}
	assert.Equal(t, map[string]any{
		"gen_ai.operation.name":                "chat",
		"gen_ai.provider.name":                 "openai",
		"gen_ai.request.model":                 "gpt-4o",
		"server.address":                       "api.openai.com",
		"server.port":                          int64(443),
		"gen_ai.conversation.id":               "conv-7",
		"gen_ai.request.temperature":           0.2,
		"gen_ai.request.top_p":                 0.9,
		"gen_ai.request.max_tokens":            int64(512),
		"gen_ai.request.frequency_penalty":     0.5,
		"gen_ai.request.presence_penalty":      -0.5,
		"gen_ai.request.seed":                  int64(42),
		"gen_ai.request.stop_sequences":        []string{"\n\n"},
		"gen_ai.response.id":                   "chatcmpl-1",
		"gen_ai.response.model":                "gpt-4o-2024-08-06",
		"gen_ai.response.finish_reasons":       []string{"stop"},
		"gen_ai.usage.input_tokens":            int64(1000),
		"gen_ai.usage.output_tokens":           int64(200),
		"gen_ai.usage.cache_read.input_tokens": int64(400),
		"noveum.cost.currency":                 "USD",
		"noveum.input.message_count":           int64(2),
	}, got, "content is off by default: no gen_ai.input.messages or output messages")
}

func TestStartAttributesSeenBySampler(t *testing.T) {
	var seen []string
	sampler := samplerFunc(func(p sdkSamplingParameters) {
		for _, kv := range p.Attributes {
			seen = append(seen, string(kv.Key))
		}
	})
	f := newSampledFixture(t, sampler)
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.End(nil)
	for _, k := range []string{"gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model", "server.address", "server.port"} {
		assert.Contains(t, seen, k)
	}
}

func TestOperationsNameAndKind(t *testing.T) {
	for _, tc := range []struct {
		start func(*llm.Tracer, llm.Request) *llm.Call
		req   llm.Request
		name  string
		kind  trace.SpanKind
	}{
		{func(tr *llm.Tracer, r llm.Request) *llm.Call { _, c := tr.StartChat(context.Background(), r); return c },
			llm.Request{Provider: "anthropic", Model: "claude-sonnet-4-5"}, "chat claude-sonnet-4-5", trace.SpanKindClient},
		{func(tr *llm.Tracer, r llm.Request) *llm.Call {
			_, c := tr.StartCompletion(context.Background(), r)
			return c
		},
			llm.Request{Provider: "openai", Model: "gpt-3.5-turbo-instruct"}, "text_completion gpt-3.5-turbo-instruct", trace.SpanKindClient},
		{func(tr *llm.Tracer, r llm.Request) *llm.Call {
			_, c := tr.Start(context.Background(), semconv.OperationGenerate, r)
			return c
		}, llm.Request{Provider: "gcp.gemini", Model: "gemini-2.5-flash"}, "generate_content gemini-2.5-flash", trace.SpanKindClient},
		{func(tr *llm.Tracer, r llm.Request) *llm.Call { _, c := tr.StartChat(context.Background(), r); return c },
			llm.Request{Provider: "ollama", Model: "llama3", InProcess: true}, "chat llama3", trace.SpanKindInternal},
		{func(tr *llm.Tracer, r llm.Request) *llm.Call { _, c := tr.StartChat(context.Background(), r); return c },
			llm.Request{Provider: "openai"}, "chat", trace.SpanKindClient},
	} {
		f := newFixture(t)
		tc.start(f.tracer, tc.req).End(nil)
		s := f.only()
		assert.Equal(t, tc.name, s.Name())
		assert.Equal(t, tc.kind, s.SpanKind(), tc.name)
	}
}

func TestCompletionSpan(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(nil))
	_, call := f.tracer.StartCompletion(context.Background(), llm.Request{
		Provider: semconv.ProviderOpenAI, Model: "gpt-3.5-turbo-instruct", MaxTokens: new(64), ChoiceCount: new(2),
		TopK: new(40), OutputType: semconv.OutputText,
	})
	call.RecordResponse(llm.Response{ID: "cmpl-1", FinishReasons: []string{"length", "stop"},
		Usage: llm.Usage{InputTokens: llm.Tokens(5), OutputTokens: llm.Tokens(128)}})
	call.End(nil)
	s := f.only()
	assert.Equal(t, "text_completion gpt-3.5-turbo-instruct", s.Name())
	assert.Equal(t, map[string]any{
		"gen_ai.operation.name":          "text_completion",
		"gen_ai.provider.name":           "openai",
		"gen_ai.request.model":           "gpt-3.5-turbo-instruct",
		"gen_ai.request.max_tokens":      int64(64),
		"gen_ai.request.choice.count":    int64(2),
		"gen_ai.request.top_k":           40.0,
		"gen_ai.output.type":             "text",
		"gen_ai.response.id":             "cmpl-1",
		"gen_ai.response.finish_reasons": []string{"length", "stop"},
		"gen_ai.usage.input_tokens":      int64(5),
		"gen_ai.usage.output_tokens":     int64(128),
	}, attrs(s.Attributes()), "no price book: no cost attributes at all")
}

func TestEmbeddingsSpan(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	_, call := f.tracer.StartEmbeddings(context.Background(), llm.Request{
		Provider: semconv.ProviderOpenAI, Model: "text-embedding-3-small",
		EncodingFormats: []string{"float"},
	})
	call.RecordResponse(llm.Response{EmbeddingDimensions: 1536, Usage: llm.Usage{InputTokens: llm.Tokens(50_000)}})
	call.End(nil)
	s := f.only()
	assert.Equal(t, "embeddings text-embedding-3-small", s.Name())
	got := attrs(s.Attributes())
	assert.InDelta(t, 0.001, got["noveum.cost.total"], 1e-12)
	delete(got, "noveum.cost.total")
	assert.Equal(t, map[string]any{
		"gen_ai.operation.name":             "embeddings",
		"gen_ai.provider.name":              "openai",
		"gen_ai.request.model":              "text-embedding-3-small",
		"gen_ai.request.encoding_formats":   []string{"float"},
		"gen_ai.embeddings.dimension.count": int64(1536),
		"gen_ai.usage.input_tokens":         int64(50_000),
		"noveum.cost.input":                 0.001,
		"noveum.cost.output":                0.0,
		"noveum.cost.currency":              "USD",
	}, got)
}

func TestRetrievalSpan(t *testing.T) {
	docs := []llm.Document{{ID: "kb-1", Score: 0.92, Content: "Orders ship in 2 days."}, {ID: "kb-7", Score: 0.71}}
	t.Run("capture off", func(t *testing.T) {
		f := newFixture(t)
		_, call := f.tracer.StartRetrieval(context.Background(), llm.RetrievalRequest{
			DataSourceID: "support-kb", Provider: "pinecone", TopK: new(5), Query: "shipping time",
		})
		call.RecordDocuments(docs)
		call.End(nil)
		s := f.only()
		assert.Equal(t, "retrieval support-kb", s.Name())
		assert.Equal(t, trace.SpanKindClient, s.SpanKind())
		assert.Equal(t, map[string]any{
			"gen_ai.operation.name":           "retrieval",
			"gen_ai.provider.name":            "pinecone",
			"gen_ai.data_source.id":           "support-kb",
			"gen_ai.retrieval.top_k":          int64(5),
			"noveum.retrieval.document_count": int64(2),
		}, attrs(s.Attributes()), "no query text and no documents without capture")
	})
	t.Run("capture on", func(t *testing.T) {
		f := newFixture(t, llm.WithCaptureContent(config.CaptureSpanOnly))
		_, call := f.tracer.StartRetrieval(context.Background(), llm.RetrievalRequest{DataSourceID: "support-kb", Query: "shipping time"})
		call.RecordDocuments(docs)
		call.End(nil)
		got := attrs(f.only().Attributes())
		assert.Equal(t, "shipping time", got["gen_ai.retrieval.query.text"])
		assert.Equal(t, []any{
			map[string]any{"id": "kb-1", "score": 0.92, "content": "Orders ship in 2 days."},
			map[string]any{"id": "kb-7", "score": 0.71},
		}, decode(t, got["gen_ai.retrieval.documents"]))
	})
}

func TestCaptureModes(t *testing.T) {
	for _, tc := range []struct {
		mode          config.CaptureMode
		onSpan, event bool
	}{
		{config.CaptureNone, false, false},
		{config.CaptureSpanOnly, true, false},
		{config.CaptureEventOnly, false, true},
		{config.CaptureSpanAndEvent, true, true},
	} {
		t.Run(string(tc.mode), func(t *testing.T) {
			f := newFixture(t, llm.WithCaptureContent(tc.mode))
			req := chatRequest()
			req.SystemInstructions = []llm.Part{llm.Text("Be kind.")}
			req.Tools = []llm.ToolDefinition{{Type: "function", Name: "track_order", Parameters: []byte(`{"type":"object"}`)}}
			_, call := f.tracer.StartChat(context.Background(), req)
			call.RecordResponse(chatResponse())
			call.End(nil)
			s := f.only()
			got := attrs(s.Attributes())
			content := []string{"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.tool.definitions"}
			for _, k := range content {
				_, ok := got[k]
				assert.Equal(t, tc.onSpan, ok, "span attribute %s", k)
			}
			var events []string
			for _, ev := range s.Events() {
				events = append(events, ev.Name)
				if ev.Name == semconv.EventInferenceDetails {
					evAttrs := plainAttrs(ev.Attributes)
					assert.ElementsMatch(t, append([]string{"gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
						"gen_ai.response.model", "gen_ai.response.id", "gen_ai.response.finish_reasons"}, content...), keys(evAttrs))
					assert.Equal(t, "chat", evAttrs["gen_ai.operation.name"])
					// Structured content, not JSON strings.
					assert.Equal(t, []any{map[string]any{"role": "assistant", "finish_reason": "stop",
						"parts": []any{map[string]any{"type": "text", "content": "On its way."}}}},
						evAttrs["gen_ai.output.messages"])
					assert.Equal(t, []any{map[string]any{"type": "text", "content": "Be kind."}}, evAttrs["gen_ai.system_instructions"])
				}
			}
			if tc.event {
				assert.Equal(t, []string{"gen_ai.client.inference.operation.details"}, events)
			} else {
				assert.Empty(t, events)
			}
			if tc.onSpan {
				assert.Equal(t, []any{
					map[string]any{"role": "system", "parts": []any{map[string]any{"type": "text", "content": "You are terse."}}},
					map[string]any{"role": "user", "parts": []any{map[string]any{"type": "text", "content": "Where is my order?"}}},
				}, decode(t, got["gen_ai.input.messages"]))
				assert.Equal(t, []any{map[string]any{"type": "text", "content": "Be kind."}}, decode(t, got["gen_ai.system_instructions"]))
			}
		})
	}
}

func TestCaptureFromEnvironment(t *testing.T) {
	var reported []error
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { reported = append(reported, err) }))
	t.Cleanup(func() { otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Print(err) })) })
	for _, tc := range []struct {
		noveum, otel string
		want         config.CaptureMode
	}{
		{"", "", config.CaptureNone},
		{"", "true", config.CaptureSpanOnly},
		{"", "EVENT_ONLY", config.CaptureEventOnly},
		{"false", "true", config.CaptureNone},
		{"span_and_event", "", config.CaptureSpanAndEvent},
		{"sometimes", "true", config.CaptureNone}, // invalid: reported, and nothing captured
	} {
		t.Setenv("NOVEUM_CAPTURE_CONTENT", tc.noveum)
		t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", tc.otel)
		tr := llm.NewTracer(llm.WithTracerProvider(noop.NewTracerProvider()))
		assert.Equal(t, tc.want, tr.CaptureContent(), "NOVEUM=%q OTEL=%q", tc.noveum, tc.otel)
	}
	require.Len(t, reported, 1, "the invalid value is reported")
	assert.Equal(t, "noveum llm: NOVEUM_CAPTURE_CONTENT is not a capture mode: recording no content; "+
		"use NO_CONTENT, SPAN_ONLY, EVENT_ONLY, SPAN_AND_EVENT, true or false", reported[0].Error())
	assert.NotContains(t, reported[0].Error(), "sometimes", "values are not echoed: they may be secrets set by mistake")

	t.Setenv("NOVEUM_CAPTURE_CONTENT", "true")
	tr := llm.NewTracer(llm.WithTracerProvider(noop.NewTracerProvider()), llm.WithCaptureContent(config.CaptureNone))
	assert.Equal(t, config.CaptureNone, tr.CaptureContent(), "the option overrides the environment")
}

func TestContentTruncated(t *testing.T) {
	f := newFixture(t, llm.WithCaptureContent(config.CaptureSpanOnly), llm.WithContentLimit(600))
	req := chatRequest()
	long := strings.Repeat("All work and no play makes Jack a dull boy. ", 100)
	req.Messages = append([]llm.Message{}, req.Messages[0],
		llm.Message{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(long)}},
		llm.Message{Role: llm.RoleAssistant, Parts: []llm.Part{llm.Text(long)}},
		llm.Message{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("And now?")}})
	_, call := f.tracer.StartChat(context.Background(), req)
	call.End(nil)
	got := attrs(f.only().Attributes())
	in := got["gen_ai.input.messages"].(string)
	assert.LessOrEqual(t, len(in), 600)
	msgs := decode(t, in).([]any)
	assert.Equal(t, "system", msgs[0].(map[string]any)["role"], "the system message survives")
	last := msgs[len(msgs)-1].(map[string]any)
	assert.Equal(t, []any{map[string]any{"type": "text", "content": "And now?"}}, last["parts"], "the latest turn survives")
	assert.Equal(t, []string{"gen_ai.input.messages"}, got["noveum.truncated"])
	full, err := json.Marshal(req.Messages)
	require.NoError(t, err)
	assert.Equal(t, int64(len(full)), got["noveum.original_bytes.gen_ai.input.messages"])
}

func TestEndTwiceAndRecordAfterEnd(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.RecordResponse(chatResponse())
	call.End(nil)
	before := attrs(f.only().Attributes())
	call.End(errors.New("late"))
	call.RecordResponse(llm.Response{ID: "other", Usage: llm.Usage{InputTokens: llm.Tokens(1)}})
	call.RecordUsage(llm.Usage{OutputTokens: llm.Tokens(9)})
	call.RecordChunk(llm.Chunk{Text: "more"})
	call.RecordDocuments([]llm.Document{{ID: "x"}})
	s := f.only()
	assert.Equal(t, before, attrs(s.Attributes()))
	assert.Equal(t, codes.Unset, s.Status().Code)
}

type httpStatusError struct{ code int }

func (e *httpStatusError) Error() string   { return fmt.Sprintf("provider answered %d", e.code) }
func (e *httpStatusError) StatusCode() int { return e.code }

func TestErrorRecorded(t *testing.T) {
	f := newFixture(t)
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.End(fmt.Errorf("chat: %w", &httpStatusError{429}))
	s := f.only()
	assert.Equal(t, codes.Error, s.Status().Code)
	assert.Equal(t, "chat: provider answered 429", s.Status().Description)
	assert.Equal(t, "429", attrs(s.Attributes())["error.type"])
	require.Len(t, s.Events(), 1)
	ev := s.Events()[0]
	assert.Equal(t, "exception", ev.Name)
	assert.Equal(t, "chat: provider answered 429", attrs(ev.Attributes)["exception.message"])
}

func TestUsageNotReportedIsAbsent(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.RecordResponse(llm.Response{Usage: llm.Usage{InputTokens: llm.Tokens(10), OutputTokens: llm.Tokens(0)}})
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.Equal(t, int64(10), got["gen_ai.usage.input_tokens"])
	assert.Equal(t, int64(0), got["gen_ai.usage.output_tokens"], "a reported zero is recorded")
	for _, k := range []string{"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.reasoning.output_tokens"} {
		assert.NotContains(t, got, k, "an unreported count is absent")
	}
}

func TestUnpricedModel(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	req := chatRequest()
	req.Model = "gpt-4o-custom-finetune"
	_, call := f.tracer.StartChat(context.Background(), req)
	call.RecordResponse(llm.Response{Usage: llm.Usage{InputTokens: llm.Tokens(10)}})
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.Equal(t, true, got["noveum.cost.unpriced"])
	for _, k := range []string{"noveum.cost.input", "noveum.cost.output", "noveum.cost.total", "noveum.cost.currency"} {
		assert.NotContains(t, got, k, "never priced with a guess")
	}
	assert.Equal(t, int64(1), f.tracer.Unpriced())

	// Without usage there is nothing to price, and nothing is counted.
	_, call = f.tracer.StartChat(context.Background(), req)
	call.End(nil)
	assert.Equal(t, int64(1), f.tracer.Unpriced())
}

func TestResponseModelPricedElseRequestModel(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.RecordResponse(llm.Response{Model: "some-router-alias", Usage: llm.Usage{OutputTokens: llm.Tokens(100)}})
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.InDelta(t, 0.001, got["noveum.cost.total"], 1e-12, "the request model's price when the response model has none")
}

func TestNoPriceBook(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(nil))
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.RecordResponse(chatResponse())
	call.End(nil)
	got := attrs(f.only().Attributes())
	for _, k := range []string{"noveum.cost.total", "noveum.cost.unpriced"} {
		assert.NotContains(t, got, k)
	}
}

func TestNotRecordingSpan(t *testing.T) {
	// Under a no-op provider nothing is recorded, nothing panics, and the
	// handle still behaves.
	tr := llm.NewTracer(llm.WithTracerProvider(noop.NewTracerProvider()), llm.WithCaptureContent(config.CaptureSpanAndEvent))
	ctx, call := tr.StartChat(context.Background(), chatRequest())
	assert.False(t, trace.SpanFromContext(ctx).IsRecording())
	call.RecordChunk(llm.Chunk{Text: "hi"})
	call.RecordResponse(chatResponse())
	call.End(nil)
	call.End(nil)
}

func TestErrorType(t *testing.T) {
	deadline, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{errors.New("boom"), "_OTHER"},
		{fmt.Errorf("wrapped: %w", errors.New("boom")), "_OTHER"},
		{deadline.Err(), "timeout"},
		{fmt.Errorf("call: %w", context.Canceled), "canceled"},
		{&httpStatusError{503}, "503"},
		{fmt.Errorf("x: %w", &httpStatusError{401}), "401"},
		{typedError{}, "rate_limited"},
		{fmt.Errorf("x: %w", &customError{}), "*llm_test.customError"},
		{errors.Join(errors.New("a"), &customError{}), "*llm_test.customError"},
	} {
		assert.Equal(t, tc.want, llm.ErrorType(tc.err), "%v", tc.err)
	}
}

type typedError struct{}

func (typedError) Error() string     { return "slow down" }
func (typedError) ErrorType() string { return "rate_limited" }

type customError struct{}

func (*customError) Error() string { return "custom" }

// The conversation identity of the context (agents.WithIdentity) is on the
// span from its start, without the agents identity processor.
func TestIdentityFromContext(t *testing.T) {
	f := newFixture(t)
	ctx := agents.WithIdentity(context.Background(), agents.Identity{ConversationID: "conv-ctx", UserID: "u-1",
		SessionID: "s-1", Tags: map[string]string{"tier": "gold"}})
	req := chatRequest() // its own ConversationID is "conv-7"
	_, call := f.tracer.StartChat(ctx, req)
	call.End(nil)
	_, call = f.tracer.StartRetrieval(ctx, llm.RetrievalRequest{DataSourceID: "kb"})
	call.End(nil)
	for _, s := range f.spans.Ended() {
		got := attrs(s.Attributes())
		assert.Equal(t, "conv-ctx", got["gen_ai.conversation.id"], s.Name())
		assert.Equal(t, "u-1", got["user.id"], s.Name())
		assert.Equal(t, "s-1", got["session.id"], s.Name())
		assert.Equal(t, "gold", got["noveum.tag.tier"], s.Name())
	}
}

func TestDefaultTracer(t *testing.T) {
	f := newFixture(t)
	llm.SetDefault(f.tracer)
	t.Cleanup(func() { llm.SetDefault(nil) })
	assert.Same(t, f.tracer, llm.Default())
	_, call := llm.StartChat(context.Background(), llm.Request{Provider: "openai", Model: "gpt-4o"})
	call.End(nil)
	assert.Equal(t, "chat gpt-4o", f.only().Name())

	llm.SetDefault(nil)
	d := llm.Default()
	assert.NotSame(t, f.tracer, d)
	assert.Same(t, d, llm.Default(), "made once, then kept")
}

// A nil *Call does nothing, as a nil *agents.Run does.
func TestNilCallDoesNothing(t *testing.T) {
	var c *llm.Call
	c.RecordResponse(llm.Response{ID: "r"})
	c.RecordUsage(llm.Usage{InputTokens: llm.Tokens(1)})
	c.RecordChunk(llm.Chunk{Text: "x"})
	c.RecordDocuments([]llm.Document{{ID: "d"}})
	c.End(errors.New("nil call"))
	assert.False(t, c.Span().IsRecording())
	assert.NotNil(t, c.Context())
}

// A nil context (which the documentation forbids) or an empty provider
// gives a span, never a panic; the provider attribute is left out rather
// than empty.
func TestBadArgumentsDoNotPanic(t *testing.T) {
	f := newFixture(t)
	//lint:ignore SA1012 a nil context is the bad input under test
	_, call := f.tracer.StartChat(nil, llm.Request{Model: "m"}) //nolint:staticcheck
	call.End(nil)
	//lint:ignore SA1012 a nil context is the bad input under test
	_, call = f.tracer.StartRetrieval(nil, llm.RetrievalRequest{}) //nolint:staticcheck
	call.End(nil)
	ended := f.spans.Ended()
	require.Len(t, ended, 2)
	assert.NotContains(t, attrs(ended[0].Attributes()), "gen_ai.provider.name")
}

func TestCallSetAttributes(t *testing.T) {
	// The caller's attributes land on the span with End's, win over the
	// helper's own, and are ignored after End; a nil Call ignores them.
	f := newFixture(t)
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.SetAttributes(semconv.HTTPResponseStatusCode(200), attribute.String("app.route", "/chat"))
	call.SetAttributes(semconv.GenAIResponseModel("mine"), attribute.Int("app.retries", 1), attribute.Bool("app.third", true))
	call.RecordResponse(llm.Response{Model: "gpt-4o-2024-08-06"})
	call.End(nil)
	call.SetAttributes(attribute.String("app.late", "x"))
	got := attrs(f.only().Attributes())
	assert.Equal(t, int64(200), got["http.response.status_code"])
	assert.Equal(t, "/chat", got["app.route"])
	assert.Equal(t, int64(1), got["app.retries"])
	assert.Equal(t, true, got["app.third"])
	assert.Equal(t, "mine", got["gen_ai.response.model"], "the caller's value wins")
	assert.NotContains(t, got, "app.late", "after End it does nothing")

	var none *llm.Call
	none.SetAttributes(attribute.String("k", "v")) // does not panic
}

func TestStartReusesNoCallerSlice(t *testing.T) {
	// Start's attribute slice is pooled: spans started one after another
	// keep their own attributes.
	f := newFixture(t)
	for _, model := range []string{"gpt-4o", "gpt-4o-mini", "o3"} {
		req := chatRequest()
		req.Model = model
		_, call := f.tracer.StartChat(context.Background(), req)
		call.End(nil)
	}
	ended := f.spans.Ended()
	require.Len(t, ended, 3)
	for i, model := range []string{"gpt-4o", "gpt-4o-mini", "o3"} {
		assert.Equal(t, model, attrs(ended[i].Attributes())["gen_ai.request.model"])
	}
}
