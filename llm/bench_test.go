package llm_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// discard is a span processor that keeps nothing: the benchmarks measure
// the cost of making spans, not of exporting them.
type discard struct{}

func (discard) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discard) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discard) Shutdown(context.Context) error                  { return nil }
func (discard) ForceFlush(context.Context) error                { return nil }

func benchProvider(b *testing.B) *sdktrace.TracerProvider {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discard{}))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp
}

// benchText is English-like text of about n bytes.
func benchText(n int) string {
	const words = "the order shipped from our warehouse yesterday and should arrive within two business days please check tracking "
	return strings.Repeat(words, n/len(words)+1)[:n]
}

// A realistic chat call: about 12 gen_ai.* attributes, a 1 KB prompt
// (system + user) and a 400 B completion, content captured on the span,
// the size of a typical support-bot turn.
var (
	benchSystem = benchText(200)
	benchUser   = benchText(824)
	benchAnswer = benchText(400)
)

func benchRequest() llm.Request {
	return llm.Request{
		Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
		ServerAddress: "api.openai.com", ServerPort: 443,
		Temperature: new(0.7), MaxTokens: new(1024),
		Messages: []llm.Message{
			{Role: llm.RoleSystem, Parts: []llm.Part{llm.Text(benchSystem)}},
			{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(benchUser)}},
		},
	}
}

func benchResponse() llm.Response {
	return llm.Response{
		ID: "chatcmpl-AbC123", Model: "gpt-4o-2024-08-06",
		Messages: []llm.Message{{Role: llm.RoleAssistant, Parts: []llm.Part{llm.Text(benchAnswer)}, FinishReason: "stop"}},
		Usage:    llm.Usage{InputTokens: llm.Tokens(256), OutputTokens: llm.Tokens(100), CacheReadInputTokens: llm.Tokens(128)},
	}
}

// rawMessage and rawPart are what a user of the plain OTel API would
// marshal with encoding/json to record the same content.
type rawPart struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

type rawMessage struct {
	Role         string    `json:"role"`
	Parts        []rawPart `json:"parts"`
	FinishReason string    `json:"finish_reason,omitempty"`
}

func reportSpans(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "spans/s")
}

// BenchmarkChat compares one chat call recorded with the helpers against
// the raw OTel calls that set the same attributes (the cost attributes
// included, with values computed beforehand).
func BenchmarkChat(b *testing.B) {
	ctx := context.Background()
	// raw marshals the content with encoding/json on each call, as a user
	// of the plain API must; raw-json-given gets the JSON for free, which
	// no real call does, as the strictest baseline.
	for _, given := range []bool{false, true} {
		name := "raw"
		if given {
			name = "raw-json-given"
		}
		b.Run(name, func(b *testing.B) {
			tr := benchProvider(b).Tracer("bench")
			in := []rawMessage{
				{Role: "system", Parts: []rawPart{{"text", benchSystem}}},
				{Role: "user", Parts: []rawPart{{"text", benchUser}}},
			}
			out := []rawMessage{{Role: "assistant", Parts: []rawPart{{"text", benchAnswer}}, FinishReason: "stop"}}
			inGiven, _ := json.Marshal(in)
			outGiven, _ := json.Marshal(out)
			model := "gpt-4o"
			b.ReportAllocs()
			for b.Loop() {
				inJSON := inGiven
				if !given {
					inJSON, _ = json.Marshal(in)
				}
				_, span := tr.Start(ctx, "chat "+model, trace.WithSpanKind(trace.SpanKindClient),
					trace.WithAttributes(
						attribute.String("gen_ai.operation.name", "chat"),
						attribute.String("gen_ai.provider.name", "openai"),
						attribute.String("gen_ai.request.model", model),
						attribute.String("server.address", "api.openai.com"),
						attribute.Int("server.port", 443),
						attribute.Float64("gen_ai.request.temperature", 0.7),
						attribute.Int64("gen_ai.request.max_tokens", 1024),
					))
				span.SetAttributes(attribute.String("gen_ai.input.messages", string(inJSON)))
				outJSON := outGiven
				if !given {
					outJSON, _ = json.Marshal(out)
				}
				span.SetAttributes(
					attribute.String("gen_ai.response.id", "chatcmpl-AbC123"),
					attribute.String("gen_ai.response.model", "gpt-4o-2024-08-06"),
					attribute.StringSlice("gen_ai.response.finish_reasons", []string{"stop"}),
					attribute.Int64("gen_ai.usage.input_tokens", 256),
					attribute.Int64("gen_ai.usage.output_tokens", 100),
					attribute.Int64("gen_ai.usage.cache_read.input_tokens", 128),
					attribute.Float64("noveum.cost.input", 0.00048),
					attribute.Float64("noveum.cost.output", 0.001),
					attribute.Float64("noveum.cost.total", 0.00148),
					attribute.String("noveum.cost.currency", "USD"),
					attribute.String("gen_ai.output.messages", string(outJSON)),
				)
				span.End()
			}
			reportSpans(b)
		})
	}
	for _, metrics := range []bool{false, true} {
		name := "helper"
		var mp metric.MeterProvider = metricnoop.NewMeterProvider()
		if metrics {
			name = "helper+metrics"
			sdk := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			b.Cleanup(func() { _ = sdk.Shutdown(ctx) })
			mp = sdk
		}
		b.Run(name, func(b *testing.B) {
			t := llm.NewTracer(llm.WithTracerProvider(benchProvider(b)), llm.WithMeterProvider(mp),
				llm.WithCaptureContent(config.CaptureSpanOnly))
			req, resp := benchRequest(), benchResponse()
			b.ReportAllocs()
			for b.Loop() {
				_, call := t.StartChat(ctx, req)
				call.RecordResponse(resp)
				call.End(nil)
			}
			reportSpans(b)
		})
	}
}

// BenchmarkRecordChunk measures recording one streamed chunk, content
// captured, on a call that is ended and replaced every 4096 chunks (outside
// the timing) so that buffers stay the size of a long answer.
func BenchmarkRecordChunk(b *testing.B) {
	for _, mode := range []config.CaptureMode{config.CaptureNone, config.CaptureSpanOnly} {
		b.Run(string(mode), func(b *testing.B) {
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			b.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
			t := llm.NewTracer(llm.WithTracerProvider(benchProvider(b)), llm.WithMeterProvider(mp), llm.WithCaptureContent(mode))
			req := benchRequest()
			req.Stream = true
			_, call := t.StartChat(context.Background(), req)
			ch := llm.Chunk{Text: "token "}
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				call.RecordChunk(ch)
				if n++; n == 4096 {
					b.StopTimer()
					call.End(nil)
					_, call = t.StartChat(context.Background(), req)
					n = 0
					b.StartTimer()
				}
			}
			call.End(nil)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "chunks/s")
		})
	}
}
