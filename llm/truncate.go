package llm

import (
	"encoding/base64"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

// TruncationMarker begins the note that ends every string that content
// capture cut short to keep an attribute within its byte budget, so a reader
// sees that the text goes on and how much is gone: "…[truncated N bytes]".
// A blob too large for the budget keeps its type, modality and MIME type,
// and its content becomes the note alone (N counting the blob's bytes).
const TruncationMarker = jsontext.TruncationMarker

// minLimit is the smallest byte budget: "[]", the empty list, always fits.
// A positive limit below it is raised to it.
const minLimit = 2

// The ...Limit appenders write the same JSON as the appenders in
// message_json.go, at most limit bytes of it (limit <= 0 means no limit;
// a positive limit below 2 is raised to 2). original is the length of the
// untruncated JSON; original > len(out)-len(dst) means the value was
// truncated. The output is always a valid JSON array of the same schema.
//
// What is given up, in order:
//
//   - Input messages: whole messages of older history, oldest first, while
//     the system messages and the latest turn (the last user message and
//     everything after it; the last message when no message is from the
//     user) stay whole. Then the longest shrinkable values of the
//     survivors are cut to a common length, no shorter than
//     jsontext.CutFloor of the longest (enough for the note): text and
//     reasoning content keep their head and end with the truncation note,
//     tool call arguments and responses are shortened as JSON by
//     jsontext.Truncate, and a blob becomes the marker alone. If that is
//     not enough, survivors are dropped oldest first (a leading system
//     message goes first) until one message is left, then its parts from
//     the last, re-cutting at each step; finally "[]".
//   - Output messages: the choices after the first, last first; then the
//     first choice's shrinkable values; then its parts from the last; "[]".
//   - Parts (system instructions), tool definitions, documents: first the
//     longest shrinkable values (for parts the same as in messages; tool
//     descriptions and parameters; document content), then whole elements
//     from the end, re-cutting at each step; "[]".
//
// When the value fits, it is encoded once and nothing is allocated if dst
// has room. Truncation measures each element and allocates a little.

// appendInputMessagesLimit appends the JSON of msgs, at most limit bytes.
func appendInputMessagesLimit(dst []byte, msgs []Message, limit int) (out []byte, original int) {
	return appendLimited(dst, msgs, limit, &inputCodec, planInput)
}

// appendOutputMessagesLimit appends the JSON of msgs, at most limit bytes.
func appendOutputMessagesLimit(dst []byte, msgs []Message, limit int) (out []byte, original int) {
	return appendLimited(dst, msgs, limit, &outputCodec, planKeepFirst)
}

// appendPartsLimit appends the JSON of parts, at most limit bytes.
func appendPartsLimit(dst []byte, parts []Part, limit int) (out []byte, original int) {
	return appendLimited(dst, parts, limit, &partCodec, planShrinkFirst)
}

// appendToolDefinitionsLimit appends the JSON of defs, at most limit bytes.
func appendToolDefinitionsLimit(dst []byte, defs []ToolDefinition, limit int) (out []byte, original int) {
	return appendLimited(dst, defs, limit, &toolCodec, planShrinkFirst)
}

// appendDocumentsLimit appends the JSON of docs, at most limit bytes.
func appendDocumentsLimit(dst []byte, docs []Document, limit int) (out []byte, original int) {
	return appendLimited(dst, docs, limit, &documentCodec, planShrinkFirst)
}

// codec is what truncation needs to know about one kind of list element.
type codec[T any] struct {
	// append appends one element, its shrinkable values capped at capB (0: none).
	append func(dst []byte, v *T, capB int) []byte
	// shrink appends the full encoded sizes of v's shrinkable values.
	shrink func(sizes []int, v *T) []int
	// lower is a cheap lower bound of v's encoded size.
	lower func(v *T) int
	// parts and withParts, for messages only, count v's parts and keep the
	// first n of them.
	parts     func(v *T) int
	withParts func(v T, n int) T
	// role, for messages only, returns v's role.
	role func(v *T) Role
}

var (
	inputCodec = codec[Message]{
		append:    func(dst []byte, m *Message, capB int) []byte { return appendMessage(dst, m, finishNever, capB) },
		shrink:    messageShrink,
		lower:     func(m *Message) int { return messageLower(m, 0) },
		parts:     func(m *Message) int { return len(m.Parts) },
		withParts: func(m Message, n int) Message { m.Parts = m.Parts[:n]; return m },
		role:      func(m *Message) Role { return m.Role },
	}
	outputCodec = codec[Message]{
		append:    func(dst []byte, m *Message, capB int) []byte { return appendMessage(dst, m, finishAlways, capB) },
		shrink:    messageShrink,
		lower:     func(m *Message) int { return messageLower(m, len(m.FinishReason)) },
		parts:     inputCodec.parts,
		withParts: inputCodec.withParts,
		role:      inputCodec.role,
	}
	partCodec = codec[Part]{
		append: appendPart,
		shrink: partShrink,
		lower:  partLower,
	}
	toolCodec = codec[ToolDefinition]{
		append: appendToolDefinition,
		shrink: func(sizes []int, d *ToolDefinition) []int {
			if d.Description != "" {
				sizes = append(sizes, jsontext.StringLen(d.Description))
			}
			if len(d.Parameters) > 0 {
				sizes = append(sizes, jsontext.ValueLen(d.Parameters))
			}
			return sizes
		},
		lower: func(d *ToolDefinition) int { return len(`{"type":"","name":""}`) + len(d.Name) + len(d.Description) },
	}
	documentCodec = codec[Document]{
		append: appendDocument,
		shrink: func(sizes []int, d *Document) []int {
			if d.Content != "" {
				sizes = append(sizes, jsontext.StringLen(d.Content))
			}
			return sizes
		},
		lower: func(d *Document) int { return len(`{"id":"","score":0}`) + len(d.ID) + len(d.Content) },
	}
)

func messageShrink(sizes []int, m *Message) []int {
	for i := range m.Parts {
		sizes = partShrink(sizes, &m.Parts[i])
	}
	return sizes
}

// partShrink lists the shrinkable values of p exactly as appendPart writes
// them.
func partShrink(sizes []int, p *Part) []int {
	switch p.Type {
	case PartText, PartReasoning, "":
		return append(sizes, jsontext.StringLen(p.Content))
	case PartToolCall:
		if len(p.Arguments) > 0 {
			sizes = append(sizes, jsontext.ValueLen(p.Arguments))
		}
	case PartToolCallResponse:
		if len(p.Response) > 0 {
			sizes = append(sizes, jsontext.ValueLen(p.Response))
		}
	case PartBlob:
		sizes = append(sizes, blobContentLen(p))
	case PartFile, PartURI:
	default:
		if p.Content != "" || len(p.Data) > 0 {
			sizes = append(sizes, blobContentLen(p))
		}
		if len(p.Arguments) > 0 {
			sizes = append(sizes, jsontext.ValueLen(p.Arguments))
		}
		if len(p.Response) > 0 {
			sizes = append(sizes, jsontext.ValueLen(p.Response))
		}
	}
	return sizes
}

// blobContentLen is the full size of what appendBlobContent writes.
func blobContentLen(p *Part) int {
	if len(p.Data) == 0 {
		return jsontext.StringLen(p.Content)
	}
	return blobLen(p.Data)
}

func messageLower(m *Message, finish int) int {
	n := len(`{"role":"","parts":[]}`) + len(m.Role) + finish
	for i := range m.Parts {
		n += partLower(&m.Parts[i])
	}
	return n
}

// partLower is a lower bound of the size appendPart writes: the encoded
// form of a string is never shorter than the string plus its quotes.
func partLower(p *Part) int {
	n := len(`{"type":""}`)
	switch p.Type {
	case PartText, PartReasoning, "":
		n += len(p.Content)
	case PartToolCall:
		n += len(p.Name) + len(p.ID)
	case PartToolCallResponse:
		n += len(p.ID)
	case PartBlob:
		if len(p.Data) > 0 {
			n += base64.StdEncoding.EncodedLen(len(p.Data))
		} else {
			n += len(p.Content)
		}
	case PartFile:
		n += len(p.FileID)
	case PartURI:
		n += len(p.URI)
	default:
		n += len(p.Content)
	}
	return n
}

// A plan says in which order elements are given up: order lists the
// indexes to drop, one at a time, leaving one element; the first fullDrops
// of them are dropped before any value is cut.
type plan func(n int, at func(i int) Role) (order []int, fullDrops int)

// planShrinkFirst cuts values first, then drops elements from the end.
func planShrinkFirst(n int, _ func(int) Role) ([]int, int) {
	order := make([]int, 0, max(n-1, 0))
	for i := n - 1; i > 0; i-- {
		order = append(order, i)
	}
	return order, 0
}

// planKeepFirst drops every element but the first, last first, then cuts
// the first one's values.
func planKeepFirst(n int, at func(int) Role) ([]int, int) {
	order, _ := planShrinkFirst(n, at)
	return order, len(order)
}

// planInput drops older history, oldest first, then cuts the values of the
// instructions (system messages, and OpenAI's developer messages, which
// replace them on newer models) and the latest turn, then drops those,
// oldest first, down to the last message.
func planInput(n int, role func(int) Role) ([]int, int) {
	if n == 0 {
		return nil, 0
	}
	turn := n - 1 // the latest turn starts at the last user message
	for i := n - 1; i >= 0; i-- {
		if role(i) == RoleUser {
			turn = i
			break
		}
	}
	order := make([]int, 0, n-1)
	for i := range turn {
		if !isInstructions(role(i)) {
			order = append(order, i)
		}
	}
	history := len(order)
	for i := range n - 1 {
		if i >= turn || isInstructions(role(i)) {
			order = append(order, i)
		}
	}
	return order, history
}

// isInstructions reports whether a message of role r instructs the model
// rather than carrying the conversation.
func isInstructions(r Role) bool { return r == RoleSystem || r == "developer" }

// limiter holds the state of one truncation.
type limiter[T any] struct {
	c     *codec[T]
	items []T // a copy only when the last survivor's parts are trimmed
	limit int
	kept  []bool
	count int     // items kept
	total int     // encoded size of the kept items
	full  []int   // encoded size of each item
	fixed []int   // full minus the shrinkable sizes; valid once sizes is set
	sizes [][]int // shrinkable sizes of each item
	buf   []byte  // dst, whose spare capacity serves to measure
}

// appendLimited is the shared body of the ...Limit appenders.
func appendLimited[T any](dst []byte, items []T, limit int, c *codec[T], p plan) ([]byte, int) {
	start := len(dst)
	if limit > 0 {
		limit = max(limit, minLimit)
		lower := minLimit + max(len(items)-1, 0)
		for i := range items {
			lower += c.lower(&items[i])
		}
		if lower > limit {
			return truncateList(dst, items, limit, c, p)
		}
	}
	dst = append(dst, '[')
	for i := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = c.append(dst, &items[i], 0)
	}
	dst = append(dst, ']')
	n := len(dst) - start
	if limit <= 0 || n <= limit {
		return dst, n
	}
	return truncateList(dst[:start], items, limit, c, p)
}

func truncateList[T any](dst []byte, items []T, limit int, c *codec[T], p plan) ([]byte, int) {
	n := len(items)
	l := &limiter[T]{c: c, items: items, limit: limit, kept: make([]bool, n), full: make([]int, n), buf: dst}
	original := minLimit + max(n-1, 0)
	for i := range items {
		l.kept[i] = true
		l.full[i] = l.measure(&items[i])
		original += l.full[i]
	}
	l.count, l.total = n, original-(minLimit+max(n-1, 0))
	order, fullDrops := p(n, func(i int) Role {
		if c.role == nil {
			return ""
		}
		return c.role(&items[i])
	})
	// Drops that cannot make the rest fit, even with every value cut to the
	// shortest cut, are taken at once: with thousands of items, trying each
	// one would cost time quadratic in their number.
	l.initSizes()
	smallest := func(i int) int {
		m := l.fixed[i]
		for _, sz := range l.sizes[i] {
			m += min(sz, jsontext.MinCutLen)
		}
		return m
	}
	least := 0
	for i := range items {
		least += smallest(i)
	}
	step := 0
	for ; step < len(order) && l.overhead()+least > l.limit; step++ {
		least -= smallest(order[step])
		l.drop(order[step])
	}
	for ; ; step++ {
		if l.fitsWhole() {
			return l.emit(0), original
		}
		if step >= fullDrops {
			if capB, ok := l.fitCap(); ok {
				return l.emit(capB), original
			}
		}
		if step == len(order) {
			break
		}
		l.drop(order[step])
	}
	// One element is left. Messages give up their parts, last first: the
	// most parts that fit is found by bisection (fewer parts never need
	// more room), not one part at a time.
	if last := l.lastKept(); last >= 0 && c.parts != nil {
		l.items = append([]T(nil), l.items...)
		whole := l.items[last]
		try := func(k int) (int, bool) {
			l.items[last] = c.withParts(whole, k)
			l.total -= l.full[last]
			l.full[last] = l.measure(&l.items[last])
			l.total += l.full[last]
			if l.sizes != nil {
				l.setSizes(last)
			}
			if l.fitsWhole() {
				return 0, true
			}
			return l.fitCap()
		}
		lo, hi := -1, c.parts(&whole)-1 // try(lo) fits (or lo is -1); the answer is in [lo, hi]
		for lo < hi {
			mid := lo + (hi-lo+1)/2
			if _, ok := try(mid); ok {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if lo >= 0 {
			capB, _ := try(lo)
			return l.emit(capB), original
		}
	}
	clear(l.kept)
	return l.emit(0), original
}

// drop takes item i out of the kept set.
func (l *limiter[T]) drop(i int) {
	if l.kept[i] {
		l.kept[i] = false
		l.count--
		l.total -= l.full[i]
	}
}

// measure returns the encoded size of v, written into the spare capacity
// of the buffer and then discarded.
func (l *limiter[T]) measure(v *T) int {
	mark := len(l.buf)
	l.buf = l.c.append(l.buf, v, 0)
	n := len(l.buf) - mark
	l.buf = l.buf[:mark]
	return n
}

func (l *limiter[T]) lastKept() int {
	for i := len(l.kept) - 1; i >= 0; i-- {
		if l.kept[i] {
			return i
		}
	}
	return -1
}

// overhead is the size of the brackets and commas around the kept items.
func (l *limiter[T]) overhead() int { return minLimit + max(l.count-1, 0) }

func (l *limiter[T]) fitsWhole() bool { return l.overhead()+l.total <= l.limit }

func (l *limiter[T]) setSizes(i int) {
	l.sizes[i] = l.c.shrink(l.sizes[i][:0:0], &l.items[i])
	l.fixed[i] = l.full[i]
	for _, s := range l.sizes[i] {
		l.fixed[i] -= s
	}
}

// initSizes measures the shrinkable values of every item, once.
func (l *limiter[T]) initSizes() {
	if l.sizes == nil {
		l.sizes = make([][]int, len(l.items))
		l.fixed = make([]int, len(l.items))
		for i := range l.items {
			l.setSizes(i)
		}
	}
}

// fitCap returns the cap on shrinkable values that makes the kept items
// fit, if one not below jsontext.FitCap's floor does.
func (l *limiter[T]) fitCap() (int, bool) {
	l.initSizes()
	budget := l.limit - l.overhead()
	var all []int
	for i, kept := range l.kept {
		if kept {
			budget -= l.fixed[i]
			all = append(all, l.sizes[i]...)
		}
	}
	return jsontext.FitCap(all, budget)
}

// emit appends the kept items, their shrinkable values capped at capB.
func (l *limiter[T]) emit(capB int) []byte {
	dst := append(l.buf, '[')
	first := true
	for i, kept := range l.kept {
		if !kept {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = l.c.append(dst, &l.items[i], capB)
	}
	return append(dst, ']')
}
