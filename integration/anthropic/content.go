package noveumanthropic

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/Noveum/noveum-trace-go/llm"
)

// block is a content block of a message, request or response: text, image,
// document, tool_use, tool_result, thinking, redacted_thinking, or a type
// added later (recorded by its type alone).
type block struct {
	typ, text, id, name, toolUseID, thinking string
	input, content                           []byte // raw JSON
	source                                   struct{ typ, mediaType, data, url, fileID string }
}

// readBlock reads a content block object.
func readBlock(v []byte) (b block, ok bool) {
	ok = eachMember(v, func(key, value []byte) bool {
		switch string(key) {
		case "type":
			b.typ = jsonString(value)
		case "text":
			b.text = jsonString(value)
		case "id":
			b.id = jsonString(value)
		case "name":
			b.name = jsonString(value)
		case "input":
			b.input = value
		case "tool_use_id":
			b.toolUseID = jsonString(value)
		case "content":
			b.content = value
		case "thinking":
			b.thinking = jsonString(value)
		case "source":
			eachMember(value, func(key, value []byte) bool {
				switch string(key) {
				case "type":
					b.source.typ = jsonString(value)
				case "media_type":
					b.source.mediaType = jsonString(value)
				case "data":
					b.source.data = jsonString(value)
				case "url":
					b.source.url = jsonString(value)
				case "file_id":
					b.source.fileID = jsonString(value)
				}
				return true
			})
		}
		return true
	})
	return b, ok
}

// decodeLenient decodes data into v, keeping what decoded when a field has
// an unexpected type (encoding/json fills the others and reports the first
// mismatch). It reports whether data was JSON at all.
func decodeLenient(data []byte, v any) bool {
	err := json.Unmarshal(data, v)
	if err == nil {
		return true
	}
	_, typeErr := err.(*json.UnmarshalTypeError)
	return typeErr
}

// request converts a Messages request body to the llm.Request of its
// span: the parameters always, and with content the system prompt, the
// messages and the tool definitions, which are skipped otherwise.
func request(body []byte, content bool) llm.Request {
	var req llm.Request
	var system, messages, tools []byte
	eachMember(body, func(key, v []byte) bool {
		switch string(key) {
		case "model":
			req.Model = jsonString(v)
		case "max_tokens":
			req.MaxTokens = intPtr(v)
		case "temperature":
			req.Temperature = jsonFloat(v)
		case "top_p":
			req.TopP = jsonFloat(v)
		case "top_k":
			req.TopK = intPtr(v)
		case "stop_sequences":
			eachElement(v, func(v []byte) {
				if len(v) > 0 && v[0] == '"' {
					req.StopSequences = append(req.StopSequences, jsonString(v))
				}
			})
		case "stream":
			req.Stream = string(v) == "true"
		case "system":
			system = v
		case "messages":
			messages = v
		case "tools":
			tools = v
		}
		return true
	})
	if !content {
		return req
	}
	req.SystemInstructions = parts(system)
	eachElement(messages, func(v []byte) {
		var m llm.Message
		eachMember(v, func(key, value []byte) bool {
			switch string(key) {
			case "role":
				m.Role = llm.Role(jsonString(value))
			case "content":
				m.Parts = parts(value)
			}
			return true
		})
		req.Messages = append(req.Messages, m)
	})
	eachElement(tools, func(v []byte) {
		var d llm.ToolDefinition
		eachMember(v, func(key, value []byte) bool {
			switch string(key) {
			case "type":
				d.Type = jsonString(value)
			case "name":
				d.Name = jsonString(value)
			case "description":
				d.Description = jsonString(value)
			case "input_schema":
				d.Parameters = json.RawMessage(value)
			}
			return true
		})
		if d.Type == "" || d.Type == "custom" {
			d.Type = "function" // a tool the client runs: the convention's function
		}
		req.Tools = append(req.Tools, d)
	})
	return req
}

// parts converts message content, a string or a list of blocks, to parts.
func parts(raw []byte) []llm.Part {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if raw[0] == '"' {
		return []llm.Part{llm.Text(jsonString(raw))}
	}
	var out []llm.Part
	eachElement(raw, func(v []byte) {
		if b, ok := readBlock(v); ok {
			out = append(out, b.part())
		}
	})
	return out
}

// part converts a content block to the convention's part.
func (b *block) part() llm.Part {
	switch b.typ {
	case "text":
		return llm.Text(b.text)
	case "thinking":
		return llm.Reasoning(b.thinking)
	case "redacted_thinking":
		// Encrypted: the part says reasoning happened, without its content.
		return llm.Reasoning("")
	case "tool_use", "server_tool_use", "mcp_tool_use":
		return llm.ToolCall(b.id, b.name, json.RawMessage(b.input))
	case "tool_result", "mcp_tool_result":
		return llm.ToolCallResponse(b.toolUseID, toolResult(b.content))
	case "image":
		return b.media(llm.ModalityImage)
	case "document":
		return b.media(llm.ModalityDocument)
	}
	return llm.Part{Type: llm.PartType(b.typ)}
}

// toolResult returns the result of a tool_result block: its text when its
// content is text blocks only (as the tool returned it), else its content
// as sent.
func toolResult(raw []byte) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return raw
	}
	var text strings.Builder
	n, textOnly := 0, true
	ok := eachElement(raw, func(v []byte) {
		b, ok := readBlock(v)
		if !ok || b.typ != "text" {
			textOnly = false
			return
		}
		if n > 0 {
			text.WriteByte('\n')
		}
		text.WriteString(b.text)
		n++
	})
	if !ok || !textOnly || n == 0 {
		return raw
	}
	out, err := json.Marshal(text.String())
	if err != nil {
		return raw
	}
	return out
}

// media converts an image or document block by its source: inline data
// (base64, or a document's plain text), a URL or an uploaded file.
func (b *block) media(m llm.Modality) llm.Part {
	s := &b.source
	switch s.typ {
	case "base64":
		data, err := base64.StdEncoding.DecodeString(s.data)
		if err != nil {
			return llm.Part{Type: llm.PartBlob, Modality: m, MimeType: s.mediaType}
		}
		return llm.Blob(m, s.mediaType, data)
	case "text":
		return llm.Blob(m, s.mediaType, []byte(s.data))
	case "url":
		return llm.URI(m, s.mediaType, s.url)
	case "file":
		return llm.File(m, s.mediaType, s.fileID)
	}
	return llm.Part{Type: llm.PartType(b.typ)}
}

// message holds the fields of a Message object (a Messages response
// body, or the message of a message_start event) that spans record.
type message struct {
	id, model, role string
	finish          string // stop_reason as the convention's finish reason
	usage           usage
	hasUsage        bool
	content         []byte // raw, kept only when asked for
}

// readMessage reads a Message object; ok is false when v is not one it
// could read to its end (the fields before the fault are kept). The role
// and the content are read only with content. A model equal to
// knownModel (the request's) is returned as that string, not a copy.
func readMessage(v []byte, content bool, knownModel string) (m message, ok bool) {
	ok = eachMember(v, func(key, value []byte) bool {
		switch string(key) {
		case "id":
			m.id = jsonString(value)
		case "model":
			m.model = jsonStringOr(value, knownModel)
		case "stop_reason":
			m.finish = finishReasonJSON(value)
		case "usage":
			m.usage, m.hasUsage = readUsage(value)
		case "role":
			if content {
				m.role = jsonString(value)
			}
		case "content":
			if content {
				m.content = value
			}
		}
		return true
	})
	return m, ok
}

// response converts a Messages response body to the llm.Response of its
// span, with what could be read of a body that is not a whole Message.
func response(body []byte, content bool, reqModel string) llm.Response {
	m, _ := readMessage(body, content, reqModel)
	resp := llm.Response{ID: m.id, Model: m.model}
	if m.finish != "" {
		resp.FinishReasons = []string{m.finish}
	}
	if m.hasUsage {
		resp.Usage = m.usage.convert()
	}
	if len(m.content) > 0 {
		role := llm.Role(m.role)
		if role == "" {
			role = llm.RoleAssistant
		}
		resp.Messages = []llm.Message{{Role: role, Parts: parts(m.content), FinishReason: m.finish}}
	}
	return resp
}

// apiErrorBody is the body of an error response, and the data of an error
// stream event: {"type":"error","error":{"type":"rate_limit_error","message":"..."}}.
type apiErrorBody struct {
	Error struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
}
