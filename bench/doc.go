// Package bench compares the Noveum exporter with otlptracehttp on the same
// LLM spans, and checks the exporter's memory bound under a stalled endpoint.
//
// It is a module of its own so that otlptracehttp and its dependencies never
// enter the main module's go.sum. Everything lives in _test.go files; see
// docs/performance.md for how to run it and the figures measured.
package bench
