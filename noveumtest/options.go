package noveumtest

// DefaultMaxBodyBytes is the body size limit used unless WithMaxBodyBytes
// says otherwise.
const DefaultMaxBodyBytes int64 = 10 << 20

// config holds what the options set; the zero value is never used directly,
// newConfig applies the defaults first.
type config struct {
	apiKey       string // "" accepts any bearer token, or none
	maxBodyBytes int64
	goProfile    bool // validate against the Go SDK's profile, and its User-Agent
}

func newConfig(opts []Option) config {
	c := config{maxBodyBytes: DefaultMaxBodyBytes}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// Option configures the receiver of NewServer or NewHandler. Create one
// with a With function.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithAPIKey makes the receiver require "Authorization: Bearer <key>" and
// answer 401 with a JSON error to anything else, including a missing header.
// Without it (or with an empty key) any non-empty bearer token is accepted and
// so is a request without an Authorization header, as in local development.
// Requests() never shows the key; a test checks the exporter's key by
// setting it here and expecting 2xx.
func WithAPIKey(key string) Option {
	return optionFunc(func(c *config) { c.apiKey = key })
}

// WithMaxBodyBytes overrides DefaultMaxBodyBytes: a body larger than n bytes,
// as sent or after gzip decoding, is answered 413. A value n <= 0 keeps the
// default.
func WithMaxBodyBytes(n int64) Option {
	return optionFunc(func(c *config) {
		if n > 0 {
			c.maxBodyBytes = n
		}
	})
}

// WithGoProfile makes the receiver hold every body to the stricter profile
// this SDK's exporter sends (see ValidateGoProfile) and require this SDK's
// User-Agent ("noveum-trace-go/..."), answering 400 or 403 otherwise. The
// exporter's own tests run with it; without it the receiver accepts what the
// ingestion API accepts, from any SDK.
func WithGoProfile() Option {
	return optionFunc(func(c *config) { c.goProfile = true })
}
