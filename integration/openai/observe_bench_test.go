package noveumopenai

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
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
	for _, mode := range []noveumconfig.CaptureMode{noveumconfig.CaptureNone, noveumconfig.CaptureSpanOnly} {
		tr := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))
		b.Run("observed/"+string(mode), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				ctx := context.Background()
				_, call := tr.StartChat(ctx, llm.Request{Model: "gpt-4o-mini", Stream: true})
				a := &attempt{call: call, ep: endpointChat, reqCtx: ctx, capture: mode != noveumconfig.CaptureNone}
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
	tr := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(noveumconfig.CaptureNone))
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

// BenchmarkOverhead isolates what the middleware adds to one call, without
// the network and without the client: a request as openai-go builds it
// (JSON body with GetBody), a next handler that returns a canned response
// from memory, and the body read as openai-go reads it. "plain" reads a
// chat.completion to its end; "first-chunk" reads a stream up to its first
// event (the time the application waits for its first chunk).
func BenchmarkOverhead(b *testing.B) {
	const reqBody = `{"messages":[{"content":"You are terse.","role":"system"},{"content":"Say hello.","role":"user"}],"model":"gpt-4o","max_tokens":64,"seed":7,"temperature":0.2,"tools":[{"function":{"name":"get_weather","description":"Weather of a city","parameters":{"properties":{"city":{"type":"string"}},"type":"object"}},"type":"function"}]}`
	const plain = `{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I assist you today?","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":2,"audio_tokens":0}},"service_tier":"default","system_fingerprint":"fp_fc9f1d7035"}`
	const stream = `data: {"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n"
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discardProcessor{}))
	defer tp.Shutdown(context.Background())

	newReq := func() *http.Request {
		req, _ := http.NewRequest(http.MethodPost, "https://api.openai.com/v1/chat/completions", strings.NewReader(reqBody))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Stainless-Retry-Count", "0")
		return req
	}
	respond := func(ct, body string) func(*http.Request) (*http.Response, error) {
		return func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {ct}},
				Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
		}
	}
	for _, tc := range []struct {
		name, ct, body string
		read           func(io.ReadCloser)
	}{
		{"plain", "application/json", plain, func(rc io.ReadCloser) { io.ReadAll(rc); rc.Close() }},
		{"first-chunk", "text/event-stream", stream, func(rc io.ReadCloser) {
			scn := bufio.NewScanner(rc)
			for scn.Scan() && len(scn.Bytes()) > 0 {
			}
			rc.Close()
		}},
	} {
		next := respond(tc.ct, tc.body)
		b.Run(tc.name+"/bare", func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				res, _ := next(newReq())
				tc.read(res.Body)
			}
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
		// The llm helpers alone, as an application would call them by
		// hand: what any instrumentation of the call costs at least.
		llmOnly := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(noveumconfig.CaptureNone))
		b.Run(tc.name+"/llm-helpers-only", func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				res, _ := next(newReq())
				_, call := llmOnly.StartChat(res.Request.Context(), llm.Request{Provider: "openai", Model: "gpt-4o",
					ServerAddress: "api.openai.com", ServerPort: 443, Temperature: new(0.2), MaxTokens: new(64), Seed: new(int64(7))})
				tc.read(res.Body)
				call.RecordResponse(llm.Response{ID: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", Model: "gpt-4o-2024-08-06",
					FinishReasons: []string{"stop"}, Usage: llm.Usage{InputTokens: llm.Tokens(19), OutputTokens: llm.Tokens(10)}})
				call.End(nil)
			}
			b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
		for _, mode := range []noveumconfig.CaptureMode{noveumconfig.CaptureNone, noveumconfig.CaptureSpanOnly} {
			mw := Middleware(WithTracer(llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(mode))))
			b.Run(tc.name+"/"+string(mode), func(b *testing.B) {
				b.ReportAllocs()
				cpu := cpuTime()
				for b.Loop() {
					res, _ := mw(newReq(), next)
					tc.read(res.Body)
				}
				b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
