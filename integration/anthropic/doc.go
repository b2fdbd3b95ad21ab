// Package noveumanthropic traces the calls of the Anthropic Go client
// (github.com/anthropics/anthropic-sdk-go/v2) as OpenTelemetry GenAI spans,
// recorded through the noveum-trace-go llm package: its conventions, price
// book, metrics, content capture mode and Init defaults all apply.
//
// It is enabled in one line, as a client middleware:
//
//	client := anthropic.NewClient(
//		option.WithMiddleware(noveumanthropic.Middleware()),
//		option.WithoutOpenTelemetry(), // the client's own spans would count each call twice
//	)
//
// The client runs its middleware once per HTTP attempt, inside its retry
// loop, so each attempt gets its own span, a child of the span in the
// request's context. What each endpoint records:
//
//   - POST /v1/messages (Messages API, plain and streamed; beta too): a
//     chat span ("chat {model}") with the request parameters, response id
//     and model, finish reason, token usage (prompt-cache reads and writes
//     and thinking tokens included) and cost; when content capture is on,
//     the system prompt, input messages, tool definitions and the output
//     message (text, tool calls, thinking as reasoning parts).
//   - every other endpoint (count_tokens, models, batches, files, ...): a
//     span named by the resource ("count_tokens {model}", "models",
//     "batches") with the HTTP outcome and no usage or cost.
//
// Streams are observed as the application reads them, never buffered: the
// response body is wrapped in a reader that parses the server-sent events
// as they pass. The span ends at message_stop, at an error event, when the
// body ends or fails, or when the application closes it early (recorded as
// abandoned, finish reason "cancelled").
//
// Failed attempts are marked failed (error.type is Anthropic's error type,
// such as rate_limit_error or overloaded_error, else the HTTP status) and
// carry no usage or cost; a retried attempt carries
// http.request.resend_count. The response reaches the client byte for byte
// as the server sent it, and nothing the middleware cannot parse breaks the
// call: the span records what could be read.
package noveumanthropic
