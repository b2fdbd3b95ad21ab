package jsontext

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAppendValue(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"object compacted", "{ \"a\" : [1, 2.5e-3, -0, true, false, null] ,\n\t\"b\":{} }", `{"a":[1,2.5e-3,-0,true,false,null],"b":{}}`},
		{"escapes kept", `"q\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"`, `"q\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"`},
		{"invalid UTF-8 in a string fixed", "[\"a\xffb\"]", "[\"a\uFFFDb\"]"},
		{"U+2028 in a string escaped", "{\"k\u2029\":\"v\u2028\"}", `{"k\u2029":"v\u2028"}`},
		{"number", " 12 ", "12"},
		{"empty is a string", "", `""`},
		{"spaces only is a string", "  ", `"  "`},
		{"invalid is a string", `{"a":1`, `"{\"a\":1"`},
		{"trailing data is a string", `{} {}`, `"{} {}"`},
		{"bare word is a string", `tru`, `"tru"`},
		{"leading zero", `01`, `"01"`},
		{"bad escape", `"\x"`, `"\"\\x\""`},
		{"control char in string", "\"a\tb\"", `"\"a\tb\""`},
		{"trailing comma", `[1,]`, `"[1,]"`},
		{"missing exponent digits", `1e`, `"1e"`},
		{"bad unicode escape", `"\u12G4"`, `"\"\\u12G4\""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AppendValue([]byte("x"), []byte(tt.in))
			if string(got[1:]) != tt.want {
				t.Errorf("AppendValue(%q) = %s, want %s", tt.in, got[1:], tt.want)
			}
			if n := ValueLen([]byte(tt.in)); n != len(tt.want) {
				t.Errorf("ValueLen(%q) = %d, want %d", tt.in, n, len(tt.want))
			}
			if !json.Valid(got[1:]) {
				t.Errorf("AppendValue(%q) = %s is not valid JSON", tt.in, got[1:])
			}
			if Valid([]byte(tt.in)) != json.Valid([]byte(tt.in)) {
				t.Errorf("Valid(%q) = %v, encoding/json says %v", tt.in, !json.Valid([]byte(tt.in)), json.Valid([]byte(tt.in)))
			}
		})
	}
}

func TestValidDepth(t *testing.T) {
	deep := func(n int) []byte { return []byte(strings.Repeat("[", n) + strings.Repeat("]", n)) }
	if !Valid(deep(maxDepth)) {
		t.Errorf("nesting %d rejected", maxDepth)
	}
	if Valid(deep(maxDepth + 1)) {
		t.Errorf("nesting %d accepted", maxDepth+1)
	}
	if json.Valid(deep(maxDepth+1)) != Valid(deep(maxDepth+1)) || json.Valid(deep(maxDepth)) != Valid(deep(maxDepth)) {
		t.Errorf("depth limit differs from encoding/json")
	}
	got := AppendValue(nil, deep(maxDepth+1))
	if !json.Valid(got) || got[0] != '"' {
		t.Errorf("too deep input not written as a string")
	}
}

func TestAppendValueAllocs(t *testing.T) {
	raw := []byte(`{"city": "Paris", "units": ["metric", "si"], "days": 3}`)
	dst := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		dst = AppendValue(dst[:0], raw)
		dst = AppendString(dst, "some text with an \"escape\" and é")
		dst, _ = Truncate(dst, raw, 1000)
	})
	if allocs != 0 {
		t.Errorf("%v allocations, want 0", allocs)
	}
}
