package semconv_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// No package of the module but this one spells an attribute key as a string:
// every gen_ai.* and noveum.* name, and every general key this package
// defines, comes from a semconv constant. Test files may spell keys (they
// check what was written), and so may the bench module, testdata and this
// package.
func TestNoKeyLiteralsOutsideSemconv(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	found, err := keyLiterals(root, generalKeys())
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("attribute keys spelled as strings outside semconv; use the semconv constants:\n\t%s", strings.Join(found, "\n\t"))
	}
}

// The checker itself finds what it should and skips what it should, on a
// small module written for the purpose.
func TestKeyLiteralsFindsOffenders(t *testing.T) {
	root := t.TempDir()
	write := func(path, src string) {
		t.Helper()
		path = filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n")
	write("a/a.go", "package a\n\nvar (\n\tx = \"gen_ai.request.model\"\n\ty = `noveum.cost.total`\n\tz = \"user.id\"\n\tok = \"llm.model\"\n\tmsg = \"noveum exporter: failed\"\n\told = \"enduser.id\"\n)\n")
	write("a/a_test.go", "package a\n\nvar k = \"gen_ai.system\"\n")
	write("a/testdata/t.go", "package t\n\nvar k = \"gen_ai.system\"\n")
	write("semconv/keys.go", "package semconv\n\nconst k = \"gen_ai.system\"\n")
	write("bench/go.mod", "module example.com/m/bench\n")
	write("bench/b.go", "package bench\n\nvar k = \"gen_ai.system\"\n")
	write("other/go.mod", "module example.com/other\n")
	write("other/o.go", "package other\n\nvar k = \"gen_ai.system\"\n")
	write(".hidden/h.go", "package h\n\nvar k = \"gen_ai.system\"\n")

	found, err := keyLiterals(root, generalKeys())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`a/a.go:4: "gen_ai.request.model"`,
		"a/a.go:5: `noveum.cost.total`",
		`a/a.go:6: "user.id"`,
		`a/a.go:9: "enduser.id"`,
	}
	if strings.Join(found, "\n") != strings.Join(want, "\n") {
		t.Errorf("found:\n\t%s\nwant:\n\t%s", strings.Join(found, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// generalKeys returns the keys outside gen_ai.* and noveum.* that this
// package defines, and the deprecated spellings it maps: other packages must
// not spell them either.
func generalKeys() map[string]bool {
	keys := map[string]bool{}
	for _, k := range []string{
		string(semconv.ErrorTypeKey), string(semconv.UserIDKey), string(semconv.SessionIDKey),
		string(semconv.ServerAddressKey), string(semconv.ServerPortKey),
		string(semconv.ServiceNameKey), string(semconv.ServiceVersionKey),
		string(semconv.ExceptionTypeKey), string(semconv.ExceptionMessageKey), string(semconv.ExceptionStacktraceKey),
		string(semconv.ExceptionEscapedKey), string(semconv.EndUserIDKey),
		string(semconv.MCPMethodNameKey), string(semconv.MCPSessionIDKey), string(semconv.MCPProtocolVersionKey),
		string(semconv.MCPResourceURIKey), string(semconv.JSONRPCRequestIDKey), string(semconv.RPCResponseStatusCodeKey),
		string(semconv.NetworkTransportKey), string(semconv.NetworkProtocolNameKey),
		string(semconv.HTTPRequestMethodKey), string(semconv.HTTPResponseStatusCodeKey), string(semconv.HTTPRequestResendCountKey),
	} {
		keys[k] = true
	}
	for old := range semconv.Deprecated() {
		keys[string(old)] = true
	}
	return keys
}

// moduleRoot returns the directory of the go.mod above the working directory
// (this package's directory when tests run).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// keyLiterals parses every non-test .go file of the module at root, outside
// semconv/, nested modules (bench/), testdata and hidden directories, and
// returns "file:line: literal" for each string literal that begins with
// gen_ai. or noveum. or equals one of general.
func keyLiterals(root string, general map[string]bool) ([]string, error) {
	var found []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "." {
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || rel == "semconv" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module, bench/ among them
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if strings.HasPrefix(s, "gen_ai.") || strings.HasPrefix(s, "noveum.") || general[s] {
				found = append(found, fmt.Sprintf("%s:%d: %s", rel, fset.Position(lit.Pos()).Line, lit.Value))
			}
			return true
		})
		return nil
	})
	return found, err
}
