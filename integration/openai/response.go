package noveumopenai

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// finishReason converts OpenAI's finish reasons to the convention's:
// tool_calls and function_call become tool_call; others are kept.
func finishReason(s string) string {
	switch s {
	case "":
		return ""
	case "stop":
		return string(semconv.FinishReasonStop)
	case "length":
		return string(semconv.FinishReasonLength)
	case "content_filter":
		return string(semconv.FinishReasonContentFilter)
	case "tool_calls", "function_call":
		return string(semconv.FinishReasonToolCall)
	}
	return strings.Clone(s)
}

// parseResponse reads the JSON body of a successful response to ep into r.
// A Responses API response whose status is "failed" returns its error.
// Anything missing or of another type is skipped: a span gets what could
// be read.
func parseResponse(ep endpoint, body []byte, capture bool, r *llm.Response) error {
	root := gjson.Parse(str(body))
	if !root.IsObject() {
		return nil
	}
	switch ep {
	case endpointChat:
		chatResponse(root, capture, r)
	case endpointResponses:
		return responsesResult(root, capture, r)
	case endpointEmbeddings:
		embeddingsResponse(root, r)
	}
	return nil
}

// chatResponse reads a chat.completion object.
func chatResponse(root gjson.Result, capture bool, r *llm.Response) {
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "id":
			r.ID = strings.Clone(v.String())
		case "model":
			r.Model = strings.Clone(v.String())
		case "usage":
			r.Usage = chatUsage(v)
		case "choices":
			v.ForEach(func(_, c gjson.Result) bool {
				fr := finishReason(c.Get("finish_reason").String())
				r.FinishReasons = append(r.FinishReasons, fr)
				if capture {
					m := c.Get("message")
					msg := llm.Message{Role: llm.Role(m.Get("role").String()), FinishReason: fr}
					if msg.Role == "" {
						msg.Role = llm.RoleAssistant
					}
					for _, key := range [...]string{"reasoning_content", "reasoning"} { // DeepSeek, vLLM, Ollama
						if rc := m.Get(key); rc.Type == gjson.String && rc.Str != "" {
							msg.Parts = append(msg.Parts, llm.Reasoning(rc.Str))
							break
						}
					}
					msg.Parts = appendContent(msg.Parts, m.Get("content"))
					if rf := m.Get("refusal"); rf.Type == gjson.String && rf.Str != "" {
						msg.Parts = append(msg.Parts, llm.Text(rf.Str))
					}
					msg.Parts = appendChatToolCalls(msg.Parts, m)
					r.Messages = append(r.Messages, msg)
				}
				return true
			})
		}
		return true
	})
}

// responsesResult reads a Responses API response object: id, model, usage,
// the finish reason its status implies, and its output items as one
// assistant message. A "failed" response returns its error.
func responsesResult(resp gjson.Result, capture bool, r *llm.Response) error {
	if !resp.IsObject() {
		return nil
	}
	r.ID = strings.Clone(resp.Get("id").String())
	r.Model = strings.Clone(resp.Get("model").String())
	r.Usage = responsesUsage(resp.Get("usage"))
	var parts []llm.Part
	toolCall := false
	resp.Get("output").ForEach(func(_, item gjson.Result) bool {
		switch item.Get("type").String() {
		case "message":
			if capture {
				parts = appendContent(parts, item.Get("content"))
			}
		case "function_call", "custom_tool_call":
			toolCall = true
			if capture {
				args := item.Get("arguments")
				if !args.Exists() {
					args = item.Get("input")
				}
				parts = append(parts, llm.ToolCall(item.Get("call_id").String(), item.Get("name").String(), json.RawMessage(args.String())))
			}
		case "reasoning":
			if capture {
				parts = reasoningParts(parts, item)
			}
		}
		return true
	})
	var fr string
	var err error
	switch status := resp.Get("status").String(); status {
	case "completed":
		fr = string(semconv.FinishReasonStop)
		if toolCall {
			fr = string(semconv.FinishReasonToolCall)
		}
	case "incomplete":
		switch reason := resp.Get("incomplete_details.reason").String(); reason {
		case "max_output_tokens":
			fr = string(semconv.FinishReasonLength)
		case "content_filter":
			fr = string(semconv.FinishReasonContentFilter)
		default:
			fr = "incomplete" // a constant: status aliases a reused buffer
		}
	case "failed":
		fr = string(semconv.FinishReasonError)
		e := resp.Get("error")
		err = &streamError{code: shortCode(e.Get("code"))}
	case "cancelled":
		fr = llm.FinishReasonCancelled
	}
	if fr != "" {
		r.FinishReasons = []string{fr}
	}
	if capture && len(parts) > 0 {
		r.Messages = []llm.Message{{Role: llm.RoleAssistant, Parts: parts, FinishReason: fr}}
	}
	return err
}

// embeddingsResponse reads a list of embeddings: model, usage, and the
// dimension count of the first embedding (an array of numbers, or base64
// of little-endian float32 values).
func embeddingsResponse(root gjson.Result, r *llm.Response) {
	r.Model = strings.Clone(root.Get("model").String())
	r.Usage = embeddingsUsage(root.Get("usage"))
	e := root.Get("data.0.embedding")
	switch {
	case e.IsArray():
		n := 0
		e.ForEach(func(_, _ gjson.Result) bool { n++; return true })
		r.EmbeddingDimensions = n
	case e.Type == gjson.String:
		s := strings.TrimRight(e.Str, "=")
		r.EmbeddingDimensions = base64.RawStdEncoding.DecodedLen(len(s)) / 4
	}
}

// errorCode reads the code, or else the type, of an OpenAI error body:
// {"error": {"message", "type", "param", "code"}}.
func errorCode(body []byte) string {
	e := gjson.Get(str(body), "error")
	if !e.IsObject() {
		return ""
	}
	if c := shortCode(e.Get("code")); c != "" {
		return c
	}
	return shortCode(e.Get("type"))
}

// shortCode returns an error code or type as a string of its own, or ""
// when it is not a short string (codes are low-cardinality identifiers;
// anything else is not one).
func shortCode(v gjson.Result) string {
	if v.Type != gjson.String || v.Str == "" || len(v.Str) > 64 {
		return ""
	}
	return strings.Clone(v.Str)
}
