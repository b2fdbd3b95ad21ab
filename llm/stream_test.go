package llm_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

func streamRequest() llm.Request {
	r := chatRequest()
	r.Stream = true
	return r
}

// TestStreamTimings streams four chunks at known times: 300 ms to the first,
// then 50, 70 and 80 ms apart.
func TestStreamTimings(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	_, call := f.tracer.StartChat(context.Background(), streamRequest())
	steps := []time.Duration{300 * time.Millisecond, 50 * time.Millisecond, 70 * time.Millisecond, 80 * time.Millisecond}
	chunks := []llm.Chunk{
		{ResponseID: "chatcmpl-9", Model: "gpt-4o-2024-08-06", Text: "On "},
		{Text: "its "},
		{Text: "way.", FinishReason: "stop"},
		{Usage: llm.Usage{InputTokens: llm.Tokens(1000), OutputTokens: llm.Tokens(3)}},
	}
	for i, ch := range chunks {
		f.clock.Advance(steps[i])
		call.RecordChunk(ch)
	}
	f.clock.Advance(10 * time.Millisecond)
	call.End(nil)

	s := f.only()
	got := attrs(s.Attributes())
	assert.Equal(t, true, got["gen_ai.request.stream"])
	assert.InDelta(t, 0.300, got["gen_ai.response.time_to_first_chunk"], 1e-9)
	assert.Equal(t, int64(4), got["noveum.response.chunk_count"])
	assert.InDelta(t, 0.200/3, got["noveum.response.time_per_output_chunk"], 1e-9)
	assert.Equal(t, "chatcmpl-9", got["gen_ai.response.id"])
	assert.Equal(t, "gpt-4o-2024-08-06", got["gen_ai.response.model"])
	assert.Equal(t, []string{"stop"}, got["gen_ai.response.finish_reasons"])
	assert.Equal(t, int64(1000), got["gen_ai.usage.input_tokens"])
	assert.Equal(t, int64(3), got["gen_ai.usage.output_tokens"])
	assert.Contains(t, got, "noveum.cost.total")
	assert.Equal(t, codes.Unset, s.Status().Code)
	assert.Equal(t, epoch.Add(510*time.Millisecond), s.EndTime())
	assert.Equal(t, []string{
		"gen_ai.conversation.id", "gen_ai.operation.name", "gen_ai.provider.name",
		"gen_ai.request.frequency_penalty", "gen_ai.request.max_tokens", "gen_ai.request.model",
		"gen_ai.request.presence_penalty", "gen_ai.request.seed", "gen_ai.request.stop_sequences",
		"gen_ai.request.stream", "gen_ai.request.temperature", "gen_ai.request.top_p",
		"gen_ai.response.finish_reasons", "gen_ai.response.id", "gen_ai.response.model",
		"gen_ai.response.time_to_first_chunk", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
		"noveum.cost.currency", "noveum.cost.input", "noveum.cost.output", "noveum.cost.total",
		"noveum.input.message_count",
		"noveum.response.chunk_count", "noveum.response.time_per_output_chunk",
		"server.address", "server.port",
	}, keys(got), "the exact attribute set of a streamed chat span, content off")

	ttfc := f.histogram("gen_ai.client.operation.time_to_first_chunk")
	require.Len(t, ttfc, 1)
	assert.Equal(t, uint64(1), ttfc[0].count)
	assert.InDelta(t, 0.300, ttfc[0].sum, 1e-9)
	tpoc := f.histogram("gen_ai.client.operation.time_per_output_chunk")
	require.Len(t, tpoc, 1)
	assert.Equal(t, uint64(3), tpoc[0].count, "one per chunk after the first")
	assert.InDelta(t, 0.200, tpoc[0].sum, 1e-9)
	assert.Equal(t, map[string]any{
		"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai",
		"gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06",
		"server.address": "api.openai.com", "server.port": int64(443),
	}, tpoc[0].attrs)
}

func TestStreamDeclaredByFirstChunk(t *testing.T) {
	f := newFixture(t)
	_, call := f.tracer.StartChat(context.Background(), chatRequest()) // Stream not set
	call.RecordChunk(llm.Chunk{Text: "x", FinishReason: "stop"})
	call.End(nil)
	assert.Equal(t, true, attrs(f.only().Attributes())["gen_ai.request.stream"])
}

func TestNonStreamHasNoStreamAttributes(t *testing.T) {
	f := newFixture(t)
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.RecordResponse(chatResponse())
	call.End(nil)
	got := attrs(f.only().Attributes())
	for _, k := range []string{"gen_ai.request.stream", "gen_ai.response.time_to_first_chunk", "noveum.response.chunk_count"} {
		assert.NotContains(t, got, k)
	}
	assert.Empty(t, f.histogram("gen_ai.client.operation.time_to_first_chunk"))
}

func TestStreamAssemblesOutput(t *testing.T) {
	f := newFixture(t, llm.WithCaptureContent(config.CaptureSpanOnly))
	_, call := f.tracer.StartChat(context.Background(), streamRequest())
	for _, ch := range []llm.Chunk{
		{Reasoning: "The user wants "},
		{Reasoning: "tracking."},
		{Text: "Let me "},
		{Text: "check."},
		{ToolCalls: []llm.ToolCallDelta{{Index: 0, ID: "call_1", Name: "track_order"}}},
		{ToolCalls: []llm.ToolCallDelta{{Index: 0, Arguments: `{"order":`}}},
		{ToolCalls: []llm.ToolCallDelta{{Index: 0, Arguments: `"A-1"}`}, {Index: 1, ID: "call_2", Name: "eta", Arguments: `{}`}}},
		{FinishReason: "tool_calls"},
	} {
		call.RecordChunk(ch)
	}
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.Equal(t, []any{map[string]any{
		"role": "assistant", "finish_reason": "tool_calls",
		"parts": []any{
			map[string]any{"type": "reasoning", "content": "The user wants tracking."},
			map[string]any{"type": "text", "content": "Let me check."},
			map[string]any{"type": "tool_call", "id": "call_1", "name": "track_order", "arguments": map[string]any{"order": "A-1"}},
			map[string]any{"type": "tool_call", "id": "call_2", "name": "eta", "arguments": map[string]any{}},
		},
	}}, decode(t, got["gen_ai.output.messages"]))
	assert.Equal(t, []string{"tool_calls"}, got["gen_ai.response.finish_reasons"])
}

func TestStreamSeveralChoices(t *testing.T) {
	f := newFixture(t, llm.WithCaptureContent(config.CaptureSpanOnly))
	_, call := f.tracer.StartChat(context.Background(), streamRequest())
	call.RecordChunk(llm.Chunk{Choice: 1, Text: "B"})
	call.RecordChunk(llm.Chunk{Choice: 0, Text: "A"})
	call.RecordChunk(llm.Chunk{Choice: 0, FinishReason: "stop"})
	call.RecordChunk(llm.Chunk{Choice: 1, FinishReason: "length"})
	call.RecordChunk(llm.Chunk{Choice: 1000, Text: "ignored: beyond the bound"})
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.Equal(t, []string{"stop", "length"}, got["gen_ai.response.finish_reasons"])
	out := decode(t, got["gen_ai.output.messages"]).([]any)
	require.Len(t, out, 2)
	assert.Equal(t, "length", out[1].(map[string]any)["finish_reason"])
}

func TestStreamUsageNotReported(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(testBook(t)))
	_, call := f.tracer.StartChat(context.Background(), streamRequest())
	call.RecordChunk(llm.Chunk{Text: "hi"})
	call.RecordChunk(llm.Chunk{FinishReason: "stop"})
	call.End(nil)
	got := attrs(f.only().Attributes())
	for k := range got {
		assert.NotContains(t, []string{"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
			"noveum.cost.total", "noveum.cost.unpriced"}, k, "usage not reported: no counts, no cost")
	}
	assert.Equal(t, int64(0), f.tracer.Unpriced())
	assert.Empty(t, f.histogram("gen_ai.client.token.usage"))
}

func TestStreamUsageCombines(t *testing.T) {
	// Anthropic reports input tokens at message_start and output tokens at
	// message_delta.
	f := newFixture(t)
	_, call := f.tracer.StartChat(context.Background(), streamRequest())
	call.RecordChunk(llm.Chunk{Usage: llm.Usage{InputTokens: llm.Tokens(120), CacheReadInputTokens: llm.Tokens(100), OutputTokens: llm.Tokens(1)}})
	call.RecordChunk(llm.Chunk{Text: "ok"})
	call.RecordChunk(llm.Chunk{FinishReason: "end_turn", Usage: llm.Usage{OutputTokens: llm.Tokens(42)}})
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.Equal(t, int64(120), got["gen_ai.usage.input_tokens"])
	assert.Equal(t, int64(100), got["gen_ai.usage.cache_read.input_tokens"])
	assert.Equal(t, int64(42), got["gen_ai.usage.output_tokens"])
	tokens := f.histogram("gen_ai.client.token.usage")
	require.Len(t, tokens, 2)
	byType := map[any]float64{}
	for _, p := range tokens {
		byType[p.attrs["gen_ai.token.type"]] = p.sum
		assert.Equal(t, []float64{1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864}, p.bounds)
	}
	assert.Equal(t, map[any]float64{"input": 120, "output": 42}, byType)
}

func TestStreamAbandoned(t *testing.T) {
	t.Run("context cancelled", func(t *testing.T) {
		f := newFixture(t)
		ctx, cancel := context.WithCancel(context.Background())
		_, call := f.tracer.StartChat(ctx, streamRequest())
		call.RecordChunk(llm.Chunk{Text: "Once upon"})
		cancel()
		call.End(nil) // the reader saw the stream end; the context says why
		s := f.only()
		assert.Equal(t, codes.Error, s.Status().Code)
		got := attrs(s.Attributes())
		assert.Equal(t, "canceled", got["error.type"])
		assert.Equal(t, []string{"error"}, got["gen_ai.response.finish_reasons"])
		dur := f.histogram("gen_ai.client.operation.duration")
		require.Len(t, dur, 1)
		assert.Equal(t, "canceled", dur[0].attrs["error.type"])
	})
	t.Run("deadline", func(t *testing.T) {
		f := newFixture(t)
		_, call := f.tracer.StartChat(context.Background(), streamRequest())
		call.RecordChunk(llm.Chunk{Text: "Once upon"})
		call.End(fmt.Errorf("reading stream: %w", context.DeadlineExceeded))
		s := f.only()
		assert.Equal(t, codes.Error, s.Status().Code)
		assert.Equal(t, "timeout", attrs(s.Attributes())["error.type"])
		assert.Equal(t, []string{"error"}, attrs(s.Attributes())["gen_ai.response.finish_reasons"])
	})
	t.Run("reader closed", func(t *testing.T) {
		f := newFixture(t)
		_, call := f.tracer.StartChat(context.Background(), streamRequest())
		call.RecordChunk(llm.Chunk{Text: "Once upon"})
		call.End(nil)
		s := f.only()
		assert.Equal(t, codes.Unset, s.Status().Code, "stopping early is not a failure of the call")
		got := attrs(s.Attributes())
		assert.Equal(t, []string{"cancelled"}, got["gen_ai.response.finish_reasons"])
		assert.NotContains(t, got, "error.type")
	})
	t.Run("context cancelled before the first chunk", func(t *testing.T) {
		f := newFixture(t)
		ctx, cancel := context.WithCancel(context.Background())
		_, call := f.tracer.StartChat(ctx, streamRequest())
		cancel()
		call.End(nil)
		s := f.only()
		assert.Equal(t, codes.Error, s.Status().Code)
		got := attrs(s.Attributes())
		assert.Equal(t, "canceled", got["error.type"])
		assert.Equal(t, []string{"error"}, got["gen_ai.response.finish_reasons"])
		assert.NotContains(t, got, "gen_ai.response.time_to_first_chunk", "no chunk, no time to it")
	})
	t.Run("one of two choices unfinished", func(t *testing.T) {
		f := newFixture(t)
		ctx, cancel := context.WithCancel(context.Background())
		_, call := f.tracer.StartChat(ctx, streamRequest())
		call.RecordChunk(llm.Chunk{Choice: 0, Text: "A", FinishReason: "stop"})
		call.RecordChunk(llm.Chunk{Choice: 1, Text: "B"})
		cancel()
		call.End(nil)
		s := f.only()
		assert.Equal(t, codes.Error, s.Status().Code, "the second choice was cut short")
		assert.Equal(t, []string{"stop", "error"}, attrs(s.Attributes())["gen_ai.response.finish_reasons"])
	})
	t.Run("error after finish", func(t *testing.T) {
		f := newFixture(t)
		_, call := f.tracer.StartChat(context.Background(), streamRequest())
		call.RecordChunk(llm.Chunk{Text: "Done", FinishReason: "stop"})
		call.End(errors.New("connection reset while reading usage"))
		got := attrs(f.only().Attributes())
		assert.Equal(t, []string{"stop"}, got["gen_ai.response.finish_reasons"], "the model's own reason is kept")
		assert.Equal(t, "_OTHER", got["error.type"])
	})
}

func TestRecordChunkAllocations(t *testing.T) {
	f := newFixture(t, llm.WithCaptureContent(config.CaptureSpanOnly))
	_, call := f.tracer.StartChat(context.Background(), streamRequest())
	for range 1000 { // grow the buffers to the response's size
		call.RecordChunk(llm.Chunk{Text: "token "})
	}
	defer call.End(nil)
	// Growth is amortised: 1000 more chunks of the same size need only a
	// handful of reallocations between them.
	allocs := testing.AllocsPerRun(1000, func() { call.RecordChunk(llm.Chunk{Text: "token "}) })
	assert.Less(t, allocs, 0.05)
}

func TestConcurrentStreamsConcurrentSafe(t *testing.T) {
	f := newFixture(t, llm.WithCaptureContent(config.CaptureSpanAndEvent), llm.WithPriceBook(testBook(t)))
	const streams, chunks = 32, 50
	var wg sync.WaitGroup
	for i := range streams {
		wg.Go(func() {
			_, call := f.tracer.StartChat(context.Background(), streamRequest())
			// A second goroutine records usage while the reader streams,
			// as a callback from a provider SDK might.
			var side sync.WaitGroup
			side.Go(func() { call.RecordUsage(llm.Usage{InputTokens: llm.Tokens(int64(i))}) })
			for j := range chunks {
				ch := llm.Chunk{Text: fmt.Sprintf("%d.%d ", i, j)}
				if j == chunks-1 {
					ch.FinishReason = "stop"
				}
				call.RecordChunk(ch)
			}
			side.Wait()
			call.End(nil)
		})
	}
	wg.Wait()
	ended := f.spans.Ended()
	require.Len(t, ended, streams)
	for _, s := range ended {
		got := attrs(s.Attributes())
		assert.Equal(t, int64(chunks), got["noveum.response.chunk_count"])
		out := decode(t, got["gen_ai.output.messages"]).([]any)
		text := out[0].(map[string]any)["parts"].([]any)[0].(map[string]any)["content"].(string)
		var i int
		_, err := fmt.Sscanf(text, "%d.", &i)
		require.NoError(t, err)
		for j := range chunks {
			assert.Contains(t, text, fmt.Sprintf("%d.%d ", i, j), "every chunk of stream %d, none of another", i)
		}
		assert.Equal(t, int64(i), got["gen_ai.usage.input_tokens"])
	}
	tpoc := f.histogram("gen_ai.client.operation.time_per_output_chunk")
	require.Len(t, tpoc, 1)
	assert.Equal(t, uint64(streams*(chunks-1)), tpoc[0].count)
}

// Every data point of the token and duration histograms carries exactly the
// convention's attributes, on success and on failure.
func TestMetricAttributesExact(t *testing.T) {
	f := newFixture(t, llm.WithPriceBook(nil))
	for _, fail := range []bool{false, true} {
		_, call := f.tracer.StartChat(context.Background(), chatRequest())
		call.RecordResponse(chatResponse())
		var err error
		if fail {
			err = &httpStatusError{500}
		}
		call.End(err)
	}
	common := map[string]any{
		"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai",
		"gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06",
		"server.address": "api.openai.com", "server.port": int64(443),
	}
	with := func(k string, v any) map[string]any {
		m := maps.Clone(common)
		m[k] = v
		return m
	}
	var tokens []map[string]any
	for _, p := range f.histogram("gen_ai.client.token.usage") {
		tokens = append(tokens, p.attrs)
		assert.Equal(t, uint64(2), p.count, "one success and one failure per token type: %v", p)
	}
	assert.ElementsMatch(t, []map[string]any{with("gen_ai.token.type", "input"), with("gen_ai.token.type", "output")}, tokens)
	var durations []map[string]any
	for _, p := range f.histogram("gen_ai.client.operation.duration") {
		durations = append(durations, p.attrs)
	}
	assert.ElementsMatch(t, []map[string]any{common, with("error.type", "500")}, durations)
}

// A long stream keeps no more of its text than the content budget.
func TestStreamBufferBounded(t *testing.T) {
	f := newFixture(t, llm.WithCaptureContent(config.CaptureSpanOnly), llm.WithContentLimit(2048))
	_, call := f.tracer.StartChat(context.Background(), streamRequest())
	delta := strings.Repeat("x", 100)
	for range 10_000 { // 1 MB of text
		call.RecordChunk(llm.Chunk{Text: delta})
	}
	allocs := testing.AllocsPerRun(1000, func() { call.RecordChunk(llm.Chunk{Text: delta}) })
	assert.Zero(t, allocs, "past the budget the text is no longer kept")
	call.RecordChunk(llm.Chunk{FinishReason: "stop"})
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.LessOrEqual(t, len(got["gen_ai.output.messages"].(string)), 2048)
	assert.Equal(t, []string{"gen_ai.output.messages"}, got["noveum.truncated"])
	assert.Greater(t, got["noveum.original_bytes.gen_ai.output.messages"], int64(1_000_000), "the size of all that was streamed")
}
