package wire

import (
	"encoding/json"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
)

// The Noveum UI reads a model call's content in the shape the Python SDK
// sends: llm.input.messages is a JSON array of {"role", "content"} objects
// (the system instructions first; an assistant's tool calls under
// "tool_calls"; a tool result as role "tool" with "tool_call_id"), and
// llm.output.response is the answer's text. The OpenTelemetry forms
// (gen_ai.input.messages, gen_ai.output.messages: messages of typed parts)
// stay as they are; this file converts them.
//
// The conversion runs for every captured model call, so it neither
// allocates nor unescapes: a small validating scanner finds the parts in
// the content's JSON text, and their JSON string tokens are copied as they
// are when they are valid UTF-8 and within the value bound.

// rawPart is one part of a GenAI convention message: each field is the raw
// JSON text of its value ("" when absent).
type rawPart struct {
	typ, content, id, name, arguments, response string
}

// rawMsg is a convention message: its role's raw JSON text and its parts,
// parts[lo:hi] of the encoder's scratch.
type rawMsg struct {
	role   string
	lo, hi int
}

// Part types of the convention that the conversion reads.
const (
	partText     = `"text"`
	partToolCall = `"tool_call"`
	partToolResp = `"tool_call_response"`
)

// maxRawDepth bounds the nesting of a JSON value (tool call arguments)
// copied as it is; a deeper one is written as a string, which every JSON
// parser reads (Python's stops near 1,000 levels).
const maxRawDepth = 64

// appendInputMessagesKey writes llm.input.messages (when the content
// parses as convention messages) and, unless the span recorded it, the
// message count. Content that does not parse is written as it is, a string.
func (e *Encoder) appendInputMessagesKey(dst []byte, n *int, g *genai) []byte {
	e.parts = e.parts[:0]
	msgs, ok := e.scanMessages(g.inputJSON, e.msgs[:0])
	e.msgs = msgs[:0]
	if !ok {
		dst = appendKeyJSON(dst, n, dInputMessages)
		return e.appendStr(dst, g.inputJSON)
	}
	var sysLo, sysHi int
	if g.systemJSON != "" {
		sysLo = len(e.parts)
		sc := scanner{s: g.systemJSON}
		if !e.scanParts(&sc) || !sc.end() {
			e.parts = e.parts[:sysLo] // unreadable instructions are left out
		}
		sysHi = len(e.parts)
	}
	dst = appendKeyJSON(dst, n, dInputMessages)
	dst = append(dst, '[')
	first := true
	if system := e.parts[sysLo:sysHi]; hasText(system) {
		dst = e.openPyMessage(dst, &first, `"system"`)
		dst = e.appendText(dst, system)
		dst = append(dst, '}')
	}
	for _, m := range msgs {
		dst = e.appendPyMessages(dst, &first, m.role, e.parts[m.lo:m.hi])
	}
	dst = append(dst, ']')
	if g.src[dInputMessageCount].Type() == attribute.EMPTY && g.userSet&(1<<dInputMessageCount) == 0 {
		// Another instrumentation's span: the count from its content (the
		// count's key comes later in derivedKeys, with nothing to write).
		dst = appendKeyJSON(dst, n, dInputMessageCount)
		dst = appendInt(dst, len(msgs))
	}
	return dst
}

// appendOutputKeys writes llm.output.response (the first choice's text) and
// llm.output.tool_calls (the first choice's tool calls), and, unless the
// span recorded them, the tool calls' names and count.
func (e *Encoder) appendOutputKeys(dst []byte, n *int, g *genai) []byte {
	e.parts = e.parts[:0]
	msgs, ok := e.scanMessages(g.outputJSON, e.msgs[:0])
	e.msgs = msgs[:0]
	if !ok {
		dst = appendKeyJSON(dst, n, dOutputResponse)
		return e.appendStr(dst, g.outputJSON)
	}
	var parts []rawPart
	if len(msgs) > 0 {
		parts = e.parts[msgs[0].lo:msgs[0].hi]
	}
	dst = appendKeyJSON(dst, n, dOutputResponse)
	dst = e.appendText(dst, parts)
	calls := 0
	for i := range parts {
		if parts[i].typ == partToolCall {
			calls++
		}
	}
	if calls == 0 {
		return dst
	}
	if g.userSet&(1<<dOutputToolCalls) == 0 {
		dst = appendKeyJSON(dst, n, dOutputToolCalls)
		dst = e.appendToolCalls(dst, parts)
	}
	if !g.toolNamesSet && g.userSet&(1<<dOutputToolCallNames) == 0 {
		dst = appendKeyJSON(dst, n, dOutputToolCallNames)
		dst = append(dst, '[')
		k := 0
		for i := range parts {
			if parts[i].typ == partToolCall {
				if k > 0 {
					dst = append(dst, ',')
				}
				k++
				dst = e.appendRawString(dst, parts[i].name)
			}
		}
		dst = append(dst, ']')
	}
	if g.src[dOutputToolCallCount].Type() == attribute.EMPTY && g.userSet&(1<<dOutputToolCallCount) == 0 {
		dst = appendKeyJSON(dst, n, dOutputToolCallCount)
		dst = appendInt(dst, calls)
	}
	return dst
}

// appendPyMessages writes one convention message as Python-shaped
// messages: its text and tool calls as one message of its role, then each
// tool result as a message of role "tool".
func (e *Encoder) appendPyMessages(dst []byte, first *bool, role string, parts []rawPart) []byte {
	calls, results := 0, 0
	for i := range parts {
		switch parts[i].typ {
		case partToolCall:
			calls++
		case partToolResp:
			results++
		}
	}
	if results == 0 || calls > 0 || hasText(parts) {
		dst = e.openPyMessage(dst, first, role)
		dst = e.appendText(dst, parts)
		if calls > 0 {
			dst = append(dst, `,"tool_calls":`...)
			dst = e.appendToolCalls(dst, parts)
		}
		dst = append(dst, '}')
	}
	for i := range parts {
		if p := &parts[i]; p.typ == partToolResp {
			dst = e.openPyMessage(dst, first, `"tool"`)
			dst = e.appendRawString(dst, p.response)
			dst = append(dst, `,"tool_call_id":`...)
			dst = e.appendRawString(dst, p.id)
			dst = append(dst, '}')
		}
	}
	return dst
}

// openPyMessage writes `{"role":<role>,"content":`, after a comma unless it
// is the first message.
func (e *Encoder) openPyMessage(dst []byte, first *bool, role string) []byte {
	if !*first {
		dst = append(dst, ',')
	}
	*first = false
	dst = append(dst, `{"role":`...)
	dst = e.appendRawString(dst, role)
	return append(dst, `,"content":`...)
}

// appendToolCalls writes the tool_call parts as [{"id","name","arguments"}].
func (e *Encoder) appendToolCalls(dst []byte, parts []rawPart) []byte {
	dst = append(dst, '[')
	k := 0
	for i := range parts {
		p := &parts[i]
		if p.typ != partToolCall {
			continue
		}
		if k > 0 {
			dst = append(dst, ',')
		}
		k++
		dst = append(dst, `{"id":`...)
		dst = e.appendRawString(dst, p.id)
		dst = append(dst, `,"name":`...)
		dst = e.appendRawString(dst, p.name)
		dst = append(dst, `,"arguments":`...)
		dst = e.appendRawValue(dst, p.arguments)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// hasText reports whether parts hold a text part.
func hasText(parts []rawPart) bool {
	for i := range parts {
		if parts[i].typ == partText {
			return true
		}
	}
	return false
}

// appendText writes the text of the text parts, joined by newlines, as one
// JSON string.
func (e *Encoder) appendText(dst []byte, parts []rawPart) []byte {
	count, size := 0, 0
	fast := true
	last := -1
	for i := range parts {
		if parts[i].typ != partText {
			continue
		}
		c := parts[i].content
		count++
		last = i
		size += len(c)
		fast = fast && isString(c) && utf8.ValidString(c)
	}
	switch {
	case count == 0:
		return append(dst, `""`...)
	case count == 1:
		return e.appendRawString(dst, parts[last].content)
	case fast && (e.MaxValueBytes <= 0 || size <= e.MaxValueBytes):
		dst = append(dst, '"')
		k := 0
		for i := range parts {
			if parts[i].typ == partText {
				if k > 0 {
					dst = append(dst, `\n`...)
				}
				k++
				c := parts[i].content
				dst = append(dst, c[1:len(c)-1]...)
			}
		}
		return append(dst, '"')
	}
	text := ""
	k := 0
	for i := range parts {
		if parts[i].typ == partText {
			if k > 0 {
				text += "\n"
			}
			k++
			text += textOf(parts[i].content)
		}
	}
	return e.appendStr(dst, text)
}

// appendRawString writes a raw JSON value as a JSON string: a string token
// as it is when it is valid UTF-8 within the value bound, else its text
// (unescaped, then bounded and escaped as any value); any other value's
// JSON text as a string; null for an absent value.
func (e *Encoder) appendRawString(dst []byte, raw string) []byte {
	switch {
	case raw == "":
		return append(dst, "null"...)
	case isString(raw) && (e.MaxValueBytes <= 0 || len(raw)-2 <= e.MaxValueBytes) && utf8.ValidString(raw):
		return append(dst, raw...)
	}
	return e.appendStr(dst, textOf(raw))
}

// appendRawValue writes a raw JSON value as it is when it is small, shallow
// and valid UTF-8, else as a (bounded) string of its text.
func (e *Encoder) appendRawValue(dst []byte, raw string) []byte {
	switch {
	case raw == "":
		return append(dst, "null"...)
	case (e.MaxValueBytes <= 0 || len(raw) <= e.MaxValueBytes) && rawDepth(raw) <= maxRawDepth && utf8.ValidString(raw):
		return append(dst, raw...)
	}
	return e.appendStr(dst, textOf(raw))
}

func isString(raw string) bool { return len(raw) >= 2 && raw[0] == '"' }

// textOf returns a JSON string token's text, or any other value's JSON
// text. It allocates: only the slow paths call it.
func textOf(raw string) string {
	if isString(raw) {
		var s string
		if json.Unmarshal([]byte(raw), &s) == nil {
			return s
		}
	}
	return raw
}

// rawDepth returns the deepest nesting of arrays and objects in a valid
// JSON value.
func rawDepth(raw string) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			deepest = max(deepest, depth)
		case c == ']' || c == '}':
			depth--
		}
	}
	return deepest
}

// scanMessages reads s as a JSON array of convention messages, appending
// their parts to e.parts and the messages to msgs. ok is false when s is
// not such an array (or is malformed JSON).
func (e *Encoder) scanMessages(s string, msgs []rawMsg) (_ []rawMsg, ok bool) {
	sc := scanner{s: s}
	if !sc.open('[') {
		return msgs, false
	}
	for more := !sc.close(']'); more; more = sc.next(']') {
		if !sc.open('{') {
			return msgs, false
		}
		m := rawMsg{lo: len(e.parts)}
		for more := !sc.close('}'); more; more = sc.next('}') {
			key, ok := sc.key()
			if !ok {
				return msgs, false
			}
			switch key {
			case `"role"`:
				m.role = sc.value()
			case `"parts"`:
				if !e.scanParts(&sc) {
					return msgs, false
				}
			default:
				sc.value()
			}
		}
		m.hi = len(e.parts)
		msgs = append(msgs, m)
	}
	return msgs, sc.end()
}

// scanParts reads a JSON array of convention parts into e.parts.
func (e *Encoder) scanParts(sc *scanner) bool {
	if !sc.open('[') {
		return false
	}
	for more := !sc.close(']'); more; more = sc.next(']') {
		if !sc.open('{') {
			return false
		}
		var p rawPart
		for more := !sc.close('}'); more; more = sc.next('}') {
			key, ok := sc.key()
			if !ok {
				return false
			}
			v := sc.value()
			switch key {
			case `"type"`:
				p.typ = v
			case `"content"`:
				p.content = v
			case `"id"`:
				p.id = v
			case `"name"`:
				p.name = v
			case `"arguments"`:
				p.arguments = v
			case `"response"`:
				p.response = v
			}
		}
		e.parts = append(e.parts, p)
	}
	return !sc.bad
}

// scanner reads JSON text without allocating. Once bad, every method fails.
type scanner struct {
	s     string
	i     int
	depth int
	bad   bool
}

// maxScanDepth bounds the nesting the scanner follows.
const maxScanDepth = 512

func (sc *scanner) ws() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// open consumes the opening bracket c.
func (sc *scanner) open(c byte) bool {
	sc.ws()
	if sc.bad || sc.i >= len(sc.s) || sc.s[sc.i] != c {
		sc.bad = true
		return false
	}
	sc.i++
	return true
}

// close consumes the closing bracket c if it comes next.
func (sc *scanner) close(c byte) bool {
	sc.ws()
	if !sc.bad && sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

// next consumes a comma, reporting that another member follows, or the
// closing bracket c, reporting that none does.
func (sc *scanner) next(c byte) bool {
	sc.ws()
	if sc.bad || sc.i >= len(sc.s) {
		sc.bad = true
		return false
	}
	switch sc.s[sc.i] {
	case ',':
		sc.i++
		return true
	case c:
		sc.i++
		return false
	}
	sc.bad = true
	return false
}

// key reads an object member's key and its colon.
func (sc *scanner) key() (string, bool) {
	sc.ws()
	k := sc.str()
	sc.ws()
	if sc.bad || sc.i >= len(sc.s) || sc.s[sc.i] != ':' {
		sc.bad = true
		return "", false
	}
	sc.i++
	return k, true
}

// end reports whether the text was well formed and nothing but space
// follows.
func (sc *scanner) end() bool {
	sc.ws()
	return !sc.bad && sc.i == len(sc.s)
}

// value reads any JSON value and returns its text.
func (sc *scanner) value() string {
	sc.ws()
	if sc.bad || sc.i >= len(sc.s) {
		sc.bad = true
		return ""
	}
	start := sc.i
	switch c := sc.s[sc.i]; {
	case c == '"':
		return sc.str()
	case c == '{' || c == '[':
		sc.depth++
		if sc.depth > maxScanDepth {
			sc.bad = true
			return ""
		}
		sc.i++
		closing := byte(']')
		if c == '{' {
			closing = '}'
		}
		for more := !sc.close(closing); more; more = sc.next(closing) {
			if c == '{' {
				if _, ok := sc.key(); !ok {
					return ""
				}
			}
			sc.value()
		}
		sc.depth--
	case c == 't':
		sc.literal("true")
	case c == 'f':
		sc.literal("false")
	case c == 'n':
		sc.literal("null")
	default:
		sc.number()
	}
	if sc.bad {
		return ""
	}
	return sc.s[start:sc.i]
}

func (sc *scanner) literal(lit string) {
	if len(sc.s)-sc.i < len(lit) || sc.s[sc.i:sc.i+len(lit)] != lit {
		sc.bad = true
		return
	}
	sc.i += len(lit)
}

// number reads a JSON number.
func (sc *scanner) number() {
	s, i := sc.s, sc.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case digits() == 0:
		sc.bad = true
		return
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			sc.bad = true
			return
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			sc.bad = true
			return
		}
	}
	sc.i = i
}

// str reads a JSON string token and returns it, quotes included.
func (sc *scanner) str() string {
	s, i := sc.s, sc.i
	if sc.bad || i >= len(s) || s[i] != '"' {
		sc.bad = true
		return ""
	}
	for i++; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			tok := s[sc.i : i+1]
			sc.i = i + 1
			return tok
		case c < 0x20:
			sc.bad = true
			return ""
		case c == '\\':
			i++
			if i >= len(s) {
				sc.bad = true
				return ""
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) || !isHex(s[i+3]) || !isHex(s[i+4]) {
					sc.bad = true
					return ""
				}
				i += 4
			default:
				sc.bad = true
				return ""
			}
		}
	}
	sc.bad = true
	return ""
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
