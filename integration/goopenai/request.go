package goopenai

import (
	"encoding/json"

	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// readChatRequest reads the parameters of a Chat Completions (or legacy
// Completions) request body into r, and, when content is captured, its
// messages and tools (or prompt). It
// reports whether the body was a JSON object; what could not be read is
// left unset.
func readChatRequest(body []byte, capture bool, r *llm.Request) bool {
	var s scanner
	s.reset(body)
	if !s.object() {
		return false
	}
	var messages, tools, prompt []byte
	var maxTokens, maxCompletion *int
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
		case "frequency_penalty":
			r.FrequencyPenalty = optFloat(&s)
		case "presence_penalty":
			r.PresencePenalty = optFloat(&s)
		case "max_tokens":
			maxTokens = optInt(&s)
		case "max_completion_tokens":
			maxCompletion = optInt(&s)
		case "n":
			r.ChoiceCount = optInt(&s)
		case "seed":
			if n, ok := s.int(); ok {
				r.Seed = &n
			}
		case "stop":
			r.StopSequences = readStop(&s)
		case "stream":
			r.Stream = s.peek() == 't'
			s.skip()
		case "response_format":
			r.OutputType = readOutputType(&s)
		case "messages":
			messages = s.value()
		case "tools":
			tools = s.value()
		case "prompt":
			prompt = s.value()
		default:
			s.skip()
		}
	}
	if maxCompletion != nil {
		r.MaxTokens = maxCompletion
	} else {
		r.MaxTokens = maxTokens
	}
	if capture {
		if len(messages) > 0 {
			var wire []wireMessage
			if json.Unmarshal(messages, &wire) == nil {
				r.Messages = inputMessages(wire)
			}
		}
		if len(prompt) > 0 {
			r.Messages = promptMessages(prompt)
		}
		if len(tools) > 0 {
			var wire []wireTool
			if json.Unmarshal(tools, &wire) == nil {
				r.Tools = toolDefinitions(wire)
			}
		}
	}
	return true
}

// readEmbeddingsRequest reads the model and encoding format of an
// Embeddings request body into r.
func readEmbeddingsRequest(body []byte, r *llm.Request) bool {
	var s scanner
	s.reset(body)
	if !s.object() {
		return false
	}
	for first := true; s.more('}', &first); {
		switch string(s.key()) {
		case "model":
			if raw, esc := s.strOrNull(); raw != nil {
				r.Model = unquote(raw, esc)
			}
		case "encoding_format":
			if raw, esc := s.strOrNull(); len(raw) > 0 {
				r.EncodingFormats = []string{unquote(raw, esc)}
			}
		default:
			s.skip()
		}
	}
	return true
}

func optFloat(s *scanner) *float64 {
	if f, ok := s.float(); ok {
		return &f
	}
	return nil
}

func optInt(s *scanner) *int {
	if n, ok := s.int(); ok {
		v := int(n)
		return &v
	}
	return nil
}

// readStop reads "stop": a string or an array of strings.
func readStop(s *scanner) []string {
	switch s.peek() {
	case '"':
		raw, esc := s.str()
		return []string{unquote(raw, esc)}
	case '[':
		var out []string
		s.array()
		for first := true; s.more(']', &first); {
			if raw, esc := s.strOrNull(); raw != nil {
				out = append(out, unquote(raw, esc))
			}
		}
		return out
	}
	s.skip()
	return nil
}

// readOutputType reads "response_format": {"type": "text" | "json_object"
// | "json_schema"}.
func readOutputType(s *scanner) semconv.OutputType {
	if s.peek() != '{' {
		s.skip()
		return ""
	}
	var t semconv.OutputType
	s.object()
	for first := true; s.more('}', &first); {
		if string(s.key()) != "type" {
			s.skip()
			continue
		}
		raw, _ := s.strOrNull()
		switch string(raw) {
		case "text":
			t = semconv.OutputText
		case "json_object", "json_schema":
			t = semconv.OutputJSON
		}
	}
	return t
}

// promptMessages returns a legacy completion's prompt (a string or an
// array of strings) as user messages.
func promptMessages(raw []byte) []llm.Message {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(one)}}}
	}
	var many []string
	if json.Unmarshal(raw, &many) != nil {
		return nil
	}
	out := make([]llm.Message, 0, len(many))
	for _, p := range many {
		out = append(out, llm.Message{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(p)}})
	}
	return out
}
