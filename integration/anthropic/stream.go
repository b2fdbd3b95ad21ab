package noveumanthropic

import (
	"bytes"
	"encoding/json"
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
	content bool // decode the deltas for the output message
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

func newStreamBody(rc io.ReadCloser, call *llm.Call, content bool) *streamBody {
	return &streamBody{rc: rc, call: call, content: content}
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
			err2 := &transportError{incomplete: true}
			s.end(err2)
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
		var t struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(s.data, &t)
		typ = []byte(t.Type)
	}
	s.handle(typ, s.data)
}

// handle records one event of the Messages stream.
func (s *streamBody) handle(typ, data []byte) {
	switch string(typ) {
	case "content_block_delta":
		if !s.content {
			s.call.RecordChunk(llm.Chunk{})
			return
		}
		var e struct {
			Index int `json:"index"`
			Delta struct {
				Type        string `json:"type"`
				Text        string `json:"text"`
				PartialJSON string `json:"partial_json"`
				Thinking    string `json:"thinking"`
			} `json:"delta"`
		}
		decodeLenient(data, &e)
		var ch llm.Chunk
		switch e.Delta.Type {
		case "text_delta":
			ch.Text = e.Delta.Text
		case "thinking_delta":
			ch.Reasoning = e.Delta.Thinking
		case "input_json_delta":
			ch.ToolCalls = []llm.ToolCallDelta{{Index: e.Index, Arguments: e.Delta.PartialJSON}}
		}
		s.call.RecordChunk(ch)
	case "content_block_start":
		if !s.content {
			s.call.RecordChunk(llm.Chunk{})
			return
		}
		var e struct {
			Index        int   `json:"index"`
			ContentBlock block `json:"content_block"`
		}
		decodeLenient(data, &e)
		var ch llm.Chunk
		switch b := &e.ContentBlock; b.Type {
		case "text":
			ch.Text = b.Text
		case "thinking":
			ch.Reasoning = b.Thinking
		case "tool_use", "server_tool_use", "mcp_tool_use":
			ch.ToolCalls = []llm.ToolCallDelta{{Index: e.Index, ID: b.ID, Name: b.Name}}
		}
		s.call.RecordChunk(ch)
	case "message_start":
		var e struct {
			Message struct {
				ID    string `json:"id"`
				Model string `json:"model"`
				Usage *usage `json:"usage"`
			} `json:"message"`
		}
		decodeLenient(data, &e)
		ch := llm.Chunk{ResponseID: e.Message.ID, Model: e.Message.Model}
		if e.Message.Usage != nil {
			s.usage.merge(e.Message.Usage)
			ch.Usage = s.usage.convert()
		}
		s.call.RecordChunk(ch)
	case "message_delta":
		var e struct {
			Delta struct {
				StopReason string `json:"stop_reason"`
			} `json:"delta"`
			Usage *usage `json:"usage"`
		}
		decodeLenient(data, &e)
		var ch llm.Chunk
		if e.Delta.StopReason != "" {
			ch.FinishReason = finishReason(e.Delta.StopReason)
		}
		if e.Usage != nil {
			s.usage.merge(e.Usage)
			ch.Usage = s.usage.convert()
		}
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
