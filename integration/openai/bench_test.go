package noveumopenai_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/internal/benchpair"
	"github.com/Noveum/noveum-trace-go/llm"
)

// The benchmarks compare the same openai-go client against the same
// loopback fake, without the middleware (bare) and with it, capture off and
// on. Spans are recorded (always sampled) and dropped at End by a processor
// that does nothing, so export costs are not counted: they happen off the
// caller's goroutine. See docs/performance.md.

type discard struct{}

func (discard) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discard) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discard) Shutdown(context.Context) error                  { return nil }
func (discard) ForceFlush(context.Context) error                { return nil }

func benchClients(b *testing.B, f *fake) map[string]openai.Client {
	f.noKeep = true
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discard{}))
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	off := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureNone))
	on := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureSpanOnly))
	return map[string]openai.Client{
		"bare":        f.client(option.WithMaxRetries(0)),
		"capture-off": f.client(option.WithMaxRetries(0), traced(off)),
		"capture-on":  f.client(option.WithMaxRetries(0), traced(on)),
	}
}

// processCPU returns the CPU time (user and system) of the process, client
// and fake server together: on a shared machine, the work a call costs,
// where wall time also counts waiting for a CPU.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var benchModes = []string{"bare", "capture-off", "capture-on"}

// BenchmarkChat is one plain chat call (a system and a user message, one
// tool, a ~700-byte JSON answer) per iteration.
func BenchmarkChat(b *testing.B) {
	f := newFake(b)
	f.handle("POST /v1/chat/completions", jsonReply(200, chatCompletion))
	clients := benchClients(b, f)
	p := chatParams()
	p.Tools = []openai.ChatCompletionToolUnionParam{weatherTool()}
	ctx := context.Background()
	for _, mode := range benchModes {
		client := clients[mode]
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := client.Chat.Completions.New(ctx, p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkChatPair is BenchmarkChat with the bare and the traced client
// in one loop, their order alternating (benchpair.Run): the ratio the
// issue's "at most 1.10x a plain call" is read from (wall-ratio-p50).
func BenchmarkChatPair(b *testing.B) {
	f := newFake(b)
	f.handle("POST /v1/chat/completions", jsonReply(200, chatCompletion))
	clients := benchClients(b, f)
	p := chatParams()
	p.Tools = []openai.ChatCompletionToolUnionParam{weatherTool()}
	ctx := context.Background()
	call := func(c openai.Client) func() {
		return func() {
			if _, err := c.Chat.Completions.New(ctx, p); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, mode := range benchModes[1:] {
		b.Run(mode, func(b *testing.B) { benchpair.Run(b, 1, call(clients["bare"]), call(clients[mode]), nil) })
	}
}

// streamChunks is the number of text chunks of the benchmark stream.
const streamChunks = 200

// BenchmarkStream is one streamed chat call per iteration: a role chunk,
// 200 text chunks of a few words, the finish chunk, the usage chunk and
// [DONE], written at once. It reports ns/chunk (the whole call divided by
// the chunks) and ns/first-chunk (from the call to the first chunk read by
// the application).
func BenchmarkStream(b *testing.B) {
	events := []string{chatStreamEvents[0]}
	for range streamChunks {
		events = append(events, "data: "+chunk(`{"index":0,"delta":{"content":" and then the model said \"more\""},"logprobs":null,"finish_reason":null}`, "null")+"\n\n")
	}
	events = append(events, chatStreamEvents[3:]...)
	body := strings.Join(events, "")
	f := newFake(b)
	f.handle("POST /v1/chat/completions", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, body)
	})
	clients := benchClients(b, f)
	p := chatParams()
	p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	ctx := context.Background()
	for _, mode := range benchModes {
		client := clients[mode]
		b.Run(mode, func(b *testing.B) {
			b.ReportAllocs()
			var first time.Duration
			cpu := processCPU()
			for b.Loop() {
				start := time.Now()
				stream := client.Chat.Completions.NewStreaming(ctx, p)
				n := 0
				for stream.Next() {
					if n == 0 {
						first += time.Since(start)
					}
					n++
				}
				if err := stream.Err(); err != nil || n != streamChunks+3 {
					b.Fatalf("%d chunks, %v", n, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(streamChunks+3), "ns/chunk")
			b.ReportMetric(float64(first.Nanoseconds())/float64(b.N), "ns/first-chunk")
			b.ReportMetric(float64((processCPU()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}
