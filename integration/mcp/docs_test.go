package noveummcp_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	// The whole-program snippet imports the core module's packages: their
	// dependencies stay in this module's go.sum through this import.
	_ "github.com/Noveum/noveum-trace-go/agents"
)

// TestDocSnippetsCompile type-checks every Go snippet of
// docs/integrations-mcp.md with go vet: whole programs as they are,
// fragments inside a function whose parameters are the client, server,
// session and values the prose speaks of. (The core module's
// docs_snippets_test.go counts these blocks as compiled here.)
func TestDocSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations-mcp.md"))
	if os.IsNotExist(err) {
		t.Skip("no docs/integrations-mcp.md")
	}
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```go\n")[1:]
	if len(blocks) < 5 {
		t.Fatalf("found %d Go snippets, want 5 or more", len(blocks))
	}
	for i, b := range blocks {
		src, _, ok := strings.Cut(b, "```")
		if !ok {
			t.Fatalf("snippet %d is not closed", i)
		}
		if !strings.HasPrefix(src, "package ") {
			results := ""
			if strings.Contains(src, "return ") {
				results = " (*mcp.CallToolResult, error)"
			}
			src = `package main

import (
	"context"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/Noveum/noveum-trace-go/agents"
	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
	"github.com/Noveum/noveum-trace-go/semconv"
)

var (
	_ = agents.ExecuteTool
	_ = noveummcp.InstrumentClient
	_ = semconv.NetworkTransportTCP
)

func main() {}

func snippet(ctx context.Context, client *mcp.Client, server *mcp.Server, session *mcp.ClientSession, args map[string]any, toolCallID string)` + results + ` {
` + src + `}
`
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "main.go")
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("go", "vet", file).CombinedOutput(); err != nil {
			t.Errorf("snippet %d does not compile: %v\n%s\n%s", i, err, out, src)
		}
	}
}
