package goopenai

import (
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strconv"
)

// scanner reads the few fields the integration needs from a JSON document
// without decoding the rest: request parameters, stream chunks, response
// ids and usage. It never allocates (strings come back as slices of the
// input), never panics on malformed input, and stops at the first syntax
// error: bad is set and every later call reports nothing. Decoding these
// documents with encoding/json costs several microseconds a chunk, over the
// one-microsecond budget of a streamed chunk.
type scanner struct {
	b     []byte
	i     int
	depth int
	bad   bool
}

// maxDepth bounds the nesting skip follows, so that hostile input cannot
// exhaust the stack.
const maxDepth = 256

func (s *scanner) reset(b []byte) { *s = scanner{b: b} }

func (s *scanner) fail() { s.bad, s.i = true, len(s.b) }

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// object starts reading an object; it reports false (and fails) when the
// next value is not one. Read its members with more and key.
func (s *scanner) object() bool {
	if s.bad || s.peek() != '{' {
		s.fail()
		return false
	}
	s.i++
	return true
}

// array starts reading an array; it reports false (and fails) when the
// next value is not one. Read its elements with more.
func (s *scanner) array() bool {
	if s.bad || s.peek() != '[' {
		s.fail()
		return false
	}
	s.i++
	return true
}

// more reports whether the object or array being read has another member,
// consuming the separating comma, or the closing end byte when it has not.
// first must be true before the first member.
func (s *scanner) more(end byte, first *bool) bool {
	if s.bad {
		return false
	}
	c := s.peek()
	if c == end {
		s.i++
		return false
	}
	if !*first {
		if c != ',' {
			s.fail()
			return false
		}
		s.i++
	}
	*first = false
	return true
}

// key reads a member's name and its colon. The name is returned as it is
// in the input (escapes left in place: the names looked for have none).
func (s *scanner) key() []byte {
	k, _ := s.str()
	if s.bad || s.peek() != ':' {
		s.fail()
		return nil
	}
	s.i++
	return k
}

// str reads a string and returns its raw content between the quotes, and
// whether it holds escapes (see unquote).
func (s *scanner) str() (raw []byte, escaped bool) {
	if s.bad || s.peek() != '"' {
		s.fail()
		return nil, false
	}
	start := s.i + 1
	b := s.b
	i := start
	for i < len(b) {
		// Eight bytes at a time up to the first quote or backslash.
		for i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			if m := special(w); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		if i >= len(b) {
			break
		}
		switch b[i] {
		case '"':
			s.i = i + 1
			return b[start:i], escaped
		case '\\':
			escaped = true
			i += 2
		default:
			i++
		}
	}
	s.fail()
	return nil, false
}

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special returns a mask with the high bit set in each byte of w (read
// little-endian) that is a quote or a backslash, and possibly in bytes
// after the first such one (the usual carry of this test), never before.
func special(w uint64) uint64 {
	q := w ^ (lows * '"')
	bs := w ^ (lows * '\\')
	return ((q-lows)&^q | (bs-lows)&^bs) & highs
}

// strOrNull reads a string or null (returned as nil); anything else is
// skipped and returned as nil.
func (s *scanner) strOrNull() (raw []byte, escaped bool) {
	if s.peek() == '"' {
		return s.str()
	}
	s.skip()
	return nil, false
}

// null consumes a null and reports whether there was one.
func (s *scanner) null() bool {
	if s.peek() == 'n' && len(s.b)-s.i >= 4 && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// number reads a number and returns its text; anything else is skipped
// and nil returned.
func (s *scanner) number() []byte {
	c := s.peek()
	if c != '-' && (c < '0' || c > '9') {
		s.skip()
		return nil
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			s.i++
			continue
		}
		break
	}
	return s.b[start:s.i]
}

// int reads an integer (a number without fraction or exponent within
// int64); anything else is skipped and reported as not ok.
func (s *scanner) int() (int64, bool) {
	num := s.number()
	if len(num) == 0 {
		return 0, false
	}
	neg := num[0] == '-'
	if neg {
		num = num[1:]
	}
	if len(num) == 0 || len(num) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range num {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// float reads a number; anything else is skipped and reported as not ok.
func (s *scanner) float() (float64, bool) {
	num := s.number()
	if len(num) == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(num), 64)
	return f, err == nil
}

// value skips the next value and returns its raw bytes.
func (s *scanner) value() []byte {
	s.ws()
	start := s.i
	s.skip()
	if s.bad {
		return nil
	}
	return s.b[start:s.i]
}

// skip skips the next value, whatever it is.
func (s *scanner) skip() {
	switch s.peek() {
	case '"':
		s.str()
	case '{':
		s.depth++
		if s.depth > maxDepth {
			s.fail()
			return
		}
		s.i++
		for first := true; s.more('}', &first); {
			s.key()
			s.skip()
		}
		s.depth--
	case '[':
		s.depth++
		if s.depth > maxDepth {
			s.fail()
			return
		}
		s.i++
		for first := true; s.more(']', &first); {
			s.skip()
		}
		s.depth--
	case 't':
		s.literal("true")
	case 'f':
		s.literal("false")
	case 'n':
		s.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		s.number()
	default:
		s.fail()
	}
}

func (s *scanner) literal(lit string) {
	if len(s.b)-s.i >= len(lit) && string(s.b[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return
	}
	s.fail()
}

// unquote returns the text of a string read by str: raw itself when it
// holds no escapes, else its JSON unescaping (invalid escapes become
// U+FFFD through encoding/json's rules, or the raw text when it cannot be
// read at all).
func unquote(raw []byte, escaped bool) string {
	if !escaped {
		return string(raw)
	}
	q := make([]byte, 0, len(raw)+2)
	q = append(q, '"')
	q = append(q, raw...)
	q = append(q, '"')
	var out string
	if json.Unmarshal(q, &out) != nil {
		return string(raw)
	}
	return out
}
