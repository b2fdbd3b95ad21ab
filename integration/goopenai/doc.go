// Package goopenai traces the calls of a github.com/sashabaranov/go-openai
// client through the llm package, enabled in one line through the client's
// configurable HTTP client:
//
//	client := openai.NewClientWithConfig(goopenai.Config(openai.DefaultConfig(key)))
//
// Chat Completions and the Responses API (plain and streamed), the legacy
// Completions and Embeddings get GenAI spans with
// the request's parameters, the response's id, model, finish reasons and
// token usage (cached and reasoning tokens when reported), the cost from
// the Tracer's price book, streaming timings, and, when the Tracer
// captures content, the messages, tool definitions and tool calls in the
// conventions' structured form. Any other endpoint gets a span named after
// its route with the HTTP outcome. The spans are recorded with
// llm.Default() (what noveumtrace.Init sets up) unless WithTracer gives
// another Tracer, and are children of the span in the request's context.
//
// The application's call is never changed: the request is sent as it was
// built, the response and any error reach the application untouched, and a
// stream is read by the application as the server sends it, observed on
// the way (the span ends at [DONE], at the end of the body, on an error,
// or when the application closes the stream early, which is recorded as
// abandoned). go-openai does not retry, so each HTTP attempt is one call
// and one span: a failed attempt has status Error, error.type set to the
// HTTP status ("429") or the transport failure's class ("timeout",
// "connection_reset", ...), and no usage or cost.
package goopenai
