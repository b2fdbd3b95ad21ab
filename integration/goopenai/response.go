package goopenai

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"go.opentelemetry.io/otel"

	"github.com/Noveum/noveum-trace-go/llm"
)

// Bounds of what a response body's observer keeps: the head of the body
// (the whole of any ordinary chat response), then only its last tailSize
// bytes, where OpenAI writes "usage" and "model". An embeddings response
// is read from its first embedding (dimensions) and its end, so its head
// is small.
const (
	chatHeadSize       = 1 << 20
	embeddingsHeadSize = 64 << 10
	tailSize           = 4 << 10
)

// keeper keeps the head of a body and, past it, its last tailSize bytes.
type keeper struct {
	head    []byte
	headCap int
	tail    []byte // the last bytes past the head, at most tailSize
	over    bool   // the body went past the head
}

func (k *keeper) add(p []byte) {
	if room := k.headCap - len(k.head); room > 0 {
		n := min(room, len(p))
		k.head = append(k.head, p[:n]...)
		p = p[n:]
	}
	if len(p) == 0 {
		return
	}
	k.over = true
	if len(p) >= tailSize {
		k.tail = append(k.tail[:0], p[len(p)-tailSize:]...)
		return
	}
	if drop := len(k.tail) + len(p) - tailSize; drop > 0 {
		k.tail = k.tail[:copy(k.tail, k.tail[drop:])]
	}
	k.tail = append(k.tail, p...)
}

var headPool = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

const maxPooledHead = 256 << 10

// responseBody observes a JSON response body as the application reads it,
// keeping a bounded copy, and ends the call when the body is read to its
// end, fails or is closed: the application reads the bytes it would have
// read, when it would have read them.
type responseBody struct {
	rc      io.ReadCloser
	call    *llm.Call
	ctx     context.Context
	ep      endpoint
	capture bool

	mu    sync.Mutex
	ended bool
	keep  keeper
	bp    *[]byte
}

func newResponseBody(ctx context.Context, rc io.ReadCloser, call *llm.Call, ep endpoint, capture bool) *responseBody {
	b := &responseBody{rc: rc, call: call, ctx: ctx, ep: ep, capture: capture}
	b.bp = headPool.Get().(*[]byte)
	b.keep.head = (*b.bp)[:0]
	b.keep.headCap = chatHeadSize
	if ep == endpointEmbeddings {
		b.keep.headCap = embeddingsHeadSize
	}
	return b
}

func (b *responseBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n >= 0 && n <= len(p) {
		b.observe(p[:n], err)
	}
	return n, err
}

func (b *responseBody) observe(data []byte, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	defer b.recoverLocked()
	if !b.ended {
		if len(data) > 0 {
			b.keep.add(data)
		}
		if err != nil {
			b.endLocked(err)
		}
	}
}

func (b *responseBody) Close() error {
	err := b.rc.Close()
	b.mu.Lock()
	defer b.mu.Unlock()
	defer b.recoverLocked()
	if !b.ended {
		b.endLocked(nil)
	}
	return err
}

// recoverLocked stops a panic of the observer (a bug) from reaching the
// application: the call ends, and the panic is reported through
// otel.Handle.
func (b *responseBody) recoverLocked() {
	if r := recover(); r != nil {
		b.ended = true
		b.call.End(errObserver)
		otel.Handle(fmt.Errorf("goopenai: response observer: %v", r))
	}
}

// endLocked records what the body said and ends the call: read to io.EOF,
// or closed (go-openai closes once it has decoded the JSON, which may be
// before it saw io.EOF), or failed with err.
func (b *responseBody) endLocked(err error) {
	b.ended = true
	var r llm.Response
	var failure *apiError
	switch {
	case b.ep == endpointEmbeddings:
		r = readEmbeddingsResponse(&b.keep)
	case b.ep == endpointResponses && !b.keep.over:
		var s scanner
		s.reset(b.keep.head)
		r, failure = readResponse(&s, b.capture)
	default:
		r = readChatResponse(&b.keep, b.capture)
	}
	b.call.RecordResponse(r)
	switch {
	case err != nil && err != io.EOF:
		b.call.End(classify(b.ctx, err))
	case failure != nil: // a Responses object with status failed
		b.call.End(failure)
	default:
		b.call.End(nil)
	}
	if b.bp != nil && cap(b.keep.head) <= maxPooledHead {
		*b.bp = b.keep.head[:0]
		headPool.Put(b.bp)
	}
	b.bp, b.keep = nil, keeper{}
}

// readChatResponse reads a Chat Completions (or legacy Completions)
// response: id, model, each choice's finish reason (and message or text,
// when content is captured), usage.
// A body longer than the head is read from its tail: usage, model, id.
func readChatResponse(k *keeper, capture bool) llm.Response {
	var r llm.Response
	if k.over {
		return readTail(k)
	}
	var s scanner
	s.reset(k.head)
	if !s.object() {
		return r
	}
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "id":
			if raw, esc := s.strOrNull(); raw != nil {
				r.ID = unquote(raw, esc)
			}
		case "model":
			if raw, esc := s.strOrNull(); raw != nil {
				r.Model = unquote(raw, esc)
			}
		case "usage":
			r.Usage = readUsage(&s)
		case "choices":
			if s.peek() != '[' {
				s.skip()
				continue
			}
			s.array()
			for first := true; s.more(']', &first); {
				readChoice(&s, &r, capture)
			}
		default:
			s.skip()
		}
	}
	return r
}

// readChoice reads one choice of a response: its finish reason, and its
// message when content is captured.
func readChoice(s *scanner, r *llm.Response, capture bool) {
	if s.peek() != '{' {
		s.skip()
		return
	}
	var finish string
	var msg, text []byte
	var textEsc bool
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "finish_reason":
			raw, _ := s.strOrNull()
			finish = finishReason(raw)
		case "message":
			msg = s.value()
		case "text": // a legacy completion's choice
			text, textEsc = s.strOrNull()
		default:
			s.skip()
		}
	}
	if s.bad {
		return
	}
	r.FinishReasons = append(r.FinishReasons, finish)
	if capture {
		m := llm.Message{Role: llm.RoleAssistant}
		var w wireMessage
		if len(msg) > 0 && json.Unmarshal(msg, &w) == nil {
			m = message(&w)
			if m.Role == "" {
				m.Role = llm.RoleAssistant
			}
		} else if text != nil {
			m.Parts = []llm.Part{llm.Text(unquote(text, textEsc))}
		}
		m.FinishReason = finish
		r.Messages = append(r.Messages, m)
	}
}

var (
	keyUsage     = []byte(`"usage"`)
	keyModel     = []byte(`"model"`)
	keyID        = []byte(`"id"`)
	keyEmbedding = []byte(`"embedding"`)
)

// readTail reads usage, model and id from a body too long to keep whole:
// usage and model from its last bytes, where OpenAI writes usage, else
// from its head; the id from its head.
func readTail(k *keeper) llm.Response {
	var r llm.Response
	for _, b := range [2][]byte{k.tail, k.head} {
		if s, ok := at(b, keyUsage); ok {
			r.Usage = readUsage(&s)
			break
		}
	}
	for _, b := range [2][]byte{k.tail, k.head} {
		if s, ok := firstOf(b, keyModel); ok {
			if raw, esc := s.strOrNull(); raw != nil {
				r.Model = unquote(raw, esc)
				break
			}
		}
	}
	if s, ok := firstOf(k.head, keyID); ok {
		if raw, esc := s.strOrNull(); raw != nil {
			r.ID = unquote(raw, esc)
		}
	}
	return r
}

// at returns a scanner on the value of the last member named key in b, a
// piece of a JSON document, found by its text (the first one with
// firstOf).
func at(b, key []byte) (scanner, bool) { return find(b, key, false) }

func firstOf(b, key []byte) (scanner, bool) { return find(b, key, true) }

func find(b, key []byte, first bool) (scanner, bool) {
	var s scanner
	// The text may also be a string value ("object": "embedding"): take
	// only an occurrence followed by a colon.
	lo, hi := 0, len(b) // the part of b still to search
	for lo < hi {
		var i int
		if first {
			i = bytes.Index(b[lo:hi], key)
		} else {
			i = bytes.LastIndex(b[lo:hi], key)
		}
		if i < 0 {
			return s, false
		}
		i += lo
		s.reset(b)
		s.i = i
		s.key()
		if !s.bad {
			return s, true
		}
		if first {
			lo = i + len(key)
		} else {
			hi = i
		}
	}
	return s, false
}

// readEmbeddingsResponse reads an Embeddings response: model, usage (the
// prompt tokens) and the dimension count of the first embedding, found by
// their names rather than by scanning every number of every vector. OpenAI
// writes "model" and "usage" after the data, so they are looked for in the
// end of the body first.
func readEmbeddingsResponse(k *keeper) llm.Response {
	var r llm.Response
	end := k.tail
	if !k.over {
		end = k.head[max(0, len(k.head)-tailSize):]
	}
	for _, b := range [2][]byte{end, k.head} {
		if s, ok := at(b, keyUsage); ok {
			r.Usage = readUsage(&s)
			break
		}
	}
	for _, b := range [2][]byte{end, k.head} {
		if s, ok := at(b, keyModel); ok {
			if raw, esc := s.strOrNull(); raw != nil {
				r.Model = unquote(raw, esc)
				break
			}
		}
	}
	r.EmbeddingDimensions = dimensions(k.head)
	return r
}

// dimensions counts the numbers of the first embedding in b (a float
// array, or a base64 string of float32 values).
func dimensions(b []byte) int {
	s, ok := firstOf(b, keyEmbedding)
	if !ok {
		return 0
	}
	switch s.peek() {
	case '[':
		j := bytes.IndexByte(b[s.i:], ']')
		if j < 0 {
			return 0
		}
		inner := bytes.TrimSpace(b[s.i+1 : s.i+j])
		if len(inner) == 0 {
			return 0
		}
		return bytes.Count(inner, []byte{','}) + 1
	case '"':
		raw, _ := s.str()
		if s.bad {
			return 0
		}
		return base64.RawStdEncoding.DecodedLen(len(bytes.TrimRight(raw, "="))) / 4
	}
	return 0
}
