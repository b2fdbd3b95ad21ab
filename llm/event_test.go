package llm_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/log/embedded"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// logRecorder is a LoggerProvider that keeps what is emitted, with the
// span context of the context it was emitted in.
type logRecorder struct {
	embedded.LoggerProvider
	mu      sync.Mutex
	scope   string
	records []log.Record
	spans   []trace.SpanContext
}

func (r *logRecorder) Logger(name string, _ ...log.LoggerOption) log.Logger {
	r.mu.Lock()
	r.scope = name
	r.mu.Unlock()
	return recLogger{r: r}
}

type recLogger struct {
	embedded.Logger
	r *logRecorder
}

func (l recLogger) Emit(ctx context.Context, rec log.Record) {
	l.r.mu.Lock()
	defer l.r.mu.Unlock()
	l.r.records = append(l.r.records, rec.Clone())
	l.r.spans = append(l.r.spans, trace.SpanContextFromContext(ctx))
}

func (recLogger) Enabled(context.Context, log.EnabledParameters) bool { return true }

// With a LoggerProvider, the content event is a log record, as the
// convention defines it, correlated with the span; the span gets no event.
func TestDetailsEventAsLogRecord(t *testing.T) {
	lp := &logRecorder{}
	f := newFixture(t, llm.WithCaptureContent(config.CaptureEventOnly), llm.WithLoggerProvider(lp))
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.RecordResponse(chatResponse())
	call.End(errors.New("boom"))
	s := f.only()
	assert.Empty(t, eventNames(s.Events(), semconv.EventInferenceDetails), "no span event when logs carry it")

	require.Len(t, lp.records, 1)
	rec := lp.records[0]
	assert.Equal(t, llm.ScopeName, lp.scope)
	assert.Equal(t, semconv.EventInferenceDetails, rec.EventName())
	assert.Equal(t, log.SeverityInfo, rec.Severity())
	assert.Equal(t, s.EndTime(), rec.Timestamp())
	assert.Equal(t, s.SpanContext(), lp.spans[0], "the record is emitted in the span's context")
	got := map[string]any{}
	rec.WalkAttributes(func(kv attribute.KeyValue) bool {
		got[string(kv.Key)] = plain(kv.Value)
		return true
	})
	assert.Equal(t, "chat", got["gen_ai.operation.name"])
	assert.Equal(t, "gpt-4o", got["gen_ai.request.model"])
	assert.Equal(t, "_OTHER", got["error.type"])
	assert.Equal(t, []any{
		map[string]any{"role": "system", "parts": []any{map[string]any{"type": "text", "content": "You are terse."}}},
		map[string]any{"role": "user", "parts": []any{map[string]any{"type": "text", "content": "Where is my order?"}}},
	}, got["gen_ai.input.messages"])
}

// With capture off, no record at all.
func TestDetailsEventNeedsCapture(t *testing.T) {
	lp := &logRecorder{}
	f := newFixture(t, llm.WithLoggerProvider(lp))
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.End(nil)
	f.only()
	assert.Empty(t, lp.records)
}

type notFound struct{ id string }

func (e *notFound) Error() string { return "order " + e.id + " not found" }

// The exception event names the most specific error of the chain, not the
// wrapper fmt.Errorf made.
func TestExceptionTypeIsTheInnermostError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("lookup: %w", &notFound{"A-1"}), "*llm_test.notFound"},
		{fmt.Errorf("call: %w", fmt.Errorf("dial: %w", context.DeadlineExceeded)), "context.deadlineExceededError"},
		{errors.Join(fmt.Errorf("a: %w", &notFound{"B"}), errors.New("b")), "*llm_test.notFound"},
		{errors.New("plain"), "*errors.errorString"},
	} {
		f := newFixture(t)
		_, call := f.tracer.StartChat(context.Background(), chatRequest())
		call.End(tc.err)
		s := f.only()
		require.Len(t, s.Events(), 1)
		ev := attrs(s.Events()[0].Attributes)
		assert.Equal(t, semconv.ExceptionEventName, s.Events()[0].Name)
		assert.Equal(t, tc.want, ev["exception.type"], "%v", tc.err)
		assert.Equal(t, tc.err.Error(), ev["exception.message"])
	}
}

// The metadata the Noveum UI counts is recorded with content capture off:
// the number of input messages, the names and number of tool calls.
func TestMessageMetadataWithCaptureOff(t *testing.T) {
	f := newFixture(t)
	_, call := f.tracer.StartChat(context.Background(), chatRequest())
	call.RecordResponse(llm.Response{Messages: []llm.Message{{Role: llm.RoleAssistant, Parts: []llm.Part{
		llm.Text("checking"), llm.ToolCall("c1", "track_order", []byte(`{"id":"A-1"}`)), llm.ToolCall("c2", "notify", nil),
	}}}})
	call.End(nil)
	got := attrs(f.only().Attributes())
	assert.Equal(t, int64(2), got["noveum.input.message_count"])
	assert.Equal(t, []string{"track_order", "notify"}, got["noveum.output.tool_call_names"])
	assert.Equal(t, int64(2), got["noveum.output.tool_call_count"])
	assert.NotContains(t, got, "gen_ai.input.messages")
	assert.NotContains(t, got, "gen_ai.output.messages")
}
