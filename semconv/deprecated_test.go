package semconv_test

import (
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/semconv"
)

func TestReplacement(t *testing.T) {
	tests := []struct {
		old, current string
	}{
		{"gen_ai.system", "gen_ai.provider.name"},
		{"gen_ai.usage.prompt_tokens", "gen_ai.usage.input_tokens"},
		{"gen_ai.usage.completion_tokens", "gen_ai.usage.output_tokens"},
		{"gen_ai.openai.request.seed", "gen_ai.request.seed"},
		{"gen_ai.openai.request.response_format", "gen_ai.output.type"},
	}
	for _, tt := range tests {
		current, ok := semconv.Replacement(attribute.Key(tt.old))
		if !ok || string(current) != tt.current {
			t.Errorf("Replacement(%s) = %q, %v; want %q, true", tt.old, current, ok, tt.current)
		}
	}
	if got := len(semconv.Deprecated()); got != len(tests) {
		t.Errorf("Deprecated() has %d entries, this test knows %d", got, len(tests))
	}
}

// Keys deprecated without a replacement, current keys and unknown keys have
// no replacement.
func TestNoReplacement(t *testing.T) {
	for _, k := range []attribute.Key{
		"gen_ai.prompt", "gen_ai.completion", // removed: no replacement
		"gen_ai.openai.request.service_tier", // moved to openai.*, outside this package
		semconv.GenAIRequestModelKey, semconv.GenAIProviderNameKey, semconv.UserIDKey,
		semconv.EndUserIDKey, // current in the convention, not deprecated
		"", "my.own.key",
	} {
		if current, ok := semconv.Replacement(k); ok {
			t.Errorf("Replacement(%q) = %q, want none", k, current)
		}
	}
}

// Every replacement is a current key of the same family, never another
// deprecated one, so that one lookup is enough.
func TestReplacementsAreCurrent(t *testing.T) {
	for old, current := range semconv.Deprecated() {
		if _, again := semconv.Replacement(current); again {
			t.Errorf("%s -> %s, which is itself deprecated", old, current)
		}
		if strings.HasPrefix(string(old), "gen_ai.") != strings.HasPrefix(string(current), "gen_ai.") {
			t.Errorf("%s -> %s changes family", old, current)
		}
		if old == current {
			t.Errorf("%s replaces itself", old)
		}
	}
}

// Deprecated returns a copy: changing it does not change what Replacement or
// the next caller sees.
func TestDeprecatedIsACopy(t *testing.T) {
	m := semconv.Deprecated()
	m["gen_ai.system"] = "changed"
	delete(m, "gen_ai.usage.prompt_tokens")
	m["gen_ai.request.model"] = "gen_ai.response.model"
	if current, _ := semconv.Replacement("gen_ai.system"); current != semconv.GenAIProviderNameKey {
		t.Errorf("Replacement(gen_ai.system) = %q after the caller changed its copy", current)
	}
	if _, ok := semconv.Replacement("gen_ai.usage.prompt_tokens"); !ok {
		t.Error("gen_ai.usage.prompt_tokens lost its replacement after the caller changed its copy")
	}
	if _, ok := semconv.Replacement(semconv.GenAIRequestModelKey); ok {
		t.Error("a caller's change to its copy made a current key deprecated")
	}
}
