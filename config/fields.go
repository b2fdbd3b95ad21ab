package config

import (
	"github.com/Noveum/noveum-trace-go/internal/envvalue"

	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Indexes into fields and Config.origins, in struct order.
const (
	fAPIKey = iota
	fProject
	fEnvironment
	fEndpoint
	fServiceVersion
	fTimeout
	fBatchSize
	fBatchMaxBytes
	fBatchDelay
	fTraceGrace
	fTraceMaxAge
	fQueueSize
	fMaxBufferBytes
	fBlocking
	fMaxAttributeBytes
	fMaxContentBytes
	fRetryBudget
	fCompression
	fCompressionLevel
	fCaptureContent
	fSampleRate
	fDisabled
	fPrices
	fRedact
	fRedactMode
	fRedactKey
	fRedactDetectors
	fRedactIdentity
	numFields
)

// Sources recorded in origins and reported in Problem.Source.
const (
	sourceDefault = "default"
	sourceOption  = "option"
	sourceCode    = "code"
	redacted      = "[redacted]"
)

// parseCapture reads a capture mode (any case) or a boolean, true meaning
// CaptureSpanOnly.
func parseCapture(s string) (CaptureMode, bool) {
	if b, ok := envvalue.ParseBool(s); ok {
		if b {
			return CaptureSpanOnly, true
		}
		return CaptureNone, true
	}
	if m := CaptureMode(strings.ToUpper(strings.TrimSpace(s))); m.Valid() {
		return m, true
	}
	return "", false
}

// reasonNotSet marks a required field left empty.
const reasonNotSet = "not set"

// origin says where a field's value came from. fingerprint is the value as
// it was then, so a field changed afterwards by hand is reported as "code".
type origin struct {
	source      string
	fingerprint string
}

// badValue is why a value was refused and what to do instead.
type badValue struct {
	reason string
	fix    string
}

// field describes one Config field: its names in each source, how to parse
// it from text (env or file), how to show it, and its rule.
type field struct {
	name   string   // Go field name
	key    string   // file key
	envs   []string // env vars, highest precedence first; none for file-only fields
	secret bool     // never shown
	// secretValue returns a secret field's value, for fingerprints only.
	secretValue func(c *Config) string
	parse       func(c *Config, s string) *badValue
	show        func(c *Config) string // for messages; quoted when text
	check       func(c *Config) *badValue

	// For a field whose file value is a mapping (Prices), in place of
	// parse and check: parseFile reads the value, all or nothing, and
	// checkEach reports each bad entry under its own name; digest stands
	// in for show in fingerprints, since show only summarises.
	parseFile func(c *Config, v fileValue, source string) []Problem
	checkEach func(c *Config) []entryProblem
	digest    func(c *Config) string
}

// entryProblem is a bad entry of a mapping field: suffix extends the field
// name, as in Prices["gpt-x"].Input.
type entryProblem struct {
	suffix string
	value  string
	bad    *badValue
}

// The range of MaxContentBytes, which MaxContentBytesFromEnv also applies.
const minContentBytes, maxContentBytes = 1 << 10, 64 << 20

// fields is indexed by the f* constants.
var fields = [numFields]field{
	fAPIKey: {
		name: "APIKey", key: "api_key", envs: []string{"NOVEUM_API_KEY"}, secret: true,
		secretValue: func(c *Config) string { return c.APIKey },
		parse:       func(c *Config, s string) *badValue { c.APIKey = s; return nil },
		show: func(c *Config) string {
			if c.APIKey == "" {
				return `""`
			}
			return redacted
		},
		check: checkAPIKey,
	},
	fProject: {
		name: "Project", key: "project", envs: []string{"NOVEUM_PROJECT"},
		parse: func(c *Config, s string) *badValue { c.Project = s; return nil },
		show:  func(c *Config) string { return strconv.Quote(c.Project) },
		check: checkProject,
	},
	fEnvironment: {
		name: "Environment", key: "environment", envs: []string{"NOVEUM_ENVIRONMENT"},
		parse: func(c *Config, s string) *badValue { c.Environment = s; return nil },
		show:  func(c *Config) string { return strconv.Quote(c.Environment) },
		check: func(c *Config) *badValue {
			if strings.TrimSpace(c.Environment) == "" {
				return &badValue{"is empty", `set a name such as "production" (the default is "development")`}
			}
			return nil
		},
	},
	fEndpoint: {
		name: "Endpoint", key: "endpoint", envs: []string{"NOVEUM_ENDPOINT"},
		parse: func(c *Config, s string) *badValue { c.Endpoint = s; return nil },
		show:  func(c *Config) string { return strconv.Quote(redactURL(c.Endpoint)) },
		check: checkEndpoint,
	},
	fServiceVersion: {
		name: "ServiceVersion", key: "service_version", envs: []string{"NOVEUM_SERVICE_VERSION"},
		parse: func(c *Config, s string) *badValue { c.ServiceVersion = s; return nil },
		show:  func(c *Config) string { return strconv.Quote(c.ServiceVersion) },
	},
	fTimeout:        durationField("NOVEUM_TIMEOUT", func(c *Config) *time.Duration { return &c.Timeout }, 100*time.Millisecond, 5*time.Minute),
	fBatchSize:      intField("NOVEUM_BATCH_SIZE", func(c *Config) *int { return &c.BatchSize }, 1, 1000),
	fBatchMaxBytes:  sizeField("NOVEUM_BATCH_MAX_BYTES", func(c *Config) *int { return &c.BatchMaxBytes }, 64<<10, 64<<20),
	fBatchDelay:     durationField("NOVEUM_BATCH_DELAY", func(c *Config) *time.Duration { return &c.BatchDelay }, 0, time.Minute),
	fTraceGrace:     durationField("NOVEUM_TRACE_GRACE", func(c *Config) *time.Duration { return &c.TraceGrace }, 0, time.Minute),
	fTraceMaxAge:    durationField("NOVEUM_TRACE_MAX_AGE", func(c *Config) *time.Duration { return &c.TraceMaxAge }, time.Second, 24*time.Hour),
	fQueueSize:      intField("NOVEUM_QUEUE_SIZE", func(c *Config) *int { return &c.QueueSize }, 1, 1_000_000),
	fMaxBufferBytes: sizeField("NOVEUM_MAX_BUFFER_BYTES", func(c *Config) *int64 { return &c.MaxBufferBytes }, 1<<20, 16<<30),
	fBlocking: {
		name: "Blocking", key: "blocking", envs: []string{"NOVEUM_BLOCKING"},
		parse: func(c *Config, s string) *badValue {
			b, ok := envvalue.ParseBool(s)
			if !ok {
				return &badValue{"is not a boolean", "use true or false (also 1/0, yes/no, on/off)"}
			}
			c.Blocking = b
			return nil
		},
		show: func(c *Config) string { return strconv.FormatBool(c.Blocking) },
	},
	fMaxAttributeBytes: sizeField("NOVEUM_MAX_ATTRIBUTE_BYTES", func(c *Config) *int { return &c.MaxAttributeBytes }, 1<<10, 64<<20),
	fRetryBudget:       durationField("NOVEUM_RETRY_BUDGET", func(c *Config) *time.Duration { return &c.RetryBudget }, 0, time.Hour),
	fCompression: {
		name: "Compression", key: "compression", envs: []string{"NOVEUM_COMPRESSION"},
		parse: func(c *Config, s string) *badValue {
			v := Compression(strings.ToLower(s))
			if v != CompressionNone && v != CompressionGzip {
				return badCompression
			}
			c.Compression = v
			return nil
		},
		show: func(c *Config) string { return strconv.Quote(string(c.Compression)) },
		check: func(c *Config) *badValue {
			if c.Compression != CompressionNone && c.Compression != CompressionGzip {
				return badCompression
			}
			return nil
		},
	},
	fMaxContentBytes: func() field {
		f := sizeField("NOVEUM_MAX_CONTENT_BYTES", func(c *Config) *int { return &c.MaxContentBytes }, minContentBytes, maxContentBytes)
		inRange := f.check
		f.check = func(c *Config) *badValue {
			if bad := inRange(c); bad != nil {
				return bad
			}
			// The default budget yields to a smaller MaxAttributeBytes (the
			// effective budget is the smaller of the two); another value
			// must fit.
			if c.MaxContentBytes == DefaultMaxContentBytes {
				return nil
			}
			if attr := c.MaxAttributeBytes; attr >= 1<<10 && attr <= 64<<20 && c.MaxContentBytes > attr {
				return &badValue{"is more than MaxAttributeBytes (" + formatSize(int64(c.MaxAttributeBytes)) + ")",
					"lower it, or raise MaxAttributeBytes, which would otherwise cut captured JSON as plain text"}
			}
			return nil
		}
		return f
	}(),
	fCompressionLevel: intField("NOVEUM_COMPRESSION_LEVEL", func(c *Config) *int { return &c.CompressionLevel }, 1, 9),
	fCaptureContent: {
		name: "CaptureContent", key: "capture_content",
		envs: []string{"NOVEUM_CAPTURE_CONTENT", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"},
		parse: func(c *Config, s string) *badValue {
			m, ok := parseCapture(s)
			if !ok {
				return badCaptureMode
			}
			c.CaptureContent = m
			return nil
		},
		show: func(c *Config) string { return strconv.Quote(string(c.CaptureContent)) },
		check: func(c *Config) *badValue {
			if c.CaptureContent.Valid() {
				return nil
			}
			return badCaptureMode
		},
	},
	fSampleRate: {
		name: "SampleRate", key: "sample_rate", envs: []string{"NOVEUM_SAMPLE_RATE"},
		parse: func(c *Config, s string) *badValue {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return &badValue{"is not a number", "use a number from 0 to 1, such as 0.25"}
			}
			c.SampleRate = f
			return nil
		},
		show: func(c *Config) string { return strconv.FormatFloat(c.SampleRate, 'g', -1, 64) },
		check: func(c *Config) *badValue {
			if math.IsNaN(c.SampleRate) {
				return &badValue{"is not a number", "use a number from 0 to 1, such as 0.25"}
			}
			if c.SampleRate < 0 || c.SampleRate > 1 {
				return &badValue{"is out of range", "use a value from 0 to 1"}
			}
			return nil
		},
	},
	fDisabled: {
		name: "Disabled", key: "disabled", envs: []string{"NOVEUM_DISABLED"},
		parse: func(c *Config, s string) *badValue {
			b, ok := envvalue.ParseBool(s)
			if !ok {
				return &badValue{"is not a boolean", "use true or false (also 1/0, yes/no, on/off)"}
			}
			c.Disabled = b
			return nil
		},
		show: func(c *Config) string { return strconv.FormatBool(c.Disabled) },
	},
	fPrices: {
		name: "Prices", key: "prices",
		show:      showPrices,
		parseFile: parsePrices,
		checkEach: checkPrices,
		digest:    digestPrices,
	},
	fRedact: {
		name: "Redact", key: "redact", envs: []string{"NOVEUM_REDACT"},
		parse: func(c *Config, s string) *badValue {
			b, ok := envvalue.ParseBool(s)
			if !ok {
				return &badValue{"is not a boolean", "use true or false (also 1/0, yes/no, on/off)"}
			}
			c.Redact = b
			return nil
		},
		show: func(c *Config) string { return strconv.FormatBool(c.Redact) },
	},
	fRedactMode: {
		name: "RedactMode", key: "redact_mode", envs: []string{"NOVEUM_REDACT_MODE"},
		parse: func(c *Config, s string) *badValue { c.RedactMode = RedactMode(strings.ToLower(s)); return nil },
		show:  func(c *Config) string { return strconv.Quote(string(c.RedactMode)) },
		check: func(c *Config) *badValue {
			if c.RedactMode != RedactModeLabel && c.RedactMode != RedactModePseudonym {
				return &badValue{"is not a redaction mode", `use "label" or "pseudonym"`}
			}
			return nil
		},
	},
	fRedactKey: {
		name: "RedactKey", key: "redact_key", envs: []string{"NOVEUM_REDACT_KEY"}, secret: true,
		secretValue: func(c *Config) string { return c.RedactKey },
		parse:       func(c *Config, s string) *badValue { c.RedactKey = s; return nil },
		show: func(c *Config) string {
			if c.RedactKey == "" {
				return `""`
			}
			return redacted
		},
		check: checkRedactKey,
	},
	fRedactDetectors: {
		name: "RedactDetectors", key: "redact_detectors", envs: []string{"NOVEUM_REDACT_DETECTORS"},
		parse: func(c *Config, s string) *badValue { c.RedactDetectors = s; return nil },
		show:  func(c *Config) string { return strconv.Quote(c.RedactDetectors) },
		check: func(c *Config) *badValue {
			if _, ok := ParseRedactDetectors(c.RedactDetectors); !ok {
				if strings.Trim(c.RedactDetectors, ", \t\r\n") == "" {
					return &badValue{"names no detector", `use "none" to run no detector, "all" for every one, or a comma-separated list of ` + strings.Join(RedactDetectorNames, ", ")}
				}
				return &badValue{"names an unknown detector", `use "all", "none" or a comma-separated list of ` + strings.Join(RedactDetectorNames, ", ")}
			}
			return nil
		},
	},
	fRedactIdentity: {
		name: "RedactIdentity", key: "redact_identity", envs: []string{"NOVEUM_REDACT_IDENTITY"},
		parse: func(c *Config, s string) *badValue {
			c.RedactIdentity = RedactIdentityMode(strings.ToLower(s))
			return nil
		},
		show: func(c *Config) string { return strconv.Quote(string(c.RedactIdentity)) },
		check: func(c *Config) *badValue {
			// Empty is the default: a Config made before the field existed
			// keeps ids, as it did.
			if c.RedactIdentity != "" && c.RedactIdentity != RedactIdentityKeep && c.RedactIdentity != RedactIdentityPseudonym {
				return &badValue{"is not an identity mode", `use "keep" or "pseudonym"`}
			}
			return nil
		},
	},
}

func checkRedactKey(c *Config) *badValue {
	fix := "set NOVEUM_REDACT_KEY or use WithRedactKey with at least " + strconv.Itoa(MinRedactKeyBytes) + " random bytes, such as the output of: openssl rand -hex 32"
	if c.RedactKey == "" {
		if c.Redact && c.RedactMode == RedactModePseudonym && !c.Disabled {
			return &badValue{reasonNotSet, "RedactMode \"pseudonym\" needs a key: " + fix + `, or set RedactMode to "label"`}
		}
		if c.Redact && c.RedactIdentity == RedactIdentityPseudonym && !c.Disabled {
			return &badValue{reasonNotSet, "RedactIdentity \"pseudonym\" needs a key: " + fix + `, or set RedactIdentity to "keep"`}
		}
		return nil
	}
	if len(c.RedactKey) < MinRedactKeyBytes {
		return &badValue{"is shorter than " + strconv.Itoa(MinRedactKeyBytes) + " bytes", fix}
	}
	return nil
}

// ParseRedactDetectors splits a RedactDetectors value into detector names,
// lower-cased and trimmed: "all" (or blank) gives every name of
// RedactDetectorNames, "none" gives none. It reports false when a name is
// unknown, or when a list names no detector at all ("," or " , "): no
// detectors must be asked for by "none", never reached by accident.
func ParseRedactDetectors(s string) ([]string, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch s {
	case "", "all":
		return append([]string(nil), RedactDetectorNames...), true
	case "none":
		return []string{}, true
	}
	var names []string
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		known := false
		for _, n := range RedactDetectorNames {
			known = known || n == part
		}
		if !known {
			return nil, false
		}
		names = append(names, part)
	}
	if len(names) == 0 {
		return nil, false
	}
	return names, true
}

var (
	badCompression = &badValue{"is not supported", `use "none" or "gzip"`}
	badCaptureMode = &badValue{"is not a capture mode",
		"use NO_CONTENT, SPAN_ONLY, EVENT_ONLY or SPAN_AND_EVENT, or a boolean (true means SPAN_ONLY)"}
)

// keyFor turns an env var name into a file key: NOVEUM_BATCH_SIZE -> batch_size.
func keyFor(env string) string {
	return strings.ToLower(strings.TrimPrefix(env, "NOVEUM_"))
}

// nameFor turns an env var name into a Go field name: NOVEUM_BATCH_SIZE -> BatchSize.
func nameFor(env string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(keyFor(env), "_") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func durationField(env string, p func(*Config) *time.Duration, lo, hi time.Duration) field {
	return field{
		name: nameFor(env), key: keyFor(env), envs: []string{env},
		parse: func(c *Config, s string) *badValue {
			d, err := time.ParseDuration(s)
			if err != nil {
				return &badValue{"is not a duration", `use a Go duration with a unit, such as "10s" or "250ms"`}
			}
			*p(c) = d
			return nil
		},
		show: func(c *Config) string { return p(c).String() },
		check: func(c *Config) *badValue {
			if d := *p(c); d < lo || d > hi {
				return &badValue{"is out of range", "use a duration from " + shortDuration(lo) + " to " + shortDuration(hi)}
			}
			return nil
		},
	}
}

func intField(env string, p func(*Config) *int, lo, hi int) field {
	return field{
		name: nameFor(env), key: keyFor(env), envs: []string{env},
		parse: func(c *Config, s string) *badValue {
			n, err := strconv.Atoi(s)
			if err != nil {
				return &badValue{"is not a whole number", "use a value from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
			}
			*p(c) = n
			return nil
		},
		show: func(c *Config) string { return strconv.Itoa(*p(c)) },
		check: func(c *Config) *badValue {
			if n := *p(c); n < lo || n > hi {
				return &badValue{"is out of range", "use a value from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
			}
			return nil
		},
	}
}

func sizeField[T int | int64](env string, p func(*Config) *T, lo, hi T) field {
	rng := "use a size from " + formatSize(int64(lo)) + " to " + formatSize(int64(hi))
	return field{
		name: nameFor(env), key: keyFor(env), envs: []string{env},
		parse: func(c *Config, s string) *badValue {
			n, ok := envvalue.ParseSize(s)
			if !ok || int64(T(n)) != n {
				return &badValue{"is not a size", `use a whole number of bytes, optionally with a KiB, MiB or GiB suffix ("4194304" or "4MiB"); ` + rng[4:]}
			}
			*p(c) = T(n)
			return nil
		},
		show: func(c *Config) string { return formatSize(int64(*p(c))) },
		check: func(c *Config) *badValue {
			if n := *p(c); n < lo || n > hi {
				return &badValue{"is out of range", rng}
			}
			return nil
		},
	}
}

func checkAPIKey(c *Config) *badValue {
	if c.APIKey == "" {
		if c.IsLocalEndpoint() || c.Disabled {
			return nil
		}
		return &badValue{reasonNotSet, "set NOVEUM_API_KEY or use WithAPIKey (not needed for a local endpoint such as http://127.0.0.1:4319/api)"}
	}
	for _, r := range c.APIKey {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' || r == '\'' || r == '`' || r == '\ufeff' {
			return &badValue{"contains spaces, quotes or control characters", "set the key exactly as issued, without quotes or line breaks"}
		}
	}
	return nil
}

func checkProject(c *Config) *badValue {
	if c.Project == "" && !c.IsLocalEndpoint() && !c.Disabled {
		return &badValue{reasonNotSet, "set NOVEUM_PROJECT or use WithProject (not needed for a local endpoint such as http://127.0.0.1:4319/api)"}
	}
	return nil
}

func checkEndpoint(c *Config) *badValue {
	const fix = "use an absolute URL such as https://api.noveum.ai/api or http://127.0.0.1:4319/api"
	u, err := url.Parse(c.Endpoint)
	switch {
	case err != nil:
		return &badValue{"is not a valid URL", fix}
	case u.Scheme != "http" && u.Scheme != "https":
		return &badValue{"is not an http or https URL", fix}
	case u.Host == "" || u.Hostname() == "":
		return &badValue{"has no host", fix}
	case u.User != nil:
		return &badValue{"contains credentials", "remove them from the URL and set NOVEUM_API_KEY instead"}
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(c.Endpoint, "#"):
		return &badValue{"has a query or fragment", "remove everything from the first ? or #"}
	}
	return nil
}

// mark records that field i's current value came from source.
func (c *Config) mark(i int, source string) {
	c.origins[i] = origin{source: source, fingerprint: fingerprint(c, i)}
}

// sourceOf says where field i's current value came from: the recorded
// source if the value is unchanged since, "code" otherwise.
func (c *Config) sourceOf(i int) string {
	o := c.origins[i]
	if o.source == "" || o.fingerprint != fingerprint(c, i) {
		return sourceCode
	}
	return o.source
}

func fingerprint(c *Config, i int) string {
	switch {
	case fields[i].secret:
		sum := sha256.Sum256([]byte(fields[i].secretValue(c)))
		return hex.EncodeToString(sum[:8])
	case fields[i].digest != nil:
		return fields[i].digest(c)
	}
	return fields[i].show(c)
}

// formatSize shows n in the largest binary unit that divides it exactly.
func formatSize(n int64) string {
	for _, u := range envvalue.SizeUnits {
		if n != 0 && n%u.Scale == 0 {
			return strconv.FormatInt(n/u.Scale, 10) + u.Suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

// shortDuration drops zero trailing units: 5m0s -> 5m, 1h0m0s -> 1h.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// redactURL hides any user information in a URL, which may hold
// credentials. It works on text, so it also covers URLs that do not parse.
func redactURL(s string) string {
	start := 0
	if i := strings.Index(s, "://"); i >= 0 {
		start = i + len("://")
	} else if strings.HasPrefix(s, "//") {
		start = 2
	}
	end := len(s)
	if i := strings.IndexAny(s[start:], "/?#"); i >= 0 {
		end = start + i
	}
	at := strings.LastIndex(s[start:end], "@")
	if at < 0 {
		return s
	}
	return s[:start] + "redacted" + s[start+at:]
}
