package wire_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
)

// wantRaw compares attributes with their exact JSON text: "1550" is an
// integer, "1550.5" a float, `"1550"` a string. An empty want means absent.
func wantRaw(t *testing.T, got map[string]string, want map[string]string) {
	t.Helper()
	for k, w := range want {
		g, ok := got[k]
		switch {
		case w == "" && ok:
			t.Errorf("%s = %s, want absent", k, g)
		case w != "" && !ok:
			t.Errorf("%s absent, want %s", k, w)
		case w != "" && g != w:
			t.Errorf("%s = %s, want %s", k, g, w)
		}
	}
}

func TestDerivedKeysLLM(t *testing.T) {
	in := `[{"role":"user","parts":[{"type":"text","content":"hi"}]}]`
	out := `[{"role":"assistant","parts":[{"type":"text","content":"hello"}],"finish_reason":"stop"}]`
	s := stub("chat gpt-4o",
		op("chat"),
		attribute.String("gen_ai.provider.name", "openai"),
		attribute.String("gen_ai.request.model", "gpt-4o"),
		attribute.String("gen_ai.response.model", "gpt-4o-2024-08-06"),
		attribute.Int("gen_ai.usage.input_tokens", 1200),
		attribute.Int("gen_ai.usage.output_tokens", 350),
		attribute.Int("gen_ai.usage.cache_read.input_tokens", 100),
		attribute.Int("gen_ai.usage.cache_creation.input_tokens", 50),
		attribute.Int("gen_ai.usage.reasoning.output_tokens", 20),
		attribute.Float64("noveum.cost.input", 0.003),
		attribute.Float64("noveum.cost.output", 0.0035),
		attribute.Float64("noveum.cost.total", 0.0065),
		attribute.Bool("gen_ai.request.stream", true),
		attribute.Float64("gen_ai.response.time_to_first_chunk", 0.25),
		attribute.StringSlice("gen_ai.response.finish_reasons", []string{"length", "stop"}),
		attribute.String("gen_ai.input.messages", in),
		attribute.String("gen_ai.output.messages", out),
	)
	s.EndTime = s.StartTime.Add(1234500 * time.Microsecond)
	got := encodeOne(t, s).rawAttrs(t, 0)
	wantRaw(t, got, map[string]string{
		"llm.model":                  `"gpt-4o"`,
		"llm.response_model":         `"gpt-4o-2024-08-06"`,
		"llm.provider":               `"openai"`,
		"llm.operation":              `"chat"`,
		"llm.input_tokens":           `1200`,
		"llm.output_tokens":          `350`,
		"llm.total_tokens":           `1550`,
		"llm.cache_read_tokens":      `100`,
		"llm.cache_creation_tokens":  `50`,
		"llm.reasoning_tokens":       `20`,
		"llm.cost.input":             `0.003`,
		"llm.cost.output":            `0.0035`,
		"llm.cost.total":             `0.0065`,
		"llm.cost.currency":          `"USD"`,
		"llm.streaming":              `true`,
		"llm.time_to_first_token_ms": `250`,
		"llm.latency_ms":             `1234.5`,
		"llm.finish_reason":          `"length"`,
		"llm.input.messages":         `[{"role":"user","content":"hi"}]`,
		"llm.input.message_count":    `1`,
		"llm.output.response":        `"hello"`,
		"llm.output.tool_calls":      "",
		// the OTel keys stay
		"gen_ai.usage.input_tokens": `1200`,
		"gen_ai.request.model":      `"gpt-4o"`,
		"gen_ai.input.messages":     quote(in),
		// nothing of the other span types
		"agent.name": "", "tool.name": "", "retrieval.query": "", "retrieval.result_count": "",
	})
}

func quote(s string) string {
	b, _ := jsonMarshalNoEscape(s)
	return string(b)
}

func TestDerivedKeysVariants(t *testing.T) {
	tests := []struct {
		desc  string
		attrs []attribute.KeyValue
		want  map[string]string
	}{
		{"input tokens only: no total", []attribute.KeyValue{op("chat"), attribute.Int("gen_ai.usage.input_tokens", 10)},
			map[string]string{"llm.input_tokens": "10", "llm.output_tokens": "", "llm.total_tokens": ""}},
		{"output tokens only: no total", []attribute.KeyValue{op("chat"), attribute.Int("gen_ai.usage.output_tokens", 5)},
			map[string]string{"llm.output_tokens": "5", "llm.input_tokens": "", "llm.total_tokens": ""}},
		{"zero tokens count", []attribute.KeyValue{op("chat"), attribute.Int("gen_ai.usage.input_tokens", 0), attribute.Int("gen_ai.usage.output_tokens", 0)},
			map[string]string{"llm.input_tokens": "0", "llm.output_tokens": "0", "llm.total_tokens": "0"}},
		{"deprecated spellings", []attribute.KeyValue{op("chat"), attribute.String("gen_ai.system", "anthropic"),
			attribute.Int("gen_ai.usage.prompt_tokens", 10), attribute.Int("gen_ai.usage.completion_tokens", 5)},
			map[string]string{"llm.provider": `"anthropic"`, "llm.input_tokens": "10", "llm.output_tokens": "5", "llm.total_tokens": "15", "gen_ai.system": `"anthropic"`}},
		{"current spellings win, deprecated first", []attribute.KeyValue{op("chat"), attribute.String("gen_ai.system", "old"), attribute.String("gen_ai.provider.name", "new"),
			attribute.Int("gen_ai.usage.prompt_tokens", 1), attribute.Int("gen_ai.usage.input_tokens", 2),
			attribute.Int("gen_ai.usage.completion_tokens", 3), attribute.Int("gen_ai.usage.output_tokens", 4)},
			map[string]string{"llm.provider": `"new"`, "llm.input_tokens": "2", "llm.output_tokens": "4", "llm.total_tokens": "6"}},
		{"current spellings win, deprecated last", []attribute.KeyValue{op("chat"), attribute.String("gen_ai.provider.name", "new"), attribute.String("gen_ai.system", "old"),
			attribute.Int("gen_ai.usage.input_tokens", 2), attribute.Int("gen_ai.usage.prompt_tokens", 1),
			attribute.Int("gen_ai.usage.output_tokens", 4), attribute.Int("gen_ai.usage.completion_tokens", 3)},
			map[string]string{"llm.provider": `"new"`, "llm.input_tokens": "2", "llm.output_tokens": "4", "llm.total_tokens": "6"}},
		{"request model only", []attribute.KeyValue{attribute.String("gen_ai.request.model", "m1")},
			map[string]string{"llm.model": `"m1"`}},
		{"response model before request model", []attribute.KeyValue{attribute.String("gen_ai.response.model", "m2"), attribute.String("gen_ai.request.model", "m1")},
			map[string]string{"llm.model": `"m1"`, "llm.response_model": `"m2"`}},
		{"response model only", []attribute.KeyValue{op("chat"), attribute.String("gen_ai.response.model", "m2")},
			map[string]string{"llm.model": `"m2"`, "llm.response_model": `"m2"`}},
		{"request parameters and response id", []attribute.KeyValue{op("chat"), attribute.Float64("gen_ai.request.temperature", 0.2),
			attribute.Int("gen_ai.request.max_tokens", 256), attribute.Float64("gen_ai.request.top_p", 0.9), attribute.String("gen_ai.response.id", "chatcmpl-1")},
			map[string]string{"llm.temperature": "0.2", "llm.max_tokens": "256", "llm.top_p": "0.9", "llm.request_id": `"chatcmpl-1"`}},
		{"costs rounded to 8 decimals", []attribute.KeyValue{op("chat"), attribute.Float64("noveum.cost.input", 0.123456789123),
			attribute.Float64("noveum.cost.total", 1.000000004999)},
			map[string]string{"llm.cost.input": "0.12345679", "llm.cost.total": "1"}},
		{"currency given", []attribute.KeyValue{op("chat"), attribute.Float64("noveum.cost.total", 1.5), attribute.String("noveum.cost.currency", "EUR")},
			map[string]string{"llm.cost.total": "1.5", "llm.cost.currency": `"EUR"`, "llm.cost.input": ""}},
		{"currency defaults with input cost only", []attribute.KeyValue{op("chat"), attribute.Float64("noveum.cost.input", 0.25)},
			map[string]string{"llm.cost.input": "0.25", "llm.cost.currency": `"USD"`}},
		{"currency defaults with output cost only", []attribute.KeyValue{op("chat"), attribute.Float64("noveum.cost.output", 2)},
			map[string]string{"llm.cost.output": "2", "llm.cost.currency": `"USD"`}},
		{"no cost, no currency", []attribute.KeyValue{op("chat")},
			map[string]string{"llm.cost.currency": "", "llm.cost.total": ""}},
		{"not streaming", []attribute.KeyValue{op("chat"), attribute.Bool("gen_ai.request.stream", false)},
			map[string]string{"llm.streaming": "false"}},
		{"ttft from int seconds", []attribute.KeyValue{op("chat"), attribute.Int("gen_ai.response.time_to_first_chunk", 2)},
			map[string]string{"llm.time_to_first_token_ms": "2000"}},
		{"ttft fractional", []attribute.KeyValue{op("chat"), attribute.Float64("gen_ai.response.time_to_first_chunk", 0.0125)},
			map[string]string{"llm.time_to_first_token_ms": "12.5"}},
		{"finish reason as string", []attribute.KeyValue{op("chat"), attribute.String("gen_ai.response.finish_reasons", "tool_calls")},
			map[string]string{"llm.finish_reason": `"tool_calls"`}},
		{"no finish reasons", []attribute.KeyValue{op("chat"), attribute.StringSlice("gen_ai.response.finish_reasons", nil)},
			map[string]string{"llm.finish_reason": ""}},
		{"latency on embeddings", []attribute.KeyValue{op("embeddings")},
			map[string]string{"llm.latency_ms": "1500", "llm.operation": `"embeddings"`}},
		{"latency on text_completion", []attribute.KeyValue{op("text_completion")},
			map[string]string{"llm.latency_ms": "1500"}},
		{"latency on generate_content", []attribute.KeyValue{op("generate_content")},
			map[string]string{"llm.latency_ms": "1500"}},
		{"no llm keys on a tool span", []attribute.KeyValue{op("execute_tool"), attribute.String("gen_ai.request.model", "m")},
			map[string]string{"llm.latency_ms": "", "llm.operation": "", "llm.model": ""}},
		{"a model without an operation is a model call", []attribute.KeyValue{attribute.String("gen_ai.request.model", "m")},
			map[string]string{"llm.latency_ms": "1500", "llm.model": `"m"`}},
		{"no llm keys without operation or model", []attribute.KeyValue{attribute.Int("gen_ai.usage.input_tokens", 3)},
			map[string]string{"llm.input_tokens": ""}},
		{"no content, no message keys", []attribute.KeyValue{op("chat")},
			map[string]string{"llm.input.messages": "", "llm.output.response": ""}},
		{"structured messages", []attribute.KeyValue{op("chat"),
			attribute.KeyValue{Key: "gen_ai.input.messages", Value: attribute.SliceValue(attribute.MapValue(
				attribute.String("role", "user"),
				attribute.KeyValue{Key: "parts", Value: attribute.SliceValue(attribute.MapValue(attribute.String("type", "text"), attribute.String("content", "hi")))}))},
			attribute.KeyValue{Key: "gen_ai.output.messages", Value: attribute.SliceValue(attribute.MapValue(attribute.String("role", "assistant")))}},
			map[string]string{
				"llm.input.messages":  `[{"parts":[{"content":"hi","type":"text"}],"role":"user"}]`,
				"llm.output.response": `[{"role":"assistant"}]`,
			}},
		{"agent", []attribute.KeyValue{op("invoke_agent"), attribute.String("gen_ai.agent.name", "planner"),
			attribute.String("gen_ai.agent.id", "asst_1"), attribute.String("noveum.agent.type", "router")},
			map[string]string{"agent.name": `"planner"`, "agent.id": `"asst_1"`, "agent.type": `"router"`, "agent.operation": `"invoke_agent"`, "llm.operation": "", "llm.latency_ms": ""}},
		{"tool", []attribute.KeyValue{op("execute_tool"), attribute.String("gen_ai.tool.name", "get_weather"),
			attribute.String("gen_ai.tool.call.arguments", `{"city":"Paris"}`), attribute.String("gen_ai.tool.call.result", `{"temp":21}`)},
			map[string]string{"tool.name": `"get_weather"`, "tool.input": `"{\"city\":\"Paris\"}"`, "tool.output": `"{\"temp\":21}"`}},
		{"tool structured arguments", []attribute.KeyValue{attribute.KeyValue{Key: "gen_ai.tool.call.arguments", Value: attribute.MapValue(attribute.String("city", "Paris"))}},
			map[string]string{"tool.input": `{"city":"Paris"}`}},
		{"retrieval documents as list", []attribute.KeyValue{op("retrieval"), attribute.String("gen_ai.retrieval.query.text", "refund policy"),
			attribute.KeyValue{Key: "gen_ai.retrieval.documents", Value: attribute.SliceValue(
				attribute.MapValue(attribute.String("id", "a"), attribute.Float64("score", 0.9)),
				attribute.MapValue(attribute.String("id", "b"), attribute.Float64("score", 0.8)),
				attribute.MapValue(attribute.String("id", "c"), attribute.Float64("score", 0.7)))}},
			map[string]string{"retrieval.query": `"refund policy"`, "retrieval.result_count": "3"}},
		{"retrieval documents as many-element list", []attribute.KeyValue{attribute.KeyValue{Key: "gen_ai.retrieval.documents", Value: attribute.SliceValue(
			attribute.StringValue("1"), attribute.StringValue("2"), attribute.StringValue("3"), attribute.StringValue("4"), attribute.StringValue("5"), attribute.StringValue("6"), attribute.StringValue("7"))}},
			map[string]string{"retrieval.result_count": "7"}},
		{"retrieval documents as JSON string", []attribute.KeyValue{attribute.String("gen_ai.retrieval.documents", `[{"id":"a","score":0.9},{"id":"b","score":[1,2]}]`)},
			map[string]string{"retrieval.result_count": "2"}},
		{"retrieval documents as empty JSON array", []attribute.KeyValue{attribute.String("gen_ai.retrieval.documents", ` [ ] `)},
			map[string]string{"retrieval.result_count": "0"}},
		{"retrieval documents as string slice", []attribute.KeyValue{attribute.StringSlice("gen_ai.retrieval.documents", []string{"a", "b", "c", "d"})},
			map[string]string{"retrieval.result_count": "4"}},
		{"retrieval documents not JSON", []attribute.KeyValue{attribute.String("gen_ai.retrieval.documents", `doc a, doc b`)},
			map[string]string{"retrieval.result_count": ""}},
		{"retrieval documents JSON object", []attribute.KeyValue{attribute.String("gen_ai.retrieval.documents", `{"id":"a"}`)},
			map[string]string{"retrieval.result_count": ""}},
		{"retrieval documents cut JSON", []attribute.KeyValue{attribute.String("gen_ai.retrieval.documents", `[{"id":"a"},{"id":"b"}`)},
			map[string]string{"retrieval.result_count": ""}},
		{"retrieval documents JSON with trailing text", []attribute.KeyValue{attribute.String("gen_ai.retrieval.documents", `[1,2] [3]`)},
			map[string]string{"retrieval.result_count": ""}},
		{"retrieval document count without documents", []attribute.KeyValue{attribute.Int("noveum.retrieval.document_count", 5)},
			map[string]string{"retrieval.result_count": "5"}},
		{"retrieval document count wins over truncated documents", []attribute.KeyValue{
			attribute.Int("noveum.retrieval.document_count", 9), attribute.String("gen_ai.retrieval.documents", `[{"id":"a"}]`)},
			map[string]string{"retrieval.result_count": "9"}},
		{"retrieval document count wins, documents first", []attribute.KeyValue{
			attribute.String("gen_ai.retrieval.documents", `[{"id":"a"}]`), attribute.Int("noveum.retrieval.document_count", 9)},
			map[string]string{"retrieval.result_count": "9"}},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			wantRaw(t, encodeOne(t, stub("span", tt.attrs...)).rawAttrs(t, 0), tt.want)
		})
	}
}

// TestDerivedKeysUserWins: a Noveum key the span sets itself is written
// once, with the user's value.
func TestDerivedKeysUserWins(t *testing.T) {
	attrs := []attribute.KeyValue{
		op("chat"),
		attribute.String("gen_ai.request.model", "gpt-4o"),
		attribute.String("gen_ai.provider.name", "openai"),
		attribute.Int("gen_ai.usage.input_tokens", 10),
		attribute.Int("gen_ai.usage.output_tokens", 5),
		attribute.Float64("noveum.cost.total", 0.5),
		attribute.String("gen_ai.tool.name", "t"),
		attribute.String("gen_ai.retrieval.documents", `[1,2,3]`),
		attribute.String("gen_ai.agent.name", "a"),
	}
	user := []attribute.KeyValue{
		attribute.String("llm.model", "mine"),
		attribute.Int("llm.total_tokens", 7),
		attribute.String("llm.cost.currency", "EUR"),
		attribute.Float64("llm.latency_ms", 1),
		attribute.String("tool.name", "my-tool"),
		attribute.Int("retrieval.result_count", 99),
		attribute.String("agent.name", "my-agent"),
	}
	for _, order := range []string{"user first", "user last"} {
		t.Run(order, func(t *testing.T) {
			all := append(append([]attribute.KeyValue{}, user...), attrs...)
			if order == "user last" {
				all = append(append([]attribute.KeyValue{}, attrs...), user...)
			}
			got := encodeOne(t, stub("chat gpt-4o", all...)) // encodeBody checks for duplicate keys
			wantRaw(t, got.rawAttrs(t, 0), map[string]string{
				"llm.model":              `"mine"`,
				"llm.total_tokens":       `7`,
				"llm.cost.currency":      `"EUR"`,
				"llm.latency_ms":         `1`,
				"tool.name":              `"my-tool"`,
				"retrieval.result_count": `99`,
				"agent.name":             `"my-agent"`,
				"llm.provider":           `"openai"`, // not set by the user: derived
				"llm.input_tokens":       `10`,
			})
			for _, k := range []string{"llm.model", "llm.total_tokens", "llm.cost.currency", "llm.latency_ms", "tool.name", "retrieval.result_count", "agent.name"} {
				if n := bytes.Count(got.body, []byte(`"`+k+`":`)); n != 1 {
					t.Errorf("%q written %d times, want once", k, n)
				}
			}
		})
	}
}

// Content reaches the Noveum keys in the Python SDK's shape: system
// instructions first, tool calls under tool_calls, tool results as role
// "tool" with tool_call_id, the first choice's text as llm.output.response.
func TestMessageConversion(t *testing.T) {
	system := `[{"type":"text","content":"Be brief."},{"type":"text","content":"Use tools."}]`
	in := `[{"role":"user","parts":[{"type":"text","content":"Weather in \"Paris\"?"},{"type":"uri","modality":"image","uri":"https://x/y.png"}]},` +
		`{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris","days":[1,2]}}]},` +
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":{"temp":21}},{"type":"tool_call_response","id":"call_2","response":"sunny"}]}]`
	out := `[{"role":"assistant","parts":[{"type":"text","content":"It is 21\u00b0C."},{"type":"tool_call","id":"call_3","name":"book","arguments":"{\"x\":1}"},{"type":"tool_call","id":"call_4","name":"notify"}],"finish_reason":"tool_calls"},` +
		`{"role":"assistant","parts":[{"type":"text","content":"second choice"}],"finish_reason":"stop"}]`
	got := encodeOne(t, stub("chat", op("chat"), attribute.String("gen_ai.request.model", "m"),
		attribute.String("gen_ai.system_instructions", system),
		attribute.String("gen_ai.input.messages", in),
		attribute.String("gen_ai.output.messages", out))).rawAttrs(t, 0)
	wantRaw(t, got, map[string]string{
		"llm.input.messages": `[{"role":"system","content":"Be brief.\nUse tools."},` +
			`{"role":"user","content":"Weather in \"Paris\"?"},` +
			`{"role":"assistant","content":"","tool_calls":[{"id":"call_1","name":"get_weather","arguments":{"city":"Paris","days":[1,2]}}]},` +
			`{"role":"tool","content":"{\"temp\":21}","tool_call_id":"call_1"},` +
			`{"role":"tool","content":"sunny","tool_call_id":"call_2"}]`,
		"llm.input.message_count":    `3`,
		"llm.output.response":        `"It is 21\u00b0C."`,
		"llm.output.tool_calls":      `[{"id":"call_3","name":"book","arguments":"{\"x\":1}"},{"id":"call_4","name":"notify","arguments":null}]`,
		"llm.output.tool_call_names": `["book","notify"]`,
		"llm.output.tool_call_count": `2`,
		"gen_ai.input.messages":      quote(in),
		"gen_ai.system_instructions": quote(system),
	})
}

// What the llm helpers record whether or not content is captured (the
// message count, the tool call names and count) reaches the Noveum keys;
// derived values never override them.
func TestMessageMetadataWithoutContent(t *testing.T) {
	got := encodeOne(t, stub("chat", op("chat"), attribute.String("gen_ai.request.model", "m"),
		attribute.Int("noveum.input.message_count", 4),
		attribute.StringSlice("noveum.output.tool_call_names", []string{"search"}),
		attribute.Int("noveum.output.tool_call_count", 1))).rawAttrs(t, 0)
	wantRaw(t, got, map[string]string{
		"llm.input.message_count":    `4`,
		"llm.output.tool_call_names": `["search"]`,
		"llm.output.tool_call_count": `1`,
		"llm.input.messages":         "",
		"llm.output.response":        "",
		"llm.output.tool_calls":      "",
	})
	// With content too, the recorded count wins (content may be truncated).
	got = encodeOne(t, stub("chat", op("chat"), attribute.String("gen_ai.request.model", "m"),
		attribute.Int("noveum.input.message_count", 9),
		attribute.String("gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"hi"}]}]`))).rawAttrs(t, 0)
	wantRaw(t, got, map[string]string{"llm.input.message_count": `9`, "llm.input.messages": `[{"role":"user","content":"hi"}]`})
}

// Content that is not convention messages is copied as a string; odd but
// valid values become strings; nothing makes the body invalid.
func TestMessageConversionOddInput(t *testing.T) {
	deep := strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100)
	tests := []struct {
		desc, in string
		want     string
	}{
		{"not JSON", `hello`, `"hello"`},
		{"cut JSON", `[{"role":"user","parts":[{"type":"text","content":"hi"}]`, `"[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]"`},
		{"an object", `{"role":"user"}`, `"{\"role\":\"user\"}"`},
		{"trailing text", `[] x`, `"[] x"`},
		{"bad escape", `[{"role":"user","parts":[{"type":"text","content":"a\qb"}]}]`, `"[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"a\\qb\"}]}]"`},
		{"empty", `[]`, `[]`},
		{"no parts", `[{"role":"user"}]`, `[{"role":"user","content":""}]`},
		{"numeric content", `[{"role":"user","parts":[{"type":"text","content":42}]}]`, `[{"role":"user","content":"42"}]`},
		{"numeric role", `[{"role":7,"parts":[]}]`, `[{"role":"7","content":""}]`},
		{"deep arguments become a string", `[{"role":"assistant","parts":[{"type":"tool_call","id":"c","name":"n","arguments":` + deep + `}]}]`,
			`[{"role":"assistant","content":"","tool_calls":[{"id":"c","name":"n","arguments":` + quote(deep) + `}]}]`},
		{"invalid UTF-8 text", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"a\xffb\"}]}]", `[{"role":"user","content":"a` + "\ufffd" + `b"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got := encodeOne(t, stub("chat", op("chat"), attribute.String("gen_ai.request.model", "m"),
				attribute.String("gen_ai.input.messages", tt.in))).rawAttrs(t, 0)
			wantRaw(t, got, map[string]string{"llm.input.messages": tt.want})
		})
	}
}

// A long text is bounded and marked like any value, after conversion.
func TestMessageConversionBounded(t *testing.T) {
	enc := newEncoder()
	enc.MaxValueBytes = 64
	long := strings.Repeat("x", 200)
	in := `[{"role":"user","parts":[{"type":"text","content":"` + long + `"},{"type":"text","content":"more"}]}]`
	got := encodeBody(t, enc, nil, stub("chat", op("chat"), attribute.String("gen_ai.request.model", "m"),
		attribute.String("gen_ai.input.messages", in)).Snapshot()).rawAttrs(t, 0)
	msgs := got["llm.input.messages"]
	if !strings.Contains(msgs, "truncated") || len(msgs) > 200 {
		t.Errorf("llm.input.messages = %s, want a bounded, marked text", msgs)
	}
}
