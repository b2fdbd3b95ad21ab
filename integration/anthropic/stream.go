package noveumanthropic

import (
	"bytes"
	"io"
	"sync/atomic"

	"github.com/Noveum/noveum-trace-go/llm"
)

// maxEventData bounds the data of one event kept for decoding; a larger
// event is passed on to the client and skipped here.
const maxEventData = 4 << 20

// streamBody passes a streamed Messages response (server-sent events)
// through to the client as it reads it, parsing the events on the way:
// nothing is read ahead or held back. The span ends at message_stop, at an
// error event, when the body ends or fails, or when the client closes it.
type streamBody struct {
	rc      io.ReadCloser
	call    *llm.Call
	content bool   // decode the deltas for the output message
	model   string // the requested model
	done    atomic.Bool

	// The parser's state, used only by the goroutine that reads.
	line     []byte // the start of a line not yet ended
	lineOver bool   // that line outgrew maxEventData
	event    []byte // the event name of the event being read
	data     []byte // its data lines, joined by "\n"
	hasData  bool
	dataOver bool // its data outgrew maxEventData: skipped
	usage    usage
}

func newStreamBody(rc io.ReadCloser, call *llm.Call, content bool, model string) *streamBody {
	return &streamBody{rc: rc, call: call, content: content, model: model}
}

func (s *streamBody) Read(p []byte) (int, error) {
	n, err := s.rc.Read(p)
	if s.done.Load() {
		return n, err
	}
	if n > 0 {
		s.feed(p[:n])
	}
	if err != nil {
		// A body that ends before message_stop, or fails, was cut short.
		if err == io.EOF {
			s.end(&transportError{incomplete: true})
		} else {
			s.end(&transportError{err: err, incomplete: true})
		}
	}
	return n, err
}

// Close closes the body. A stream closed before its end was abandoned by
// the application: llm records it as such (finish reason "cancelled", or
// an error when the request's context is done).
func (s *streamBody) Close() error {
	err := s.rc.Close()
	s.end(nil)
	return err
}

// end ends the span once.
func (s *streamBody) end(err error) {
	if s.done.CompareAndSwap(false, true) {
		s.call.End(err)
	}
}

// feed parses the bytes the client just read. Lines end in "\n" (a "\r"
// before it is dropped), as the client's own decoder splits them.
func (s *streamBody) feed(p []byte) {
	for len(p) > 0 && !s.done.Load() {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.appendLine(p)
			return
		}
		line := p[:i]
		p = p[i+1:]
		if len(s.line) > 0 || s.lineOver {
			s.appendLine(line)
			line = s.line
		}
		if s.lineOver {
			s.dataOver = true // an oversized line: skip its event
		} else {
			s.processLine(line)
		}
		s.line, s.lineOver = s.line[:0], false
	}
}

func (s *streamBody) appendLine(b []byte) {
	if s.lineOver {
		return
	}
	if len(s.line)+len(b) > maxEventData {
		s.lineOver, s.line = true, s.line[:0]
		return
	}
	s.line = append(s.line, b...)
}

func (s *streamBody) processLine(line []byte) {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) == 0 {
		s.dispatch()
		return
	}
	name, value, _ := bytes.Cut(line, []byte{':'})
	if len(value) > 0 && value[0] == ' ' {
		value = value[1:]
	}
	switch string(name) {
	case "event":
		s.event = append(s.event[:0], value...)
	case "data":
		if s.dataOver {
			return
		}
		if len(s.data)+len(value)+1 > maxEventData {
			s.dataOver = true
			return
		}
		if s.hasData {
			s.data = append(s.data, '\n')
		}
		s.data = append(s.data, value...)
		s.hasData = true
	}
}

// dispatch handles the event read so far, at the blank line that ends it.
func (s *streamBody) dispatch() {
	defer func() {
		s.event, s.data = s.event[:0], s.data[:0]
		s.hasData, s.dataOver = false, false
	}()
	if (len(s.event) == 0 && !s.hasData) || s.dataOver {
		return
	}
	defer recoverTo("decoding a stream event")
	typ := s.event
	if len(typ) == 0 { // no event line: the data says its type
		eachMember(s.data, func(key, v []byte) bool {
			if string(key) == "type" {
				typ = []byte(jsonString(v))
				return false
			}
			return true
		})
	}
	s.handle(typ, s.data)
}

// handle records one event of the Messages stream.
func (s *streamBody) handle(typ, data []byte) {
	switch string(typ) {
	case "content_block_delta", "content_block_start":
		if !s.content {
			s.call.RecordChunk(llm.Chunk{})
			return
		}
		s.call.RecordChunk(blockChunk(data))
	case "message_start":
		var ch llm.Chunk
		eachMember(data, func(key, v []byte) bool {
			if string(key) != "message" {
				return true
			}
			m, _ := readMessage(v, false, s.model)
			ch.ResponseID, ch.Model = m.id, m.model
			if m.hasUsage {
				s.usage.merge(m.usage)
				ch.Usage = s.usage.convert()
			}
			return false
		})
		s.call.RecordChunk(ch)
	case "message_delta":
		var ch llm.Chunk
		eachMember(data, func(key, v []byte) bool {
			switch string(key) {
			case "delta":
				eachMember(v, func(key, v []byte) bool {
					if string(key) == "stop_reason" {
						if r := finishReasonJSON(v); r != "" {
							ch.FinishReason = r
						}
					}
					return true
				})
			case "usage":
				if u, ok := readUsage(v); ok {
					s.usage.merge(u)
					ch.Usage = s.usage.convert()
				}
			}
			return true
		})
		s.call.RecordChunk(ch)
	case "message_stop":
		s.end(nil)
	case "error":
		var e apiErrorBody
		decodeLenient(data, &e)
		s.end(&apiError{typ: e.Error.Type, message: e.Error.Message})
	}
	// ping, content_block_stop and event types added later carry nothing
	// the span records.
}

// blockChunk reads a content_block_start or content_block_delta event for
// the output message: text, thinking, and tool calls (id and name at the
// start, the input in input_json_delta pieces). signature_delta,
// redacted_thinking and block types added later carry no content.
func blockChunk(data []byte) llm.Chunk {
	var ch llm.Chunk
	index := 0
	var typ, text, thinking, partial, id, name string
	eachMember(data, func(key, v []byte) bool {
		switch string(key) {
		case "index":
			if n, ok := jsonInt(v); ok {
				index = int(n)
			}
		case "delta", "content_block":
			eachMember(v, func(key, v []byte) bool {
				switch string(key) {
				case "type":
					typ = jsonString(v)
				case "text":
					text = jsonString(v)
				case "thinking":
					thinking = jsonString(v)
				case "partial_json":
					partial = jsonString(v)
				case "id":
					id = jsonString(v)
				case "name":
					name = jsonString(v)
				}
				return true
			})
		}
		return true
	})
	switch typ {
	case "text", "text_delta":
		ch.Text = text
	case "thinking", "thinking_delta":
		ch.Reasoning = thinking
	case "input_json_delta":
		ch.ToolCalls = []llm.ToolCallDelta{{Index: index, Arguments: partial}}
	case "tool_use", "server_tool_use", "mcp_tool_use":
		ch.ToolCalls = []llm.ToolCallDelta{{Index: index, ID: id, Name: name}}
	}
	return ch
}
