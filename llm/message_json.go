package llm

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

// The appenders below write the JSON of the GenAI convention's content
// attributes by hand, fields in a fixed order, optional fields omitted when
// empty. They use no reflection and do not allocate when dst has room.
//
// capB is used by truncation (truncate.go): when it is positive, every
// shrinkable value (text and reasoning content, tool call arguments and
// responses, blob content, tool descriptions and parameters, document
// content) whose encoded size exceeds capB is cut to at most capB bytes.
// shrinkSizes must list exactly the values that honour capB.

// appendInputMessages appends msgs as the JSON of gen_ai.input.messages.
func appendInputMessages(dst []byte, msgs []Message) []byte {
	return appendMessageList(dst, msgs, finishNever, 0)
}

// appendOutputMessages appends msgs as the JSON of gen_ai.output.messages:
// every message carries finish_reason.
func appendOutputMessages(dst []byte, msgs []Message) []byte {
	return appendMessageList(dst, msgs, finishAlways, 0)
}

// appendParts appends parts as a JSON array, the form of
// gen_ai.system_instructions.
func appendParts(dst []byte, parts []Part) []byte {
	return appendPartList(dst, parts, 0)
}

// appendToolDefinitions appends defs as the JSON of gen_ai.tool.definitions.
func appendToolDefinitions(dst []byte, defs []ToolDefinition) []byte {
	dst = append(dst, '[')
	for i := range defs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendToolDefinition(dst, &defs[i], 0)
	}
	return append(dst, ']')
}

// appendDocuments appends docs as the JSON of gen_ai.retrieval.documents.
func appendDocuments(dst []byte, docs []Document) []byte {
	dst = append(dst, '[')
	for i := range docs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendDocument(dst, &docs[i], 0)
	}
	return append(dst, ']')
}

// finishMode says when a message's finish_reason is written.
type finishMode uint8

const (
	finishNever  finishMode = iota // input messages
	finishAlways                   // output messages: the convention's schema requires it
	finishIfSet                    // Message.MarshalJSON
)

func appendMessageList(dst []byte, msgs []Message, fm finishMode, capB int) []byte {
	dst = append(dst, '[')
	for i := range msgs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendMessage(dst, &msgs[i], fm, capB)
	}
	return append(dst, ']')
}

func appendMessage(dst []byte, m *Message, fm finishMode, capB int) []byte {
	dst = append(dst, `{"role":`...)
	dst = jsontext.AppendString(dst, string(m.Role))
	dst = append(dst, `,"parts":`...)
	dst = appendPartList(dst, m.Parts, capB)
	if m.Name != "" {
		dst = append(dst, `,"name":`...)
		dst = jsontext.AppendString(dst, m.Name)
	}
	if fm == finishAlways || fm == finishIfSet && m.FinishReason != "" {
		dst = append(dst, `,"finish_reason":`...)
		dst = jsontext.AppendString(dst, m.FinishReason)
	}
	return append(dst, '}')
}

func appendPartList(dst []byte, parts []Part, capB int) []byte {
	dst = append(dst, '[')
	for i := range parts {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendPart(dst, &parts[i], capB)
	}
	return append(dst, ']')
}

// appendPart appends one part in the shape its type calls for. The zero
// Type is written as text. A type the convention does not define is written
// with every field that is set, under the same names.
func appendPart(dst []byte, p *Part, capB int) []byte {
	switch p.Type {
	case PartText, "":
		dst = append(dst, `{"type":"text","content":`...)
		dst = appendText(dst, p.Content, capB)
	case PartReasoning:
		dst = append(dst, `{"type":"reasoning","content":`...)
		dst = appendText(dst, p.Content, capB)
	case PartToolCall:
		dst = append(dst, `{"type":"tool_call"`...)
		dst = appendOptString(dst, `,"id":`, p.ID)
		dst = append(dst, `,"name":`...)
		dst = jsontext.AppendString(dst, p.Name)
		if len(p.Arguments) > 0 {
			dst = append(dst, `,"arguments":`...)
			dst = appendRaw(dst, p.Arguments, capB)
		}
	case PartToolCallResponse:
		dst = append(dst, `{"type":"tool_call_response"`...)
		dst = appendOptString(dst, `,"id":`, p.ID)
		dst = append(dst, `,"response":`...)
		if len(p.Response) > 0 {
			dst = appendRaw(dst, p.Response, capB)
		} else {
			dst = append(dst, "null"...) // required, so present even when empty
		}
	case PartBlob:
		dst = append(dst, `{"type":"blob"`...)
		dst = appendOptString(dst, `,"mime_type":`, p.MimeType)
		dst = append(dst, `,"modality":`...)
		dst = jsontext.AppendString(dst, string(p.Modality))
		dst = append(dst, `,"content":`...)
		dst = appendBlobContent(dst, p, capB)
	case PartFile:
		dst = append(dst, `{"type":"file"`...)
		dst = appendOptString(dst, `,"mime_type":`, p.MimeType)
		dst = append(dst, `,"modality":`...)
		dst = jsontext.AppendString(dst, string(p.Modality))
		dst = append(dst, `,"file_id":`...)
		dst = jsontext.AppendString(dst, p.FileID)
	case PartURI:
		dst = append(dst, `{"type":"uri"`...)
		dst = appendOptString(dst, `,"mime_type":`, p.MimeType)
		dst = append(dst, `,"modality":`...)
		dst = jsontext.AppendString(dst, string(p.Modality))
		dst = append(dst, `,"uri":`...)
		dst = jsontext.AppendString(dst, p.URI)
	default:
		dst = append(dst, `{"type":`...)
		dst = jsontext.AppendString(dst, string(p.Type))
		if p.Content != "" || len(p.Data) > 0 {
			dst = append(dst, `,"content":`...)
			dst = appendBlobContent(dst, p, capB)
		}
		dst = appendOptString(dst, `,"id":`, p.ID)
		dst = appendOptString(dst, `,"name":`, p.Name)
		if len(p.Arguments) > 0 {
			dst = append(dst, `,"arguments":`...)
			dst = appendRaw(dst, p.Arguments, capB)
		}
		if len(p.Response) > 0 {
			dst = append(dst, `,"response":`...)
			dst = appendRaw(dst, p.Response, capB)
		}
		dst = appendOptString(dst, `,"mime_type":`, p.MimeType)
		dst = appendOptString(dst, `,"modality":`, string(p.Modality))
		dst = appendOptString(dst, `,"file_id":`, p.FileID)
		dst = appendOptString(dst, `,"uri":`, p.URI)
	}
	return append(dst, '}')
}

// appendOptString appends key and s when s is not empty.
func appendOptString(dst []byte, key, s string) []byte {
	if s == "" {
		return dst
	}
	dst = append(dst, key...)
	return jsontext.AppendString(dst, s)
}

// appendText appends a shrinkable string.
func appendText(dst []byte, s string, capB int) []byte {
	if capB > 0 {
		dst, _ = jsontext.AppendStringLimit(dst, s, capB)
		return dst
	}
	return jsontext.AppendString(dst, s)
}

// appendRaw appends a shrinkable JSON value: as is when valid (compacted),
// as a JSON string of its bytes otherwise.
func appendRaw(dst []byte, raw []byte, capB int) []byte {
	if capB > 0 {
		dst, _ = jsontext.Truncate(dst, raw, capB)
		return dst
	}
	return jsontext.AppendValue(dst, raw)
}

// appendBlobContent appends the content of a blob: Data in standard base64,
// or, for a blob read back from truncated JSON, the text kept in Content.
// Base64 cut in the middle would decode to garbage, so a blob too large for
// capB is replaced by the marker alone.
func appendBlobContent(dst []byte, p *Part, capB int) []byte {
	if len(p.Data) == 0 {
		return appendText(dst, p.Content, capB)
	}
	if capB > 0 && blobLen(p.Data) > capB {
		return append(jsontext.AppendMarker(append(dst, '"'), len(p.Data)), '"')
	}
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, p.Data)
	return append(dst, '"')
}

// blobLen is the encoded size of data as a base64 JSON string.
func blobLen(data []byte) int { return base64.StdEncoding.EncodedLen(len(data)) + 2 }

func appendToolDefinition(dst []byte, d *ToolDefinition, capB int) []byte {
	dst = append(dst, `{"type":`...)
	if d.Type == "" {
		dst = append(dst, `"function"`...)
	} else {
		dst = jsontext.AppendString(dst, d.Type)
	}
	dst = append(dst, `,"name":`...)
	dst = jsontext.AppendString(dst, d.Name)
	if d.Description != "" {
		dst = append(dst, `,"description":`...)
		dst = appendText(dst, d.Description, capB)
	}
	if len(d.Parameters) > 0 {
		dst = append(dst, `,"parameters":`...)
		dst = appendRaw(dst, d.Parameters, capB)
	}
	return append(dst, '}')
}

func appendDocument(dst []byte, d *Document, capB int) []byte {
	dst = append(dst, `{"id":`...)
	dst = jsontext.AppendString(dst, d.ID)
	dst = append(dst, `,"score":`...)
	dst = appendFloat(dst, d.Score)
	if d.Content != "" {
		dst = append(dst, `,"content":`...)
		dst = appendText(dst, d.Content, capB)
	}
	return append(dst, '}')
}

// appendFloat appends f as a JSON number, formatted as encoding/json does.
// JSON has no NaN or infinity: those are written as null, which the
// convention's retrieval document schema allows for a score.
func appendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// 1e-07 -> 1e-7
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// MarshalJSON returns the message as the convention writes it in
// gen_ai.input.messages and gen_ai.output.messages: role, parts, then name
// and finish_reason when set. (In gen_ai.output.messages, finish_reason is
// always written; see Message.FinishReason.)
func (m Message) MarshalJSON() ([]byte, error) {
	return appendMessage(nil, &m, finishIfSet, 0), nil
}

// MarshalJSON returns the part as the convention writes it: type first, then
// the fields of that type; see Part.
func (p Part) MarshalJSON() ([]byte, error) {
	return appendPart(nil, &p, 0), nil
}

// MarshalJSON returns the tool definition as the convention writes it in
// gen_ai.tool.definitions.
func (d ToolDefinition) MarshalJSON() ([]byte, error) {
	return appendToolDefinition(nil, &d, 0), nil
}

// MarshalJSON returns the document as written in gen_ai.retrieval.documents.
func (d Document) MarshalJSON() ([]byte, error) {
	return appendDocument(nil, &d, 0), nil
}

// isNull reports whether raw is absent or the JSON literal null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(raw, []byte("null"))
}

// UnmarshalJSON reads a message written by MarshalJSON or by any producer of
// the convention's JSON. Unknown fields are ignored and null reads as empty.
func (m *Message) UnmarshalJSON(data []byte) error {
	var w struct {
		Role         string `json:"role"`
		Parts        []Part `json:"parts"`
		Name         string `json:"name"`
		FinishReason string `json:"finish_reason"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("llm: message: %w", err)
	}
	*m = Message{Role: Role(w.Role), Parts: w.Parts, Name: w.Name, FinishReason: w.FinishReason}
	return nil
}

// UnmarshalJSON reads a part written by MarshalJSON or by any producer of
// the convention's JSON. A blob's base64 content is decoded into Data; blob
// content that is not base64 (a blob cut by truncation) is kept in Content.
// A null or absent arguments or response reads as nil. For a part type the
// convention does not define, content that is not a string is ignored.
func (p *Part) UnmarshalJSON(data []byte) error {
	var w struct {
		Type      string          `json:"type"`
		Content   json.RawMessage `json:"content"`
		ID        string          `json:"id"`
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
		Response  json.RawMessage `json:"response"`
		MimeType  string          `json:"mime_type"`
		Modality  string          `json:"modality"`
		FileID    string          `json:"file_id"`
		URI       string          `json:"uri"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("llm: part: %w", err)
	}
	*p = Part{
		Type:     PartType(w.Type),
		ID:       w.ID,
		Name:     w.Name,
		MimeType: w.MimeType,
		Modality: Modality(w.Modality),
		FileID:   w.FileID,
		URI:      w.URI,
	}
	if !isNull(w.Arguments) {
		p.Arguments = w.Arguments
	}
	if !isNull(w.Response) {
		p.Response = w.Response
	}
	if isNull(w.Content) {
		return nil
	}
	var s string
	if err := json.Unmarshal(w.Content, &s); err != nil {
		switch p.Type {
		case PartText, PartReasoning, PartBlob, "":
			return fmt.Errorf("llm: part of type %q: content is not a string", w.Type)
		}
		return nil
	}
	if p.Type == PartBlob {
		if b, err := base64.StdEncoding.DecodeString(s); err == nil {
			if len(b) > 0 {
				p.Data = b
			}
			return nil
		}
	}
	p.Content = s
	return nil
}

// UnmarshalJSON reads a tool definition. A null parameters is kept as the
// JSON null (the convention's "the tool has no parameters").
func (d *ToolDefinition) UnmarshalJSON(data []byte) error {
	var w struct {
		Type        string          `json:"type"`
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Parameters  json.RawMessage `json:"parameters"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("llm: tool definition: %w", err)
	}
	*d = ToolDefinition{Type: w.Type, Name: w.Name, Description: w.Description, Parameters: w.Parameters}
	return nil
}

// UnmarshalJSON reads a retrieval document. A null or absent score reads as
// NaN, which MarshalJSON writes back as null.
func (d *Document) UnmarshalJSON(data []byte) error {
	var w struct {
		ID      string   `json:"id"`
		Score   *float64 `json:"score"`
		Content string   `json:"content"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("llm: document: %w", err)
	}
	*d = Document{ID: w.ID, Score: math.NaN(), Content: w.Content}
	if w.Score != nil {
		d.Score = *w.Score
	}
	return nil
}
