package goopenai

import (
	"encoding/json"

	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// The Responses API (POST /responses): request parameters, the response
// object (plain, and in the stream's response.completed event), and the
// stream's events.

// readResponsesRequest reads a Responses request body into r: model,
// sampling parameters, output format, stream, and when content is
// captured its instructions, input and tools.
func readResponsesRequest(body []byte, capture bool, r *llm.Request) {
	var s scanner
	s.reset(body)
	if !s.object() {
		return
	}
	var input, tools []byte
	var instructions string
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "model":
			if raw, esc := s.strOrNull(); raw != nil {
				r.Model = unquote(raw, esc)
			}
		case "temperature":
			r.Temperature = optFloat(&s)
		case "top_p":
			r.TopP = optFloat(&s)
		case "max_output_tokens":
			r.MaxTokens = optInt(&s)
		case "stream":
			r.Stream = s.peek() == 't'
			s.skip()
		case "text":
			r.OutputType = readTextFormat(&s)
		case "instructions":
			if raw, esc := s.strOrNull(); raw != nil && capture {
				instructions = unquote(raw, esc)
			}
		case "input":
			input = s.value()
		case "tools":
			tools = s.value()
		default:
			s.skip()
		}
	}
	if !capture {
		return
	}
	if instructions != "" {
		r.SystemInstructions = []llm.Part{llm.Text(instructions)}
	}
	if len(input) > 0 {
		r.Messages = responsesInput(input)
	}
	if len(tools) > 0 {
		var wire []struct {
			Type        string          `json:"type"`
			Name        string          `json:"name"`
			Description string          `json:"description"`
			Parameters  json.RawMessage `json:"parameters"`
		}
		if json.Unmarshal(tools, &wire) == nil {
			for _, t := range wire {
				r.Tools = append(r.Tools, llm.ToolDefinition{Type: t.Type, Name: t.Name, Description: t.Description, Parameters: t.Parameters})
			}
		}
	}
}

// readTextFormat reads "text": {"format": {"type": "text" | "json_schema" |
// "json_object"}}.
func readTextFormat(s *scanner) semconv.OutputType {
	if s.peek() != '{' {
		s.skip()
		return ""
	}
	var t semconv.OutputType
	s.object()
	for first := true; s.more('}', &first); {
		if string(s.key()) != "format" {
			s.skip()
			continue
		}
		t = readOutputType(s)
	}
	return t
}

// responseItem is an input or output item of the Responses API: a message
// (role, content as a string or parts), a function call, a function call's
// output, or reasoning.
type responseItem struct {
	Type      string          `json:"type"`
	Role      string          `json:"role"`
	Content   json.RawMessage `json:"content"`
	CallID    string          `json:"call_id"`
	Name      string          `json:"name"`
	Arguments string          `json:"arguments"`
	Output    json.RawMessage `json:"output"`
	Summary   []struct {
		Text string `json:"text"`
	} `json:"summary"`
}

type responsePart struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Refusal  string `json:"refusal"`
	ImageURL string `json:"image_url"`
	FileID   string `json:"file_id"`
}

// responsesInput converts the request's input (a string, or a list of
// items) to messages.
func responsesInput(raw []byte) []llm.Message {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(one)}}}
	}
	var items []responseItem
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []llm.Message
	for _, it := range items {
		switch it.Type {
		case "function_call":
			out = append(out, llm.Message{Role: llm.RoleAssistant,
				Parts: []llm.Part{llm.ToolCall(it.CallID, it.Name, json.RawMessage(it.Arguments))}})
		case "function_call_output":
			var text string
			if json.Unmarshal(it.Output, &text) != nil {
				text = string(it.Output)
			}
			out = append(out, llm.Message{Role: llm.RoleTool,
				Parts: []llm.Part{llm.ToolCallResponse(it.CallID, json.RawMessage(text))}})
		case "", "message":
			out = append(out, llm.Message{Role: llm.Role(it.Role), Parts: responseParts(it.Content)})
		}
	}
	return out
}

// responseParts converts a message's content: a string, or parts
// (input_text, output_text, refusal, input_image, input_file).
func responseParts(raw json.RawMessage) []llm.Part {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []llm.Part{llm.Text(one)}
	}
	var parts []responsePart
	if json.Unmarshal(raw, &parts) != nil {
		return nil
	}
	var out []llm.Part
	for _, p := range parts {
		switch {
		case p.Type == "refusal":
			out = append(out, llm.Text(p.Refusal))
		case p.ImageURL != "":
			out = append(out, media(llm.ModalityImage, p.ImageURL))
		case p.FileID != "":
			out = append(out, llm.File(llm.ModalityDocument, "", p.FileID))
		default:
			out = append(out, llm.Text(p.Text))
		}
	}
	return out
}

// readResponse reads a response object: id, model, status (the finish
// reason), usage, its error when it failed, and its output as one message
// when content is captured.
func readResponse(s *scanner, capture bool) (llm.Response, *apiError) {
	var r llm.Response
	var failure *apiError
	if s.peek() != '{' {
		s.skip()
		return r, nil
	}
	var status, incomplete string
	var output []byte
	s.object()
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
		case "status":
			raw, _ := s.strOrNull()
			status = string(raw)
		case "incomplete_details":
			incomplete = readReason(s)
		case "usage":
			r.Usage = readUsage(s)
		case "output":
			output = s.value()
		case "error":
			if s.null() {
				continue
			}
			failure = readStreamError(s)
		default:
			s.skip()
		}
	}
	var items []responseItem
	if len(output) > 0 {
		_ = json.Unmarshal(output, &items) // a bad output leaves no items
	}
	calls := false
	for _, it := range items {
		calls = calls || it.Type == "function_call"
	}
	finish := ""
	switch status {
	case "completed":
		finish = string(semconv.FinishReasonStop)
		if calls {
			finish = string(semconv.FinishReasonToolCall)
		}
	case "incomplete":
		finish = incomplete
		if finish == "max_output_tokens" {
			finish = string(semconv.FinishReasonLength)
		}
	case "failed", "cancelled":
		finish = string(semconv.FinishReasonError)
	}
	if finish != "" {
		r.FinishReasons = []string{finish}
	}
	if capture && len(items) > 0 {
		m := llm.Message{Role: llm.RoleAssistant, FinishReason: finish}
		for _, it := range items {
			switch it.Type {
			case "message":
				m.Parts = append(m.Parts, responseParts(it.Content)...)
			case "function_call":
				m.Parts = append(m.Parts, llm.ToolCall(it.CallID, it.Name, json.RawMessage(it.Arguments)))
			case "reasoning":
				for _, sum := range it.Summary {
					m.Parts = append(m.Parts, llm.Reasoning(sum.Text))
				}
			}
		}
		r.Messages = []llm.Message{m}
	}
	return r, failure
}

// readReason reads {"reason": "..."}.
func readReason(s *scanner) string {
	if s.peek() != '{' {
		s.skip()
		return ""
	}
	var reason string
	s.object()
	for first := true; s.more('}', &first); {
		if string(s.key()) == "reason" {
			raw, esc := s.strOrNull()
			reason = unquote(raw, esc)
		} else {
			s.skip()
		}
	}
	return reason
}

// responsesEvent reads one event of a Responses stream and records it:
// text, reasoning and function-call deltas as chunks; the response object
// of response.completed (or incomplete, failed) with its usage, ending the
// call; an error event ends it failed.
func (b *streamBody) responsesEvent(payload []byte) {
	s := &b.s
	s.reset(payload)
	if !s.object() {
		b.call.RecordChunk(llm.Chunk{})
		return
	}
	var typ, delta, itemType, callID, name, errCode, errMsg string
	index := 0
	var resp llm.Response
	var failure *apiError
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "type":
			raw, _ := s.strOrNull()
			typ = eventType(raw)
		case "delta":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				delta = b.text(raw, esc)
			}
		case "output_index":
			if n, ok := s.int(); ok && n >= 0 && n < 1<<20 {
				index = int(n)
			}
		case "item":
			itemType, callID, name = readItemHead(s)
		case "response":
			resp, failure = readResponse(s, false) // the deltas assemble the output
		case "code":
			if raw, esc := s.strOrNull(); raw != nil {
				errCode = unquote(raw, esc)
			}
		case "message":
			if raw, esc := s.strOrNull(); raw != nil {
				errMsg = unquote(raw, esc)
			}
		default:
			s.skip()
		}
	}
	switch typ {
	case "response.output_text.delta", "response.refusal.delta":
		b.started |= 1
		b.call.RecordChunk(llm.Chunk{Text: delta})
	case "response.reasoning_summary_text.delta", "response.reasoning_text.delta":
		b.started |= 1
		b.call.RecordChunk(llm.Chunk{Reasoning: delta})
	case "response.function_call_arguments.delta":
		b.started |= 1
		b.call.RecordChunk(llm.Chunk{ToolCalls: []llm.ToolCallDelta{{Index: index, Arguments: delta}}})
	case "response.output_item.added":
		ch := llm.Chunk{}
		if itemType == "function_call" {
			b.started |= 1
			ch.ToolCalls = []llm.ToolCallDelta{{Index: index, ID: callID, Name: name}}
		}
		b.call.RecordChunk(ch)
	case "response.completed", "response.incomplete", "response.failed":
		finish := ""
		if len(resp.FinishReasons) > 0 {
			finish = resp.FinishReasons[0]
		}
		b.call.RecordChunk(llm.Chunk{FinishReason: finish, Usage: resp.Usage, ResponseID: resp.ID, Model: resp.Model})
		b.ended = true
		switch {
		case failure != nil:
			b.call.End(failure)
		case typ == "response.failed":
			b.call.End(&apiError{class: semconv.ErrorTypeOther, message: "response failed"})
		default:
			b.call.End(nil)
		}
	case "error":
		b.ended = true
		class := errCode
		if class == "" {
			class = semconv.ErrorTypeOther
		}
		b.call.End(&apiError{class: class, message: errMsg})
	case "response.created", "response.in_progress":
		b.call.RecordChunk(llm.Chunk{ResponseID: resp.ID, Model: resp.Model})
	default:
		b.call.RecordChunk(llm.Chunk{})
	}
}

// eventType returns the event types responsesEvent acts on as constants
// (no allocation), others as "".
func eventType(raw []byte) string {
	switch string(raw) {
	case "response.output_text.delta":
		return "response.output_text.delta"
	case "response.refusal.delta":
		return "response.refusal.delta"
	case "response.reasoning_summary_text.delta":
		return "response.reasoning_summary_text.delta"
	case "response.reasoning_text.delta":
		return "response.reasoning_text.delta"
	case "response.function_call_arguments.delta":
		return "response.function_call_arguments.delta"
	case "response.output_item.added":
		return "response.output_item.added"
	case "response.completed":
		return "response.completed"
	case "response.incomplete":
		return "response.incomplete"
	case "response.failed":
		return "response.failed"
	case "response.created":
		return "response.created"
	case "response.in_progress":
		return "response.in_progress"
	case "error":
		return "error"
	}
	return ""
}

// readItemHead reads an output item's type, call id and name.
func readItemHead(s *scanner) (typ, callID, name string) {
	if s.peek() != '{' {
		s.skip()
		return
	}
	s.object()
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "type":
			raw, esc := s.strOrNull()
			typ = unquote(raw, esc)
		case "call_id":
			raw, esc := s.strOrNull()
			callID = unquote(raw, esc)
		case "name":
			raw, esc := s.strOrNull()
			name = unquote(raw, esc)
		default:
			s.skip()
		}
	}
	return
}
