package jsontext

// maxDepth bounds the nesting of arrays and objects accepted as JSON, as
// encoding/json does; deeper input is treated as not JSON.
const maxDepth = 10000

// AppendValue appends raw when it is one valid JSON value, compacted: the
// whitespace between tokens is dropped, invalid UTF-8 inside strings becomes
// U+FFFD, and U+2028 and U+2029 inside strings are escaped; escapes, numbers
// and member order are kept as written. Anything else (empty input, invalid
// JSON, trailing data, nesting deeper than 10000) is appended as a JSON
// string of its bytes (see AppendString). Either way the output is valid
// UTF-8 JSON.
func AppendValue(dst []byte, raw []byte) []byte {
	out, _ := appendValue(dst, raw)
	return out
}

// appendValue is AppendValue that also reports whether raw was valid JSON.
func appendValue(dst []byte, raw []byte) ([]byte, bool) {
	c := compactor{src: raw, dst: dst, write: true}
	if c.document() {
		return c.dst, true
	}
	out := c.dst[:len(dst)] // reuse any capacity the attempt grew
	out = append(out, '"')
	out = appendEscaped(out, raw)
	return append(out, '"'), false
}

// ValueLen returns len(AppendValue(nil, raw)) without writing anything.
func ValueLen(raw []byte) int {
	n, _ := measureValue(raw)
	return n
}

// measureValue returns len(AppendValue(nil, raw)) and whether raw is valid
// JSON.
func measureValue(raw []byte) (int, bool) {
	c := compactor{src: raw}
	if c.document() {
		return c.n, true
	}
	return stringLen(raw), false
}

// Valid reports whether raw is one JSON value, optionally surrounded by
// whitespace, nested at most 10000 deep. Like encoding/json, it accepts
// invalid UTF-8 inside strings.
func Valid(raw []byte) bool {
	c := compactor{src: raw}
	return c.document()
}

// compactor checks JSON text and, when write is set, appends its compact
// form to dst; otherwise it counts the bytes it would append in n.
type compactor struct {
	src   []byte
	i     int
	dst   []byte
	n     int
	write bool
}

func (c *compactor) emit(b []byte) {
	if c.write {
		c.dst = append(c.dst, b...)
	} else {
		c.n += len(b)
	}
}

func (c *compactor) emitString(s string) {
	if c.write {
		c.dst = append(c.dst, s...)
	} else {
		c.n += len(s)
	}
}

func (c *compactor) emitByte(b byte) {
	if c.write {
		c.dst = append(c.dst, b)
	} else {
		c.n++
	}
}

// document parses one value with optional whitespace around it.
func (c *compactor) document() bool {
	if !c.value(0) {
		return false
	}
	c.skipSpace()
	return c.i == len(c.src)
}

func (c *compactor) skipSpace() {
	for c.i < len(c.src) {
		switch c.src[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

func (c *compactor) value(depth int) bool {
	c.skipSpace()
	if c.i >= len(c.src) {
		return false
	}
	switch b := c.src[c.i]; b {
	case '{', '[':
		if depth >= maxDepth {
			return false
		}
		return c.container(b, depth+1)
	case '"':
		return c.str()
	case 't':
		return c.literal("true")
	case 'f':
		return c.literal("false")
	case 'n':
		return c.literal("null")
	}
	return c.number()
}

// container parses an object (open == '{') or an array.
func (c *compactor) container(open byte, depth int) bool {
	end := byte(']')
	if open == '{' {
		end = '}'
	}
	c.emitByte(open)
	c.i++
	c.skipSpace()
	if c.i < len(c.src) && c.src[c.i] == end {
		c.emitByte(end)
		c.i++
		return true
	}
	for {
		if open == '{' {
			c.skipSpace()
			if c.i >= len(c.src) || c.src[c.i] != '"' || !c.str() {
				return false
			}
			c.skipSpace()
			if c.i >= len(c.src) || c.src[c.i] != ':' {
				return false
			}
			c.emitByte(':')
			c.i++
		}
		if !c.value(depth) {
			return false
		}
		c.skipSpace()
		if c.i >= len(c.src) {
			return false
		}
		switch c.src[c.i] {
		case ',':
			c.emitByte(',')
			c.i++
		case end:
			c.emitByte(end)
			c.i++
			return true
		default:
			return false
		}
	}
}

func (c *compactor) literal(lit string) bool {
	if len(c.src)-c.i < len(lit) || string(c.src[c.i:c.i+len(lit)]) != lit {
		return false
	}
	c.emitString(lit)
	c.i += len(lit)
	return true
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// number parses -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (c *compactor) number() bool {
	s, i := c.src, c.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && isDigit(s[i]):
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	c.emit(s[c.i:i])
	c.i = i
	return true
}

func isHex(b byte) bool {
	return isDigit(b) || 'A' <= b&^0x20 && b&^0x20 <= 'F'
}

// str parses a string starting at the opening quote. Escapes are copied as
// written; invalid UTF-8 becomes U+FFFD and U+2028/U+2029 are escaped.
func (c *compactor) str() bool {
	s := c.src
	i := c.i + 1
	start := c.i
	for {
		if i = skipSafe(s, i); i >= len(s) {
			return false
		}
		b := s[i]
		switch {
		case b == '"':
			c.emit(s[start : i+1])
			c.i = i + 1
			return true
		case b == '\\':
			if i+1 >= len(s) {
				return false
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(s) || !isHex(s[i+2]) || !isHex(s[i+3]) || !isHex(s[i+4]) || !isHex(s[i+5]) {
					return false
				}
				i += 6
			default:
				return false
			}
		case b < 0x20:
			return false
		default:
			r, size := decodeRune(s, i)
			switch {
			case size == 1:
				c.emit(s[start:i])
				c.emitString("\uFFFD")
			case r == '\u2028' || r == '\u2029':
				c.emit(s[start:i])
				c.emitString(`\u202`)
				c.emitByte(hexDigits[r&0xF])
			default:
				i += size
				continue
			}
			i += size
			start = i
		}
	}
}
