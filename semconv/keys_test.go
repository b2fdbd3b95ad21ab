package semconv_test

import (
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

func semconvKey(s string) attribute.Key { return attribute.Key(s) }

// Every replacement points at a current key of the same family, never at
// another deprecated one.
func TestReplacementsAreCurrent(t *testing.T) {
	for _, old := range []string{"gen_ai.system", "gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens", "enduser.id"} {
		current, ok := semconv.Replacement(semconvKey(old))
		if !ok {
			t.Fatalf("%s: no replacement", old)
		}
		if _, again := semconv.Replacement(current); again {
			t.Errorf("%s -> %s, which is itself deprecated", old, current)
		}
		if strings.HasPrefix(old, "gen_ai.") != strings.HasPrefix(string(current), "gen_ai.") {
			t.Errorf("%s -> %s changes family", old, current)
		}
	}
	if _, ok := semconv.Replacement(semconv.GenAIRequestModel); ok {
		t.Error("a current key has no replacement")
	}
}

// The keys follow one convention version, the one spec/genai-semconv.md
// names; moving to another is a deliberate change of this test too.
func TestSchemaURLIsPinned(t *testing.T) {
	if semconv.SchemaURL != "https://opentelemetry.io/schemas/gen-ai/1.42.0" {
		t.Errorf("SchemaURL = %q", semconv.SchemaURL)
	}
}
