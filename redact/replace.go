package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"path"
	"strings"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
)

// pseudonymHexLen is how many hex digits of the HMAC a pseudonym keeps:
// 48 bits, enough that distinct values in one system rarely collide.
const pseudonymHexLen = 12

// replacer writes what stands in for a redacted value.
type replacer struct {
	mode Mode
	macs sync.Pool // of hash.Hash, keyed HMAC-SHA256
}

func newReplacer(mode Mode, key []byte) *replacer {
	r := &replacer{mode: mode}
	if mode == ModePseudonym {
		key = append([]byte(nil), key...)
		r.macs.New = func() any { return hmac.New(sha256.New, key) }
	}
	return r
}

// appendReplacement appends the replacement of value, of kind k, to dst:
// [REDACTED:K] or K_<12 hex digits of HMAC-SHA256(key, value)>.
func (r *replacer) appendReplacement(dst []byte, k Kind, value string) []byte {
	if r.mode != ModePseudonym {
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
)

// maxCachedKeys bounds the cache of attribute key classes, in case keys are
// made from data (noveum.tag.<name>).
const maxCachedKeys = 4096

// keyRules decides which keys are allowed and which are sensitive.
type keyRules struct {
	allowExact map[string]bool
	allowGlobs []string
	sensSub    []string // lowercase substrings of a key's last segment
	sensGlobs  []string // lowercase globs over the whole key

	cache  sync.Map // attribute.Key -> keyClass
	cached atomic.Int64
}

func newKeyRules(allow, sensitive []string) *keyRules {
	r := &keyRules{allowExact: make(map[string]bool)}
	for _, k := range allow {
		if isGlob(k) {
			r.allowGlobs = append(r.allowGlobs, k)
		} else {
			r.allowExact[k] = true
		}
	}
	for _, p := range sensitive {
		p = strings.ToLower(p)
		if isGlob(p) {
			r.sensGlobs = append(r.sensGlobs, p)
		} else {
			r.sensSub = append(r.sensSub, p)
		}
	}
	return r
}

// class says how to treat the value of the attribute key k.
func (r *keyRules) class(k attribute.Key) keyClass {
	if c, ok := r.cache.Load(k); ok {
		return c.(keyClass)
	}
	c := keyScan
	switch {
	case r.allowed(string(k)):
		c = keyAllowed
	case r.sensitive(string(k)):
		c = keySensitive
	}
	if r.cached.Load() < maxCachedKeys {
		if _, loaded := r.cache.LoadOrStore(k, c); !loaded {
			r.cached.Add(1)
		}
	}
	return c
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
// value or JSON object, names a secret.
func (r *keyRules) sensitive(k string) bool {
	last := k
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		last = k[i+1:]
	}
	for _, p := range r.sensSub {
		if containsFold(last, p) {
			return true
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

// containsFold reports whether s contains lower, which is lowercase,
// ignoring ASCII case.
func containsFold(s, lower string) bool {
	n := len(lower)
	if n == 0 {
		return true
	}
	first := lower[0]
	for i := 0; i+n <= len(s); i++ {
		if toLower(s[i]) != first {
			continue
		}
		j := 1
		for j < n && toLower(s[i+j]) == lower[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func toLower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}
