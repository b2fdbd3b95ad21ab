package goopenai_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/integration/goopenai"
	"github.com/Noveum/noveum-trace-go/internal/benchpair"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// glueTracer records the "glue" mode's calls.
var glueTracer *llm.Tracer

// benchChunks is the number of chunks of the benchmark's streamed answer.
const benchChunks = 500

// benchServer answers chat completions on loopback: the chat response of
// the tests, or a stream of benchChunks text chunks, a finish chunk and a
// usage chunk, written as they would come from OpenAI (the first flushed
// alone, the rest together, so that the stream's cost is the client's).
func benchServer(b *testing.B) *httptest.Server {
	var rest strings.Builder
	for i := 1; i < benchChunks; i++ {
		fmt.Fprintf(&rest, "data: %s\n\n", chunk(textDelta(0, " token"), "null"))
	}
	fmt.Fprintf(&rest, "data: %s\n\n", chunk(finish(0, "stop"), "null"))
	fmt.Fprintf(&rest, "data: %s\n\n", chunk("", `{"prompt_tokens":1200,"completion_tokens":500,"total_tokens":1700}`))
	rest.WriteString("data: [DONE]\n\n")
	first := "data: " + chunk(`{"index":0,"delta":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":null}`, "null") + "\n\n"
	tail := rest.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), `"stream":true`) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, chatResponse)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, first)
		w.(http.Flusher).Flush()
		io.WriteString(w, tail)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// benchClients returns the bare client and the traced ones (capture off,
// capture on), all on the same loopback server and the same transport.
// The traced ones record through an SDK TracerProvider that samples every
// span and batches them to an exporter that discards them.
func benchClients(b *testing.B, srv *httptest.Server) map[string]*openai.Client {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	b.Cleanup(func() { tp.Shutdown(context.Background()) })
	mk := func(doer openai.HTTPDoer) *openai.Client {
		cfg := openai.DefaultConfig("sk-bench")
		cfg.BaseURL = srv.URL + "/v1"
		cfg.HTTPClient = doer
		return openai.NewClientWithConfig(cfg)
	}
	off := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureNone))
	on := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureSpanOnly))
	glueTracer = off
	return map[string]*openai.Client{
		"bare":           mk(srv.Client()),
		"glue":           mk(srv.Client()),
		"traced":         mk(goopenai.WrapClient(srv.Client(), goopenai.WithTracer(off))),
		"traced-capture": mk(goopenai.WrapClient(srv.Client(), goopenai.WithTracer(on))),
	}
}

var benchModes = []string{"bare", "glue", "traced", "traced-capture"}

// glueChat is what an application writes without the integration: the
// llm helpers around the call, by hand (capture off).
func glueChat(tr *llm.Tracer, c *openai.Client, req openai.ChatCompletionRequest) error {
	temp, maxTokens := float64(req.Temperature), req.MaxCompletionTokens
	ctx, call := tr.StartChat(context.Background(), llm.Request{Provider: semconv.ProviderOpenAI, Model: req.Model,
		ServerAddress: "127.0.0.1", ServerPort: 443, Temperature: &temp, MaxTokens: &maxTokens})
	resp, err := c.CreateChatCompletion(ctx, req)
	if err == nil {
		finish := make([]string, len(resp.Choices))
		for i, ch := range resp.Choices {
			finish[i] = string(ch.FinishReason)
		}
		u := llm.Usage{InputTokens: llm.Tokens(int64(resp.Usage.PromptTokens)), OutputTokens: llm.Tokens(int64(resp.Usage.CompletionTokens))}
		if d := resp.Usage.PromptTokensDetails; d != nil {
			u.CacheReadInputTokens = llm.Tokens(int64(d.CachedTokens))
		}
		if d := resp.Usage.CompletionTokensDetails; d != nil {
			u.ReasoningOutputTokens = llm.Tokens(int64(d.ReasoningTokens))
		}
		call.RecordResponse(llm.Response{ID: resp.ID, Model: resp.Model, FinishReasons: finish, Usage: u})
	}
	call.End(err)
	return err
}

// BenchmarkChat is one plain chat completion over loopback.
func BenchmarkChat(b *testing.B) {
	benchChat(b, benchClients(b, benchServer(b)))
}

// benchChat makes one plain chat completion per iteration with each
// client, and reports the CPU time per call.
func benchChat(b *testing.B, clients map[string]*openai.Client) {
	for _, mode := range benchModes {
		b.Run(mode, func(b *testing.B) {
			call := chatCall(b, clients, mode)
			b.ReportAllocs()
			cpu := goopenai.CPUTime()
			for b.Loop() {
				call()
			}
			goopenai.ReportCPU(b, cpu, 1, "cpu-ns/op")
		})
	}
}

// chatCall returns one plain chat completion with the client of mode; the
// glue records it by hand with the llm helpers.
func chatCall(b *testing.B, clients map[string]*openai.Client, mode string) func() {
	c, req := clients[mode], chatRequest()
	return func() {
		var err error
		if mode == "glue" {
			err = glueChat(glueTracer, c, req)
		} else {
			_, err = c.CreateChatCompletion(context.Background(), req)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChatPair is BenchmarkChat with two clients in one loop, their
// order alternating (benchpair.Run): the traced client against the bare
// one (the "at most 1.10x", read from wall-ratio-p50), with
// capture off and on, and against the hand-written glue that records the
// same call through the llm helpers.
func BenchmarkChatPair(b *testing.B) {
	clients := benchClients(b, benchServer(b))
	for _, p := range [][2]string{{"bare", "traced"}, {"bare", "traced-capture"}, {"glue", "traced"}} {
		b.Run(p[1]+"-vs-"+p[0], func(b *testing.B) {
			benchpair.Run(b, 1, chatCall(b, clients, p[0]), chatCall(b, clients, p[1]), nil)
		})
	}
}

// BenchmarkStream is one streamed chat completion of benchChunks chunks,
// read to its end; it reports the time per chunk and the time from the
// call to the first chunk's arrival.
func BenchmarkStream(b *testing.B) {
	benchStream(b, benchClients(b, benchServer(b)))
}

// memoryDoer answers every request from memory, with no network: the
// benchmarks on it show the integration's own cost with nothing to hide
// it.
type memoryDoer struct{ stream string }

func (m memoryDoer) Do(req *http.Request) (*http.Response, error) {
	io.Copy(io.Discard, req.Body)
	req.Body.Close()
	body, ct := chatResponse, "application/json"
	if req.Header.Get("Accept") == "text/event-stream" {
		body, ct = m.stream, "text/event-stream"
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Header: http.Header{"Content-Type": {ct}},
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req}, nil
}

func memoryClients(b *testing.B) map[string]*openai.Client {
	var stream strings.Builder
	stream.WriteString("data: " + chunk(`{"index":0,"delta":{"role":"assistant","content":"Hello"},"logprobs":null,"finish_reason":null}`, "null") + "\n\n")
	for i := 1; i < benchChunks; i++ {
		fmt.Fprintf(&stream, "data: %s\n\n", chunk(textDelta(0, " token"), "null"))
	}
	fmt.Fprintf(&stream, "data: %s\n\n", chunk(finish(0, "stop"), "null"))
	fmt.Fprintf(&stream, "data: %s\n\n", chunk("", `{"prompt_tokens":1200,"completion_tokens":500,"total_tokens":1700}`))
	stream.WriteString("data: [DONE]\n\n")
	doer := memoryDoer{stream: stream.String()}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(tracetest.NewNoopExporter()))
	b.Cleanup(func() { tp.Shutdown(context.Background()) })
	mk := func(d openai.HTTPDoer) *openai.Client {
		cfg := openai.DefaultConfig("sk-bench")
		cfg.HTTPClient = d
		return openai.NewClientWithConfig(cfg)
	}
	glueTracer = llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureNone))
	return map[string]*openai.Client{
		"bare":           mk(doer),
		"glue":           mk(doer),
		"traced":         mk(goopenai.WrapClient(doer, goopenai.WithTracer(llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureNone))))),
		"traced-capture": mk(goopenai.WrapClient(doer, goopenai.WithTracer(llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureSpanOnly))))),
	}
}

// BenchmarkChatInMemory is BenchmarkChat without the network.
func BenchmarkChatInMemory(b *testing.B) {
	benchChat(b, memoryClients(b))
}

// BenchmarkStreamInMemory is BenchmarkStream without the network: the
// difference of ns/chunk between modes is what observing a chunk costs.
func BenchmarkStreamInMemory(b *testing.B) {
	benchStream(b, memoryClients(b))
}

// benchStream reads one streamed chat completion of benchChunks chunks to
// its end per iteration, with each client but the glue, and reports the
// time and CPU per chunk and the time to the first chunk.
func benchStream(b *testing.B, clients map[string]*openai.Client) {
	req := chatRequest()
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	for _, mode := range benchModes {
		if mode == "glue" {
			continue
		}
		b.Run(mode, func(b *testing.B) {
			c := clients[mode]
			b.ReportAllocs()
			var first time.Duration
			cpu := goopenai.CPUTime()
			for b.Loop() {
				start := time.Now()
				stream, err := c.CreateChatCompletionStream(context.Background(), req)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					_, err := stream.Recv()
					if n == 0 {
						first += time.Since(start)
					}
					if err != nil {
						break
					}
					n++
				}
				stream.Close()
				if n != benchChunks+2 {
					b.Fatalf("%d chunks", n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(benchChunks+2), "ns/chunk")
			goopenai.ReportCPU(b, cpu, benchChunks+2, "cpu-ns/chunk")
			b.ReportMetric(float64(first.Nanoseconds())/float64(b.N), "ns/first-chunk")
		})
	}
}

// BenchmarkFirstChunkInMemory opens a stream and reads its first chunk,
// then closes it, without the network: the difference of cpu-ns/op
// between modes bounds what tracing adds before the first chunk reaches
// the application (it also counts the span's end at Close, after it).
func BenchmarkFirstChunkInMemory(b *testing.B) {
	clients := memoryClients(b)
	req := chatRequest()
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	for _, mode := range benchModes {
		if mode == "glue" {
			continue
		}
		b.Run(mode, func(b *testing.B) {
			c := clients[mode]
			b.ReportAllocs()
			cpu := goopenai.CPUTime()
			for b.Loop() {
				stream, err := c.CreateChatCompletionStream(context.Background(), req)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := stream.Recv(); err != nil {
					b.Fatal(err)
				}
				stream.Close()
			}
			goopenai.ReportCPU(b, cpu, 1, "cpu-ns/op")
		})
	}
}
