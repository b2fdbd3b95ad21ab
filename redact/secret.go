package redact

import "strings"

// Secret detectors, triggered by an upper-case letter (AWS and Google keys,
// Bearer and Basic credentials, JWTs), a dash or an underscore (private
// keys; OpenAI, Anthropic, Slack and GitHub tokens; AWS secrets) and URLs
// with a password.

// bearerOrBasic tries "Bearer <token>" and "Basic <credentials>" at s[i].
func bearerOrBasic(s string, i int) match {
	if s[i+1]|0x20 == 'e' {
		return bearer(s, i)
	}
	return basic(s, i)
}

// upper tries the detectors that start with the upper-case letter at s[i]
// and returns the match, if any, and where to go on.
func upper(s string, i int, on uint16) (match, int) {
	c := s[i]
	if on&onSecrets != 0 {
		if c == 'J' && i >= 2 && s[i-2] == 'e' && s[i-1] == 'y' && secretStart(s, i-2) {
			if end := jwt(s, i-2); end > 0 {
				return match{start: i - 2, end: end, kind: KindSecret}, end
			}
		}
		if c == 'A' && secretStart(s, i) {
			if end := awsKey(s, i); end > 0 {
				return match{start: i, end: end, kind: KindSecret}, end
			}
			if end := googleKey(s, i); end > 0 {
				return match{start: i, end: end, kind: KindSecret}, end
			}
		}
	}
	if !tokStart(s, i) {
		return match{}, skipAlnum(s, i)
	}
	if on&onSecrets != 0 && c == 'B' {
		if m := bearer(s, i); m.kind != "" {
			return m, m.end
		}
		if m := basic(s, i); m.kind != "" {
			return m, m.end
		}
	}
	if on&onIBAN != 0 {
		if end := iban(s, i); end > 0 {
			return match{start: i, end: end, kind: KindIBAN}, end
		}
	}
	return match{}, skipAlnum(s, i)
}

// awsKey returns the end of an AWS access key id at s[i] (AKIA or ASIA and
// 16 upper-case letters or digits), or 0.
func awsKey(s string, i int) int {
	if i+20 > len(s) || (s[i:i+4] != "AKIA" && s[i:i+4] != "ASIA") {
		return 0
	}
	for k := i + 4; k < i+20; k++ {
		if !isUpper(s[k]) && !isDigit(s[k]) {
			return 0
		}
	}
	if i+20 < len(s) && isWord(s[i+20]) {
		return 0
	}
	return i + 20
}

// googleKey returns the end of a Google API key at s[i] (AIza and 35
// base64url bytes), or 0.
func googleKey(s string, i int) int {
	if i+39 > len(s) || s[i:i+4] != "AIza" {
		return 0
	}
	for k := i + 4; k < i+39; k++ {
		if !isB64URL(s[k]) {
			return 0
		}
	}
	if i+39 < len(s) && isB64URL(s[i+39]) {
		return 0
	}
	return i + 39
}

// isBearerChar reports whether c may appear in a Bearer token (RFC 6750
// b64token).
func isBearerChar(c byte) bool {
	return isB64URL(c) || c == '.' || c == '~' || c == '+' || c == '/' || c == '='
}

// authSep returns the index after the separator that follows an
// authorization scheme word ending at s[j]: blanks, or in a form body or
// URL a + or %20; or -1.
func authSep(s string, j int) int {
	switch {
	case j < len(s) && s[j] == ' ':
		k := j
		for k < len(s) && k-j < 16 && s[k] == ' ' {
			k++
		}
		return k
	case j < len(s) && s[j] == '+':
		return j + 1
	case j+3 <= len(s) && s[j:j+3] == "%20":
		return j + 3
	}
	return -1
}

// bearer finds the token of "Bearer <token>" at s[i], the scheme in any
// case (bearer, BEARER), followed by blanks, a + or %20; the word stays.
// The token must be 8 bytes or more with a digit, or 20 or more in mixed
// case, so that prose ("Bearer authentication") is left alone.
func bearer(s string, i int) match {
	if i+7 > len(s) || !equalFoldLower(s[i:i+6], "bearer") {
		return match{}
	}
	j := authSep(s, i+6)
	if j < 0 {
		return match{}
	}
	k := j
	digit, lower, up := false, false, false
	for k < len(s) && isBearerChar(s[k]) {
		c := class[s[k]]
		digit = digit || c&cDigit != 0
		lower = lower || c&cLower != 0
		up = up || c&cUpper != 0
		k++
	}
	for k > j && s[k-1] == '.' {
		k--
	}
	l := k - j
	if !((l >= 8 && digit) || (l >= 20 && lower && up)) {
		return match{}
	}
	return match{start: j, end: k, kind: KindSecret}
}

// basic finds the credentials of "Basic <base64>" at s[i], the scheme in
// any case, followed by blanks, a + or %20; the word stays. The token must
// be 8 bytes or more of standard base64 that decodes to text holding a
// colon (user:password), so prose ("Basic authentication") is left alone.
func basic(s string, i int) match {
	if i+6 > len(s) || !equalFoldLower(s[i:i+5], "basic") {
		return match{}
	}
	j := authSep(s, i+5)
	if j < 0 {
		return match{}
	}
	k := j
	for k < len(s) && (isAlnum(s[k]) || s[k] == '+' || s[k] == '/') {
		k++
	}
	for k < len(s) && (k-j)%4 != 0 && s[k] == '=' {
		k++
	}
	if k-j < 8 || (k < len(s) && isWord(s[k])) || !b64Credentials(s[j:k]) {
		return match{}
	}
	return match{start: j, end: k, kind: KindSecret}
}

// b64Credentials reports whether tok is standard base64 (padded or not)
// of text with a colon and no control bytes, as Basic credentials are. It
// does not allocate.
func b64Credentials(tok string) bool {
	var acc uint32
	bits, colon := 0, false
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		var v byte
		switch {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+':
			v = 62
		case c == '/':
			v = 63
		case c == '=':
			return colon && len(tok)%4 == 0
		default:
			return false
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			b := byte(acc >> bits)
			if b < 0x20 || b == 0x7f {
				return false
			}
			colon = colon || b == ':'
		}
	}
	return colon
}

// jwt returns the end of a JSON Web Token at s[i] (which starts "eyJ"), or
// 0: three or more dot-separated base64url segments, the first at least
// 10 bytes long.
func jwt(s string, i int) int {
	n := len(s)
	j := i
	segs := 0
	for {
		k := j
		for k < n && isB64URL(s[k]) {
			k++
		}
		l := k - j
		if (segs == 0 && l < 10) || l < 2 {
			break
		}
		segs++
		j = k
		if segs == 5 || j+1 >= n || s[j] != '.' || !isB64URL(s[j+1]) {
			break
		}
		j++
	}
	if segs < 3 {
		return 0
	}
	if s[j-1] == '.' {
		j--
	}
	return j
}

// dash tries the secrets revealed by the dash at s[i]: a PEM private key
// block, sk-... and xox?-... tokens.
func dash(s string, i int) match {
	if i+1 < len(s) && s[i+1] == '-' {
		if m := pemBlock(s, i); m.kind != "" {
			return m
		}
		return match{}
	}
	if i >= 2 && s[i-2] == 's' && s[i-1] == 'k' && secretStart(s, i-2) {
		if end := tokenBody(s, i+1, 20, isB64URL); end > 0 {
			return match{start: i - 2, end: end, kind: KindSecret}
		}
	}
	if i >= 4 && s[i-4:i-1] == "xox" && strings.IndexByte("baprs", s[i-1]) >= 0 && secretStart(s, i-4) {
		if end := tokenBody(s, i+1, 10, isSlackChar); end > 0 {
			return match{start: i - 4, end: end, kind: KindSecret}
		}
	}
	return match{}
}

func isSlackChar(c byte) bool { return isAlnum(c) || c == '-' }

// tokenBody returns the end of a token body at s[j]: at least min bytes
// accepted by ok, with a digit, ending where ok stops; or 0.
func tokenBody(s string, j, min int, ok func(byte) bool) int {
	k := j
	digit := false
	for k < len(s) && ok(s[k]) {
		digit = digit || isDigit(s[k])
		k++
	}
	if k-j < min || !digit {
		return 0
	}
	return k
}

// pemBlock finds a PEM private key block (or a PGP PRIVATE KEY BLOCK
// armour) at s[i]: the BEGIN line through
// the END line. A block cut off before its END line runs to the end of s:
// what remains of a key is still secret.
func pemBlock(s string, i int) match {
	const begin = "-----BEGIN "
	if !strings.HasPrefix(s[i:], begin) || (i > 0 && s[i-1] == '-') {
		return match{}
	}
	j := i + len(begin)
	e := strings.Index(s[j:min(len(s), j+64)], "-----")
	if e < 0 || !(strings.HasSuffix(s[j:j+e], "PRIVATE KEY") || strings.HasSuffix(s[j:j+e], "PRIVATE KEY BLOCK")) {
		return match{}
	}
	k := j + e + 5
	endLine := strings.Index(s[k:], "-----END ")
	if endLine < 0 {
		return match{start: i, end: len(s), kind: KindSecret}
	}
	m := k + endLine + 9
	e = strings.Index(s[m:min(len(s), m+64)], "-----")
	if e < 0 {
		return match{start: i, end: len(s), kind: KindSecret}
	}
	return match{start: i, end: m + e + 5, kind: KindSecret}
}

// underscore tries the GitHub tokens revealed by the underscore at s[i]:
// ghp_, gho_, ghu_, ghs_, ghr_ and 30 or more letters and digits;
// github_pat_ and 22 or more letters, digits and underscores.
func underscore(s string, i int) match {
	if i >= 3 && equalFoldLower(s[i-3:i], "aws") && tokStart(s, i-3) {
		if m := awsSecret(s, i); m.kind != "" {
			return m
		}
	}
	if i >= 3 && s[i-3] == 'g' && s[i-2] == 'h' && strings.IndexByte("pousr", s[i-1]) >= 0 && secretStart(s, i-3) {
		k := i + 1
		for k < len(s) && isAlnum(s[k]) {
			k++
		}
		if k-i-1 >= 30 && (k == len(s) || !isWord(s[k])) {
			return match{start: i - 3, end: k, kind: KindSecret}
		}
		return match{}
	}
	if i >= 6 && s[i-6:i] == "github" && strings.HasPrefix(s[i:], "_pat_") && secretStart(s, i-6) {
		k := i + 5
		for k < len(s) && isWord(s[k]) {
			k++
		}
		if k-i-5 >= 22 {
			return match{start: i - 6, end: k, kind: KindSecret}
		}
	}
	return match{}
}

// awsSecret finds the value of aws_secret_access_key (any case) assigned
// at s[i:], the underscore after "aws": = or :, optionally quoted and
// spaced, then 40 bytes of [A-Za-z0-9/+=]. The key name stays.
func awsSecret(s string, i int) match {
	const name = "_secret_access_key"
	if i+len(name) > len(s) || !equalFoldLower(s[i:i+len(name)], name) {
		return match{}
	}
	j := i + len(name)
	if j < len(s) && (s[j] == '"' || s[j] == '\'') {
		j++
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j >= len(s) || (s[j] != '=' && s[j] != ':') {
		return match{}
	}
	j++
	for j < len(s) && (s[j] == ' ' || s[j] == '"' || s[j] == '\'') && j-i < len(name)+8 {
		j++
	}
	k := j
	for k < len(s) && (isAlnum(s[k]) || s[k] == '/' || s[k] == '+' || s[k] == '=') {
		k++
	}
	if k-j != 40 {
		return match{}
	}
	return match{start: j, end: k, kind: KindSecret}
}

// urlPassword finds the password of scheme://user:password@host around
// the colon at s[i] and returns it, and where to go on (past the @, so the
// host is not taken for an email address).
func urlPassword(s string, i int) (match, int) {
	n := len(s)
	if i+3 > n || s[i+1] != '/' || s[i+2] != '/' {
		return match{}, i + 1
	}
	st := i
	for st > 0 && (isAlnum(s[st-1]) || s[st-1] == '+' || s[st-1] == '.' || s[st-1] == '-') {
		st--
	}
	if i-st < 2 || !isLetter(s[st]) {
		return match{}, i + 1
	}
	// The user ends at the first colon, with no / or @ before it; the
	// password runs from there to the last @ followed by a host, so a
	// password holding / ? # or @ is taken whole. The window ends only at
	// blanks, quotes and angle brackets, which a URL cannot hold.
	at, colon := -1, -1
	for k := i + 3; k < n && k-i < 512; k++ {
		c := s[k]
		if c <= ' ' || strings.IndexByte("\"'<>`", c) >= 0 {
			break
		}
		switch {
		case colon < 0 && (c == '/' || c == '@'):
			return match{}, i + 1
		case colon < 0 && c == ':':
			colon = k
		case colon >= 0 && c == '@' && k+1 < n && (isAlnum(s[k+1]) || s[k+1] == '['):
			at = k
		}
	}
	if at < 0 || colon < 0 || colon+1 >= at {
		return match{}, i + 1
	}
	// host:8080/path@x is a port and a path, not a password.
	if d := digitRun(s, colon+1, at); d > colon+1 && strings.IndexByte("/?#", s[d]) >= 0 {
		return match{}, i + 1
	}
	return match{start: colon + 1, end: at, kind: KindSecret}, at + 1
}
