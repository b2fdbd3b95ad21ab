package config

import (
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// Compression selects how request bodies are encoded on the wire.
type Compression string

// Compression values accepted in Config.Compression.
const (
	// CompressionNone sends request bodies uncompressed.
	CompressionNone Compression = "none"
	// CompressionGzip gzips request bodies and sets Content-Encoding: gzip.
	CompressionGzip Compression = "gzip"
)

// CaptureMode says whether message content (prompts, completions, tool
// arguments) is recorded, and where. The names match the values of the
// OpenTelemetry variable OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT.
//
// It is the one type of the setting, with two defaults by context:
// CaptureNone for Load, Default and the llm and agents helpers used on
// their own (the OpenTelemetry default), CaptureSpanOnly under
// noveumtrace.Init (the Noveum product path, with the redactor on; see
// WithDefaultCaptureContent).
type CaptureMode string

// CaptureMode values accepted in Config.CaptureContent.
const (
	// CaptureNone records no message content. It is the default of Load
	// and of the helpers alone; noveumtrace.Init defaults to
	// CaptureSpanOnly instead.
	CaptureNone CaptureMode = "NO_CONTENT"
	// CaptureSpanOnly records message content as span attributes.
	CaptureSpanOnly CaptureMode = "SPAN_ONLY"
	// CaptureEventOnly records message content as events only.
	CaptureEventOnly CaptureMode = "EVENT_ONLY"
	// CaptureSpanAndEvent records message content as span attributes and as events.
	CaptureSpanAndEvent CaptureMode = "SPAN_AND_EVENT"
)

// ModelPrice is what a model costs, in USD per million tokens. A zero
// CacheRead or CacheWrite means those tokens cost Input, and a zero
// Reasoning means reasoning tokens cost Output.
type ModelPrice struct {
	// Input is the price of input (prompt) tokens.
	Input float64 `yaml:"input" json:"input"`
	// Output is the price of output (completion) tokens.
	Output float64 `yaml:"output" json:"output"`
	// CacheRead is the price of input tokens read from the provider's cache.
	CacheRead float64 `yaml:"cache_read" json:"cache_read"`
	// CacheWrite is the price of input tokens written to the provider's cache.
	CacheWrite float64 `yaml:"cache_write" json:"cache_write"`
	// Reasoning is the price of reasoning output tokens.
	Reasoning float64 `yaml:"reasoning" json:"reasoning"`
}

// Defaults, also listed in doc.go and docs/configuration.md (and
// DefaultMaxContentBytes, in settings.go, which the helpers share).
const (
	defaultEnvironment       = "development"
	defaultEndpoint          = "https://api.noveum.ai/api"
	defaultTimeout           = 10 * time.Second
	defaultBatchSize         = 1000
	defaultBatchMaxBytes     = 4 << 20
	defaultBatchDelay        = 2 * time.Second
	defaultTraceGrace        = 500 * time.Millisecond
	defaultTraceMaxAge       = 5 * time.Minute
	defaultQueueSize         = 8192
	defaultMaxBufferBytes    = 64 << 20
	defaultMaxAttributeBytes = 256 << 10
	defaultRetryBudget       = time.Minute
	defaultSampleRate        = 1.0
	defaultCompressionLevel  = 6
	defaultRedact            = true
	defaultRedactMode        = RedactModeLabel
	defaultRedactDetectors   = "all"
	defaultRedactIdentity    = RedactIdentityKeep
)

// RedactMode says what replaces a redacted value. It is the type of
// Config.RedactMode and of redact.WithMode.
type RedactMode string

// RedactMode values.
const (
	// RedactModeLabel replaces a value with its kind: [REDACTED:EMAIL]. It
	// is the default.
	RedactModeLabel RedactMode = "label"
	// RedactModePseudonym replaces a value with its kind and the first 12
	// lowercase hex digits of HMAC-SHA256(key, value): EMAIL_3f2a9c01b7d4.
	// The same value gives the same pseudonym wherever the same key is
	// used, so it still correlates across spans and traces, and without
	// the key it cannot be reversed or confirmed by guessing. It needs a
	// key (RedactKey, or redact.WithKey).
	RedactModePseudonym RedactMode = "pseudonym"
)

// RedactIdentityMode says what happens to the identity attributes the
// application sets on purpose to tell users and conversations apart
// (user.id, enduser.id, session.id, gen_ai.conversation.id). It is the
// type of Config.RedactIdentity and of redact.WithIdentity.
type RedactIdentityMode string

// RedactIdentityMode values.
const (
	// RedactIdentityKeep leaves the identity attributes as they are, even
	// when an id is an email address, so that two users stay two users. It
	// is the default.
	RedactIdentityKeep RedactIdentityMode = "keep"
	// RedactIdentityPseudonym replaces the whole value of each identity
	// attribute with ID_ and the first 12 lowercase hex digits of
	// HMAC-SHA256(key, value): distinct ids stay distinct and the same id
	// gives the same pseudonym, but the id itself is not stored. It needs
	// a key (RedactKey, or redact.WithKey).
	RedactIdentityPseudonym RedactIdentityMode = "pseudonym"
)

// MinRedactKeyBytes is the shortest pseudonym key accepted, in RedactKey
// and by redact.WithKey.
const MinRedactKeyBytes = 16

// The names of the redact detectors, as RedactDetectors spells them; the
// redact package's Detector constants have these values. What each
// detector finds is documented there.
const (
	RedactDetectorEmail   = "email"
	RedactDetectorPhone   = "phone"
	RedactDetectorCard    = "card"
	RedactDetectorSSN     = "ssn"
	RedactDetectorIPv4    = "ipv4"
	RedactDetectorIPv6    = "ipv6"
	RedactDetectorIBAN    = "iban"
	RedactDetectorSecrets = "secrets"
)

// RedactDetectorNames lists the detector names RedactDetectors accepts,
// besides "all" and "none", in the order "all" runs them.
var RedactDetectorNames = []string{
	RedactDetectorEmail, RedactDetectorPhone, RedactDetectorCard, RedactDetectorSSN,
	RedactDetectorIPv4, RedactDetectorIPv6, RedactDetectorIBAN, RedactDetectorSecrets,
}

// Config is the configuration of the whole SDK. Build one with Default or
// Load and adjust it with Options; check a hand-made one with Validate.
//
// The struct tags name the keys of a config file. APIKey and RedactKey are
// secrets: String, GoString, Format, LogValue, MarshalJSON, MarshalYAML and
// errors never reveal them.
//
// A Config is a plain value that may be read concurrently. Copies are
// independent except for Prices, a map that copies share: clone it
// (maps.Clone) before changing it in one copy only.
type Config struct {
	// APIKey authenticates requests to the Noveum API. Required unless the
	// endpoint is local or Disabled is set.
	APIKey string `yaml:"api_key" json:"api_key"`
	// Project names the Noveum project traces belong to. Required unless the
	// endpoint is local or Disabled is set.
	Project string `yaml:"project" json:"project"`
	// Environment names the deployment, such as "production".
	Environment string `yaml:"environment" json:"environment"`
	// Endpoint is the base URL of the Noveum API; see TracesURL.
	Endpoint string `yaml:"endpoint" json:"endpoint"`
	// ServiceVersion is the version of the instrumented application.
	ServiceVersion string `yaml:"service_version" json:"service_version"`
	// Timeout bounds one HTTP request to the API.
	Timeout time.Duration `yaml:"timeout" json:"timeout"`
	// BatchSize is the most traces sent in one request.
	BatchSize int `yaml:"batch_size" json:"batch_size"`
	// BatchMaxBytes bounds the uncompressed body of one request.
	BatchMaxBytes int `yaml:"batch_max_bytes" json:"batch_max_bytes"`
	// BatchDelay is how long complete traces may wait to fill a request.
	BatchDelay time.Duration `yaml:"batch_delay" json:"batch_delay"`
	// TraceGrace is how long to wait for late spans after a trace's local
	// root span ends.
	TraceGrace time.Duration `yaml:"trace_grace" json:"trace_grace"`
	// TraceMaxAge forces out a trace whose root span never ends.
	TraceMaxAge time.Duration `yaml:"trace_max_age" json:"trace_max_age"`
	// QueueSize is how many ended spans may wait for the exporter goroutine.
	QueueSize int `yaml:"queue_size" json:"queue_size"`
	// MaxBufferBytes is the memory budget for pending and in-flight data.
	MaxBufferBytes int64 `yaml:"max_buffer_bytes" json:"max_buffer_bytes"`
	// Blocking makes the exporter's OnEnd wait for room when the queue or
	// the memory budget is full, instead of dropping the span: for batch
	// jobs that must not lose a span, at the cost of slowing the
	// application down to the endpoint's pace. Off by default: OnEnd never
	// blocks.
	Blocking bool `yaml:"blocking" json:"blocking"`
	// MaxAttributeBytes truncates longer string attribute values.
	MaxAttributeBytes int `yaml:"max_attribute_bytes" json:"max_attribute_bytes"`
	// MaxContentBytes is the budget of each captured content attribute
	// (the JSON of the input messages, of the output messages, ...): longer
	// content is truncated by the llm helpers so that its JSON stays valid.
	// Set to another value than its default, it may not exceed
	// MaxAttributeBytes, which cuts values as plain text; at its default,
	// the smaller of the two applies.
	MaxContentBytes int `yaml:"max_content_bytes" json:"max_content_bytes"`
	// RetryBudget is the total time spent retrying one request; 0 never retries.
	RetryBudget time.Duration `yaml:"retry_budget" json:"retry_budget"`
	// Compression selects the request body encoding.
	Compression Compression `yaml:"compression" json:"compression"`
	// CompressionLevel is the gzip level, 1 (fastest) to 9 (smallest).
	CompressionLevel int `yaml:"compression_level" json:"compression_level"`
	// CaptureContent says whether and where message content is recorded.
	CaptureContent CaptureMode `yaml:"capture_content" json:"capture_content"`
	// SampleRate is the fraction of traces kept, from 0 to 1.
	SampleRate float64 `yaml:"sample_rate" json:"sample_rate"`
	// Disabled turns the SDK into a no-op: nothing is recorded or sent.
	Disabled bool `yaml:"disabled" json:"disabled"`
	// Prices adds or overrides model prices for cost, by model name. It is
	// set from the prices mapping of a config file or with WithPrices;
	// there is no environment variable. The default is none: the
	// built-in price table alone.
	Prices map[string]ModelPrice `yaml:"prices" json:"prices"`
	// Redact turns on the redact processor: personal data and secrets are
	// removed from spans before they reach the exporter.
	Redact bool `yaml:"redact" json:"redact"`
	// RedactMode is what replaces a redacted value: "label"
	// ([REDACTED:EMAIL]) or "pseudonym" (EMAIL_<12 hex of an HMAC>, which
	// needs RedactKey).
	RedactMode RedactMode `yaml:"redact_mode" json:"redact_mode"`
	// RedactKey is the HMAC key of the pseudonym modes, at least
	// MinRedactKeyBytes (16) bytes.
	// It is a secret, never shown, like APIKey.
	RedactKey string `yaml:"redact_key" json:"redact_key"`
	// RedactDetectors names the detectors that run, comma-separated: "all",
	// "none", or names from RedactDetectorNames.
	RedactDetectors string `yaml:"redact_detectors" json:"redact_detectors"`
	// RedactIdentity is what happens to the identity attributes the
	// application sets on purpose (user.id, enduser.id, session.id,
	// gen_ai.conversation.id): "keep" (the default; they are never
	// redacted, so distinct users stay distinct) or "pseudonym" (ID_<12 hex
	// of an HMAC>, which needs RedactKey).
	RedactIdentity RedactIdentityMode `yaml:"redact_identity" json:"redact_identity"`

	// origins records where each field's value came from. Error messages
	// name it (Problem.Source: "from env NOVEUM_BATCH_SIZE"), and
	// WithDefaultCaptureContent asks whether anything set CaptureContent.
	origins [numFields]origin
}

// Default returns a Config holding every default. It has no APIKey or
// Project, so it is valid only with a local endpoint or Disabled set.
func Default() Config {
	c := Config{
		Environment:       defaultEnvironment,
		Endpoint:          defaultEndpoint,
		Timeout:           defaultTimeout,
		BatchSize:         defaultBatchSize,
		BatchMaxBytes:     defaultBatchMaxBytes,
		BatchDelay:        defaultBatchDelay,
		TraceGrace:        defaultTraceGrace,
		TraceMaxAge:       defaultTraceMaxAge,
		QueueSize:         defaultQueueSize,
		MaxBufferBytes:    defaultMaxBufferBytes,
		MaxAttributeBytes: defaultMaxAttributeBytes,
		MaxContentBytes:   DefaultMaxContentBytes,
		RetryBudget:       defaultRetryBudget,
		Compression:       CompressionNone,
		CompressionLevel:  defaultCompressionLevel,
		CaptureContent:    CaptureNone,
		SampleRate:        defaultSampleRate,
		Redact:            defaultRedact,
		RedactMode:        defaultRedactMode,
		RedactDetectors:   defaultRedactDetectors,
		RedactIdentity:    defaultRedactIdentity,
	}
	for i := range numFields {
		c.mark(i, sourceDefault)
	}
	return c
}

// IsLocalEndpoint reports whether Endpoint points at this machine: its host
// is "localhost" or a loopback address (127.0.0.0/8, ::1). A local endpoint,
// such as noveum-local, needs no APIKey or Project.
func (c Config) IsLocalEndpoint() bool {
	u, err := url.Parse(c.Endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// TracesURL returns the URL traces are POSTed to: Endpoint with one trailing
// "/" removed and "/v1/traces" appended, so "https://x/api" and
// "https://x/api/" both give "https://x/api/v1/traces".
func (c Config) TracesURL() string {
	return strings.TrimSuffix(c.Endpoint, "/") + "/v1/traces"
}
