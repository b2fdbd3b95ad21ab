package llm

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Schemas of the content attributes, written from the convention's (see
// testdata/*.schema.json).
const (
	inputSchema    = "input-messages"
	outputSchema   = "output-messages"
	systemSchema   = "system-instructions"
	toolsSchema    = "tool-definitions"
	documentSchema = "retrieval-documents"
)

var schemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	m := map[string]*jsonschema.Schema{}
	for _, name := range []string{inputSchema, outputSchema, systemSchema, toolsSchema, documentSchema} {
		s, err := c.Compile(filepath.Join("testdata", name+".schema.json"))
		if err != nil {
			return nil, err
		}
		m[name] = s
	}
	return m, nil
})

// checkSchema fails t unless doc is valid UTF-8 JSON that the named schema
// accepts.
func checkSchema(t testing.TB, name string, doc []byte) {
	t.Helper()
	if !json.Valid(doc) || !utf8.Valid(doc) {
		t.Fatalf("not valid UTF-8 JSON: %q", doc)
	}
	m, err := schemas()
	if err != nil {
		t.Fatalf("compiling schemas: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("reading %s: %v", doc, err)
	}
	if err := m[name].Validate(inst); err != nil {
		t.Fatalf("%s does not match %s: %v", doc, name, err)
	}
}

func TestPartJSON(t *testing.T) {
	tests := []struct {
		name string
		part Part
		want string
	}{
		{"text", Text("Hello, \"world\"\n"), `{"type":"text","content":"Hello, \"world\"\n"}`},
		{"empty text", Text(""), `{"type":"text","content":""}`},
		{"zero type is text", Part{Content: "hi"}, `{"type":"text","content":"hi"}`},
		{"reasoning", Reasoning("The user wants Celsius."), `{"type":"reasoning","content":"The user wants Celsius."}`},
		{"tool call", ToolCall("call_1", "get_weather", json.RawMessage(`{ "city": "Paris",
			"days": [1, 2] }`)), `{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris","days":[1,2]}}`},
		{"tool call without id or arguments", ToolCall("", "now", nil), `{"type":"tool_call","name":"now"}`},
		{"tool call with invalid arguments", ToolCall("c", "f", json.RawMessage(`city=Paris`)), `{"type":"tool_call","id":"c","name":"f","arguments":"city=Paris"}`},
		{"tool call response", ToolCallResponse("call_1", json.RawMessage(`{"temp": 21}`)), `{"type":"tool_call_response","id":"call_1","response":{"temp":21}}`},
		{"tool call response string", ToolCallResponse("call_2", json.RawMessage(`"sunny"`)), `{"type":"tool_call_response","id":"call_2","response":"sunny"}`},
		{"empty tool call response", ToolCallResponse("", nil), `{"type":"tool_call_response","response":null}`},
		{"tool call response not JSON", ToolCallResponse("x", json.RawMessage("line 1\nline 2")), `{"type":"tool_call_response","id":"x","response":"line 1\nline 2"}`},
		{"blob", Blob(ModalityImage, "image/png", []byte{0x89, 'P', 'N', 'G'}), `{"type":"blob","mime_type":"image/png","modality":"image","content":"iVBORw=="}`},
		{"blob without mime type", Blob(ModalityAudio, "", []byte{0, 1, 2}), `{"type":"blob","modality":"audio","content":"AAEC"}`},
		{"empty blob", Blob(ModalityVideo, "video/mp4", nil), `{"type":"blob","mime_type":"video/mp4","modality":"video","content":""}`},
		{"file", File(ModalityDocument, "application/pdf", "file-abc123"), `{"type":"file","mime_type":"application/pdf","modality":"document","file_id":"file-abc123"}`},
		{"uri", URI(ModalityImage, "", "https://example.com/cat.png?a=1&b=2"), `{"type":"uri","modality":"image","uri":"https://example.com/cat.png?a=1&b=2"}`},
		{"custom type", Part{Type: "compaction", ID: "cmp_1", Content: "summary"}, `{"type":"compaction","content":"summary","id":"cmp_1"}`},
		{"custom type with data", Part{Type: "audio_clip", Data: []byte{1, 2, 3}, MimeType: "audio/wav", Modality: ModalityAudio},
			`{"type":"audio_clip","content":"AQID","mime_type":"audio/wav","modality":"audio"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.part.MarshalJSON()
			if err != nil || string(got) != tt.want {
				t.Fatalf("MarshalJSON() =\n%s, %v\nwant\n%s", got, err, tt.want)
			}
			if got := appendParts([]byte("x"), []Part{tt.part}); string(got) != "x["+tt.want+"]" {
				t.Fatalf("appendParts = %s", got)
			}
			checkSchema(t, systemSchema, []byte("["+tt.want+"]"))
			checkSchema(t, inputSchema, []byte(`[{"role":"user","parts":[`+tt.want+`]}]`))
		})
	}
}

func TestStringEscaping(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"quotes and backslash", `a "quoted" \ path`, `"a \"quoted\" \\ path"`},
		{"control characters", "nul\x00 bell\x07 esc\x1b nl\n cr\r tab\t bs\b ff\f", `"nul\u0000 bell\u0007 esc\u001b nl\n cr\r tab\t bs\b ff\f"`},
		{"invalid UTF-8", "bad \xff\xfe end \xe2\x82", "\"bad \uFFFD\uFFFD end \uFFFD\uFFFD\""},
		{"line separators", "one\u2028two\u2029three", `"one\u2028two\u2029three"`},
		{"emoji and accents", "crème brûlée 🍮👩‍🍳", `"crème brûlée 🍮👩‍🍳"`},
		{"html", "<b>&</b>", `"<b>&</b>"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := Message{Role: Role(tt.in), Name: tt.in, Parts: []Part{Text(tt.in)}}
			got := string(appendInputMessages(nil, []Message{msg}))
			want := `[{"role":` + tt.want + `,"parts":[{"type":"text","content":` + tt.want + `}],"name":` + tt.want + `}]`
			if got != want {
				t.Fatalf("got\n%s\nwant\n%s", got, want)
			}
			checkSchema(t, inputSchema, []byte(got))
			var back []Message
			if err := json.Unmarshal([]byte(got), &back); err != nil {
				t.Fatal(err)
			}
			if utf8.ValidString(tt.in) && back[0].Parts[0].Content != tt.in {
				t.Fatalf("read back %q, want %q", back[0].Parts[0].Content, tt.in)
			}
		})
	}
}

func TestMessagesJSON(t *testing.T) {
	input := []Message{
		{Role: RoleSystem, Parts: []Part{Text("You are terse.")}},
		{Role: RoleUser, Name: "alice", Parts: []Part{Text("Weather in Paris?"), URI(ModalityImage, "image/jpeg", "gs://b/sky.jpg")}, FinishReason: "ignored on input"},
		{Role: RoleAssistant, Parts: []Part{ToolCall("call_1", "get_weather", json.RawMessage(`{"city":"Paris"}`))}},
		{Role: RoleTool, Parts: []Part{ToolCallResponse("call_1", json.RawMessage(`{"temp":21,"sky":"clear"}`))}},
		{Role: "developer", Parts: nil},
	}
	wantInput := `[` +
		`{"role":"system","parts":[{"type":"text","content":"You are terse."}]},` +
		`{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"},{"type":"uri","mime_type":"image/jpeg","modality":"image","uri":"gs://b/sky.jpg"}],"name":"alice"},` +
		`{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}]},` +
		`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":{"temp":21,"sky":"clear"}}]},` +
		`{"role":"developer","parts":[]}]`
	if got := string(appendInputMessages(nil, input)); got != wantInput {
		t.Errorf("input messages:\n%s\nwant\n%s", got, wantInput)
	}
	checkSchema(t, inputSchema, []byte(wantInput))

	output := []Message{
		{Role: RoleAssistant, Parts: []Part{Reasoning("Use the tool."), ToolCall("call_2", "get_weather", json.RawMessage(`{"city":"Lyon"}`))}, FinishReason: "tool_call"},
		{Role: RoleAssistant, Parts: []Part{Text("It is sunny.")}, Name: "bot"},
	}
	wantOutput := `[` +
		`{"role":"assistant","parts":[{"type":"reasoning","content":"Use the tool."},{"type":"tool_call","id":"call_2","name":"get_weather","arguments":{"city":"Lyon"}}],"finish_reason":"tool_call"},` +
		`{"role":"assistant","parts":[{"type":"text","content":"It is sunny."}],"name":"bot","finish_reason":""}]`
	if got := string(appendOutputMessages(nil, output)); got != wantOutput {
		t.Errorf("output messages:\n%s\nwant\n%s", got, wantOutput)
	}
	checkSchema(t, outputSchema, []byte(wantOutput))

	// MarshalJSON writes finish_reason only when it is set.
	if got, _ := output[1].MarshalJSON(); strings.Contains(string(got), "finish_reason") {
		t.Errorf("MarshalJSON wrote an empty finish_reason: %s", got)
	}
	if got, _ := output[0].MarshalJSON(); !strings.HasSuffix(string(got), `"finish_reason":"tool_call"}`) {
		t.Errorf("MarshalJSON lost finish_reason: %s", got)
	}

	if got := string(appendInputMessages(nil, nil)); got != "[]" {
		t.Errorf("no messages: %s", got)
	}
	if got := string(appendOutputMessages(nil, nil)); got != "[]" {
		t.Errorf("no messages: %s", got)
	}
}

func TestSystemInstructionsJSON(t *testing.T) {
	got := string(appendParts(nil, []Part{Text("Be brief."), Text("Use metric units.")}))
	want := `[{"type":"text","content":"Be brief."},{"type":"text","content":"Use metric units."}]`
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	checkSchema(t, systemSchema, []byte(got))
	if got := string(appendParts(nil, nil)); got != "[]" {
		t.Fatalf("no parts: %s", got)
	}
}

func TestToolDefinitionsJSON(t *testing.T) {
	defs := []ToolDefinition{
		{Type: "function", Name: "get_weather", Description: "Current weather for a city.",
			Parameters: json.RawMessage(`{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}`)},
		{Name: "now"},
		{Name: "noop", Parameters: json.RawMessage(`null`)},
		{Type: "web_search", Name: "search"},
	}
	got := string(appendToolDefinitions(nil, defs))
	want := `[` +
		`{"type":"function","name":"get_weather","description":"Current weather for a city.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},` +
		`{"type":"function","name":"now"},` +
		`{"type":"function","name":"noop","parameters":null},` +
		`{"type":"web_search","name":"search"}]`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	checkSchema(t, toolsSchema, []byte(got))

	bad := string(appendToolDefinitions(nil, []ToolDefinition{{Name: "f", Parameters: json.RawMessage(`{"type":`)}}))
	if want := `[{"type":"function","name":"f","parameters":"{\"type\":"}]`; bad != want {
		t.Fatalf("invalid parameters: %s, want %s", bad, want)
	}
}

func TestDocumentsJSON(t *testing.T) {
	docs := []Document{
		{ID: "doc-1", Score: 0.93, Content: "Paris is the capital of France."},
		{ID: "doc-2", Score: math.NaN()},
		{ID: "doc-3", Score: 1e-7},
		{ID: "doc-4", Score: 1e21},
		{ID: "doc-5", Score: math.Inf(-1)},
		{ID: "doc-6", Score: -0.5},
		{ID: "doc-7", Score: 12},
		{},
	}
	got := string(appendDocuments(nil, docs))
	want := `[` +
		`{"id":"doc-1","score":0.93,"content":"Paris is the capital of France."},` +
		`{"id":"doc-2","score":null},` +
		`{"id":"doc-3","score":1e-7},` +
		`{"id":"doc-4","score":1e+21},` +
		`{"id":"doc-5","score":null},` +
		`{"id":"doc-6","score":-0.5},` +
		`{"id":"doc-7","score":12},` +
		`{"id":"","score":0}]`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	checkSchema(t, documentSchema, []byte(got))
	// The same numbers as encoding/json.
	for _, d := range docs {
		if math.IsNaN(d.Score) || math.IsInf(d.Score, 0) {
			continue
		}
		ref, _ := json.Marshal(d.Score)
		if got := string(appendFloat(nil, d.Score)); got != string(ref) {
			t.Errorf("appendFloat(%v) = %s, encoding/json writes %s", d.Score, got, ref)
		}
	}
}

// conversation is a realistic exchange: a system message, ten turns with
// tool calls, and a latest turn that is itself calling a tool.
func conversation() []Message {
	msgs := []Message{{Role: RoleSystem, Parts: []Part{Text("You are a travel assistant. Answer briefly, use metric units, and call tools for live data. " +
		"Never invent prices; say when a tool failed.")}}}
	cities := []string{"Paris", "Lyon", "Nice", "Lille", "Nantes", "Rennes", "Dijon", "Tours", "Metz", "Brest"}
	for i, city := range cities {
		id := "call_" + city
		msgs = append(msgs,
			Message{Role: RoleUser, Parts: []Part{Text("Turn " + city + ": what is the weather like in " + city + " this week, and is it a good time to visit? " +
				strings.Repeat("I would like details about the museums, the food and the transport. ", 2+i%3))}},
			Message{Role: RoleAssistant, Parts: []Part{
				Reasoning("The user asks about " + city + "; fetch the forecast first."),
				ToolCall(id, "get_forecast", json.RawMessage(`{"city":"`+city+`","days":7,"units":"metric"}`)),
			}},
			Message{Role: RoleTool, Parts: []Part{ToolCallResponse(id, json.RawMessage(`{"city":"`+city+`","forecast":[{"day":1,"high":21,"low":12,"sky":"sunny"},{"day":2,"high":19,"low":11,"sky":"cloudy"},{"day":3,"high":17,"low":10,"sky":"rain"}]}`))}},
			Message{Role: RoleAssistant, Parts: []Part{Text("In " + city + " expect sun early in the week, then clouds and rain from Wednesday. " +
				strings.Repeat("Museums are open daily except Monday; trams run every 6 minutes. ", 3))}},
		)
	}
	msgs = append(msgs,
		Message{Role: RoleUser, Name: "alice", Parts: []Part{Text("And Bordeaux? Also book me a table for two tonight."), Blob(ModalityImage, "image/png", bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 30))}},
		Message{Role: RoleAssistant, Parts: []Part{ToolCall("call_bdx", "get_forecast", json.RawMessage(`{"city":"Bordeaux","days":1}`))}},
		Message{Role: RoleTool, Parts: []Part{ToolCallResponse("call_bdx", json.RawMessage(`{"city":"Bordeaux","forecast":[{"day":1,"high":24,"low":15,"sky":"sunny"}]}`))}},
	)
	return msgs
}

func TestConversationGolden(t *testing.T) {
	got := appendInputMessages(nil, conversation())
	checkSchema(t, inputSchema, got)
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, got, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", "conversation.golden.json")
	if *update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestConversationGolden -update)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Fatalf("conversation JSON differs from %s (run with -update after checking)", path)
	}
}

func TestRoundTrip(t *testing.T) {
	msgs := append(conversation(), Message{
		Role: RoleAssistant, Name: "bot", FinishReason: "stop",
		Parts: []Part{
			Text("all \"parts\"\n\u2028 😀"),
			Reasoning("thinking"),
			ToolCall("", "now", nil),
			ToolCallResponse("r", json.RawMessage(`[1,"two",{"three":3}]`)),
			Blob(ModalityAudio, "audio/wav", []byte{0, 255, 1, 254, 2}),
			Blob(ModalityImage, "", []byte{}),
			File(ModalityDocument, "application/pdf", "file-1"),
			URI(ModalityVideo, "video/mp4", "https://example.com/v.mp4"),
			{Type: "compaction", ID: "c1", Content: "summary"},
		},
	})
	for i, m := range msgs {
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back Message
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		// An empty blob reads back as no data.
		for j := range m.Parts {
			if m.Parts[j].Data != nil && len(m.Parts[j].Data) == 0 {
				m.Parts[j].Data = nil
			}
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("message %d round trip:\n%#v\nwant\n%#v", i, back, m)
		}
	}

	// A whole list: encoding/json with our MarshalJSON writes what the
	// appender writes, and reads it back.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(msgs[:len(msgs)-1]); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(buf.String()), string(appendInputMessages(nil, msgs[:len(msgs)-1])); got != want {
		t.Fatalf("json.Marshal differs from appendInputMessages:\n%s\n%s", got, want)
	}

	defs := []ToolDefinition{{Type: "function", Name: "f", Description: "d", Parameters: json.RawMessage(`{"type":"object"}`)}, {Type: "function", Name: "g", Parameters: json.RawMessage(`null`)}}
	data, _ := json.Marshal(defs)
	var defsBack []ToolDefinition
	if err := json.Unmarshal(data, &defsBack); err != nil || !reflect.DeepEqual(defsBack, defs) {
		t.Fatalf("tool definitions round trip: %v\n%#v", err, defsBack)
	}

	docs := []Document{{ID: "a", Score: 0.5, Content: "text"}, {ID: "b", Score: math.NaN()}}
	data, _ = json.Marshal(docs)
	var docsBack []Document
	if err := json.Unmarshal(data, &docsBack); err != nil || docsBack[0] != docs[0] || docsBack[1].ID != "b" || !math.IsNaN(docsBack[1].Score) {
		t.Fatalf("documents round trip: %v\n%#v", err, docsBack)
	}
}

func TestUnmarshalForeignJSON(t *testing.T) {
	var m Message
	err := json.Unmarshal([]byte(`{"role":"assistant","name":null,"finish_reason":null,"extra":1,"parts":[
		{"type":"text","content":"hi","extra":true},
		{"type":"tool_call","id":null,"name":"f","arguments":null},
		{"type":"blob","modality":"image","content":"…[truncated 1234 bytes]"},
		{"type":"server_tool_call","name":"web","server_tool_call":{"type":"web_search"}},
		{"type":"compaction","content":{"not":"a string"}}]}`), &m)
	if err != nil {
		t.Fatal(err)
	}
	want := Message{Role: RoleAssistant, Parts: []Part{
		Text("hi"),
		{Type: PartToolCall, Name: "f"},
		{Type: PartBlob, Modality: ModalityImage, Content: "…[truncated 1234 bytes]"},
		{Type: "server_tool_call", Name: "web"},
		{Type: "compaction"},
	}}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %#v\nwant %#v", m, want)
	}
	// A blob cut by truncation writes back the same JSON.
	if got, _ := m.Parts[2].MarshalJSON(); string(got) != `{"type":"blob","modality":"image","content":"…[truncated 1234 bytes]"}` {
		t.Fatalf("truncated blob written back as %s", got)
	}

	for _, bad := range []string{`{"type":"text","content":1}`, `{"type":"blob","modality":"image","content":[]}`, `[]`, `{"type":`} {
		var p Part
		if err := json.Unmarshal([]byte(bad), &p); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	for _, bad := range []string{`{"role":1}`, `{"parts":{}}`} {
		if err := json.Unmarshal([]byte(bad), &m); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	var d Document
	if err := json.Unmarshal([]byte(`{"id":1}`), &d); err == nil {
		t.Error("document with a numeric id: no error")
	}
	var td ToolDefinition
	if err := json.Unmarshal([]byte(`{"name":[]}`), &td); err == nil {
		t.Error("tool definition with an array name: no error")
	}
}

func TestEncodingAllocs(t *testing.T) {
	msgs := conversation()
	out := []Message{{Role: RoleAssistant, Parts: []Part{Text("Sunny, 24°C.")}, FinishReason: "stop"}}
	parts := []Part{Text("Be brief.")}
	defs := []ToolDefinition{{Name: "get_forecast", Parameters: json.RawMessage(`{"type":"object"}`)}}
	docs := []Document{{ID: "d", Score: 0.5, Content: "c"}}
	buf := make([]byte, 0, 64<<10)
	allocs := testing.AllocsPerRun(50, func() {
		buf = appendInputMessages(buf[:0], msgs)
		buf = appendOutputMessages(buf, out)
		buf = appendParts(buf, parts)
		buf = appendToolDefinitions(buf, defs)
		buf = appendDocuments(buf, docs)
		buf, _ = appendInputMessagesLimit(buf, msgs, 1<<20)
		buf, _ = appendOutputMessagesLimit(buf, out, 1<<20)
		buf, _ = appendPartsLimit(buf, parts, 1<<20)
		buf, _ = appendToolDefinitionsLimit(buf, defs, 1<<20)
		buf, _ = appendDocumentsLimit(buf, docs, 1<<20)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations, want 0", allocs)
	}
}
