package redact

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

// maxJSONInString bounds how deep JSON text held in a string of JSON text
// (tool-call arguments inside a message, ...) is parsed in turn. Deeper
// strings are scanned as plain text.
const maxJSONInString = 8

// maxJSONNesting bounds how deeply arrays and objects may nest in one JSON
// document. The walk recurses once a level; deeper documents are scanned as
// plain text, which does not recurse.
const maxJSONNesting = 512

// redactor redacts values. It is immutable and safe for concurrent use;
// what one call redacted is accumulated in a tally.
type redactor struct {
	find finder
	rep  *replacer
	keys *keyRules
	ids  *replacer // pseudonyms of identity attributes; nil keeps them
}

// kindCount is how many values of one kind were redacted.
type kindCount struct {
	kind Kind
	n    int
}

// tally accumulates what was redacted in one span, and holds scratch space
// reused between spans.
type tally struct {
	total    int
	kinds    []kindCount
	wantKeys bool
	key      string   // the attribute key being redacted
	keys     []string // attribute keys whose values were redacted, if wanted

	matches []match // scratch for the finder
	buf     []byte  // scratch for decoding JSON strings
}

func (t *tally) reset() {
	t.total, t.kinds, t.keys, t.key = 0, t.kinds[:0], t.keys[:0], ""
	t.matches = t.matches[:0]
	t.buf = t.buf[:0]
}

// add counts one redacted value of kind k under the current key.
func (t *tally) add(k Kind) {
	t.total++
	for i := range t.kinds {
		if t.kinds[i].kind == k {
			t.kinds[i].n++
			t.noteKey()
			return
		}
	}
	t.kinds = append(t.kinds, kindCount{k, 1})
	t.noteKey()
}

func (t *tally) noteKey() {
	if t.wantKeys && t.key != "" && !slices.Contains(t.keys, t.key) {
		t.keys = append(t.keys, t.key)
	}
}

// attrs redacts a list of attributes: their values, and their keys, which
// are text too (see redactKey). It returns nil when nothing changed, or
// else a new list: in is never modified.
func (r *redactor) attrs(in []attribute.KeyValue, t *tally) []attribute.KeyValue {
	var out []attribute.KeyValue
	renamed := false
	for i, kv := range in {
		var (
			v       attribute.Value
			changed bool
		)
		cl := r.keys.class(kv.Key)
		if cl == keyAllowed {
			continue
		}
		key := kv.Key
		if cl&keyText != 0 {
			if k, ok := r.redactKey(string(kv.Key), t); ok {
				key = attribute.Key(k)
			}
		}
		t.key = string(key)
		switch cl &^ keyText {
		case keyScan:
			if v, changed = r.phoneUnder(string(kv.Key), kv.Value, t); !changed {
				v, changed = r.value(kv.Value, t)
			}
		case keyIdentity:
			if r.ids != nil {
				v, changed = r.identity(kv.Value, t)
			}
		case keySensitive:
			v, changed = r.whole(kv.Value, t)
		default:
			v, changed = r.value(kv.Value, t)
		}
		if changed || key != kv.Key {
			if out == nil {
				out = slices.Clone(in)
			}
			if changed {
				out[i].Value = v
			}
			if key != kv.Key {
				out[i].Key, renamed = key, true
			}
		}
	}
	t.key = ""
	if renamed {
		uniqueKeys(out, in)
	}
	return out
}

// redactKey redacts the text of a key, counting what it finds; the
// summary's key list (WithSummaryKeyNames) gets the redacted key, never the
// original.
func (r *redactor) redactKey(k string, t *tally) (string, bool) {
	t.matches = r.find.find(k, t.matches[:0])
	if len(t.matches) == 0 {
		return k, false
	}
	t.key = ""
	red, ok := r.applyMatches(k, t)
	if ok {
		t.key = red
		t.noteKey()
	}
	return red, ok
}

// uniqueKeys makes the keys of out that differ from those of in (redacted
// keys) unique among all the keys of out, with a suffix _2, _3, ...: two
// keys holding two addresses both read [REDACTED:EMAIL] in label mode, and
// an attribute must never replace another.
func uniqueKeys(out, in []attribute.KeyValue) {
	taken := make(map[attribute.Key]bool, len(out))
	for i := range out {
		if out[i].Key == in[i].Key {
			taken[out[i].Key] = true
		}
	}
	for i := range out {
		if out[i].Key == in[i].Key {
			continue
		}
		k := out[i].Key
		for n := 2; taken[k]; n++ {
			k = out[i].Key + attribute.Key("_"+strconv.Itoa(n))
		}
		out[i].Key = k
		taken[k] = true
	}
}

// value redacts the strings in v: a string, the strings of a string slice,
// and, recursively, the keys and values of a SLICE or MAP, and byte slices
// that are valid UTF-8. Numbers, booleans and other byte slices (binary
// data) are kept.
func (r *redactor) value(v attribute.Value, t *tally) (attribute.Value, bool) {
	switch v.Type() {
	case attribute.STRING:
		if s, ok := r.text(v.AsString(), t, 0); ok {
			return attribute.StringValue(s), true
		}
	case attribute.STRINGSLICE:
		ss := v.AsStringSlice() // a copy, ours to change
		changed := false
		for i, s := range ss {
			if red, ok := r.text(s, t, 0); ok {
				ss[i], changed = red, true
			}
		}
		if changed {
			return attribute.StringSliceValue(ss), true
		}
	case attribute.SLICE:
		vs := v.AsSlice() // a copy
		changed := false
		for i, e := range vs {
			if red, ok := r.value(e, t); ok {
				vs[i], changed = red, true
			}
		}
		if changed {
			return attribute.SliceValue(vs...), true
		}
	case attribute.MAP:
		kvs := v.AsMap() // a copy
		changed, renamed := false, false
		for i, kv := range kvs {
			var (
				red attribute.Value
				ok  bool
			)
			if r.keys.sensitive(string(kv.Key)) {
				red, ok = r.whole(kv.Value, t)
			} else if red, ok = r.phoneUnder(string(kv.Key), kv.Value, t); !ok {
				red, ok = r.value(kv.Value, t)
			}
			if ok {
				kvs[i].Value, changed = red, true
			}
			// Keys are text too: an entry under a key holding personal
			// data is rebuilt under the redacted key.
			if !r.keys.holdsData(string(kv.Key)) {
				continue
			}
			t.matches = r.find.find(string(kv.Key), t.matches[:0])
			if len(t.matches) > 0 {
				if k, ok := r.applyMatches(string(kv.Key), t); ok {
					kvs[i].Key, changed, renamed = attribute.Key(k), true, true
				}
			}
		}
		if renamed {
			uniqueKeys(kvs, v.AsMap())
		}
		if changed {
			return attribute.MapValue(kvs...), true
		}
	case attribute.BYTESLICE:
		// Bytes that are valid UTF-8 are text (a body, a prompt) and are
		// redacted as such; other bytes are binary data and are kept.
		b := v.AsByteSlice() // a copy, never changed
		if utf8.Valid(b) {
			if red, ok := r.text(unsafe.String(unsafe.SliceData(b), len(b)), t, 0); ok {
				return attribute.ByteSliceValue([]byte(red)), true
			}
		}
	}
	return v, false
}

// phoneUnder replaces v when it is a string holding only a bare North
// American number (4155552671) and key names a phone (user.phone,
// phoneNumber, mobile_no): without separators, the key is the only sign
// that ten digits are a phone number and not an id or a count. Only with
// the phone detector on.
func (r *redactor) phoneUnder(key string, v attribute.Value, t *tally) (attribute.Value, bool) {
	if v.Type() != attribute.STRING {
		return v, false
	}
	if s := v.AsString(); r.barePhone(s) && phoneKey(key) {
		t.add(KindPhone)
		return attribute.StringValue(r.rep.replacement(KindPhone, s)), true
	}
	return v, false
}

// barePhone reports whether s is only a bare North American number and
// the phone detector is on.
func (r *redactor) barePhone(s string) bool {
	if (len(s) != 10 && len(s) != 11) || !allDigits(s, 0, len(s)) || !nanpDigits(s) {
		return false
	}
	sc, ok := r.find.(*scanner)
	return ok && sc.on&onPhone != 0
}

// identity replaces v, the value of an identity attribute, by its
// pseudonym (kind ID) when it is a string or a number; other values are
// kept.
func (r *redactor) identity(v attribute.Value, t *tally) (attribute.Value, bool) {
	var s string
	switch v.Type() {
	case attribute.STRING:
		s = v.AsString()
	case attribute.INT64, attribute.FLOAT64:
		s = v.String()
	default:
		return v, false
	}
	t.add(KindID)
	return attribute.StringValue(r.ids.replacement(KindID, s)), true
}

// whole replaces v, the value of a sensitive key, by one string of kind
// SECRET when it is a string, a number or a container (a numeric PIN or
// password is still a credential); booleans and empty values are kept.
func (r *redactor) whole(v attribute.Value, t *tally) (attribute.Value, bool) {
	var s string
	switch v.Type() {
	case attribute.STRING:
		s = v.AsString()
	case attribute.INT64, attribute.FLOAT64, attribute.INT64SLICE, attribute.FLOAT64SLICE,
		attribute.STRINGSLICE, attribute.SLICE, attribute.MAP, attribute.BYTESLICE:
		s = v.String()
	default:
		return v, false
	}
	t.add(KindSecret)
	return attribute.StringValue(r.rep.replacement(KindSecret, s)), true
}

// text redacts s: as JSON when it is a JSON object or array, else as
// plain text. It returns s and false when nothing was found.
func (r *redactor) text(s string, t *tally, depth int) (string, bool) {
	if depth < maxJSONInString && looksJSON(s) {
		// The walk checks the grammar as it goes (one pass instead of a
		// validation pass and a walk); on anything that is not JSON it
		// gives up, its counts are undone, and s is scanned as text, so no
		// part of s goes unscanned.
		mark := t.mark()
		if out, changed, ok := r.json(s, t, depth); ok {
			return out, changed
		}
		t.restore(mark)
	}
	t.matches = r.find.find(s, t.matches[:0])
	if len(t.matches) == 0 {
		return s, false
	}
	return r.applyMatches(s, t)
}

// applyMatches replaces the matches in t.matches, found in s.
func (r *redactor) applyMatches(s string, t *tally) (string, bool) {
	b := make([]byte, 0, len(s)+16)
	last, n := 0, 0
	for _, m := range t.matches {
		if m.start < last || m.end > len(s) || m.start >= m.end {
			continue // a finder that breaks its contract loses nothing
		}
		b = append(b, s[last:m.start]...)
		b = r.rep.appendReplacement(b, m.kind, s[m.start:m.end])
		t.add(m.kind)
		last, n = m.end, n+1
	}
	if n == 0 {
		return s, false
	}
	b = append(b, s[last:]...)
	return unsafe.String(unsafe.SliceData(b), len(b)), true
}

// bom is the UTF-8 byte order mark, which some writers put before JSON.
const bom = "\ufeff"

// looksJSON reports whether s starts, after a byte order mark and blanks,
// like an object or array.
func looksJSON(s string) bool {
	for i := skipBOM(s); i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// skipBOM returns 3 when s starts with a byte order mark, else 0. The mark
// is kept in the output like the blanks around the document.
func skipBOM(s string) int {
	if strings.HasPrefix(s, bom) {
		return len(bom)
	}
	return 0
}

// jsonEdit redacts one JSON document, checking its structure as it goes.
// Only the strings that change are rewritten; everything else, spacing and
// number literals included, is copied as it was.
type jsonEdit struct {
	r     *redactor
	t     *tally
	src   string
	out   []byte // nil until the first change
	last  int    // src[:last] is already in out
	depth int    // of JSON inside strings
	nest  int    // of arrays and objects at the current value
	bad   bool   // src is not a JSON document
}

// json redacts s as a JSON document; ok is false when s is not one.
func (r *redactor) json(s string, t *tally, depth int) (out string, changed, ok bool) {
	e := jsonEdit{r: r, t: t, src: s, depth: depth}
	end := e.space(e.value(e.space(skipBOM(s)), false))
	if e.bad || end != len(s) {
		return s, false, false
	}
	if e.out == nil {
		return s, false, true
	}
	e.out = append(e.out, s[e.last:]...)
	return unsafe.String(unsafe.SliceData(e.out), len(e.out)), true, true
}

// tallyMark is what mark saves and restore puts back.
type tallyMark struct {
	total int
	kinds []kindCount
	keys  int
}

func (t *tally) mark() tallyMark {
	return tallyMark{total: t.total, kinds: slices.Clone(t.kinds), keys: len(t.keys)}
}

func (t *tally) restore(m tallyMark) {
	t.total, t.kinds, t.keys = m.total, append(t.kinds[:0], m.kinds...), t.keys[:m.keys]
}

// fail marks src as not JSON and returns an index that ends every loop.
func (e *jsonEdit) fail() int {
	e.bad = true
	return len(e.src)
}

// str returns the end of the string opening at src[i], or fails.
func (e *jsonEdit) str(i int) int {
	if i >= len(e.src) || e.src[i] != '"' {
		return e.fail()
	}
	end := e.stringEnd(i)
	if end > len(e.src) || end-i < 2 || e.src[end-1] != '"' {
		return e.fail()
	}
	return end
}

// replace puts the JSON string of text in place of src[start:end].
func (e *jsonEdit) replace(start, end int, text string) {
	if e.out == nil {
		e.out = make([]byte, 0, len(e.src)+32)
	}
	e.out = append(e.out, e.src[e.last:start]...)
	e.out = jsontext.AppendString(e.out, text)
	e.last = end
}

func (e *jsonEdit) space(i int) int {
	for i < len(e.src) {
		switch e.src[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// value redacts the value at src[i:] and returns where it ends. props is
// whether the value is that of a "properties" member: the keys of such an
// object name the fields of a JSON schema (tool definitions), not values,
// so the sensitive-key rule does not apply to them.
func (e *jsonEdit) value(i int, props bool) int {
	if i >= len(e.src) {
		return i
	}
	switch e.src[i] {
	case '{':
		if e.nest++; e.nest > maxJSONNesting {
			return e.fail()
		}
		i = e.space(i + 1)
		for !e.bad && i < len(e.src) && e.src[i] != '}' {
			kEnd := e.str(i)
			if e.bad {
				break
			}
			key := e.decode(i, kEnd)
			sensitive := !props && e.r.keys.sensitive(key)
			childProps := key == "properties"
			e.key(i, kEnd, key)
			i = e.space(kEnd)
			if i >= len(e.src) || e.src[i] != ':' {
				return e.fail()
			}
			i = e.space(i + 1)
			if sensitive && i < len(e.src) && (e.src[i] == '"' || e.src[i] == '{' || e.src[i] == '[') {
				end := e.skip(i)
				raw := e.src[i:end]
				if raw[0] == '"' {
					raw = strings.Clone(e.decode(i, end))
				}
				e.t.add(KindSecret)
				e.replace(i, end, e.r.rep.replacement(KindSecret, raw))
				i = end
			} else if sensitive {
				end, _ := e.literalSpan(i)
				if !e.bad && (e.src[i] == '-' || isDigit(e.src[i])) {
					e.t.add(KindSecret)
					e.replace(i, end, e.r.rep.replacement(KindSecret, e.src[i:end]))
				}
				i = end
			} else if end := e.barePhoneAt(i); end > 0 && !props && phoneKey(key) {
				// Shape first, key words second: most members are not
				// ten digits.
				e.t.add(KindPhone)
				e.replace(i, end, e.r.rep.replacement(KindPhone, e.src[i+1:end-1]))
				i = end
			} else {
				i = e.value(i, childProps)
			}
			i = e.space(i)
			if i < len(e.src) && e.src[i] == ',' {
				i = e.space(i + 1)
			} else if i < len(e.src) && e.src[i] != '}' {
				return e.fail()
			}
		}
		if i >= len(e.src) {
			return e.fail()
		}
		e.nest--
		return i + 1
	case '[':
		if e.nest++; e.nest > maxJSONNesting {
			return e.fail()
		}
		i = e.space(i + 1)
		for !e.bad && i < len(e.src) && e.src[i] != ']' {
			i = e.space(e.value(i, false))
			if i < len(e.src) && e.src[i] == ',' {
				i = e.space(i + 1)
			} else if i < len(e.src) && e.src[i] != ']' {
				return e.fail()
			}
		}
		if i >= len(e.src) {
			return e.fail()
		}
		e.nest--
		return i + 1
	case '"':
		end := e.str(i)
		if e.bad {
			return end
		}
		s := e.decode(i, end)
		if e.depth+1 < maxJSONInString && looksJSON(s) {
			s = strings.Clone(s) // e.t.buf is reused below
		}
		if red, ok := e.r.text(s, e.t, e.depth+1); ok {
			e.replace(i, end, red)
		}
		return end
	}
	return e.literal(i)
}

// barePhoneAt returns the end of the JSON string at src[i] when it holds
// only a bare North American number ("4155552671"), or 0.
func (e *jsonEdit) barePhoneAt(i int) int {
	src := e.src
	if i >= len(src) || src[i] != '"' || i+1 >= len(src) || !isDigit(src[i+1]) {
		return 0
	}
	k := digitRun(src, i+1, 12)
	if k >= len(src) || src[k] != '"' || !e.r.barePhone(src[i+1:k]) {
		return 0
	}
	return k + 1
}

// literal returns the end of the number, true, false or null at src[i], or
// fails: nothing but those may stand outside strings, so no text escapes
// the scan. A number must follow the JSON grammar exactly (078-05-1120 and
// 192.168.10.20 are not numbers, and make the document text). A number of
// 13 digits or more is scanned, since a card number may be written as one;
// when something is found there, the literal becomes the JSON string of
// its redacted text.
func (e *jsonEdit) literal(i int) int {
	j, digits := e.literalSpan(i)
	if digits >= 13 && !e.bad {
		tok := e.src[i:j]
		e.t.matches = e.r.find.find(tok, e.t.matches[:0])
		if len(e.t.matches) > 0 {
			if red, ok := e.r.applyMatches(tok, e.t); ok {
				e.replace(i, j, red)
			}
		}
	}
	return j
}

// literalSpan returns the end of the literal at src[i] and, for a number,
// how many digits it has; it fails on anything else.
func (e *jsonEdit) literalSpan(i int) (end, digits int) {
	src := e.src
	j := i
	if j < len(src) && (src[j] == 't' || src[j] == 'f' || src[j] == 'n') {
		for _, w := range [...]string{"true", "false", "null"} {
			if strings.HasPrefix(src[j:], w) {
				j += len(w)
				break
			}
		}
		if j == i {
			return e.fail(), 0
		}
		return e.literalEnd(j), 0
	}
	if j < len(src) && src[j] == '-' {
		j++
	}
	switch {
	case j < len(src) && src[j] == '0':
		j++
		digits++
	case j < len(src) && '1' <= src[j] && src[j] <= '9':
		k := digitRun(src, j, len(src))
		digits += k - j
		j = k
	default:
		return e.fail(), 0
	}
	if j < len(src) && src[j] == '.' {
		k := digitRun(src, j+1, len(src))
		if k == j+1 {
			return e.fail(), 0
		}
		digits += k - j - 1
		j = k
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		j++
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		k := digitRun(src, j, len(src))
		if k == j {
			return e.fail(), 0
		}
		j = k
	}
	return e.literalEnd(j), digits
}

// literalEnd returns j if a literal may end there (at the end of src, a
// blank, a comma or a closing bracket), or fails.
func (e *jsonEdit) literalEnd(j int) int {
	if j < len(e.src) {
		switch e.src[j] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
		default:
			return e.fail()
		}
	}
	return j
}

// key redacts the JSON object key src[start:end], decoded as text: what
// the finder reports in it is replaced, and the key re-encoded.
func (e *jsonEdit) key(start, end int, text string) {
	if !e.r.keys.holdsData(text) {
		return
	}
	e.t.matches = e.r.find.find(text, e.t.matches[:0])
	if len(e.t.matches) == 0 {
		return
	}
	if red, ok := e.r.applyMatches(text, e.t); ok {
		e.replace(start, end, red)
	}
}

// skip returns where the value at src[i:] ends, without redacting it.
func (e *jsonEdit) skip(i int) int {
	switch e.src[i] {
	case '"':
		return e.stringEnd(i)
	case '{', '[':
		depth := 0
		for i < len(e.src) {
			switch e.src[i] {
			case '"':
				i = e.stringEnd(i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(e.src) { // number, true, false, null
		switch e.src[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// stringEnd returns the index after the closing quote of the string that
// opens at src[i].
func (e *jsonEdit) stringEnd(i int) int {
	// Jump from quote to quote (IndexByte is vectorised); a quote is the end
	// unless an odd number of backslashes precedes it.
	for i++; i < len(e.src); {
		q := strings.IndexByte(e.src[i:], '"')
		if q < 0 {
			return len(e.src)
		}
		i += q
		n := 0
		for j := i - 1; j >= 0 && e.src[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return i + 1
		}
		i++
	}
	return len(e.src)
}

// decode returns the text of the JSON string src[start:end], quotes
// included. Without escapes it is a substring of src; with them it is
// decoded into t.buf and valid only until t.buf is next used.
func (e *jsonEdit) decode(start, end int) string {
	if end-start < 2 {
		return ""
	}
	raw := e.src[start+1 : end-1]
	if strings.IndexByte(raw, '\\') < 0 {
		return raw
	}
	e.t.buf = unescape(e.t.buf[:0], raw)
	return unsafe.String(unsafe.SliceData(e.t.buf), len(e.t.buf))
}

// unescape appends the decoded body of a JSON string to dst. Lone
// surrogates become U+FFFD, as in encoding/json.
func unescape(dst []byte, raw string) []byte {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			dst = append(dst, c)
			continue
		}
		i++
		switch raw[i] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(raw, i+1)
			if !ok {
				dst = append(dst, '\\', 'u')
				continue
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := hex4(raw, i+3); ok && i+2 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						dst = utf8.AppendRune(dst, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
		default: // " \ /
			dst = append(dst, raw[i])
		}
	}
	return dst
}

// hex4 reads four hex digits at s[i:].
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i:i+4], 16, 32)
	return rune(n), err == nil
}
