package llm

import (
	"encoding/json"
	"time"

	"go.opentelemetry.io/otel/attribute"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// FinishReasonCancelled is the finish reason recorded for a streamed call
// whose reader stopped before the model finished, without an error.
const FinishReasonCancelled = "cancelled"

// Chunk is one chunk of a streamed response, as the provider sent it. Set
// what the chunk carries; everything is optional.
type Chunk struct {
	// Choice is the index of the choice the deltas belong to (0 unless the
	// request asked for several choices).
	Choice int
	// Text is a delta of the output text.
	Text string
	// Reasoning is a delta of the model's visible reasoning.
	Reasoning string
	// ToolCalls are deltas of tool calls the model is making.
	ToolCalls []ToolCallDelta
	// FinishReason is set on the chunk that ends the choice.
	FinishReason string
	// Usage is set on the chunk that reports usage, usually the last one.
	// Reported counts replace earlier ones, so cumulative reports (Anthropic
	// sends input tokens first and output tokens at the end) combine.
	Usage Usage
	// ResponseID and Model are set on chunks that carry them.
	ResponseID string
	Model      string
}

// ToolCallDelta is a piece of a streamed tool call: the first piece usually
// carries the id and name, later ones pieces of the JSON arguments.
type ToolCallDelta struct {
	// Index identifies the tool call within the choice.
	Index int
	// ID is the call id, when this piece carries it.
	ID string
	// Name is the tool name, when this piece carries it.
	Name string
	// Arguments is the next piece of the JSON arguments.
	Arguments string
}

// maxChoices bounds the choices a stream assembles, so that a bad index
// cannot make it allocate without limit.
const maxChoices = 64

// maxIntervals bounds the chunk intervals kept for the
// time_per_output_chunk metric (64 KiB); later intervals still count in the
// span's mean.
const maxIntervals = 1 << 13

type streamState struct {
	declared    bool // gen_ai.request.stream was set at start
	chunks      int
	first, last time.Duration // since the call started
	intervals   []float64
	choices     []choiceState
}

type choiceState struct {
	started         bool // a delta or a finish reason came for this choice
	text, reasoning []byte
	kept, received  int // bytes of deltas kept, and received
	tools           []toolState
	finish          string
}

type toolState struct {
	index    int
	id, name string
	args     []byte
}

// finished reports whether every choice the stream started got its
// finish reason; a stream that started none has not finished.
func (s *streamState) finished() bool {
	started := false
	for i := range s.choices {
		if s.choices[i].started {
			if s.choices[i].finish == "" {
				return false
			}
			started = true
		}
	}
	return started
}

// RecordChunk records one chunk of a streamed response. Call it from the
// goroutine reading the stream, as each chunk arrives: it notes the time
// (for time to first chunk and time per output chunk), keeps the deltas
// when content capture is on, and takes the finish reason, usage, response
// id and model when the chunk carries them. It does not allocate once its
// buffers have grown to the response's size.
func (c *Call) RecordChunk(ch Chunk) {
	if c == nil {
		return
	}
	at := c.t.since(c.start)
	c.mu.Lock()
	if !c.ended {
		c.recordChunkLocked(&ch, at)
	}
	c.mu.Unlock()
}

func (c *Call) recordChunkLocked(ch *Chunk, at time.Duration) {
	s := &c.stream
	if s.chunks == 0 {
		s.first = at
		if !s.declared {
			s.declared = true
			c.span.SetAttributes(semconv.GenAIRequestStream(true))
		}
	} else if c.metrics && len(s.intervals) < maxIntervals {
		s.intervals = append(s.intervals, (at - s.last).Seconds())
	}
	s.last = at
	s.chunks++

	if ch.ResponseID != "" {
		c.respID = ch.ResponseID
	}
	if ch.Model != "" {
		c.respModel = ch.Model
	}
	if ch.Usage.Reported() {
		c.usage = mergeUsage(c.usage, ch.Usage)
	}
	if ch.FinishReason == "" && ch.Text == "" && ch.Reasoning == "" && len(ch.ToolCalls) == 0 {
		return
	}
	if ch.Choice < 0 || ch.Choice >= maxChoices {
		return
	}
	for len(s.choices) <= ch.Choice {
		s.choices = append(s.choices, choiceState{})
	}
	cs := &s.choices[ch.Choice]
	cs.started = true
	if ch.FinishReason != "" {
		cs.finish = ch.FinishReason
	}
	if !c.record || c.t.capture == config.CaptureNone {
		return
	}
	// Keep no more than the content budget: the output is cut to it at End
	// anyway, and a long stream must not hold its whole text.
	n := len(ch.Text) + len(ch.Reasoning)
	for _, d := range ch.ToolCalls {
		n += len(d.Arguments)
	}
	cs.received += n
	if cs.kept >= c.t.limit {
		return
	}
	cs.kept += n
	cs.text = append(cs.text, ch.Text...)
	cs.reasoning = append(cs.reasoning, ch.Reasoning...)
	for _, d := range ch.ToolCalls {
		ts := cs.tool(d.Index)
		if d.ID != "" {
			ts.id = d.ID
		}
		if d.Name != "" {
			ts.name = d.Name
		}
		ts.args = append(ts.args, d.Arguments...)
	}
}

func (cs *choiceState) tool(index int) *toolState {
	for i := range cs.tools {
		if cs.tools[i].index == index {
			return &cs.tools[i]
		}
	}
	cs.tools = append(cs.tools, toolState{index: index})
	return &cs.tools[len(cs.tools)-1]
}

// endStream settles a streamed call: finish reasons (an abandoned stream
// gets "error" or "cancelled"), and the output message assembled from the
// deltas when content is captured. c.mu is held.
func (c *Call) endStream(err error) {
	s := &c.stream
	abandoned := FinishReasonCancelled
	if err != nil {
		abandoned = string(semconv.FinishReasonError)
	}
	if len(c.finish) == 0 { // RecordResponse gave none: one per started choice
		for i := range s.choices {
			if cs := &s.choices[i]; cs.started {
				if cs.finish == "" {
					cs.finish = abandoned
				}
				c.finish = append(c.finish, cs.finish)
			}
		}
		if len(c.finish) == 0 {
			c.finish = append(c.finish, abandoned) // ended before any delta
		}
	}
	if !c.record || c.t.capture == config.CaptureNone || c.content[cOutput] != "" || len(s.choices) == 0 {
		return
	}
	msgs := make([]Message, 0, len(s.choices))
	dropped := 0 // delta bytes not kept, past the budget
	for _, cs := range s.choices {
		if !cs.started {
			continue
		}
		dropped += cs.received - cs.kept
		m := Message{Role: RoleAssistant, FinishReason: cs.finish}
		if len(cs.reasoning) > 0 {
			m.Parts = append(m.Parts, Reasoning(string(cs.reasoning)))
		}
		if len(cs.text) > 0 {
			m.Parts = append(m.Parts, Text(string(cs.text)))
		}
		for _, ts := range cs.tools {
			m.Parts = append(m.Parts, ToolCall(ts.id, ts.name, json.RawMessage(ts.args)))
		}
		msgs = append(msgs, m)
	}
	bp := getBuf()
	out, n := appendOutputMessagesLimit(*bp, msgs, c.t.limit)
	c.keep(cOutput, bp, out, n+dropped) // the original size counts what was not kept
}

// appendAttrs adds the streaming timings: time to first chunk (convention)
// and the chunk count and mean time per output chunk (extensions).
func (s *streamState) appendAttrs(attrs []attribute.KeyValue) []attribute.KeyValue {
	if s.chunks == 0 {
		return attrs
	}
	attrs = append(attrs,
		semconv.GenAIResponseTimeToFirstChunk(s.first.Seconds()),
		semconv.NoveumResponseChunkCount(s.chunks))
	if s.chunks > 1 {
		mean := (s.last - s.first).Seconds() / float64(s.chunks-1)
		attrs = append(attrs, semconv.NoveumResponseTimePerOutputChunk(mean))
	}
	return attrs
}
