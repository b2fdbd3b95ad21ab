package semconv

import "go.opentelemetry.io/otel/attribute"

// HTTP keys of the OpenTelemetry conventions that the provider integrations
// write on the spans of their HTTP attempts.
const (
	// HTTPRequestResendCountKey is the ordinal number of the HTTP request
	// among the attempts of one call: 1 for the first retry, 2 for the
	// second, and absent on the first attempt.
	HTTPRequestResendCountKey attribute.Key = "http.request.resend_count"
)

// HTTPRequestResendCount returns the attempt's resend count, for
// [HTTPRequestResendCountKey].
func HTTPRequestResendCount(n int) attribute.KeyValue { return HTTPRequestResendCountKey.Int(n) }
