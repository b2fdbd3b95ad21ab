// Package noveumopenai traces the calls of the official OpenAI Go client,
// github.com/openai/openai-go/v3, as OpenTelemetry GenAI spans, enabled in
// one line:
//
//	client := openai.NewClient(option.WithMiddleware(noveumopenai.Middleware()))
//
// The package lives in the directory integration/openai of the
// noveum-trace-go repository, a Go module of its own, so that the core
// module never depends on openai-go; its name, noveumopenai, keeps it apart
// from openai-go's own package openai.
//
// The middleware records each HTTP attempt the client makes through the
// core llm package (llm.Default, unless WithTracer gives another Tracer),
// so the conventions, prices, metrics, content capture mode and
// noveumtrace.Init defaults of that package apply. Each span is a child of
// the span in the request's context.
//
// Chat Completions (plain and streamed), the Responses API (plain and
// streamed) and Embeddings get GenAI spans with the request parameters,
// response id and model, finish reasons, token usage (only as reported),
// cost, streaming timings and, when content capture is on, the messages,
// system instructions, tool definitions and tool calls. Any other endpoint
// gets a span with the HTTP method and outcome.
//
// Streams are observed as the application reads them, never buffered: the
// span ends when the stream ends, fails, or is closed early (abandoned).
// Response bytes reach the application untouched; a body that cannot be
// understood still yields a span with what could be read.
//
// Retries: openai-go runs middleware once per attempt, so each attempt gets
// its own span, a child of the caller's context. Failed attempts end with
// status Error, error.type set to the HTTP status ("429", "500") or a
// transport error class ("timeout", "connection_refused", ...), and carry
// no usage and no cost; retried attempts carry http.request.resend_count.
// Only the attempt that succeeded carries usage and cost, so a retried call
// is counted once.
package noveumopenai
