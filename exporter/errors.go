package exporter

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrShutdown is returned by ExportSpans after Shutdown.
var ErrShutdown = errors.New("noveum exporter: exporter is shut down")

// HTTPError is a request the Noveum API answered with a non-2xx status. The
// exporter reports it to the error handler; use errors.As to inspect it.
// It never contains the API key.
type HTTPError struct {
	// StatusCode is the HTTP status the service answered.
	StatusCode int
	// Retryable reports whether the status is one the exporter retries.
	Retryable bool
	// Body is the start of the response body, with the API key removed.
	Body string
	// Spans and Traces count what the failed request carried.
	Spans, Traces int
}

// Error says what failed and, for 401 and 403, what to check.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "noveum exporter: HTTP %d %s for a request of %d traces (%d spans)", e.StatusCode, http.StatusText(e.StatusCode), e.Traces, e.Spans)
	switch e.StatusCode {
	case http.StatusUnauthorized:
		b.WriteString(": the API key was not accepted; check NOVEUM_API_KEY (or WithAPIKey) holds a valid, unrevoked Noveum API key")
	case http.StatusForbidden:
		b.WriteString(": the API key may not write traces to this project; check the key's permissions and NOVEUM_PROJECT")
	case http.StatusRequestEntityTooLarge:
		b.WriteString(": the request was too large; lower NOVEUM_BATCH_MAX_BYTES or NOVEUM_MAX_ATTRIBUTE_BYTES")
	}
	if e.Body != "" {
		fmt.Fprintf(&b, ": %s", e.Body)
	}
	return b.String()
}

// DropError reports spans the exporter dropped. It is passed to the error
// handler; use errors.As to read the reason and count.
type DropError struct {
	// Reason says why.
	Reason DropReason
	// Spans is how many spans this report covers; Total is the count for
	// the reason since the exporter started.
	Spans, Total int64
	// Err is the underlying failure, when there is one.
	Err error
}

// Error describes the drop and what to do about it.
func (e *DropError) Error() string {
	msg := fmt.Sprintf("noveum exporter: dropped %d spans (%s, %d in total)", e.Spans, e.Reason, e.Total)
	switch e.Reason {
	case DropQueueFull:
		msg += ": the span queue is full; raise NOVEUM_QUEUE_SIZE"
	case DropMemoryBound:
		msg += ": the memory budget is spent (the endpoint may be slow or down); raise NOVEUM_MAX_BUFFER_BYTES"
	case DropShutdown:
		msg += ": the exporter was shut down before they could be sent"
	case DropRetriesExhausted:
		msg += ": the retry budget ran out; raise NOVEUM_RETRY_BUDGET or check the endpoint"
	}
	if e.Err != nil {
		msg += ": " + strings.TrimPrefix(e.Err.Error(), "noveum exporter: ")
	}
	return msg
}

// Unwrap returns the underlying failure.
func (e *DropError) Unwrap() error { return e.Err }
