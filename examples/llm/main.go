// Command llm records model calls with the llm helpers (a chat call, a
// streamed answer with a tool call, embeddings and a retrieval step)
// against a deterministic fake model, sends them through the Noveum exporter
// to an in-process receiver (noveumtest), and prints what the Noveum
// payload carries for each span: tokens, cost and time to first token. It
// needs no API key and no network.
//
//	go run ./examples/llm
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	srv := noveumtest.NewServer()
	defer srv.Close()
	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject("llm-example"))
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))

	// Content capture is off unless switched on; this example shows it.
	tracer := llm.NewTracer(llm.WithTracerProvider(tp), llm.WithCaptureContent(config.CaptureSpanOnly))

	root, span := tp.Tracer("examples/llm").Start(ctx, "answer question")
	if err := answer(root, tracer, fakeModel{}); err != nil {
		return err
	}
	span.End()

	if err := tp.Shutdown(ctx); err != nil {
		return err
	}
	return report(w, srv)
}

// answer is the instrumented application: it looks up documents, asks the
// model (which calls a tool), and streams the final answer.
func answer(ctx context.Context, tracer *llm.Tracer, model fakeModel) error {
	question := "Where is order A-1?"

	// Embeddings for the question, then retrieval.
	_, emb := tracer.StartEmbeddings(ctx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "text-embedding-3-small"})
	emb.RecordResponse(llm.Response{EmbeddingDimensions: 1536, Usage: llm.Usage{InputTokens: llm.Tokens(7)}})
	emb.End(nil)

	_, ret := tracer.StartRetrieval(ctx, llm.RetrievalRequest{DataSourceID: "orders-kb", TopK: new(2), Query: question})
	ret.RecordDocuments([]llm.Document{{ID: "kb-12", Score: 0.91, Content: "Orders ship within 2 days."}})
	ret.End(nil)

	// A chat call that asks for a tool.
	msgs := []llm.Message{
		{Role: llm.RoleSystem, Parts: []llm.Part{llm.Text("You are a support agent.")}},
		{Role: llm.RoleUser, Parts: []llm.Part{llm.Text(question)}},
	}
	_, call := tracer.StartChat(ctx, llm.Request{
		Provider: semconv.ProviderOpenAI, Model: "gpt-4o", Temperature: new(0.2), Messages: msgs,
		Tools: []llm.ToolDefinition{{Type: "function", Name: "track_order", Parameters: []byte(`{"type":"object","properties":{"order":{"type":"string"}}}`)}},
	})
	resp := model.chat()
	call.RecordResponse(resp)
	call.End(nil)

	// The streamed answer, after the tool ran.
	msgs = append(msgs, resp.Messages[0],
		llm.Message{Role: llm.RoleTool, Parts: []llm.Part{llm.ToolCallResponse("call_1", []byte(`{"status":"in transit"}`))}})
	_, stream := tracer.StartChat(ctx, llm.Request{Provider: semconv.ProviderAnthropic, Model: "claude-sonnet-4-5", Messages: msgs, Stream: true})
	for ch := range model.stream() {
		stream.RecordChunk(ch)
	}
	stream.End(nil)
	return nil
}

// fakeModel answers like a provider would, deterministically.
type fakeModel struct{}

func (fakeModel) chat() llm.Response {
	return llm.Response{
		ID: "chatcmpl-1", Model: "gpt-4o-2024-08-06",
		Messages: []llm.Message{{Role: llm.RoleAssistant, FinishReason: "tool_call",
			Parts: []llm.Part{llm.ToolCall("call_1", "track_order", []byte(`{"order":"A-1"}`))}}},
		Usage: llm.Usage{InputTokens: llm.Tokens(412), OutputTokens: llm.Tokens(18)},
	}
}

// stream yields the chunks of a streamed answer.
func (fakeModel) stream() func(func(llm.Chunk) bool) {
	return func(yield func(llm.Chunk) bool) {
		words := strings.Fields("Order A-1 is in transit and should arrive tomorrow.")
		for i, w := range words {
			ch := llm.Chunk{Text: w + " "}
			if i == 0 {
				ch.ResponseID, ch.Model = "msg_01", "claude-sonnet-4-5-20250929"
				ch.Usage = llm.Usage{InputTokens: llm.Tokens(530), CacheReadInputTokens: llm.Tokens(400)}
			}
			if !yield(ch) {
				return
			}
		}
		yield(llm.Chunk{FinishReason: "end_turn", Usage: llm.Usage{OutputTokens: llm.Tokens(12)}})
	}
}

func report(w io.Writer, srv *noveumtest.Server) error {
	traces := srv.Traces()
	if len(traces) != 1 {
		return fmt.Errorf("%d traces arrived, want 1", len(traces))
	}
	spans := traces[0].Spans
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].StartTime < spans[j].StartTime })
	for _, s := range spans {
		line := fmt.Sprintf("%-40s", s.Name)
		for _, k := range []string{"llm.input_tokens", "llm.output_tokens", "llm.cost.total", "retrieval.result_count"} {
			if v, ok := s.Attr(k); ok {
				if f, err := strconv.ParseFloat(fmt.Sprint(v), 64); err == nil {
					v = strconv.FormatFloat(f, 'g', 4, 64) // costs print short
				}
				line += fmt.Sprintf(" %s=%v", strings.TrimPrefix(k, "llm."), v)
			}
		}
		if _, ok := s.Attr("llm.time_to_first_token_ms"); ok {
			line += " ttft=recorded"
		}
		if _, ok := s.Attr("llm.input.messages"); ok {
			line += " content=captured"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	return nil
}
