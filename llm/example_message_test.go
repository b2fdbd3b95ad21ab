package llm_test

import (
	"encoding/json"
	"fmt"

	"github.com/Noveum/noveum-trace-go/llm"
)

// A tool-calling exchange as the GenAI convention records it: the model asks
// for a tool, the tool answers, and the model replies. MarshalJSON writes
// each message exactly as it appears in gen_ai.input.messages and
// gen_ai.output.messages.
func ExampleMessage_MarshalJSON() {
	exchange := []llm.Message{
		{Role: llm.RoleSystem, Parts: []llm.Part{llm.Text("You are a weather bot.")}},
		{Role: llm.RoleUser, Parts: []llm.Part{llm.Text("Weather in Paris?")}},
		{Role: llm.RoleAssistant, Parts: []llm.Part{
			llm.ToolCall("call_1", "get_weather", json.RawMessage(`{"city": "Paris"}`)),
		}, FinishReason: "tool_call"},
		{Role: llm.RoleTool, Parts: []llm.Part{
			llm.ToolCallResponse("call_1", json.RawMessage(`{"temp_c": 21, "sky": "clear"}`)),
		}},
		{Role: llm.RoleAssistant, Parts: []llm.Part{llm.Text("Clear skies, 21 °C.")}, FinishReason: "stop"},
	}
	for _, m := range exchange {
		b, err := m.MarshalJSON()
		if err != nil {
			panic(err)
		}
		fmt.Println(string(b))
	}

	var back llm.Message
	if err := json.Unmarshal([]byte(`{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":{"temp_c":21}}]}`), &back); err != nil {
		panic(err)
	}
	fmt.Println(back.Role, back.Parts[0].Type, back.Parts[0].ID, string(back.Parts[0].Response))
	// Output:
	// {"role":"system","parts":[{"type":"text","content":"You are a weather bot."}]}
	// {"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}
	// {"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}],"finish_reason":"tool_call"}
	// {"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":{"temp_c":21,"sky":"clear"}}]}
	// {"role":"assistant","parts":[{"type":"text","content":"Clear skies, 21 °C."}],"finish_reason":"stop"}
	// tool tool_call_response call_1 {"temp_c":21}
}

// A blob is recorded in base64, and read back into Data.
func ExamplePart_MarshalJSON() {
	p := llm.Blob(llm.ModalityImage, "image/png", []byte("\x89PNG"))
	b, _ := p.MarshalJSON()
	fmt.Println(string(b))

	var back llm.Part
	_ = json.Unmarshal(b, &back)
	fmt.Printf("%q\n", back.Data)
	// Output:
	// {"type":"blob","mime_type":"image/png","modality":"image","content":"iVBORw=="}
	// "\x89PNG"
}
