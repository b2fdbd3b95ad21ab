package redact

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
)

// Sensitive key names (which words name a secret, and where in the key)
// and the written forms of personal data that the plain patterns miss,
// through the redactor: what a span attribute holding them becomes.

func TestSensitiveKeyNamesLastWord(t *testing.T) {
	s, err := newSettings(nil)
	if err != nil {
		t.Fatal(err)
	}
	k := newKeyRules(s.allow, s.sensitive, s.lastWord)
	for _, key := range []string{
		"pwd", "db_pwd", "pass", "db_pass", "DB_PASS", "userPass", "passcode", "pin", "user_pin", "card.pin",
		"auth", "proxy_auth", "basicAuth", "jwt", "id_jwt", "bearer", "ssh_key", "SSH_KEY", "deploy_ssh_key",
		"signing_key", "signingKey", "otp", "totp.otp", "cvv", "card_cvv", "dsn", "SENTRY_DSN", "connection_string",
		"ConnectionString", "db.connection_string",
	} {
		assert.True(t, k.sensitive(key), key)
		assert.True(t, k.inText(key), "in text: %s", key)
	}
	for _, key := range []string{
		"pass_rate", "passes", "passing", "auth_method", "auth_type", "author", "authenticated", "pinned", "pin_count",
		"pinyin", "jwt_issuer", "jwtAudience", "bearer_format", "bearerFormat", "otp_length", "cvv_check", "dsn_host",
		"ssh_key_fingerprint", "signing_key_id", "connection_string_format", "pwd_reset_enabled",
	} {
		assert.False(t, k.sensitive(key), key)
		assert.False(t, k.inText(key), "in text: %s", key)
	}
	// In text every pattern must end the key; structured keys keep the
	// older rule for the patterns that had it.
	assert.True(t, k.sensitive("token_count"))
	assert.False(t, k.inText("token_count"))
	assert.False(t, k.inText("password_policy"))
	assert.True(t, k.inText("x-api-key"))
}

func TestWrittenForms(t *testing.T) {
	r := realRedactor(t)
	for _, tc := range []struct{ in, want string }{
		// JSON with a byte order mark is still JSON: its layout is kept.
		{"\ufeff{\"password\": \"x\", \"n\": 1}", "\ufeff{\"password\": \"[REDACTED:SECRET]\", \"n\": 1}"},
		{"\ufeff [{\"pin\":1234}]", "\ufeff [{\"pin\":\"[REDACTED:SECRET]\"}]"},
		// NDJSON is not one document: read as text, key by key.
		{"{\"password\":\"hunter2\",\"n\":1}\n{\"api_key\":\"k-123\",\"ok\":true}",
			"{\"password\":\"[REDACTED:SECRET]\",\"n\":1}\n{\"api_key\":\"[REDACTED:SECRET]\",\"ok\":true}"},
		{"{\"token\":null,\"pass\":12,\"x\":2}\n{}", "{\"token\":null,\"pass\":[REDACTED:SECRET],\"x\":2}\n{}"},
		// Query strings, form bodies, env dumps, log lines, plain text.
		{"GET /login?user=bob&password=hunter2&next=%2F", "GET /login?user=bob&password=[REDACTED:SECRET]&next=%2F"},
		{"grant_type=password&username=bob&pass=s3cret&client_id=app", "grant_type=password&username=bob&pass=[REDACTED:SECRET]&client_id=app"},
		{"PASSWORD=x\nHOME=/root", "PASSWORD=[REDACTED:SECRET]\nHOME=/root"},
		{"level=warn msg=\"retry\" api_key=abc123 attempt=2", "level=warn msg=\"retry\" api_key=[REDACTED:SECRET] attempt=2"},
		{"password: correct horse battery staple\nuser: bob", "password: [REDACTED:SECRET]\nuser: bob"},
		{"Authorization: Basic dXNlcjpwYXNzd29yZA==\r\nHost: x", "Authorization: Basic [REDACTED:SECRET]\r\nHost: x"},
		// Not credentials: spaced assignments are code, and key words that
		// do not end the key.
		{"let api_key = process.env.API_KEY;", "let api_key = process.env.API_KEY;"},
		{"pass_rate=0.95 auth_method=oauth pinned=true token_count=12", "pass_rate=0.95 auth_method=oauth pinned=true token_count=12"},
		// Token boundaries.
		{"https://app.example.com/cb/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlMTIz?x=1", "https://app.example.com/cb/[REDACTED:SECRET]?x=1"},
		{"assertion=Bearer+eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlMTIz&y=2", "assertion=Bearer+[REDACTED:SECRET]&y=2"},
		// Common forms of personal data.
		{"to=alice%40example.com&cc=bob%40example.org", "to=[REDACTED:EMAIL]&cc=[REDACTED:EMAIL]"},
		{"José <josé@bücher.de>, 用户@例子.广告", "José <[REDACTED:EMAIL]>, [REDACTED:EMAIL]"},
		{"card 4111.1111.1111.1111, not 4111.1111.1111.1112", "card [REDACTED:CARD], not 4111.1111.1111.1112"},
		{"call 020 7946 0958 or phone: 4155552671; order 4155552671", "call [REDACTED:PHONE] or phone: [REDACTED:PHONE]; order 4155552671"},
	} {
		got, _ := r.text(tc.in, &tally{}, 0)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

// A bare ten-digit number is a phone number when its key names a phone,
// in an attribute, a MAP entry or a parsed JSON member; elsewhere it stays.
func TestBarePhoneUnderPhoneKey(t *testing.T) {
	r := realRedactor(t)
	for _, tc := range []struct{ in, want string }{
		{`{"phone":"4155552671","order":"4155552671"}`, `{"phone":"[REDACTED:PHONE]","order":"4155552671"}`},
		{`{"contact":{"phoneNumber":"14155552671","mobile_no":"4155552671","count":"2147483647"}}`,
			`{"contact":{"phoneNumber":"[REDACTED:PHONE]","mobile_no":"[REDACTED:PHONE]","count":"2147483647"}}`},
		{`{"telemetry_id":"4155552671","tel":"1234567890"}`, `{"telemetry_id":"4155552671","tel":"1234567890"}`},
	} {
		got, _ := r.text(tc.in, &tally{}, 0)
		assert.Equal(t, tc.want, got, tc.in)
	}
	out := r.attrs([]attribute.KeyValue{
		attribute.String("user.phone", "4155552671"),
		attribute.String("order.id", "4155552671"),
		attribute.Map("contact", attribute.String("cell", "4155552671"), attribute.String("id", "4155552671")),
	}, &tally{})
	require.NotNil(t, out)
	assert.Equal(t, "[REDACTED:PHONE]", out[0].Value.AsString())
	assert.Equal(t, "4155552671", out[1].Value.AsString())
	m := out[2].Value.AsMap()
	assert.Equal(t, "[REDACTED:PHONE]", m[0].Value.AsString())
	assert.Equal(t, "4155552671", m[1].Value.AsString())
}

// The two-letter table that rules out words before a colon never rules
// out a key that matches: keys split oddly, one-letter patterns.
func TestTextKeyQuickTestIsSafe(t *testing.T) {
	sc, err := newScanner(nil, nil)
	require.NoError(t, err)
	sc.keys = newKeyRules(nil, []string{"signing_key", "x"}, nil)
	for _, in := range []string{"signingke_y=v1", "SigningKey=v1", "x=v1", "a.x: v1"} {
		got := sc.find(in, nil)
		require.Len(t, got, 1, in)
		assert.Equal(t, "v1", in[got[0].start:got[0].end], in)
	}
}
