// Package exporter sends OpenTelemetry spans to the Noveum ingestion API.
//
// Noveum stores each trace once (a trace_id it has seen is ignored), so the
// exporter assembles whole traces before sending: spans are grouped by trace
// id and a trace goes out when its local root span (no parent, or a remote
// parent) has ended and a short grace period for stragglers has passed.
// Traces whose root never ends are forced out after a maximum age; ForceFlush
// and Shutdown force out everything. A span that arrives after its trace was
// sent is not lost: it goes out in a continuation trace with a derived
// trace_id, the same otel.trace_id, and the attribute
// noveum.trace.continuation_of naming the original.
//
// # Setup
//
// Install the Exporter as a span processor. That is the recommended setup:
// it makes TracerProvider.ForceFlush and Shutdown reach delivery, and it
// does the batching itself, so the SDK's batcher is not needed:
//
//	exp, err := exporter.New(ctx) // NOVEUM_API_KEY, NOVEUM_PROJECT, ... from the environment
//	if err != nil { ... }
//	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
//	defer tp.Shutdown(ctx)
//
// The Exporter is also an sdktrace.SpanExporter, so sdktrace.WithBatcher(exp)
// works; TracerProvider.ForceFlush then only guarantees that spans reached
// the exporter, and exp.ForceFlush must be called to push them out.
//
// # What happens to a span
//
// OnEnd puts the span on a bounded queue and returns: it never blocks and
// does no I/O. Up to four goroutines (one per core) assemble traces, each
// owning the trace ids that map to it, and encode them; with WithGzip they
// also compress what they seal. One goroutine composes requests of at most
// BatchSize traces and BatchMaxBytes bytes and sends them. Retryable
// failures (connection errors, timeouts, 408, 429, 5xx except 501 and 505)
// are retried with exponential backoff and jitter, honouring Retry-After,
// within RetryBudget; a Retry-After may lengthen a wait, never shorten it.
// A 413 splits the request in two and resends the halves (a single trace is
// split by its spans, the second part going out as a continuation). A 400
// splits a request of several traces the same way, down to single traces,
// so that a trace the service refuses costs only itself. Other 4xx, and a
// 400 for a single trace, are permanent. Redirects (3xx) are never
// followed: they are failures naming the Location, which usually means a
// wrong endpoint.
//
// Memory for queued, pending and in-flight data is bounded by
// MaxBufferBytes. OnEnd drops a span that does not fit; ExportSpans waits for
// room until its context ends. Every dropped span is counted under one
// [DropReason], visible in [Exporter.Stats] and in the metrics, and reported
// to the error handler (otel.Handle unless [WithErrorHandler] is given) as a
// [*DropError]; failed requests carry an [*HTTPError]. Reports of one reason
// are limited to one per 10 s, and ForceFlush reports whatever was held
// back. A request whose first attempt fails with a retryable error is
// reported at once, as a [*RetryError], and then its outcome: a
// *DropError, or a *RetryError saying it was delivered after all. Errors
// never contain the API key, and neither does any fmt verb applied to an
// Exporter.
//
// # Configuration
//
// New reads the configuration like the rest of the SDK (see package config):
// defaults, then a noveum-trace.yaml or .json file (or NOVEUM_CONFIG_FILE),
// then environment variables, then options. The variables the exporter uses,
// with their defaults:
//
//	NOVEUM_API_KEY           (none; required unless the endpoint is local)
//	NOVEUM_PROJECT           (none; required unless the endpoint is local)
//	NOVEUM_ENVIRONMENT       development
//	NOVEUM_ENDPOINT          https://api.noveum.ai/api
//	NOVEUM_SERVICE_VERSION   (the resource's service.version)
//	NOVEUM_TIMEOUT           10s     per HTTP request
//	NOVEUM_BATCH_SIZE        1000    traces per request (at most 1000)
//	NOVEUM_BATCH_MAX_BYTES   4MiB    uncompressed body per request
//	NOVEUM_BATCH_DELAY       2s      how long complete traces wait to fill a request
//	NOVEUM_TRACE_GRACE       500ms   wait for stragglers after the root ends
//	NOVEUM_TRACE_MAX_AGE     5m      force out traces whose root never ends
//	NOVEUM_QUEUE_SIZE        8192    spans between span.End and the exporter
//	NOVEUM_MAX_BUFFER_BYTES  64MiB   memory budget
//	NOVEUM_MAX_ATTRIBUTE_BYTES 256KiB longer string values are truncated, marked
//	NOVEUM_RETRY_BUDGET      1m      total time retrying one request
//	NOVEUM_COMPRESSION       none    or gzip
//	NOVEUM_COMPRESSION_LEVEL 6       gzip level, 1 (fastest) to 9 (smallest)
//
// # Metrics
//
// With [WithMeterProvider], the exporter publishes asynchronous instruments
// under the scope "github.com/Noveum/noveum-trace-go/exporter":
// noveum.exporter.spans and noveum.exporter.traces (attribute outcome =
// received, sent, continuation, split_part or dropped, and reason for
// drops),
// noveum.exporter.requests, noveum.exporter.retries, noveum.exporter.bytes
// (stage = uncompressed or wire) and the gauge noveum.exporter.buffer.usage.
package exporter
