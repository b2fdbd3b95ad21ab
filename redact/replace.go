package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"path"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/config"
)

// pseudonymHexLen is how many hex digits of the HMAC a pseudonym keeps:
// 48 bits, enough that distinct values in one system rarely collide.
const pseudonymHexLen = 12

// replacer writes what stands in for a redacted value.
type replacer struct {
	mode config.RedactMode
	macs sync.Pool // of hash.Hash, keyed HMAC-SHA256
}

func newReplacer(mode config.RedactMode, key []byte) *replacer {
	r := &replacer{mode: mode}
	if mode == config.RedactModePseudonym {
		key = append([]byte(nil), key...)
		r.macs.New = func() any { return hmac.New(sha256.New, key) }
	}
	return r
}

// appendReplacement appends the replacement of value, of kind k, to dst:
// [REDACTED:K] or K_<12 hex digits of HMAC-SHA256(key, value)>.
func (r *replacer) appendReplacement(dst []byte, k Kind, value string) []byte {
	if r.mode != config.RedactModePseudonym {
		dst = append(dst, "[REDACTED:"...)
		dst = append(dst, k...)
		return append(dst, ']')
	}
	mac := r.macs.Get().(hash.Hash)
	mac.Reset()
	_, _ = mac.Write([]byte(value))
	var sum [sha256.Size]byte
	mac.Sum(sum[:0])
	r.macs.Put(mac)
	dst = append(dst, k...)
	dst = append(dst, '_')
	var h [sha256.Size * 2]byte
	hex.Encode(h[:], sum[:])
	return append(dst, h[:pseudonymHexLen]...)
}

// replacement returns the replacement of value as a string.
func (r *replacer) replacement(k Kind, value string) string {
	return string(r.appendReplacement(nil, k, value))
}

// keyClass is what the key rules say about an attribute key.
type keyClass uint8

const (
	keyScan      keyClass = iota + 1 // scan the value
	keyAllowed                       // never touch the value
	keySensitive                     // replace the value whole
	keyIdentity                      // an id: kept, or pseudonymised whole

	// keyText is a flag on the others: the key's own text holds personal
	// data (an attribute named after an email address).
	keyText keyClass = 0x80
)

// maxCachedKeys bounds the cache of attribute key classes, in case keys are
// made from data (noveum.tag.<name>).
const maxCachedKeys = 4096

// keyRules decides which keys are allowed and which are sensitive.
type keyRules struct {
	allowExact map[string]bool
	allowGlobs []string
	idExact    map[string]bool
	idGlobs    []string
	sensWords  [128][]wordPattern // by first byte, matched against runs of words
	anyWords   bool
	short      bool          // a one-letter pattern: last2 cannot rule keys out
	sensGlobs  []string      // lowercase globs over the whole key
	tails      [128][]string // the joined patterns by last byte, for inText's quick test
	last2      [32]uint32    // bit b of last2[a]: some pattern ends in the letters a, b (lower case, &31)

	// scanKey reports whether an attribute key's text holds something to
	// redact; nil means keys are not scanned.
	scanKey func(string) bool

	classes    keyCache[keyClass] // attribute keys
	sensitives keyCache[bool]     // keys in MAP values and JSON objects
	texts      keyCache[bool]     // whether such a key's text holds data
}

// holdsData reports whether the text of k, a key in a MAP value or JSON
// object, may hold something to redact: true unless the finder found
// nothing in it before (or, without a key scanner, always).
func (r *keyRules) holdsData(k string) bool {
	if r.scanKey == nil {
		return true
	}
	return r.texts.get(k, r.scanKey)
}

// wordPattern is a sensitive key pattern without glob characters: its
// words joined, lower case ("api_key" is "apikey"). A last pattern must
// end the key: "pass" matches db_pass but not pass_rate.
type wordPattern struct {
	w    string
	last bool
}

// newKeyRules builds the rules: allow holds exact keys and globs;
// sensitive holds patterns matching a run of words anywhere in the key's
// last segment, lastWord patterns that must end it.
func newKeyRules(allow, sensitive, lastWord []string) *keyRules {
	r := &keyRules{allowExact: make(map[string]bool), idExact: make(map[string]bool)}
	for _, k := range allow {
		if isGlob(k) {
			r.allowGlobs = append(r.allowGlobs, k)
		} else {
			r.allowExact[k] = true
		}
	}
	add := func(p string, last bool) {
		p = strings.ToLower(p)
		if isGlob(p) {
			r.sensGlobs = append(r.sensGlobs, p)
		} else if w := joinWords(p); w != "" {
			c := w[0] & 0x7f // a non-ASCII first byte shares a slot; the match compares all bytes
			r.sensWords[c] = append(r.sensWords[c], wordPattern{w, last})
			t := w[len(w)-1] & 0x7f
			r.tails[t] = append(r.tails[t], w)
			if len(w) >= 2 {
				r.last2[w[len(w)-2]&31] |= 1 << (w[len(w)-1] & 31)
			} else {
				r.short = true
			}
			r.anyWords = true
		}
	}
	for _, p := range sensitive {
		add(p, false)
	}
	for _, p := range lastWord {
		add(p, true)
	}
	return r
}

// withIdentity adds the identity keys, exact or globs, and returns r.
func (r *keyRules) withIdentity(keys []string) *keyRules {
	for _, k := range keys {
		if isGlob(k) {
			r.idGlobs = append(r.idGlobs, k)
		} else {
			r.idExact[k] = true
		}
	}
	return r
}

// class says how to treat the value of the attribute key k, and whether
// the key itself holds personal data (the keyText flag).
func (r *keyRules) class(k attribute.Key) keyClass {
	return r.classes.get(string(k), r.classify)
}

func (r *keyRules) classify(k string) keyClass {
	c := keyScan
	switch {
	case r.allowed(k):
		c = keyAllowed
	case r.identity(k):
		c = keyIdentity
	case r.isSensitive(k):
		c = keySensitive
	}
	if c != keyAllowed && r.scanKey != nil && r.scanKey(k) {
		c |= keyText
	}
	return c
}

func (r *keyRules) identity(k string) bool {
	if r.idExact[k] {
		return true
	}
	for _, g := range r.idGlobs {
		if ok, _ := path.Match(g, k); ok {
			return true
		}
	}
	return false
}

func (r *keyRules) allowed(k string) bool {
	if r.allowExact[k] {
		return true
	}
	for _, g := range r.allowGlobs {
		if ok, _ := path.Match(g, k); ok {
			return true
		}
	}
	return false
}

// sensitive reports whether k, an attribute key or a key inside a MAP
// value or JSON object, names a secret. The last dot-separated segment of k
// is split into words (at _ - space and other ASCII punctuation, and at
// camelCase boundaries); a pattern without glob characters matches when
// a run of consecutive words, joined, equals it with its own separators
// removed, ignoring case: "api_key" matches x-api-key, apiKey, API_KEY,
// openai_api_key and apikey; "token" matches access_token and x-auth-token
// but not tokens, max_tokens or tokenizer. A last-word pattern must end
// the segment: "pass" matches db_pass, not pass_rate.
func (r *keyRules) sensitive(k string) bool { return r.sensitives.get(k, r.isSensitive) }

func (r *keyRules) isSensitive(k string) bool { return r.match(k, false) }

// inText reports whether k, a key name written in text before = or :, is
// sensitive. Text is read more warily than structured keys: every pattern
// must end the key (token_count=12 and password_policy=strict are not
// credentials).
func (r *keyRules) inText(k string) bool {
	if len(r.sensGlobs) == 0 && !r.endsWithPattern(k) {
		return false // most words before a colon in text: Context:, https:
	}
	return r.match(k, true)
}

// mayEndText reports whether a key whose last two bytes are a, b (both
// letters or digits) may be sensitive in text: there every pattern must
// end the key, so the key ends in the last two letters of a pattern. It
// rules out most words before a colon at the cost of a table lookup.
func (r *keyRules) mayEndText(a, b byte) bool {
	return len(r.sensGlobs) > 0 || r.short || r.last2[toLower(a)&31]&(1<<(toLower(b)&31)) != 0
}

// endsWithPattern reports whether k, without its separators, ends with a
// word pattern, ignoring case: what a key that matches in text must do.
func (r *keyRules) endsWithPattern(k string) bool {
	if k == "" {
		return false
	}
	for _, p := range r.tails[toLower(k[len(k)-1])&0x7f] {
		i, j := len(k)-1, len(p)-1
		for ; i >= 0 && j >= 0; i-- {
			if isKeySep(k[i]) {
				continue
			}
			if toLower(k[i]) != p[j] {
				break
			}
			j--
		}
		if j < 0 {
			return true
		}
	}
	return false
}

func (r *keyRules) match(k string, allLast bool) bool {
	last := k
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		last = k[i+1:]
	}
	if r.anyWords {
		var buf [16]wordSpan
		words := splitWords(last, buf[:0])
		for i, w := range words {
			for _, p := range r.sensWords[toLower(last[w.start])&0x7f] {
				if n := wordsMatch(last, words[i:], p.w); n > 0 && (!(p.last || allLast) || i+n == len(words)) {
					return true
				}
			}
		}
	}
	if len(r.sensGlobs) > 0 {
		lower := strings.ToLower(k)
		for _, g := range r.sensGlobs {
			if ok, _ := path.Match(g, lower); ok {
				return true
			}
		}
	}
	return false
}

// wordSpan is one word of a key: s[start:end].
type wordSpan struct{ start, end int }

// isKeySep reports whether c separates the words of a key.
func isKeySep(c byte) bool { return c < 0x80 && !isAlnum(c) }

// splitWords appends the words of s to dst: runs of letters and digits (and
// non-ASCII bytes), split at separators and where a lower-case letter or
// digit is followed by an upper-case one, or an upper-case run by a word
// (APIKey is API and Key).
func splitWords(s string, dst []wordSpan) []wordSpan {
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isKeySep(c) {
			if start >= 0 {
				dst = append(dst, wordSpan{start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		if isUpper(c) {
			p := s[i-1]
			if (!isUpper(p) && p < 0x80) || (isUpper(p) && i+1 < len(s) && class[s[i+1]]&cLower != 0) {
				dst = append(dst, wordSpan{start, i})
				start = i
			}
		}
	}
	if start >= 0 {
		dst = append(dst, wordSpan{start, len(s)})
	}
	return dst
}

// wordsMatch returns how many of the words of s starting with words[0],
// joined, make a run equal to the lowercase p, ignoring ASCII case; 0 when
// none does.
func wordsMatch(s string, words []wordSpan, p string) int {
	off := 0
	for i, w := range words {
		n := w.end - w.start
		if off+n > len(p) || !equalFoldLower(s[w.start:w.end], p[off:off+n]) {
			return 0
		}
		if off += n; off == len(p) {
			return i + 1
		}
	}
	return 0
}

// joinWords returns the lowercase p without separators: "api_key" gives
// "apikey".
func joinWords(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if !isKeySep(p[i]) {
			b.WriteByte(toLower(p[i]))
		}
	}
	return b.String()
}

// equalFoldLower reports whether s equals lower, which is lowercase,
// ignoring ASCII case.
func equalFoldLower(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if toLower(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

func toLower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
