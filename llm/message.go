package llm

import "encoding/json"

// Role is the author of a message: RoleSystem, RoleUser, RoleAssistant,
// RoleTool, or any other string a provider uses.
type Role string

// Roles of the convention.
const (
	RoleSystem    Role = "system"
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
	RoleTool      Role = "tool"
)

// PartType is the kind of a message part.
type PartType string

// Part types of the convention.
const (
	PartText             PartType = "text"
	PartToolCall         PartType = "tool_call"
	PartToolCallResponse PartType = "tool_call_response"
	PartBlob             PartType = "blob"
	PartFile             PartType = "file"
	PartURI              PartType = "uri"
	PartReasoning        PartType = "reasoning"
)

// Modality is the kind of media a blob, file or uri part carries.
type Modality string

// Modalities of the convention.
const (
	ModalityImage    Modality = "image"
	ModalityVideo    Modality = "video"
	ModalityAudio    Modality = "audio"
	ModalityDocument Modality = "document"
)

// Part is one piece of a message. Type says which fields apply; the
// constructors (Text, ToolCall, ...) set the right ones. Its JSON (see
// MarshalJSON) has "type" first, then the fields of that type, in this
// order, optional ones only when set:
//
//	text                content
//	reasoning           content
//	tool_call           id?, name, arguments?
//	tool_call_response  id?, response (null when empty)
//	blob                mime_type?, modality, content (Data in base64)
//	file                mime_type?, modality, file_id
//	uri                 mime_type?, modality, uri
//
// The zero Type is written as text. A type the convention does not define
// is written with each field that is set, under the same names.
type Part struct {
	// Type is the kind of part.
	Type PartType
	// Content is the text of a text or reasoning part. For a blob read
	// back from JSON whose content is not base64 (a blob cut by
	// truncation), it holds that content, and is written when Data is
	// empty.
	Content string
	// ID is the call id of a tool_call or tool_call_response part.
	ID string
	// Name is the tool name of a tool_call part.
	Name string
	// Arguments are the JSON arguments of a tool_call part, recorded
	// compacted (whitespace between tokens removed). A value that is not
	// valid JSON is recorded as a JSON string.
	Arguments json.RawMessage
	// Response is the JSON result of a tool_call_response part, recorded
	// compacted. A value that is not valid JSON is recorded as a JSON
	// string; none is recorded as null.
	Response json.RawMessage
	// MimeType is the media type of a blob, file or uri part, when known.
	MimeType string
	// Modality is the kind of media of a blob, file or uri part.
	Modality Modality
	// Data is the content of a blob part, recorded in standard base64.
	Data []byte
	// FileID is the provider's id of a file part.
	FileID string
	// URI locates the content of a uri part.
	URI string
}

// Text returns a text part.
func Text(content string) Part { return Part{Type: PartText, Content: content} }

// Reasoning returns a reasoning part: the model's visible thinking.
func Reasoning(content string) Part { return Part{Type: PartReasoning, Content: content} }

// ToolCall returns a tool_call part: the model asks for tool name to be
// called with arguments (JSON), under call id.
func ToolCall(id, name string, arguments json.RawMessage) Part {
	return Part{Type: PartToolCall, ID: id, Name: name, Arguments: arguments}
}

// ToolCallResponse returns a tool_call_response part: the result (JSON) of
// the tool call with id.
func ToolCallResponse(id string, response json.RawMessage) Part {
	return Part{Type: PartToolCallResponse, ID: id, Response: response}
}

// Blob returns a blob part: inline media, recorded in base64.
func Blob(modality Modality, mimeType string, data []byte) Part {
	return Part{Type: PartBlob, Modality: modality, MimeType: mimeType, Data: data}
}

// File returns a file part: media the provider holds under fileID.
func File(modality Modality, mimeType, fileID string) Part {
	return Part{Type: PartFile, Modality: modality, MimeType: mimeType, FileID: fileID}
}

// URI returns a uri part: media at uri.
func URI(modality Modality, mimeType, uri string) Part {
	return Part{Type: PartURI, Modality: modality, MimeType: mimeType, URI: uri}
}

// Message is one message of a conversation: an input message sent to the
// model, or an output message (one per choice) it returned. Its JSON is
// {role, parts, name?, finish_reason?}.
type Message struct {
	// Role is the message's author.
	Role Role
	// Parts are the message's content, in order.
	Parts []Part
	// Name is the participant's name, when the provider supports one.
	Name string
	// FinishReason is why the model stopped, for output messages only
	// ("stop", "length", "content_filter", "tool_call", "error", or a
	// provider's own value). It is not recorded on input messages. In
	// gen_ai.output.messages it is always recorded, as "" when unknown:
	// the convention's schema requires the field (its newest revision
	// deprecates it in favour of gen_ai.response.finish_reasons, but still
	// accepts any string), and an empty string invents no reason.
	FinishReason string
}

// ToolDefinition describes a tool offered to the model
// (gen_ai.tool.definitions). Its JSON is {type, name, description?,
// parameters?}.
type ToolDefinition struct {
	// Type is the tool type, usually "function"; empty is recorded as
	// "function".
	Type string
	// Name is the tool's name.
	Name string
	// Description says what the tool does; empty is not recorded.
	Description string
	// Parameters is the JSON schema (draft-07) of the tool's arguments,
	// recorded compacted; empty is not recorded, and the JSON null says the
	// tool takes none. A value that is not valid JSON is recorded as a
	// JSON string.
	Parameters json.RawMessage
}

// Document is one document returned by a retrieval step
// (gen_ai.retrieval.documents). Its JSON is {id, score, content?}; content
// is an addition the convention's schema allows.
type Document struct {
	// ID identifies the document in its data source.
	ID string
	// Score is the document's relevance score. JSON has no NaN or
	// infinity: those are recorded as null, so math.NaN() stands for "no
	// score".
	Score float64
	// Content is the document's text, when it is to be recorded; empty is
	// not recorded.
	Content string
}
