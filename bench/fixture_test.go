package bench

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// The shape of one export batch: an agent run is one trace of eight spans.
const (
	tracesPerBatch = 64
	spansPerTrace  = 8
	spansPerBatch  = tracesPerBatch * spansPerTrace

	promptBytes     = 1024 // gen_ai.input.messages of a chat span
	completionBytes = 400  // gen_ai.output.messages of a chat span
)

// spanSpec describes one span of an agent run, independent of how it is
// produced (a SpanStub for the benchmarks, a live span for the memory test).
type spanSpec struct {
	name       string
	kind       trace.SpanKind
	start, end time.Duration // offsets from the start of the trace
	attrs      []attribute.KeyValue
	status     codes.Code
	statusMsg  string
}

// traceSpec lists a trace's spans in the order they end, as an exporter
// sees them: the children first, the root (parent of all the others) last.
type traceSpec []spanSpec

func (t traceSpec) root() spanSpec       { return t[len(t)-1] }
func (t traceSpec) children() []spanSpec { return t[:len(t)-1] }

var benchResource = resource.NewSchemaless(
	attribute.String("service.name", "support-bot"),
	attribute.String("service.version", "1.4.2"),
	attribute.String("deployment.environment.name", "staging"),
	attribute.String("host.name", "bench-host-01"),
	attribute.String("telemetry.sdk.language", "go"),
	attribute.String("telemetry.sdk.name", "opentelemetry"),
	attribute.String("telemetry.sdk.version", "1.47.0"),
)

var benchScope = instrumentation.Scope{Name: "github.com/acme/support-bot/agent", Version: "1.4.2"}

// fixtureTraces builds n varied agent runs from a fixed seed, so that every
// run of the benchmarks sees the same data.
func fixtureTraces(n int) []traceSpec {
	g := newTextGen(42)
	ts := make([]traceSpec, n)
	for i := range ts {
		ts[i] = g.agentRun(i)
	}
	return ts
}

// stubSpans turns agent runs into ReadOnlySpans with fixed, seeded ids.
func stubSpans(ts []traceSpec, base time.Time) []sdktrace.ReadOnlySpan {
	r := rand.New(rand.NewPCG(7, 11))
	var out []sdktrace.ReadOnlySpan
	for _, t := range ts {
		var tid trace.TraceID
		fillRandom(r, tid[:])
		newSC := func() trace.SpanContext {
			var sid trace.SpanID
			fillRandom(r, sid[:])
			return trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceFlags: trace.FlagsSampled})
		}
		rootSC := newSC()
		stub := func(s spanSpec, sc, parent trace.SpanContext) sdktrace.ReadOnlySpan {
			return tracetest.SpanStub{
				Name:                 s.name,
				SpanContext:          sc,
				Parent:               parent,
				SpanKind:             s.kind,
				StartTime:            base.Add(s.start),
				EndTime:              base.Add(s.end),
				Attributes:           s.attrs,
				Status:               sdktrace.Status{Code: s.status, Description: s.statusMsg},
				Resource:             benchResource,
				InstrumentationScope: benchScope,
			}.Snapshot()
		}
		for _, c := range t.children() {
			out = append(out, stub(c, newSC(), rootSC))
		}
		out = append(out, stub(t.root(), rootSC, trace.SpanContext{}))
		base = base.Add(3 * time.Second)
	}
	return out
}

func fillRandom(r *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(r.Uint32())
	}
}

// textGen writes varied, English-like text: compressors see realistic
// redundancy, not one repeated character.
type textGen struct{ r *rand.Rand }

func newTextGen(seed uint64) *textGen {
	return &textGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

var vocabulary = strings.Fields(`
the a an your our this that order account refund shipping delivery package
invoice payment card subscription plan upgrade downgrade cancel renew trial
customer support agent ticket issue problem request question answer policy
days weeks business within after before since until when if because please
thank you for contacting we have checked looked into confirmed updated sent
received processed approved declined pending delayed arrived damaged missing
replacement return label warehouse carrier tracking number address email
phone password reset login two-factor code verify identity security team
billing cycle charge amount total balance credit discount coupon promotion
product item size color model version release feature setting option help
can could would should will may might must need want like know see find
information details status update note summary next step steps apologize
inconvenience understand appreciate patience today tomorrow yesterday morning
`)

// text returns about n bytes of sentences.
func (g *textGen) text(n int) string {
	var b strings.Builder
	b.Grow(n + 16)
	startOfSentence := true
	for b.Len() < n {
		w := vocabulary[g.r.IntN(len(vocabulary))]
		if !startOfSentence {
			b.WriteByte(' ')
		}
		if startOfSentence {
			b.WriteString(strings.ToUpper(w[:1]))
			b.WriteString(w[1:])
		} else {
			b.WriteString(w)
		}
		startOfSentence = false
		if g.r.IntN(11) == 0 {
			b.WriteString([]string{".", ".", "?", ","}[g.r.IntN(4)])
			startOfSentence = b.String()[b.Len()-1] != ','
		}
	}
	return b.String()
}

func (g *textGen) alnum(n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[g.r.IntN(len(chars))]
	}
	return string(b)
}

// message is a GenAI semantic-convention chat message.
type message struct {
	Role         string `json:"role"`
	Parts        []part `json:"parts"`
	FinishReason string `json:"finish_reason,omitempty"`
}

type part struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// inputMessages returns a JSON array of a system and a user message, about
// size bytes long.
func (g *textGen) inputMessages(size int) string {
	msgs := []message{
		{Role: "system", Parts: []part{{Type: "text", Content: "You are a support agent for Acme. " + g.text(size/4)}}},
		{Role: "user", Parts: []part{{Type: "text"}}},
	}
	msgs[1].Parts[0].Content = g.text(max(size-len(mustJSON(msgs)), 16))
	return mustJSON(msgs)
}

// outputMessages returns a JSON array of one assistant message, about size
// bytes long.
func (g *textGen) outputMessages(size int, finish string) string {
	msgs := []message{{Role: "assistant", Parts: []part{{Type: "text"}}, FinishReason: finish}}
	msgs[0].Parts[0].Content = g.text(max(size-len(mustJSON(msgs)), 16))
	return mustJSON(msgs)
}

type provider struct{ name, host, requestModel, responseModel, idPrefix string }

var providers = []provider{
	{"openai", "api.openai.com", "gpt-4o", "gpt-4o-2024-08-06", "chatcmpl-"},
	{"anthropic", "api.anthropic.com", "claude-sonnet-4", "claude-sonnet-4-20250514", "msg_"},
}

var tools = []string{"lookup_order", "search_knowledge_base", "issue_refund", "update_address"}

// agentRun returns one trace: an agent root over an embedding call, four
// chat calls and two tool calls, children listed in the order they end.
func (g *textGen) agentRun(i int) traceSpec {
	p := providers[i%len(providers)]
	conversation := "conv-" + g.alnum(12)
	var t traceSpec
	at := 5 * time.Millisecond
	add := func(s spanSpec, d time.Duration) {
		s.start, s.end = at, at+d
		at += d + time.Duration(g.r.IntN(3000))*time.Microsecond
		t = append(t, s)
	}
	add(g.embeddingSpan(), 40*time.Millisecond+time.Duration(g.r.IntN(40))*time.Millisecond)
	for c := range 4 {
		finish := "stop"
		if c%2 == 0 {
			finish = "tool_calls"
		}
		add(g.chatSpan(p, finish), 600*time.Millisecond+time.Duration(g.r.IntN(1500))*time.Millisecond)
		if c%2 == 0 {
			add(g.toolSpan(tools[(i+c)%len(tools)], i%16 == 0 && c == 2), 20*time.Millisecond+time.Duration(g.r.IntN(200))*time.Millisecond)
		}
	}
	root := spanSpec{
		name: "invoke_agent support-agent",
		kind: trace.SpanKindInternal,
		end:  at + 2*time.Millisecond,
		attrs: []attribute.KeyValue{
			semconv.GenAIOperationName(semconv.OperationInvokeAgent),
			semconv.GenAIProviderName(semconv.Provider(p.name)),
			semconv.GenAIAgentName("support-agent"),
			semconv.GenAIAgentID("asst_" + g.alnum(16)),
			semconv.GenAIConversationID(conversation),
			semconv.UserID(fmt.Sprintf("user-%05d", g.r.IntN(100000))),
		},
	}
	return append(t, root)
}

func (g *textGen) chatSpan(p provider, finish string) spanSpec {
	in := 250 + g.r.IntN(950)
	out := 40 + g.r.IntN(360)
	return spanSpec{
		name: "chat " + p.requestModel,
		kind: trace.SpanKindClient,
		attrs: []attribute.KeyValue{
			semconv.GenAIOperationName(semconv.OperationChat),
			semconv.GenAIProviderName(semconv.Provider(p.name)),
			semconv.GenAIRequestModel(p.requestModel),
			semconv.GenAIResponseModel(p.responseModel),
			semconv.GenAIRequestTemperature(float64(2+g.r.IntN(9)) / 10),
			semconv.GenAIRequestMaxTokens(1024),
			semconv.GenAIResponseID(p.idPrefix + g.alnum(24)),
			semconv.GenAIResponseFinishReasons(finish),
			semconv.GenAIUsageInputTokens(int64(in)),
			semconv.GenAIUsageOutputTokens(int64(out)),
			semconv.GenAIUsageCacheReadInputTokens(int64(in / 2)),
			semconv.ServerAddress(p.host),
			semconv.ServerPort(443),
			semconv.GenAIInputMessages(attribute.StringValue(g.inputMessages(promptBytes))),
			semconv.GenAIOutputMessages(attribute.StringValue(g.outputMessages(completionBytes, finish))),
		},
	}
}

func (g *textGen) toolSpan(name string, failed bool) spanSpec {
	s := spanSpec{
		name: "execute_tool " + name,
		kind: trace.SpanKindInternal,
		attrs: []attribute.KeyValue{
			semconv.GenAIOperationName(semconv.OperationExecuteTool),
			semconv.GenAIToolName(name),
			semconv.GenAIToolType(semconv.ToolFunction),
			semconv.GenAIToolCallID("call_" + g.alnum(24)),
			semconv.GenAIToolCallArguments(attribute.StringValue(fmt.Sprintf(`{"order_id":"A-%07d","include_history":true}`, g.r.IntN(10000000)))),
			semconv.GenAIToolCallResult(attribute.StringValue(mustJSON(map[string]string{"status": "shipped", "note": g.text(160)}))),
		},
	}
	if failed {
		s.status, s.statusMsg = codes.Error, "upstream order service returned 502"
		s.attrs = append(s.attrs, semconv.ErrorType("502"))
	}
	return s
}

func (g *textGen) embeddingSpan() spanSpec {
	return spanSpec{
		name: "embeddings text-embedding-3-small",
		kind: trace.SpanKindClient,
		attrs: []attribute.KeyValue{
			semconv.GenAIOperationName(semconv.OperationEmbeddings),
			semconv.GenAIProviderName(semconv.ProviderOpenAI),
			semconv.GenAIRequestModel("text-embedding-3-small"),
			semconv.GenAIResponseModel("text-embedding-3-small"),
			semconv.GenAIEmbeddingsDimensionCount(1536),
			semconv.GenAIUsageInputTokens(int64(20 + g.r.IntN(200))),
			semconv.ServerAddress("api.openai.com"),
			semconv.ServerPort(443),
		},
	}
}
