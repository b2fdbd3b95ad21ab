package goopenai_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	// The whole-program snippet imports the root package: its
	// dependencies stay in this module's go.sum through this import.
	_ "github.com/Noveum/noveum-trace-go"
)

// TestDocSnippetsCompile type-checks every Go snippet of
// docs/integrations-goopenai.md with go vet: whole programs as they are,
// fragments inside a function with the imports they use.
func TestDocSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations-goopenai.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(doc), "```go\n")[1:]
	if len(blocks) == 0 {
		t.Fatal("no Go snippet found")
	}
	// The go-openai section of docs/integrations.md: its fragments that
	// use this package (the core module's docs test counts them as
	// compiled here).
	overview, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations.md"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range strings.Split(string(overview), "```go\n")[1:] {
		if !strings.HasPrefix(b, "package ") && strings.Contains(strings.SplitN(b, "```", 2)[0], "goopenai.") {
			blocks = append(blocks, b)
			found = true
		}
	}
	if !found {
		t.Error("docs/integrations.md has no go-openai fragment")
	}
	for i, b := range blocks {
		src, _, ok := strings.Cut(b, "```")
		if !ok {
			t.Fatalf("snippet %d is not closed", i)
		}
		if !strings.HasPrefix(src, "package ") {
			src = `package main

import (
	openai "github.com/sashabaranov/go-openai"

	"github.com/Noveum/noveum-trace-go/integration/goopenai"
)

func main() {
	var apiKey string
` + src + `
	_ = client
}
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
