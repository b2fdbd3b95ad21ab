package noveumanthropic_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// Every Go program in this integration's documentation compiles against
// the module as it is.
func TestDocSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the documentation's programs with the go tool")
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations-anthropic.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) == 0 {
		t.Fatal("no Go blocks in docs/integrations-anthropic.md")
	}
	for i, b := range blocks {
		// Inside the module, so that its go.mod resolves the imports.
		dir, err := os.MkdirTemp(".", "docsnippet")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.RemoveAll(dir) })
		if err := os.WriteFile(filepath.Join(dir, "main.go"), b[1], 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("go", "vet", "./"+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("Go block %d of docs/integrations-anthropic.md does not compile: %v\n%s", i+1, err, out)
		}
	}
}

// The anthropic-sdk-go line of docs/integrations.md compiles (the core
// module's docs test counts it as compiled here).
func TestOverviewLineCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with the go tool")
	}
	overview, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations.md"))
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, b := range regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(overview), -1) {
		if regexp.MustCompile(`noveumanthropic\.`).MatchString(b[1]) {
			line = b[1]
		}
	}
	if line == "" {
		t.Fatal("docs/integrations.md has no anthropic-sdk-go line")
	}
	src := `package main

import (
	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	noveumanthropic "github.com/Noveum/noveum-trace-go/integration/anthropic"
)

func main() {
` + line + `
	_ = client
}
`
	dir, err := os.MkdirTemp(".", "docsnippet")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("go", "vet", "./"+dir).CombinedOutput(); err != nil {
		t.Errorf("the anthropic-sdk-go line of docs/integrations.md does not compile: %v\n%s\n%s", err, out, src)
	}
}
