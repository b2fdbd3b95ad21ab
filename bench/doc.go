// Package bench compares the Noveum exporter with otlptracehttp on the same
// LLM spans, checks the exporter's memory bound under a stalled endpoint, and
// runs the end-to-end benchmark (TestEndToEnd, make bench-e2e): Init with
// the llm and agents helpers against sdktrace.WithBatcher(otlptracehttp),
// into a sink in a child process that counts the spans arriving.
//
// It is a module of its own so that otlptracehttp and its dependencies never
// enter the main module's go.sum. Everything lives in _test.go files; see
// docs/performance.md for how to run it and the figures measured.
package bench
