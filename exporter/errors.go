package exporter

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/Noveum/noveum-trace-go/config"
	"github.com/Noveum/noveum-trace-go/internal/plural"
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
	// URL is the URL the request went to (the endpoint followed by
	// /v1/traces), with any password in it hidden.
	URL string
	// Location is the Location header of a redirect (3xx), which the
	// exporter never follows.
	Location string
}

// defaultEndpoint is the Noveum API base URL, shown in hints.
var defaultEndpoint = config.Default().Endpoint

// Error says what failed and, for 401, 403, 404, 413 and redirects, what
// to check.
func (e *HTTPError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "noveum exporter: HTTP %d %s for a request of %s (%s)", e.StatusCode, http.StatusText(e.StatusCode), plural.Count(e.Traces, "trace"), plural.Count(e.Spans, "span"))
	switch e.StatusCode {
	case http.StatusUnauthorized:
		b.WriteString(": the API key was not accepted; check NOVEUM_API_KEY (or WithAPIKey) holds a valid, unrevoked Noveum API key")
	case http.StatusForbidden:
		b.WriteString(": the API key may not write traces to this project; check the key's permissions and NOVEUM_PROJECT")
	case http.StatusRequestEntityTooLarge:
		b.WriteString(": the request was too large; lower NOVEUM_BATCH_MAX_BYTES or NOVEUM_MAX_ATTRIBUTE_BYTES")
	case http.StatusNotFound:
		fmt.Fprintf(&b, ": nothing receives traces at %s; the endpoint is the API base URL (such as %s), "+
			"to which /v1/traces is added: check NOVEUM_ENDPOINT (or WithEndpoint)", e.URL, defaultEndpoint)
	}
	if e.StatusCode >= 300 && e.StatusCode < 400 {
		location := e.Location
		if location == "" {
			location = "(no Location header)"
		}
		fmt.Fprintf(&b, ": %s redirected to %s; redirects are not followed, and one usually means a wrong endpoint: "+
			"set NOVEUM_ENDPOINT (or WithEndpoint) to the API base URL, such as %s", e.URL, location, defaultEndpoint)
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
	// Endpoint says, for DropMemoryBound, what the exporter saw of the
	// endpoint when memory ran out: EndpointStalled, EndpointFailing or
	// EndpointSlow. A healthy endpoint that keeps up never leads to a
	// memory_bound drop.
	Endpoint string
}

// What the exporter saw of the endpoint when it dropped spans for memory
// (DropError.Endpoint).
const (
	// EndpointStalled: a request has waited for an answer for 5 s or more.
	EndpointStalled = "stalled"
	// EndpointFailing: requests failed in the last 30 s and are retried.
	EndpointFailing = "failing"
	// EndpointSlow: requests succeed, but the application produces spans
	// faster than the endpoint accepts them.
	EndpointSlow = "slow"
)

// Error describes the drop and what to do about it.
func (e *DropError) Error() string {
	msg := fmt.Sprintf("noveum exporter: dropped %s (%s, %d in total)", plural.Count(e.Spans, "span"), e.Reason, e.Total)
	switch e.Reason {
	case DropQueueFull:
		msg += ": the span queue is full; raise NOVEUM_QUEUE_SIZE"
	case DropMemoryBound:
		switch e.Endpoint {
		case EndpointStalled:
			msg += ": the memory budget is spent: the endpoint is stalled (a request has waited for an answer for 5s or more); check it, or raise NOVEUM_MAX_BUFFER_BYTES to ride out longer stalls"
		case EndpointFailing:
			msg += ": the memory budget is spent: the endpoint is failing (requests fail and are retried); see the errors reported before this one"
		case EndpointSlow:
			msg += ": the memory budget is spent: the endpoint accepts data more slowly than the application produces it; raise NOVEUM_MAX_BUFFER_BYTES for bursts, or lower the span volume"
		default:
			msg += ": the memory budget is spent; raise NOVEUM_MAX_BUFFER_BYTES"
		}
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

// RetryError reports a request being retried. The exporter passes one to
// the error handler as soon as a request's first attempt fails with a
// retryable error (Delivered false), so that an unreachable or failing
// endpoint shows up at once rather than when the retry budget runs out;
// and one more when the request is then delivered after all (Delivered
// true). A request that is not delivered in the end is reported as a
// *DropError instead. Err is the first failure; use errors.As on it, for
// example for an *HTTPError.
type RetryError struct {
	// URL is where the request went, with any password hidden.
	URL string
	// Attempts is how many attempts were made: 1 when the first failed,
	// all of them when Delivered.
	Attempts int
	// Traces and Spans count what the request carries.
	Traces, Spans int
	// Budget is the retry budget (Config.RetryBudget) the retries run in.
	Budget time.Duration
	// Delivered reports that the service accepted the request in the end.
	Delivered bool
	// Err is the first attempt's failure.
	Err error
}

// Error says what failed and what happens next.
func (e *RetryError) Error() string {
	cause := ""
	if e.Err != nil {
		cause = strings.TrimPrefix(e.Err.Error(), "noveum exporter: ")
	}
	if e.Delivered {
		return fmt.Sprintf("noveum exporter: request of %s (%s) to %s delivered after %s; the first failed: %s",
			plural.Count(e.Traces, "trace"), plural.Count(e.Spans, "span"), e.URL, plural.Count(e.Attempts, "attempt"), cause)
	}
	return fmt.Sprintf("noveum exporter: request of %s (%s) to %s failed, retrying for up to %s (NOVEUM_RETRY_BUDGET): %s",
		plural.Count(e.Traces, "trace"), plural.Count(e.Spans, "span"), e.URL, e.Budget, cause)
}

// Unwrap returns the first failure.
func (e *RetryError) Unwrap() error { return e.Err }
