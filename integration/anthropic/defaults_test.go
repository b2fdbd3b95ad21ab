package noveumanthropic_test

import (
	"context"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/Noveum/noveum-trace-go/config"
	noveumanthropic "github.com/Noveum/noveum-trace-go/integration/anthropic"
	"github.com/Noveum/noveum-trace-go/llm"
)

// Without WithTracer the middleware records with the llm.Default() of
// each call's time, so a Tracer set after the client was made (as
// noveumtrace.Init does) is used.
func TestDefaultTracerAtCallTime(t *testing.T) {
	api := newFakeAPI(t, jsonReply(200, helloMessage))
	client := anthropic.NewClient(option.WithBaseURL(api.URL), option.WithAPIKey("sk-ant-test"),
		option.WithoutOpenTelemetry(), option.WithMiddleware(noveumanthropic.Middleware(noveumanthropic.WithTracer(nil))))
	tr, rec, _ := newTracer(config.CaptureNone)
	llm.SetDefault(tr)
	t.Cleanup(func() { llm.SetDefault(nil) })
	if _, err := client.Messages.New(context.Background(), helloParams()); err != nil {
		t.Fatal(err)
	}
	wantAttr(t, attrs(only(t, rec)), "gen_ai.usage.input_tokens", 2095)
}

// The beta Messages API (/v1/messages?beta=true) is a chat call too.
func TestBetaMessages(t *testing.T) {
	api := newFakeAPI(t, jsonReply(200, helloMessage))
	tr, rec, _ := newTracer(config.CaptureNone)
	_, err := newClient(api.URL, tr).Beta.Messages.New(context.Background(), anthropic.BetaMessageNewParams{
		Model:     model,
		MaxTokens: 1024,
		Messages:  []anthropic.BetaMessageParam{anthropic.NewBetaUserMessage(anthropic.NewBetaTextBlock("Hello"))},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := only(t, rec)
	if s.Name() != "chat "+model {
		t.Errorf("span %q", s.Name())
	}
	wantAttr(t, attrs(s), "gen_ai.usage.output_tokens", 503)
}
