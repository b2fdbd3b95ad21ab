package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/log/embedded"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

type orderNotFound struct{ id string }

func (e *orderNotFound) Error() string { return "order " + e.id + " not found" }

// A trace made with Init's defaults and the helpers (a workflow, agents, a
// hand-off, chat calls with a tool call, a failing tool, embeddings),
// captured at the wire, holds what the Noveum backend reads, in the shape
// the Python SDK sends it. The receiver holds every body to the Go profile.
func TestWireFidelity(t *testing.T) {
	cleanEnv(t)
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	t.Cleanup(srv.Close)
	shutdown, err := noveumtrace.Init(context.Background(), noveumtrace.WithConfigOptions(
		config.WithEndpoint(srv.URL), config.WithProject("support-bot")))
	require.NoError(t, err)

	planner := agents.NewAgent(agents.AgentInfo{Name: "planner", Provider: semconv.ProviderOpenAI})
	helper := agents.NewAgent(agents.AgentInfo{Name: "helper", Provider: semconv.ProviderOpenAI})
	ctx := agents.WithUser(agents.WithConversation(context.Background(), "conv-7"), "jane@example.com")
	ctx, wf := agents.InvokeWorkflow(ctx, "support")
	actx, agent := agents.InvokeAgent(ctx, planner)

	_, emb := llm.StartEmbeddings(actx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "text-embedding-3-small"})
	emb.RecordResponse(llm.Response{Usage: llm.Usage{InputTokens: llm.Tokens(7)}})
	emb.End(nil)

	_, chat := llm.StartChat(actx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o", Temperature: new(0.2), MaxTokens: new(300),
		SystemInstructions: []llm.Part{llm.Text("Be brief.")},
		Messages:           []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Where is order A-1?")}}}})
	chat.RecordResponse(llm.Response{ID: "chatcmpl-1", Model: "gpt-4o-2024-08-06",
		Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "tool_calls",
			Parts: []llm.Part{llm.ToolCall("call_1", "track_order", json.RawMessage(`{"id":"A-1"}`))}}},
		Usage: llm.Usage{InputTokens: llm.Tokens(412), OutputTokens: llm.Tokens(18)}})
	chat.End(nil)

	_, tool := agents.ExecuteTool(actx, agents.Tool{Name: "track_order", CallID: "call_1", Arguments: json.RawMessage(`{"id":"A-1"}`)})
	tool.End(fmt.Errorf("tracking service: %w", &orderNotFound{"A-1"}))

	hctx, handed := agents.InvokeAgent(actx, helper, agents.LinkedFrom(agents.HandoffTo(actx, helper)))
	_, chat2 := llm.StartChat(hctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Apologise.")}}}})
	chat2.RecordResponse(llm.Response{Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "stop",
		Parts: []llm.Part{llm.Text("Sorry, order A-1 was not found.")}}}})
	chat2.End(nil)
	handed.End(nil)
	agent.End(nil)
	wf.End(nil)

	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, shutdown(sctx))

	require.NotEmpty(t, srv.Requests())
	for _, r := range srv.Requests() {
		require.Equal(t, 200, r.Status, "every body passes the Go profile: %s", r.Error)
		require.NoError(t, noveumtest.ValidateGoProfile(r.Body))
	}
	traces := srv.Traces()
	require.Len(t, traces, 1)
	tr := traces[0]

	// Trace level.
	assert.Regexp(t, uuid4, tr.TraceID)
	assert.Len(t, tr.OTel.TraceID, 32)
	assert.Equal(t, "chain.support", tr.Name)
	assert.Equal(t, "error", tr.Status, "a span failed")
	assert.Equal(t, 1, tr.ErrorCount)
	require.NotNil(t, tr.StatusMessage)
	assert.Equal(t, "tracking service: order A-1 not found", *tr.StatusMessage)
	assert.Equal(t, []noveumtest.Event{}, tr.Events)
	assert.Equal(t, "record", tr.Attributes["noveum.sampling.decision"])
	require.NotNil(t, tr.Metadata.UserID)
	assert.Equal(t, "jane@example.com", *tr.Metadata.UserID, "identities the application set are not redacted")

	byName := map[string][]noveumtest.Span{}
	for _, s := range tr.Spans {
		byName[s.Name] = append(byName[s.Name], s)
		assert.Regexp(t, uuid4, s.SpanID)
		if s.ParentSpanID != nil {
			assert.Regexp(t, uuid4, *s.ParentSpanID)
		}
		for _, l := range s.Links {
			assert.Regexp(t, uuid4, l.TraceID)
			assert.Regexp(t, uuid4, l.SpanID)
		}
		assert.Equal(t, tr.OTel.TraceID, s.OTel.TraceID)
		assert.Contains(t, []string{"ok", "error"}, s.Status)
		if s.OTel.Status.Code != "ERROR" {
			assert.Empty(t, s.OTel.Status.Message)
		}
		// llm.* keys on model calls only.
		hasLLM := false
		for k := range s.Attributes {
			hasLLM = hasLLM || strings.HasPrefix(k, "llm.")
		}
		assert.Equal(t, strings.HasPrefix(s.Name, "llm."), hasLLM, "%s: llm.* keys exactly on model calls", s.Name)
	}
	for _, name := range []string{"chain.support", "agent.planner", "agent.helper", "llm.text-embedding-3-small", "tool.track_order"} {
		assert.Len(t, byName[name], 1, name)
	}
	require.Len(t, byName["llm.gpt-4o"], 2, "named by the requested model")

	chatSpan := byName["llm.gpt-4o"][0]
	if _, ok := chatSpan.Attr("llm.output.tool_calls"); !ok {
		chatSpan = byName["llm.gpt-4o"][1]
	}
	a := chatSpan.Attributes
	assert.Equal(t, "gpt-4o", a["llm.model"])
	assert.Equal(t, "gpt-4o-2024-08-06", a["llm.response_model"])
	assert.Equal(t, "openai", a["llm.provider"])
	assert.Equal(t, "chat", a["llm.operation"])
	assert.Equal(t, json.Number("0.2"), a["llm.temperature"])
	assert.Equal(t, json.Number("300"), a["llm.max_tokens"])
	assert.Equal(t, "chatcmpl-1", a["llm.request_id"])
	assert.Equal(t, json.Number("430"), a["llm.total_tokens"])
	assert.Equal(t, json.Number("1"), a["llm.input.message_count"])
	assert.Equal(t, []any{
		map[string]any{"role": "system", "content": "Be brief."},
		map[string]any{"role": "user", "content": "Where is order A-1?"},
	}, a["llm.input.messages"], "content captured by default under Init, in the Python SDK's shape")
	assert.Equal(t, "", a["llm.output.response"])
	assert.Equal(t, []any{map[string]any{"id": "call_1", "name": "track_order", "arguments": map[string]any{"id": "A-1"}}}, a["llm.output.tool_calls"])
	assert.Equal(t, []any{"track_order"}, a["llm.output.tool_call_names"])
	assert.Equal(t, json.Number("1"), a["llm.output.tool_call_count"])
	cost, _ := a["llm.cost.total"].(json.Number)
	f, err := cost.Float64()
	require.NoError(t, err)
	assert.Equal(t, f, float64(int64(f*1e8+0.5))/1e8, "cost rounded to 8 decimals")

	answer := byName["llm.gpt-4o"][0]
	if answer.SpanID == chatSpan.SpanID {
		answer = byName["llm.gpt-4o"][1]
	}
	assert.Equal(t, "Sorry, order A-1 was not found.", answer.Attributes["llm.output.response"])

	toolSpan := byName["tool.track_order"][0]
	assert.Equal(t, "error", toolSpan.Status)
	assert.Equal(t, "track_order", toolSpan.Attributes["tool.name"])
	assert.Equal(t, "*e2e_test.orderNotFound", toolSpan.Attributes["exception.type"], "the innermost error, not *fmt.wrapError")
	assert.Equal(t, "tracking service: order A-1 not found", toolSpan.Attributes["exception.message"])
	assert.Equal(t, false, toolSpan.Attributes["exception.escaped"])
	require.NotNil(t, toolSpan.Exception)
	assert.Equal(t, "*e2e_test.orderNotFound", toolSpan.Exception.Type)
	assert.Equal(t, "tracking service: order A-1 not found", toolSpan.OTel.Status.Message)

	helperSpan := byName["agent.helper"][0]
	require.Len(t, helperSpan.Links, 1, "the hand-off is a link from the planner's span")
	assert.Equal(t, "planner", helperSpan.Links[0].Attributes["noveum.agent.handoff.source.name"])
	assert.Equal(t, "handoff", helperSpan.Links[0].Attributes["noveum.link.kind"])
	assert.Equal(t, "helper", helperSpan.Attributes["agent.name"])
	assert.Equal(t, "invoke_agent", helperSpan.Attributes["agent.operation"])
	for k := range helperSpan.Links[0].Attributes {
		assert.False(t, strings.HasPrefix(k, "gen_ai.agent.handoff"), "no hand-off key outside noveum.*: %s", k)
	}
	assert.Equal(t, "llm.text-embedding-3-small", byName["llm.text-embedding-3-small"][0].Name)
	assert.Equal(t, "embeddings", byName["llm.text-embedding-3-small"][0].Attributes["llm.operation"])
}

// Under Init content capture is on by default; the environment turns it
// off with either variable.
func TestInitCapturesContentByDefault(t *testing.T) {
	for _, tc := range []struct {
		env, value string
		captured   bool
	}{
		{"", "", true},
		{"NOVEUM_CAPTURE_CONTENT", "false", false},
		{"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "false", false},
		{"NOVEUM_CAPTURE_CONTENT", "EVENT_ONLY", false},
	} {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			cleanEnv(t)
			if tc.env != "" {
				t.Setenv(tc.env, tc.value)
			}
			srv := noveumtest.NewServer(noveumtest.WithGoProfile())
			t.Cleanup(srv.Close)
			shutdown, err := noveumtrace.Init(context.Background(), noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithProject("p")))
			require.NoError(t, err)
			_, call := llm.StartChat(context.Background(), llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
				Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("hello")}}}})
			call.End(nil)
			require.NoError(t, shutdown(context.Background()))
			spans := srv.Spans()
			require.Len(t, spans, 1)
			_, got := spans[0].Attr("llm.input.messages")
			assert.Equal(t, tc.captured, got)
			n, _ := spans[0].Attr("llm.input.message_count")
			assert.Equal(t, json.Number("1"), n, "the count is metadata: there with capture off too")
		})
	}
	// Without Init the helpers keep the OpenTelemetry default: off.
	cleanEnv(t)
	assert.Equal(t, config.CaptureNone, llm.NewTracer().CaptureContent())
}

// logRecorder is a LoggerProvider that keeps the event names emitted.
type logRecorder struct {
	embedded.LoggerProvider
	mu     sync.Mutex
	events []string
}

func (r *logRecorder) Logger(string, ...log.LoggerOption) log.Logger { return recLogger{r: r} }

type recLogger struct {
	embedded.Logger
	r *logRecorder
}

func (l recLogger) Emit(_ context.Context, rec log.Record) {
	l.r.mu.Lock()
	defer l.r.mu.Unlock()
	l.r.events = append(l.r.events, rec.EventName())
}

func (recLogger) Enabled(context.Context, log.EnabledParameters) bool { return true }

func (r *logRecorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

// The content event goes to the Logs API when the application gives a
// LoggerProvider, or registered one globally; otherwise it is a span event.
func TestInitLoggerProvider(t *testing.T) {
	run := func(t *testing.T, opts ...noveumtrace.Option) []noveumtest.Event {
		cleanEnv(t)
		t.Setenv("NOVEUM_CAPTURE_CONTENT", "EVENT_ONLY")
		srv := noveumtest.NewServer(noveumtest.WithGoProfile())
		t.Cleanup(srv.Close)
		shutdown, err := noveumtrace.Init(context.Background(), append(opts, noveumtrace.WithConfigOptions(config.WithEndpoint(srv.URL), config.WithProject("p")))...)
		require.NoError(t, err)
		_, call := llm.StartChat(context.Background(), llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
			Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("hello")}}}})
		call.End(nil)
		require.NoError(t, shutdown(context.Background()))
		spans := srv.Spans()
		require.Len(t, spans, 1)
		return spans[0].Events
	}
	// No provider anywhere: a span event.
	events := run(t)
	require.Len(t, events, 1)
	assert.Equal(t, semconv.EventInferenceDetails, events[0].Name)

	// An explicit provider.
	lp := &logRecorder{}
	assert.Empty(t, run(t, noveumtrace.WithLoggerProvider(lp)))
	assert.Equal(t, []string{semconv.EventInferenceDetails}, lp.names())

	// A global one the application registered (last: the global stays set).
	global := &logRecorder{}
	otel.SetLoggerProvider(global)
	assert.Empty(t, run(t))
	assert.Equal(t, []string{semconv.EventInferenceDetails}, global.names())
}
