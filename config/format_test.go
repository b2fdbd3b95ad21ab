package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// secret is an API key distinctive enough that any leak, even of a
// prefix, shows up in a substring search.
const secret = "zq7Xk3SECRETv9Lm2Pw"

// assertNoSecret fails if s contains the key or its first few characters.
func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	assert.NotContains(t, s, secret[:4], "%s leaks the API key:\n%s", what, s)
	assert.NotContains(t, s, "SECRET", "%s leaks the API key:\n%s", what, s)
}

func TestAPIKeyNeverShown(t *testing.T) {
	c := valid()
	c.APIKey = secret

	outputs := map[string]string{
		"String":   c.String(),
		"GoString": c.GoString(),
		"%v":       fmt.Sprintf("%v", c),
		"%+v":      fmt.Sprintf("%+v", c),
		"%#v":      fmt.Sprintf("%#v", c),
		"%s":       fmt.Sprintf("%s", c),
		"%q":       fmt.Sprintf("%q", c),
		"%d":       fmt.Sprintf("%d", c),
		"%x":       fmt.Sprintf("%x", c),
		"%10.3v":   fmt.Sprintf("%10.3v", c),
		"pointer":  fmt.Sprintf("%v %+v %#v", &c, &c, &c),
		"nested":   fmt.Sprintf("%v %+v %#v", struct{ C Config }{c}, struct{ C Config }{c}, []Config{c}),
		"Println":  fmt.Sprintln(c),
	}
	var js, txt bytes.Buffer
	slog.New(slog.NewJSONHandler(&js, nil)).Info("cfg", "config", c)
	slog.New(slog.NewTextHandler(&txt, nil)).Info("cfg", slog.Any("config", c), slog.Any("ptr", &c))
	outputs["slog JSON"] = js.String()
	outputs["slog text"] = txt.String()
	j, err := json.Marshal(c)
	require.NoError(t, err)
	outputs["json.Marshal"] = string(j)
	y, err := yaml.Marshal(c)
	require.NoError(t, err)
	outputs["yaml.Marshal"] = string(y)

	for what, s := range outputs {
		assertNoSecret(t, what, s)
	}
	assert.Contains(t, outputs["String"], "APIKey:[set]")
	assert.Contains(t, outputs["%v"], "APIKey:[set]")
	assert.Contains(t, outputs["%+v"], "APIKey:[set]")
	assert.Contains(t, outputs["%#v"], `APIKey:"[redacted]"`)
	assert.Contains(t, outputs["slog JSON"], `"api_key":"[set]"`)
	assert.Contains(t, outputs["slog text"], "config.api_key=[set]")
	assert.Contains(t, outputs["slog text"], "ptr.api_key=[set]")
	assert.Contains(t, outputs["%d"], "%!d(config.Config={APIKey:[set]")
	assert.NotContains(t, outputs["json.Marshal"], "api_key")

	c.APIKey = ""
	assert.Contains(t, c.String(), "APIKey:[unset]")
	assert.Contains(t, c.GoString(), `APIKey:""`)
}

func TestAPIKeyNeverInErrors(t *testing.T) {
	malformed := secret[:8] + " " + secret[8:] // a space inside: invalid
	t.Run("validate", func(t *testing.T) {
		for _, key := range []string{malformed, "\"" + secret + "\"", secret + "\x00"} {
			c := valid()
			c.APIKey = key
			err := c.Validate()
			require.Error(t, err)
			assertNoSecret(t, "Validate", err.Error())
			assertNoSecret(t, "Problems", fmt.Sprintf("%#v", problems(t, err)))
			assert.Contains(t, err.Error(), "APIKey: [redacted] (from code) contains spaces, quotes or control characters")
		}
	})
	t.Run("env", func(t *testing.T) {
		_, err := load(env(map[string]string{"NOVEUM_API_KEY": malformed, "NOVEUM_PROJECT": "p"}), t.TempDir())
		require.Error(t, err)
		assertNoSecret(t, "env", err.Error())
		assert.Contains(t, err.Error(), "APIKey: [redacted] (from env NOVEUM_API_KEY) contains")
	})
	files := map[string]string{
		"noveum-trace.yaml":  "api_key: " + malformed + "\nproject: p\n",
		"noveum-trace.yml":   "api_key: [" + secret + "]\n",
		"noveum-trace.json":  `{"api_key": ` + secret + `}`,
		"app-broken.json":    `{"api_key": "` + secret + `", ` + secret + `}`,
		"app-broken.yaml":    "api_key: " + secret + "\n  - " + secret + "\n",
		"app-unknown.yaml":   "api_key: " + secret + "\napi_kye: " + secret + "\n",
		"app-unparsed.yaml":  "api_key: '" + secret + "\n",
		"app-duplicate.json": `{"api_key": "` + secret + `", "api_key": "` + secret + `"}`,
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, name, content)
			vars := map[string]string{}
			if strings.HasPrefix(name, "app-") {
				vars["NOVEUM_CONFIG_FILE"] = name
			}
			_, err := load(env(vars), dir)
			require.Error(t, err)
			assertNoSecret(t, name, err.Error())
		})
	}
}

func TestEndpointCredentialsNeverShown(t *testing.T) {
	c := valid()
	for _, ep := range []string{"https://user:" + secret + "@x.example/api", "https://" + secret + "@x.example/api", "https://u:" + secret + "@x/%zz"} {
		c.Endpoint = ep
		err := c.Validate()
		require.Error(t, err)
		var js bytes.Buffer
		slog.New(slog.NewJSONHandler(&js, nil)).Info("cfg", "config", c)
		j, _ := json.Marshal(c)
		for what, s := range map[string]string{
			"error": err.Error(), "String": c.String(), "GoString": c.GoString(), "slog": js.String(), "json": string(j),
		} {
			assertNoSecret(t, what, s)
			assert.Contains(t, s, "redacted@x", what)
		}
	}
}

func TestString(t *testing.T) {
	c := Default()
	assert.Equal(t, `{APIKey:[unset] Project:"" Environment:"development" Endpoint:"https://api.noveum.ai/api" ServiceVersion:"" `+
		`Timeout:10s BatchSize:1000 BatchMaxBytes:4MiB BatchDelay:2s TraceGrace:500ms TraceMaxAge:5m0s QueueSize:8192 `+
		`MaxBufferBytes:64MiB Blocking:false MaxAttributeBytes:256KiB MaxContentBytes:64KiB RetryBudget:1m0s Compression:"none" CompressionLevel:6 CaptureContent:"NO_CONTENT" `+
		`SampleRate:1 Disabled:false Prices:[none] Redact:true RedactMode:"label" RedactKey:[unset] RedactDetectors:"all" RedactIdentity:"keep"}`, c.String())
	c.Project = "a\nb" // no line breaks into logs
	assert.NotContains(t, c.String(), "\n")
}

func TestGoStringIsGoSyntax(t *testing.T) {
	c := Default()
	c.APIKey = secret
	assert.Equal(t, `config.Config{APIKey:"[redacted]", Project:"", Environment:"development", Endpoint:"https://api.noveum.ai/api", `+
		`ServiceVersion:"", Timeout:10000000000, BatchSize:1000, BatchMaxBytes:4194304, BatchDelay:2000000000, `+
		`TraceGrace:500000000, TraceMaxAge:300000000000, QueueSize:8192, MaxBufferBytes:67108864, Blocking:false, MaxAttributeBytes:262144, MaxContentBytes:65536, `+
		`RetryBudget:60000000000, Compression:"none", CompressionLevel:6, CaptureContent:"NO_CONTENT", SampleRate:1, Disabled:false, `+
		`Prices:map[string]config.ModelPrice(nil), Redact:true, RedactMode:"label", RedactKey:"", RedactDetectors:"all", RedactIdentity:"keep"}`, c.GoString())
}

// MarshalJSON and MarshalYAML write a config file that loads back to the
// same values, without the API key.
func TestMarshalRoundTrip(t *testing.T) {
	want := wantAllKeys()
	want.Endpoint = "https://eu.noveum.ai/beta"
	want.CaptureContent = CaptureSpanAndEvent
	want.SampleRate = 0.3
	for name, marshal := range map[string]func(any) ([]byte, error){
		"noveum-trace.json": json.Marshal,
		"noveum-trace.yaml": yaml.Marshal,
	} {
		t.Run(name, func(t *testing.T) {
			data, err := marshal(want)
			require.NoError(t, err)
			dir := t.TempDir()
			writeFile(t, dir, name, string(data))
			assert.NotContains(t, string(data), want.RedactKey)
			got, err := load(env(map[string]string{"NOVEUM_API_KEY": want.APIKey, "NOVEUM_REDACT_KEY": want.RedactKey}), dir)
			require.NoError(t, err, string(data))
			assert.Equal(t, values(want), values(got))
			assert.Equal(t, "env NOVEUM_API_KEY", got.sourceOf(fAPIKey))
			assert.Equal(t, "env NOVEUM_REDACT_KEY", got.sourceOf(fRedactKey))
		})
	}
}

func TestTracesURL(t *testing.T) {
	for endpoint, want := range map[string]string{
		"https://api.noveum.ai/api":  "https://api.noveum.ai/api/v1/traces",
		"https://api.noveum.ai/api/": "https://api.noveum.ai/api/v1/traces",
		"https://x/beta":             "https://x/beta/v1/traces",
		"https://x":                  "https://x/v1/traces",
		"https://x/":                 "https://x/v1/traces",
		"http://127.0.0.1:4319/api":  "http://127.0.0.1:4319/api/v1/traces",
		"https://x/api//":            "https://x/api//v1/traces", // only one slash is stripped
		"https://x/a/b/c/":           "https://x/a/b/c/v1/traces",
	} {
		assert.Equal(t, want, Config{Endpoint: endpoint}.TracesURL(), endpoint)
	}
}

func TestIsLocalEndpoint(t *testing.T) {
	for endpoint, want := range map[string]bool{
		"http://localhost:4319/api":         true,
		"http://LOCALHOST/api":              true,
		"http://127.0.0.1:4319/api":         true,
		"http://127.8.9.10/api":             true,
		"http://[::1]:4319/api":             true,
		"http://[::ffff:127.0.0.1]:4319":    true,
		"https://api.noveum.ai/api":         false,
		"http://localhost.evil.example/api": false,
		"http://127.0.0.1.nip.io/api":       false,
		"http://10.0.0.1/api":               false,
		"http://[::2]/api":                  false,
		"http://0.0.0.0:4319":               false,
		"":                                  false,
		"localhost:4319":                    false,
		"http://x/%zz":                      false,
	} {
		assert.Equal(t, want, Config{Endpoint: endpoint}.IsLocalEndpoint(), endpoint)
	}
}

func TestDefault(t *testing.T) {
	assert.Equal(t, Config{
		Environment: "development", Endpoint: "https://api.noveum.ai/api", Timeout: 10 * time.Second,
		BatchSize: 1000, BatchMaxBytes: 4 << 20, BatchDelay: 2 * time.Second, TraceGrace: 500 * time.Millisecond,
		TraceMaxAge: 5 * time.Minute, QueueSize: 8192, MaxBufferBytes: 64 << 20, MaxAttributeBytes: 256 << 10, MaxContentBytes: 64 << 10,
		RetryBudget: time.Minute, Compression: CompressionNone, CompressionLevel: 6, CaptureContent: CaptureNone, SampleRate: 1,
		Redact: true, RedactMode: "label", RedactDetectors: "all", RedactIdentity: "keep",
	}, values(Default()))
	ps := problems(t, Default().Validate())
	assert.Len(t, ps, 2, "only the API key and project are missing")
	assert.NoError(t, Default().withEndpoint("http://localhost:4319").Validate())
}

// The field table, struct tags, options and documentation must agree.
func TestFieldsMatchStruct(t *testing.T) {
	typ := reflect.TypeFor[Config]()
	require.Equal(t, int(numFields)+1, typ.NumField(), "one table entry per field, plus origins")
	fileOnly := map[string]bool{"Prices": true} // set from a file or code, never from the environment
	for i := range fields {
		sf := typ.Field(i)
		f := fields[i]
		assert.Equal(t, sf.Name, f.name)
		assert.Equal(t, f.key, sf.Tag.Get("yaml"), sf.Name)
		assert.Equal(t, f.key, sf.Tag.Get("json"), sf.Name)
		if fileOnly[f.name] {
			assert.Empty(t, f.envs, sf.Name)
			assert.NotNil(t, f.parseFile, sf.Name)
			assert.NotNil(t, f.digest, sf.Name)
		} else {
			assert.Equal(t, "NOVEUM_"+strings.ToUpper(f.key), f.envs[0], sf.Name)
			assert.NotNil(t, f.parse, sf.Name)
		}
		assert.NotNil(t, f.show, sf.Name)
	}
}

// Each With option sets its own field, and records "option" as its source.
func TestOptionsSetTheirField(t *testing.T) {
	opts := []Option{
		WithAPIKey("k"), WithProject("p"), WithEnvironment("e"), WithEndpoint("http://x"), WithServiceVersion("v"),
		WithTimeout(time.Second), WithBatchSize(1), WithBatchMaxBytes(1), WithBatchDelay(time.Second),
		WithTraceGrace(time.Second), WithTraceMaxAge(time.Second), WithQueueSize(1), WithMaxBufferBytes(1), WithBlocking(true),
		WithMaxAttributeBytes(1), WithMaxContentBytes(1), WithRetryBudget(time.Second), WithCompression(CompressionGzip), WithCompressionLevel(1),
		WithCaptureContent(CaptureSpanOnly), WithSampleRate(0.5), WithDisabled(true),
		WithPrices(map[string]ModelPrice{"m": {Input: 1}}),
		WithRedact(false), WithRedactMode(RedactModePseudonym), WithRedactKey("k"), WithRedactDetectors("email", "card"),
		WithRedactIdentity(RedactIdentityPseudonym),
	}
	require.Len(t, opts, int(numFields))
	for i, opt := range opts {
		before := Default()
		after := before
		opt.apply(&after)
		bv, av := reflect.ValueOf(before), reflect.ValueOf(after)
		for j := range fields {
			changed := !reflect.DeepEqual(bv.Field(j).Interface(), av.Field(j).Interface())
			assert.Equal(t, i == j, changed, "option %d changes %s", i, fields[j].name)
		}
		assert.Equal(t, "option", after.sourceOf(i), fields[i].name)
	}
}

func TestDocsListEveryVariable(t *testing.T) {
	for _, path := range []string{"doc.go", "../docs/configuration.md"} {
		data, err := readFile(path)
		require.NoError(t, err)
		for i := range fields {
			for _, name := range fields[i].envs {
				assert.Contains(t, data, name, path)
			}
			if path != "doc.go" {
				assert.Contains(t, data, "`"+fields[i].key+"`", path)
				assert.Contains(t, data, "With"+fields[i].name, path)
			}
		}
		assert.Contains(t, data, envConfigFile, path)
	}
}

// The redaction key is a secret like the API key: never in any output or
// error, only whether it is set.
func TestRedactKeyNeverShown(t *testing.T) {
	const key = "zq7Xk3SECRETredactionkey"
	c := valid()
	c.RedactKey = key
	var js bytes.Buffer
	slog.New(slog.NewJSONHandler(&js, nil)).Info("cfg", "config", c)
	j, err := json.Marshal(c)
	require.NoError(t, err)
	y, err := yaml.Marshal(c)
	require.NoError(t, err)
	for what, s := range map[string]string{
		"String": c.String(), "%v": fmt.Sprintf("%v", c), "%#v": fmt.Sprintf("%#v", c), "%d": fmt.Sprintf("%d", c),
		"slog": js.String(), "json": string(j), "yaml": string(y),
	} {
		assertNoSecret(t, what, s)
	}
	assert.Contains(t, c.String(), "RedactKey:[set]")
	assert.Contains(t, fmt.Sprintf("%#v", c), `RedactKey:"[redacted]"`)
	assert.Contains(t, js.String(), `"redact_key":"[set]"`)
	assert.NotContains(t, string(j), "redact_key")

	// A short key, from code, from the environment or from a file, is
	// reported without its value.
	c.RedactKey = key[:10]
	err = c.Validate()
	require.Error(t, err)
	assertNoSecret(t, "Validate", err.Error())
	assert.Contains(t, err.Error(), "RedactKey: [redacted] (from code) is shorter than 16 bytes")
	_, err = load(env(map[string]string{"NOVEUM_REDACT_KEY": key[:10], "NOVEUM_PROJECT": "p", "NOVEUM_API_KEY": "k"}), t.TempDir())
	require.Error(t, err)
	assertNoSecret(t, "env", err.Error())
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "redact_key: ["+key+"]\n")
	_, err = load(env(nil), dir)
	require.Error(t, err)
	assertNoSecret(t, "file", err.Error())
	assert.Contains(t, err.Error(), "RedactKey: [redacted] (from file noveum-trace.yaml) is not a single value")
}

func TestRedactValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		set   func(*Config)
		field string
		want  string
	}{
		{"pseudonym without key", func(c *Config) { c.RedactMode = RedactModePseudonym }, "RedactKey",
			`RedactKey: not set: RedactMode "pseudonym" needs a key: set NOVEUM_REDACT_KEY or use WithRedactKey with at least 16 random bytes, such as the output of: openssl rand -hex 32, or set RedactMode to "label"`},
		{"unknown mode", func(c *Config) { c.RedactMode = "hash" }, "RedactMode", `RedactMode: "hash" (from code) is not a redaction mode: use "label" or "pseudonym"`},
		{"identity pseudonym without key", func(c *Config) { c.RedactIdentity = RedactIdentityPseudonym }, "RedactKey",
			`RedactKey: not set: RedactIdentity "pseudonym" needs a key: set NOVEUM_REDACT_KEY or use WithRedactKey with at least 16 random bytes, such as the output of: openssl rand -hex 32, or set RedactIdentity to "keep"`},
		{"unknown identity mode", func(c *Config) { c.RedactIdentity = "hash" }, "RedactIdentity", `RedactIdentity: "hash" (from code) is not an identity mode: use "keep" or "pseudonym"`},
		{"unknown detector", func(c *Config) { c.RedactDetectors = "email,passport" }, "RedactDetectors",
			`RedactDetectors: "email,passport" (from code) names an unknown detector: use "all", "none" or a comma-separated list of email, phone, card, ssn, ipv4, ipv6, iban, secrets`},
		{"list of no detector", func(c *Config) { c.RedactDetectors = " , " }, "RedactDetectors",
			`RedactDetectors: " , " (from code) names no detector: use "none" to run no detector, "all" for every one, or a comma-separated list of email, phone, card, ssn, ipv4, ipv6, iban, secrets`},
		{"option of empty names", func(c *Config) { WithRedactDetectors("", "").apply(c) }, "RedactDetectors",
			`RedactDetectors: "," (from option) names no detector: use "none" to run no detector, "all" for every one, or a comma-separated list of email, phone, card, ssn, ipv4, ipv6, iban, secrets`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.set(&c)
			ps := problems(t, c.Validate())
			require.Len(t, ps, 1)
			assert.Equal(t, tc.field, ps[0].Field)
			assert.Equal(t, tc.want, ps[0].String())
		})
	}
	// Without redaction, or disabled, the pseudonym mode needs no key.
	c := valid()
	c.RedactMode = RedactModePseudonym
	c.Redact = false
	assert.NoError(t, c.Validate())
	c.Redact, c.Disabled = true, true
	assert.NoError(t, c.Validate())
	// The modes are read in any case; detectors are trimmed and any case.
	cfg, err := load(env(map[string]string{"NOVEUM_REDACT_MODE": "Label", "NOVEUM_REDACT_IDENTITY": "KEEP", "NOVEUM_REDACT_DETECTORS": " Email , SSN "}), t.TempDir(), local)
	require.NoError(t, err)
	assert.Equal(t, RedactModeLabel, cfg.RedactMode)
	assert.Equal(t, RedactIdentityKeep, cfg.RedactIdentity)
	assert.Equal(t, RedactIdentityKeep, Default().RedactIdentity, "ids are kept by default")
	names, ok := ParseRedactDetectors(cfg.RedactDetectors)
	assert.True(t, ok)
	assert.Equal(t, []string{"email", "ssn"}, names)
	_, ok = ParseRedactDetectors(",")
	assert.False(t, ok, "a list of no names is not none")
	names, ok = ParseRedactDetectors("NONE")
	assert.True(t, ok)
	assert.Empty(t, names)
	names, _ = ParseRedactDetectors("all")
	assert.Equal(t, RedactDetectorNames, names)
}
