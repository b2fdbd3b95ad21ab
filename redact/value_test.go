package redact

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/config"
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

func testRedactor(mode config.RedactMode) *redactor {
	s, err := newSettings([]Option{WithMode(mode), WithKey([]byte("0123456789abcdef"))})
	if err != nil {
		panic(err)
	}
	return &redactor{find: litFinder{}, rep: newReplacer(s.mode, s.key), keys: newKeyRules(s.allow, s.sensitive, s.lastWord)}
}

func TestText(t *testing.T) {
	r := testRedactor(config.RedactModeLabel)
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
		// Keys are scanned like values; values of sensitive keys are
		// replaced whole, numbers included; token counts are not secrets.
		{`{"PII":"v","Password":{"a":[1]},"tokens":7}`, `{"[REDACTED:TEST]":"v","Password":"[REDACTED:SECRET]","tokens":7}`},
		{`{"a\u0050II":{"b PII":1}}`, `{"a[REDACTED:TEST]":{"b [REDACTED:TEST]":1}}`},
		{`{"password": 12345678, "ratio": -1.5e3, "token": true, "secret": null}`, `{"password": "[REDACTED:SECRET]", "ratio": -1.5e3, "token": true, "secret": null}`},
		{`{"max_tokens": 512, "completion_tokens_details": {"reasoning_tokens": 3}, "tokenizer": "PII"}`, `{"max_tokens": 512, "completion_tokens_details": {"reasoning_tokens": 3}, "tokenizer": "[REDACTED:TEST]"}`},
		{`{"x-api-key":"k","X-Api-Key":"k","api-key":"k","private-key":"k","credential":"k","passphrase":"k"}`,
			`{"x-api-key":"[REDACTED:SECRET]","X-Api-Key":"[REDACTED:SECRET]","api-key":"[REDACTED:SECRET]","private-key":"[REDACTED:SECRET]","credential":"[REDACTED:SECRET]","passphrase":"[REDACTED:SECRET]"}`},
		// The keys under a JSON schema's "properties" name fields, not
		// secrets; their values (the field schemas) are still scanned.
		{`{"parameters":{"type":"object","properties":{"password":{"type":"string","description":"PII"},"token":{"type":"string"}}}}`,
			`{"parameters":{"type":"object","properties":{"password":{"type":"string","description":"[REDACTED:TEST]"},"token":{"type":"string"}}}}`},
		// Number literals must be JSON numbers; anything else is text.
		{`[0PII]`, `[0[REDACTED:TEST]]`},
		{`{"n": 1.}`, `{"n": 1.}`},
		{`[01, "PII"]`, `[01, "[REDACTED:TEST]"]`},
		{`[1e, "PII"]`, `[1e, "[REDACTED:TEST]"]`},
		{`[-, "PII"]`, `[-, "[REDACTED:TEST]"]`},
		{`[tru, "PII"]`, `[tru, "[REDACTED:TEST]"]`},
		{`[nullPII]`, `[null[REDACTED:TEST]]`},
		{`[-0.5e+10, 1E-2, true, false, null, "PII"]`, `[-0.5e+10, 1E-2, true, false, null, "[REDACTED:TEST]"]`},
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
	k := newKeyRules([]string{"app.id", "gen_ai.usage.*"}, []string{"token", "Password", "http.request.header.*"}, nil)
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

func TestSensitiveKeyWords(t *testing.T) {
	s, err := newSettings(nil)
	if err != nil {
		t.Fatal(err)
	}
	k := newKeyRules(s.allow, s.sensitive, s.lastWord)
	for _, key := range []string{
		"x-api-key", "X-Api-Key", "api-key", "API_KEY", "apiKey", "ApiKey", "APIKey", "apikey", "openai_api_key", "OPENAI_API_KEY",
		"private-key", "privateKey", "private key", "x-auth-token", "access_token", "accessToken", "token", "Refresh-Token",
		"user.password", "PASSWORD_hash", "client_secret", "secretKey", "http.request.header.cookie", "Set-Cookie",
		"aws_credential", "gpg.passphrase", "Authorization", "db_passwords", "clientSecrets", "aws.credentials",
	} {
		assert.True(t, k.sensitive(key), key)
	}
	for _, key := range []string{
		"tokens", "max_tokens", "completion_tokens_details", "tokenizer", "maxTokens", "prompt_tokens", "input_tokens",
		"tok", "keyword", "author", "passwordless.enabled.flag", "cookies_accepted_count", "role", "content",
	} {
		assert.False(t, k.sensitive(key), key)
	}
}

func TestSplitWords(t *testing.T) {
	for in, want := range map[string]string{
		"x-api-key":        "x api key",
		"APIKey":           "API Key",
		"openaiApiKey":     "openai Api Key",
		"OPENAI_API_KEY":   "OPENAI API KEY",
		"v2Token":          "v2 Token",
		"  a__b  ":         "a b",
		"":                 "",
		"héllo_Wörld":      "héllo Wörld",
		"completionTokens": "completion Tokens",
	} {
		var got []string
		for _, w := range splitWords(in, nil) {
			got = append(got, in[w.start:w.end])
		}
		assert.Equal(t, want, strings.Join(got, " "), in)
	}
}

func TestWholeKeepsBooleans(t *testing.T) {
	r := testRedactor(config.RedactModeLabel)
	var tl tally
	for _, v := range []attribute.Value{attribute.BoolValue(true), {}} {
		got, changed := r.whole(v, &tl)
		assert.False(t, changed)
		assert.Equal(t, v, got)
	}
	for _, v := range []attribute.Value{attribute.IntValue(12345678), attribute.Float64Value(1.5), attribute.Int64SliceValue([]int64{1, 2})} {
		got, changed := r.whole(v, &tl)
		assert.True(t, changed, "a numeric credential is replaced: %v", v)
		assert.Equal(t, attribute.StringValue("[REDACTED:SECRET]"), got)
	}
	tl = tally{}
	got, changed := r.whole(attribute.StringSliceValue([]string{"a", "b"}), &tl)
	assert.True(t, changed)
	assert.Equal(t, attribute.StringValue("[REDACTED:SECRET]"), got)
	assert.Equal(t, 1, tl.total)
}

func TestReplacementAllocFreeWhenClean(t *testing.T) {
	r := testRedactor(config.RedactModeLabel)
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

// realRedactor redacts with the built-in detectors.
func realRedactor(t testing.TB, opts ...Option) *redactor {
	s, err := newSettings(opts)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := newScanner(s.detectors, s.rules)
	if err != nil {
		t.Fatal(err)
	}
	return &redactor{find: sc, rep: newReplacer(s.mode, s.key), keys: newKeyRules(s.allow, s.sensitive, s.lastWord)}
}

func TestJSONNumberLiterals(t *testing.T) {
	r := realRedactor(t)
	for _, tc := range []struct{ in, want string }{
		// Not JSON numbers: the whole string is scanned as text.
		{`[078-05-1120]`, `[[REDACTED:SSN]]`},
		{`{"ssn": 078-05-1120}`, `{"ssn": [REDACTED:SSN]}`},
		{`{"ip": 192.168.10.20}`, `{"ip": [REDACTED:IPV4]}`},
		{`{"card": 4111-1111-1111-1111}`, `{"card": [REDACTED:CARD]}`},
		// Valid numbers of 13 digits or more are scanned; a finding makes
		// the literal a JSON string.
		{`{"card": 4111111111111111}`, `{"card": "[REDACTED:CARD]"}`},
		{`[4111111111111111, 1]`, `["[REDACTED:CARD]", 1]`},
		// Other numbers are kept as written.
		{`{"ts": 1722946245123, "n": 1234567890123456789, "x": -0.5e10}`, `{"ts": 1722946245123, "n": 1234567890123456789, "x": -0.5e10}`},
	} {
		var tl tally
		got, _ := r.text(tc.in, &tl, 0)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, strings.Count(tc.want, "[REDACTED:"), tl.total, tc.in)
		if json.Valid([]byte(tc.in)) {
			assert.True(t, json.Valid([]byte(got)), "JSON stays JSON: %s", got)
		}
	}
}

func TestDeepNesting(t *testing.T) {
	r := testRedactor(config.RedactModeLabel)
	// Deeper than the cap: scanned as text, no stack overflow.
	deep := strings.Repeat("[", 4<<20) + `"PII"`
	var tl tally
	got, changed := r.text(deep, &tl, 0)
	assert.True(t, changed)
	assert.True(t, strings.HasSuffix(got, `"[REDACTED:TEST]"`))
	deep = strings.Repeat(`{"a":`, 1000) + `"PII"` + strings.Repeat("}", 1000)
	got, _ = r.text(deep, &tl, 0)
	assert.Contains(t, got, `"[REDACTED:TEST]"`)
	// At the cap: still walked as JSON.
	ok := strings.Repeat("[", maxJSONNesting) + `"PII"` + strings.Repeat("]", maxJSONNesting)
	tl = tally{}
	got, _ = r.text(ok, &tl, 0)
	assert.True(t, json.Valid([]byte(got)))
	assert.Equal(t, 1, tl.total)
	// JSON in strings nests too; each level is bounded.
	over := strings.Repeat("[", maxJSONNesting+1) + `"PII"` + strings.Repeat("]", maxJSONNesting+1)
	tl = tally{}
	got, _ = r.text(over, &tl, 0)
	assert.Equal(t, strings.Replace(over, "PII", "[REDACTED:TEST]", 1), got)
	assert.Equal(t, 1, tl.total)
}

func TestMapKeysAndBytes(t *testing.T) {
	r := realRedactor(t)
	var tl tally
	v := attribute.MapValue(
		attribute.String("jane.doe@example.com", "x"),
		attribute.String("note", "ok"),
		attribute.Int("password", 12345678),
		attribute.Int("max_tokens", 512),
	)
	got, changed := r.value(v, &tl)
	assert.True(t, changed)
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range got.AsMap() {
		m[kv.Key] = kv.Value
	}
	assert.Equal(t, "x", m["[REDACTED:EMAIL]"].AsString())
	assert.NotContains(t, got.String(), "jane")
	assert.Equal(t, "[REDACTED:SECRET]", m["password"].AsString())
	assert.Equal(t, int64(512), m["max_tokens"].AsInt64())

	js, changed := r.text(`{"jane.doe@example.com": {"a": 1}}`, &tl, 0)
	assert.True(t, changed)
	assert.Equal(t, `{"[REDACTED:EMAIL]": {"a": 1}}`, js)

	tl = tally{}
	got, changed = r.value(attribute.ByteSliceValue([]byte("mail jane.doe@example.com")), &tl)
	assert.True(t, changed)
	assert.Equal(t, attribute.BYTESLICE, got.Type())
	assert.Equal(t, "mail [REDACTED:EMAIL]", string(got.AsByteSlice()))
	bin := attribute.ByteSliceValue([]byte("\xff\xfejane.doe@example.com"))
	got, changed = r.value(bin, &tl)
	assert.False(t, changed, "binary data is kept")
	assert.Equal(t, bin, got)
}

func TestDetectorsNoneOnlyWhenAsked(t *testing.T) {
	s, err := newSettings(nil)
	assert.NoError(t, err)
	assert.Equal(t, AllDetectors(), s.detectors, "no option: all")
	s, err = newSettings([]Option{WithDetectors()})
	assert.NoError(t, err)
	assert.NotNil(t, s.detectors)
	assert.Empty(t, s.detectors, "an explicit WithDetectors(): none")
	sc, err := newScanner(s.detectors, nil)
	assert.NoError(t, err)
	assert.Zero(t, sc.on)
}
