package semconv

import "go.opentelemetry.io/otel/attribute"

// Keys of the OpenTelemetry HTTP convention that the provider integrations
// (integration/*) write on the spans of the HTTP requests they observe. Each
// has a constructor of the same name without the Key suffix.
const (
	// HTTPRequestMethodKey is the HTTP request method (GET, POST, ...).
	HTTPRequestMethodKey attribute.Key = "http.request.method"
	// HTTPResponseStatusCodeKey is the HTTP response status code.
	HTTPResponseStatusCodeKey attribute.Key = "http.response.status_code"
	// HTTPRequestResendCountKey is the ordinal number of a request resend
	// attempt: set on retries (1 on the first retry), absent on the first
	// attempt.
	HTTPRequestResendCountKey attribute.Key = "http.request.resend_count"
)

// HTTPRequestMethod returns the HTTP request method, for
// [HTTPRequestMethodKey].
func HTTPRequestMethod(v string) attribute.KeyValue { return HTTPRequestMethodKey.String(v) }

// HTTPResponseStatusCode returns the HTTP response status code, for
// [HTTPResponseStatusCodeKey].
func HTTPResponseStatusCode(v int) attribute.KeyValue { return HTTPResponseStatusCodeKey.Int(v) }

// HTTPRequestResendCount returns the ordinal number of a resend attempt,
// for [HTTPRequestResendCountKey].
func HTTPRequestResendCount(v int) attribute.KeyValue { return HTTPRequestResendCountKey.Int(v) }
