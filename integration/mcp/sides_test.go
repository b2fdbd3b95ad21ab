package noveummcp_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
	"github.com/Noveum/noveum-trace-go/config"
	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
)

// An instrumented client talking to a server that knows nothing of
// tracing: the call works, the server ignores _meta, the client records its
// span; and the reverse: the server's span is a root of its own trace.
func TestOneSideInstrumented(t *testing.T) {
	for _, kind := range transports {
		t.Run(string(kind)+"/client only", func(t *testing.T) {
			tel := newTelemetry(t)
			ts := newToolServer() // not instrumented
			client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1"}, nil)
			noveummcp.InstrumentClient(client, tel.opts()...)
			cs := connect(t, kind, ts.Server, client)
			res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo", Arguments: map[string]any{"city": "x"}})
			if err != nil || res.IsError {
				t.Fatalf("CallTool = %+v, %v", res, err)
			}
			s := tel.span(t, "tools/call echo", trace.SpanKindClient)
			if attrs(s)["gen_ai.tool.name"].String() != "echo" {
				t.Error("client span lacks the tool name")
			}
			if len(tel.spans("tools/call echo", trace.SpanKindServer)) != 0 {
				t.Error("a server span from an uninstrumented server")
			}
			if got := ts.lastEcho(); !slices.Contains(got.MetaKeys, "traceparent") || got.SpanCtx.IsValid() {
				t.Errorf("server saw _meta %q and span %v; want the traceparent, ignored", got.MetaKeys, got.SpanCtx)
			}
		})
		t.Run(string(kind)+"/server only", func(t *testing.T) {
			tel := newTelemetry(t)
			ts := newToolServer()
			noveummcp.InstrumentServer(ts.Server, tel.opts()...)
			client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1"}, nil) // not instrumented
			cs := connect(t, kind, ts.Server, client)
			res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Lima"}})
			if err != nil || res.IsError {
				t.Fatalf("CallTool = %+v, %v", res, err)
			}
			s := tel.span(t, "tools/call get_weather", trace.SpanKindServer)
			if s.Parent().IsValid() {
				t.Errorf("server span has parent %v with no client context", s.Parent())
			}
			a := attrs(s)
			if a["mcp.method.name"].String() != "tools/call" || a["gen_ai.tool.name"].String() != "get_weather" || a["network.transport"].String() != wantTransport(kind) {
				t.Errorf("server span attributes: %v", s.Attributes())
			}
		})
	}
}

// The conversation identity crosses with baggage when both sides opt in,
// is restored into the tool handler's context and stamped on the server
// span; without the option no baggage is sent and none is read.
func TestBaggageIdentity(t *testing.T) {
	id := agents.Identity{ConversationID: "conv-7", UserID: "user-3", SessionID: "sess-1"}
	for _, kind := range transports {
		for _, optIn := range []bool{true, false} {
			name := string(kind) + "/opted out"
			if optIn {
				name = string(kind) + "/opted in"
			}
			t.Run(name, func(t *testing.T) {
				tel, ts, cs := pair(t, kind,
					[]noveummcp.Option{noveummcp.WithBaggage(optIn)},
					[]noveummcp.Option{noveummcp.WithBaggage(optIn)})
				ctx := agents.WithIdentity(context.Background(), id)
				if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "echo", Arguments: map[string]any{"city": "x"}}); err != nil {
					t.Fatal(err)
				}
				got := ts.lastEcho()
				server := attrs(tel.span(t, "tools/call echo", trace.SpanKindServer))
				client := attrs(tel.span(t, "tools/call echo", trace.SpanKindClient))
				if client["gen_ai.conversation.id"].String() != "conv-7" {
					t.Error("client span lacks the caller's conversation id")
				}
				if optIn {
					if got.Identity.ConversationID != "conv-7" || got.Identity.UserID != "user-3" || got.Identity.SessionID != "sess-1" {
						t.Errorf("handler identity = %+v", got.Identity)
					}
					for k, v := range map[attribute.Key]string{"gen_ai.conversation.id": "conv-7", "user.id": "user-3", "session.id": "sess-1"} {
						if server[k].String() != v {
							t.Errorf("server span %s = %q, want %q", k, server[k].String(), v)
						}
					}
					return
				}
				if slices.Contains(got.MetaKeys, "baggage") {
					t.Error("baggage sent without the option")
				}
				if got.Identity.ConversationID != "" || server["gen_ai.conversation.id"].String() != "" {
					t.Errorf("identity crossed without the option: %+v", got.Identity)
				}
			})
		}
	}
}

// A tools/call made inside agents.ExecuteTool for the same tool does not
// start a second tool span: the agents span takes the MCP attributes and
// becomes the server span's parent. The agent graph shows the tool once,
// reached through the MCP server.
func TestExecuteToolWrapperAndGraph(t *testing.T) {
	tel, _, cs := pair(t, inMemory, nil, nil)
	tr := agents.NewTracer(agents.WithTracerProvider(tel.tp))
	ctx, agent := tr.InvokeAgent(context.Background(), agents.NewAgent(agents.AgentInfo{Name: "planner"}))
	tctx, tool := tr.ExecuteTool(ctx, agents.Tool{Name: "get_weather", CallID: "call_1"})
	if _, err := cs.CallTool(tctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Oslo"}}); err != nil {
		t.Fatal(err)
	}
	tool.End(nil)
	// Unwrapped: a second call straight from the agent.
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Bergen"}}); err != nil {
		t.Fatal(err)
	}
	agent.End(nil)

	wrapper := tel.span(t, "execute_tool get_weather", trace.SpanKindInternal)
	if len(tel.spans("tools/call get_weather", trace.SpanKindClient)) != 1 {
		t.Fatal("want one MCP client span: the unwrapped call's")
	}
	wa := attrs(wrapper)
	if wa["mcp.method.name"].String() != "tools/call" || wa["gen_ai.tool.call.id"].String() != "call_1" || wa["noveum.mcp.server.name"].String() != "weather" {
		t.Errorf("wrapper attributes: %v", wrapper.Attributes())
	}
	var childOfWrapper int
	for _, s := range tel.spans("tools/call get_weather", trace.SpanKindServer) {
		if s.Parent().SpanID() == wrapper.SpanContext().SpanID() {
			childOfWrapper++
		}
	}
	if childOfWrapper != 1 {
		t.Errorf("%d server spans are children of the wrapper, want 1", childOfWrapper)
	}

	g := agentgraph.FromSpans(tel.rec.Ended())
	toolNode, ok := g.Node("tool:get_weather")
	if !ok || toolNode.Calls != 2 {
		t.Errorf("tool node = %+v, %v; want 2 calls (the server spans do not count)", toolNode, ok)
	}
	server, ok := g.Node("mcp_server:weather")
	if !ok || server.Calls != 2 {
		t.Errorf("mcp server node = %+v, %v; want 2 calls", server, ok)
	}
	var edges []string
	for _, e := range g.Edges {
		edges = append(edges, e.From+" -> "+e.To)
	}
	want := []string{"agent:planner -> mcp_server:weather", "mcp_server:weather -> tool:get_weather"}
	if !slices.Equal(edges, want) {
		t.Errorf("edges = %q, want %q", edges, want)
	}
}

// Content is recorded on both spans only when capture is on: tool
// arguments and result, prompt arguments and messages; the resource URI and
// prompt name are recorded always.
func TestContentCapture(t *testing.T) {
	for mode, on := range map[config.CaptureMode]bool{config.CaptureSpanOnly: true, config.CaptureSpanAndEvent: true,
		config.CaptureNone: false, config.CaptureEventOnly: false} {
		t.Run(string(mode), func(t *testing.T) {
			opt := noveummcp.WithCaptureContent(mode)
			tel, _, cs := pair(t, inMemory, []noveummcp.Option{opt}, []noveummcp.Option{opt})
			ctx := context.Background()
			if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := cs.GetPrompt(ctx, &mcp.GetPromptParams{Name: "review", Arguments: map[string]string{"code": "x := 1"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := cs.ReadResource(ctx, &mcp.ReadResourceParams{URI: "file:///notes.txt"}); err != nil {
				t.Fatal(err)
			}
			for _, kindOf := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
				tool := attrs(tel.span(t, "tools/call get_weather", kindOf))
				prompt := attrs(tel.span(t, "prompts/get review", kindOf))
				res := attrs(tel.span(t, "resources/read", kindOf))
				if prompt["gen_ai.prompt.name"].String() != "review" || res["mcp.resource.uri"].String() != "file:///notes.txt" {
					t.Errorf("%s: prompt name %q, resource uri %q", kindOf, prompt["gen_ai.prompt.name"].String(), res["mcp.resource.uri"].String())
				}
				if _, ok := prompt["gen_ai.operation.name"]; ok {
					t.Errorf("%s: prompts/get has gen_ai.operation.name", kindOf)
				}
				args, result := tool["gen_ai.tool.call.arguments"].String(), tool["gen_ai.tool.call.result"].String()
				pargs, pmsgs := prompt["noveum.mcp.prompt.arguments"].String(), prompt["noveum.mcp.prompt.messages"].String()
				if !on {
					if args != "" || result != "" || pargs != "" || pmsgs != "" {
						t.Errorf("%s: content recorded with capture off", kindOf)
					}
					continue
				}
				var a map[string]any
				if err := json.Unmarshal([]byte(args), &a); err != nil || a["city"] != "Paris" {
					t.Errorf("%s: arguments = %s", kindOf, args)
				}
				if !json.Valid([]byte(result)) || !strings.Contains(result, "sunny in Paris") {
					t.Errorf("%s: result = %s", kindOf, result)
				}
				if !strings.Contains(pargs, `"code":"x := 1"`) || !strings.Contains(pmsgs, "Review: x := 1") {
					t.Errorf("%s: prompt arguments %s messages %s", kindOf, pargs, pmsgs)
				}
			}
		})
	}
}

// Content longer than the budget is shortened to valid JSON and the
// truncation noted.
func TestContentLimit(t *testing.T) {
	opts := []noveummcp.Option{noveummcp.WithCaptureContent(config.CaptureSpanOnly), noveummcp.WithContentLimit(40)}
	tel, _, cs := pair(t, inMemory, opts, opts)
	long := strings.Repeat("a", 500)
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": long}}); err != nil {
		t.Fatal(err)
	}
	a := attrs(tel.span(t, "tools/call get_weather", trace.SpanKindClient))
	args := a["gen_ai.tool.call.arguments"].String()
	if len(args) > 40 || !json.Valid([]byte(args)) {
		t.Errorf("arguments = %q (%d bytes), want valid JSON within 40 bytes", args, len(args))
	}
	if !slices.Contains(a["noveum.truncated"].AsStringSlice(), "gen_ai.tool.call.arguments") || a["noveum.original_bytes.gen_ai.tool.call.arguments"].AsInt64() < 500 {
		t.Errorf("truncation not noted: %v", a)
	}
}

// keyPropagator writes and reads one key of its own, to show which
// propagator ran.
type keyPropagator struct{}

func (keyPropagator) Inject(ctx context.Context, c propagation.TextMapCarrier) {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		c.Set("example.com/span", sc.SpanID().String())
	}
}
func (keyPropagator) Extract(ctx context.Context, c propagation.TextMapCarrier) context.Context {
	return ctx
}
func (keyPropagator) Fields() []string { return []string{"example.com/span"} }

// WithPropagator replaces the W3C propagation: its keys go into _meta,
// traceparent does not.
func TestWithPropagator(t *testing.T) {
	opt := noveummcp.WithPropagator(keyPropagator{})
	tel, ts, cs := pair(t, inMemory, []noveummcp.Option{opt}, []noveummcp.Option{opt})
	if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "echo", Arguments: map[string]any{"city": "x"}}); err != nil {
		t.Fatal(err)
	}
	got := ts.lastEcho().MetaKeys
	if !slices.Contains(got, "example.com/span") || slices.Contains(got, "traceparent") {
		t.Errorf("_meta keys = %q", got)
	}
	if s := tel.span(t, "tools/call echo", trace.SpanKindServer); s.Parent().IsValid() {
		t.Error("the server span has a parent its propagator did not extract")
	}
}

// Calls made with nil params (ListTools(ctx, nil)) are traced, and never
// panic. (Under protocol 2026-07-28 the SDK makes params for its _meta, so
// the context travels too; under older versions such a call carries none.)
func TestNilParams(t *testing.T) {
	tel, _, cs := pair(t, inMemory, nil, nil)
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil || len(res.Tools) == 0 {
		t.Fatalf("ListTools = %v, %v", res, err)
	}
	c := tel.span(t, "tools/list", trace.SpanKindClient)
	s := tel.span(t, "tools/list", trace.SpanKindServer)
	if attrs(c)["mcp.method.name"].String() != "tools/list" || attrs(s)["mcp.method.name"].String() != "tools/list" {
		t.Error("tools/list spans lack mcp.method.name")
	}
	if _, ok := attrs(c)["gen_ai.operation.name"]; ok {
		t.Error("tools/list is not a tool call")
	}
}

// Bad input never panics nor breaks the call: nil clients and servers, nil
// options, arguments that do not marshal (the SDK's error is returned as it
// is and recorded).
func TestBadInput(t *testing.T) {
	noveummcp.InstrumentClient(nil)
	noveummcp.InstrumentServer(nil)
	opts := []noveummcp.Option{nil, noveummcp.WithCaptureContent(config.CaptureSpanOnly), noveummcp.WithContentLimit(-1)}
	tel, _, cs := pair(t, inMemory, opts, opts)
	_, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": make(chan int)}})
	if err == nil {
		t.Fatal("arguments that do not marshal: no error")
	}
	s := tel.span(t, "tools/call get_weather", trace.SpanKindClient)
	a := attrs(s)
	if a["error.type"].String() == "" || !strings.Contains(a["gen_ai.tool.call.arguments"].String(), "unrecordable content") {
		t.Errorf("attributes: %v", s.Attributes())
	}
}
