package noveumanthropic_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/codes"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The application reads the response byte for byte as the server sent it,
// however it reads it (one byte at a time here, so that every event and
// line is split across reads), and the span is as complete as when the
// client reads it.
func TestResponseBytesUntouched(t *testing.T) {
	sse := strings.Join(helloStream(), "")
	crlf := strings.ReplaceAll(sse, "\n", "\r\n")
	for _, tc := range []struct {
		name, body, contentType string
	}{
		{"json", helloMessage, "application/json"},
		{"sse", sse, "text/event-stream"},
		{"sse with CRLF", crlf, "text/event-stream; charset=utf-8"},
	} {
		for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly} {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				api := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", tc.contentType)
					_, _ = io.WriteString(w, tc.body)
				})
				tr, rec, _ := newTracer(mode)
				client := newClient(api.URL, tr)
				var res *http.Response
				params := helloParams()
				if tc.contentType != "application/json" {
					// A streaming request whose raw body the application reads itself.
					if err := client.Post(context.Background(), "v1/messages", map[string]any{"model": model, "max_tokens": 1024, "stream": true,
						"messages": []map[string]any{{"role": "user", "content": "Hello, Claude"}}}, &res); err != nil {
						t.Fatal(err)
					}
				} else if _, err := client.Messages.New(context.Background(), params, option.WithResponseBodyInto(&res)); err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(iotest.OneByteReader(res.Body))
				_ = res.Body.Close()
				if err != nil || string(got) != tc.body {
					t.Fatalf("the application read %q, %v; the server sent %q", got, err, tc.body)
				}
				a := attrs(only(t, rec))
				wantAttr(t, a, "gen_ai.response.finish_reasons", []string{"stop"})
				wantAttr(t, a, "gen_ai.usage.input_tokens", map[bool]int{true: 2095, false: 25}[tc.contentType == "application/json"])
				if mode == config.CaptureSpanOnly {
					want := `[{"role":"assistant","parts":[{"type":"text","content":"Hello world"}],"finish_reason":"stop"}]`
					if tc.contentType == "application/json" {
						want = `[{"role":"assistant","parts":[{"type":"text","content":"Hi! My name is Claude."}],"finish_reason":"stop"}]`
					}
					wantAttr(t, a, "gen_ai.output.messages", want)
				}
			})
		}
	}
}

// The server receives the request the client sent, byte for byte.
func TestRequestBytesUntouched(t *testing.T) {
	send := func(tr *llm.Tracer) []byte {
		api := newFakeAPI(t, jsonReply(200, helloMessage))
		if _, err := newClient(api.URL, tr).Messages.New(context.Background(), helloParams()); err != nil {
			t.Fatal(err)
		}
		return api.seen()[0].Body
	}
	want := send(nil)
	tr, _, _ := newTracer(config.CaptureSpanOnly)
	if got := send(tr); !bytes.Equal(got, want) {
		t.Errorf("the server got\n%s\nwith the middleware, and\n%s\nwithout", got, want)
	}
}

// An error body larger than what is read for its type reaches the client
// whole; its type, unreadable, falls back to the status.
func TestLargeErrorBodyUntouched(t *testing.T) {
	body := `{"type":"error","error":{"type":"api_error","message":"` + strings.Repeat("x", 100<<10) + `"}}`
	api := newFakeAPI(t, jsonReply(500, body))
	tr, rec, _ := newTracer(config.CaptureNone)
	_, err := newClient(api.URL, tr).Messages.New(context.Background(), helloParams())
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) || apiErr.RawJSON() != body {
		t.Fatalf("the application got a different error body (%d bytes, want %d)", len(apiErr.RawJSON()), len(body))
	}
	span := only(t, rec)
	if span.Status().Code != codes.Error {
		t.Errorf("status %v", span.Status())
	}
	wantAttr(t, attrs(span), "error.type", "500")
}

// A request or response this package cannot parse yields a span with what
// could be read, and the application's call goes as it would without it.
func TestUnparseableBodies(t *testing.T) {
	t.Run("request", func(t *testing.T) {
		api := newFakeAPI(t, jsonReply(200, helloMessage))
		tr, rec, _ := newTracer(config.CaptureSpanOnly)
		var msg anthropic.Message
		err := newClient(api.URL, tr).Post(context.Background(), "v1/messages", nil, &msg,
			option.WithRequestBody("application/json", []byte(`{"model": "claude-`)))
		if err != nil || msg.ID != "msg_013Zva2CMHLNnXjNJJKqJ2EF" {
			t.Fatalf("the application got %+v, %v", msg, err)
		}
		if got := string(api.seen()[0].Body); got != `{"model": "claude-` {
			t.Errorf("the server got %q", got)
		}
		span := only(t, rec)
		if span.Name() != "chat" {
			t.Errorf("span %q", span.Name())
		}
		a := attrs(span)
		wantAttr(t, a, "gen_ai.response.id", "msg_013Zva2CMHLNnXjNJJKqJ2EF")
		noAttr(t, a, "gen_ai.request.model", "gen_ai.input.messages")
	})
	t.Run("response", func(t *testing.T) {
		run := func(tr *llm.Tracer) error {
			api := newFakeAPI(t, jsonReply(200, `{"id": "msg_1", "content": [{"type":`))
			_, err := newClient(api.URL, tr).Messages.New(context.Background(), helloParams())
			return err
		}
		want := run(nil)
		tr, rec, _ := newTracer(config.CaptureSpanOnly)
		if got := run(tr); (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
			t.Errorf("the application got %v with the middleware, %v without", got, want)
		}
		span := only(t, rec)
		a := attrs(span)
		wantAttr(t, a, "http.response.status_code", 200)
		wantAttr(t, a, "gen_ai.response.id", "msg_1") // read before the fault
		noAttr(t, a, "gen_ai.output.messages", "gen_ai.usage.input_tokens")
	})
}
