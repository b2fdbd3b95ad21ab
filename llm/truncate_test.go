package llm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/Noveum/noveum-trace-go/internal/jsontext"
)

// decodeMessages reads truncated output back.
func decodeMessages(t testing.TB, doc []byte) []Message {
	t.Helper()
	var msgs []Message
	if err := json.Unmarshal(doc, &msgs); err != nil {
		t.Fatalf("reading %s: %v", doc, err)
	}
	return msgs
}

func TestTruncateInputEveryLimit(t *testing.T) {
	msgs := conversation()
	full := appendInputMessages(nil, msgs)
	for limit := -1; limit <= len(full)+1; limit++ {
		got, orig := appendInputMessagesLimit([]byte("prefix"), msgs, limit)
		if !bytes.HasPrefix(got, []byte("prefix")) {
			t.Fatalf("limit %d: dst overwritten", limit)
		}
		got = got[len("prefix"):]
		if orig != len(full) {
			t.Fatalf("limit %d: original = %d, want %d", limit, orig, len(full))
		}
		if limit <= 0 || limit >= len(full) {
			if !bytes.Equal(got, full) {
				t.Fatalf("limit %d: truncated although it fits", limit)
			}
			continue
		}
		if len(got) > max(limit, 2) {
			t.Fatalf("limit %d: %d bytes", limit, len(got))
		}
		if limit%13 == 0 || limit < 600 {
			checkSchema(t, inputSchema, got) // every limit would be slow
		} else if !json.Valid(got) {
			t.Fatalf("limit %d: invalid JSON %s", limit, got)
		}
	}
}

func TestTruncateInputDropsOldestHistoryFirst(t *testing.T) {
	msgs := conversation()
	system, history, turn := msgs[:1], msgs[1:len(msgs)-3], msgs[len(msgs)-3:]
	// For each budget that exactly fits the protected messages plus the
	// newest k history messages, exactly those survive, untouched.
	for k := len(history); k >= 0; k-- {
		want := slices.Concat(system, history[len(history)-k:], turn)
		wantJSON := appendInputMessages(nil, want)
		for _, slack := range []int{0, 1} {
			got, orig := appendInputMessagesLimit(nil, msgs, len(wantJSON)+slack)
			if !bytes.Equal(got, wantJSON) {
				t.Fatalf("k=%d slack=%d: got\n%s\nwant\n%s", k, slack, got, wantJSON)
			}
			if k < len(history) && orig <= len(got) {
				t.Fatalf("k=%d: original %d not above %d", k, orig, len(got))
			}
		}
	}
}

func TestTruncateInputShortensSurvivors(t *testing.T) {
	msgs := conversation()
	protected := append([]Message{msgs[0]}, msgs[len(msgs)-3:]...)
	size := len(appendInputMessages(nil, protected))
	got, _ := appendInputMessagesLimit(nil, msgs, size-150)
	if len(got) > size-150 {
		t.Fatalf("%d bytes, limit %d", len(got), size-150)
	}
	checkSchema(t, inputSchema, got)
	back := decodeMessages(t, got)
	if len(back) != len(protected) {
		t.Fatalf("%d messages survive, want the %d protected ones: %s", len(back), len(protected), got)
	}
	for i := range back {
		if back[i].Role != protected[i].Role || len(back[i].Parts) != len(protected[i].Parts) {
			t.Fatalf("message %d changed shape: %s", i, got)
		}
	}
	// The longest values were cut, each with the marker: the system text
	// and the image (base64 cannot be cut, so it is replaced); the tool
	// call and its small result are intact.
	if s := back[0].Parts[0].Content; !hasNote(s) || !strings.HasPrefix(protected[0].Parts[0].Content, trimNote(s)) {
		t.Fatalf("system text not cut with a marker: %q", s)
	}
	if p := back[1].Parts[1]; p.Type != PartBlob || p.Modality != ModalityImage || p.MimeType != "image/png" || p.Content != string(jsontext.AppendMarker(nil, len(protected[1].Parts[1].Data))) || p.Data != nil {
		t.Fatalf("blob not replaced by the marker: %+v", p)
	}
	if back[1].Name != "alice" {
		t.Fatalf("name lost: %s", got)
	}
	if !bytes.Equal(back[2].Parts[0].Arguments, protected[2].Parts[0].Arguments) || !bytes.Equal(back[3].Parts[0].Response, protected[3].Parts[0].Response) {
		t.Fatalf("small tool values cut: %s", got)
	}
}

func TestTruncateInputLastResort(t *testing.T) {
	msgs := []Message{
		{Role: RoleSystem, Parts: []Part{Text(strings.Repeat("s", 200))}},
		{Role: RoleUser, Parts: []Part{Text(strings.Repeat("old ", 50))}},
		{Role: RoleAssistant, Parts: []Part{Text(strings.Repeat("a", 200))}},
		{Role: RoleUser, Parts: []Part{Text(strings.Repeat("u", 200)), Text(strings.Repeat("v", 200)), File(ModalityDocument, "", "file-1")}},
	}
	tests := []struct {
		limit int
		want  string
	}{
		// History goes first; the system and latest user messages are cut
		// to a common length.
		{400, `[{"role":"system","parts":[{"type":"text","content":"sssssssssssssssssssssssssssssssssssssssssss…[truncated 157 bytes]"}]},{"role":"user","parts":[{"type":"text","content":"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu…[truncated 157 bytes]"},{"type":"text","content":"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv…[truncated 157 bytes]"},{"type":"file","modality":"document","file_id":"file-1"}]}]`},
		// Then the system message goes, and the user message is cut again,
		// to more than before.
		{270, `[{"role":"user","parts":[{"type":"text","content":"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu…[truncated 160 bytes]"},{"type":"text","content":"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv…[truncated 160 bytes]"},{"type":"file","modality":"document","file_id":"file-1"}]}]`},
		// Then its parts go, last first.
		{189, `[{"role":"user","parts":[{"type":"text","content":"uuuuuuuuuuuuuuuuuuuuuuuuuuuu…[truncated 172 bytes]"},{"type":"text","content":"vvvvvvvvvvvvvvvvvvvvvvvvvvvv…[truncated 172 bytes]"}]}]`},
		{132, `[{"role":"user","parts":[{"type":"text","content":"uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu…[truncated 148 bytes]"}]}]`},
		{83, `[{"role":"user","parts":[{"type":"text","content":"uuu…[truncated 197 bytes]"}]}]`},
		{79, `[{"role":"user","parts":[]}]`},
		// Finally the empty list, the minimum.
		{27, `[]`},
		{2, `[]`},
		{1, `[]`},
	}
	for _, tt := range tests {
		got, orig := appendInputMessagesLimit(nil, msgs, tt.limit)
		if string(got) != tt.want {
			t.Errorf("limit %d:\n%s\nwant\n%s", tt.limit, got, tt.want)
		}
		if orig != len(appendInputMessages(nil, msgs)) {
			t.Errorf("limit %d: original %d", tt.limit, orig)
		}
	}
}

func TestTruncateInputWithoutUserMessage(t *testing.T) {
	msgs := []Message{
		{Role: RoleSystem, Parts: []Part{Text("sys")}},
		{Role: RoleAssistant, Parts: []Part{Text("first")}},
		{Role: RoleAssistant, Parts: []Part{Text("second")}},
		{Role: RoleAssistant, Parts: []Part{Text("third")}},
	}
	want := appendInputMessages(nil, []Message{msgs[0], msgs[3]})
	got, _ := appendInputMessagesLimit(nil, msgs, len(want))
	if !bytes.Equal(got, want) {
		t.Fatalf("got %s, want %s (system and last message)", got, want)
	}
}

func TestTruncateOutputKeepsFirstChoice(t *testing.T) {
	choices := []Message{
		{Role: RoleAssistant, Parts: []Part{Text(strings.Repeat("first choice. ", 20))}, FinishReason: "stop"},
		{Role: RoleAssistant, Parts: []Part{Text(strings.Repeat("second choice. ", 20))}, FinishReason: "length"},
		{Role: RoleAssistant, Parts: []Part{Text("third")}, FinishReason: "stop"},
	}
	full := appendOutputMessages(nil, choices)
	first := appendOutputMessages(nil, choices[:1])
	two := appendOutputMessages(nil, choices[:2])
	got, orig := appendOutputMessagesLimit(nil, choices, len(two))
	if !bytes.Equal(got, two) || orig != len(full) {
		t.Fatalf("got %s, want the first two choices", got)
	}
	got, _ = appendOutputMessagesLimit(nil, choices, len(first))
	if !bytes.Equal(got, first) {
		t.Fatalf("got %s, want the first choice", got)
	}
	got, _ = appendOutputMessagesLimit(nil, choices, 130)
	checkSchema(t, outputSchema, got)
	back := decodeMessages(t, got)
	if len(back) != 1 || back[0].FinishReason != "stop" || !strings.HasPrefix(back[0].Parts[0].Content, "first choice") || !hasNote(back[0].Parts[0].Content) {
		t.Fatalf("got %s, want the first choice cut", got)
	}
	if len(got) > 130 {
		t.Fatalf("%d bytes", len(got))
	}
	for limit := 1; limit <= len(full); limit++ {
		got, _ := appendOutputMessagesLimit(nil, choices, limit)
		if len(got) > max(limit, 2) {
			t.Fatalf("limit %d: %d bytes", limit, len(got))
		}
		checkSchema(t, outputSchema, got)
	}
}

func TestTruncateListsShortenFirst(t *testing.T) {
	var docs []Document
	for i := range 5 {
		docs = append(docs, Document{ID: fmt.Sprintf("doc-%d", i), Score: 0.9 - float64(i)/10, Content: strings.Repeat(fmt.Sprintf("document %d text. ", i), 60)})
	}
	got, orig := appendDocumentsLimit(nil, docs, 1000)
	if orig != len(appendDocuments(nil, docs)) || len(got) > 1000 {
		t.Fatalf("original %d, %d bytes", orig, len(got))
	}
	checkSchema(t, documentSchema, got)
	var back []Document
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if len(back) != 5 {
		t.Fatalf("%d documents kept, want all 5 with shorter content: %s", len(back), got)
	}
	for i, d := range back {
		if d.ID != docs[i].ID || d.Score != docs[i].Score || !hasNote(d.Content) {
			t.Fatalf("document %d: %+v", i, d)
		}
	}
	// Without room for every document, the last ones go.
	got, _ = appendDocumentsLimit(nil, docs, 150)
	_ = json.Unmarshal(got, &back)
	if len(back) == 0 || len(back) == 5 || back[0].ID != "doc-0" {
		t.Fatalf("got %s", got)
	}

	defs := []ToolDefinition{
		{Name: "get_forecast", Description: strings.Repeat("Gets the forecast. ", 20), Parameters: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string","description":"` + strings.Repeat("The city name. ", 20) + `"},"days":{"type":"integer"}},"required":["city"]}`)},
		{Name: "book_table", Description: "Books a table.", Parameters: json.RawMessage(`{"type":"object","properties":{"guests":{"type":"integer"}}}`)},
	}
	got, _ = appendToolDefinitionsLimit(nil, defs, 600)
	if len(got) > 600 {
		t.Fatalf("%d bytes", len(got))
	}
	checkSchema(t, toolsSchema, got)
	var defsBack []ToolDefinition
	_ = json.Unmarshal(got, &defsBack)
	if len(defsBack) != 2 || defsBack[1].Description != "Books a table." || !hasNote(defsBack[0].Description) {
		t.Fatalf("got %s", got)
	}
	if !strings.Contains(string(defsBack[0].Parameters), `"required":["city"]`) {
		t.Fatalf("parameters not shortened as JSON: %s", defsBack[0].Parameters)
	}

	parts := []Part{Text(strings.Repeat("Be brief. ", 30)), Text("Use metric units.")}
	got, _ = appendPartsLimit(nil, parts, 120)
	want := `[{"type":"text","content":"Be brief. Be brief. …[truncated 280 bytes]"},{"type":"text","content":"Use metric units."}]`
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	got, _ = appendPartsLimit(nil, parts, 60)
	if want := `[{"type":"text","content":"Be bri…[truncated 294 bytes]"}]`; string(got) != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestTruncateToolValuesStayJSON(t *testing.T) {
	big := `{"results":[` + strings.Repeat(`{"title":"A long search result title","snippet":"`+strings.Repeat("lorem ipsum ", 20)+`"},`, 10) + `{}]}`
	msgs := []Message{
		{Role: RoleUser, Parts: []Part{Text("search")}},
		{Role: RoleAssistant, Parts: []Part{ToolCall("c", "search", json.RawMessage(`{"q":"`+strings.Repeat("query ", 100)+`"}`))}},
		{Role: RoleTool, Parts: []Part{ToolCallResponse("c", json.RawMessage(big))}},
	}
	got, _ := appendInputMessagesLimit(nil, msgs, 1000)
	if len(got) > 1000 {
		t.Fatalf("%d bytes", len(got))
	}
	checkSchema(t, inputSchema, got)
	back := decodeMessages(t, got)
	var args map[string]any
	if err := json.Unmarshal(back[1].Parts[0].Arguments, &args); err != nil || !hasNote(args["q"].(string)) {
		t.Fatalf("arguments: %s (%v)", back[1].Parts[0].Arguments, err)
	}
	var resp map[string]any
	if err := json.Unmarshal(back[2].Parts[0].Response, &resp); err != nil || len(resp["results"].([]any)) == 0 {
		t.Fatalf("response: %s (%v)", back[2].Parts[0].Response, err)
	}
}

func TestTruncateNoLimit(t *testing.T) {
	msgs := conversation()
	for _, limit := range []int{0, -5} {
		got, orig := appendInputMessagesLimit(nil, msgs, limit)
		if want := appendInputMessages(nil, msgs); !bytes.Equal(got, want) || orig != len(want) {
			t.Fatalf("limit %d truncated", limit)
		}
	}
	got, orig := appendPartsLimit(nil, nil, 1)
	if string(got) != "[]" || orig != 2 {
		t.Fatalf("empty list: %s, %d", got, orig)
	}
}

// The cap given to each value and the sizes truncation plans with agree:
// a value is cut exactly when its size exceeds the cap, to at most the cap.
func TestShrinkSizesMatchEncoding(t *testing.T) {
	parts := []Part{
		Text("plain"), Reasoning("why\n"), ToolCall("i", "n", json.RawMessage(` [1, 2] `)), ToolCall("i", "n", json.RawMessage(`bad`)),
		ToolCallResponse("i", json.RawMessage(`{"a":"b"}`)), ToolCallResponse("", nil), Blob(ModalityImage, "x", []byte("data")),
		{Type: PartBlob, Content: TruncationMarker}, File(ModalityImage, "", "f"), URI(ModalityImage, "", "u"),
		{Type: "custom", Content: "c", Arguments: json.RawMessage(`{}`), Response: json.RawMessage(`1`)},
		{Type: "custom", Data: []byte{1}},
	}
	for _, p := range parts {
		full := len(appendPart(nil, &p, 0))
		sizes := partShrink(nil, &p)
		fixed := full
		for _, s := range sizes {
			fixed -= s
		}
		for capB := jsontext.MinCutLen; capB < 40; capB++ {
			want := fixed
			for _, s := range sizes {
				want += min(s, capB)
			}
			if got := len(appendPart(nil, &p, capB)); got > want {
				t.Fatalf("%+v cap %d: %d bytes, planned at most %d", p, capB, got, want)
			}
		}
	}
}

// OpenAI's developer messages are instructions like system messages: they
// outlive older history.
func TestTruncateInputKeepsDeveloperMessages(t *testing.T) {
	msgs := []Message{
		{Role: "developer", Parts: []Part{Text("Answer in French.")}},
		{Role: RoleUser, Parts: []Part{Text(strings.Repeat("old question ", 40))}},
		{Role: RoleAssistant, Parts: []Part{Text(strings.Repeat("old answer ", 40))}},
		{Role: RoleUser, Parts: []Part{Text("Bonjour?")}},
	}
	want := appendInputMessages(nil, []Message{msgs[0], msgs[3]})
	got, orig := appendInputMessagesLimit(nil, msgs, len(want))
	if !bytes.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if orig != len(appendInputMessages(nil, msgs)) {
		t.Fatalf("original %d", orig)
	}
}

// cutNote is the truncation note that ends a cut string.
var cutNote = regexp.MustCompile(`…\[truncated \d+ bytes\]$`)

func hasNote(s string) bool    { return cutNote.MatchString(s) }
func trimNote(s string) string { return cutNote.ReplaceAllString(s, "") }
