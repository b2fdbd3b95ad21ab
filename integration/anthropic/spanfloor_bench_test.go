package noveumanthropic_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	httpconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// The SpanFloor benchmarks measure the OTel SDK span a plain call records,
// with the raw OTel API and the attributes llm sets (capture off, a
// priced model), in the order llm and the middleware set them today:
// start attributes, then http.response.status_code in a SetAttributes of
// its own when the response arrives, then the response's attributes in
// End's. The SDK grows the span's attribute array at each SetAttributes
// (7 -> 14 -> 28 here); with the status code in End's one call (which
// llm would need an API for: the middleware cannot add to it) it grows
// once (7 -> 18). "folded" measures that alternative.

const floorModel = "claude-sonnet-4-5-20250929"

func floorStartAttrs(a []attribute.KeyValue) []attribute.KeyValue {
	return append(a, semconv.GenAIOperationName(semconv.OperationChat), semconv.GenAIProviderName(semconv.ProviderAnthropic),
		semconv.GenAIRequestModel(floorModel), semconv.ServerAddress("127.0.0.1"), semconv.ServerPort(40000),
		semconv.GenAIRequestMaxTokens(1024), httpconv.HTTPRequestMethodKey.String("POST"))
}

func floorEndAttrs(a []attribute.KeyValue) []attribute.KeyValue {
	return append(a, semconv.GenAIResponseID("msg_013Zva2CMHLNnXjNJJKqJ2EF"),
		semconv.GenAIResponseModel(floorModel), semconv.GenAIResponseFinishReasons("stop"),
		semconv.GenAIUsageInputTokens(2095), semconv.GenAIUsageOutputTokens(503),
		semconv.NoveumCostInput(0.006285), semconv.NoveumCostOutput(0.007545), semconv.NoveumCostTotal(0.01383), semconv.NoveumCostCurrency("USD"))
}

var (
	floorStatus = []attribute.KeyValue{httpconv.HTTPResponseStatusCode(200)}
	floorPool   = sync.Pool{New: func() any { a := make([]attribute.KeyValue, 0, 32); return &a }}
)

// floorSpan records the span; folded puts the status code into the End
// attributes instead of a SetAttributes of its own.
func floorSpan(tr trace.Tracer, folded bool) {
	start := floorStartAttrs(make([]attribute.KeyValue, 0, 7))
	_, s := tr.Start(context.Background(), "chat "+floorModel, trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(start...), trace.WithTimestamp(time.Now()))
	if !folded {
		s.SetAttributes(floorStatus...)
	}
	ap := floorPool.Get().(*[]attribute.KeyValue)
	a := floorEndAttrs((*ap)[:0])
	if folded {
		a = append(a, floorStatus...)
	}
	s.SetAttributes(a...)
	clear(a)
	*ap = a[:0]
	floorPool.Put(ap)
	s.End(trace.WithTimestamp(time.Now()))
}

func floorTracer() trace.Tracer {
	return sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropProcessor{})).Tracer("floor")
}

// BenchmarkSpanFloor: the span alone, as today and folded, and the same
// call through llm (Start, the status code, RecordResponse, End).
func BenchmarkSpanFloor(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropProcessor{}))
	t := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureNone))
	tr := tp.Tracer("floor")
	b.Run("otel", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			floorSpan(tr, false)
		}
	})
	b.Run("otel-folded", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			floorSpan(tr, true)
		}
	})
	b.Run("llm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			llmSpan(t)
		}
	})
}

func llmSpan(t *llm.Tracer) {
	mt := 1024
	_, c := t.StartChat(context.Background(), llm.Request{Provider: semconv.ProviderAnthropic, Model: floorModel, MaxTokens: &mt,
		ServerAddress: "127.0.0.1", ServerPort: 40000, Attributes: []attribute.KeyValue{httpconv.HTTPRequestMethodKey.String("POST")}})
	c.Span().SetAttributes(floorStatus...)
	c.RecordResponse(llm.Response{ID: "msg_013Zva2CMHLNnXjNJJKqJ2EF", Model: floorModel, FinishReasons: []string{"stop"},
		Usage: llm.Usage{InputTokens: llm.Tokens(2095), OutputTokens: llm.Tokens(503)}})
	c.End(nil)
}

// BenchmarkSpanFloorFolded: today's span (traced) against the folded one
// (untraced), alternately: what folding the status code into End saves.
func BenchmarkSpanFloorFolded(b *testing.B) {
	tr := floorTracer()
	pair(b, 1, func() { floorSpan(tr, true) }, func() { floorSpan(tr, false) }, nil)
}

// BenchmarkSpanFloorLLM: the llm call (traced) against the raw OTel span
// with the same attributes (untraced): what llm adds over the SDK.
func BenchmarkSpanFloorLLM(b *testing.B) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(dropProcessor{}))
	t := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureNone))
	tr := tp.Tracer("floor")
	pair(b, 1, func() { floorSpan(tr, false) }, func() { llmSpan(t) }, nil)
}
