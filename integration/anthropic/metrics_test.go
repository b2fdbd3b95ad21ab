package noveumanthropic_test

import (
	"context"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/llm"
)

// A call retried once after a 429 records two operation durations (one
// with error.type) and token usage once, from the attempt that succeeded.
func TestRetryMetrics(t *testing.T) {
	api := newFakeAPI(t, jsonReply(429, rateLimited, "Retry-After-Ms", "0"), jsonReply(200, helloMessage))
	reader := sdkmetric.NewManualReader()
	tr := llm.NewTracer(
		llm.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(tracetest.NewSpanRecorder()))),
		llm.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))))
	if _, err := newClient(api.URL, tr, option.WithMaxRetries(2)).Messages.New(context.Background(), helloParams()); err != nil {
		t.Fatal(err)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	durations := map[string]uint64{} // error.type ("" for none) -> count
	tokens := map[string]int64{}     // token type -> sum
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch m.Name {
			case "gen_ai.client.operation.duration":
				for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
					v, _ := p.Attributes.Value(attribute.Key("error.type"))
					durations[v.AsString()] += p.Count
				}
			case "gen_ai.client.token.usage":
				for _, p := range m.Data.(metricdata.Histogram[int64]).DataPoints {
					v, _ := p.Attributes.Value(attribute.Key("gen_ai.token.type"))
					tokens[v.AsString()] += p.Sum
				}
			}
		}
	}
	if durations["rate_limit_error"] != 1 || durations[""] != 1 {
		t.Errorf("operation durations by error.type: %v, want one failed and one successful", durations)
	}
	if tokens["input"] != 2095 || tokens["output"] != 503 {
		t.Errorf("token usage %v, want the successful attempt's only", tokens)
	}
}
