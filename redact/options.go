package redact

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// defaultSensitiveKeys are the key patterns whose values are always
// replaced whole; WithSensitiveKeys adds to them.
var defaultSensitiveKeys = []string{
	"password", "passwd", "secret", "token", "api_key", "apikey", "authorization",
	"cookie", "set-cookie", "session_token", "access_key", "private_key", "credential", "passphrase",
	"passwords", "secrets", "credentials", // whole words: plurals are words of their own
}

// defaultSensitiveLastWord are default key patterns that name a secret
// only as the last word of a key: db_pass and user_pin are credentials,
// pass_rate, auth_method, pin_count and jwt_issuer are not.
var defaultSensitiveLastWord = []string{
	"pwd", "pass", "passcode", "pin", "auth", "jwt", "bearer", "ssh_key", "signing_key",
	"otp", "cvv", "dsn", "connection_string",
}

// defaultAllowKeys are the attribute keys never redacted: identifiers,
// model names, enumerations, counts and this SDK's own bookkeeping.
// WithAllowKeys adds to them.
var defaultAllowKeys = []string{
	string(semconv.GenAIOperationNameKey), string(semconv.GenAIProviderNameKey),
	string(semconv.GenAIOutputTypeKey), string(semconv.GenAITokenTypeKey),
	string(semconv.GenAIRequestModelKey), string(semconv.GenAIResponseModelKey), string(semconv.GenAIResponseIDKey),
	string(semconv.GenAIResponseFinishReasonsKey), string(semconv.GenAIToolCallIDKey),
	string(semconv.GenAIAgentIDKey), string(semconv.GenAIDataSourceIDKey), siblings(semconv.GenAIUsageInputTokensKey),
	string(semconv.ServerAddressKey), string(semconv.ServerPortKey), string(semconv.ErrorTypeKey),
	string(semconv.ServiceNameKey), string(semconv.ServiceVersionKey), "telemetry.sdk.*",
	siblings(semconv.NoveumCostTotalKey), siblings(semconv.NoveumRedactedCountKey), string(semconv.NoveumTruncatedKey),
	semconv.NoveumOriginalBytesPrefix + "*", siblings(semconv.NoveumResponseChunkCountKey),
	string(semconv.NoveumRetrievalDocumentCountKey), string(semconv.NoveumLinkKindKey),
	string(semconv.NoveumProjectKey), string(semconv.NoveumEnvironmentKey), string(semconv.NoveumSDKVersionKey),
	string(semconv.NoveumTraceContinuationOfKey),
}

// defaultIdentityKeys are the identity attribute keys; WithIdentityKeys
// adds to them.
var defaultIdentityKeys = []string{
	string(semconv.UserIDKey), string(semconv.EndUserIDKey), string(semconv.SessionIDKey), string(semconv.GenAIConversationIDKey),
}

// siblings returns the glob of every key in the namespace of k:
// gen_ai.usage.input_tokens gives gen_ai.usage.*.
func siblings(k attribute.Key) string {
	return string(k[:strings.LastIndexByte(string(k), '.')+1]) + "*"
}

// settings is what the Options set; its zero value plus defaults is the
// default processor.
type settings struct {
	detectors    []Detector
	detectorsSet bool
	rules        []Rule
	mode         config.RedactMode
	key          []byte
	sensitive    []string
	lastWord     []string // default patterns that must end the key
	allow        []string
	resource     bool
	keyNames     bool
	identity     config.RedactIdentityMode
	identityKeys []string
}

// Option configures a Processor. A nil Option is ignored. Options are made
// by the With functions of this package.
type Option interface {
	apply(*settings)
}

// optionFunc makes a function an Option.
type optionFunc func(*settings)

func (f optionFunc) apply(s *settings) { f(s) }

// WithDetectors sets the detectors that run, replacing the default of all
// of them (AllDetectors). With none, only rules and sensitive keys redact.
func WithDetectors(d ...Detector) Option {
	d = append(make([]Detector, 0, len(d)), d...) // non-nil: none means none
	return optionFunc(func(s *settings) { s.detectors, s.detectorsSet = d, true })
}

// WithRules adds user rules: a regular expression and the kind its matches
// are labelled with. Rules add to the detectors; a rule without a label or
// pattern makes NewProcessor fail.
func WithRules(r ...Rule) Option {
	r = append([]Rule(nil), r...)
	return optionFunc(func(s *settings) { s.rules = append(s.rules, r...) })
}

// WithMode sets the replacement mode, overriding the default
// config.RedactModeLabel ([REDACTED:EMAIL]). config.RedactModePseudonym
// (EMAIL_3f2a9c01b7d4) needs WithKey.
func WithMode(m config.RedactMode) Option {
	return optionFunc(func(s *settings) { s.mode = m })
}

// WithKey sets the HMAC key of the pseudonym modes
// (config.RedactModePseudonym, config.RedactIdentityPseudonym), at least
// config.MinRedactKeyBytes (16) long.
// There is no default key. The key is copied, and never logged or shown in
// an error.
func WithKey(key []byte) Option {
	key = append([]byte(nil), key...)
	return optionFunc(func(s *settings) { s.key = key })
}

// WithSensitiveKeys adds key patterns to the defaults (password, passwd, secret,
// token, api_key, apikey, authorization, cookie, set-cookie, session_token,
// access_key, private_key, credential, passphrase, and the plurals
// passwords, secrets, credentials; and, only as the last words of a key,
// pwd, pass, passcode, pin, auth, jwt, bearer, ssh_key, signing_key, otp,
// cvv, dsn, connection_string, so that db_pass is sensitive and pass_rate
// is not). The value of
// an attribute, a MAP entry or a JSON object member whose key matches is
// replaced whole (kind SECRET) when it is a string, a number or a
// container (a slice, a MAP, a JSON object or array); booleans and null are
// kept. Attribute keys on the allow list are never touched, and the keys
// of a JSON object that is the value of a "properties" member (the fields
// of a JSON schema, as in tool definitions) are not taken for secrets.
//
// A pattern without *, ? or [ matches whole words of the key's last
// dot-separated segment, ignoring case: the segment is split into words at
// _ - space and other punctuation and at camelCase boundaries, and the
// pattern matches when a run of consecutive words, joined, equals the
// pattern with its own separators removed. So "token" matches
// http.request.header.x-auth-token, accessToken and a JSON key
// "refresh_token", but not tokens, max_tokens or tokenizer; "api_key"
// matches x-api-key, apiKey, API_KEY and openai_api_key. A pattern with
// one of *, ? or [ is a path.Match glob matched, ignoring case, against
// the whole key ("http.request.header.*"). In text (password=x,
// "api_key": "x"), with the secrets detector on, every pattern must end
// the key: token_count=12 is not a credential there.
func WithSensitiveKeys(patterns ...string) Option {
	patterns = append([]string(nil), patterns...)
	return optionFunc(func(s *settings) { s.sensitive = append(s.sensitive, patterns...) })
}

// WithAllowKeys adds attribute keys to the default allow list (see
// docs/redact.md: gen_ai ids, model names, enumerations and usage counts,
// server.address and server.port, service.name and this SDK's noveum.*
// bookkeeping; not noveum.tag.* or noveum.metadata.*): values under them
// are never redacted. A key with *, ? or [ is a path.Match glob over the
// whole attribute key ("myapp.ids.*"); any other is matched exactly. The
// allow list applies to attribute keys (span, event, link and resource),
// not to keys inside MAP values or JSON text.
func WithAllowKeys(keys ...string) Option {
	keys = append([]string(nil), keys...)
	return optionFunc(func(s *settings) { s.allow = append(s.allow, keys...) })
}

// WithIdentity sets what happens to identity attributes (user.id,
// enduser.id, session.id, gen_ai.conversation.id and those added with
// WithIdentityKeys), overriding the default config.RedactIdentityKeep.
// config.RedactIdentityPseudonym (ID_ and 12 hex digits of an HMAC) needs
// WithKey.
func WithIdentity(m config.RedactIdentityMode) Option {
	return optionFunc(func(s *settings) { s.identity = m })
}

// WithIdentityKeys adds attribute keys to the identity keys, exact or
// path.Match globs over the whole attribute key ("myapp.account_id",
// "noveum.metadata.user_*"). Identity keys apply to attribute keys (span,
// event, link and resource), not to keys inside MAP values or JSON text.
// A key on the allow list stays allowed.
func WithIdentityKeys(keys ...string) Option {
	keys = append([]string(nil), keys...)
	return optionFunc(func(s *settings) { s.identityKeys = append(s.identityKeys, keys...) })
}

// WithResourceAttributes sets whether resource attributes are redacted too;
// by default they are not, since they describe the service, not its users.
func WithResourceAttributes(on bool) Option {
	return optionFunc(func(s *settings) { s.resource = on })
}

// WithSummaryKeyNames sets whether the summary on a redacted span lists the
// keys whose values were redacted (noveum.redacted.keys); by default it
// gives counts only.
func WithSummaryKeyNames(on bool) Option {
	return optionFunc(func(s *settings) { s.keyNames = on })
}

// Errors NewProcessor may return, for errors.Is.
var (
	// ErrNoKey is returned for a pseudonym mode without a key.
	ErrNoKey = errors.New("redact: pseudonym mode needs a key: set it with WithKey (or NOVEUM_REDACT_KEY)")
	// ErrShortKey is returned for a key shorter than
	// config.MinRedactKeyBytes.
	ErrShortKey = fmt.Errorf("redact: the key is too short: use at least %d random bytes", config.MinRedactKeyBytes)
)

func newSettings(opts []Option) (settings, error) {
	s := settings{mode: config.RedactModeLabel, identity: config.RedactIdentityKeep}
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&s)
		}
	}
	if !s.detectorsSet {
		s.detectors = AllDetectors()
	}
	switch s.mode {
	case config.RedactModeLabel:
	case config.RedactModePseudonym:
		if len(s.key) == 0 {
			return s, ErrNoKey
		}
	default:
		return s, fmt.Errorf("redact: unknown mode %q: use %q or %q", string(s.mode), config.RedactModeLabel, config.RedactModePseudonym)
	}
	switch s.identity {
	case config.RedactIdentityKeep:
	case config.RedactIdentityPseudonym:
		if len(s.key) == 0 {
			return s, fmt.Errorf("redact: WithIdentity(config.RedactIdentityPseudonym) pseudonymises user and session ids with an HMAC, "+
				"so it needs a key: set it with WithKey (or NOVEUM_REDACT_KEY), or keep ids with config.RedactIdentityKeep: %w", ErrNoKey)
		}
	default:
		return s, fmt.Errorf("redact: unknown identity mode %q: use %q or %q", string(s.identity), config.RedactIdentityKeep, config.RedactIdentityPseudonym)
	}
	if len(s.key) > 0 && len(s.key) < config.MinRedactKeyBytes {
		return s, ErrShortKey
	}
	s.sensitive = append(append([]string(nil), defaultSensitiveKeys...), s.sensitive...)
	s.lastWord = defaultSensitiveLastWord
	s.allow = append(append([]string(nil), defaultAllowKeys...), s.allow...)
	s.identityKeys = append(append([]string(nil), defaultIdentityKeys...), s.identityKeys...)
	for _, p := range slices.Concat(s.sensitive, s.allow, s.identityKeys) {
		if p == "" {
			return s, errors.New("redact: an empty key pattern matches every key: remove it")
		}
		if isGlob(p) {
			if _, err := path.Match(p, ""); err != nil {
				return s, fmt.Errorf("redact: key pattern %q: %w", p, err)
			}
		}
	}
	return s, nil
}

func isGlob(p string) bool { return strings.ContainsAny(p, "*?[") }
