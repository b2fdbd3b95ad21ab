package agents_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentsdk"
	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// recorder is a TracerProvider recording ended spans, with the identity
// processor installed first, as the docs recommend.
type recorder struct {
	tp    *sdktrace.TracerProvider
	spans *tracetest.SpanRecorder
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	for _, v := range []string{"NOVEUM_CAPTURE_CONTENT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "NOVEUM_MAX_CONTENT_BYTES"} {
		t.Setenv(v, "")
	}
	r := &recorder{spans: tracetest.NewSpanRecorder()}
	r.tp = sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(agentsdk.NewIdentityProcessor()),
		sdktrace.WithSpanProcessor(r.spans))
	t.Cleanup(func() { _ = r.tp.Shutdown(context.Background()) })
	return r
}

func (r *recorder) tracer(opts ...agents.Option) *agents.Tracer {
	return agents.NewTracer(append([]agents.Option{agents.WithTracerProvider(r.tp)}, opts...)...)
}

// byName returns the ended span named name.
func (r *recorder) byName(t *testing.T, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	var found []sdktrace.ReadOnlySpan
	for _, s := range r.spans.Ended() {
		if s.Name() == name {
			found = append(found, s)
		}
	}
	require.Len(t, found, 1, "spans named %q", name)
	return found[0]
}

func attrMap(kvs []attribute.KeyValue) map[string]any {
	m := make(map[string]any, len(kvs))
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

var planner = agents.NewAgent(agents.AgentInfo{
	ID: "agt-planner-1", Name: "planner", Description: "Splits a request into steps",
	Version: "2.1.0", Type: "planner", Capabilities: []string{"plan", "delegate"},
	Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
})

var researcher = agents.NewAgent(agents.AgentInfo{Name: "researcher", Type: "researcher"})
var writer = agents.NewAgent(agents.AgentInfo{Name: "writer"})

func TestInvokeAgentSpan(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	ctx := agents.WithIdentity(context.Background(), agents.Identity{
		ConversationID: "conv-7", UserID: "u-42", SessionID: "sess-1", Tags: map[string]string{"plan": "pro"}})
	ctx, span := tr.InvokeAgent(ctx, planner)
	assert.Same(t, planner, agents.FromContext(ctx))
	span.End(nil)

	s := r.byName(t, "invoke_agent planner")
	assert.Equal(t, trace.SpanKindInternal, s.SpanKind())
	assert.Equal(t, codes.Unset, s.Status().Code)
	assert.Equal(t, agents.ScopeName, s.InstrumentationScope().Name)
	assert.Equal(t, map[string]any{
		"gen_ai.operation.name":     "invoke_agent",
		"gen_ai.agent.id":           "agt-planner-1",
		"gen_ai.agent.name":         "planner",
		"gen_ai.agent.description":  "Splits a request into steps",
		"gen_ai.agent.version":      "2.1.0",
		"noveum.agent.type":         "planner",
		"noveum.agent.capabilities": []string{"plan", "delegate"},
		"gen_ai.provider.name":      "openai",
		"gen_ai.request.model":      "gpt-4o",
		"gen_ai.conversation.id":    "conv-7",
		"user.id":                   "u-42",
		"session.id":                "sess-1",
		"noveum.tag.plan":           "pro",
	}, attrMap(s.Attributes()))
}

func TestSpanKindsAndNames(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	ctx := context.Background()
	_, s := tr.InvokeAgent(ctx, researcher, agents.Remote())
	s.End(nil)
	_, s = tr.CreateAgent(ctx, writer)
	s.End(nil)
	pctx, s := tr.Plan(ctx, planner)
	assert.Same(t, planner, agents.FromContext(pctx))
	s.End(nil)
	_, s = tr.InvokeWorkflow(ctx, "research-report")
	s.End(nil)
	_, ts := tr.ExecuteTool(ctx, agents.Tool{Name: "web_search"})
	ts.End(nil)
	noName := agents.NewAgent(agents.AgentInfo{ID: "agt-9"})
	_, s = tr.InvokeAgent(ctx, noName)
	s.End(nil)

	for name, want := range map[string]struct {
		kind trace.SpanKind
		op   string
	}{
		"invoke_agent researcher":         {trace.SpanKindClient, "invoke_agent"},
		"create_agent writer":             {trace.SpanKindClient, "create_agent"},
		"plan planner":                    {trace.SpanKindInternal, "plan"},
		"invoke_workflow research-report": {trace.SpanKindInternal, "invoke_workflow"},
		"execute_tool web_search":         {trace.SpanKindInternal, "execute_tool"},
		"invoke_agent agt-9":              {trace.SpanKindInternal, "invoke_agent"},
	} {
		s := r.byName(t, name)
		assert.Equal(t, want.kind, s.SpanKind(), name)
		assert.Equal(t, want.op, attrMap(s.Attributes())["gen_ai.operation.name"], name)
	}
	assert.Equal(t, "research-report", attrMap(r.byName(t, "invoke_workflow research-report").Attributes())["gen_ai.workflow.name"])
}

func TestToolSpan(t *testing.T) {
	t.Run("content off", func(t *testing.T) {
		r := newRecorder(t)
		_, ts := r.tracer().ExecuteTool(context.Background(), agents.Tool{
			Name: "web_search", CallID: "call_1", Type: semconv.ToolFunction, Description: "Searches the web",
			Arguments: []byte(`{"q":"otel"}`)})
		ts.RecordResult([]byte(`{"hits":3}`))
		ts.End(nil)
		assert.Equal(t, map[string]any{
			"gen_ai.operation.name":   "execute_tool",
			"gen_ai.tool.name":        "web_search",
			"gen_ai.tool.call.id":     "call_1",
			"gen_ai.tool.type":        "function",
			"gen_ai.tool.description": "Searches the web",
		}, attrMap(r.byName(t, "execute_tool web_search").Attributes()), "no arguments or result without capture")
	})
	t.Run("content on", func(t *testing.T) {
		r := newRecorder(t)
		_, ts := r.tracer(agents.WithCaptureContent(config.CaptureSpanOnly)).ExecuteTool(context.Background(), agents.Tool{
			Name: "web_search", CallID: "call_1", Arguments: []byte(` {"q": "otel"} `)})
		ts.RecordResult([]byte("not json"))
		ts.End(nil)
		got := attrMap(r.byName(t, "execute_tool web_search").Attributes())
		assert.Equal(t, `{"q":"otel"}`, got["gen_ai.tool.call.arguments"])
		assert.Equal(t, `"not json"`, got["gen_ai.tool.call.result"], "text that is not JSON is recorded as a JSON string")
	})
	t.Run("content truncated", func(t *testing.T) {
		r := newRecorder(t)
		long := `{"text":"` + strings.Repeat("a", 5000) + `"}`
		_, ts := r.tracer(agents.WithCaptureContent(config.CaptureSpanOnly), agents.WithContentLimit(1024)).ExecuteTool(context.Background(),
			agents.Tool{Name: "summarise", Arguments: []byte(long)})
		ts.RecordResult([]byte(long))
		ts.End(nil)
		got := attrMap(r.byName(t, "execute_tool summarise").Attributes())
		for _, k := range []string{"gen_ai.tool.call.arguments", "gen_ai.tool.call.result"} {
			v := got[k].(string)
			assert.LessOrEqual(t, len(v), 1024, k)
			assert.True(t, jsonValid(v), "%s stays JSON: %s", k, v)
			assert.Equal(t, int64(len(long)), got["noveum.original_bytes."+k])
		}
		assert.Equal(t, []string{"gen_ai.tool.call.arguments", "gen_ai.tool.call.result"}, got["noveum.truncated"])
	})
}

func TestSpanEndWithError(t *testing.T) {
	r := newRecorder(t)
	_, ts := r.tracer().ExecuteTool(context.Background(), agents.Tool{Name: "lookup_order"})
	ts.End(fmt.Errorf("order service: %w", context.DeadlineExceeded))
	ts.End(errors.New("again")) // harmless
	s := r.byName(t, "execute_tool lookup_order")
	assert.Equal(t, codes.Error, s.Status().Code)
	assert.Equal(t, "order service: context deadline exceeded", s.Status().Description)
	assert.Equal(t, "timeout", attrMap(s.Attributes())["error.type"])
	require.Len(t, s.Events(), 1)
	assert.Equal(t, "exception", s.Events()[0].Name)
}

// A nested hand-off is a child span with the hand-off attributes.
func TestNestedHandoff(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	ctx, p := tr.InvokeAgent(context.Background(), planner)
	hctx, h := tr.Handoff(ctx, researcher)
	assert.Same(t, researcher, agents.FromContext(hctx))
	h.End(nil)
	p.End(nil)

	parent := r.byName(t, "invoke_agent planner")
	child := r.byName(t, "invoke_agent researcher")
	assert.Equal(t, parent.SpanContext().SpanID(), child.Parent().SpanID())
	got := attrMap(child.Attributes())
	assert.Equal(t, "planner", got["noveum.agent.handoff.source.name"])
	assert.Equal(t, "researcher", got["noveum.agent.handoff.target.name"])
	assert.Empty(t, child.Links())
}

// Parallel workers and queued work are linked, not nested: each worker's
// span links to the span that handed the work over.
func TestLinkedHandoffsToParallelWorkers(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	ctx, p := tr.InvokeAgent(context.Background(), planner)
	queue := make(chan agents.Link, 2)
	queue <- agents.HandoffTo(ctx, researcher)
	queue <- agents.MessageTo(ctx, writer)
	close(queue)
	p.End(nil)

	var wg sync.WaitGroup
	for link := range queue {
		to := researcher
		if link.Kind() == semconv.LinkMessage {
			to = writer
		}
		wg.Go(func() {
			// A worker outside the planner's context.
			_, s := tr.InvokeAgent(context.Background(), to, agents.LinkedFrom(link))
			s.End(nil)
		})
	}
	wg.Wait()

	plannerSC := r.byName(t, "invoke_agent planner").SpanContext()
	for name, want := range map[string]map[string]any{
		"invoke_agent researcher": {"noveum.link.kind": "handoff", "noveum.agent.handoff.source.name": "planner", "noveum.agent.handoff.target.name": "researcher"},
		"invoke_agent writer":     {"noveum.link.kind": "message", "noveum.agent.handoff.source.name": "planner", "noveum.agent.handoff.target.name": "writer"},
	} {
		s := r.byName(t, name)
		assert.False(t, s.Parent().IsValid(), "%s is not nested", name)
		require.Len(t, s.Links(), 1, name)
		assert.Equal(t, plannerSC, s.Links()[0].SpanContext, name)
		assert.Equal(t, want, attrMap(s.Links()[0].Attributes), name)
	}
}

func TestNewRootLinked(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	ctx, p := tr.InvokeAgent(context.Background(), planner)
	link := agents.HandoffTo(ctx, writer)
	_, s := tr.InvokeAgent(ctx, writer, agents.LinkedFrom(link), agents.NewRoot())
	s.End(nil)
	p.End(nil)
	w := r.byName(t, "invoke_agent writer")
	assert.False(t, w.Parent().IsValid())
	assert.NotEqual(t, r.byName(t, "invoke_agent planner").SpanContext().TraceID(), w.SpanContext().TraceID())
	require.Len(t, w.Links(), 1)
}

func TestPackageLevelFunctionsUseDefault(t *testing.T) {
	r := newRecorder(t)
	agents.SetDefault(r.tracer())
	t.Cleanup(func() { agents.SetDefault(nil) })
	ctx, s := agents.InvokeWorkflow(context.Background(), "wf")
	ctx, a := agents.InvokeAgent(ctx, planner)
	_, c := agents.CreateAgent(ctx, writer)
	c.End(nil)
	_, p := agents.Plan(ctx, planner)
	p.End(nil)
	_, h := agents.Handoff(ctx, researcher)
	h.End(nil)
	_, tl := agents.ExecuteTool(ctx, agents.Tool{Name: "t"})
	tl.End(nil)
	a.End(nil)
	s.End(nil)
	var names []string
	for _, s := range r.spans.Ended() {
		names = append(names, s.Name())
	}
	sort.Strings(names)
	assert.Equal(t, []string{"create_agent writer", "execute_tool t", "invoke_agent planner", "invoke_agent researcher",
		"invoke_workflow wf", "plan planner"}, names)
}

// Bad arguments, a nil context among them (which the documentation
// forbids), give spans, never a panic, even under the no-op tracer.
func TestNilArgumentsDoNotPanic(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	//lint:ignore SA1012 a nil context is the bad input under test
	ctx, s := tr.InvokeAgent(nil, nil) //nolint:staticcheck
	s.End(nil)
	_, s = tr.Handoff(ctx, nil)
	s.End(nil)
	_, s = tr.CreateAgent(context.Background(), nil)
	s.End(nil)
	_, s = tr.Plan(context.Background(), nil)
	s.End(nil)
	(*agents.Run)(nil).End(errors.New("nil run"))
	(*agents.ToolCall)(nil).End(errors.New("nil tool call"))
	(*agents.ToolCall)(nil).RecordResult([]byte(`{}`))
	assert.False(t, (*agents.Run)(nil).Span().IsRecording())
	assert.Len(t, r.spans.Ended(), 4)
	noop := agents.NewTracer(agents.WithTracerProvider(tracenoop.NewTracerProvider()))
	//lint:ignore SA1012 a nil context is the bad input under test
	_, s = noop.InvokeAgent(nil, nil) //nolint:staticcheck
	s.End(nil)
	//lint:ignore SA1012 a nil context is the bad input under test
	_, tc := noop.ExecuteTool(nil, agents.Tool{}) //nolint:staticcheck
	tc.End(nil)
	assert.Equal(t, "invoke_agent", r.spans.Ended()[0].Name())
}

// An agent known only by its id hands off under that id, and a hand-off
// from a context without a span is recorded on the receiver's span rather
// than as a link to nothing.
func TestHandoffNamesAndSpanlessLinks(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	byID := agents.NewAgent(agents.AgentInfo{ID: "agt-7"})
	ctx, s := tr.InvokeAgent(context.Background(), byID)
	_, h := tr.Handoff(ctx, writer)
	h.End(nil)
	s.End(nil)
	got := attrMap(r.byName(t, "invoke_agent writer").Attributes())
	assert.Equal(t, "agt-7", got["noveum.agent.handoff.source.name"])

	noSpan := agents.WithConversation(context.Background(), "c")
	link := agents.HandoffTo(agents.WithAgentForTest(noSpan, planner), researcher)
	_, w := tr.InvokeAgent(context.Background(), researcher, agents.LinkedFrom(link))
	w.End(nil)
	span := r.byName(t, "invoke_agent researcher")
	assert.Empty(t, span.Links(), "no link to an invalid span")
	got = attrMap(span.Attributes())
	assert.Equal(t, "planner", got["noveum.agent.handoff.source.name"])
	assert.Equal(t, "researcher", got["noveum.agent.handoff.target.name"])
}

func TestCaptureFromEnvironment(t *testing.T) {
	for mode, want := range map[string]bool{"": false, "true": true, "SPAN_ONLY": true, "span_and_event": true, "EVENT_ONLY": false, "false": false} {
		t.Setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", mode)
		t.Setenv("NOVEUM_CAPTURE_CONTENT", "")
		assert.Equal(t, want, agents.NewTracer().CaptureContent().OnSpans(), "mode %q: tool content goes on spans only", mode)
	}
}

// The convention requires gen_ai.provider.name on create_agent and remote
// invoke_agent spans: an agent without a Provider gets "_OTHER" there, and
// the gap is reported once for the agent; a local invoke_agent needs none.
func TestProviderRequiredWhereTheConventionSaysSo(t *testing.T) {
	var reported []error
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { reported = append(reported, err) }))
	t.Cleanup(func() { otel.SetErrorHandler(otel.ErrorHandlerFunc(func(error) {})) })
	r := newRecorder(t)
	tr := r.tracer()
	anon := agents.NewAgent(agents.AgentInfo{Name: "anon"})
	_, s := tr.CreateAgent(context.Background(), anon)
	s.End(nil)
	_, s = tr.InvokeAgent(context.Background(), anon, agents.Remote())
	s.End(nil)
	_, s = tr.InvokeAgent(context.Background(), anon)
	s.End(nil)
	_, s = tr.CreateAgent(context.Background(), planner)
	s.End(nil)

	ended := r.spans.Ended()
	require.Len(t, ended, 4)
	assert.Equal(t, "_OTHER", attrMap(ended[0].Attributes())["gen_ai.provider.name"], "create_agent")
	assert.Equal(t, "_OTHER", attrMap(ended[1].Attributes())["gen_ai.provider.name"], "remote invoke_agent")
	assert.NotContains(t, attrMap(ended[2].Attributes()), "gen_ai.provider.name", "a local invoke_agent needs none")
	assert.Equal(t, "openai", attrMap(ended[3].Attributes())["gen_ai.provider.name"])
	require.Len(t, reported, 1, "reported once for the agent")
	assert.Contains(t, reported[0].Error(), `agent "anon" has no Provider`)
	assert.Contains(t, reported[0].Error(), "set AgentInfo.Provider")
}
