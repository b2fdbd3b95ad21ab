package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// The example sends one trace to a Noveum receiver: the agent, its two
// model calls, the MCP handshake, and the tool call as one tool (the
// client span, tool.get_weather) with the server's span as its child.
func TestRun(t *testing.T) {
	srv := noveumtest.NewServer()
	defer srv.Close()
	var out bytes.Buffer
	if err := run(context.Background(), &out, srv.URL); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != "It is sunny and 21°C in Paris." {
		t.Errorf("answer = %q", got)
	}
	traces := srv.Traces() // run's shutdown flushed them
	if len(traces) != 1 {
		var names []string
		for _, tr := range traces {
			names = append(names, tr.Name)
		}
		t.Fatalf("%d traces %q, want 1", len(traces), names)
	}
	tr := traces[0]
	if tr.Name != "agent.forecaster" || tr.Metadata.UserID == nil || *tr.Metadata.UserID != "user-1" {
		t.Errorf("trace %q, user %v", tr.Name, tr.Metadata.UserID)
	}
	tools := 0
	var client, server noveumtest.Span
	for _, s := range tr.Spans {
		if strings.HasPrefix(s.Name, "tool.") {
			tools++
			client = s
		}
		if s.Name == "tools/call get_weather" {
			server = s
		}
	}
	if tools != 1 || client.Name != "tool.get_weather" {
		t.Fatalf("%d tool spans (last %q), want tool.get_weather once", tools, client.Name)
	}
	if server.Name == "" || server.ParentSpanID == nil || *server.ParentSpanID != client.SpanID {
		t.Errorf("server span %q is not the tool span's child", server.Name)
	}
	if v, _ := client.Attr("tool.output"); !strings.Contains(v.(string), "sunny") {
		t.Errorf("tool.output = %v, want the captured result", v)
	}
	if v, _ := server.Attr("mcp.method.name"); v != "tools/call" {
		t.Errorf("server span mcp.method.name = %v", v)
	}
	if v, _ := server.Attr("gen_ai.conversation.id"); v != nil {
		t.Errorf("identity crossed without WithBaggage: %v", v)
	}
}
