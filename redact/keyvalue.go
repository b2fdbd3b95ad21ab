package redact

import "sync"

// Sensitive keys in text: password=hunter2 in a query string, a form body,
// an environment dump or a logfmt line; password: hunter2 in plain text, a
// header or YAML; "password":"hunter2" in NDJSON or JSON that could not be
// parsed as one document. The scanner stops at each = and : and looks back
// at the word before it.

// defaultTextKeys are the key rules of a scanner made without a Processor
// (the corpus, the benchmarks): the default sensitive keys.
var defaultTextKeys = sync.OnceValue(func() *keyRules {
	return newKeyRules(nil, defaultSensitiveKeys, defaultSensitiveLastWord)
})

// isTextKeyByte reports whether c may appear in a key name written in text.
func isTextKeyByte(c byte) bool { return isWord(c) || c == '-' || c == '.' }

// maxTextKey bounds the key name looked at before a = or :.
const maxTextKey = 64

// keyValue finds the value of a sensitive key at the = or : at s[i]:
//
//   - the key is the run of letters, digits and _ - . just before s[i],
//     optionally in quotes ("password":), and must be sensitive with its
//     last word (pass_rate and auth_method are not; see keyRules.inText);
//   - after =, the value follows at once (password=x, not api_key = x,
//     which is code) and runs to a blank, & ; or a quote;
//   - after :, blanks may follow; an unquoted value runs to the end of the
//     line (a header, YAML, a log line), or to the quote that opened the
//     key ('Authorization: ...' in a shell command); when the key was
//     quoted (JSON), to , } ] or a blank;
//   - a quoted value runs to its closing quote; null, true and false are
//     kept;
//   - an authorization scheme (Bearer, Basic, Digest, Token) at the start
//     of the value stays, and the credentials after it are the match (up
//     to a blank when the value was not quoted: a header quoted in prose).
func (sc *scanner) keyValue(s string, i int) match {
	n := len(s)
	// Rule out the common colons first, before looking back: a URL's
	// scheme, a heading or label at the end of a line.
	if i+1 >= n || (s[i] == ':' && s[i+1] == '/') || s[i+1] == '\n' || s[i+1] == '\r' {
		return match{}
	}
	e := i
	var keyQuote byte
	if e > 0 && (s[e-1] == '"' || s[e-1] == '\'') {
		keyQuote = s[e-1]
		e--
	}
	if e == 0 || !isAlnum(s[e-1]) {
		return match{}
	}
	keys := sc.keys
	if keys == nil {
		keys = defaultTextKeys()
	}
	if e >= 2 && isAlnum(s[e-2]) && !keys.mayEndText(s[e-2], s[e-1]) {
		return match{}
	}
	b := e - 1
	for b > 0 && e-b < maxTextKey && isTextKeyByte(s[b-1]) {
		b--
	}
	if !isLetter(s[b]) {
		return match{}
	}
	if keyQuote != 0 && (b == 0 || s[b-1] != keyQuote) {
		return match{}
	}
	var outer byte // the quote the whole key: value pair sits in, if any
	if keyQuote == 0 && b > 0 && (s[b-1] == '"' || s[b-1] == '\'') {
		outer = s[b-1]
	}
	if !keys.inText(s[b:e]) {
		return match{}
	}
	j := i + 1
	if s[i] == '=' {
		if j >= n || s[j] == '=' || s[j] == ' ' {
			return match{}
		}
	} else {
		for j < n && j-i < 16 && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
	}
	if j >= n {
		return match{}
	}
	if q := s[j]; q == '"' || q == '\'' {
		k := j + 1
		for k < n && s[k] != q && s[k] != '\n' {
			if s[k] == '\\' {
				k++
			}
			k++
		}
		k = min(k, n)
		return valueMatch(s, j+1, k)
	}
	k := j
	switch {
	case s[i] == '=':
		for k < n && s[k] > ' ' && s[k] != '&' && s[k] != ';' && s[k] != '"' && s[k] != '\'' {
			k++
		}
	case keyQuote != 0:
		for k < n && s[k] > ' ' && s[k] != ',' && s[k] != '}' && s[k] != ']' {
			k++
		}
		if w := s[j:k]; w == "null" || w == "true" || w == "false" {
			return match{}
		}
	case authScheme(s, j, n) > 0:
		// Authorization: Bearer <token> in a sentence: the credentials
		// are one word.
		k = authScheme(s, j, n)
		for k < n && s[k] > ' ' && s[k] != '"' && s[k] != outer {
			k++
		}
	default:
		for k < n && s[k] != '\n' && s[k] != '\r' && s[k] != '"' && s[k] != outer && !(k+1 < n && escapeBefore(s, k+2)) {
			k++
		}
		for k > j && (s[k-1] == ' ' || s[k-1] == '\t') {
			k--
		}
	}
	return valueMatch(s, j, k)
}

// authSchemes are the authorization schemes left in place before the
// credentials that follow them.
var authSchemes = [...]string{"bearer", "basic", "digest", "token"}

// authScheme returns where the credentials start when s[j:k] starts with
// an authorization scheme and its separator, or 0.
func authScheme(s string, j, k int) int {
	for _, scheme := range authSchemes {
		if k-j > len(scheme) && equalFoldLower(s[j:j+len(scheme)], scheme) {
			if a := authSep(s[:k], j+len(scheme)); a > 0 && a < k {
				return a
			}
			return 0
		}
	}
	return 0
}

// valueMatch returns the match of the value s[j:k] of a sensitive key,
// leaving out an authorization scheme at its start, or none when it is
// empty.
func valueMatch(s string, j, k int) match {
	if a := authScheme(s, j, k); a > 0 {
		j = a
	}
	if j >= k {
		return match{}
	}
	return match{start: j, end: k, kind: KindSecret}
}
