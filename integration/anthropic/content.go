package noveumanthropic

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/Noveum/noveum-trace-go/llm"
)

// requestContent is the content of a Messages request, decoded only when
// content capture is on.
type requestContent struct {
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	}
	Tools []struct {
		Type        string          `json:"type"`
		Name        string          `json:"name"`
		Description string          `json:"description"`
		InputSchema json.RawMessage `json:"input_schema"`
	}
}

// block is a content block of a message, request or response: text, image,
// document, tool_use, tool_result, thinking, redacted_thinking, or a type
// added later (recorded by its type alone).
type block struct {
	Type      string          `json:"type"`
	Text      string          `json:"text"`
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Input     json.RawMessage `json:"input"`
	ToolUseID string          `json:"tool_use_id"`
	Content   json.RawMessage `json:"content"`
	Thinking  string          `json:"thinking"`
	Source    *struct {
		Type      string `json:"type"`
		MediaType string `json:"media_type"`
		Data      string `json:"data"`
		URL       string `json:"url"`
		FileID    string `json:"file_id"`
	} `json:"source"`
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
			req.MaxTokens = intPtr(jsonInt(v))
		case "temperature":
			req.Temperature = jsonFloat(v)
		case "top_p":
			req.TopP = jsonFloat(v)
		case "top_k":
			req.TopK = intPtr(jsonInt(v))
		case "stop_sequences":
			decodeLenient(v, &req.StopSequences)
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
	var c requestContent
	if len(messages) > 0 {
		decodeLenient(messages, &c.Messages)
	}
	if len(tools) > 0 {
		decodeLenient(tools, &c.Tools)
	}
	if len(c.Messages) > 0 {
		req.Messages = make([]llm.Message, 0, len(c.Messages))
		for _, m := range c.Messages {
			req.Messages = append(req.Messages, llm.Message{Role: llm.Role(m.Role), Parts: parts(m.Content)})
		}
	}
	for _, t := range c.Tools {
		typ := t.Type
		if typ == "" || typ == "custom" {
			typ = "function" // a tool the client runs: the convention's function
		}
		req.Tools = append(req.Tools, llm.ToolDefinition{Type: typ, Name: t.Name, Description: t.Description, Parameters: t.InputSchema})
	}
	return req
}

// parts converts message content, a string or a list of blocks, to parts.
func parts(raw json.RawMessage) []llm.Part {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return nil
		}
		return []llm.Part{llm.Text(s)}
	}
	var blocks []json.RawMessage
	if json.Unmarshal(raw, &blocks) != nil {
		return nil
	}
	out := make([]llm.Part, 0, len(blocks))
	for _, rb := range blocks {
		var b block
		if !decodeLenient(rb, &b) {
			continue
		}
		out = append(out, b.part())
	}
	return out
}

// part converts a content block to the convention's part.
func (b *block) part() llm.Part {
	switch b.Type {
	case "text":
		return llm.Text(b.Text)
	case "thinking":
		return llm.Reasoning(b.Thinking)
	case "redacted_thinking":
		// Encrypted: the part says reasoning happened, without its content.
		return llm.Reasoning("")
	case "tool_use", "server_tool_use", "mcp_tool_use":
		return llm.ToolCall(b.ID, b.Name, b.Input)
	case "tool_result", "mcp_tool_result":
		return llm.ToolCallResponse(b.ToolUseID, toolResult(b.Content))
	case "image":
		return b.media(llm.ModalityImage)
	case "document":
		return b.media(llm.ModalityDocument)
	}
	return llm.Part{Type: llm.PartType(b.Type)}
}

// toolResult returns the result of a tool_result block: its text when its
// content is text blocks only (as the tool returned it), else its content
// as sent.
func toolResult(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return raw
	}
	var blocks []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &blocks) != nil || len(blocks) == 0 {
		return raw
	}
	var text strings.Builder
	for i, b := range blocks {
		if b.Type != "text" {
			return raw
		}
		if i > 0 {
			text.WriteByte('\n')
		}
		text.WriteString(b.Text)
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
	s := b.Source
	if s == nil {
		return llm.Part{Type: llm.PartType(b.Type)}
	}
	switch s.Type {
	case "base64":
		data, err := base64.StdEncoding.DecodeString(s.Data)
		if err != nil {
			return llm.Part{Type: llm.PartBlob, Modality: m, MimeType: s.MediaType}
		}
		return llm.Blob(m, s.MediaType, data)
	case "text":
		return llm.Blob(m, s.MediaType, []byte(s.Data))
	case "url":
		return llm.URI(m, s.MediaType, s.URL)
	case "file":
		return llm.File(m, s.MediaType, s.FileID)
	}
	return llm.Part{Type: llm.PartType(b.Type)}
}

// message holds the fields of a Message object (a Messages response
// body, or the message of a message_start event) that spans record.
type message struct {
	id, model, role, stopReason string
	usage                       *usage
	content                     []byte // raw, kept only when asked for
}

// readMessage reads a Message object; ok is false when v is not one it
// could read to its end (the fields before the fault are kept).
func readMessage(v []byte, content bool) (m message, ok bool) {
	ok = eachMember(v, func(key, value []byte) bool {
		switch string(key) {
		case "id":
			m.id = jsonString(value)
		case "model":
			m.model = jsonString(value)
		case "role":
			m.role = jsonString(value)
		case "stop_reason":
			m.stopReason = jsonString(value)
		case "usage":
			m.usage = readUsage(value)
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
func response(body []byte, content bool) llm.Response {
	m, _ := readMessage(body, content)
	resp := llm.Response{ID: m.id, Model: m.model}
	if m.stopReason != "" {
		resp.FinishReasons = []string{finishReason(m.stopReason)}
	}
	if m.usage != nil {
		resp.Usage = m.usage.convert()
	}
	if len(m.content) > 0 {
		role := llm.Role(m.role)
		if role == "" {
			role = llm.RoleAssistant
		}
		resp.Messages = []llm.Message{{Role: role, Parts: parts(m.content), FinishReason: finishReason(m.stopReason)}}
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
