package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// env returns a lookup function over vars, standing in for os.LookupEnv.
func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// problems returns the problems in err, failing the test if err is not a
// *ValidationError.
func problems(t *testing.T, err error) []Problem {
	t.Helper()
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	return ve.Problems
}

// local makes a config valid without an API key or project.
var local = WithEndpoint("http://127.0.0.1:4319/api")

func TestLoadPrecedence(t *testing.T) {
	const file = `
project: from-file
timeout: 20s
batch_size: 500
max_buffer_bytes: 2MiB
compression: gzip
capture_content: EVENT_ONLY
sample_rate: 0.5
`
	fullEnv := map[string]string{
		"NOVEUM_PROJECT":          "from-env",
		"NOVEUM_TIMEOUT":          "30s",
		"NOVEUM_BATCH_SIZE":       "600",
		"NOVEUM_MAX_BUFFER_BYTES": "3145728",
		"NOVEUM_CAPTURE_CONTENT":  "true",
		"NOVEUM_SAMPLE_RATE":      "0.25",
	}
	opts := []Option{
		WithProject("from-option"), WithTimeout(40 * time.Second), WithBatchSize(700),
		WithMaxBufferBytes(4 << 20), WithCaptureContent(CaptureSpanAndEvent),
	}

	type want struct {
		project  string
		timeout  time.Duration
		batch    int
		buffer   int64
		comp     Compression
		capture  CaptureMode
		rate     float64
		fromRate string
		sources  map[int]string
	}
	tests := []struct {
		name string
		file bool
		env  map[string]string
		opts []Option
		want want
	}{
		{
			name: "defaults",
			want: want{"", 10 * time.Second, 1000, 64 << 20, CompressionNone, CaptureNone, 1, "default",
				map[int]string{fTimeout: "default", fBatchSize: "default", fCaptureContent: "default"}},
		},
		{
			name: "file over defaults",
			file: true,
			want: want{"from-file", 20 * time.Second, 500, 2 << 20, CompressionGzip, CaptureEventOnly, 0.5, "file noveum-trace.yaml",
				map[int]string{fProject: "file noveum-trace.yaml", fTimeout: "file noveum-trace.yaml", fQueueSize: "default"}},
		},
		{
			name: "env over file",
			file: true,
			env:  fullEnv,
			want: want{"from-env", 30 * time.Second, 600, 3 << 20, CompressionGzip, CaptureSpanOnly, 0.25, "env NOVEUM_SAMPLE_RATE",
				map[int]string{fProject: "env NOVEUM_PROJECT", fCompression: "file noveum-trace.yaml", fCaptureContent: "env NOVEUM_CAPTURE_CONTENT"}},
		},
		{
			name: "options over env",
			file: true,
			env:  fullEnv,
			opts: opts,
			want: want{"from-option", 40 * time.Second, 700, 4 << 20, CompressionGzip, CaptureSpanAndEvent, 0.25, "env NOVEUM_SAMPLE_RATE",
				map[int]string{fProject: "option", fBatchSize: "option", fCompression: "file noveum-trace.yaml"}},
		},
		{
			name: "options over defaults alone",
			opts: opts,
			want: want{"from-option", 40 * time.Second, 700, 4 << 20, CompressionNone, CaptureSpanAndEvent, 1, "default",
				map[int]string{fTimeout: "option", fCompression: "default"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.file {
				writeFile(t, dir, "noveum-trace.yaml", file)
			}
			c, err := load(env(tt.env), dir, append([]Option{local}, tt.opts...)...)
			require.NoError(t, err)
			assert.Equal(t, tt.want.project, c.Project)
			assert.Equal(t, tt.want.timeout, c.Timeout)
			assert.Equal(t, tt.want.batch, c.BatchSize)
			assert.Equal(t, tt.want.buffer, c.MaxBufferBytes)
			assert.Equal(t, tt.want.comp, c.Compression)
			assert.Equal(t, tt.want.capture, c.CaptureContent)
			assert.Equal(t, tt.want.rate, c.SampleRate)
			assert.Equal(t, tt.want.fromRate, c.sourceOf(fSampleRate))
			for i, src := range tt.want.sources {
				assert.Equal(t, src, c.sourceOf(i), fields[i].name)
			}
		})
	}
}

// allKeysYAML sets every field to a non-default value.
const allKeysYAML = `
# every key, none at its default
api_key: nv_file_key
project: acme
environment: production
endpoint: https://eu.noveum.ai/beta/
service_version: 1.2.3
timeout: 250ms
batch_size: 10
batch_max_bytes: 65536
batch_delay: 0s
trace_grace: 1s
trace_max_age: 1h
queue_size: 16
max_buffer_bytes: 1048576
blocking: on
max_attribute_bytes: 1KiB
max_content_bytes: 1KiB
retry_budget: 0
compression: GZIP
compression_level: 9
capture_content: false
sample_rate: 0
disabled: yes
prices:
  acme/custom-model: {input: 0.5, output: 1.5}
  gpt-4o:
    input: 2
    output: "8"
    cache_read: 1
redact: off
redact_mode: Pseudonym
redact_key: file-redaction-key-0123456789
redact_detectors: email, card
redact_identity: Pseudonym
`

const allKeysJSON = `{
  "api_key": "nv_file_key",
  "project": "acme",
  "environment": "production",
  "endpoint": "https://eu.noveum.ai/beta/",
  "service_version": "1.2.3",
  "timeout": "250ms",
  "batch_size": 10,
  "batch_max_bytes": 65536,
  "batch_delay": "0s",
  "trace_grace": "1s",
  "trace_max_age": "1h",
  "queue_size": 16,
  "max_buffer_bytes": 1048576,
  "blocking": true,
  "max_attribute_bytes": 1024,
  "max_content_bytes": 1024,
  "retry_budget": "0",
  "compression": "gzip",
  "compression_level": 9,
  "capture_content": false,
  "sample_rate": 0,
  "disabled": true,
  "prices": {
    "acme/custom-model": {"input": 0.5, "output": 1.5},
    "gpt-4o": {"input": 2, "output": "8", "cache_read": 1}
  },
  "redact": false,
  "redact_mode": "pseudonym",
  "redact_key": "file-redaction-key-0123456789",
  "redact_detectors": "email, card",
  "redact_identity": "pseudonym"
}`

func wantAllKeys() Config {
	return Config{
		APIKey: "nv_file_key", Project: "acme", Environment: "production",
		Endpoint: "https://eu.noveum.ai/beta/", ServiceVersion: "1.2.3",
		Timeout: 250 * time.Millisecond, BatchSize: 10, BatchMaxBytes: 64 << 10,
		BatchDelay: 0, TraceGrace: time.Second, TraceMaxAge: time.Hour, QueueSize: 16,
		MaxBufferBytes: 1 << 20, Blocking: true, MaxAttributeBytes: 1 << 10, MaxContentBytes: 1 << 10, RetryBudget: 0,
		Compression: CompressionGzip, CompressionLevel: 9, CaptureContent: CaptureNone, SampleRate: 0, Disabled: true,
		Prices: map[string]ModelPrice{
			"acme/custom-model": {Input: 0.5, Output: 1.5},
			"gpt-4o":            {Input: 2, Output: 8, CacheRead: 1},
		},
		Redact: false, RedactMode: "pseudonym", RedactKey: "file-redaction-key-0123456789", RedactDetectors: "email, card",
		RedactIdentity: "pseudonym",
	}
}

// values drops provenance so configs compare by field values only.
func values(c Config) Config {
	c.origins = [numFields]origin{}
	return c
}

func TestLoadFileFormats(t *testing.T) {
	for _, tt := range []struct{ name, content string }{
		{"noveum-trace.yaml", allKeysYAML},
		{"noveum-trace.yml", allKeysYAML},
		{"noveum-trace.json", allKeysJSON},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.name, tt.content)
			c, err := load(env(nil), dir)
			require.NoError(t, err)
			assert.Equal(t, wantAllKeys(), values(c))
			for i := range fields {
				assert.Equal(t, "file "+tt.name, c.sourceOf(i), fields[i].name)
			}
			assert.Equal(t, "https://eu.noveum.ai/beta/v1/traces", c.TracesURL())
		})
	}
}

func TestLoadImplicitFileOrder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.json", `{"project": "json"}`)
	c, err := load(env(nil), dir, local)
	require.NoError(t, err)
	assert.Equal(t, "json", c.Project)

	writeFile(t, dir, "noveum-trace.yml", "project: yml")
	c, err = load(env(nil), dir, local)
	require.NoError(t, err)
	assert.Equal(t, "yml", c.Project)

	writeFile(t, dir, "noveum-trace.yaml", "project: yaml")
	c, err = load(env(nil), dir, local)
	require.NoError(t, err)
	assert.Equal(t, "yaml", c.Project)
	assert.Equal(t, "file noveum-trace.yaml", c.sourceOf(fProject))
}

func TestLoadNoFileIsFine(t *testing.T) {
	c, err := load(env(nil), t.TempDir(), local)
	require.NoError(t, err)
	assert.Equal(t, values(Default()), values(c.withEndpoint(defaultEndpoint)))
}

// withEndpoint is a test helper that keeps other fields.
func (c Config) withEndpoint(e string) Config { c.Endpoint = e; return c }

func TestLoadConfigFileVariable(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "project: implicit")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "conf"), 0o700))
	abs := writeFile(t, dir, "conf/app.json", `{"project": "named"}`)

	t.Run("relative to the working directory, over the implicit file", func(t *testing.T) {
		c, err := load(env(map[string]string{"NOVEUM_CONFIG_FILE": "conf/app.json"}), dir, local)
		require.NoError(t, err)
		assert.Equal(t, "named", c.Project)
		assert.Equal(t, "file conf/app.json", c.sourceOf(fProject))
	})
	t.Run("absolute", func(t *testing.T) {
		c, err := load(env(map[string]string{"NOVEUM_CONFIG_FILE": abs}), t.TempDir(), local)
		require.NoError(t, err)
		assert.Equal(t, "named", c.Project)
	})
	t.Run("empty means unset", func(t *testing.T) {
		c, err := load(env(map[string]string{"NOVEUM_CONFIG_FILE": " "}), dir, local)
		require.NoError(t, err)
		assert.Equal(t, "implicit", c.Project)
	})
	t.Run("missing is an error", func(t *testing.T) {
		c, err := load(env(map[string]string{"NOVEUM_CONFIG_FILE": "conf/nope.yaml"}), dir, local)
		ps := problems(t, err)
		require.Len(t, ps, 1)
		assert.Equal(t, "env NOVEUM_CONFIG_FILE", ps[0].Source)
		assert.Equal(t, `"conf/nope.yaml"`, ps[0].Value)
		assert.Contains(t, err.Error(), `env NOVEUM_CONFIG_FILE: "conf/nope.yaml" names a file that does not exist`)
		assert.Empty(t, c.Project, "the implicit file is not read instead")
	})
	t.Run("a directory cannot be read", func(t *testing.T) {
		require.NoError(t, os.Mkdir(filepath.Join(dir, "conf.yaml"), 0o700))
		_, err := load(env(map[string]string{"NOVEUM_CONFIG_FILE": "conf.yaml"}), dir, local)
		assert.ErrorContains(t, err, "file conf.yaml: cannot be read")
	})
}

func TestLoadFileProblems(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string // substrings of the error, in order
	}{
		{"unknown key suggests the closest", "noveum-trace.yaml", "batchsize: 10\nproject: x",
			[]string{`file noveum-trace.yaml: "batchsize" is not a known key: did you mean "batch_size"?`}},
		{"unknown key suggests a near typo", "noveum-trace.yaml", "timout: 1s",
			[]string{`"timout" is not a known key: did you mean "timeout"?`}},
		{"unknown key lists the keys", "noveum-trace.json", `{"colour": "red"}`,
			[]string{`file noveum-trace.json: "colour" is not a known key: remove it; known keys are api_key, project,`}},
		{"keys are case sensitive", "noveum-trace.yaml", "Project: x",
			[]string{`"Project" is not a known key: did you mean "project"?`}},
		{"duplicate yaml key", "noveum-trace.yaml", "project: a\nproject: b",
			[]string{`file noveum-trace.yaml: "project" is set more than once`}},
		{"duplicate json key", "noveum-trace.json", `{"project": "a", "project": "b"}`,
			[]string{`file noveum-trace.json: "project" is set more than once`}},
		{"bad yaml", "noveum-trace.yaml", "project: [a\n",
			[]string{"file noveum-trace.yaml: is not valid YAML (yaml: line"}},
		{"bad json", "noveum-trace.json", "{\n  \"project\": x\n}",
			[]string{"file noveum-trace.json: is not valid JSON: it has an error near line 2, column 14"}},
		{"truncated json", "noveum-trace.json", `{"project": "x"`,
			[]string{"file noveum-trace.json: is not valid JSON: it ends too early"}},
		{"json array", "noveum-trace.json", `[1]`, []string{"is not a JSON object"}},
		{"json trailing data", "noveum-trace.json", `{} {}`, []string{"is not valid JSON: it has an error near line 1, column 4"}},
		{"yaml list", "noveum-trace.yaml", "- a\n- b", []string{"is not a mapping of keys to values"}},
		{"nested value", "noveum-trace.yaml", "timeout:\n  seconds: 5",
			[]string{"Timeout: a mapping (from file noveum-trace.yaml) is not a single value"}},
		{"list value", "noveum-trace.json", `{"project": ["a"]}`,
			[]string{"Project: a list (from file noveum-trace.json) is not a single value"}},
		{"duration without unit", "noveum-trace.yaml", "timeout: 5",
			[]string{`Timeout: "5" (from file noveum-trace.yaml) is not a duration: use a Go duration with a unit`}},
		{"json number duration", "noveum-trace.json", `{"batch_delay": 2}`,
			[]string{`BatchDelay: "2" (from file noveum-trace.json) is not a duration`}},
		{"size not an integer", "noveum-trace.yaml", "batch_max_bytes: 1.5",
			[]string{`BatchMaxBytes: "1.5" (from file noveum-trace.yaml) is not a size`}},
		{"bool", "noveum-trace.yaml", "disabled: maybe",
			[]string{`Disabled: "maybe" (from file noveum-trace.yaml) is not a boolean`}},
		{"out of range in file", "noveum-trace.yaml", "batch_size: 5000",
			[]string{"BatchSize: 5000 (from file noveum-trace.yaml) is out of range: use a value from 1 to 1000"}},
		{"several at once", "noveum-trace.yaml", "colour: red\ntimeout: soon\nqueue_size: 0",
			[]string{`"colour" is not a known key`, `Timeout: "soon"`, "QueueSize: 0 (from file noveum-trace.yaml) is out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.file, tt.content)
			_, err := load(env(nil), dir, local)
			require.Error(t, err)
			msg := err.Error()
			assert.True(t, strings.HasPrefix(msg, "noveum config: "), msg)
			at := 0
			for _, w := range tt.want {
				i := strings.Index(msg[at:], w)
				require.GreaterOrEqual(t, i, 0, "want %q after offset %d in:\n%s", w, at, msg)
				at += i + len(w)
			}
		})
	}
}

func TestLoadFileNullAndEmpty(t *testing.T) {
	for name, content := range map[string]string{
		"noveum-trace.yaml": "# nothing but a comment\n",
		"noveum-trace.json": "  \n",
	} {
		dir := t.TempDir()
		writeFile(t, dir, name, content)
		c, err := load(env(nil), dir, local)
		require.NoError(t, err, name)
		assert.Equal(t, defaultTimeout, c.Timeout)
	}
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "timeout:\nproject: ~\nenvironment: \"\"")
	c, err := load(env(nil), dir, local)
	assert.Equal(t, defaultTimeout, c.Timeout, "a key without a value keeps the default")
	ps := problems(t, err)
	require.Len(t, ps, 1, "an explicit empty string is a value")
	assert.Equal(t, Problem{Field: "Environment", Source: "file noveum-trace.yaml", Value: `""`, Reason: "is empty",
		Fix: `set a name such as "production" (the default is "development")`}, ps[0])
}

func TestLoadYAMLAlias(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "trace_grace: &d 2s\nbatch_delay: *d\n")
	c, err := load(env(nil), dir, local)
	require.NoError(t, err)
	assert.Equal(t, 2*time.Second, c.BatchDelay)
}

func TestLoadUnknownExtension(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "app.toml", `project = "x"`)
	_, err := load(env(map[string]string{"NOVEUM_CONFIG_FILE": "app.toml"}), dir, local)
	assert.ErrorContains(t, err, "file app.toml: has an unknown extension: name it with .yaml, .yml or .json")
}

func TestLoadEnvValues(t *testing.T) {
	c, err := load(env(map[string]string{
		"NOVEUM_API_KEY":             "  nv_env_key\n", // trailing newline from $(cat keyfile)
		"NOVEUM_PROJECT":             "acme",
		"NOVEUM_ENVIRONMENT":         "staging",
		"NOVEUM_ENDPOINT":            "https://x.example/api/",
		"NOVEUM_SERVICE_VERSION":     "v9",
		"NOVEUM_TIMEOUT":             "1m30s",
		"NOVEUM_BATCH_SIZE":          " 42 ",
		"NOVEUM_BATCH_MAX_BYTES":     "8 MiB",
		"NOVEUM_BATCH_DELAY":         "100ms",
		"NOVEUM_TRACE_GRACE":         "0",
		"NOVEUM_TRACE_MAX_AGE":       "2h",
		"NOVEUM_QUEUE_SIZE":          "1000000",
		"NOVEUM_MAX_BUFFER_BYTES":    "16gib",
		"NOVEUM_BLOCKING":            "true",
		"NOVEUM_MAX_ATTRIBUTE_BYTES": "512KiB",
		"NOVEUM_MAX_CONTENT_BYTES":   "128 KiB",
		"NOVEUM_RETRY_BUDGET":        "1h",
		"NOVEUM_COMPRESSION":         "Gzip",
		"NOVEUM_COMPRESSION_LEVEL":   "1",
		"NOVEUM_CAPTURE_CONTENT":     "span_and_event",
		"NOVEUM_SAMPLE_RATE":         "0.125",
		"NOVEUM_DISABLED":            "OFF",
		"NOVEUM_REDACT":              "yes",
		"NOVEUM_REDACT_MODE":         "PSEUDONYM",
		"NOVEUM_REDACT_KEY":          "env-redaction-key-0123456789",
		"NOVEUM_REDACT_DETECTORS":    "none",
		"NOVEUM_REDACT_IDENTITY":     "pseudonym",
	}), t.TempDir())
	require.NoError(t, err)
	assert.Equal(t, Config{
		APIKey: "nv_env_key", Project: "acme", Environment: "staging", Endpoint: "https://x.example/api/",
		ServiceVersion: "v9", Timeout: 90 * time.Second, BatchSize: 42, BatchMaxBytes: 8 << 20,
		BatchDelay: 100 * time.Millisecond, TraceGrace: 0, TraceMaxAge: 2 * time.Hour, QueueSize: 1_000_000,
		MaxBufferBytes: 16 << 30, Blocking: true, MaxAttributeBytes: 512 << 10, MaxContentBytes: 128 << 10, RetryBudget: time.Hour,
		Compression: CompressionGzip, CompressionLevel: 1, CaptureContent: CaptureSpanAndEvent, SampleRate: 0.125, Disabled: false,
		Redact: true, RedactMode: "pseudonym", RedactKey: "env-redaction-key-0123456789", RedactDetectors: "none", RedactIdentity: "pseudonym",
	}, values(c))
	for i := range fields {
		if len(fields[i].envs) == 0 {
			assert.Equal(t, "default", c.sourceOf(i), "%s has no variable", fields[i].name)
			continue
		}
		assert.Equal(t, "env "+fields[i].envs[0], c.sourceOf(i))
	}
}

func TestLoadEnvEmptyIsUnset(t *testing.T) {
	vars := map[string]string{}
	for i := range fields {
		for _, name := range fields[i].envs {
			vars[name] = ""
		}
	}
	c, err := load(env(vars), t.TempDir(), local)
	require.NoError(t, err)
	assert.Equal(t, values(Default()), values(c.withEndpoint(defaultEndpoint)))
}

func TestLoadEnvMalformed(t *testing.T) {
	tests := []struct {
		env, value, want string
	}{
		{"NOVEUM_TIMEOUT", "abc", `Timeout: "abc" (from env NOVEUM_TIMEOUT) is not a duration: use a Go duration with a unit, such as "10s" or "250ms"`},
		{"NOVEUM_TIMEOUT", "10", `Timeout: "10" (from env NOVEUM_TIMEOUT) is not a duration`},
		{"NOVEUM_BATCH_SIZE", "1e3", `BatchSize: "1e3" (from env NOVEUM_BATCH_SIZE) is not a whole number: use a value from 1 to 1000`},
		{"NOVEUM_BATCH_MAX_BYTES", "4MB", `BatchMaxBytes: "4MB" (from env NOVEUM_BATCH_MAX_BYTES) is not a size`},
		{"NOVEUM_BATCH_DELAY", "soon", `BatchDelay: "soon" (from env NOVEUM_BATCH_DELAY) is not a duration`},
		{"NOVEUM_TRACE_GRACE", "1", `TraceGrace: "1" (from env NOVEUM_TRACE_GRACE) is not a duration`},
		{"NOVEUM_TRACE_MAX_AGE", "1d", `TraceMaxAge: "1d" (from env NOVEUM_TRACE_MAX_AGE) is not a duration`},
		{"NOVEUM_QUEUE_SIZE", "many", `QueueSize: "many" (from env NOVEUM_QUEUE_SIZE) is not a whole number`},
		{"NOVEUM_MAX_BUFFER_BYTES", "9999999999999GiB", `MaxBufferBytes: "9999999999999GiB" (from env NOVEUM_MAX_BUFFER_BYTES) is not a size`},
		{"NOVEUM_MAX_ATTRIBUTE_BYTES", "-", `MaxAttributeBytes: "-" (from env NOVEUM_MAX_ATTRIBUTE_BYTES) is not a size`},
		{"NOVEUM_RETRY_BUDGET", "forever", `RetryBudget: "forever" (from env NOVEUM_RETRY_BUDGET) is not a duration`},
		{"NOVEUM_COMPRESSION", "brotli", `Compression: "brotli" (from env NOVEUM_COMPRESSION) is not supported: use "none" or "gzip"`},
		{"NOVEUM_CAPTURE_CONTENT", "all", `CaptureContent: "all" (from env NOVEUM_CAPTURE_CONTENT) is not a capture mode`},
		{"OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "maybe", `CaptureContent: "maybe" (from env OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT) is not a capture mode`},
		{"NOVEUM_SAMPLE_RATE", "half", `SampleRate: "half" (from env NOVEUM_SAMPLE_RATE) is not a number`},
		{"NOVEUM_DISABLED", "nope", `Disabled: "nope" (from env NOVEUM_DISABLED) is not a boolean: use true or false (also 1/0, yes/no, on/off)`},
		{"NOVEUM_TIMEOUT", "\x1b[31m", `Timeout: "\x1b[31m" (from env NOVEUM_TIMEOUT)`}, // control characters are quoted, not printed
	}
	for _, tt := range tests {
		t.Run(tt.env+"="+tt.value, func(t *testing.T) {
			c, err := load(env(map[string]string{tt.env: tt.value}), t.TempDir(), local)
			ps := problems(t, err)
			require.Len(t, ps, 1, err.Error())
			assert.Equal(t, "env "+tt.env, ps[0].Source)
			assert.Equal(t, "noveum config: "+ps[0].String(), err.Error())
			assert.Contains(t, err.Error(), tt.want)
			// The bad value leaves the default in place.
			assert.Equal(t, values(Default()), values(c.withEndpoint(defaultEndpoint)))
		})
	}
}

func TestLoadEnvRangeProblemsNameTheVariable(t *testing.T) {
	_, err := load(env(map[string]string{"NOVEUM_BATCH_SIZE": "5000", "NOVEUM_MAX_BUFFER_BYTES": "17GiB"}), t.TempDir(), local)
	assert.Equal(t, "noveum config: 2 problems:\n"+
		"  BatchSize: 5000 (from env NOVEUM_BATCH_SIZE) is out of range: use a value from 1 to 1000\n"+
		"  MaxBufferBytes: 17GiB (from env NOVEUM_MAX_BUFFER_BYTES) is out of range: use a size from 1MiB to 16GiB",
		err.Error())
}

func TestLoadReportsAllProblemsAtOnce(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "colour: red\nqueue_size: 0\n")
	c, err := load(env(map[string]string{
		"NOVEUM_TIMEOUT":     "abc",
		"NOVEUM_SAMPLE_RATE": "2",
	}), dir, WithBatchSize(0), WithEndpoint("ftp://x"))
	ps := problems(t, err)
	got := make([]string, len(ps))
	for i, p := range ps {
		got[i] = p.Field + "|" + p.Source
	}
	assert.Equal(t, []string{
		"|file noveum-trace.yaml",          // unknown key
		"Timeout|env NOVEUM_TIMEOUT",       // malformed
		"APIKey|",                          // required: the endpoint is not local
		"Project|",                         // required
		"Endpoint|option",                  // not http
		"BatchSize|option",                 // range
		"QueueSize|file noveum-trace.yaml", // range
		"SampleRate|env NOVEUM_SAMPLE_RATE",
	}, got)
	assert.Equal(t, 8, strings.Count(err.Error(), "\n  "))
	// Load still returns what it built.
	assert.Equal(t, 0, c.BatchSize)
	assert.Equal(t, 2.0, c.SampleRate)
}

// A malformed higher-precedence value is still reported when an option
// later overrides the field: a broken environment is never silent.
func TestLoadMalformedEnvReportedEvenWhenOverridden(t *testing.T) {
	c, err := load(env(map[string]string{"NOVEUM_TIMEOUT": "abc"}), t.TempDir(), local, WithTimeout(time.Second))
	assert.ErrorContains(t, err, "NOVEUM_TIMEOUT")
	assert.Equal(t, time.Second, c.Timeout)
}

func TestLoadIgnoresNilOption(t *testing.T) {
	_, err := load(env(nil), t.TempDir(), nil, local, nil)
	assert.NoError(t, err)
}

func TestCaptureContentParsing(t *testing.T) {
	const (
		noveum = "NOVEUM_CAPTURE_CONTENT"
		otel   = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
	)
	values := map[string]CaptureMode{
		"true": CaptureSpanOnly, "TRUE": CaptureSpanOnly, "1": CaptureSpanOnly, "yes": CaptureSpanOnly, "On": CaptureSpanOnly,
		"false": CaptureNone, "False": CaptureNone, "0": CaptureNone, "no": CaptureNone, "OFF": CaptureNone,
		"NO_CONTENT": CaptureNone, "span_only": CaptureSpanOnly, "Event_Only": CaptureEventOnly, "SPAN_AND_EVENT": CaptureSpanAndEvent,
	}
	for _, name := range []string{noveum, otel} {
		for v, want := range values {
			t.Run(name+"="+v, func(t *testing.T) {
				c, err := load(env(map[string]string{name: v}), t.TempDir(), local)
				require.NoError(t, err)
				assert.Equal(t, want, c.CaptureContent)
				assert.Equal(t, "env "+name, c.sourceOf(fCaptureContent))
			})
		}
	}
	t.Run("NOVEUM wins over OTEL", func(t *testing.T) {
		c, err := load(env(map[string]string{noveum: "EVENT_ONLY", otel: "true"}), t.TempDir(), local)
		require.NoError(t, err)
		assert.Equal(t, CaptureEventOnly, c.CaptureContent)
		c, err = load(env(map[string]string{noveum: "false", otel: "SPAN_AND_EVENT"}), t.TempDir(), local)
		require.NoError(t, err)
		assert.Equal(t, CaptureNone, c.CaptureContent)
	})
	t.Run("NOVEUM malformed does not fall back to OTEL", func(t *testing.T) {
		c, err := load(env(map[string]string{noveum: "sometimes", otel: "true"}), t.TempDir(), local)
		assert.ErrorContains(t, err, "env "+noveum)
		assert.Equal(t, CaptureNone, c.CaptureContent)
	})
	t.Run("file accepts booleans and names", func(t *testing.T) {
		for content, want := range map[string]CaptureMode{
			"capture_content: true":            CaptureSpanOnly,
			"capture_content: off":             CaptureNone,
			"capture_content: span_and_event":  CaptureSpanAndEvent,
			"capture_content: \"EVENT_ONLY\"":  CaptureEventOnly,
			`{"capture_content": true}`:        CaptureSpanOnly,
			`{"capture_content": "SPAN_ONLY"}`: CaptureSpanOnly,
		} {
			dir := t.TempDir()
			name := "noveum-trace.yaml"
			if strings.HasPrefix(content, "{") {
				name = "noveum-trace.json"
			}
			writeFile(t, dir, name, content)
			c, err := load(env(nil), dir, local)
			require.NoError(t, err, content)
			assert.Equal(t, want, c.CaptureContent, content)
		}
	})
	t.Run("methods", func(t *testing.T) {
		for mode, want := range map[CaptureMode][2]bool{
			CaptureNone: {false, false}, CaptureSpanOnly: {true, false},
			CaptureEventOnly: {false, true}, CaptureSpanAndEvent: {true, true}, "bogus": {false, false},
		} {
			c := Config{CaptureContent: mode}
			assert.Equal(t, want, [2]bool{c.CaptureContent.OnSpans(), c.CaptureContent.OnEvents()}, mode)
		}
	})
}

// Load reads the real process environment and working directory.
func TestLoadFromProcess(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "noveum-trace.yaml", "project: from-file\nbatch_size: 7\n")
	t.Chdir(dir)
	t.Setenv("NOVEUM_CONFIG_FILE", "")
	t.Setenv("NOVEUM_BATCH_SIZE", "9")
	t.Setenv("NOVEUM_API_KEY", "nv_process")
	c, err := Load(WithEnvironment("test"))
	require.NoError(t, err)
	assert.Equal(t, "from-file", c.Project)
	assert.Equal(t, 9, c.BatchSize)
	assert.Equal(t, "nv_process", c.APIKey)
	assert.Equal(t, "test", c.Environment)

	t.Setenv("NOVEUM_TIMEOUT", "abc")
	_, err = Load()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, "env NOVEUM_TIMEOUT", ve.Problems[0].Source)
}
