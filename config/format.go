package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Everything here shows a Config without its API key: only whether one is
// set. Credentials in the endpoint URL are hidden too.

// secretState shows whether a secret (the API key, the redaction key) is
// set.
func secretState(v string) string {
	if v == "" {
		return "[unset]"
	}
	return "[set]"
}

// apiKeyState shows whether the API key is set.
func (c Config) apiKeyState() string { return secretState(c.APIKey) }

// String shows every field on one line, the API key as "[set]" or "[unset]"
// and Prices as the number of models priced:
//
//	{APIKey:[set] Project:"acme" Environment:"development" ... Disabled:false Prices:[2 models]}
func (c Config) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range fields {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fields[i].name + ":")
		if fields[i].secret {
			b.WriteString(secretState(fields[i].secretValue(&c)))
		} else {
			b.WriteString(fields[i].show(&c))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// GoString shows c as a Go composite literal for %#v, with a set API key
// or redaction key written as "[redacted]". Unlike String it shows every
// price.
func (c Config) GoString() string {
	key, redactKey := "", ""
	if c.APIKey != "" {
		key = redacted
	}
	if c.RedactKey != "" {
		redactKey = redacted
	}
	return fmt.Sprintf("config.Config{APIKey:%q, Project:%q, Environment:%q, Endpoint:%q, ServiceVersion:%q, "+
		"Timeout:%d, BatchSize:%d, BatchMaxBytes:%d, BatchDelay:%d, TraceGrace:%d, TraceMaxAge:%d, "+
		"QueueSize:%d, MaxBufferBytes:%d, Blocking:%t, MaxAttributeBytes:%d, MaxContentBytes:%d, RetryBudget:%d, "+
		"Compression:%q, CompressionLevel:%d, CaptureContent:%q, SampleRate:%#v, Disabled:%t, Prices:%#v, "+
		"Redact:%t, RedactMode:%q, RedactKey:%q, RedactDetectors:%q, RedactIdentity:%q}",
		key, c.Project, c.Environment, redactURL(c.Endpoint), c.ServiceVersion,
		int64(c.Timeout), c.BatchSize, c.BatchMaxBytes, int64(c.BatchDelay), int64(c.TraceGrace), int64(c.TraceMaxAge),
		c.QueueSize, c.MaxBufferBytes, c.Blocking, c.MaxAttributeBytes, c.MaxContentBytes, int64(c.RetryBudget),
		string(c.Compression), c.CompressionLevel, string(c.CaptureContent), c.SampleRate, c.Disabled, c.Prices,
		c.Redact, c.RedactMode, redactKey, c.RedactDetectors, c.RedactIdentity)
}

// Format makes every fmt verb safe: %v, %+v and %s print String, %#v prints
// GoString, %q quotes String, and any other verb prints String in fmt's
// bad-verb form rather than the raw fields.
func (c Config) Format(f fmt.State, verb rune) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			_, _ = io.WriteString(f, c.GoString())
			return
		}
		_, _ = io.WriteString(f, c.String())
	case 's':
		_, _ = io.WriteString(f, c.String())
	case 'q':
		_, _ = io.WriteString(f, strconv.Quote(c.String()))
	default:
		_, _ = fmt.Fprintf(f, "%%!%c(config.Config=%s)", verb, c.String())
	}
}

// LogValue implements slog.LogValuer: a group keyed like the config file,
// with api_key and redact_key "[set]" or "[unset]" and prices as the number of models
// priced.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_key", c.apiKeyState()),
		slog.String("project", c.Project),
		slog.String("environment", c.Environment),
		slog.String("endpoint", redactURL(c.Endpoint)),
		slog.String("service_version", c.ServiceVersion),
		slog.Duration("timeout", c.Timeout),
		slog.Int("batch_size", c.BatchSize),
		slog.Int("batch_max_bytes", c.BatchMaxBytes),
		slog.Duration("batch_delay", c.BatchDelay),
		slog.Duration("trace_grace", c.TraceGrace),
		slog.Duration("trace_max_age", c.TraceMaxAge),
		slog.Int("queue_size", c.QueueSize),
		slog.Int64("max_buffer_bytes", c.MaxBufferBytes),
		slog.Bool("blocking", c.Blocking),
		slog.Int("max_attribute_bytes", c.MaxAttributeBytes),
		slog.Int("max_content_bytes", c.MaxContentBytes),
		slog.Duration("retry_budget", c.RetryBudget),
		slog.String("compression", string(c.Compression)),
		slog.Int("compression_level", c.CompressionLevel),
		slog.String("capture_content", string(c.CaptureContent)),
		slog.Float64("sample_rate", c.SampleRate),
		slog.Bool("disabled", c.Disabled),
		slog.Int("prices", len(c.Prices)),
		slog.Bool("redact", c.Redact),
		slog.String("redact_mode", string(c.RedactMode)),
		slog.String("redact_key", secretState(c.RedactKey)),
		slog.String("redact_detectors", c.RedactDetectors),
		slog.String("redact_identity", string(c.RedactIdentity)),
	)
}

// keyValue is one key of a config file and its value.
type keyValue struct {
	key   string
	value any
}

// fileValues lists c in config-file form, without the API key or the
// redaction key: durations
// as Go duration strings, sizes as integers of bytes, prices (when there
// are any) as a mapping.
func (c Config) fileValues() []keyValue {
	rate := any(c.SampleRate)
	if math.IsNaN(c.SampleRate) || math.IsInf(c.SampleRate, 0) {
		rate = strconv.FormatFloat(c.SampleRate, 'g', -1, 64) // JSON has no NaN or Inf
	}
	dur := func(d time.Duration) string { return d.String() }
	values := []keyValue{
		{"project", c.Project},
		{"environment", c.Environment},
		{"endpoint", redactURL(c.Endpoint)},
		{"service_version", c.ServiceVersion},
		{"timeout", dur(c.Timeout)},
		{"batch_size", c.BatchSize},
		{"batch_max_bytes", c.BatchMaxBytes},
		{"batch_delay", dur(c.BatchDelay)},
		{"trace_grace", dur(c.TraceGrace)},
		{"trace_max_age", dur(c.TraceMaxAge)},
		{"queue_size", c.QueueSize},
		{"max_buffer_bytes", c.MaxBufferBytes},
		{"blocking", c.Blocking},
		{"max_attribute_bytes", c.MaxAttributeBytes},
		{"max_content_bytes", c.MaxContentBytes},
		{"retry_budget", dur(c.RetryBudget)},
		{"compression", string(c.Compression)},
		{"compression_level", c.CompressionLevel},
		{"capture_content", string(c.CaptureContent)},
		{"sample_rate", rate},
		{"disabled", c.Disabled},
		{"redact", c.Redact},
		{"redact_mode", string(c.RedactMode)},
		{"redact_detectors", c.RedactDetectors},
		{"redact_identity", string(c.RedactIdentity)},
	}
	if len(c.Prices) > 0 {
		values = append(values, keyValue{"prices", filePrices(c.Prices)})
	}
	return values
}

// MarshalJSON writes c in the JSON config-file format, leaving out the API
// key and the redaction key, so the output is safe to log and can be loaded back as a config file.
func (c Config) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range c.fileValues() {
		if i > 0 {
			b.WriteByte(',')
		}
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, err
		}
		b.WriteString(strconv.Quote(kv.key) + ":")
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalYAML writes c in the YAML config-file format, leaving out the API
// key and the redaction key, so the output is safe to log and can be loaded back as a config file.
func (c Config) MarshalYAML() (any, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, kv := range c.fileValues() {
		var v yaml.Node
		if err := v.Encode(kv.value); err != nil {
			return nil, err
		}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: kv.key}, &v)
	}
	return m, nil
}
