package jsontext

import "unicode/utf8"

// Truncate appends raw as AppendValue does, shortened when needed so that the
// appended text is one valid JSON value of at most limit bytes. original is
// the length AppendValue would have appended; original > len(out)-len(dst)
// means raw was shortened. A limit <= 0 means no limit; a positive limit
// below 2 is raised to 2.
//
// Shortening goes in two steps. First the longest string values (never
// object keys) are cut to a common length, the largest that makes the value
// fit but not below the floor that keeps the truncation note (see FitCap),
// so each cut string keeps its head and ends with the note. If the value still does not fit, trailing array
// elements and object members are dropped: each array and object keeps its
// members while they fit, then as much of the next one as fits (a nested
// array or object, or a string with room for the note; never part of a
// number or literal), and is closed. Input that is not valid JSON is
// treated as a string; a number or literal that alone exceeds limit is
// written as a cut string of its text.
//
// Truncate does not allocate when raw fits and dst has room; shortening
// allocates a small index of raw's values.
func Truncate(dst []byte, raw []byte, limit int) (out []byte, original int) {
	start := len(dst)
	if limit <= 0 {
		out = AppendValue(dst, raw)
		return out, len(out) - start
	}
	limit = max(limit, 2)
	valid := true
	if len(raw) <= limit {
		// Likely to fit: write it, and undo if it did not.
		dst, valid = appendValue(dst, raw)
		original = len(dst) - start
		if original <= limit {
			return dst, original
		}
		dst = dst[:start]
	} else {
		// Measure first so that a large value is not written in full.
		original, valid = measureValue(raw)
		if original <= limit {
			dst, _ = appendValue(dst, raw)
			return dst, original
		}
	}
	if !valid {
		return appendCut(dst, raw, limit), original
	}
	t := tree{raw: raw}
	t.parse(0, -1, 0)
	return t.emit(dst, limit), original
}

// FitCap returns the cap that makes values of the given encoded sizes fit in
// budget bytes when every value larger than the cap is cut to at most the
// cap: 0 when they fit uncut; otherwise the largest cap not below the floor
// that fits, with ok false when even the floor does not fit (the cap is then
// the floor). The floor is CutFloor of the largest size, so that every cut
// value keeps the truncation note. Cutting to a common cap shortens the
// largest values first.
func FitCap(sizes []int, budget int) (capBytes int, ok bool) {
	total, largest := 0, 0
	for _, s := range sizes {
		total += s
		largest = max(largest, s)
	}
	if total <= budget {
		return 0, true
	}
	least := CutFloor(largest)
	floor := 0
	for _, s := range sizes {
		floor += min(s, least)
	}
	if floor > budget {
		return least, false
	}
	// sum(min(s, c)) grows with c; find the largest c in [least, largest)
	// that fits. lo always fits, hi never does.
	lo, hi := least, largest
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		sum := 0
		for _, s := range sizes {
			sum += min(s, mid)
		}
		if sum <= budget {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, true
}

// node is one value of a tree, in document order.
type node struct {
	kind   byte // '{', '[', '"', or 0 for a number or literal
	key    int  // offset in raw of the member's key, or -1 in an array or at the root
	keyLen int  // compacted length of the key
	start  int  // offset in raw of the value
	end    int  // offset in raw just after the value
	full   int  // compacted length of the value
	capped int  // upper bound of that length once strings are capped
	next   int  // index of the node after this one's subtree
}

// tree indexes the values of valid JSON text.
type tree struct {
	raw   []byte
	nodes []node
	capB  int // strings longer than capB are cut; 0 cuts none
}

func skipSpace(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// parse indexes the value at raw[pos:] (raw is known valid) and returns the
// offset after it.
func (t *tree) parse(pos, key, keyLen int) int {
	raw := t.raw
	pos = skipSpace(raw, pos)
	idx := len(t.nodes)
	t.nodes = append(t.nodes, node{key: key, keyLen: keyLen, start: pos})
	kind, full := byte(0), 0
	switch b := raw[pos]; b {
	case '{', '[':
		kind, full = b, 2
		pos++
		count := 0
		for {
			pos = skipSpace(raw, pos)
			if raw[pos] == '}' || raw[pos] == ']' {
				pos++
				break
			}
			if raw[pos] == ',' {
				pos = skipSpace(raw, pos+1)
			}
			ck, ckl := -1, 0
			if b == '{' {
				c := compactor{src: raw, i: pos}
				c.str()
				ck, ckl = pos, c.n
				pos = skipSpace(raw, c.i) + 1 // past ':'
				full += ckl + 1
			}
			child := len(t.nodes)
			pos = t.parse(pos, ck, ckl)
			full += t.nodes[child].full
			count++
		}
		if count > 1 {
			full += count - 1
		}
	case '"':
		c := compactor{src: raw, i: pos}
		c.str()
		kind, full, pos = '"', c.n, c.i
	default:
		end := pos
		for end < len(raw) && !isDelim(raw[end]) {
			end++
		}
		full, pos = end-pos, end
	}
	nd := &t.nodes[idx]
	nd.kind, nd.end, nd.full, nd.next = kind, pos, full, len(t.nodes)
	return pos
}

func isDelim(b byte) bool {
	switch b {
	case ',', ']', '}', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// setCap caps the strings so the whole value fits limit if it can, and
// computes every node's capped length.
func (t *tree) setCap(limit int) {
	var sizes []int
	for i := range t.nodes {
		if t.nodes[i].kind == '"' {
			sizes = append(sizes, t.nodes[i].full)
		}
	}
	strs := 0
	for _, s := range sizes {
		strs += s
	}
	t.capB, _ = FitCap(sizes, limit-(t.nodes[0].full-strs))
	for i := len(t.nodes) - 1; i >= 0; i-- {
		nd := &t.nodes[i]
		switch nd.kind {
		case '"':
			nd.capped = nd.full
			if t.capB > 0 && nd.full > t.capB {
				nd.capped = t.capB
			}
		case '{', '[':
			size, count := 2, 0
			for j := i + 1; j < nd.next; j = t.nodes[j].next {
				size += t.memberLen(j)
				count++
			}
			if count > 1 {
				size += count - 1
			}
			nd.capped = size
		default:
			nd.capped = nd.full
		}
	}
}

// memberLen is the capped length of node j with its key and colon.
func (t *tree) memberLen(j int) int {
	n := t.nodes[j].capped
	if t.nodes[j].key >= 0 {
		n += t.nodes[j].keyLen + 1
	}
	return n
}

func (t *tree) emit(dst []byte, limit int) []byte {
	t.setCap(limit)
	root := &t.nodes[0]
	switch {
	case root.capped <= limit:
		return t.emitFull(dst, 0)
	case root.kind == 0:
		return appendCut(dst, t.raw[root.start:root.end], limit)
	}
	return t.emitPartial(dst, 0, limit)
}

// emitKey appends the key of node j, if any, and its colon.
func (t *tree) emitKey(dst []byte, j int) []byte {
	if k := t.nodes[j].key; k >= 0 {
		c := compactor{src: t.raw, i: k, dst: dst, write: true}
		c.str()
		dst = append(c.dst, ':')
	}
	return dst
}

// emitFull appends node i with its strings capped.
func (t *tree) emitFull(dst []byte, i int) []byte {
	nd := &t.nodes[i]
	if nd.capped == nd.full {
		c := compactor{src: t.raw[:nd.end], i: nd.start, dst: dst, write: true}
		c.value(0)
		return c.dst
	}
	if nd.kind == '"' {
		return appendRawCut(dst, t.raw[nd.start+1:nd.end-1], t.capB)
	}
	dst = append(dst, t.raw[nd.start])
	for j := i + 1; j < nd.next; j = t.nodes[j].next {
		if j > i+1 {
			dst = append(dst, ',')
		}
		dst = t.emitKey(dst, j)
		dst = t.emitFull(dst, j)
	}
	return append(dst, closer(nd.kind))
}

func closer(open byte) byte {
	if open == '{' {
		return '}'
	}
	return ']'
}

// emitPartial appends node i, a container or a string, in at most budget
// (>= 2) bytes: whole members while they fit, then as much of the next one
// as fits, then the closing bracket.
func (t *tree) emitPartial(dst []byte, i, budget int) []byte {
	nd := &t.nodes[i]
	if nd.kind == '"' {
		return appendRawCut(dst, t.raw[nd.start+1:nd.end-1], budget)
	}
	dst = append(dst, t.raw[nd.start])
	rem := budget - 2
	for j := i + 1; j < nd.next; j = t.nodes[j].next {
		over := 0
		if j > i+1 {
			over = 1
		}
		if k := t.nodes[j]; k.key >= 0 {
			over += k.keyLen + 1
		}
		if over+t.nodes[j].capped <= rem {
			if j > i+1 {
				dst = append(dst, ',')
			}
			dst = t.emitKey(dst, j)
			dst = t.emitFull(dst, j)
			rem -= over + t.nodes[j].capped
			continue
		}
		least := 0
		switch t.nodes[j].kind {
		case '{', '[':
			least = 2
		case '"':
			least = CutFloor(t.nodes[j].end - t.nodes[j].start) // a cut string shows the note
		}
		if least > 0 && over+least <= rem {
			if j > i+1 {
				dst = append(dst, ',')
			}
			dst = t.emitKey(dst, j)
			dst = t.emitPartial(dst, j, rem-over)
		}
		break
	}
	return append(dst, closer(nd.kind))
}

// appendRawCut appends a JSON string whose escaped body (as written in JSON
// text, valid) is body, cut to at most maxBytes (>= 2) with the truncation
// note when there is room for it. Escape sequences, and surrogate pairs
// written as two escapes, are never split.
func appendRawCut(dst []byte, body []byte, maxBytes int) []byte {
	j := cutWithNote(len(body), maxBytes-2, func(budget int) int { return rawCutIndex(body, budget) })
	dst = append(dst, '"')
	if j < 0 {
		return append(appendRawBody(dst, body[:rawCutIndex(body, maxBytes-2)]), '"')
	}
	dst = appendRawBody(dst, body[:j])
	dst = AppendMarker(dst, len(body)-j)
	return append(dst, '"')
}

// rawCutIndex returns the largest j such that body[:j] (escaped JSON string
// text) ends between escapes and runes and is written in at most budget
// bytes.
func rawCutIndex(body []byte, budget int) int {
	j, size := 0, 0
	for j < len(body) {
		in, out := 1, 1
		switch c := body[j]; {
		case c == '\\':
			in = 2
			if body[j+1] == 'u' {
				in = 6
				if isSurrogatePair(body[j:]) {
					in = 12
				}
			}
			out = in
		case c >= utf8.RuneSelf:
			in, out = runeLen(body, j)
		}
		if size+out > budget {
			break
		}
		j += in
		size += out
	}
	return j
}

// appendRawBody appends the body of a string as written in JSON text,
// fixed as the compactor fixes it: invalid UTF-8 becomes U+FFFD and U+2028
// and U+2029 are escaped.
func appendRawBody(dst, body []byte) []byte {
	start, i := 0, 0
	for i < len(body) {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		var fixed bool
		if dst, i, fixed = fixRune(dst, body, start, i); fixed {
			start = i
		}
	}
	return append(dst, body[start:]...)
}

// isSurrogatePair reports whether s starts with two \uXXXX escapes forming
// a UTF-16 surrogate pair.
func isSurrogatePair(s []byte) bool {
	if len(s) < 12 || s[6] != '\\' || s[7] != 'u' {
		return false
	}
	hi, lo := hex4(s[2:6]), hex4(s[8:12])
	return 0xD800 <= hi && hi < 0xDC00 && 0xDC00 <= lo && lo < 0xE000
}

func hex4(s []byte) int {
	n := 0
	for _, b := range s {
		switch {
		case isDigit(b):
			n = n<<4 | int(b-'0')
		case 'a' <= b && b <= 'f':
			n = n<<4 | int(b-'a'+10)
		case 'A' <= b && b <= 'F':
			n = n<<4 | int(b-'A'+10)
		default:
			return -1
		}
	}
	return n
}
