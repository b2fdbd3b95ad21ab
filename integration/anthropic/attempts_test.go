package noveumanthropic_test

import (
	"context"
	"errors"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/codes"

	"github.com/Noveum/noveum-trace-go/config"
)

const rateLimited = `{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}`

// The client retries a 429 inside one call: each attempt is a span, both
// children of the caller's span; the failed one has no usage or cost, the
// retry is marked and carries them.
func TestRetryThenSuccess(t *testing.T) {
	for _, streamed := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "stream"}[streamed], func(t *testing.T) {
			ok := jsonReply(200, helloMessage)
			if streamed {
				ok = sseReply(helloStream()...)
			}
			api := newFakeAPI(t, jsonReply(429, rateLimited, "Retry-After-Ms", "0"), ok)
			tr, rec, tp := newTracer(config.CaptureNone)
			client := newClient(api.URL, tr, option.WithMaxRetries(2))

			ctx, parent := tp.Tracer("app").Start(context.Background(), "handle request")
			if streamed {
				s := client.Messages.NewStreaming(ctx, helloParams())
				readAll(s)
				if err := s.Err(); err != nil {
					t.Fatal(err)
				}
			} else if _, err := client.Messages.New(ctx, helloParams()); err != nil {
				t.Fatal(err)
			}
			parent.End()

			if seen := api.seen(); len(seen) != 2 || seen[1].Header.Get("X-Stainless-Retry-Count") != "1" {
				t.Fatalf("the server saw %d requests", len(seen))
			}
			spans := rec.Ended()
			if len(spans) != 3 {
				t.Fatalf("spans %v, want two attempts and the parent", names(spans))
			}
			failed, retried := spans[0], spans[1]
			for i, s := range spans[:2] {
				if s.Parent().SpanID() != parent.SpanContext().SpanID() || s.SpanContext().TraceID() != parent.SpanContext().TraceID() {
					t.Errorf("attempt %d is not a child of the caller's span", i)
				}
			}
			if failed.Status().Code != codes.Error {
				t.Errorf("failed attempt status %v", failed.Status())
			}
			fa := attrs(failed)
			wantAttr(t, fa, "error.type", "rate_limit_error")
			wantAttr(t, fa, "http.response.status_code", 429)
			noAttr(t, fa, "http.request.resend_count", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
				"noveum.cost.total", "noveum.cost.unpriced", "gen_ai.response.id")

			if retried.Status().Code != codes.Unset {
				t.Errorf("retried attempt status %v", retried.Status())
			}
			ra := attrs(retried)
			wantAttr(t, ra, "http.request.resend_count", 1)
			wantAttr(t, ra, "http.response.status_code", 200)
			if _, ok := ra["gen_ai.usage.input_tokens"]; !ok {
				t.Error("the successful attempt has no usage")
			}
			if _, ok := ra["noveum.cost.total"]; !ok {
				t.Error("the successful attempt has no cost")
			}
			noAttr(t, ra, "error.type")
		})
	}
}

// error.type is Anthropic's error type from the body, else the status;
// the application gets the client's usual error.
func TestErrorTypes(t *testing.T) {
	for _, tc := range []struct {
		status     int
		body, want string
	}{
		{529, `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`, "overloaded_error"},
		{400, `{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}`, "invalid_request_error"},
		{401, `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`, "authentication_error"},
		{502, `<html><body>Bad Gateway</body></html>`, "502"},
		{500, ``, "500"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			api := newFakeAPI(t, jsonReply(tc.status, tc.body))
			tr, rec, _ := newTracer(config.CaptureNone)
			_, err := newClient(api.URL, tr).Messages.New(context.Background(), helloParams())
			var apiErr *anthropic.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
				t.Fatalf("the application got %v", err)
			}
			span := only(t, rec)
			if span.Status().Code != codes.Error {
				t.Errorf("status %v", span.Status())
			}
			a := attrs(span)
			wantAttr(t, a, "error.type", tc.want)
			wantAttr(t, a, "http.response.status_code", tc.status)
			noAttr(t, a, "gen_ai.usage.input_tokens", "noveum.cost.total")
		})
	}
}

// A request that never got a response is classified without Go type
// names.
func TestConnectionError(t *testing.T) {
	api := newFakeAPI(t, jsonReply(200, helloMessage))
	url := api.URL
	api.Close()
	tr, rec, _ := newTracer(config.CaptureNone)
	if _, err := newClient(url, tr).Messages.New(context.Background(), helloParams()); err == nil {
		t.Fatal("no error from a closed server")
	}
	wantAttr(t, attrs(only(t, rec)), "error.type", "connection_error")
}

// Endpoints other than Messages get a span with the HTTP outcome and no
// usage or cost, even when the body counts tokens.
func TestOtherEndpoints(t *testing.T) {
	api := newFakeAPI(t,
		jsonReply(200, `{"input_tokens":2095}`),
		jsonReply(200, `{"data":[{"type":"model","id":"`+model+`","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"`+model+`","last_id":"`+model+`"}`),
		jsonReply(404, `{"type":"error","error":{"type":"not_found_error","message":"batch not found"}}`),
	)
	tr, rec, _ := newTracer(config.CaptureSpanOnly)
	client := newClient(api.URL, tr)
	ctx := context.Background()
	count, err := client.Messages.CountTokens(ctx, anthropic.MessageCountTokensParams{
		Model:    model,
		Messages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("Hello"))},
	})
	if err != nil || count.InputTokens != 2095 {
		t.Fatalf("count_tokens: %v, %v", count, err)
	}
	if _, err := client.Models.List(ctx, anthropic.ModelListParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Messages.Batches.Get(ctx, "msgbatch_01", anthropic.MessageBatchGetParams{}); err == nil {
		t.Fatal("no error for a 404")
	}
	spans := rec.Ended()
	if got := names(spans); len(got) != 3 || got[0] != "count_tokens "+model || got[1] != "models" || got[2] != "batches" {
		t.Fatalf("spans %v", got)
	}
	for i, s := range spans {
		a := attrs(s)
		wantAttr(t, a, "gen_ai.provider.name", "anthropic")
		noAttr(t, a, "gen_ai.usage.input_tokens", "noveum.cost.total", "noveum.cost.unpriced", "gen_ai.input.messages")
		if i < 2 {
			wantAttr(t, a, "http.response.status_code", 200)
			if s.Status().Code != codes.Unset {
				t.Errorf("%s: status %v", s.Name(), s.Status())
			}
		}
	}
	wantAttr(t, attrs(spans[1]), "http.request.method", "GET")
	wantAttr(t, attrs(spans[2]), "error.type", "not_found_error")
}
