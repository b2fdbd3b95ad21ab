package semconv_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryKeyIsTested reads the package's source and checks that the
// constructor table covers every Key constant and every constructor, so that
// a key added later cannot go untested.
func TestEveryKeyIsTested(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{} // key -> name of its constant
	var constructors []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok || !isSelector(vs.Type, "attribute", "Key") {
						continue
					}
					for i, id := range vs.Names {
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok || !id.IsExported() {
							continue
						}
						v, err := strconv.Unquote(lit.Value)
						if err != nil {
							t.Fatal(err)
						}
						keys[v] = id.Name
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.IsExported() && d.Type.Results != nil &&
					len(d.Type.Results.List) == 1 && isSelector(d.Type.Results.List[0].Type, "attribute", "KeyValue") {
					constructors = append(constructors, d.Name.Name)
				}
			}
		}
	}
	if len(keys) < 60 {
		t.Fatalf("found only %d Key constants: is the source still where this test looks?", len(keys))
	}
	cases := constructorCases()
	tested := map[string]bool{}
	for _, c := range cases {
		tested[c.want] = true
	}
	for k, name := range keys {
		if !tested[k] {
			t.Errorf("%s (%s) has no row in constructorCases", name, k)
		}
	}
	// NoveumOriginalBytes builds a key of its own and has its own test.
	if want := len(constructors) - 1; len(cases) != want {
		t.Errorf("constructorCases has %d rows for %d constructors", len(cases), want)
	}
}

func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg && sel.Sel.Name == name
}
