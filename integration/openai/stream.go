package noveumopenai

import (
	"bytes"
	"io"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/Noveum/noveum-trace-go/llm"
)

// maxEvent bounds the data of one server-sent event the middleware keeps
// to parse; a larger event is passed on to the application and skipped
// here.
const maxEvent = 8 << 20

// eventHandler turns the events of a stream into llm records. event returns
// done when the event ends the stream (its end marker, or an error event),
// with the error to end the span with; eof is called when the body ends
// before that.
type eventHandler interface {
	event(name, data string) (done bool, err error)
	eof() error
}

// streamBody observes a text/event-stream response as the application
// reads it: it passes every byte on unchanged, splits what went by into
// lines, and hands each complete event to its handler. Nothing is read
// ahead of the application and nothing is held back.
type streamBody struct {
	rc io.ReadCloser
	a  *attempt
	h  eventHandler

	line      []byte // the current line, when a read ended inside it
	data      []byte // the data lines of the current event
	name      []byte // the event name, from an "event:" line
	oversized bool   // the current event exceeded maxEvent: skip it
}

func (b *streamBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && !b.a.done() {
		b.a.guard(func() { b.feed(p[:n]) })
	}
	if err != nil && !b.a.done() {
		if err == io.EOF {
			b.a.guard(func() { b.a.end(b.h.eof()) })
		} else {
			b.a.end(classify(b.a.reqCtx, err))
		}
	}
	return n, err
}

// Close closes the body. A stream closed before its end was abandoned by
// the application: llm marks it so (finish reason "cancelled", or an
// error when the request's context is done).
func (b *streamBody) Close() error {
	err := b.rc.Close()
	if !b.a.done() {
		b.a.end(classify(b.a.reqCtx, b.a.reqCtx.Err()))
	}
	return err
}

// feed splits p into lines; a line cut by the end of p waits in b.line.
func (b *streamBody) feed(p []byte) {
	for len(p) > 0 && !b.a.done() {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			if len(b.line)+len(p) <= maxEvent {
				b.line = append(b.line, p...)
			} else {
				b.oversized = true
				b.line = b.line[:0]
			}
			return
		}
		ln := p[:i]
		if len(b.line) > 0 {
			b.line = append(b.line, ln...)
			ln = b.line
		}
		p = p[i+1:]
		b.handleLine(ln)
		b.line = b.line[:0]
	}
}

// handleLine applies one line of the event stream format: a blank line
// dispatches the event, "data:" adds to its data, "event:" names it,
// comments and other fields are ignored.
func (b *streamBody) handleLine(ln []byte) {
	ln = bytes.TrimSuffix(ln, []byte{'\r'})
	if len(ln) == 0 {
		b.dispatch()
		return
	}
	field, value, _ := bytes.Cut(ln, []byte{':'})
	if len(value) > 0 && value[0] == ' ' {
		value = value[1:]
	}
	switch string(field) {
	case "data":
		if len(b.data)+len(value)+1 > maxEvent {
			b.oversized = true
			return
		}
		if len(b.data) > 0 {
			b.data = append(b.data, '\n')
		}
		b.data = append(b.data, value...)
	case "event":
		b.name = append(b.name[:0], value...)
	}
}

func (b *streamBody) dispatch() {
	if len(b.data) > 0 && !b.oversized {
		// The handler copies what it keeps: b.data is reused.
		if done, err := b.h.event(str(b.name), str(b.data)); done {
			b.a.end(err)
		}
	}
	b.data, b.name, b.oversized = b.data[:0], b.name[:0], false
}

// chatStream handles a Chat Completions stream: chat.completion.chunk
// events, then "[DONE]".
type chatStream struct {
	call    *llm.Call
	capture bool
	id      string
	model   string
	tools   []llm.ToolCallDelta // reused for each chunk's tool call deltas
	started uint64              // choices (index < 64) that sent a chunk
	ended   uint64              // choices that sent a finish reason
}

func (s *chatStream) event(_, data string) (bool, error) {
	if data == "[DONE]" {
		return true, nil
	}
	// Hot path: one walk over the chunk, each byte scanned about once,
	// values decoded only when needed. Choices are recorded as they are
	// walked; the usage, which comes after them, is recorded with them
	// when it is in the same chunk (see below).
	var usage, errv string
	walkObject(data, 0, func(k string, v int) int {
		if k == "choices" {
			return walkArray(data, v, func(e int) int { return s.choice(data, e) })
		}
		e := valueEnd(data, v)
		if e < 0 {
			return -1
		}
		raw := data[v:e]
		switch k {
		case "id":
			if id, ok := rawString(raw); ok && id != s.id {
				s.id = strings.Clone(id)
			}
		case "model":
			if m, ok := rawString(raw); ok && m != s.model {
				s.model = strings.Clone(m)
			}
		case "usage":
			if raw != "null" {
				usage = raw
			}
		case "x_groq": // Groq reports usage here on the last chunk
			if u := gjson.Get(raw, "usage"); u.IsObject() {
				usage = u.Raw
			}
		case "error":
			errv = raw
		}
		return e
	})
	if errv != "" {
		e := gjson.Parse(errv)
		code := shortCode(e.Get("code"))
		if code == "" {
			code = shortCode(e.Get("type"))
		}
		return true, &streamError{code: code}
	}
	if usage != "" {
		// Not an object: nothing reported. Usage arrives in its own chunk
		// ("choices": []) with include_usage, or on the last chunk (vLLM,
		// Groq): a count, never a chunk of its own.
		if u := chatUsage(gjson.Parse(usage)); u.Reported() {
			s.call.RecordUsage(u)
		}
	}
	return false, nil
}

// choice records the choice of a chunk that starts at data[i], and returns
// the index after it.
func (s *chatStream) choice(data string, i int) int {
	ch := llm.Chunk{ResponseID: s.id, Model: s.model}
	s.tools = s.tools[:0]
	end := walkObject(data, i, func(k string, v int) int {
		e := valueEnd(data, v)
		if e < 0 {
			return -1
		}
		raw := data[v:e]
		switch k {
		case "index":
			ch.Choice = rawInt(raw)
		case "finish_reason":
			if fr, ok := rawString(raw); ok {
				ch.FinishReason = finishReason(fr)
			}
		case "delta":
			if s.capture {
				s.delta(&ch, gjson.Parse(raw))
			} else if len(raw) > 2 && raw != "{}" { // the choice has started
				ch.Text = startedMarker
			}
		}
		return e
	})
	if end < 0 {
		return -1
	}
	ch.ToolCalls = s.tools
	// The id and model were read before the choices: OpenAI sends them
	// first.
	s.call.RecordChunk(ch)
	if ch.Choice >= 0 && ch.Choice < 64 {
		s.started |= 1 << ch.Choice
		if ch.FinishReason != "" {
			s.ended |= 1 << ch.Choice
		}
	}
	return end
}

// startedMarker is the text of a chunk whose delta is not read because
// content is not captured: llm then only notes that the choice started
// (for the finish reasons of an abandoned stream), and records no text.
const startedMarker = "…"

// delta reads a choice's delta into ch, with content capture on.
func (s *chatStream) delta(ch *llm.Chunk, d gjson.Result) {
	d.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "content", "refusal":
			if v.Type == gjson.String && v.Str != "" {
				ch.Text += s.text(v)
			}
		case "reasoning_content", "reasoning":
			if v.Type == gjson.String && v.Str != "" {
				ch.Reasoning = s.text(v)
			}
		case "tool_calls":
			v.ForEach(func(_, tc gjson.Result) bool {
				t := llm.ToolCallDelta{Index: int(tc.Get("index").Int())}
				if id := tc.Get("id"); id.Type == gjson.String {
					t.ID = strings.Clone(id.Str)
				}
				fn := tc.Get("function")
				if name := fn.Get("name"); name.Type == gjson.String {
					t.Name = strings.Clone(name.Str)
				}
				if args := fn.Get("arguments"); args.Type == gjson.String {
					t.Arguments = s.text(args)
				}
				s.tools = append(s.tools, t)
				return true
			})
		}
		return true
	})
}

func (s *chatStream) text(v gjson.Result) string { return v.Str }

func (s *chatStream) eof() error {
	if s.started != 0 && s.started&^s.ended == 0 {
		return nil // every choice finished; only [DONE] is missing
	}
	return errIncompleteStream
}

// responsesStream handles a Responses API stream: response.* events up to
// response.completed, response.incomplete or response.failed, or an error
// event.
type responsesStream struct {
	call    *llm.Call
	capture bool
	tools   [1]llm.ToolCallDelta
}

func (s *responsesStream) event(_, data string) (bool, error) {
	var typ, delta, index, item, resp, code, errv string
	eachField(data, func(k, v string) bool {
		switch k {
		case "type":
			typ, _ = rawString(v)
		case "delta":
			delta = v
		case "output_index":
			index = v
		case "item":
			item = v
		case "response":
			resp = v
		case "code":
			code = v
		case "error":
			errv = v
		}
		return true
	})
	switch typ {
	case "response.output_text.delta", "response.refusal.delta":
		s.call.RecordChunk(llm.Chunk{Text: s.text(delta)})
	case "response.reasoning_summary_text.delta", "response.reasoning_text.delta":
		s.call.RecordChunk(llm.Chunk{Reasoning: s.text(delta)})
	case "response.output_item.added":
		it := gjson.Parse(item)
		if t := it.Get("type").Str; t == "function_call" || t == "custom_tool_call" {
			s.tools[0] = llm.ToolCallDelta{Index: rawInt(index),
				ID: strings.Clone(it.Get("call_id").String()), Name: strings.Clone(it.Get("name").String())}
			s.call.RecordChunk(llm.Chunk{ToolCalls: s.tools[:]})
		}
	case "response.function_call_arguments.delta", "response.custom_tool_call_input.delta":
		s.tools[0] = llm.ToolCallDelta{Index: rawInt(index), Arguments: s.text(delta)}
		s.call.RecordChunk(llm.Chunk{ToolCalls: s.tools[:]})
	case "response.created", "response.in_progress", "response.queued":
		r := gjson.Parse(resp)
		s.call.RecordResponse(llm.Response{ID: strings.Clone(r.Get("id").String()), Model: strings.Clone(r.Get("model").String())})
	case "response.completed", "response.incomplete", "response.failed":
		var r llm.Response
		err := responsesResult(gjson.Parse(resp), s.capture, &r)
		s.call.RecordResponse(r)
		return true, err
	case "error":
		c := shortCode(gjson.Parse(code))
		if c == "" {
			c = shortCode(gjson.Get(errv, "code"))
		}
		return true, &streamError{code: c}
	}
	return false, nil // other events carry nothing the span records
}

// text returns a delta's text with capture on; without, a marker (see
// startedMarker), so that nothing is decoded.
func (s *responsesStream) text(raw string) string {
	if !s.capture {
		if raw == "" {
			return ""
		}
		return startedMarker
	}
	t, _ := rawString(raw)
	return t
}

func (s *responsesStream) eof() error { return errIncompleteStream }

// otherStream ignores the events of a stream from an endpoint the
// middleware does not model; the span ends with the body.
type otherStream struct{}

func (otherStream) event(_, _ string) (bool, error) { return false, nil }
func (otherStream) eof() error                      { return nil }
