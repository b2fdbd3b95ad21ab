package noveumexporter

import (
	"errors"
	"regexp"
	"strings"
	"time"

	"go.opentelemetry.io/collector/config/configopaque"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/config/configretry"
	"go.opentelemetry.io/collector/exporter/exporterhelper"

	"github.com/Noveum/noveum-trace-go/config"
)

// Config is the noveum exporter's configuration (YAML keys in the
// mapstructure tags). Its Noveum settings mean what the SDK's config
// package says, are checked by the same rules, and default alike; the
// queue and retry sections are the Collector's standard ones.
type Config struct {
	// Endpoint is the Noveum API base URL.
	Endpoint string `mapstructure:"endpoint"`
	// APIKey is the Noveum API key; never printed.
	APIKey configopaque.String `mapstructure:"api_key"`
	// Project and Environment are written on every trace.
	Project     string `mapstructure:"project"`
	Environment string `mapstructure:"environment"`
	// ServiceVersion, when set, overrides the resources' service.version.
	ServiceVersion string `mapstructure:"service_version"`
	// Compression is "none" or "gzip"; CompressionLevel 1 (fastest) to 9.
	Compression      string `mapstructure:"compression"`
	CompressionLevel int    `mapstructure:"compression_level"`
	// Timeout bounds each request.
	Timeout time.Duration `mapstructure:"timeout"`
	// TraceGrace is how long a trace waits after its root span ends for
	// late spans; TraceMaxAge seals a trace whose root never arrives.
	TraceGrace  time.Duration `mapstructure:"trace_grace"`
	TraceMaxAge time.Duration `mapstructure:"trace_max_age"`
	// MaxBufferBytes bounds the memory of the traces being assembled.
	MaxBufferBytes int64 `mapstructure:"max_buffer_bytes"`
	// MaxAttributeBytes bounds every string value written.
	MaxAttributeBytes int `mapstructure:"max_attribute_bytes"`
	// BatchSize (traces), BatchMaxBytes and BatchDelay shape the requests
	// that go into the sending queue.
	BatchSize     int           `mapstructure:"batch_size"`
	BatchMaxBytes int           `mapstructure:"batch_max_bytes"`
	BatchDelay    time.Duration `mapstructure:"batch_delay"`
	// JoinRemoteParents treats a span's parent in another process as
	// local: a trace's spans from several services form one tree, and the
	// trace is sealed trace_grace after its true root (the span without a
	// parent) ends, or at trace_max_age when that root never reaches this
	// Collector. Off
	// (the default), each service's entry span is a root as in the
	// in-process exporter, and a trace is sealed trace_grace after one
	// ends; later spans go out as continuation traces. See docs/collector.md.
	JoinRemoteParents bool `mapstructure:"join_remote_parents"`
	// Redaction configures the redactor applied before encoding.
	Redaction RedactionConfig `mapstructure:"redaction"`

	// QueueConfig is the Collector's sending_queue (with storage: a
	// persistent queue); it holds sealed traces.
	QueueConfig configoptional.Optional[exporterhelper.QueueBatchConfig] `mapstructure:"sending_queue"`
	// RetryConfig is the Collector's retry_on_failure.
	RetryConfig configretry.BackOffConfig `mapstructure:"retry_on_failure"`

	// prevent unkeyed literals
	_ struct{}
}

// RedactionConfig is the redactor's configuration: on by default, as under
// noveumtrace.Init, since spans from every SDK carry personal data.
type RedactionConfig struct {
	// Enabled turns redaction on.
	Enabled bool `mapstructure:"enabled"`
	// Mode is "label" or "pseudonym" (config.RedactModeLabel,
	// config.RedactModePseudonym).
	Mode config.RedactMode `mapstructure:"mode"`
	// Key is the pseudonym key (at least 16 bytes); never printed.
	Key configopaque.String `mapstructure:"key"`
	// Detectors is "all", "none" or a comma-separated list.
	Detectors string `mapstructure:"detectors"`
}

func createDefaultConfig() *Config {
	d := config.Default()
	// The queue holds sealed traces; bound it in bytes, like the assembly
	// (max_buffer_bytes), so the component's memory has a known ceiling.
	queue := exporterhelper.NewDefaultQueueConfig()
	queue.Sizer = exporterhelper.RequestSizerTypeBytes
	queue.QueueSize = defaultQueueBytes
	return &Config{
		Endpoint:          d.Endpoint,
		Environment:       d.Environment,
		Compression:       string(d.Compression),
		CompressionLevel:  d.CompressionLevel,
		Timeout:           d.Timeout,
		TraceGrace:        d.TraceGrace,
		TraceMaxAge:       d.TraceMaxAge,
		MaxBufferBytes:    d.MaxBufferBytes,
		MaxAttributeBytes: d.MaxAttributeBytes,
		BatchSize:         d.BatchSize,
		BatchMaxBytes:     d.BatchMaxBytes,
		BatchDelay:        d.BatchDelay,
		Redaction: RedactionConfig{
			Enabled:   d.Redact,
			Mode:      d.RedactMode,
			Detectors: d.RedactDetectors,
		},
		QueueConfig: configoptional.Some(queue),
		RetryConfig: configretry.NewDefaultBackOffConfig(),
	}
}

// sdkConfig maps the YAML settings onto the SDK's Config.
func (c *Config) sdkConfig() config.Config {
	d := config.Default()
	d.Endpoint = c.Endpoint
	d.APIKey = string(c.APIKey)
	d.Project = c.Project
	d.Environment = c.Environment
	d.ServiceVersion = c.ServiceVersion
	d.Compression = config.Compression(c.Compression)
	d.CompressionLevel = c.CompressionLevel
	d.Timeout = c.Timeout
	d.TraceGrace = c.TraceGrace
	d.TraceMaxAge = c.TraceMaxAge
	d.MaxBufferBytes = c.MaxBufferBytes
	d.MaxAttributeBytes = c.MaxAttributeBytes
	d.BatchSize = c.BatchSize
	d.BatchMaxBytes = c.BatchMaxBytes
	d.BatchDelay = c.BatchDelay
	d.Redact = c.Redaction.Enabled
	d.RedactMode = c.Redaction.Mode
	d.RedactKey = string(c.Redaction.Key)
	d.RedactDetectors = c.Redaction.Detectors
	return d
}

// defaultQueueBytes bounds the sending queue by default: 64 MiB of sealed
// traces (their JSON).
const defaultQueueBytes = 64 << 20

// yamlKeys names the YAML key of each SDK Config field this component sets.
var yamlKeys = map[string]string{
	"APIKey": "api_key", "Project": "project", "Environment": "environment", "Endpoint": "endpoint",
	"ServiceVersion": "service_version", "Compression": "compression", "CompressionLevel": "compression_level",
	"Timeout": "timeout", "TraceGrace": "trace_grace", "TraceMaxAge": "trace_max_age",
	"MaxBufferBytes": "max_buffer_bytes", "MaxAttributeBytes": "max_attribute_bytes",
	"BatchSize": "batch_size", "BatchMaxBytes": "batch_max_bytes", "BatchDelay": "batch_delay",
	"Redact": "redaction::enabled", "RedactMode": "redaction::mode", "RedactKey": "redaction::key",
	"RedactDetectors": "redaction::detectors",
}

// envKeys names the YAML key for each environment variable the SDK's
// messages suggest.
var envKeys = map[string]string{
	"NOVEUM_API_KEY": "api_key", "NOVEUM_PROJECT": "project", "NOVEUM_ENVIRONMENT": "environment",
	"NOVEUM_ENDPOINT": "endpoint", "NOVEUM_SERVICE_VERSION": "service_version", "NOVEUM_COMPRESSION": "compression",
	"NOVEUM_COMPRESSION_LEVEL": "compression_level", "NOVEUM_TIMEOUT": "timeout", "NOVEUM_TRACE_GRACE": "trace_grace",
	"NOVEUM_TRACE_MAX_AGE": "trace_max_age", "NOVEUM_MAX_BUFFER_BYTES": "max_buffer_bytes",
	"NOVEUM_MAX_ATTRIBUTE_BYTES": "max_attribute_bytes", "NOVEUM_BATCH_SIZE": "batch_size",
	"NOVEUM_BATCH_MAX_BYTES": "batch_max_bytes", "NOVEUM_BATCH_DELAY": "batch_delay", "NOVEUM_REDACT": "redaction::enabled",
	"NOVEUM_REDACT_MODE": "redaction::mode", "NOVEUM_REDACT_KEY": "redaction::key", "NOVEUM_REDACT_DETECTORS": "redaction::detectors",
}

var (
	// "NOVEUM_API_KEY or use WithAPIKey": an environment variable, and
	// maybe the Go option, as the SDK's fixes name them.
	envPattern = regexp.MustCompile(`NOVEUM_[A-Z_]+( or use With[A-Za-z]+)?`)
	// Go field names, as the SDK's reasons name them.
	fieldPattern = regexp.MustCompile(`\b(APIKey|Project|Environment|Endpoint|ServiceVersion|CompressionLevel|Compression|Timeout|TraceGrace|TraceMaxAge|MaxBufferBytes|MaxAttributeBytes|BatchSize|BatchMaxBytes|BatchDelay|RedactMode|RedactKey|RedactDetectors|Redact)\b`)
	// "use WithRedactKey with": a Go option standing alone.
	optionPattern = regexp.MustCompile(`use With[A-Za-z]+ `)
)

// Validate checks the Noveum settings with the SDK's rules and messages,
// naming YAML keys: for example
//
//	api_key: not set: set api_key (not needed for a local endpoint such as http://127.0.0.1:4319/api)
//
// The Collector prefixes the component, as in "exporters::noveum: ...".
func (c *Config) Validate() error {
	err := c.sdkConfig().Validate()
	var ve *config.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	errs := make([]error, 0, len(ve.Problems))
	for _, p := range ve.Problems {
		errs = append(errs, errors.New(yamlProblem(p)))
	}
	return errors.Join(errs...)
}

// yamlProblem renders an SDK problem in YAML terms: the key, the bad value
// (the SDK shows secrets as [redacted]), the reason and the fix.
func yamlProblem(p config.Problem) string {
	key := p.Field
	for field, k := range yamlKeys {
		if p.Field == field || strings.HasPrefix(p.Field, field+"[") {
			key = k + strings.TrimPrefix(p.Field, field)
		}
	}
	var b strings.Builder
	b.WriteString(key + ": ")
	if p.Value != "" {
		b.WriteString(p.Value + " ")
	}
	b.WriteString(yamlText(p.Reason))
	if p.Fix != "" {
		b.WriteString(": " + yamlText(p.Fix))
	}
	return b.String()
}

// yamlText replaces the environment variables, Go options and Go field
// names in an SDK message by YAML keys.
func yamlText(s string) string {
	s = envPattern.ReplaceAllStringFunc(s, func(m string) string {
		env := m
		if i := strings.IndexByte(m, ' '); i >= 0 {
			env = m[:i]
		}
		if k, ok := envKeys[env]; ok {
			return k
		}
		return "the exporter's settings"
	})
	s = optionPattern.ReplaceAllString(s, "set it ")
	return fieldPattern.ReplaceAllStringFunc(s, func(m string) string { return yamlKeys[m] })
}
