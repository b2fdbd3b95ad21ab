package noveumanthropic_test

import (
	"context"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

func TestPlainMessage(t *testing.T) {
	api := newFakeAPI(t, jsonReply(200, helloMessage))
	tr, rec, _ := newTracer(config.CaptureNone)
	client := newClient(api.URL, tr)

	// v2 of the client has no temperature field: set in the JSON, it is read all the same.
	msg, err := client.Messages.New(context.Background(), helloParams(), option.WithJSONSet("temperature", 0.5))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Content[0].Text != "Hi! My name is Claude." {
		t.Errorf("the application got %q", msg.Content[0].Text)
	}
	s := only(t, rec)
	if s.Name() != "chat "+model || s.SpanKind() != trace.SpanKindClient {
		t.Errorf("span %q kind %v, want %q client", s.Name(), s.SpanKind(), "chat "+model)
	}
	if s.Status().Code != codes.Unset {
		t.Errorf("status %v", s.Status())
	}
	a := attrs(s)
	wantAttr(t, a, "gen_ai.operation.name", "chat")
	wantAttr(t, a, "gen_ai.provider.name", "anthropic")
	wantAttr(t, a, "gen_ai.request.model", model)
	wantAttr(t, a, "gen_ai.request.max_tokens", 1024)
	wantAttr(t, a, "gen_ai.request.temperature", 0.5)
	wantAttr(t, a, "server.address", "127.0.0.1")
	wantAttr(t, a, "http.request.method", "POST")
	wantAttr(t, a, "http.response.status_code", 200)
	wantAttr(t, a, "gen_ai.response.id", "msg_013Zva2CMHLNnXjNJJKqJ2EF")
	wantAttr(t, a, "gen_ai.response.model", model)
	wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"stop"})
	wantAttr(t, a, "gen_ai.usage.input_tokens", 2095)
	wantAttr(t, a, "gen_ai.usage.output_tokens", 503)
	// claude-sonnet-4-5: $3 in, $15 out a million tokens.
	wantAttr(t, a, "noveum.cost.total", (2095*3.0+503*15.0)/1e6)
	noAttr(t, a, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens",
		"gen_ai.usage.reasoning.output_tokens", "gen_ai.request.stream", "http.request.resend_count",
		"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "error.type")
}

// A response without usage records none: absent is not zero, and there is
// no cost.
func TestUsageAbsentIsNotZero(t *testing.T) {
	api := newFakeAPI(t, jsonReply(200, `{"id":"msg_1","type":"message","role":"assistant","model":"`+model+`","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn"}`))
	tr, rec, _ := newTracer(config.CaptureNone)
	if _, err := newClient(api.URL, tr).Messages.New(context.Background(), helloParams()); err != nil {
		t.Fatal(err)
	}
	a := attrs(only(t, rec))
	wantAttr(t, a, "gen_ai.response.id", "msg_1")
	noAttr(t, a, "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "noveum.cost.total", "noveum.cost.unpriced")
}

func TestCacheTokens(t *testing.T) {
	body := `{"id":"msg_c","type":"message","role":"assistant","model":"` + model + `","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn",
	  "usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"output_tokens":50}}`
	stream := []string{
		messageStart(`{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"output_tokens":1}`),
		textBlockStart(0), textDelta(0, "ok"), blockStop(0),
		messageDelta("end_turn", `{"output_tokens":50}`),
		messageStop,
	}
	want := llm.Usage{InputTokens: llm.Tokens(1210), OutputTokens: llm.Tokens(50),
		CacheReadInputTokens: llm.Tokens(1000), CacheCreationInputTokens: llm.Tokens(200)}
	cost, ok := llm.DefaultPriceBook().Cost(model, want)
	if !ok {
		t.Fatal("no price for the test model")
	}
	for _, streamed := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "stream"}[streamed], func(t *testing.T) {
			reply := jsonReply(200, body)
			if streamed {
				reply = sseReply(stream...)
			}
			api := newFakeAPI(t, reply)
			tr, rec, _ := newTracer(config.CaptureNone)
			client := newClient(api.URL, tr)
			if streamed {
				s := client.Messages.NewStreaming(context.Background(), helloParams())
				for s.Next() {
				}
				if err := s.Err(); err != nil {
					t.Fatal(err)
				}
			} else if _, err := client.Messages.New(context.Background(), helloParams()); err != nil {
				t.Fatal(err)
			}
			a := attrs(only(t, rec))
			// The convention's input includes the cache: 10 + 1000 + 200.
			wantAttr(t, a, "gen_ai.usage.input_tokens", 1210)
			wantAttr(t, a, "gen_ai.usage.cache_read.input_tokens", 1000)
			wantAttr(t, a, "gen_ai.usage.cache_creation.input_tokens", 200)
			wantAttr(t, a, "gen_ai.usage.output_tokens", 50)
			wantAttr(t, a, "noveum.cost.total", cost.Total)
			wantAttr(t, a, "noveum.cost.input", cost.Input)
		})
	}
}

func TestCaptureContentPlain(t *testing.T) {
	reply := `{"id":"msg_t","type":"message","role":"assistant","model":"` + model + `",
	  "content":[
	    {"type":"thinking","thinking":"The user wants weather.","signature":"EqQBCgIYAhIM"},
	    {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"},
	    {"type":"text","text":"Let me check."},
	    {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"Paris"}}],
	  "stop_reason":"tool_use",
	  "usage":{"input_tokens":400,"output_tokens":120,"output_tokens_details":{"thinking_tokens":80}}}`
	params := anthropic.MessageNewParams{
		Model:     model,
		MaxTokens: 2048,
		System:    []anthropic.TextBlockParam{{Text: "You are a weather bot."}},
		Thinking:  anthropic.ThinkingConfigParamOfEnabled(1024),
		Tools: []anthropic.ToolUnionParam{{OfTool: &anthropic.ToolParam{
			Name:        "get_weather",
			Description: anthropic.String("Current weather"),
			InputSchema: anthropic.ToolInputSchemaParam{Properties: map[string]any{"location": map[string]any{"type": "string"}}},
		}}},
		Messages: []anthropic.MessageParam{
			anthropic.NewUserMessage(anthropic.NewTextBlock("Weather in Paris?")),
			anthropic.NewAssistantMessage(anthropic.NewToolUseBlock("toolu_00", map[string]any{"location": "Paris"}, "get_weather")),
			anthropic.NewUserMessage(anthropic.NewToolResultBlock("toolu_00", "18C", false)),
		},
	}
	for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly} {
		t.Run(string(mode), func(t *testing.T) {
			api := newFakeAPI(t, jsonReply(200, reply))
			tr, rec, _ := newTracer(mode)
			if _, err := newClient(api.URL, tr).Messages.New(context.Background(), params); err != nil {
				t.Fatal(err)
			}
			a := attrs(only(t, rec))
			wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"tool_call"})
			wantAttr(t, a, "gen_ai.usage.reasoning.output_tokens", 80)
			if mode == config.CaptureNone {
				noAttr(t, a, "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.tool.definitions")
				return
			}
			wantAttr(t, a, "gen_ai.system_instructions", compactJSON(t, `[{"type":"text","content":"You are a weather bot."}]`))
			wantAttr(t, a, "gen_ai.tool.definitions", compactJSON(t,
				`[{"type":"function","name":"get_weather","description":"Current weather","parameters":{"properties":{"location":{"type":"string"}},"type":"object"}}]`))
			wantAttr(t, a, "gen_ai.input.messages", compactJSON(t, `[
			  {"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},
			  {"role":"assistant","parts":[{"type":"tool_call","id":"toolu_00","name":"get_weather","arguments":{"location":"Paris"}}]},
			  {"role":"user","parts":[{"type":"tool_call_response","id":"toolu_00","response":"18C"}]}]`))
			wantAttr(t, a, "gen_ai.output.messages", compactJSON(t, `[{"role":"assistant","parts":[
			  {"type":"reasoning","content":"The user wants weather."},
			  {"type":"reasoning","content":""},
			  {"type":"text","content":"Let me check."},
			  {"type":"tool_call","id":"toolu_01A","name":"get_weather","arguments":{"location":"Paris"}}],
			  "finish_reason":"tool_call"}]`))
		})
	}
}
