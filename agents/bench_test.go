package agents_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentsdk"
)

// discard keeps nothing: the benchmarks measure making spans.
type discard struct{}

func (discard) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discard) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discard) Shutdown(context.Context) error                  { return nil }
func (discard) ForceFlush(context.Context) error                { return nil }

func benchProvider(b *testing.B, procs ...sdktrace.SpanProcessor) *sdktrace.TracerProvider {
	opts := []sdktrace.TracerProviderOption{}
	for _, p := range procs {
		opts = append(opts, sdktrace.WithSpanProcessor(p))
	}
	tp := sdktrace.NewTracerProvider(append(opts, sdktrace.WithSpanProcessor(discard{}))...)
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp
}

func report(b *testing.B) { b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "spans/s") }

// BenchmarkAgentSpan starts and ends an invoke_agent span for an agent with
// full identity, under a context with a conversation identity: with the
// helper, and with the raw OTel calls setting the same attributes.
func BenchmarkAgentSpan(b *testing.B) {
	ctx := agents.WithIdentity(context.Background(), agents.Identity{ConversationID: "conv-7", UserID: "u-42"})
	b.Run("raw", func(b *testing.B) {
		tr := benchProvider(b).Tracer("bench")
		name := "planner"
		b.ReportAllocs()
		for b.Loop() {
			_, s := tr.Start(ctx, "invoke_agent "+name, trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(
				attribute.String("gen_ai.operation.name", "invoke_agent"),
				attribute.String("gen_ai.agent.id", "agt-planner-1"),
				attribute.String("gen_ai.agent.name", name),
				attribute.String("gen_ai.agent.description", "Splits a request into steps"),
				attribute.String("gen_ai.agent.version", "2.1.0"),
				attribute.String("noveum.agent.type", "planner"),
				attribute.StringSlice("noveum.agent.capabilities", []string{"plan", "delegate"}),
				attribute.String("gen_ai.conversation.id", "conv-7"),
				attribute.String("user.id", "u-42"),
			))
			s.End()
		}
		report(b)
	})
	b.Run("helper", func(b *testing.B) {
		tr := agents.NewTracer(agents.WithTracerProvider(benchProvider(b)))
		b.ReportAllocs()
		for b.Loop() {
			_, s := tr.InvokeAgent(ctx, planner)
			s.End(nil)
		}
		report(b)
	})
}

// BenchmarkToolSpan does the same for an execute_tool span.
func BenchmarkToolSpan(b *testing.B) {
	ctx := agents.WithIdentity(context.Background(), agents.Identity{ConversationID: "conv-7", UserID: "u-42"})
	b.Run("raw", func(b *testing.B) {
		tr := benchProvider(b).Tracer("bench")
		name := "web_search"
		b.ReportAllocs()
		for b.Loop() {
			_, s := tr.Start(ctx, "execute_tool "+name, trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(
				attribute.String("gen_ai.operation.name", "execute_tool"),
				attribute.String("gen_ai.tool.name", name),
				attribute.String("gen_ai.tool.call.id", "call_1"),
				attribute.String("gen_ai.tool.type", "function"),
				attribute.String("gen_ai.conversation.id", "conv-7"),
				attribute.String("user.id", "u-42"),
			))
			s.End()
		}
		report(b)
	})
	b.Run("helper", func(b *testing.B) {
		tr := agents.NewTracer(agents.WithTracerProvider(benchProvider(b)))
		tool := agents.Tool{Name: "web_search", CallID: "call_1", Type: "function"}
		b.ReportAllocs()
		for b.Loop() {
			_, s := tr.ExecuteTool(ctx, tool)
			s.End(nil)
		}
		report(b)
	})
}

// BenchmarkIdentityProcessor starts and ends a span under a context with a
// conversation, user and session: without the identity processor
// ("none"), with the three attributes passed by the caller at start
// ("by-hand", what stamping saves you from writing), and with the
// processor stamping them ("processor"). processor minus by-hand is what
// the processor itself costs; processor minus none includes the SDK's cost
// of three more attributes on a span.
func BenchmarkIdentityProcessor(b *testing.B) {
	ctx := agents.WithIdentity(context.Background(), agents.Identity{ConversationID: "conv-7", UserID: "u-42", SessionID: "s-1"})
	byHand := []attribute.KeyValue{
		attribute.String("gen_ai.conversation.id", "conv-7"),
		attribute.String("user.id", "u-42"),
		attribute.String("session.id", "s-1"),
	}
	// A span with attributes of its own, as an LLM span has at start.
	own := []attribute.KeyValue{
		attribute.String("gen_ai.operation.name", "chat"), attribute.String("gen_ai.provider.name", "openai"),
		attribute.String("gen_ai.request.model", "gpt-4o"), attribute.String("server.address", "api.openai.com"),
		attribute.Int("server.port", 443), attribute.Float64("gen_ai.request.temperature", 0.2),
		attribute.Int("gen_ai.request.max_tokens", 512), attribute.Int64("gen_ai.request.seed", 7),
	}
	for _, variant := range []string{"none", "by-hand", "processor", "busy-span/by-hand", "busy-span/processor"} {
		b.Run(variant, func(b *testing.B) {
			var procs []sdktrace.SpanProcessor
			var attrs []attribute.KeyValue
			if strings.HasPrefix(variant, "busy-span/") {
				attrs = append(attrs, own...)
			}
			if strings.HasSuffix(variant, "by-hand") {
				attrs = append(attrs, byHand...)
			}
			if strings.HasSuffix(variant, "processor") {
				procs = append(procs, agentsdk.NewIdentityProcessor())
			}
			var opts []trace.SpanStartOption
			if len(attrs) > 0 {
				opts = append(opts, trace.WithAttributes(attrs...))
			}
			tr := benchProvider(b, procs...).Tracer("third-party")
			b.ReportAllocs()
			for b.Loop() {
				_, s := tr.Start(ctx, "GET /orders", opts...)
				s.End()
			}
			report(b)
		})
	}
}
