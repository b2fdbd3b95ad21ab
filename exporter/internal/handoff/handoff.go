// Package handoff is the seam between the core exporter and the
// OpenTelemetry Collector component (module exporter/noveumexporter, whose
// import path lies under exporter/ so that Go's internal rule lets it in).
//
// The Collector component reuses the core exporter whole: span mapping
// (exporter/internal/wire), trace assembly (grace, maximum age,
// continuations, memory budget) and request batching. Only the last step
// changes: instead of POSTing a finished request itself, the exporter hands
// its sealed traces to a Sink, which puts them into the Collector's
// (persistent) sending queue; the queue's consumer later POSTs them with
// Post, the exporter's own HTTP code. Package exporter fills in the
// functions below when it is initialised, so the public API does not grow.
package handoff

import (
	"context"
	"io"
	"time"
)

// Trace is one sealed trace: its complete JSON object, as it appears in the
// "traces" array of a request body, and how many spans it holds.
type Trace struct {
	JSON  []byte
	Spans int
}

// Sink receives the traces of one finished request, in order, on the
// exporter's sender goroutine. It may block (backpressure); an error drops
// the traces and counts them as DropQueueFull. ctx ends when the exporter's
// Shutdown deadline passes. The Trace buffers belong to the Sink.
type Sink func(ctx context.Context, traces []Trace) error

// Result is how one POST ended.
type Result struct {
	// Status is the HTTP status, 0 when no response arrived.
	Status int
	// RetryAfter is the Retry-After delay, -1 when absent.
	RetryAfter time.Duration
	// Retryable reports whether the same request may be repeated (connection
	// errors, 408, 429, 5xx except 501 and 505), as the core exporter retries.
	Retryable bool
	// Err is nil when the service accepted the body; else an
	// *exporter.HTTPError or a transport error, without the API key.
	Err error
}

// Set by package exporter in its init; nil until it is linked in.
var (
	// WithSink returns an exporter.Option (typed any to avoid an import
	// cycle) that replaces HTTP delivery with sink. The exporter's own
	// compression is turned off in this mode: the queue holds plain JSON and
	// the consumer compresses when it posts.
	WithSink func(sink Sink) any
	// WithSalt returns an exporter.Option fixing the trace id salt (tests
	// compare bodies across exporters).
	WithSalt func(salt uint64) any
	// Post sends one request body (size bytes, Content-Encoding encoding,
	// "" for none) with exp's URL, key, client and timeout, once, no retry:
	// the Collector's retry_on_failure retries. exp is an *exporter.Exporter;
	// traces and spans describe the body for errors and statistics.
	Post func(exp any, ctx context.Context, body io.Reader, size int, encoding string, traces, spans int) Result
)
