package config

import (
	"maps"
	"strings"
	"time"
)

// Option changes a Config. Options passed to Load are applied after the
// config file and the environment, so they override both. A nil Option is
// ignored. Options are made by the With functions of this package.
type Option interface {
	apply(*Config)
}

// optionFunc makes a function an Option.
type optionFunc func(*Config)

func (f optionFunc) apply(c *Config) { f(c) }

// With returns a copy of c with opts applied in order, nil ones ignored.
// The values they set are reported as coming from an option in error
// messages, as they are when the options are passed to Load. It does not
// validate the result: call Validate.
func (c Config) With(opts ...Option) Config {
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&c)
		}
	}
	return c
}

// WithAPIKey sets the API key; it overrides NOVEUM_API_KEY and api_key in a
// config file.
func WithAPIKey(key string) Option {
	return optionFunc(func(c *Config) { c.APIKey = key; c.mark(fAPIKey, sourceOption) })
}

// WithProject sets the Noveum project; it overrides NOVEUM_PROJECT and
// project in a config file.
func WithProject(name string) Option {
	return optionFunc(func(c *Config) { c.Project = name; c.mark(fProject, sourceOption) })
}

// WithEnvironment sets the deployment environment, such as "production"; it
// overrides NOVEUM_ENVIRONMENT and environment in a config file.
func WithEnvironment(name string) Option {
	return optionFunc(func(c *Config) { c.Environment = name; c.mark(fEnvironment, sourceOption) })
}

// WithEndpoint sets the base URL of the Noveum API; it overrides
// NOVEUM_ENDPOINT and endpoint in a config file.
func WithEndpoint(url string) Option {
	return optionFunc(func(c *Config) { c.Endpoint = url; c.mark(fEndpoint, sourceOption) })
}

// WithServiceVersion sets the version of the instrumented application; it
// overrides NOVEUM_SERVICE_VERSION and service_version in a config file.
func WithServiceVersion(version string) Option {
	return optionFunc(func(c *Config) { c.ServiceVersion = version; c.mark(fServiceVersion, sourceOption) })
}

// WithTimeout sets the limit on one HTTP request; it overrides
// NOVEUM_TIMEOUT and timeout in a config file.
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(c *Config) { c.Timeout = d; c.mark(fTimeout, sourceOption) })
}

// WithBatchSize sets the most traces sent in one request; it overrides
// NOVEUM_BATCH_SIZE and batch_size in a config file.
func WithBatchSize(n int) Option {
	return optionFunc(func(c *Config) { c.BatchSize = n; c.mark(fBatchSize, sourceOption) })
}

// WithBatchMaxBytes sets the bound on one uncompressed request body; it
// overrides NOVEUM_BATCH_MAX_BYTES and batch_max_bytes in a config file.
func WithBatchMaxBytes(n int) Option {
	return optionFunc(func(c *Config) { c.BatchMaxBytes = n; c.mark(fBatchMaxBytes, sourceOption) })
}

// WithBatchDelay sets how long complete traces may wait to fill a request;
// it overrides NOVEUM_BATCH_DELAY and batch_delay in a config file.
func WithBatchDelay(d time.Duration) Option {
	return optionFunc(func(c *Config) { c.BatchDelay = d; c.mark(fBatchDelay, sourceOption) })
}

// WithTraceGrace sets how long to wait for late spans after a trace's local
// root ends; it overrides NOVEUM_TRACE_GRACE and trace_grace in a config
// file.
func WithTraceGrace(d time.Duration) Option {
	return optionFunc(func(c *Config) { c.TraceGrace = d; c.mark(fTraceGrace, sourceOption) })
}

// WithTraceMaxAge sets when a trace whose root never ends is sent anyway; it
// overrides NOVEUM_TRACE_MAX_AGE and trace_max_age in a config file.
func WithTraceMaxAge(d time.Duration) Option {
	return optionFunc(func(c *Config) { c.TraceMaxAge = d; c.mark(fTraceMaxAge, sourceOption) })
}

// WithQueueSize sets how many ended spans may wait for the exporter; it
// overrides NOVEUM_QUEUE_SIZE and queue_size in a config file.
func WithQueueSize(n int) Option {
	return optionFunc(func(c *Config) { c.QueueSize = n; c.mark(fQueueSize, sourceOption) })
}

// WithBlocking makes OnEnd wait for room instead of dropping a span when
// the queue or the memory budget is full; it overrides NOVEUM_BLOCKING and
// blocking in a config file.
func WithBlocking(blocking bool) Option {
	return optionFunc(func(c *Config) { c.Blocking = blocking; c.mark(fBlocking, sourceOption) })
}

// WithMaxBufferBytes sets the memory budget for pending and in-flight data;
// it overrides NOVEUM_MAX_BUFFER_BYTES and max_buffer_bytes in a config
// file.
func WithMaxBufferBytes(n int64) Option {
	return optionFunc(func(c *Config) { c.MaxBufferBytes = n; c.mark(fMaxBufferBytes, sourceOption) })
}

// WithMaxAttributeBytes sets the length beyond which string attribute values
// are truncated; it overrides NOVEUM_MAX_ATTRIBUTE_BYTES and
// max_attribute_bytes in a config file.
func WithMaxAttributeBytes(n int) Option {
	return optionFunc(func(c *Config) { c.MaxAttributeBytes = n; c.mark(fMaxAttributeBytes, sourceOption) })
}

// WithMaxContentBytes sets the budget of each captured content attribute,
// within which the llm helpers truncate content keeping its JSON valid; it
// overrides NOVEUM_MAX_CONTENT_BYTES and max_content_bytes in a config file.
func WithMaxContentBytes(n int) Option {
	return optionFunc(func(c *Config) { c.MaxContentBytes = n; c.mark(fMaxContentBytes, sourceOption) })
}

// WithRetryBudget sets the total time spent retrying one request (0 never
// retries); it overrides NOVEUM_RETRY_BUDGET and retry_budget in a config
// file.
func WithRetryBudget(d time.Duration) Option {
	return optionFunc(func(c *Config) { c.RetryBudget = d; c.mark(fRetryBudget, sourceOption) })
}

// WithCompression sets the request body encoding; it overrides
// NOVEUM_COMPRESSION and compression in a config file.
func WithCompression(comp Compression) Option {
	return optionFunc(func(c *Config) { c.Compression = comp; c.mark(fCompression, sourceOption) })
}

// WithCompressionLevel sets the gzip level, 1 (fastest) to 9 (smallest);
// it overrides NOVEUM_COMPRESSION_LEVEL and compression_level in a config
// file.
func WithCompressionLevel(level int) Option {
	return optionFunc(func(c *Config) { c.CompressionLevel = level; c.mark(fCompressionLevel, sourceOption) })
}

// WithCaptureContent sets whether and where message content is recorded; it
// overrides NOVEUM_CAPTURE_CONTENT,
// OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT and capture_content in
// a config file.
func WithCaptureContent(mode CaptureMode) Option {
	return optionFunc(func(c *Config) { c.CaptureContent = mode; c.mark(fCaptureContent, sourceOption) })
}

// WithDefaultCaptureContent makes mode the default capture mode: it
// applies only when neither a config file nor the environment
// (NOVEUM_CAPTURE_CONTENT, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT)
// set one, and an option given after it still wins. noveumtrace.Init uses
// it for its default, SPAN_ONLY: the Noveum product path captures content
// (with the redactor on), while the helpers used on their own keep the
// OpenTelemetry default, NO_CONTENT.
func WithDefaultCaptureContent(mode CaptureMode) Option {
	return optionFunc(func(c *Config) {
		if c.sourceOf(fCaptureContent) == sourceDefault {
			c.CaptureContent = mode
			c.mark(fCaptureContent, sourceDefault)
		}
	})
}

// WithSampleRate sets the fraction of traces kept; it overrides
// NOVEUM_SAMPLE_RATE and sample_rate in a config file.
func WithSampleRate(rate float64) Option {
	return optionFunc(func(c *Config) { c.SampleRate = rate; c.mark(fSampleRate, sourceOption) })
}

// WithDisabled sets whether the SDK is a no-op; it overrides NOVEUM_DISABLED
// and disabled in a config file.
func WithDisabled(disabled bool) Option {
	return optionFunc(func(c *Config) { c.Disabled = disabled; c.mark(fDisabled, sourceOption) })
}

// WithPrices sets the model prices, by model name in USD per million
// tokens; it replaces prices in a config file (there is no environment
// variable). The map is copied, so later changes to it have no effect.
func WithPrices(prices map[string]ModelPrice) Option {
	prices = maps.Clone(prices)
	return optionFunc(func(c *Config) { c.Prices = maps.Clone(prices); c.mark(fPrices, sourceOption) })
}

// WithRedact sets whether the redact processor runs; it overrides
// NOVEUM_REDACT and redact in a config file.
func WithRedact(on bool) Option {
	return optionFunc(func(c *Config) { c.Redact = on; c.mark(fRedact, sourceOption) })
}

// WithRedactMode sets the redaction mode, RedactModeLabel or
// RedactModePseudonym; it overrides NOVEUM_REDACT_MODE and redact_mode in a
// config file.
func WithRedactMode(mode RedactMode) Option {
	return optionFunc(func(c *Config) { c.RedactMode = mode; c.mark(fRedactMode, sourceOption) })
}

// WithRedactKey sets the HMAC key of the pseudonym redaction modes, at
// least MinRedactKeyBytes (16) bytes; it overrides NOVEUM_REDACT_KEY and redact_key in a config file.
// Like the API key, it is never shown.
func WithRedactKey(key string) Option {
	return optionFunc(func(c *Config) { c.RedactKey = key; c.mark(fRedactKey, sourceOption) })
}

// WithRedactIdentity sets what happens to identity attributes (user.id,
// enduser.id, session.id, gen_ai.conversation.id): RedactIdentityKeep or
// RedactIdentityPseudonym (which needs a RedactKey); it overrides
// NOVEUM_REDACT_IDENTITY and redact_identity in a config file.
func WithRedactIdentity(mode RedactIdentityMode) Option {
	return optionFunc(func(c *Config) { c.RedactIdentity = mode; c.mark(fRedactIdentity, sourceOption) })
}

// WithRedactDetectors sets the detectors that run: "all", "none", or names
// from RedactDetectorNames; it overrides NOVEUM_REDACT_DETECTORS and
// redact_detectors in a config file.
func WithRedactDetectors(names ...string) Option {
	v := strings.Join(names, ",")
	return optionFunc(func(c *Config) { c.RedactDetectors = v; c.mark(fRedactDetectors, sourceOption) })
}
