package llm

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzConversation builds a conversation of every part type from fuzzed
// strings.
func fuzzConversation(sys, user, role, answer string, args []byte, turns uint8) []Message {
	msgs := []Message{{Role: RoleSystem, Parts: []Part{Text(sys)}}}
	for range turns % 5 {
		msgs = append(msgs,
			Message{Role: RoleUser, Parts: []Part{Text(user)}},
			Message{Role: RoleAssistant, Parts: []Part{Reasoning(answer), ToolCall(role, "tool", args)}},
			Message{Role: Role(role), Name: role, Parts: []Part{ToolCallResponse("id", args), Blob(Modality(role), role, []byte(user))}},
			Message{Role: RoleAssistant, Parts: []Part{Text(answer), File(ModalityDocument, "", role)}},
		)
	}
	return append(msgs, Message{Role: RoleUser, Parts: []Part{Text(user), URI(ModalityImage, role, answer), {Type: PartType(role), Content: answer}}})
}

// checkLimited checks one truncation: valid UTF-8 JSON of the schema,
// within the limit, the untruncated length reported, and untouched when it
// fits.
func checkLimited(t *testing.T, schema string, got, full []byte, orig, limit int) {
	t.Helper()
	if orig != len(full) {
		t.Fatalf("%s: original %d, want %d", schema, orig, len(full))
	}
	if limit <= 0 || len(full) <= limit {
		if !bytes.Equal(got, full) {
			t.Fatalf("%s: limit %d, changed although it fits:\n%s\n%s", schema, limit, got, full)
		}
	} else if len(got) > max(limit, minLimit) {
		t.Fatalf("%s: limit %d, %d bytes: %s", schema, limit, len(got), got)
	}
	if !json.Valid(got) || !utf8.Valid(got) {
		t.Fatalf("%s: limit %d, not valid UTF-8 JSON: %q", schema, limit, got)
	}
	checkSchema(t, schema, got)
}

func FuzzTruncateMessages(f *testing.F) {
	if _, err := schemas(); err != nil {
		f.Fatal(err)
	}
	f.Add("You are helpful.", "What's the weather in Paris?", "tool", "It is sunny, 21°C.", []byte(`{"city":"Paris"}`), uint8(3), 300)
	f.Add(strings.Repeat("system ", 40), "é€😀\u2028\"\\\n\x00", "assistant", "\xff\xfe broken", []byte(`not json`), uint8(4), 120)
	f.Add("", "", "", "", []byte(nil), uint8(0), 1)
	f.Add("s", strings.Repeat("u", 500), "custom_role", strings.Repeat("a", 300), []byte(`[1,{"a":"`+strings.Repeat("b", 100)+`"}]`), uint8(2), 64)
	f.Add("sys", "user", "developer", "ans", []byte(`{"deep":[[[[["x"]]]]]}`), uint8(1), 0)
	f.Add("sys", "user", "text", "ans", []byte(`"str"`), uint8(2), -3)
	f.Fuzz(func(t *testing.T, sys, user, role, answer string, args []byte, turns uint8, limit int) {
		msgs := fuzzConversation(sys, user, role, answer, args, turns)
		full := appendInputMessages(nil, msgs)
		if limit > 0 {
			limit %= len(full) + 16
		}
		got, orig := appendInputMessagesLimit(nil, msgs, limit)
		checkLimited(t, inputSchema, got, full, orig, limit)
		var back []Message
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("reading back %s: %v", got, err)
		}

		choices := msgs[1:]
		for i := range choices {
			choices[i].FinishReason = role
		}
		full = appendOutputMessages(nil, choices)
		got, orig = appendOutputMessagesLimit(nil, choices, limit)
		checkLimited(t, outputSchema, got, full, orig, limit)

		var parts []Part
		for _, m := range msgs {
			parts = append(parts, m.Parts...)
		}
		full = appendParts(nil, parts)
		got, orig = appendPartsLimit(nil, parts, limit)
		checkLimited(t, systemSchema, got, full, orig, limit)

		docs := []Document{{ID: role, Score: float64(limit) / 7, Content: user}, {ID: sys, Content: answer}}
		full = appendDocuments(nil, docs)
		got, orig = appendDocumentsLimit(nil, docs, limit)
		checkLimited(t, documentSchema, got, full, orig, limit)
	})
}
