package noveumanthropic

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/Noveum/noveum-trace-go/llm"
)

// requestParams are the parameters of a Messages request that every span
// records. Decoding skips the rest of the body.
type requestParams struct {
	Model         string   `json:"model"`
	MaxTokens     *int     `json:"max_tokens"`
	Temperature   *float64 `json:"temperature"`
	TopP          *float64 `json:"top_p"`
	TopK          *int     `json:"top_k"`
	StopSequences []string `json:"stop_sequences"`
	Stream        bool     `json:"stream"`
}

// requestContent is the content of a Messages request, decoded only when
// content capture is on.
type requestContent struct {
	System   json.RawMessage `json:"system"`
	Messages []struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	} `json:"messages"`
	Tools []struct {
		Type        string          `json:"type"`
		Name        string          `json:"name"`
		Description string          `json:"description"`
		InputSchema json.RawMessage `json:"input_schema"`
	} `json:"tools"`
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
// span. With content, it decodes the system prompt, the messages and the
// tool definitions too.
func request(body []byte, content bool) llm.Request {
	var p requestParams
	if !decodeLenient(body, &p) {
		return llm.Request{}
	}
	req := llm.Request{
		Model:         p.Model,
		MaxTokens:     p.MaxTokens,
		Temperature:   p.Temperature,
		TopP:          p.TopP,
		TopK:          p.TopK,
		StopSequences: p.StopSequences,
		Stream:        p.Stream,
	}
	if !content {
		return req
	}
	var c requestContent
	decodeLenient(body, &c)
	req.SystemInstructions = parts(c.System)
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

// message is a Messages response body: a Message object.
type message struct {
	ID         string          `json:"id"`
	Model      string          `json:"model"`
	Role       string          `json:"role"`
	StopReason string          `json:"stop_reason"`
	Usage      *usage          `json:"usage"`
	Content    json.RawMessage `json:"content"`
}

// response converts a Messages response body to the llm.Response of its
// span; ok is false when the body is not JSON.
func response(body []byte, content bool) (resp llm.Response, ok bool) {
	var m message
	if !decodeLenient(body, &m) {
		return resp, false
	}
	resp = llm.Response{ID: m.ID, Model: m.Model}
	if m.StopReason != "" {
		resp.FinishReasons = []string{finishReason(m.StopReason)}
	}
	if m.Usage != nil {
		var u usage
		u.merge(m.Usage)
		resp.Usage = u.convert()
	}
	if content && len(m.Content) > 0 {
		role := llm.Role(m.Role)
		if role == "" {
			role = llm.RoleAssistant
		}
		resp.Messages = []llm.Message{{Role: role, Parts: parts(m.Content), FinishReason: finishReason(m.StopReason)}}
	}
	return resp, true
}

// apiErrorBody is the body of an error response, and the data of an error
// stream event: {"type":"error","error":{"type":"rate_limit_error","message":"..."}}.
type apiErrorBody struct {
	Error struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
}
