package noveumopenai

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	noveumconfig "github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/llm"
)

type onlyReader struct{ io.Reader }

// A request without GetBody is read and put back: the server gets the same
// bytes, even past the bound the middleware reads.
func TestRequestBodyRestored(t *testing.T) {
	for _, body := range []string{`{"model":"gpt-4o","messages":[]}`, strings.Repeat("x", 1<<10)} {
		req, _ := http.NewRequest(http.MethodPost, "http://h/v1/chat/completions", io.NopCloser(onlyReader{strings.NewReader(body)}))
		req.GetBody = nil
		req.ContentLength = -1
		got := requestBody(req)
		if string(got) != body {
			t.Errorf("read %q", got)
		}
		sent, _ := io.ReadAll(req.Body)
		if string(sent) != body {
			t.Errorf("the request body became %q", sent)
		}
	}
	// Not JSON: not read at all.
	req, _ := http.NewRequest(http.MethodPost, "http://h/v1/audio/transcriptions", bytes.NewReader([]byte("--boundary")))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=boundary")
	if requestBody(req) != nil {
		t.Error("a multipart body was read")
	}
}

func TestOtherOperation(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/models":                     "models",
		"/v1/models/gpt-4o":              "models",
		"/v1/images/generations":         "images.generations",
		"/v1/files/file-abc123/content":  "files",
		"/openai/v1/fine_tuning/jobs":    "fine_tuning.jobs",
		"/v1/vector_stores/vs_1/files":   "vector_stores",
		"/":                              "http",
		"/v1beta/openai/models":          "models",
		"/v1/responses/resp_123/cancel":  "responses",
		"/v1/chat/completions/chatcmpl1": "chat.completions",
	} {
		if got := otherOperation(path); string(got) != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}

func TestScanInvalidJSON(t *testing.T) {
	// None of these may panic, loop or report a field past the damage.
	for _, s := range []string{``, `{`, `{"a"`, `{"a":`, `{"a":"\`, `{"a":[1,2`, `[`, `{"a":1,}`, `{"a" 1}`, `{"a":"x\\"}`, `{"a":{"b":"}"}}`} {
		eachField(s, func(k, v string) bool { return true })
		walkArray(s, 0, func(v int) int { return valueEnd(s, v) })
	}
	var got []string
	eachField(`{"a":"x\"y","b":{"c":[1,"]"]},"d":null}`, func(k, v string) bool { got = append(got, k+"="+v); return true })
	if strings.Join(got, " ") != `a="x\"y" b={"c":[1,"]"]} d=null` {
		t.Errorf("walk: %v", got)
	}
}

func FuzzChatChunk(f *testing.F) {
	f.Add(`{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"hi","tool_calls":[{"index":0,"id":"x","function":{"name":"f","arguments":"{"}}]},"finish_reason":null}],"usage":null}`)
	f.Add(`{"choices":[],"usage":{"prompt_tokens":1}}`)
	f.Add(`{"type":"response.completed","response":{"status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"x"}]}]}}`)
	tr := llm.NewTracer(llm.WithCaptureContent(noveumconfig.CaptureSpanOnly))
	f.Fuzz(func(t *testing.T, data string) {
		for _, capture := range []bool{false, true} {
			_, call := tr.StartChat(t.Context(), llm.Request{})
			(&chatStream{call: call, capture: capture}).event("", data)
			(&responsesStream{call: call, capture: capture}).event("", data)
			var r llm.Response
			parseResponse(endpointChat, []byte(data), capture, &r)
			parseResponse(endpointResponses, []byte(data), capture, &r)
			parseResponse(endpointEmbeddings, []byte(data), capture, &r)
			call.End(nil)
		}
	})
}
