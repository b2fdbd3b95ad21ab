package goopenai

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

// BenchmarkObserveChunk measures what observing one streamed chunk adds:
// a stream of 500 chat.completion.chunk events read through the stream
// observer in 4 KiB reads (as go-openai's bufio.Reader reads), against the
// same reads of the bare body.
func BenchmarkObserveChunk(b *testing.B) {
	const n = 500
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, `data: {"id":"chatcmpl-9","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" token%d"},"logprobs":null,"finish_reason":null}],"usage":null}`+"\n\n", i)
	}
	data := []byte(sb.String())
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	defer tp.Shutdown(context.Background())
	buf := make([]byte, 4096)
	for _, mode := range []noveumconfig.CaptureMode{"bare", noveumconfig.CaptureNone, noveumconfig.CaptureSpanOnly} {
		tr := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))
		b.Run(string(mode), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				var body io.ReadCloser = io.NopCloser(bytes.NewReader(data))
				var call *llm.Call
				if mode != "bare" {
					_, call = tr.StartChat(context.Background(), llm.Request{Model: "gpt-4o-mini", Stream: true})
					body = newStreamBody(context.Background(), body, call, mode != noveumconfig.CaptureNone, false)
				}
				for {
					if _, err := body.Read(buf); err != nil {
						break
					}
				}
				body.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/chunk")
			reportCPU(b, cpu, n, "cpu-ns/chunk")
		})
	}
}
