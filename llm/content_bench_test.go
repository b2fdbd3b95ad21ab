package llm

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchPrompt is a realistic 1 KB prompt: a system message and a user
// message, with a few characters that need escaping.
func benchPrompt() []Message {
	system := "You are a helpful travel assistant for a train operator. Answer in the user's language, " +
		"in at most three short paragraphs. Use metric units and 24-hour times. When you are not sure " +
		"about a timetable, say so and suggest checking the \"Live departures\" page.\n"
	user := "Hi! I'm planning a trip from Paris to Lyon next Friday with my partner and our two kids (7 and 10). " +
		"We'd like to leave in the morning, ideally before 9:00, and come back on Sunday evening. " +
		"Could you tell me which trains run at those times, roughly how long the journey takes, " +
		"whether there are family discounts, and if we can bring a folding bike on board? " +
		"Also, is there a café car on the TGV, and are seats reserved automatically? " +
		"Finally, what are a couple of kid-friendly things to do in Lyon on a rainy Saturday? Thanks a lot — merci!"
	return []Message{
		{Role: RoleSystem, Parts: []Part{Text(system)}},
		{Role: RoleUser, Parts: []Part{Text(user)}},
	}
}

// benchCompletion is a realistic 400 B completion.
func benchCompletion() []Message {
	return []Message{{Role: RoleAssistant, FinishReason: "stop", Parts: []Part{Text(
		"Direct TGV INOUI trains leave Paris Gare de Lyon for Lyon Part-Dieu at 07:00, 07:56 and 08:34; " +
			"the journey takes about 2 h. Children aged 4 to 11 travel at a reduced fare, and the " +
			"\"Famille\" card saves 30% for the adults. Folding bikes fit as luggage when folded. " +
			"Seats are reserved automatically, and every TGV has a café car. On a rainy day, try the " +
			"Musée des Confluences or the Mini World miniature park.")}}}
}

func BenchmarkAppendInputMessages(b *testing.B) {
	msgs := benchPrompt()
	buf := appendInputMessages(nil, msgs)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = appendInputMessages(buf[:0], msgs)
	}
}

func BenchmarkAppendOutputMessages(b *testing.B) {
	msgs := benchCompletion()
	buf := appendOutputMessages(nil, msgs)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = appendOutputMessages(buf[:0], msgs)
	}
}

// BenchmarkAppendContentLimit is what a model call with content capture
// costs: the prompt and the completion, each within a 16 KB budget.
func BenchmarkAppendContentLimit(b *testing.B) {
	in, out := benchPrompt(), benchCompletion()
	buf := make([]byte, 0, 4096)
	n := len(appendInputMessages(nil, in)) + len(appendOutputMessages(nil, out))
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = appendInputMessagesLimit(buf[:0], in, 16<<10)
		buf, _ = appendOutputMessagesLimit(buf, out, 16<<10)
	}
}

// bigConversation is about 100 KB of history with tool calls.
func bigConversation() []Message {
	msgs := []Message{{Role: RoleSystem, Parts: []Part{Text(strings.Repeat("You are a careful research assistant. ", 20))}}}
	for i := 0; ; i++ {
		id := fmt.Sprintf("call_%d", i)
		msgs = append(msgs,
			Message{Role: RoleUser, Parts: []Part{Text(fmt.Sprintf("Question %d: ", i) + strings.Repeat("please compare the two reports and summarise the differences. ", 8))}},
			Message{Role: RoleAssistant, Parts: []Part{ToolCall(id, "search", json.RawMessage(fmt.Sprintf(`{"query":"report %d","limit":5}`, i)))}},
			Message{Role: RoleTool, Parts: []Part{ToolCallResponse(id, json.RawMessage(`{"results":[`+strings.Repeat(`{"title":"Annual report","snippet":"`+strings.Repeat("revenue grew, costs fell; ", 12)+`"},`, 4)+`{}]}`))}},
			Message{Role: RoleAssistant, Parts: []Part{Text(strings.Repeat("The second report shows higher revenue and lower costs. ", 12))}},
		)
		if len(appendInputMessages(nil, msgs)) >= 100<<10 {
			return msgs
		}
	}
}

func BenchmarkTruncate100KTo16K(b *testing.B) {
	msgs := bigConversation()
	full := len(appendInputMessages(nil, msgs))
	buf := make([]byte, 0, 128<<10)
	b.SetBytes(int64(full))
	b.ReportAllocs()
	var out []byte
	for b.Loop() {
		out, _ = appendInputMessagesLimit(buf[:0], msgs, 16<<10)
	}
	b.ReportMetric(float64(len(out)), "out-bytes")
	b.ReportMetric(float64(full), "in-bytes")
}

// BenchmarkTruncateMany cuts conversations of many small messages, and one
// message of many parts, to the default budget: the cost must grow about
// linearly with their number, not with its square.
func BenchmarkTruncateMany(b *testing.B) {
	text := strings.Repeat("x", 100)
	for _, n := range []int{5_000, 20_000} {
		msgs := make([]Message, n)
		for i := range msgs {
			msgs[i] = Message{Role: RoleUser, Parts: []Part{Text(text)}}
		}
		parts := make([]Part, n)
		for i := range parts {
			parts[i] = Text(text)
		}
		one := []Message{{Role: RoleUser, Parts: parts}}
		for name, in := range map[string][]Message{"messages": msgs, "parts": one} {
			b.Run(fmt.Sprintf("%s-%d", name, n), func(b *testing.B) {
				buf := make([]byte, 0, 80<<10)
				b.ReportAllocs()
				for b.Loop() {
					out, _ := appendInputMessagesLimit(buf[:0], in, 64<<10)
					if len(out) > 64<<10 {
						b.Fatal("over budget")
					}
				}
			})
		}
	}
}
