package noveummcp_test

import (
	"context"
	"sort"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
)

type weatherIn struct {
	City string `json:"city"`
}

type weatherOut struct {
	Forecast string `json:"forecast"`
}

// seen is what the echo tool's handler saw, for the test to check.
type seen struct {
	MetaKeys []string        `json:"meta_keys"`
	AppValue string          `json:"app_value"`
	Identity agents.Identity `json:"-"`
	SpanCtx  trace.SpanContext
}

// toolServer is an MCP server named "weather" with a few tools, a prompt
// and a resource. started is signalled when the slow tool begins; echoes
// receives what the echo tool saw.
type toolServer struct {
	*mcp.Server
	started chan struct{}
	mu      sync.Mutex
	echoes  []seen
}

func newToolServer() *toolServer {
	ts := &toolServer{
		Server:  mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1.0.0"}, nil),
		started: make(chan struct{}, 1),
	}
	mcp.AddTool(ts.Server, &mcp.Tool{Name: "get_weather", Description: "forecast for a city"},
		func(ctx context.Context, req *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, weatherOut, error) {
			return nil, weatherOut{Forecast: "sunny in " + in.City}, nil
		})
	mcp.AddTool(ts.Server, &mcp.Tool{Name: "station_status", Description: "always fails"},
		func(ctx context.Context, req *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: "station offline"}}}, nil, nil
		})
	mcp.AddTool(ts.Server, &mcp.Tool{Name: "slow", Description: "waits until cancelled"},
		func(ctx context.Context, req *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, any, error) {
			ts.started <- struct{}{}
			<-ctx.Done()
			return nil, nil, ctx.Err()
		})
	mcp.AddTool(ts.Server, &mcp.Tool{Name: "echo", Description: "reports what it saw"},
		func(ctx context.Context, req *mcp.CallToolRequest, in weatherIn) (*mcp.CallToolResult, any, error) {
			s := seen{Identity: agents.IdentityFrom(ctx), SpanCtx: trace.SpanContextFromContext(ctx)}
			for k := range req.Params.Meta {
				s.MetaKeys = append(s.MetaKeys, k)
			}
			sort.Strings(s.MetaKeys)
			s.AppValue, _ = req.Params.Meta["example.com/app"].(string)
			ts.mu.Lock()
			ts.echoes = append(ts.echoes, s)
			ts.mu.Unlock()
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "ok"}}}, nil, nil
		})
	ts.AddPrompt(&mcp.Prompt{Name: "review", Arguments: []*mcp.PromptArgument{{Name: "code"}}},
		func(ctx context.Context, req *mcp.GetPromptRequest) (*mcp.GetPromptResult, error) {
			return &mcp.GetPromptResult{Messages: []*mcp.PromptMessage{
				{Role: "user", Content: &mcp.TextContent{Text: "Review: " + req.Params.Arguments["code"]}},
			}}, nil
		})
	ts.AddResource(&mcp.Resource{URI: "file:///notes.txt", Name: "notes", MIMEType: "text/plain"},
		func(ctx context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
			return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: req.Params.URI, Text: "hello"}}}, nil
		})
	return ts
}

func (ts *toolServer) lastEcho() seen {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.echoes) == 0 {
		return seen{}
	}
	return ts.echoes[len(ts.echoes)-1]
}
