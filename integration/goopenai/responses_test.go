package goopenai_test

import (
	"context"
	"net/http"
	"testing"

	openai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel/codes"

	"github.com/Noveum/noveum-trace-go/config"
)

const responsesBody = `{"id":"resp_67ccd2bed1ec8190","object":"response","created_at":1741476542,"status":"completed","error":null,
"incomplete_details":null,"instructions":"Be brief.","model":"gpt-4.1-2025-04-14",
"output":[{"type":"message","id":"msg_67ccd2bf17f0","status":"completed","role":"assistant",
"content":[{"type":"output_text","text":"In a peaceful grove...","annotations":[]}]}],
"usage":{"input_tokens":36,"input_tokens_details":{"cached_tokens":16},"output_tokens":87,"output_tokens_details":{"reasoning_tokens":8},"total_tokens":123}}`

func TestResponsesAPI(t *testing.T) {
	f := newFixture(t, config.CaptureSpanOnly, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/responses" {
			t.Errorf("path %s", r.URL.Path)
		}
		if r.Header.Get("Accept") != "text/event-stream" {
			writeJSON(w, 200, responsesBody)
			return
		}
		sse(w,
			`{"type":"response.created","sequence_number":0,"response":{"id":"resp_2","object":"response","status":"in_progress","model":"gpt-4.1-2025-04-14","output":[],"usage":null}}`,
			`{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}`,
			`{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"In a"}`,
			`{"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" grove"}`,
			`{"type":"response.output_item.added","sequence_number":4,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"in_progress","call_id":"call_9","name":"get_weather","arguments":""}}`,
			`{"type":"response.function_call_arguments.delta","sequence_number":5,"item_id":"fc_1","output_index":1,"delta":"{\"city\":"}`,
			`{"type":"response.function_call_arguments.delta","sequence_number":6,"item_id":"fc_1","output_index":1,"delta":"\"Paris\"}"}`,
			`{"type":"response.completed","sequence_number":7,"response":{"id":"resp_2","object":"response","status":"completed","model":"gpt-4.1-2025-04-14","output":[{"type":"function_call","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}],"usage":{"input_tokens":20,"output_tokens":9,"total_tokens":29}}}`)
	})
	req := openai.CreateResponseRequest{Model: "gpt-4.1", Instructions: "Be brief.", Input: "Tell me a story", MaxOutputTokens: 200}
	resp, err := f.client.CreateResponse(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.ID != "resp_67ccd2bed1ec8190" {
		t.Fatalf("the application got %+v", resp)
	}
	stream, err := f.client.CreateResponseStream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		if _, err := stream.Recv(); err != nil {
			break
		}
		n++
	}
	stream.Close()
	if n != 8 {
		t.Fatalf("the application read %d events", n)
	}
	ended := f.spans.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans", len(ended))
	}
	want(t, ended[0], map[string]any{
		"gen_ai.operation.name":                "chat",
		"gen_ai.request.model":                 "gpt-4.1",
		"gen_ai.request.max_tokens":            200,
		"gen_ai.response.id":                   "resp_67ccd2bed1ec8190",
		"gen_ai.response.model":                "gpt-4.1-2025-04-14",
		"gen_ai.response.finish_reasons":       `["stop"]`,
		"gen_ai.usage.input_tokens":            36,
		"gen_ai.usage.cache_read.input_tokens": 16,
		"gen_ai.usage.output_tokens":           87,
		"gen_ai.usage.reasoning.output_tokens": 8,
		"gen_ai.system_instructions":           `[{"type":"text","content":"Be brief."}]`,
		"gen_ai.input.messages":                `[{"role":"user","parts":[{"type":"text","content":"Tell me a story"}]}]`,
		"gen_ai.output.messages":               `[{"role":"assistant","parts":[{"type":"text","content":"In a peaceful grove..."}],"finish_reason":"stop"}]`,
	})
	if !has(ended[0], "noveum.cost.total") {
		t.Error("no cost")
	}
	want(t, ended[1], map[string]any{
		"gen_ai.request.stream":          true,
		"gen_ai.response.id":             "resp_2",
		"gen_ai.response.finish_reasons": `["tool_call"]`,
		"gen_ai.usage.input_tokens":      20,
		"gen_ai.usage.output_tokens":     9,
		"gen_ai.output.messages":         `[{"role":"assistant","parts":[{"type":"text","content":"In a grove"},{"type":"tool_call","id":"call_9","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"}]`,
		"error.type":                     nil,
	})
}

func TestResponsesStreamFailed(t *testing.T) {
	f := newFixture(t, config.CaptureNone, func(w http.ResponseWriter, r *http.Request) {
		sse(w,
			`{"type":"response.created","sequence_number":0,"response":{"id":"resp_3","status":"in_progress","model":"gpt-4.1"}}`,
			`{"type":"response.output_text.delta","sequence_number":1,"output_index":0,"delta":"Hi"}`,
			`{"type":"response.failed","sequence_number":2,"response":{"id":"resp_3","status":"failed","model":"gpt-4.1","error":{"code":"server_error","message":"The model failed"},"usage":null}}`)
	})
	stream, err := f.client.CreateResponseStream(context.Background(), openai.CreateResponseRequest{Model: "gpt-4.1", Input: "Hi"})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := stream.Recv(); err != nil {
			break
		}
	}
	stream.Close()
	s := f.only()
	want(t, s, map[string]any{"error.type": "server_error", "gen_ai.response.finish_reasons": `["error"]`, "gen_ai.usage.input_tokens": nil})
	if s.Status().Code != codes.Error {
		t.Errorf("status %v", s.Status())
	}
}
