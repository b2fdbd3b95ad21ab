package wire

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

// nest wraps leaf in n containers, maps and slices in turn.
func nest(leaf attribute.Value, n int) attribute.Value {
	v := leaf
	for i := range n {
		if i%2 == 0 {
			v = attribute.SliceValue(v)
		} else {
			v = attribute.MapValue(attribute.KeyValue{Key: "k", Value: v})
		}
	}
	return v
}

// jsonDepth returns how deeply doc nests arrays and objects.
func jsonDepth(t *testing.T, doc []byte) int {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	var depth func(any) int
	depth = func(v any) int {
		d := 0
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				d = max(d, depth(e))
			}
			return d + 1
		case []any:
			for _, e := range x {
				d = max(d, depth(e))
			}
			return d + 1
		}
		return 0
	}
	return depth(v)
}

func TestValueDepthIsBounded(t *testing.T) {
	leaves := map[string]attribute.Value{
		"string":       attribute.StringValue("x"),
		"string slice": attribute.StringSliceValue([]string{"a", "b"}),
		"int slice":    attribute.Int64SliceValue([]int64{1}),
		"empty map":    attribute.MapValue(),
	}
	for name, leaf := range leaves {
		t.Run(name, func(t *testing.T) {
			leafDepth := 0
			if isContainer(leaf) {
				leafDepth = 1
			}
			for _, n := range []int{0, 1, MaxValueDepth - leafDepth, MaxValueDepth - leafDepth + 1, MaxValueDepth + 5, 20000} {
				out, truncated := appendValue(nil, nest(leaf, n), 0)
				want := min(n+leafDepth, MaxValueDepth)
				if got := jsonDepth(t, out); got != want {
					t.Errorf("%d levels: depth %d, want %d", n, got, want)
				}
				cut := n+leafDepth > MaxValueDepth
				if truncated != cut || strings.Contains(string(out), depthMark) != cut {
					t.Errorf("%d levels: truncated %v, marked %v, want %v", n, truncated, strings.Contains(string(out), depthMark), cut)
				}
				// Inside an object the bound is the same: the members are values.
				obj, _ := appendObject(nil, []attribute.KeyValue{{Key: "a", Value: nest(leaf, n)}}, 0)
				if got := jsonDepth(t, obj); got != want+1 {
					t.Errorf("%d levels in an object: depth %d, want %d", n, got, want+1)
				}
			}
		})
	}
	if !strings.Contains(depthMark, " "+strconv.Itoa(MaxValueDepth)+" ") {
		t.Errorf("depthMark %q does not name MaxValueDepth", depthMark)
	}
	if !strings.HasPrefix(depthMark, strings.TrimSpace(jsontext.TruncationMarker)) {
		t.Errorf("depthMark %q does not follow the truncation marker's style", depthMark)
	}
}
