package redact

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/config"
)

// FuzzRedactValue redacts arbitrary text, as a string attribute and inside
// a map, with the real detectors in both modes: it never panics, valid
// UTF-8 stays valid UTF-8, JSON stays JSON, and text reported unchanged is
// unchanged.
func FuzzRedactValue(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "jane.doe@example.com", `{"password":"x","a":["jane.doe@example.com",1]}`,
		`[{"role":"user","parts":[{"type":"text","content":"call +1 415 555 0100"}]}]`,
		`{"a":"\ud83d\ude00\u0040"}`, `{"a":"{\"b\":\"jane.doe@example.com\"}"}`, "[", "{\"a\":", "\xff\xfe{}",
		`{"token":{"a":[{"b":null}]}}`, `[1, 2e5, -0.1, true, false, null, "", {}]`,
		"\ufeff{\"password\":\"x\"}", "{\"pin\":1}\n{\"password\":\"x\"}", "a=1&password=x", "password: x\ny: z",
	} {
		f.Add(seed)
	}
	procs := []*redactor{}
	for _, mode := range []config.RedactMode{config.RedactModeLabel, config.RedactModePseudonym} {
		s, err := newSettings([]Option{WithMode(mode), WithKey([]byte("0123456789abcdef"))})
		if err != nil {
			f.Fatal(err)
		}
		sc, err := newScanner(s.detectors, s.rules)
		if err != nil {
			f.Fatal(err)
		}
		procs = append(procs, &redactor{find: sc, rep: newReplacer(s.mode, s.key), keys: newKeyRules(s.allow, s.sensitive, s.lastWord)})
	}
	procs = append(procs, testRedactor(config.RedactModeLabel))
	f.Fuzz(func(t *testing.T, in string) {
		for _, r := range procs {
			var tl tally
			got, changed := r.text(in, &tl, 0)
			if !changed && got != in {
				t.Fatalf("reported unchanged but %q became %q", in, got)
			}
			if changed != (tl.total > 0) {
				t.Fatalf("changed=%v but %d values counted", changed, tl.total)
			}
			if utf8.ValidString(in) && !utf8.ValidString(got) {
				t.Fatalf("%q became invalid UTF-8 %q", in, got)
			}
			if looksJSON(in) && json.Valid([]byte(in)) && !json.Valid([]byte(got)) {
				t.Fatalf("JSON %q became invalid %q", in, got)
			}
			v, _ := r.value(attribute.MapValue(attribute.String("k", in), attribute.String("secret", in),
				attribute.StringSlice("s", []string{in, in})), &tl)
			_ = v.String()
		}
	})
}
