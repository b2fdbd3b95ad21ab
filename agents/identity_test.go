package agents_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/llm"
)

func jsonValid(s string) bool { return json.Valid([]byte(s)) }

func TestIdentityMerges(t *testing.T) {
	ctx := agents.WithConversation(context.Background(), "conv-1")
	ctx = agents.WithUser(ctx, "u-1")
	ctx = agents.WithTags(ctx, map[string]string{"a": "1"})
	inner := agents.WithIdentity(ctx, agents.Identity{SessionID: "s-1", Tags: map[string]string{"b": "2", "a": "one"}})
	assert.Equal(t, agents.Identity{ConversationID: "conv-1", UserID: "u-1", SessionID: "s-1",
		Tags: map[string]string{"a": "one", "b": "2"}}, agents.IdentityFrom(inner))
	assert.Equal(t, map[string]string{"a": "1"}, agents.IdentityFrom(ctx).Tags, "the outer context is unchanged")

	id := agents.IdentityFrom(inner)
	id.Tags["c"] = "3" // a copy
	assert.NotContains(t, agents.IdentityFrom(inner).Tags, "c")
	assert.Equal(t, agents.Identity{}, agents.IdentityFrom(context.Background()))
}

// WithSession sets the session id, keeps the rest of the identity, and the
// id lands as session.id on this package's spans and, through the
// processor, on everyone else's.
func TestWithSession(t *testing.T) {
	r := newRecorder(t)
	ctx := agents.WithConversation(context.Background(), "conv-1")
	ctx = agents.WithSession(ctx, "sess-9")
	assert.Equal(t, agents.Identity{ConversationID: "conv-1", SessionID: "sess-9"}, agents.IdentityFrom(ctx))
	assert.Equal(t, "sess-9", agents.IdentityFrom(agents.WithSession(ctx, "")).SessionID, "an empty id changes nothing")
	assert.Equal(t, "sess-10", agents.IdentityFrom(agents.WithSession(ctx, "sess-10")).SessionID, "a later one wins")

	_, run := r.tracer().InvokeAgent(ctx, agents.NewAgent(agents.AgentInfo{Name: "planner"}))
	run.End(nil)
	_, s := r.tp.Tracer("net/http").Start(ctx, "GET /orders")
	s.End()
	for _, name := range []string{"invoke_agent planner", "GET /orders"} {
		got := attrMap(r.byName(t, name).Attributes())
		assert.Equal(t, "sess-9", got["session.id"], name)
		assert.Equal(t, "conv-1", got["gen_ai.conversation.id"], name)
	}
}

// Spans other libraries start are stamped by the processor.
func TestIdentityStampedOnThirdPartySpans(t *testing.T) {
	r := newRecorder(t)
	ctx := agents.WithIdentity(context.Background(), agents.Identity{ConversationID: "conv-7", UserID: "u-42"})
	ctx = agents.WithTags(ctx, map[string]string{"tier": "gold"})
	_, s := r.tp.Tracer("net/http").Start(ctx, "GET /orders")
	s.End()
	_, s = r.tp.Tracer("other").Start(context.Background(), "no identity")
	s.End()
	// The context's identity wins over a value set at start, so one
	// request's spans agree.
	_, s = r.tp.Tracer("llm").Start(ctx, "chat", trace.WithAttributes(attribute.String("gen_ai.conversation.id", "explicit")))
	s.End()

	assert.Equal(t, map[string]any{"gen_ai.conversation.id": "conv-7", "user.id": "u-42", "noveum.tag.tier": "gold"},
		attrMap(r.byName(t, "GET /orders").Attributes()))
	assert.Empty(t, r.byName(t, "no identity").Attributes())
	assert.Equal(t, map[string]any{"gen_ai.conversation.id": "conv-7", "user.id": "u-42", "noveum.tag.tier": "gold"},
		attrMap(r.byName(t, "chat").Attributes()))
}

// The llm helpers' spans carry the identity from their start; the
// processor leaves them alone instead of setting it a second time.
func TestProcessorSkipsSelfStampedHelperSpans(t *testing.T) {
	r := newRecorder(t)
	ctx := agents.WithConversation(context.Background(), "conv-7")
	_, call := llm.NewTracer(llm.WithTracerProvider(r.tp)).StartChat(ctx, llm.Request{Provider: "openai", Model: "gpt-4o"})
	call.End(nil)
	s := r.byName(t, "chat gpt-4o")
	n := 0
	for _, kv := range s.Attributes() {
		if kv.Key == "gen_ai.conversation.id" {
			n++
			assert.Equal(t, "conv-7", kv.Value.AsString())
		}
	}
	assert.Equal(t, 1, n)

	// What shows the skip: a span of the llm scope that did not stamp
	// itself is left without the identity.
	_, raw := r.tp.Tracer(llm.ScopeName).Start(ctx, "unstamped")
	raw.End()
	assert.NotContains(t, attrMap(r.byName(t, "unstamped").Attributes()), "gen_ai.conversation.id")
}

// Identity and span survive goroutine fan-out with nothing but the
// standard library: the context carries them, so a goroutine given ctx
// (sync.WaitGroup.Go here; errgroup works the same) and a context detached
// with context.WithoutCancel keep both.
func TestContextAcrossGoroutinesConcurrentSafe(t *testing.T) {
	r := newRecorder(t)
	tr := r.tracer()
	const turns, workers = 2, 16
	for turn := range turns {
		ctx := agents.WithConversation(context.Background(), fmt.Sprintf("conv-%d", turn))
		ctx, p := tr.InvokeAgent(ctx, planner)
		var wg sync.WaitGroup
		for i := range workers {
			wg.Go(func() {
				_, ts := tr.ExecuteTool(ctx, agents.Tool{Name: fmt.Sprintf("tool-%d-%d", turn, i)})
				ts.End(nil)
			})
		}
		wg.Go(func() {
			_, s := r.tp.Tracer("x").Start(ctx, fmt.Sprintf("background-%d", turn))
			s.End()
		})
		wg.Wait()
		cctx, cancel := context.WithCancel(ctx)
		detached := context.WithoutCancel(cctx)
		cancel()
		assert.NoError(t, detached.Err())
		_, s := r.tp.Tracer("x").Start(detached, fmt.Sprintf("detached-%d", turn))
		s.End()
		p.End(nil)
	}

	seen := map[string]int{}
	plannerByConv := map[string]trace.SpanID{}
	for _, s := range r.spans.Ended() {
		if s.Name() == "invoke_agent planner" {
			plannerByConv[attrMap(s.Attributes())["gen_ai.conversation.id"].(string)] = s.SpanContext().SpanID()
		}
	}
	require.Len(t, plannerByConv, turns)
	for _, s := range r.spans.Ended() {
		if s.Name() == "invoke_agent planner" {
			continue
		}
		conv, _ := attrMap(s.Attributes())["gen_ai.conversation.id"].(string)
		require.NotEmpty(t, conv, "%s lost the identity", s.Name())
		assert.Equal(t, plannerByConv[conv], s.Parent().SpanID(), "%s lost its parent", s.Name())
		seen[conv]++
	}
	assert.Equal(t, map[string]int{"conv-0": workers + 2, "conv-1": workers + 2}, seen)
}

func TestBaggageRoundTrip(t *testing.T) {
	ctx := agents.WithIdentity(context.Background(), agents.Identity{
		ConversationID: "conv-7", UserID: "u-42", SessionID: "s-1", Tags: map[string]string{"tier": "gold"}})
	assert.Equal(t, 0, baggage.FromContext(ctx).Len(), "never in baggage unless asked")

	out, err := agents.ToBaggage(ctx)
	require.NoError(t, err)
	carrier := propagation.MapCarrier{}
	propagation.Baggage{}.Inject(out, carrier)
	assert.Contains(t, carrier["baggage"], "gen_ai.conversation.id=conv-7")

	received := agents.FromBaggage(propagation.Baggage{}.Extract(context.Background(), carrier))
	assert.Equal(t, agents.IdentityFrom(ctx), agents.IdentityFrom(received))
	assert.Equal(t, context.Background(), agents.FromBaggage(context.Background()), "no baggage, no change")
}
