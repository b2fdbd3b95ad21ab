package noveumanthropic_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
)

// The span of a call is a child of the span in the caller's context.
func TestNestsUnderCallerSpan(t *testing.T) {
	api := newFakeAPI(t, jsonReply(200, helloMessage))
	tr, rec, tp := newTracer(config.CaptureNone)
	ctx, parent := tp.Tracer("app").Start(context.Background(), "agent step")
	if _, err := newClient(api.URL, tr).Messages.New(ctx, helloParams()); err != nil {
		t.Fatal(err)
	}
	parent.End()
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("spans %v", names(spans))
	}
	if got := spans[0].Parent(); got.SpanID() != parent.SpanContext().SpanID() || spans[0].SpanContext().TraceID() != parent.SpanContext().TraceID() {
		t.Errorf("the call's parent is %v, want the caller's span", got.SpanID())
	}
}

// The client's own OpenTelemetry spans (on by default in anthropic-sdk-go
// v2.17, through the global provider) wrap the middleware: with both on,
// each attempt's span is a child of the client's span of the call. The
// documented setup turns the client's spans off (option.WithoutOpenTelemetry)
// so that a call is not recorded twice.
func TestClientOwnSpans(t *testing.T) {
	api := newFakeAPI(t, jsonReply(200, helloMessage))
	tr, rec, tp := newTracer(config.CaptureNone)
	client := newClient(api.URL, tr, option.WithOpenTelemetryTraces(true), option.WithTracerProvider(tp))
	if _, err := client.Messages.New(context.Background(), helloParams()); err != nil {
		t.Fatal(err)
	}
	spans := rec.Ended()
	if len(spans) != 2 || spans[0].Name() != "chat "+model {
		t.Fatalf("spans %v", names(spans))
	}
	if spans[0].Parent().SpanID() != spans[1].SpanContext().SpanID() {
		t.Errorf("the attempt's span is not a child of the client's span %q", spans[1].Name())
	}
}

// One middleware serves many goroutines and clients at once.
func TestMiddlewareConcurrentSafe(t *testing.T) {
	api := newFakeAPI(t, byStream(jsonReply(200, helloMessage), sseReply(helloStream()...)))
	tr, rec, _ := newTracer(config.CaptureSpanOnly)
	client := newClient(api.URL, tr)
	var wg sync.WaitGroup
	const n = 16
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			ctx := context.Background()
			if i%2 == 0 {
				_, err := client.Messages.New(ctx, helloParams())
				errs <- err
				return
			}
			s := client.Messages.NewStreaming(ctx, helloParams())
			readAll(s)
			errs <- s.Err()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	spans := rec.Ended()
	if len(spans) != n {
		t.Fatalf("%d spans, want %d", len(spans), n)
	}
	for _, s := range spans {
		if s.SpanKind() != trace.SpanKindClient || fmt.Sprint(attrs(s)["gen_ai.response.finish_reasons"].AsStringSlice()) != "[stop]" {
			t.Errorf("span %q: %v", s.Name(), attrs(s)["gen_ai.response.finish_reasons"].String())
		}
	}
}
