package noveummcp_test

import (
	"context"
	"fmt"
	"sort"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/agents"
	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
)

// An agent's client and a tool server, instrumented in one line each, over
// the in-memory transport: the tool call is a CLIENT span and, as its
// child, a SERVER span.
func Example() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	ctx := context.Background()

	server := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1.0.0"}, nil)
	noveummcp.InstrumentServer(server, noveummcp.WithTracerProvider(tp))
	mcp.AddTool(server, &mcp.Tool{Name: "get_weather"},
		func(ctx context.Context, _ *mcp.CallToolRequest, in struct {
			City string `json:"city"`
		}) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "sunny in " + in.City}}}, nil, nil
		})

	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1.0.0"}, nil)
	noveummcp.InstrumentClient(client, noveummcp.WithTracerProvider(tp))

	ct, st := mcp.NewInMemoryTransports()
	ss, _ := server.Connect(ctx, st, nil)
	defer ss.Close()
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cs.Close()

	rec.Reset() // keep only the tool call's spans
	if _, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}}); err != nil {
		fmt.Println(err)
		return
	}
	spans := rec.Ended()
	sort.Slice(spans, func(i, j int) bool { return spans[i].SpanKind() < spans[j].SpanKind() })
	for _, s := range spans {
		fmt.Println(s.SpanKind(), s.Name())
	}
	fmt.Println("server span is the client span's child:", spans[0].Parent().SpanID() == spans[1].SpanContext().SpanID())
	// Output:
	// server tools/call get_weather
	// client tools/call get_weather
	// server span is the client span's child: true
}

// With WithBaggage on both sides, the agents package's conversation
// identity crosses to the server in params._meta and is restored into the
// tool handler's context.
func ExampleWithBaggage() {
	ctx := context.Background()
	server := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1.0.0"}, nil)
	noveummcp.InstrumentServer(server, noveummcp.WithBaggage(true))
	mcp.AddTool(server, &mcp.Tool{Name: "whoami"},
		func(ctx context.Context, _ *mcp.CallToolRequest, _ any) (*mcp.CallToolResult, any, error) {
			id := agents.IdentityFrom(ctx)
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: id.ConversationID + " " + id.UserID}}}, nil, nil
		})
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1.0.0"}, nil)
	noveummcp.InstrumentClient(client, noveummcp.WithBaggage(true))

	ct, st := mcp.NewInMemoryTransports()
	ss, _ := server.Connect(ctx, st, nil)
	defer ss.Close()
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer cs.Close()

	ctx = agents.WithIdentity(ctx, agents.Identity{ConversationID: "conv-7", UserID: "user-3"})
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "whoami"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Content[0].(*mcp.TextContent).Text)
	// Output: conv-7 user-3
}
