package goopenai

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// The wire types below decode message content, only when content is
// captured: a Chat Completions message as sent (go-openai's
// ChatCompletionMessage, with Content or MultiContent) or returned.

type wireMessage struct {
	Role             string          `json:"role"`
	Content          json.RawMessage `json:"content"` // a string, an array of parts, or null
	Name             string          `json:"name"`
	Refusal          string          `json:"refusal"`
	ReasoningContent string          `json:"reasoning_content"`
	ToolCalls        []wireToolCall  `json:"tool_calls"`
	ToolCallID       string          `json:"tool_call_id"`
	FunctionCall     *wireFunction   `json:"function_call"`
}

type wireToolCall struct {
	ID       string       `json:"id"`
	Function wireFunction `json:"function"`
}

type wireFunction struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

type wirePart struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Refusal  string `json:"refusal"`
	ImageURL *struct {
		URL string `json:"url"`
	} `json:"image_url"`
	InputAudio *struct {
		Data   string `json:"data"`
		Format string `json:"format"`
	} `json:"input_audio"`
	File *struct {
		FileID   string `json:"file_id"`
		FileData string `json:"file_data"`
	} `json:"file"`
}

type wireTool struct {
	Type     string `json:"type"`
	Function struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Parameters  json.RawMessage `json:"parameters"`
	} `json:"function"`
}

// inputMessages converts the request's messages to the convention's form:
// system and developer messages stay in place with their role (OpenAI has
// no instructions apart from the messages), tool results become
// tool_call_response parts, assistant tool calls tool_call parts.
func inputMessages(wire []wireMessage) []llm.Message {
	out := make([]llm.Message, 0, len(wire))
	for i := range wire {
		out = append(out, message(&wire[i]))
	}
	return out
}

func message(w *wireMessage) llm.Message {
	m := llm.Message{Role: llm.Role(w.Role), Name: w.Name}
	if w.ReasoningContent != "" {
		m.Parts = append(m.Parts, llm.Reasoning(w.ReasoningContent))
	}
	if w.Role == "tool" || w.Role == "function" {
		m.Role = llm.RoleTool
		m.Parts = append(m.Parts, llm.ToolCallResponse(w.ToolCallID, json.RawMessage(contentText(w.Content))))
		return m
	}
	m.Parts = appendContent(m.Parts, w.Content)
	if w.Refusal != "" {
		m.Parts = append(m.Parts, llm.Text(w.Refusal))
	}
	for _, tc := range w.ToolCalls {
		m.Parts = append(m.Parts, llm.ToolCall(tc.ID, tc.Function.Name, json.RawMessage(tc.Function.Arguments)))
	}
	if w.FunctionCall != nil {
		m.Parts = append(m.Parts, llm.ToolCall("", w.FunctionCall.Name, json.RawMessage(w.FunctionCall.Arguments)))
	}
	return m
}

// contentText returns the text of a content: the string, or the texts of
// its parts joined.
func contentText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []wirePart
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// appendContent appends the parts of a message's content: a string is one
// text part; an array gives text, image, audio and file parts.
func appendContent(parts []llm.Part, raw json.RawMessage) []llm.Part {
	if len(raw) == 0 || string(raw) == "null" {
		return parts
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s != "" {
			parts = append(parts, llm.Text(s))
		}
		return parts
	}
	var wire []wirePart
	if json.Unmarshal(raw, &wire) != nil {
		return parts
	}
	for _, p := range wire {
		switch {
		case p.Type == "text":
			parts = append(parts, llm.Text(p.Text))
		case p.Type == "refusal":
			parts = append(parts, llm.Text(p.Refusal))
		case p.ImageURL != nil:
			parts = append(parts, media(llm.ModalityImage, p.ImageURL.URL))
		case p.InputAudio != nil:
			data, err := base64.StdEncoding.DecodeString(p.InputAudio.Data)
			if err == nil {
				parts = append(parts, llm.Blob(llm.ModalityAudio, "audio/"+p.InputAudio.Format, data))
			}
		case p.File != nil && p.File.FileID != "":
			parts = append(parts, llm.File(llm.ModalityDocument, "", p.File.FileID))
		case p.File != nil && p.File.FileData != "":
			parts = append(parts, media(llm.ModalityDocument, p.File.FileData))
		}
	}
	return parts
}

// media returns a blob part for a data: URL with base64 content, else a
// uri part.
func media(modality llm.Modality, url string) llm.Part {
	if rest, ok := strings.CutPrefix(url, "data:"); ok {
		if meta, data, ok := strings.Cut(rest, ","); ok {
			if mime, ok := strings.CutSuffix(meta, ";base64"); ok {
				if b, err := base64.StdEncoding.DecodeString(data); err == nil {
					return llm.Blob(modality, mime, b)
				}
			}
		}
	}
	return llm.URI(modality, "", url)
}

func toolDefinitions(wire []wireTool) []llm.ToolDefinition {
	out := make([]llm.ToolDefinition, 0, len(wire))
	for _, t := range wire {
		out = append(out, llm.ToolDefinition{Type: t.Type, Name: t.Function.Name,
			Description: t.Function.Description, Parameters: t.Function.Parameters})
	}
	return out
}

// finishReason maps OpenAI's finish reasons to the convention's where they
// differ ("tool_calls" and the legacy "function_call" are "tool_call");
// others are kept as they are.
func finishReason(raw []byte) string {
	switch string(raw) {
	case "tool_calls", "function_call":
		return string(semconv.FinishReasonToolCall)
	case "stop":
		return string(semconv.FinishReasonStop)
	case "length":
		return string(semconv.FinishReasonLength)
	case "content_filter":
		return string(semconv.FinishReasonContentFilter)
	case "":
		return ""
	}
	return string(raw)
}
