package noveumanthropic_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"go.opentelemetry.io/otel/codes"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

// readAll reads a stream to its end and returns the text it carried.
func readAll(s interface {
	Next() bool
	Current() anthropic.MessageStreamEventUnion
}) string {
	var text strings.Builder
	for s.Next() {
		e := s.Current()
		if e.Type == "content_block_delta" && e.Delta.Type == "text_delta" {
			text.WriteString(e.Delta.Text)
		}
	}
	return text.String()
}

func TestStream(t *testing.T) {
	for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly} {
		t.Run(string(mode), func(t *testing.T) {
			api := newFakeAPI(t, sseReply(helloStream()...))
			tr, rec, _ := newTracer(mode)
			client := newClient(api.URL, tr)
			s := client.Messages.NewStreaming(context.Background(), helloParams())
			if got := readAll(s); got != "Hello world" {
				t.Errorf("the application read %q", got)
			}
			if err := s.Err(); err != nil {
				t.Fatal(err)
			}
			_ = s.Close()
			span := only(t, rec)
			if span.Status().Code != codes.Unset {
				t.Errorf("status %v", span.Status())
			}
			a := attrs(span)
			wantAttr(t, a, "gen_ai.request.stream", true)
			wantAttr(t, a, "gen_ai.response.id", "msg_01XFDUDYJgAACzvnptvVoYEL")
			wantAttr(t, a, "gen_ai.response.model", model)
			wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"stop"})
			// message_start's input, message_delta's output.
			wantAttr(t, a, "gen_ai.usage.input_tokens", 25)
			wantAttr(t, a, "gen_ai.usage.output_tokens", 15)
			wantAttr(t, a, "noveum.cost.total", (25*3.0+15*15.0)/1e6)
			// message_start, content_block_start, two deltas, message_delta.
			wantAttr(t, a, "noveum.response.chunk_count", 5)
			if v, ok := a["gen_ai.response.time_to_first_chunk"]; !ok || v.AsFloat64() <= 0 || v.AsFloat64() > span.EndTime().Sub(span.StartTime()).Seconds() {
				t.Errorf("time_to_first_chunk = %v, want within the span", v.String())
			}
			if mode == config.CaptureNone {
				noAttr(t, a, "gen_ai.output.messages", "gen_ai.input.messages", "gen_ai.system_instructions")
				return
			}
			wantAttr(t, a, "gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"Hello, Claude"}]}]`)
			wantAttr(t, a, "gen_ai.system_instructions", `[{"type":"text","content":"You are terse."}]`)
			wantAttr(t, a, "gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"Hello world"}],"finish_reason":"stop"}]`)
		})
	}
}

// The documented tool-use stream: text, then a tool_use block whose input
// arrives in input_json_delta pieces.
func TestStreamToolUse(t *testing.T) {
	events := []string{
		messageStart(`{"input_tokens":472,"output_tokens":2}`),
		textBlockStart(0),
		textDelta(0, "Okay, let's check the weather."),
		blockStop(0),
		event("content_block_start", `{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}`),
		event("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}`),
		event("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\":"}}`),
		event("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \"San Francisco, CA\"}"}}`),
		blockStop(1),
		messageDelta("tool_use", `{"output_tokens":89}`),
		messageStop,
	}
	api := newFakeAPI(t, sseReply(events...))
	tr, rec, _ := newTracer(config.CaptureSpanOnly)
	client := newClient(api.URL, tr)
	params := helloParams()
	params.Tools = []anthropic.ToolUnionParam{anthropic.ToolUnionParamOfTool(anthropic.ToolInputSchemaParam{
		Properties: map[string]any{"location": map[string]any{"type": "string"}}, Required: []string{"location"},
	}, "get_weather")}
	s := client.Messages.NewStreaming(context.Background(), params)
	var acc anthropic.Message
	for s.Next() {
		if err := acc.Accumulate(s.Current()); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if len(acc.Content) != 2 || acc.Content[1].Name != "get_weather" {
		t.Errorf("the application accumulated %+v", acc.Content)
	}
	a := attrs(only(t, rec))
	wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"tool_call"})
	wantAttr(t, a, "gen_ai.usage.output_tokens", 89)
	wantAttr(t, a, "gen_ai.tool.definitions", `[{"type":"function","name":"get_weather","parameters":{"properties":{"location":{"type":"string"}},"required":["location"],"type":"object"}}]`)
	wantAttr(t, a, "gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"Okay, let's check the weather."},{"type":"tool_call","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","arguments":{"location":"San Francisco, CA"}}],"finish_reason":"tool_call"}]`)
}

// Extended thinking streamed: thinking_delta pieces become a reasoning
// part; signature_delta carries nothing recorded.
func TestStreamThinking(t *testing.T) {
	events := []string{
		messageStart(`{"input_tokens":30,"output_tokens":1}`),
		event("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}`),
		event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me solve this step by step:\n\n1. 27 * 453"}}`),
		event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" = 12231"}}`),
		event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"}}`),
		blockStop(0),
		textBlockStart(1),
		textDelta(1, "27 * 453 = 12,231"),
		blockStop(1),
		messageDelta("end_turn", `{"output_tokens":120,"output_tokens_details":{"thinking_tokens":95}}`),
		messageStop,
	}
	api := newFakeAPI(t, sseReply(events...))
	tr, rec, _ := newTracer(config.CaptureSpanOnly)
	client := newClient(api.URL, tr)
	params := helloParams()
	params.Thinking = anthropic.ThinkingConfigParamOfEnabled(1024)
	s := client.Messages.NewStreaming(context.Background(), params)
	readAll(s)
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	a := attrs(only(t, rec))
	wantAttr(t, a, "gen_ai.usage.output_tokens", 120)
	wantAttr(t, a, "gen_ai.usage.reasoning.output_tokens", 95)
	wantAttr(t, a, "gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"reasoning","content":"Let me solve this step by step:\n\n1. 27 * 453 = 12231"},{"type":"text","content":"27 * 453 = 12,231"}],"finish_reason":"stop"}]`)
}

// A stream the server ends before message_stop failed: status Error,
// error.type incomplete_response, finish reason error.
func TestStreamCutMidway(t *testing.T) {
	api := newFakeAPI(t, sseReply(helloStream()[:4]...))
	tr, rec, _ := newTracer(config.CaptureNone)
	client := newClient(api.URL, tr)
	s := client.Messages.NewStreaming(context.Background(), helloParams())
	if got := readAll(s); got != "Hello" {
		t.Errorf("the application read %q", got)
	}
	span := only(t, rec)
	if span.Status().Code != codes.Error {
		t.Errorf("status %v, want Error", span.Status())
	}
	a := attrs(span)
	wantAttr(t, a, "error.type", "incomplete_response")
	wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"error"})
	wantAttr(t, a, "gen_ai.usage.input_tokens", 25)
}

// A connection dropped mid-stream (a hijacked connection closed after a
// partial chunk) fails the same way.
func TestStreamConnectionDropped(t *testing.T) {
	api := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		sseReply(helloStream()[:2]...)(w, r)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = buf.WriteString("1f\r\nevent: content_block_delta\nda") // half a chunk
		_ = buf.Flush()
		_ = conn.Close()
	})
	tr, rec, _ := newTracer(config.CaptureNone)
	client := newClient(api.URL, tr)
	s := client.Messages.NewStreaming(context.Background(), helloParams())
	readAll(s)
	if s.Err() == nil {
		t.Error("the application saw no error")
	}
	span := only(t, rec)
	if span.Status().Code != codes.Error {
		t.Errorf("status %v, want Error", span.Status())
	}
	wantAttr(t, attrs(span), "error.type", "incomplete_response")
}

// A context cancelled mid-stream ends the span as canceled.
func TestStreamContextCancelled(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	api := newFakeAPI(t, holdingSSE(release, helloStream()[:4]...))
	tr, rec, _ := newTracer(config.CaptureNone)
	client := newClient(api.URL, tr)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := client.Messages.NewStreaming(ctx, helloParams())
	for s.Next() {
		if s.Current().Type == "content_block_delta" {
			cancel() // the application gives up after the first delta
		}
	}
	if !errors.Is(s.Err(), context.Canceled) {
		t.Errorf("the application saw %v", s.Err())
	}
	_ = s.Close()
	span := only(t, rec)
	if span.Status().Code != codes.Error {
		t.Errorf("status %v, want Error", span.Status())
	}
	a := attrs(span)
	wantAttr(t, a, "error.type", "canceled")
	wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"error"})
}

// An application that closes the stream early abandoned it: status unset,
// finish reason cancelled, usage as far as it was reported.
func TestStreamClosedEarly(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	api := newFakeAPI(t, holdingSSE(release, helloStream()[:4]...))
	tr, rec, _ := newTracer(config.CaptureNone)
	client := newClient(api.URL, tr)
	s := client.Messages.NewStreaming(context.Background(), helloParams())
	for s.Next() {
		if s.Current().Type == "content_block_delta" {
			break
		}
	}
	if len(rec.Ended()) != 0 {
		t.Fatal("the span ended before the stream did")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	span := only(t, rec)
	if span.Status().Code != codes.Unset {
		t.Errorf("status %v, want Unset", span.Status())
	}
	a := attrs(span)
	wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"cancelled"})
	wantAttr(t, a, "gen_ai.usage.input_tokens", 25)
	wantAttr(t, a, "gen_ai.usage.output_tokens", 1) // as message_start reported it
	noAttr(t, a, "error.type")
}

// An error event mid-stream (the API's overloaded_error) fails the span
// with that type.
func TestStreamErrorEvent(t *testing.T) {
	events := append(helloStream()[:4:4], event("error", `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`))
	api := newFakeAPI(t, sseReply(events...))
	tr, rec, _ := newTracer(config.CaptureNone)
	client := newClient(api.URL, tr)
	s := client.Messages.NewStreaming(context.Background(), helloParams())
	readAll(s)
	var apiErr *anthropic.Error
	if !errors.As(s.Err(), &apiErr) {
		t.Errorf("the application saw %v", s.Err())
	}
	span := only(t, rec)
	if span.Status().Code != codes.Error || !strings.Contains(span.Status().Description, "Overloaded") {
		t.Errorf("status %v, want Error with the message", span.Status())
	}
	a := attrs(span)
	wantAttr(t, a, "error.type", "overloaded_error")
	wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"error"})
}

// Events this package cannot read break nothing: the application reads
// what it reads without the middleware, and the span keeps what could be
// read. Oddities the client accepts (a comment, an unknown event type, an
// event without an event line, a field of the wrong type) are read past;
// JSON cut short stops the client, which closes the stream.
func TestStreamMalformedEvents(t *testing.T) {
	oddities := []string{
		": a comment line\n\n",
		messageStart(`{"input_tokens":25,"output_tokens":1}`),
		event("brand_new_event", `{"type":"brand_new_event","x":[1,2]}`),
		"data: " + `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}` + "\n\n",
		event("content_block_delta", `{"type":"content_block_delta","index":"zero","delta":{"type":"text_delta","text":"!"}}`),
		messageDelta("end_turn", `{"output_tokens":"many"}`),
		messageStop,
	}
	cut := []string{
		messageStart(`{"input_tokens":25,"output_tokens":1}`),
		event("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`),
		messageStop,
	}
	run := func(tr *llm.Tracer, events []string) (string, error) {
		api := newFakeAPI(t, sseReply(events...))
		client := newClient(api.URL, tr)
		s := client.Messages.NewStreaming(context.Background(), helloParams())
		text := readAll(s)
		err := s.Err()
		_ = s.Close()
		return text, err
	}
	for _, tc := range []struct {
		name   string
		events []string
		finish string
	}{{"oddities", oddities, "stop"}, {"cut JSON", cut, "cancelled"}} {
		wantText, wantErr := run(nil, tc.events)
		for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly} {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				tr, rec, _ := newTracer(mode)
				text, err := run(tr, tc.events)
				if text != wantText || fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Errorf("with the middleware the application read %q, %v; without, %q, %v", text, err, wantText, wantErr)
				}
				a := attrs(only(t, rec))
				wantAttr(t, a, "gen_ai.response.id", "msg_01XFDUDYJgAACzvnptvVoYEL")
				wantAttr(t, a, "gen_ai.usage.input_tokens", 25)
				wantAttr(t, a, "gen_ai.response.finish_reasons", []string{tc.finish})
				if tc.name == "oddities" && mode == config.CaptureSpanOnly {
					wantAttr(t, a, "gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"Hi!"}],"finish_reason":"stop"}]`)
				}
			})
		}
	}
}

// With EVENT_ONLY capture the assembled output goes to the span's
// gen_ai.client.inference.operation.details event, not to its attributes.
func TestStreamCaptureEventOnly(t *testing.T) {
	api := newFakeAPI(t, sseReply(helloStream()...))
	tr, rec, _ := newTracer(config.CaptureEventOnly)
	s := newClient(api.URL, tr).Messages.NewStreaming(context.Background(), helloParams())
	readAll(s)
	span := only(t, rec)
	noAttr(t, attrs(span), "gen_ai.output.messages", "gen_ai.input.messages")
	var found bool
	for _, e := range span.Events() {
		for _, kv := range e.Attributes {
			if kv.Key == "gen_ai.output.messages" && kv.Value.Type() == attribute.SLICE {
				// Structured content on the event, not a JSON string.
				msgs := kv.Value.AsSlice()
				found = len(msgs) == 1 && msgs[0].Type() == attribute.MAP && strings.Contains(msgs[0].String(), "Hello world")
			}
		}
	}
	if !found {
		t.Errorf("no event with the output messages: %+v", span.Events())
	}
}
