package noveumopenai_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	// The quickstart imports the root package: keep its dependencies in
	// this module's go.sum, so that the quickstart builds here.
	_ "github.com/Noveum/noveum-trace-go"
)

// The README's quickstart is real code: its first Go block after
// "## Quickstart" is written into a temporary package of this module
// (which has openai-go and the core module) and vetted, which type-checks
// it. Skipped only when the README is absent (the module used on its own).
func TestReadmeQuickstartCompiles(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("no README.md two directories up")
	}
	if err != nil {
		t.Fatal(err)
	}
	src, err := quickstart(readme)
	if err != nil {
		t.Fatal(err)
	}
	vetFile(t, src)
}

// The Go blocks of docs/integrations.md that are whole files compile too.
func TestIntegrationsDocCompiles(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "integrations.md"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("no docs/integrations.md")
	}
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, block := range bytes.Split(doc, []byte("```go\n"))[1:] {
		code, _, ok := bytes.Cut(block, []byte("\n```"))
		if !ok {
			t.Fatal("a ```go block of docs/integrations.md is not closed")
		}
		if bytes.HasPrefix(code, []byte("package ")) {
			vetFile(t, append(code, '\n'))
			n++
		}
	}
	if n == 0 {
		t.Error("docs/integrations.md has no whole-file Go block to check")
	}
}

// vetFile writes src as the only file of a temporary package of this
// module and runs go vet on it, which type-checks it.
func vetFile(t *testing.T, src []byte) {
	t.Helper()
	dir, err := os.MkdirTemp(".", "doccheck")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to compile documented code with")
	}
	cmd := exec.Command(goBin, "vet", "./"+filepath.Base(dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("documented code does not compile (go vet: %v):\n%s\n--- code ---\n%s", err, out, src)
	}
}

// quickstart returns the first ```go block after the "## Quickstart"
// heading.
func quickstart(readme []byte) ([]byte, error) {
	_, after, ok := bytes.Cut(readme, []byte("\n## Quickstart\n"))
	if !ok {
		return nil, errors.New(`README.md has no "## Quickstart" section`)
	}
	if next := bytes.Index(after, []byte("\n## ")); next >= 0 {
		after = after[:next]
	}
	_, code, ok := bytes.Cut(after, []byte("```go\n"))
	if !ok {
		return nil, errors.New("the Quickstart section has no ```go block")
	}
	code, _, ok = bytes.Cut(code, []byte("\n```"))
	if !ok {
		return nil, errors.New("the Quickstart's ```go block is not closed")
	}
	if !strings.HasPrefix(string(code), "package ") {
		return nil, errors.New("the Quickstart's Go block is not a whole file (it must start with a package clause)")
	}
	return append(code, '\n'), nil
}

// The one-line fragments that enable this integration in
// docs/integrations.md and docs/getting-started.md compile too: each is
// wrapped in a main function with the imports it uses. (The core module's
// docs_snippets_test.go counts these blocks as compiled here.)
func TestDocFragmentsCompile(t *testing.T) {
	n := 0
	for _, name := range []string{"integrations.md", "getting-started.md"} {
		doc, err := os.ReadFile(filepath.Join("..", "..", "docs", name))
		if errors.Is(err, os.ErrNotExist) {
			t.Skip("no docs/" + name)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, block := range bytes.Split(doc, []byte("```go\n"))[1:] {
			code, _, ok := bytes.Cut(block, []byte("\n```"))
			if !ok {
				t.Fatalf("a ```go block of docs/%s is not closed", name)
			}
			if bytes.HasPrefix(code, []byte("package ")) || !bytes.Contains(code, []byte("noveumopenai.")) {
				continue
			}
			vetFile(t, []byte(`package main

import (
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	noveumopenai "github.com/Noveum/noveum-trace-go/integration/openai"
)

func main() {
`+string(code)+`
	_ = client
}
`))
			n++
		}
	}
	if n < 2 {
		t.Errorf("found %d fragments using noveumopenai in docs/integrations.md and docs/getting-started.md, want 2 or more", n)
	}
}
