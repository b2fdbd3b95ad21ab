package noveummcp_test

import (
	"context"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/exporter"
	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// Two processes, as far as tracing goes: the agent and the tool server each
// export through their own Noveum exporter. Noveum gets two traces, joined
// by otel.trace_id; the tool call is one tool (the client's span), wrapped
// by agents.ExecuteTool or not; the server's part names itself after its
// span, "tools/call get_weather", and has no tool span.
func TestNoveumOneToolAcrossProcesses(t *testing.T) {
	for _, wrapped := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "ExecuteTool wrapper"}[wrapped], func(t *testing.T) {
			ctx := context.Background()
			// One receiver a process: the trace_id each exporter derives is
			// its own business (salted per exporter instance by the wire
			// spec); this test is about what each part holds.
			agentSrv, serverSrv := noveumtest.NewServer(), noveumtest.NewServer()
			defer agentSrv.Close()
			defer serverSrv.Close()
			provider := func(srv *noveumtest.Server, project string) *sdktrace.TracerProvider {
				exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject(project))
				if err != nil {
					t.Fatal(err)
				}
				return sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
			}
			agentTP, serverTP := provider(agentSrv, "agent"), provider(serverSrv, "tools")

			ts := newToolServer()
			noveummcp.InstrumentServer(ts.Server, noveummcp.WithTracerProvider(serverTP))
			client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1"}, nil)
			noveummcp.InstrumentClient(client, noveummcp.WithTracerProvider(agentTP))
			cs := connect(t, inMemory, ts.Server, client)

			tr := agents.NewTracer(agents.WithTracerProvider(agentTP))
			actx, agent := tr.InvokeAgent(ctx, agents.NewAgent(agents.AgentInfo{Name: "planner"}))
			cctx, tool := actx, (*agents.ToolCall)(nil)
			if wrapped {
				cctx, tool = tr.ExecuteTool(actx, agents.Tool{Name: "get_weather", CallID: "call_1"})
			}
			_, err := cs.CallTool(cctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}})
			if wrapped {
				tool.End(err)
			}
			agent.End(err)
			if err != nil {
				t.Fatal(err)
			}
			if err := agentTP.Shutdown(ctx); err != nil {
				t.Fatal(err)
			}
			if err := serverTP.Shutdown(ctx); err != nil {
				t.Fatal(err)
			}

			var agentTrace, serverTrace *noveumtest.Trace
			for _, tr := range agentSrv.Traces() {
				if tr.Name == "agent.planner" {
					agentTrace = &tr
				}
			}
			for _, tr := range serverSrv.Traces() {
				if tr.Name == "tools/call get_weather" {
					serverTrace = &tr
				}
			}
			if agentTrace == nil || serverTrace == nil {
				t.Fatalf("agent traces %+v\nserver traces %+v", agentSrv.Traces(), serverSrv.Traces())
			}
			if agentTrace.OTel.TraceID != serverTrace.OTel.TraceID {
				t.Errorf("otel.trace_id %s / %s: want the two parts of one OTel trace", agentTrace.OTel.TraceID, serverTrace.OTel.TraceID)
			}
			tools := 0
			for _, tr := range []*noveumtest.Trace{agentTrace, serverTrace} {
				for _, s := range tr.Spans {
					if strings.HasPrefix(s.Name, "tool.") {
						tools++
						if _, ok := s.Attr("tool.name"); !ok {
							t.Errorf("%s lacks tool.name", s.Name)
						}
					} else if _, ok := s.Attr("tool.name"); ok {
						t.Errorf("%s (%s) carries tool.name", s.Name, s.OTel.Kind)
					}
				}
			}
			if tools != 1 {
				t.Errorf("%d tool spans in Noveum, want 1", tools)
			}
			root, _ := serverTrace.SpanByName("tools/call get_weather")
			if root.OTel.Kind != "SERVER" || root.ParentSpanID != nil {
				t.Errorf("server part's root: kind %s parent %v", root.OTel.Kind, root.ParentSpanID)
			}
		})
	}
}
