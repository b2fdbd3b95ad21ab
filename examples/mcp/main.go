// Command mcp traces an agent that calls a tool on an MCP server: the
// agent's span, its model calls (a deterministic fake model: no API key, no
// network), the MCP client span of the tool call and the server's span of
// its execution all land in one trace, exported through noveumtrace.Init to
// the local endpoint.
//
//	go run ./cmd/noveum-local &           # from the repository root
//	cd examples/mcp && go run .            # then open http://127.0.0.1:4319/
//
// NOVEUM_ENDPOINT overrides the endpoint (default http://127.0.0.1:4319/api).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	noveumtrace "github.com/Noveum/noveum-trace-go"
	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/config"
	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func main() {
	endpoint := os.Getenv("NOVEUM_ENDPOINT")
	if endpoint == "" {
		endpoint = "http://127.0.0.1:4319/api"
	}
	if err := run(context.Background(), os.Stdout, endpoint); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

// run sets tracing up, runs the agent once and flushes.
func run(ctx context.Context, w io.Writer, endpoint string) error {
	shutdown, err := noveumtrace.Init(ctx, noveumtrace.WithConfigOptions(
		config.WithEndpoint(endpoint),
		config.WithProject("mcp-example"),
		config.WithCaptureContent(config.CaptureSpanOnly),
	))
	if err != nil {
		return err
	}
	answer, err := agent(ctx, "What is the weather in Paris?")
	if err := shutdown(ctx); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(w, answer)
	return nil
}

// weatherServer is the MCP tool server, instrumented in one line.
func weatherServer() *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1.0.0"}, nil)
	noveummcp.InstrumentServer(s)
	type in struct {
		City string `json:"city"`
	}
	type out struct {
		Forecast string `json:"forecast"`
	}
	mcp.AddTool(s, &mcp.Tool{Name: "get_weather", Description: "Forecast for a city"},
		func(ctx context.Context, _ *mcp.CallToolRequest, args in) (*mcp.CallToolResult, out, error) {
			return nil, out{Forecast: "sunny, 21°C in " + args.City}, nil
		})
	return s
}

// agent answers a question: it asks the model, which asks for the
// get_weather tool; it calls the tool on the MCP server and asks the model
// again with the result.
func agent(ctx context.Context, question string) (string, error) {
	ctx = agents.WithIdentity(ctx, agents.Identity{ConversationID: "conv-1", UserID: "user-1"})
	ctx, span := agents.InvokeAgent(ctx, agents.NewAgent(agents.AgentInfo{Name: "forecaster"}))
	answer, err := runAgent(ctx, question)
	span.End(err)
	return answer, err
}

func runAgent(ctx context.Context, question string) (string, error) {
	// The tool server runs in this process over the in-memory transport;
	// over stdio or streamable HTTP the code is the same.
	client := mcp.NewClient(&mcp.Implementation{Name: "forecaster", Version: "1.0.0"}, nil)
	noveummcp.InstrumentClient(client)
	ct, st := mcp.NewInMemoryTransports()
	// The server is a world of its own: it does not share the agent's context.
	ss, err := weatherServer().Connect(context.Background(), st, nil)
	if err != nil {
		return "", err
	}
	defer ss.Close()
	session, err := client.Connect(ctx, ct, nil)
	if err != nil {
		return "", err
	}
	defer session.Close()

	args := json.RawMessage(`{"city":"Paris"}`)
	history := []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(question)}}}
	call := model(ctx, history, llm.Message{Role: llm.RoleAssistant, Parts: []llm.Part{llm.ToolCall("call_1", "get_weather", args)}, FinishReason: "tool_call"})
	history = append(history, call)

	res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: args})
	if err != nil {
		return "", err
	}
	if res.IsError {
		return "", fmt.Errorf("get_weather failed")
	}
	result, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return "", err
	}
	history = append(history, llm.Message{Role: llm.RoleTool, Parts: []llm.Part{llm.ToolCallResponse("call_1", result)}})
	final := model(ctx, history, llm.Message{Role: llm.RoleAssistant, Parts: []llm.Part{llm.Text("It is sunny and 21°C in Paris.")}, FinishReason: "stop"})
	return final.Parts[0].Content, nil
}

// model is a deterministic fake chat model: it returns reply, recording the
// call with the llm helpers as a real provider integration would.
func model(ctx context.Context, history []llm.Message, reply llm.Message) llm.Message {
	_, call := llm.StartChat(ctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o", Messages: history})
	call.RecordResponse(llm.Response{Model: "gpt-4o-2024-08-06", Messages: []llm.Message{reply},
		Usage: llm.Usage{InputTokens: llm.Tokens(int64(40 * len(history))), OutputTokens: llm.Tokens(12)}})
	call.End(nil)
	return reply
}
