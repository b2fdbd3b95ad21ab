package noveumopenai

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// endpoint is the kind of API call a request makes.
type endpoint uint8

const (
	endpointOther endpoint = iota
	endpointChat
	endpointResponses
	endpointEmbeddings
)

// endpointOf recognises the calls the middleware understands by method and
// path suffix, so that any base URL works: api.openai.com/v1, an Azure
// deployment path, a gateway's prefix, a local server.
func endpointOf(method, path string) endpoint {
	if method != http.MethodPost {
		return endpointOther
	}
	path = strings.TrimSuffix(path, "/")
	switch {
	case strings.HasSuffix(path, "/chat/completions"):
		return endpointChat
	case strings.HasSuffix(path, "/responses"):
		return endpointResponses
	case strings.HasSuffix(path, "/embeddings"):
		return endpointEmbeddings
	}
	return endpointOther
}

// otherOperation names the operation of a request to an endpoint the
// middleware does not model: the leading fixed segments of its path after
// the API version ("/v1/images/generations" -> "images.generations",
// "/v1/files/file-abc/content" -> "files"), at most two, so that ids never
// enter the name.
func otherOperation(path string) semconv.Operation {
	var parts []string
	for seg := range strings.SplitSeq(strings.Trim(path, "/"), "/") {
		if len(parts) == 0 && (seg == "openai" || isVersion(seg)) {
			continue
		}
		if !isWord(seg) || len(parts) == 2 {
			break
		}
		parts = append(parts, seg)
	}
	if len(parts) == 0 {
		return "http"
	}
	return semconv.Operation(strings.Join(parts, "."))
}

// isVersion reports whether seg is an API version: v1, v1beta, v2alpha1.
func isVersion(seg string) bool {
	if len(seg) < 2 || seg[0] != 'v' || seg[1] < '0' || seg[1] > '9' {
		return false
	}
	return true
}

// isWord reports whether seg is a fixed path segment (lower-case letters
// and underscores), not an id.
func isWord(seg string) bool {
	if seg == "" {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if c := seg[i]; (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}

// maxRequestBody bounds the request bodies the middleware reads; larger
// ones are sent as they are, and the span has what the URL says.
const maxRequestBody = 32 << 20

// requestBody returns the JSON body of req, leaving req able to send it
// unchanged: it reads a copy from GetBody when the request has one (as
// openai-go's do), or else reads the body and puts back a reader that
// replays what was read, then the rest. It returns nil for a body that is
// absent, not JSON, too large or unreadable.
func requestBody(req *http.Request) []byte {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength > maxRequestBody {
		return nil
	}
	if ct := req.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil
		}
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil
		}
		defer rc.Close()
		b, err := readAtMost(rc, req.ContentLength)
		if err != nil {
			return nil
		}
		return b
	}
	orig := req.Body
	b, err := readAtMost(orig, req.ContentLength)
	// Replay what was read, then whatever is left (nothing, unless the body
	// was too large or failed): the server gets the same bytes and errors.
	req.Body = &replayBody{Reader: io.MultiReader(bytes.NewReader(b), orig), Closer: orig}
	if err != nil {
		return nil
	}
	return b
}

type replayBody struct {
	io.Reader
	io.Closer
}

var errTooLarge = errors.New("noveumopenai: request body over 32 MiB, not read")

// readAtMost reads r to its end, up to maxRequestBody bytes; sizeHint is
// the expected length, when known.
func readAtMost(r io.Reader, sizeHint int64) ([]byte, error) {
	n := 512
	if sizeHint > 0 {
		n = int(sizeHint) + 1 // room to see the EOF without growing
	}
	b := make([]byte, 0, n)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if len(b) > maxRequestBody {
			return b, errTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// str views b as a string without copying. b must not change afterwards:
// request bodies and the kept copies of responses are never reused.
func str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// parseRequest fills r from the JSON body of a request to ep, and reports
// whether it asks for a stream. Content (messages, instructions, tools) is
// read only when capture is set. Fields that are missing or of another
// type are skipped. Strings the span keeps (model, stop sequences, ...)
// are copied, so that the body is not kept alive by them; content is
// encoded by llm at Start and not kept.
func parseRequest(ep endpoint, body []byte, capture bool, r *llm.Request) (stream bool) {
	root := gjson.Parse(str(body))
	if !root.IsObject() {
		return false
	}
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "model":
			if v.Type == gjson.String {
				r.Model = strings.Clone(v.Str)
			}
		case "stream":
			stream = v.Type == gjson.True
		case "temperature":
			r.Temperature = float(v)
		case "top_p":
			r.TopP = float(v)
		case "max_tokens", "max_completion_tokens", "max_output_tokens":
			if v.Type == gjson.Number {
				r.MaxTokens = new(int(v.Int()))
			}
		case "frequency_penalty":
			r.FrequencyPenalty = float(v)
		case "presence_penalty":
			r.PresencePenalty = float(v)
		case "seed":
			if v.Type == gjson.Number {
				r.Seed = new(v.Int())
			}
		case "n":
			if v.Type == gjson.Number {
				r.ChoiceCount = new(int(v.Int()))
			}
		case "stop":
			r.StopSequences = stringList(v)
		case "response_format": // chat
			r.OutputType = outputType(v.Get("type").Str)
		case "text": // responses: {"format": {"type": ...}}
			r.OutputType = outputType(v.Get("format.type").Str)
		case "encoding_format":
			if ep == endpointEmbeddings && v.Type == gjson.String {
				r.EncodingFormats = []string{strings.Clone(v.Str)}
			}
		case "conversation": // responses: an id, or {"id": ...}
			if v.Type == gjson.String {
				r.ConversationID = strings.Clone(v.Str)
			} else if id := v.Get("id"); id.Type == gjson.String {
				r.ConversationID = strings.Clone(id.Str)
			}
		case "messages":
			if capture && ep == endpointChat {
				r.Messages = chatMessages(v)
			}
		case "input":
			if capture && ep == endpointResponses {
				r.Messages = responsesInput(v)
			}
		case "instructions":
			if capture && v.Type == gjson.String && v.Str != "" {
				r.SystemInstructions = []llm.Part{llm.Text(v.Str)}
			}
		case "tools":
			if capture {
				r.Tools = toolDefinitions(v)
			}
		}
		return true
	})
	r.Stream = stream
	return stream
}

func float(v gjson.Result) *float64 {
	if v.Type != gjson.Number {
		return nil
	}
	return new(v.Float())
}

// stringList reads a string or an array of strings.
func stringList(v gjson.Result) []string {
	if v.Type == gjson.String {
		return []string{strings.Clone(v.Str)}
	}
	if !v.IsArray() {
		return nil
	}
	var out []string
	v.ForEach(func(_, s gjson.Result) bool {
		if s.Type == gjson.String {
			out = append(out, strings.Clone(s.Str))
		}
		return true
	})
	return out
}

func outputType(t string) semconv.OutputType {
	switch t {
	case "json_object", "json_schema":
		return semconv.OutputJSON
	case "text":
		return semconv.OutputText
	}
	return ""
}

// chatMessages converts the "messages" of a Chat Completions request.
func chatMessages(msgs gjson.Result) []llm.Message {
	if !msgs.IsArray() {
		return nil
	}
	var out []llm.Message
	msgs.ForEach(func(_, m gjson.Result) bool {
		role := m.Get("role").String()
		msg := llm.Message{Role: llm.Role(role), Name: m.Get("name").String()}
		switch role {
		case "tool", "function":
			id := m.Get("tool_call_id").String()
			msg.Parts = []llm.Part{llm.ToolCallResponse(id, json.RawMessage(textOf(m.Get("content"))))}
		default:
			msg.Parts = appendContent(msg.Parts, m.Get("content"))
			if r := m.Get("refusal"); r.Type == gjson.String && r.Str != "" {
				msg.Parts = append(msg.Parts, llm.Text(r.Str))
			}
			msg.Parts = appendChatToolCalls(msg.Parts, m)
		}
		out = append(out, msg)
		return true
	})
	return out
}

// appendChatToolCalls adds the tool calls of an assistant message (its
// "tool_calls", or the legacy "function_call").
func appendChatToolCalls(parts []llm.Part, m gjson.Result) []llm.Part {
	m.Get("tool_calls").ForEach(func(_, tc gjson.Result) bool {
		if fn := tc.Get("function"); fn.Exists() {
			parts = append(parts, llm.ToolCall(tc.Get("id").String(), fn.Get("name").String(), json.RawMessage(fn.Get("arguments").String())))
		} else if c := tc.Get("custom"); c.Exists() { // custom tools: {"name", "input"}
			parts = append(parts, llm.ToolCall(tc.Get("id").String(), c.Get("name").String(), json.RawMessage(c.Get("input").String())))
		}
		return true
	})
	if fc := m.Get("function_call"); fc.IsObject() {
		parts = append(parts, llm.ToolCall("", fc.Get("name").String(), json.RawMessage(fc.Get("arguments").String())))
	}
	return parts
}

// textOf returns a content value as text: a string, or the texts of an
// array of parts joined.
func textOf(c gjson.Result) string {
	if c.Type == gjson.String {
		return c.Str
	}
	if !c.IsArray() {
		return c.Raw
	}
	var sb strings.Builder
	c.ForEach(func(_, p gjson.Result) bool {
		sb.WriteString(p.Get("text").String())
		return true
	})
	return sb.String()
}

// appendContent adds the parts of a message's content: a string, or an
// array of typed parts (Chat Completions and Responses spellings both).
func appendContent(parts []llm.Part, c gjson.Result) []llm.Part {
	switch {
	case c.Type == gjson.String:
		return append(parts, llm.Text(c.Str))
	case !c.IsArray():
		return parts
	}
	c.ForEach(func(_, p gjson.Result) bool {
		switch t := p.Get("type").String(); t {
		case "text", "input_text", "output_text":
			parts = append(parts, llm.Text(p.Get("text").String()))
		case "refusal":
			parts = append(parts, llm.Text(p.Get("refusal").String()))
		case "image_url": // chat: {"image_url": {"url": ...}}
			parts = append(parts, mediaPart(llm.ModalityImage, p.Get("image_url.url").String(), ""))
		case "input_image": // responses: {"image_url": ...} or {"file_id": ...}
			parts = append(parts, mediaPart(llm.ModalityImage, p.Get("image_url").String(), p.Get("file_id").String()))
		case "input_audio": // chat: {"input_audio": {"data": base64, "format": "wav"}}
			a := p.Get("input_audio")
			if data, err := base64.StdEncoding.DecodeString(a.Get("data").String()); err == nil {
				parts = append(parts, llm.Blob(llm.ModalityAudio, "audio/"+a.Get("format").String(), data))
			}
		case "file": // chat: {"file": {"file_id"} | {"file_data": data URL}}
			f := p.Get("file")
			parts = append(parts, mediaPart(llm.ModalityDocument, f.Get("file_data").String(), f.Get("file_id").String()))
		case "input_file": // responses: {"file_id"} | {"file_data"} | {"file_url"}
			url := p.Get("file_data").String()
			if url == "" {
				url = p.Get("file_url").String()
			}
			parts = append(parts, mediaPart(llm.ModalityDocument, url, p.Get("file_id").String()))
		default:
			parts = append(parts, llm.Part{Type: llm.PartType(t), Content: p.Get("text").String()})
		}
		return true
	})
	return parts
}

// mediaPart converts media given as a data: URL (a blob), another URL, or a
// file id.
func mediaPart(mod llm.Modality, url, fileID string) llm.Part {
	if url == "" {
		return llm.File(mod, "", fileID)
	}
	if rest, ok := strings.CutPrefix(url, "data:"); ok {
		meta, data, found := strings.Cut(rest, ",")
		mimeType, isBase64 := strings.CutSuffix(meta, ";base64")
		if found && isBase64 {
			if b, err := base64.StdEncoding.DecodeString(data); err == nil {
				return llm.Blob(mod, mimeType, b)
			}
		}
	}
	return llm.URI(mod, "", url)
}

// responsesInput converts the "input" of a Responses API request: a string
// (one user message) or a list of items.
func responsesInput(in gjson.Result) []llm.Message {
	if in.Type == gjson.String {
		return []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(in.Str)}}}
	}
	if !in.IsArray() {
		return nil
	}
	var out []llm.Message
	in.ForEach(func(_, item gjson.Result) bool {
		switch t := item.Get("type").String(); {
		case t == "function_call":
			out = append(out, llm.Message{Role: llm.RoleAssistant, Parts: []llm.Part{
				llm.ToolCall(item.Get("call_id").String(), item.Get("name").String(), json.RawMessage(item.Get("arguments").String()))}})
		case t == "function_call_output", t == "custom_tool_call_output":
			out = append(out, llm.Message{Role: llm.RoleTool, Parts: []llm.Part{
				llm.ToolCallResponse(item.Get("call_id").String(), json.RawMessage(textOf(item.Get("output"))))}})
		case t == "reasoning":
			out = append(out, llm.Message{Role: llm.RoleAssistant, Parts: reasoningParts(nil, item)})
		case item.Get("role").Exists(): // a message, typed or not
			out = append(out, llm.Message{Role: llm.Role(item.Get("role").String()), Parts: appendContent(nil, item.Get("content"))})
		}
		return true
	})
	return out
}

// reasoningParts adds the summary of a reasoning item, and its content when
// the provider returns it.
func reasoningParts(parts []llm.Part, item gjson.Result) []llm.Part {
	var sb strings.Builder
	for _, key := range [...]string{"summary", "content"} {
		item.Get(key).ForEach(func(_, s gjson.Result) bool {
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(s.Get("text").String())
			return true
		})
	}
	if sb.Len() == 0 {
		return parts
	}
	return append(parts, llm.Reasoning(sb.String()))
}

// toolDefinitions converts the "tools" of a request: Chat Completions'
// {"type": "function", "function": {...}}, Responses' flat
// {"type": "function", "name", ...}, and built-in tools by their type.
func toolDefinitions(tools gjson.Result) []llm.ToolDefinition {
	if !tools.IsArray() {
		return nil
	}
	var out []llm.ToolDefinition
	tools.ForEach(func(_, t gjson.Result) bool {
		typ := t.Get("type").String()
		def := t
		if fn := t.Get(typ); typ != "" && fn.IsObject() { // chat: nested under its type
			def = fn
		}
		d := llm.ToolDefinition{Type: typ, Name: def.Get("name").String(), Description: def.Get("description").String()}
		if p := def.Get("parameters"); p.Exists() {
			d.Parameters = json.RawMessage(p.Raw)
		}
		if d.Name == "" {
			d.Name = typ // a built-in tool: web_search, file_search, ...
		}
		out = append(out, d)
		return true
	})
	return out
}
