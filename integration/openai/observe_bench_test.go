package noveumopenai

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/llm"
)

type discardProcessor struct{}

func (discardProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discardProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discardProcessor) Shutdown(context.Context) error                  { return nil }
func (discardProcessor) ForceFlush(context.Context) error                { return nil }

// BenchmarkStreamObserver isolates what the middleware adds to each chunk
// of a stream, without the network: the bytes of a 200-chunk chat stream
// read through bufio.Scanner (as openai-go reads them), with the observing
// body (observed) and without (bare). The difference per chunk is the
// middleware's cost per chunk.
func BenchmarkStreamObserver(b *testing.B) {
	const chunks = 200
	var sb strings.Builder
	for range chunks {
		sb.WriteString(`data: {"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" and then the model said \"more\""},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n")
	}
	sb.WriteString(`data: {"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}` + "\n\ndata: [DONE]\n\n")
	payload := []byte(sb.String())
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discardProcessor{}))
	defer tp.Shutdown(context.Background())

	read := func(r io.Reader) {
		scn := bufio.NewScanner(r)
		for scn.Scan() {
		}
	}
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cpuTime()
		for b.Loop() {
			read(io.NopCloser(bytes.NewReader(payload)))
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chunks, "ns/chunk")
		b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/chunks, "cpu-ns/chunk")
	})
	for _, mode := range []llm.CaptureMode{llm.CaptureNone, llm.CaptureSpanOnly} {
		tr := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))
		b.Run("observed/"+string(mode), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				ctx := context.Background()
				_, call := tr.StartChat(ctx, llm.Request{Model: "gpt-4o-mini", Stream: true})
				a := &attempt{call: call, ep: endpointChat, reqCtx: ctx, capture: mode != llm.CaptureNone}
				body := &streamBody{rc: io.NopCloser(bytes.NewReader(payload)), a: a, h: a.handler()}
				read(body)
				body.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/chunks, "ns/chunk")
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/chunks, "cpu-ns/chunk")
		})
	}
}

// BenchmarkChunkEvent is the handling of one chat chunk event, parsed and
// recorded, capture off.
func BenchmarkChunkEvent(b *testing.B) {
	const ev = `{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" and then the model said \"more\""},"logprobs":null,"finish_reason":null}],"usage":null}`
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discardProcessor{}))
	defer tp.Shutdown(context.Background())
	tr := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(llm.CaptureNone))
	_, call := tr.StartChat(context.Background(), llm.Request{Model: "gpt-4o-mini", Stream: true})
	defer call.End(nil)
	s := &chatStream{call: call}
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			eachField(ev, func(k, v string) bool { return true })
		}
	})
	b.Run("record-only", func(b *testing.B) {
		for b.Loop() {
			call.RecordChunk(llm.Chunk{Text: "x"})
		}
	})
	b.Run("event", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.event("", ev)
		}
	})
}
