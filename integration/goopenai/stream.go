package goopenai

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"go.opentelemetry.io/otel"

	"github.com/Noveum/noveum-trace-go/llm"
)

// maxLine bounds the SSE line a stream's observer assembles across reads;
// a longer line is passed to the application untouched but not read.
const maxLine = 1 << 20

// streamBody observes a Chat Completions (or legacy Completions) event
// stream (text/event-stream)
// as the application reads it: each data line is read as it passes, the
// chunk is recorded (time to first chunk, deltas, finish reasons, usage),
// and the call ends at [DONE], at the body's end, on a read error, or when
// the application closes the body first (abandoned). Nothing is buffered
// on the application's path: Read returns what the connection gave, when
// it gave it.
type streamBody struct {
	rc        io.ReadCloser
	call      *llm.Call
	ctx       context.Context
	capture   bool
	responses bool // a Responses API stream (typed events), else chat.completion.chunk

	mu       sync.Mutex
	ended    bool
	pending  []byte // a line begun in an earlier read
	overlong bool   // the pending line went past maxLine: skip to its end
	sawID    bool
	sawModel bool
	started  uint64 // choices (by index, below 64) that got a delta or a finish reason
	finished uint64 // choices that got a finish reason

	s      scanner
	chunks []llm.Chunk // the choices of one event, reused
	spans  []int       // [start, end) of each chunk's tool-call deltas in deltas
	deltas []llm.ToolCallDelta
}

func newStreamBody(ctx context.Context, rc io.ReadCloser, call *llm.Call, capture, responses bool) *streamBody {
	return &streamBody{rc: rc, call: call, ctx: ctx, capture: capture, responses: responses}
}

func (b *streamBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n >= 0 && n <= len(p) {
		b.observe(p[:n], err)
	}
	return n, err
}

func (b *streamBody) observe(data []byte, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	defer b.recoverLocked()
	if !b.ended {
		if len(data) > 0 {
			b.feed(data)
		}
		if err != nil && !b.ended {
			b.endAt(err)
		}
	}
}

// recoverLocked stops a panic of the observer (a bug; the scanner is
// fuzzed) from reaching the application: the call ends, and the panic is
// reported through otel.Handle.
func (b *streamBody) recoverLocked() {
	if r := recover(); r != nil {
		b.ended = true
		b.call.End(errObserver)
		otel.Handle(fmt.Errorf("goopenai: stream observer: %v", r))
	}
}

// Close closes the body; a stream not yet ended was abandoned by the
// application, which llm records (finish reason "cancelled", or an error
// when the request's context is done).
func (b *streamBody) Close() error {
	err := b.rc.Close()
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.ended {
		b.ended = true
		b.call.End(nil)
	}
	return err
}

// endAt ends the call on a read error: io.EOF is a normal end when every
// choice finished, else the stream was cut.
func (b *streamBody) endAt(err error) {
	if err == io.EOF && len(b.pending) > 0 && !b.overlong {
		b.line(b.pending) // a last line without its newline
		b.pending = b.pending[:0]
		if b.ended {
			return
		}
	}
	b.ended = true
	switch {
	case err != io.EOF:
		b.call.End(classify(b.ctx, err))
	case b.started != 0 && b.started&^b.finished == 0:
		b.call.End(nil)
	default:
		b.call.End(classify(b.ctx, errIncomplete))
	}
}

// feed splits data into lines; a line's start kept from an earlier read is
// completed first.
func (b *streamBody) feed(data []byte) {
	if len(b.pending) > 0 || b.overlong {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			b.hold(data)
			return
		}
		b.hold(data[:i])
		if !b.overlong {
			b.line(b.pending)
		}
		b.pending, b.overlong = b.pending[:0], false
		data = data[i+1:]
	}
	for len(data) > 0 && !b.ended {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			b.hold(data)
			return
		}
		b.line(data[:i])
		data = data[i+1:]
	}
}

// hold keeps the start of a line that continues in the next read.
func (b *streamBody) hold(data []byte) {
	if b.overlong {
		return
	}
	if len(b.pending)+len(data) > maxLine {
		b.pending, b.overlong = b.pending[:0], true
		return
	}
	b.pending = append(b.pending, data...)
}

var (
	dataPrefix = []byte("data:")
	doneEvent  = []byte("[DONE]")
)

// line handles one line of the event stream: a data line carries a chunk
// or [DONE]; other fields (event:, id:, comments) and blank lines carry
// nothing for the span.
func (b *streamBody) line(l []byte) {
	payload, ok := bytes.CutPrefix(l, dataPrefix)
	if !ok {
		return
	}
	payload = bytes.TrimSpace(payload)
	if bytes.Equal(payload, doneEvent) {
		b.ended = true
		b.call.End(nil)
		return
	}
	if b.responses {
		b.responsesEvent(payload)
		return
	}
	b.chunk(payload)
}

// chunk reads a chat.completion.chunk and records it: one llm.Chunk per
// choice it carries (one, usually), or one with only the usage (the last
// chunk with stream_options.include_usage has no choices). A chunk that
// cannot be read still counts for the timings; an error event ends the
// call with the provider's error type.
func (b *streamBody) chunk(payload []byte) {
	s := &b.s
	s.reset(payload)
	b.chunks, b.spans, b.deltas = b.chunks[:0], b.spans[:0], b.deltas[:0]
	var id, model string
	var usage llm.Usage
	if s.object() {
		for first := true; s.more('}', &first); {
			switch string(s.key()) {
			case "id":
				raw, esc := s.strOrNull()
				if !b.sawID && len(raw) > 0 {
					id, b.sawID = unquote(raw, esc), true
				}
			case "model":
				raw, esc := s.strOrNull()
				if !b.sawModel && len(raw) > 0 {
					model, b.sawModel = unquote(raw, esc), true
				}
			case "choices":
				if s.peek() != '[' {
					s.skip()
					continue
				}
				s.array()
				for first := true; s.more(']', &first); {
					b.choice(s)
				}
			case "usage":
				usage = readUsage(s) // "usage": null reports nothing
			case "error":
				err := readStreamError(s)
				b.ended = true
				b.call.End(err)
				return
			default:
				s.skip()
			}
		}
	}
	if s.bad { // keep what was read of the chunk: its timing, its deltas
		usage = llm.Usage{}
	}
	if len(b.chunks) == 0 {
		b.call.RecordChunk(llm.Chunk{ResponseID: id, Model: model, Usage: usage})
		return
	}
	for i := range b.chunks {
		ch := &b.chunks[i]
		if lo, hi := b.spans[2*i], b.spans[2*i+1]; hi > lo {
			ch.ToolCalls = b.deltas[lo:hi]
		}
		if i == 0 {
			ch.ResponseID, ch.Model, ch.Usage = id, model, usage
		}
		b.call.RecordChunk(*ch)
	}
}

// choice reads one choice of a chunk into b.chunks.
func (b *streamBody) choice(s *scanner) {
	if s.peek() != '{' {
		s.skip()
		return
	}
	var ch llm.Chunk
	lo := len(b.deltas)
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "index":
			if n, ok := s.int(); ok && n >= 0 && n < 1<<20 {
				ch.Choice = int(n)
			}
		case "finish_reason":
			raw, _ := s.strOrNull()
			ch.FinishReason = finishReason(raw)
		case "delta":
			b.delta(s, &ch)
		case "text": // a legacy completion's chunk
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				ch.Text = b.text(raw, esc)
			}
		default:
			s.skip()
		}
	}
	if ch.Choice < 64 {
		if ch.FinishReason != "" || ch.Text != "" || ch.Reasoning != "" || len(b.deltas) > lo {
			b.started |= 1 << ch.Choice
		}
		if ch.FinishReason != "" {
			b.finished |= 1 << ch.Choice
		}
	}
	b.chunks = append(b.chunks, ch)
	b.spans = append(b.spans, lo, len(b.deltas))
}

// delta reads a choice's delta: content, reasoning (DeepSeek's
// reasoning_content, or reasoning), refusal, tool-call deltas and the
// legacy function_call.
func (b *streamBody) delta(s *scanner, ch *llm.Chunk) {
	if s.peek() != '{' {
		s.skip()
		return
	}
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "content", "refusal":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				ch.Text += b.text(raw, esc)
			}
		case "reasoning_content", "reasoning":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				ch.Reasoning = b.text(raw, esc)
			}
		case "tool_calls":
			if s.peek() != '[' {
				s.skip()
				continue
			}
			s.array()
			for first := true; s.more(']', &first); {
				b.toolCall(s, -1)
			}
		case "function_call":
			b.toolCall(s, 0)
		default:
			s.skip()
		}
	}
}

// elided stands for a text delta when content is not captured: llm then
// reads a delta only to know that its choice started, so the text is not
// copied out of the body (a string a chunk saved on the hot path).
const elided = "…"

// text returns a delta's text, or elided when content is not captured.
func (b *streamBody) text(raw []byte, escaped bool) string {
	if !b.capture {
		return elided
	}
	return unquote(raw, escaped)
}

// toolCall reads a tool-call delta ({index, id, function: {name,
// arguments}}), or with index >= 0 a legacy function_call delta ({name,
// arguments}).
func (b *streamBody) toolCall(s *scanner, index int) {
	if s.peek() != '{' {
		s.skip()
		return
	}
	d := llm.ToolCallDelta{Index: max(index, 0)}
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "index":
			if n, ok := s.int(); ok && n >= 0 && n < 1<<20 {
				d.Index = int(n)
			}
		case "id":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				d.ID = unquote(raw, esc)
			}
		case "name":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				d.Name = unquote(raw, esc)
			}
		case "arguments":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				d.Arguments = unquote(raw, esc)
			}
		case "function":
			b.function(s, &d)
		default:
			s.skip()
		}
	}
	b.deltas = append(b.deltas, d)
}

func (b *streamBody) function(s *scanner, d *llm.ToolCallDelta) {
	if s.peek() != '{' {
		s.skip()
		return
	}
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "name":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				d.Name = unquote(raw, esc)
			}
		case "arguments":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				d.Arguments = unquote(raw, esc)
			}
		default:
			s.skip()
		}
	}
}
