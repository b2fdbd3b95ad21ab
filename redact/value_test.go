package redact

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel/attribute"
)

// litFinder finds every "PII" as kind TEST, so these tests do not depend on
// the detectors.
type litFinder struct{}

func (litFinder) find(s string, dst []match) []match {
	for i := 0; ; {
		j := strings.Index(s[i:], "PII")
		if j < 0 {
			return dst
		}
		dst = append(dst, match{i + j, i + j + 3, "TEST"})
		i += j + 3
	}
}

func testRedactor(mode Mode) *redactor {
	s, err := newSettings([]Option{WithMode(mode), WithKey([]byte("0123456789abcdef"))})
	if err != nil {
		panic(err)
	}
	return &redactor{find: litFinder{}, rep: newReplacer(s.mode, s.key), keys: newKeyRules(s.allow, s.sensitive)}
}

func TestText(t *testing.T) {
	r := testRedactor(ModeLabel)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"clean", "clean"},
		{"PII", "[REDACTED:TEST]"},
		{"a PII b PII", "a [REDACTED:TEST] b [REDACTED:TEST]"},
		// JSON: only strings change, layout is kept.
		{` [ "PII" , 1 , {"a" : "x PII"} ] `, ` [ "[REDACTED:TEST]" , 1 , {"a" : "x [REDACTED:TEST]"} ] `},
		// Escapes are decoded before scanning and the result re-encoded.
		{`["\u0050II\n", "P\u0049I"]`, `["[REDACTED:TEST]\n", "[REDACTED:TEST]"]`},
		// Unchanged strings keep their escapes as written.
		{`["\u0041", "PII"]`, `["\u0041", "[REDACTED:TEST]"]`},
		// JSON inside a JSON string is parsed in turn, sensitive keys too.
		{`{"args":"{\"q\":\"PII\",\"token\":\"t\"}"}`, `{"args":"{\"q\":\"[REDACTED:TEST]\",\"token\":\"[REDACTED:SECRET]\"}"}`},
		// Keys are not redacted; values of sensitive keys are, whole.
		{`{"PII":"v","Password":{"a":[1]},"tokens":7}`, `{"PII":"v","Password":"[REDACTED:SECRET]","tokens":7}`},
		// Not JSON: plain text.
		{`[PII`, `[[REDACTED:TEST]`},
		{`{"a":"PII"} trailing`, `{"a":"[REDACTED:TEST]"} trailing`},
		{`"PII"`, `"[REDACTED:TEST]"`},
		// Looks like JSON, is not: text outside strings is not skipped, and
		// what the walk counted before giving up is not counted twice.
		{`[1, PII]`, `[1, [REDACTED:TEST]]`},
		{`{"a": "PII", "b": PII}`, `{"a": "[REDACTED:TEST]", "b": [REDACTED:TEST]}`},
		{`{"a" "PII"}`, `{"a" "[REDACTED:TEST]"}`},
		{`["PII" "x"]`, `["[REDACTED:TEST]" "x"]`},
		{`{"a":1 PII}`, `{"a":1 [REDACTED:TEST]}`},
	} {
		var tl tally
		got, changed := r.text(tc.in, &tl, 0)
		assert.Equal(t, strings.Count(tc.want, "[REDACTED:"), tl.total, "counted once each: %s", tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.in != tc.want, changed, tc.in)
		if json.Valid([]byte(tc.in)) {
			assert.True(t, json.Valid([]byte(got)), "JSON stays JSON: %s", got)
		}
	}
}

func TestUnescape(t *testing.T) {
	for raw, want := range map[string]string{
		`plain`:               "plain",
		`a\"b\\c\/d`:          `a"b\c/d`,
		`\b\f\n\r\t`:          "\b\f\n\r\t",
		`\u00e9\u20ac`:        "é€",
		`\ud83d\ude00`:        "😀",
		`\ud83d`:              "\uFFFD",
		`\ud83dx`:             "\uFFFDx",
		`\ude00\ud83d\ude00z`: "\uFFFD😀z",
	} {
		assert.Equal(t, want, string(unescape(nil, raw)), raw)
	}
}

func TestKeyRules(t *testing.T) {
	k := newKeyRules([]string{"app.id", "gen_ai.usage.*"}, []string{"token", "Password", "http.request.header.*"})
	for key, want := range map[string]keyClass{
		"app.id":                            keyAllowed,
		"app.id.x":                          keyScan,
		"gen_ai.usage.input_tokens":         keyAllowed,
		"user.password":                     keySensitive,
		"user.PASSWORD_hash":                keySensitive,
		"password.policy":                   keyScan, // only the last segment counts
		"x.refresh_token":                   keySensitive,
		"http.request.header.x-api":         keySensitive,
		"HTTP.Request.Header.Cookie":        keySensitive,
		"http.request.method":               keyScan,
		"gen_ai.input.messages":             keyScan,
		"noveum.tag.owner":                  keyScan,
		"http.request.header.authorization": keySensitive,
	} {
		assert.Equal(t, want, k.class(attribute.Key(key)), key)
		assert.Equal(t, want, k.class(attribute.Key(key)), "cached: %s", key)
	}
	assert.True(t, k.sensitive("Refresh-Token"))
	assert.False(t, k.sensitive("tok"))
}

func TestContainsFold(t *testing.T) {
	assert.True(t, containsFold("X-Auth-TOKEN", "token"))
	assert.True(t, containsFold("token", "token"))
	assert.True(t, containsFold("anything", ""))
	assert.False(t, containsFold("toke", "token"))
	assert.False(t, containsFold("tokfn", "token"))
}

func TestWholeKeepsNumbers(t *testing.T) {
	r := testRedactor(ModeLabel)
	var tl tally
	for _, v := range []attribute.Value{attribute.IntValue(3), attribute.BoolValue(true), attribute.Float64Value(1.5), {}} {
		got, changed := r.whole(v, &tl)
		assert.False(t, changed)
		assert.Equal(t, v, got)
	}
	got, changed := r.whole(attribute.StringSliceValue([]string{"a", "b"}), &tl)
	assert.True(t, changed)
	assert.Equal(t, attribute.StringValue("[REDACTED:SECRET]"), got)
	assert.Equal(t, 1, tl.total)
}

func TestReplacementAllocFreeWhenClean(t *testing.T) {
	r := testRedactor(ModeLabel)
	in := []attribute.KeyValue{
		attribute.String("a", "clean text"),
		attribute.String("gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"hi\nthere \u00e9"}]}]`),
		attribute.Int("n", 3),
	}
	tl := &tally{}
	r.attrs(in, tl) // warm the key cache and scratch
	allocs := testing.AllocsPerRun(100, func() {
		tl.reset()
		if r.attrs(in, tl) != nil {
			t.Fatal("changed a clean list")
		}
	})
	assert.Zero(t, allocs)
}
