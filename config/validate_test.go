package config

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func valid() Config {
	c := Default()
	c.APIKey = "nv_test_key"
	c.Project = "acme"
	return c
}

func TestValidateDefaultsWithKeyAndProject(t *testing.T) {
	assert.NoError(t, valid().Validate())
	// An untyped nil, so `err != nil` is false.
	assert.True(t, valid().Validate() == nil)
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		field  string // "" when valid
		reason string
		fix    string
	}{
		{"api key missing", func(c *Config) { c.APIKey = "" }, "APIKey", "not set",
			"set NOVEUM_API_KEY or use WithAPIKey (not needed for a local endpoint such as http://127.0.0.1:4319/api)"},
		{"api key with space", func(c *Config) { c.APIKey = "nv_abc def" }, "APIKey", "contains spaces, quotes or control characters", ""},
		{"api key with newline", func(c *Config) { c.APIKey = "nv_abc\ndef" }, "APIKey", "contains spaces, quotes or control characters", ""},
		{"api key quoted", func(c *Config) { c.APIKey = `"nv_abc"` }, "APIKey", "contains spaces, quotes or control characters", ""},
		{"api key not needed locally", func(c *Config) { c.APIKey = ""; c.Endpoint = "http://localhost:4319/api" }, "", "", ""},
		{"api key not needed when disabled", func(c *Config) { c.APIKey = ""; c.Disabled = true }, "", "", ""},
		{"project missing", func(c *Config) { c.Project = "" }, "Project", "not set",
			"set NOVEUM_PROJECT or use WithProject (not needed for a local endpoint such as http://127.0.0.1:4319/api)"},
		{"project not needed locally", func(c *Config) { c.Project = ""; c.Endpoint = "http://[::1]:4319" }, "", "", ""},
		{"environment empty", func(c *Config) { c.Environment = "" }, "Environment", "is empty", ""},
		{"environment blank", func(c *Config) { c.Environment = "  " }, "Environment", "is empty", ""},
		{"endpoint http", func(c *Config) { c.Endpoint = "http://collector.internal:8080" }, "", "", ""},
		{"endpoint relative", func(c *Config) { c.Endpoint = "api.noveum.ai/api" }, "Endpoint", "is not an http or https URL", ""},
		{"endpoint host:port", func(c *Config) { c.Endpoint = "localhost:4319" }, "Endpoint", "is not an http or https URL", ""},
		{"endpoint ftp", func(c *Config) { c.Endpoint = "ftp://x/api" }, "Endpoint", "is not an http or https URL", ""},
		{"endpoint no host", func(c *Config) { c.Endpoint = "https:///api" }, "Endpoint", "has no host", ""},
		{"endpoint port only", func(c *Config) { c.Endpoint = "https://:443/api" }, "Endpoint", "has no host", ""},
		{"endpoint query", func(c *Config) { c.Endpoint = "https://x/api?a=b" }, "Endpoint", "has a query or fragment", ""},
		{"endpoint empty query", func(c *Config) { c.Endpoint = "https://x/api?" }, "Endpoint", "has a query or fragment", ""},
		{"endpoint fragment", func(c *Config) { c.Endpoint = "https://x/api#top" }, "Endpoint", "has a query or fragment", ""},
		{"endpoint credentials", func(c *Config) { c.Endpoint = "https://u:p@x/api" }, "Endpoint", "contains credentials", ""},
		{"endpoint unparsable", func(c *Config) { c.Endpoint = "https://x/%zz" }, "Endpoint", "is not a valid URL", ""},
		{"endpoint empty", func(c *Config) { c.Endpoint = "" }, "Endpoint", "is not an http or https URL", ""},
		{"timeout min", func(c *Config) { c.Timeout = 100 * time.Millisecond }, "", "", ""},
		{"timeout max", func(c *Config) { c.Timeout = 5 * time.Minute }, "", "", ""},
		{"timeout low", func(c *Config) { c.Timeout = 99 * time.Millisecond }, "Timeout", "is out of range", "use a duration from 100ms to 5m"},
		{"timeout high", func(c *Config) { c.Timeout = 5*time.Minute + 1 }, "Timeout", "is out of range", ""},
		{"batch size min", func(c *Config) { c.BatchSize = 1 }, "", "", ""},
		{"batch size zero", func(c *Config) { c.BatchSize = 0 }, "BatchSize", "is out of range", "use a value from 1 to 1000"},
		{"batch size high", func(c *Config) { c.BatchSize = 1001 }, "BatchSize", "is out of range", ""},
		{"batch bytes min", func(c *Config) { c.BatchMaxBytes = 64 << 10 }, "", "", ""},
		{"batch bytes max", func(c *Config) { c.BatchMaxBytes = 64 << 20 }, "", "", ""},
		{"batch bytes low", func(c *Config) { c.BatchMaxBytes = 64<<10 - 1 }, "BatchMaxBytes", "is out of range", "use a size from 64KiB to 64MiB"},
		{"batch bytes high", func(c *Config) { c.BatchMaxBytes = 64<<20 + 1 }, "BatchMaxBytes", "is out of range", ""},
		{"batch delay zero", func(c *Config) { c.BatchDelay = 0 }, "", "", ""},
		{"batch delay negative", func(c *Config) { c.BatchDelay = -1 }, "BatchDelay", "is out of range", "use a duration from 0s to 1m"},
		{"batch delay high", func(c *Config) { c.BatchDelay = time.Minute + 1 }, "BatchDelay", "is out of range", ""},
		{"grace zero", func(c *Config) { c.TraceGrace = 0 }, "", "", ""},
		{"grace high", func(c *Config) { c.TraceGrace = 2 * time.Minute }, "TraceGrace", "is out of range", "use a duration from 0s to 1m"},
		{"grace negative", func(c *Config) { c.TraceGrace = -time.Second }, "TraceGrace", "is out of range", ""},
		{"max age min", func(c *Config) { c.TraceMaxAge = time.Second }, "", "", ""},
		{"max age max", func(c *Config) { c.TraceMaxAge = 24 * time.Hour }, "", "", ""},
		{"max age low", func(c *Config) { c.TraceMaxAge = 999 * time.Millisecond }, "TraceMaxAge", "is out of range", "use a duration from 1s to 24h"},
		{"max age high", func(c *Config) { c.TraceMaxAge = 25 * time.Hour }, "TraceMaxAge", "is out of range", ""},
		{"queue max", func(c *Config) { c.QueueSize = 1_000_000 }, "", "", ""},
		{"queue zero", func(c *Config) { c.QueueSize = 0 }, "QueueSize", "is out of range", "use a value from 1 to 1000000"},
		{"queue high", func(c *Config) { c.QueueSize = 1_000_001 }, "QueueSize", "is out of range", ""},
		{"buffer min", func(c *Config) { c.MaxBufferBytes = 1 << 20 }, "", "", ""},
		{"buffer max", func(c *Config) { c.MaxBufferBytes = 16 << 30 }, "", "", ""},
		{"buffer low", func(c *Config) { c.MaxBufferBytes = 1<<20 - 1 }, "MaxBufferBytes", "is out of range", "use a size from 1MiB to 16GiB"},
		{"buffer high", func(c *Config) { c.MaxBufferBytes = 16<<30 + 1 }, "MaxBufferBytes", "is out of range", ""},
		{"attribute min", func(c *Config) { c.MaxAttributeBytes, c.MaxContentBytes = 1<<10, 1<<10 }, "", "", ""},
		{"attribute low", func(c *Config) { c.MaxAttributeBytes = 1023 }, "MaxAttributeBytes", "is out of range", "use a size from 1KiB to 64MiB"},
		{"attribute high", func(c *Config) { c.MaxAttributeBytes = 64<<20 + 1 }, "MaxAttributeBytes", "is out of range", ""},
		{"content min", func(c *Config) { c.MaxContentBytes = 1 << 10 }, "", "", ""},
		{"content equal to attribute", func(c *Config) { c.MaxContentBytes = c.MaxAttributeBytes }, "", "", ""},
		{"content low", func(c *Config) { c.MaxContentBytes = 1023 }, "MaxContentBytes", "is out of range", "use a size from 1KiB to 64MiB"},
		{"content high", func(c *Config) { c.MaxAttributeBytes, c.MaxContentBytes = 64<<20, 64<<20+1 }, "MaxContentBytes", "is out of range", ""},
		{"default content above attribute", func(c *Config) { c.MaxAttributeBytes = 8 << 10 }, "", "", ""},
		{"content above attribute", func(c *Config) { c.MaxAttributeBytes, c.MaxContentBytes = 8<<10, 16<<10 }, "MaxContentBytes",
			"is more than MaxAttributeBytes (8KiB)", "lower it, or raise MaxAttributeBytes, which would otherwise cut captured JSON as plain text"},
		{"retry zero", func(c *Config) { c.RetryBudget = 0 }, "", "", ""},
		{"retry max", func(c *Config) { c.RetryBudget = time.Hour }, "", "", ""},
		{"retry high", func(c *Config) { c.RetryBudget = time.Hour + 1 }, "RetryBudget", "is out of range", "use a duration from 0s to 1h"},
		{"retry negative", func(c *Config) { c.RetryBudget = -1 }, "RetryBudget", "is out of range", ""},
		{"gzip", func(c *Config) { c.Compression = CompressionGzip }, "", "", ""},
		{"compression unknown", func(c *Config) { c.Compression = "zstd" }, "Compression", "is not supported", `use "none" or "gzip"`},
		{"compression empty", func(c *Config) { c.Compression = "" }, "Compression", "is not supported", ""},
		{"compression wrong case", func(c *Config) { c.Compression = "GZIP" }, "Compression", "is not supported", ""},
		{"compression level 1", func(c *Config) { c.CompressionLevel = 1 }, "", "", ""},
		{"compression level 9", func(c *Config) { c.CompressionLevel = 9 }, "", "", ""},
		{"compression level 0", func(c *Config) { c.CompressionLevel = 0 }, "CompressionLevel", "is out of range", "use a value from 1 to 9"},
		{"compression level 10", func(c *Config) { c.CompressionLevel = 10 }, "CompressionLevel", "is out of range", "use a value from 1 to 9"},
		{"capture each", func(c *Config) { c.CaptureContent = CaptureSpanAndEvent }, "", "", ""},
		{"capture unknown", func(c *Config) { c.CaptureContent = "ALL" }, "CaptureContent", "is not a capture mode", ""},
		{"capture empty", func(c *Config) { c.CaptureContent = "" }, "CaptureContent", "is not a capture mode", ""},
		{"sample zero", func(c *Config) { c.SampleRate = 0 }, "", "", ""},
		{"sample negative", func(c *Config) { c.SampleRate = -0.1 }, "SampleRate", "is out of range", "use a value from 0 to 1"},
		{"sample high", func(c *Config) { c.SampleRate = 1.0001 }, "SampleRate", "is out of range", ""},
		{"sample NaN", func(c *Config) { c.SampleRate = math.NaN() }, "SampleRate", "is not a number", ""},
		{"sample Inf", func(c *Config) { c.SampleRate = math.Inf(1) }, "SampleRate", "is out of range", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.change(&c)
			err := c.Validate()
			if tt.field == "" {
				assert.NoError(t, err)
				return
			}
			ps := problems(t, err)
			require.Len(t, ps, 1, err.Error())
			assert.Equal(t, tt.field, ps[0].Field)
			assert.Equal(t, tt.reason, ps[0].Reason)
			if tt.fix != "" {
				assert.Equal(t, tt.fix, ps[0].Fix)
			}
			assert.NotEmpty(t, ps[0].Fix)
			if tt.reason == "not set" {
				assert.Empty(t, ps[0].Value)
				assert.Empty(t, ps[0].Source)
			} else {
				assert.NotEmpty(t, ps[0].Value)
				assert.Equal(t, "code", ps[0].Source, "a value changed by hand comes from code")
			}
		})
	}
}

func TestValidateAllProblemsAtOnce(t *testing.T) {
	err := Config{}.Validate()
	ps := problems(t, err)
	var fieldsSeen []string
	for _, p := range ps {
		fieldsSeen = append(fieldsSeen, p.Field)
	}
	assert.Equal(t, []string{"APIKey", "Project", "Environment", "Endpoint", "Timeout", "BatchSize", "BatchMaxBytes",
		"TraceMaxAge", "QueueSize", "MaxBufferBytes", "MaxAttributeBytes", "MaxContentBytes", "Compression", "CompressionLevel", "CaptureContent", "RedactMode"}, fieldsSeen)
	assert.Contains(t, err.Error(), "noveum config: 16 problems:\n  APIKey: not set: ")
	assert.Contains(t, err.Error(), "\n  Timeout: 0s (from code) is out of range: use a duration from 100ms to 5m\n")
}

func TestValidateProvenance(t *testing.T) {
	t.Run("default changed by hand is code", func(t *testing.T) {
		c := Default()
		c.BatchSize = 5000
		assert.Equal(t, "default", c.sourceOf(fTimeout))
		assert.Equal(t, "code", c.sourceOf(fBatchSize))
		assert.ErrorContains(t, c.Validate(), "BatchSize: 5000 (from code) is out of range: use a value from 1 to 1000")
	})
	t.Run("option", func(t *testing.T) {
		c, err := load(env(nil), t.TempDir(), local, WithBatchSize(5000))
		assert.ErrorContains(t, err, "BatchSize: 5000 (from option) is out of range")
		assert.ErrorContains(t, c.Validate(), "BatchSize: 5000 (from option) is out of range", "Validate on the loaded config keeps the source")
	})
	t.Run("an option that changes a field without marking it is code", func(t *testing.T) {
		_, err := load(env(nil), t.TempDir(), local, optionFunc(func(c *Config) { c.BatchSize = 5000 }))
		assert.ErrorContains(t, err, "BatchSize: 5000 (from code) is out of range")
	})
	t.Run("env value changed after loading is code", func(t *testing.T) {
		c, err := load(env(map[string]string{"NOVEUM_BATCH_SIZE": "10"}), t.TempDir(), local)
		require.NoError(t, err)
		assert.Equal(t, "env NOVEUM_BATCH_SIZE", c.sourceOf(fBatchSize))
		c.BatchSize = 0
		assert.ErrorContains(t, c.Validate(), "BatchSize: 0 (from code) is out of range")
	})
	t.Run("api key changed after loading is code", func(t *testing.T) {
		c, err := load(env(map[string]string{"NOVEUM_API_KEY": "nv_a"}), t.TempDir())
		require.Error(t, err) // no project
		assert.Equal(t, "env NOVEUM_API_KEY", c.sourceOf(fAPIKey))
		c.APIKey = "nv b"
		ps := problems(t, c.Validate())
		assert.Equal(t, Problem{Field: "APIKey", Source: "code", Value: "[redacted]",
			Reason: "contains spaces, quotes or control characters", Fix: "set the key exactly as issued, without quotes or line breaks"}, ps[0])
	})
}

func TestProblemString(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{Field: "BatchSize", Source: "env NOVEUM_BATCH_SIZE", Value: "5000", Reason: "is out of range", Fix: "use a value from 1 to 1000"},
			"BatchSize: 5000 (from env NOVEUM_BATCH_SIZE) is out of range: use a value from 1 to 1000"},
		{Problem{Field: "APIKey", Reason: "not set", Fix: "set NOVEUM_API_KEY"}, "APIKey: not set: set NOVEUM_API_KEY"},
		{Problem{Field: "BatchSize", Value: "5000", Reason: "is out of range"}, "BatchSize: 5000 is out of range"},
		{Problem{Source: "file a.yaml", Value: `"x"`, Reason: "is not a known key", Fix: "remove it"}, `file a.yaml: "x" is not a known key: remove it`},
		{Problem{Source: "file a.yaml", Reason: "cannot be read"}, "file a.yaml: cannot be read"},
		{Problem{Reason: "odd"}, "config: odd"},
	} {
		assert.Equal(t, tt.want, tt.p.String())
	}
}

func TestValidationErrorError(t *testing.T) {
	one := Problem{Field: "A", Reason: "r1"}
	two := Problem{Field: "B", Reason: "r2", Fix: "f2"}
	assert.Equal(t, "noveum config: A: r1", (&ValidationError{Problems: []Problem{one}}).Error())
	assert.Equal(t, "noveum config: 2 problems:\n  A: r1\n  B: r2: f2", (&ValidationError{Problems: []Problem{one, two}}).Error())
	assert.Equal(t, "noveum config: invalid configuration", (&ValidationError{}).Error())

	var err error = &ValidationError{Problems: []Problem{one}}
	wrapped := errors.Join(errors.New("init"), err)
	var ve *ValidationError
	require.True(t, errors.As(wrapped, &ve))
	assert.Equal(t, "A", ve.Problems[0].Field)
}
