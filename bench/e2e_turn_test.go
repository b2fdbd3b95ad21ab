package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/llm"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// One agent turn is one trace of six spans, as an application records it:
//
//	invoke_workflow support-triage
//	└─ invoke_agent support-agent
//	   ├─ retrieval kb-articles        (query, three documents)
//	   ├─ chat gpt-4o                  (~1 KB prompt, ~400 B answer, usage)
//	   ├─ execute_tool lookup_order    (JSON arguments and result)
//	   └─ chat gpt-4o                  (~1 KB prompt, ~400 B answer, usage)
const spansPerTurn = 6

// turnContent is the text of one turn, in the two forms the arms record:
// the llm helpers' structured messages, and the JSON strings a user of the
// plain OTel API would marshal from the same data.
type turnContent struct {
	query              string
	docs               []llm.Document
	prompt1, prompt2   []llm.Message
	answer1, answer2   []llm.Message
	toolArgs, toolResp json.RawMessage
	respID1, respID2   string
	callID             string
	in1, out1, in2     int64
	out2               int64

	rawDocs                  []rawDoc
	rawPrompt1, rawPrompt2   []message
	rawAnswer1, rawAnswer2   []message
	conversation, customerID string
}

// rawDoc is a retrieved document as a plain-OTel user would marshal it.
type rawDoc struct {
	ID      string  `json:"id"`
	Score   float64 `json:"score"`
	Content string  `json:"content,omitempty"`
}

const turnVariants = 64

var firstNames = []string{"maria", "john", "aiko", "omar", "lena", "raj", "sofia", "tom"}

// turnFixture is turnVariants varied turns from a fixed seed; turn i of a
// run uses variant i%turnVariants.
var turnFixture = sync.OnceValue(func() []turnContent {
	g := newTextGen(2026)
	out := make([]turnContent, turnVariants)
	for i := range out {
		out[i] = g.turn(i)
	}
	return out
})

func (g *textGen) turn(i int) turnContent {
	var c turnContent
	email := fmt.Sprintf("%s.%s%d@example.com", firstNames[i%len(firstNames)], g.alnum(4), g.r.IntN(100))
	order := fmt.Sprintf("A-%07d", g.r.IntN(10000000))
	c.conversation = "conv-" + g.alnum(12)
	c.customerID = fmt.Sprintf("cust-%05d", g.r.IntN(100000))
	c.query = "where is my order " + order + " and can I change the delivery address"
	for d := range 3 {
		c.rawDocs = append(c.rawDocs, rawDoc{ID: fmt.Sprintf("kb-%04d", g.r.IntN(10000)), Score: 0.9 - float64(d)/10, Content: g.text(180)})
	}
	for _, d := range c.rawDocs {
		c.docs = append(c.docs, llm.Document{ID: d.ID, Score: d.Score, Content: d.Content})
	}
	system := "You are the support agent of Acme. Answer briefly, cite the knowledge base, never promise refunds. " + g.text(260)
	user1 := "Hi, I ordered " + order + " last week and it has not arrived. My email is " + email + ". " + g.text(480)
	c.rawPrompt1 = []message{
		{Role: "system", Parts: []part{{Type: "text", Content: system}}},
		{Role: "user", Parts: []part{{Type: "text", Content: user1}}},
	}
	c.rawAnswer1 = []message{{Role: "assistant", Parts: []part{{Type: "text", Content: "Let me look up order " + order + ". " + g.text(340)}}, FinishReason: "tool_calls"}}
	c.callID = "call_" + g.alnum(24)
	c.toolArgs = json.RawMessage(fmt.Sprintf(`{"order_id":%q,"include_history":true}`, order))
	c.toolResp = json.RawMessage(mustJSON(map[string]any{"order_id": order, "status": "in_transit", "carrier": "DHL",
		"eta": "2026-12-09", "history": []string{"packed", "shipped", "arrived at hub"}, "note": g.text(120)}))
	user2 := "The order lookup returned: " + string(c.toolResp) + " " + g.text(200)
	c.rawPrompt2 = []message{
		{Role: "system", Parts: []part{{Type: "text", Content: system}}},
		{Role: "user", Parts: []part{{Type: "text", Content: user2}}},
	}
	c.rawAnswer2 = []message{{Role: "assistant", Parts: []part{{Type: "text", Content: "Your order " + order + " is on its way. " + g.text(340)}}, FinishReason: "stop"}}
	c.prompt1, c.prompt2 = toLLM(c.rawPrompt1), toLLM(c.rawPrompt2)
	c.answer1, c.answer2 = toLLM(c.rawAnswer1), toLLM(c.rawAnswer2)
	c.respID1, c.respID2 = "chatcmpl-"+g.alnum(24), "chatcmpl-"+g.alnum(24)
	c.in1, c.out1 = int64(240+g.r.IntN(40)), int64(80+g.r.IntN(20))
	c.in2, c.out2 = int64(260+g.r.IntN(40)), int64(80+g.r.IntN(20))
	return c
}

func toLLM(ms []message) []llm.Message {
	out := make([]llm.Message, len(ms))
	for i, m := range ms {
		out[i] = llm.Message{Role: llm.Role(m.Role), FinishReason: m.FinishReason}
		for _, p := range m.Parts {
			out[i].Parts = append(out[i].Parts, llm.Text(p.Content))
		}
	}
	return out
}

var supportAgent = agents.NewAgent(agents.AgentInfo{Name: "support-agent", Provider: semconv.ProviderOpenAI, Model: "gpt-4o"})

// noveumTurn records one turn with the llm and agents helpers, through the
// defaults Init installed.
func noveumTurn(ctx context.Context, c *turnContent) {
	ctx = agents.WithIdentity(ctx, agents.Identity{ConversationID: c.conversation, UserID: c.customerID})
	ctx, wf := agents.InvokeWorkflow(ctx, "support-triage")
	actx, ag := agents.InvokeAgent(ctx, supportAgent)

	_, ret := llm.StartRetrieval(actx, llm.RetrievalRequest{DataSourceID: "kb-articles", Provider: semconv.ProviderOpenAI,
		Model: "text-embedding-3-small", ServerAddress: "vectors.internal", ServerPort: 6333, TopK: new(3), Query: c.query})
	ret.RecordDocuments(c.docs)
	ret.End(nil)

	chat := func(prompt, answer []llm.Message, id string, in, out int64) {
		_, call := llm.StartChat(actx, llm.Request{Provider: semconv.ProviderOpenAI, Model: "gpt-4o",
			ServerAddress: "api.openai.com", ServerPort: 443, Temperature: new(0.2), MaxTokens: new(1024), Messages: prompt})
		call.RecordResponse(llm.Response{ID: id, Model: "gpt-4o-2024-08-06", Messages: answer,
			Usage: llm.Usage{InputTokens: llm.Tokens(in), OutputTokens: llm.Tokens(out)}})
		call.End(nil)
	}
	chat(c.prompt1, c.answer1, c.respID1, c.in1, c.out1)

	_, tool := agents.ExecuteTool(actx, agents.Tool{Name: "lookup_order", CallID: c.callID, Type: semconv.ToolFunction, Arguments: c.toolArgs})
	tool.RecordResult(c.toolResp)
	tool.End(nil)

	chat(c.prompt2, c.answer2, c.respID2, c.in2, c.out2)
	ag.End(nil)
	wf.End(nil)
}

// otelTurn records the same six spans with the plain OTel API: gen_ai.*
// attributes set directly, content marshalled to JSON strings with
// encoding/json, as an application without the helpers would.
func otelTurn(ctx context.Context, tr trace.Tracer, c *turnContent) {
	id := []attribute.KeyValue{semconv.GenAIConversationID(c.conversation), semconv.UserID(c.customerID)}
	ctx, wf := tr.Start(ctx, "invoke_workflow support-triage", trace.WithSpanKind(trace.SpanKindInternal))
	wf.SetAttributes(semconv.GenAIOperationName(semconv.OperationInvokeWorkflow), semconv.GenAIWorkflowName("support-triage"))
	wf.SetAttributes(id...)
	actx, ag := tr.Start(ctx, "invoke_agent support-agent", trace.WithSpanKind(trace.SpanKindInternal))
	ag.SetAttributes(semconv.GenAIOperationName(semconv.OperationInvokeAgent), semconv.GenAIProviderName(semconv.ProviderOpenAI),
		semconv.GenAIAgentName("support-agent"), semconv.GenAIRequestModel("gpt-4o"))
	ag.SetAttributes(id...)

	_, ret := tr.Start(actx, "retrieval kb-articles", trace.WithSpanKind(trace.SpanKindClient))
	ret.SetAttributes(semconv.GenAIOperationName(semconv.OperationRetrieval), semconv.GenAIProviderName(semconv.ProviderOpenAI),
		semconv.GenAIDataSourceID("kb-articles"), semconv.GenAIRequestModel("text-embedding-3-small"),
		semconv.ServerAddress("vectors.internal"), semconv.ServerPort(6333), semconv.GenAIRetrievalTopK(3),
		semconv.GenAIRetrievalQueryText(c.query))
	ret.SetAttributes(id...)
	ret.SetAttributes(semconv.GenAIRetrievalDocuments(attribute.StringValue(marshal(c.rawDocs))))
	ret.End()

	chat := func(prompt, answer []message, respID string, in, out int64) {
		_, sp := tr.Start(actx, "chat gpt-4o", trace.WithSpanKind(trace.SpanKindClient))
		sp.SetAttributes(semconv.GenAIOperationName(semconv.OperationChat), semconv.GenAIProviderName(semconv.ProviderOpenAI),
			semconv.GenAIRequestModel("gpt-4o"), semconv.ServerAddress("api.openai.com"), semconv.ServerPort(443),
			semconv.GenAIRequestTemperature(0.2), semconv.GenAIRequestMaxTokens(1024))
		sp.SetAttributes(id...)
		sp.SetAttributes(semconv.GenAIInputMessages(attribute.StringValue(marshal(prompt))))
		sp.SetAttributes(semconv.GenAIResponseID(respID), semconv.GenAIResponseModel("gpt-4o-2024-08-06"),
			semconv.GenAIResponseFinishReasons(answer[0].FinishReason),
			semconv.GenAIUsageInputTokens(in), semconv.GenAIUsageOutputTokens(out),
			semconv.GenAIOutputMessages(attribute.StringValue(marshal(answer))))
		sp.End()
	}
	chat(c.rawPrompt1, c.rawAnswer1, c.respID1, c.in1, c.out1)

	_, tool := tr.Start(actx, "execute_tool lookup_order", trace.WithSpanKind(trace.SpanKindInternal))
	tool.SetAttributes(semconv.GenAIOperationName(semconv.OperationExecuteTool), semconv.GenAIToolName("lookup_order"),
		semconv.GenAIToolCallID(c.callID), semconv.GenAIToolType(semconv.ToolFunction))
	tool.SetAttributes(id...)
	tool.SetAttributes(semconv.GenAIToolCallArguments(attribute.StringValue(string(c.toolArgs))))
	tool.SetAttributes(semconv.GenAIToolCallResult(attribute.StringValue(string(c.toolResp))))
	tool.End()

	chat(c.rawPrompt2, c.rawAnswer2, c.respID2, c.in2, c.out2)
	ag.End()
	wf.End()
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
