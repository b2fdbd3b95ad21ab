package noveumopenai_test

// Wire fixtures written from OpenAI's API reference: a chat.completion
// object, chat.completion.chunk events, response.* events, an embeddings
// list and error bodies.

const chatCompletion = `{
  "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
  "object": "chat.completion",
  "created": 1741569952,
  "model": "gpt-4o-2024-08-06",
  "choices": [
    {
      "index": 0,
      "message": {"role": "assistant", "content": "Hello! How can I assist you today?", "refusal": null, "annotations": []},
      "logprobs": null,
      "finish_reason": "stop"
    }
  ],
  "usage": {
    "prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
    "prompt_tokens_details": {"cached_tokens": 3, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 2, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
  },
  "service_tier": "default",
  "system_fingerprint": "fp_fc9f1d7035"
}`

const chatTwoChoices = `{
  "id": "chatcmpl-n2",
  "object": "chat.completion",
  "created": 1741569952,
  "model": "gpt-4o-mini-2024-07-18",
  "choices": [
    {"index": 0, "message": {"role": "assistant", "content": "Red", "refusal": null}, "logprobs": null, "finish_reason": "stop"},
    {"index": 1, "message": {"role": "assistant", "content": null, "refusal": null,
      "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
      "logprobs": null, "finish_reason": "tool_calls"}
  ],
  "usage": {"prompt_tokens": 8, "completion_tokens": 12, "total_tokens": 20}
}`

func chunk(choices, usage string) string {
	return `{"id":"chatcmpl-s1","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[` + choices + `],"usage":` + usage + `}`
}

// A stream with stream_options.include_usage: role, two text deltas, the
// finish reason, the usage chunk (empty choices), [DONE].
var chatStreamEvents = data(
	chunk(`{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}`, "null"),
	chunk(`{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}`, "null"),
	chunk(`{"index":0,"delta":{"content":" there"},"logprobs":null,"finish_reason":null}`, "null"),
	chunk(`{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}`, "null"),
	chunk(``, `{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}`),
	"[DONE]",
)

// A streamed tool call: id and name first, the arguments in pieces.
var chatToolStreamEvents = data(
	chunk(`{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}`, "null"),
	chunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"loc"}}]},"logprobs":null,"finish_reason":null}`, "null"),
	chunk(`{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ation\":\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}`, "null"),
	chunk(`{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}`, "null"),
	chunk(``, `{"prompt_tokens":80,"completion_tokens":17,"total_tokens":97}`),
	"[DONE]",
)

// n = 2, interleaved.
var chatTwoChoiceStreamEvents = data(
	chunk(`{"index":0,"delta":{"role":"assistant","content":"A"},"finish_reason":null}`, "null"),
	chunk(`{"index":1,"delta":{"role":"assistant","content":"B"},"finish_reason":null}`, "null"),
	chunk(`{"index":1,"delta":{},"finish_reason":"length"}`, "null"),
	chunk(`{"index":0,"delta":{},"finish_reason":"stop"}`, "null"),
	"[DONE]",
)

const responseObject = `{
  "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
  "object": "response",
  "created_at": 1741476542,
  "status": "completed",
  "error": null,
  "incomplete_details": null,
  "instructions": "Be brief.",
  "max_output_tokens": null,
  "model": "gpt-4.1-2025-04-14",
  "output": [
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Thinking about unicorns."}]},
    {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
     "content": [{"type": "output_text", "text": "In a peaceful grove beneath a silver moon...", "annotations": []}]}
  ],
  "parallel_tool_calls": true,
  "temperature": 1.0,
  "tool_choice": "auto",
  "tools": [],
  "top_p": 1.0,
  "truncation": "disabled",
  "usage": {
    "input_tokens": 36, "input_tokens_details": {"cached_tokens": 10},
    "output_tokens": 87, "output_tokens_details": {"reasoning_tokens": 20},
    "total_tokens": 123
  },
  "metadata": {}
}`

func respEnvelope(status, output, usage string) string {
	return `{"id":"resp_s1","object":"response","created_at":1741290958,"status":"` + status + `","error":null,"incomplete_details":null,"model":"gpt-4.1-2025-04-14","output":[` + output + `],"usage":` + usage + `}`
}

var responsesStreamEvents = named(
	`{"type":"response.created","sequence_number":0,"response":`+respEnvelope("in_progress", "", "null")+`}`,
	`{"type":"response.in_progress","sequence_number":1,"response":`+respEnvelope("in_progress", "", "null")+`}`,
	`{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}`,
	`{"type":"response.content_part.added","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}`,
	`{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}`,
	`{"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" there","logprobs":[]}`,
	`{"type":"response.output_text.done","sequence_number":6,"item_id":"msg_1","output_index":0,"content_index":0,"text":"Hi there","logprobs":[]}`,
	`{"type":"response.content_part.done","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"Hi there","annotations":[]}}`,
	`{"type":"response.output_item.done","sequence_number":8,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there","annotations":[]}]}}`,
	`{"type":"response.completed","sequence_number":9,"response":`+respEnvelope("completed",
		`{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there","annotations":[]}]}`,
		`{"input_tokens":10,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":13}`)+`}`,
)

var responsesToolStreamEvents = named(
	`{"type":"response.created","sequence_number":0,"response":`+respEnvelope("in_progress", "", "null")+`}`,
	`{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"function_call","id":"fc_1","call_id":"call_9","name":"get_weather","arguments":"","status":"in_progress"}}`,
	`{"type":"response.function_call_arguments.delta","sequence_number":2,"item_id":"fc_1","output_index":0,"delta":"{\"city\":"}`,
	`{"type":"response.function_call_arguments.delta","sequence_number":3,"item_id":"fc_1","output_index":0,"delta":"\"Oslo\"}"}`,
	`{"type":"response.function_call_arguments.done","sequence_number":4,"item_id":"fc_1","output_index":0,"arguments":"{\"city\":\"Oslo\"}"}`,
	`{"type":"response.completed","sequence_number":5,"response":`+respEnvelope("completed",
		`{"type":"function_call","id":"fc_1","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Oslo\"}","status":"completed"}`,
		`{"input_tokens":50,"output_tokens":9,"total_tokens":59}`)+`}`,
)

const embeddingList = `{
  "object": "list",
  "data": [
    {"object": "embedding", "embedding": [0.0023064255, -0.009327292, 0.015797347, -0.0077780345], "index": 0},
    {"object": "embedding", "embedding": [0.1, 0.2, 0.3, 0.4], "index": 1}
  ],
  "model": "text-embedding-3-small",
  "usage": {"prompt_tokens": 8, "total_tokens": 8}
}`

const rateLimitBody = `{"error":{"message":"Rate limit reached for gpt-4o in organization org-123 on tokens per min. Incorrect API key provided: sk-abc***xyz.","type":"requests","param":null,"code":"rate_limit_exceeded"}}`

const badRequestBody = `{"error":{"message":"Invalid value for 'temperature'.","type":"invalid_request_error","param":"temperature","code":"invalid_value"}}`
