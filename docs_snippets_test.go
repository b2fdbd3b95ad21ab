package noveumtrace_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every Go block of README.md and docs/*.md is real code: this test
// extracts the blocks and compiles them, so that they cannot rot.
//
// The convention, for whoever writes docs:
//
//   - A block that starts with "package" is a whole file, compiled as it is.
//   - A block of top-level declarations (func, type, var) is compiled in a
//     file of its own; a block of statements is the body of a function.
//   - Imports of a fragment are not written: they are derived from the
//     package names it uses (snippetImports below, the names the docs use).
//   - Variables a fragment uses without declaring them (the ctx, tp or exp
//     of the surrounding prose) are declared by an HTML comment on the line
//     before the block, invisible when the Markdown is rendered:
//     <!-- snippet: ctx context.Context, exp *exporter.Exporter -->
//     They become the parameters of the function the block is wrapped in.
//     Lines after the first, up to "-->", are top-level declarations the
//     block needs (a stand-in type for a provider's response, say).
//   - Blocks that use a module other than the core one (openai-go,
//     go-openai, the MCP SDK, ...) cannot compile here: they are listed in
//     externalSnippets, per file, and compiled by that module's own tests
//     (integration/openai, integration/goopenai, integration/mcp: see the
//     list for which test compiles which block). The test fails
//     when the count of such blocks in a file differs from the list, so
//     nothing is skipped silently.
//
// All blocks are compiled by one "go build" with an -overlay that places
// them in packages under the module root which exist only in the overlay:
// nothing is written into the repository.

// snippetImports maps the package names docs use to their import paths.
var snippetImports = map[string]string{
	"context":     "context",
	"errors":      "errors",
	"fmt":         "fmt",
	"http":        "net/http",
	"json":        "encoding/json",
	"log":         "log",
	"os":          "os",
	"sync":        "sync",
	"testing":     "testing",
	"time":        "time",
	"otel":        "go.opentelemetry.io/otel",
	"attribute":   "go.opentelemetry.io/otel/attribute",
	"trace":       "go.opentelemetry.io/otel/trace",
	"sdktrace":    "go.opentelemetry.io/otel/sdk/trace",
	"tracetest":   "go.opentelemetry.io/otel/sdk/trace/tracetest",
	"resource":    "go.opentelemetry.io/otel/sdk/resource",
	"noveumtrace": "github.com/Noveum/noveum-trace-go",
	"agents":      "github.com/Noveum/noveum-trace-go/agents",
	"agentsdk":    "github.com/Noveum/noveum-trace-go/agents/agentsdk",
	"agentgraph":  "github.com/Noveum/noveum-trace-go/agents/agentgraph",
	"config":      "github.com/Noveum/noveum-trace-go/config",
	"exporter":    "github.com/Noveum/noveum-trace-go/exporter",
	"llm":         "github.com/Noveum/noveum-trace-go/llm",
	"noveumtest":  "github.com/Noveum/noveum-trace-go/noveumtest",
	"redact":      "github.com/Noveum/noveum-trace-go/redact",
	"semconv":     "github.com/Noveum/noveum-trace-go/semconv",
}

// externalNames are package names (in fragments) and import path prefixes
// (in whole files) of modules outside the core go.mod.
var (
	externalNames = []string{"openai", "option", "noveumopenai", "goopenai", "mcp", "noveummcp", "anthropic", "noveumanthropic"}
	externalPaths = []string{
		"github.com/openai/", "github.com/sashabaranov/", "github.com/modelcontextprotocol/",
		"github.com/anthropics/", "go.opentelemetry.io/collector",
		"github.com/Noveum/noveum-trace-go/integration/", "github.com/Noveum/noveum-trace-go/exporter/noveumexporter",
	}
)

// externalSnippets counts, per file, the blocks that belong to another
// module's tests (see above).
var externalSnippets = map[string]int{
	"README.md":                      1, // quickstart: integration/openai TestReadmeQuickstartCompiles
	"docs/getting-started.md":        1, // openai-go one-liner: integration/openai TestDocFragmentsCompile
	"docs/integrations.md":           4, // whole file: integration/openai TestIntegrationsDocCompiles; openai-go one-liner: TestDocFragmentsCompile; go-openai one-liner: integration/goopenai TestDocSnippetsCompile; anthropic one-liner: integration/anthropic TestOverviewLineCompiles
	"docs/integrations-goopenai.md":  2, // integration/goopenai TestDocSnippetsCompile
	"docs/integrations-anthropic.md": 1, // integration/anthropic TestDocSnippetsCompile
	"docs/integrations-mcp.md":       5, // integration/mcp TestDocSnippetsCompile
}

type snippet struct {
	file   string // relative to the repository root
	line   int    // of the ```go fence
	code   string
	params string // first line of <!-- snippet: ... -->
	decls  string // its other lines
}

var snippetComment = regexp.MustCompile(`(?s)^<!--\s*snippet:[ \t]*([^\n]*?)\s*(?:\n(.*?))?-->$`)

// markdownFiles returns README.md and docs/*.md.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	docs, err := filepath.Glob(filepath.Join("docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(docs)
	return append([]string{"README.md"}, docs...)
}

// goSnippets returns the ```go blocks of a Markdown file.
func goSnippets(t *testing.T, file string) []snippet {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var out []snippet
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```go" {
			continue
		}
		s := snippet{file: filepath.ToSlash(file), line: i + 1}
		if i > 0 && strings.HasSuffix(strings.TrimSpace(lines[i-1]), "-->") {
			start := i - 1
			for start > 0 && !strings.HasPrefix(strings.TrimSpace(lines[start]), "<!--") {
				start--
			}
			comment := strings.TrimSpace(strings.Join(lines[start:i], "\n"))
			if m := snippetComment.FindStringSubmatch(comment); m != nil {
				s.params, s.decls = m[1], m[2]
			}
		}
		var body []string
		closed := false
		for i++; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "```" {
				closed = true
				break
			}
			body = append(body, lines[i])
		}
		if !closed {
			t.Fatalf("%s:%d: ```go block is not closed", file, s.line)
		}
		s.code = strings.Join(body, "\n") + "\n"
		out = append(out, s)
	}
	return out
}

// lineDirective numbers the lines that follow as the block's lines in its
// Markdown file.
func (s snippet) lineDirective() string {
	return "//line " + s.file + ":" + strconv.Itoa(s.line+1) + "\n"
}

// source turns a snippet into a Go file of package pkg; external reports a
// snippet that uses a module outside the core one.
func (s snippet) source(pkg string) (src string, external bool, err error) {
	if strings.HasPrefix(s.code, "package ") {
		f, err := parser.ParseFile(token.NewFileSet(), s.file, s.code, parser.ImportsOnly)
		if err != nil {
			return "", false, err
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			for _, prefix := range externalPaths {
				if strings.HasPrefix(p, prefix) {
					return "", true, nil
				}
			}
		}
		return s.lineDirective() + s.code, false, nil
	}
	// Declarations as they are, or statements in a function. A //line
	// directive makes the compiler report the block's own Markdown lines.
	code := s.lineDirective() + s.code
	decls := "package " + pkg + "\n\n" + code
	if _, err := parser.ParseFile(token.NewFileSet(), "", decls, 0); err != nil {
		decls = "package " + pkg + "\n\nfunc _(" + s.params + ") {\n" + code + "}\n"
	} else if s.params != "" {
		decls = "package " + pkg + "\n\nfunc _(" + s.params + ") {}\n\n" + code
	}
	if s.decls != "" {
		decls += "\n" + s.decls + "\n"
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", decls, 0)
	if err != nil {
		return "", false, fmt.Errorf("not Go code: %w", err)
	}
	used := map[string]bool{}
	explicit := map[string]bool{} // a fragment that has its own imports
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		explicit[name] = true
	}
	// f.Unresolved: the names no declaration of the block binds.
	for _, id := range f.Unresolved {
		used[id.Name] = true
	}
	for _, n := range externalNames {
		if used[n] {
			return "", true, nil
		}
	}
	var imports []string
	for name := range used {
		if p, ok := snippetImports[name]; ok && !explicit[name] {
			imports = append(imports, fmt.Sprintf("\t%s %q\n", name, p))
		}
	}
	sort.Strings(imports)
	head, rest, _ := strings.Cut(decls, "\n\n")
	if len(imports) > 0 {
		head += "\n\nimport (\n" + strings.Join(imports, "") + ")"
	}
	return head + "\n\n" + rest, false, nil
}

func TestDocSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	overlay := map[string]string{}
	var pkgs []string
	where := map[string]snippet{}
	external := map[string]int{}
	for _, file := range markdownFiles(t) {
		for _, s := range goSnippets(t, file) {
			pkg := fmt.Sprintf("s%03d", len(where)+1)
			src, ext, err := s.source(pkg)
			if err != nil {
				t.Errorf("%s:%d: %v\n%s", s.file, s.line, err, s.code)
				continue
			}
			if ext {
				external[s.file]++
				continue
			}
			// The file name says where the block is, for the error messages.
			name := strings.NewReplacer("/", "_", ".", "_").Replace(s.file) + "_line" + strconv.Itoa(s.line) + ".go"
			real := filepath.Join(tmp, name)
			if err := os.WriteFile(real, []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("zz_docsnippets_overlay", pkg)
			overlay[filepath.Join(root, dir, name)] = real
			pkgs = append(pkgs, "./"+filepath.ToSlash(dir))
			where[pkg] = s
		}
	}
	for file, n := range externalSnippets {
		if external[file] != n {
			t.Errorf("%s: %d blocks use a module outside the core one, externalSnippets says %d: compile them in their module's tests and update the list", file, external[file], n)
		}
	}
	for file, n := range external {
		if _, ok := externalSnippets[file]; !ok {
			t.Errorf("%s: %d blocks use a module outside the core one and the file is not in externalSnippets", file, n)
		}
	}
	if len(pkgs) < 15 {
		t.Fatalf("only %d Go blocks found in README.md and docs/*.md", len(pkgs))
	}
	ov, err := json.Marshal(map[string]any{"Replace": overlay})
	if err != nil {
		t.Fatal(err)
	}
	ovFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovFile, ov, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goBin, append([]string{"build", "-overlay=" + ovFile}, pkgs...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Errorf("documented Go code does not compile (go build: %v); positions are Markdown lines:\n%s", err, out.String())
	}
}

var (
	mdLink    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	mdHeading = regexp.MustCompile(`(?m)^#{1,6}\s+(.+?)\s*$`)
	mdFence   = regexp.MustCompile("(?ms)^```.*?^```")
)

// githubAnchor is the anchor GitHub gives a heading: lower case, without
// punctuation but - and _, spaces as dashes.
func githubAnchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func anchorsOf(t *testing.T, file string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := mdFence.ReplaceAllString(string(data), "")
	anchors := map[string]bool{}
	for _, m := range mdHeading.FindAllStringSubmatch(text, -1) {
		a := githubAnchor(m[1])
		for i := 1; anchors[a]; i++ { // GitHub numbers repeated headings
			a = fmt.Sprintf("%s-%d", githubAnchor(m[1]), i)
		}
		anchors[a] = true
	}
	return anchors
}

// Every relative link of README.md and docs/*.md leads to a file (and
// heading) of this repository, and no page sends the reader to material
// that is not published with it: the docs stand alone.
func TestDocLinksResolve(t *testing.T) {
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, file := range markdownFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := mdFence.ReplaceAllString(string(data), "")
		for _, unpublished := range []string{"shared/spec", "shared/DESIGN", "shared/STYLE", "/work/", "/tmp/iss"} {
			if strings.Contains(text, unpublished) {
				t.Errorf("%s mentions %q, which is not part of the repository: describe it, or link to a page under docs/", file, unpublished)
			}
		}
		for _, m := range mdLink.FindAllStringSubmatch(text, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			links++
			path, anchor, _ := strings.Cut(target, "#")
			resolved := file
			if path != "" {
				resolved = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
			}
			abs, err := filepath.Abs(resolved)
			if err != nil {
				t.Fatal(err)
			}
			if rel, err := filepath.Rel(root, abs); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s: link %q leaves the repository", file, target)
				continue
			}
			if _, err := os.Stat(abs); err != nil {
				t.Errorf("%s: link %q: %s does not exist", file, target, resolved)
				continue
			}
			if anchor != "" && strings.HasSuffix(abs, ".md") && !anchorsOf(t, abs)[anchor] {
				t.Errorf("%s: link %q: %s has no heading with anchor #%s", file, target, resolved, anchor)
			}
		}
	}
	if links < 30 {
		t.Errorf("only %d relative links found: is the link pattern still right?", links)
	}
}

func TestGithubAnchor(t *testing.T) {
	for heading, want := range map[string]string{
		"Model prices":                                 "model-prices",
		"The go-openai integration (issue 12)":         "the-go-openai-integration-issue-12",
		"Provider integrations (`integration/openai`)": "provider-integrations-integrationopenai",
		"MCP integration":                              "mcp-integration",
	} {
		if got := githubAnchor(heading); got != want {
			t.Errorf("githubAnchor(%q) = %q, want %q", heading, got, want)
		}
	}
}
