// Package noveumtest provides an in-process, Noveum-compatible trace
// receiver for tests, in the manner of net/http/httptest.
//
// NewServer starts a Server on 127.0.0.1. Give its URL to the exporter as
// the endpoint (NOVEUM_ENDPOINT or the endpoint option); the exporter then
// posts to URL+"/v1/traces" as it would to https://api.noveum.ai/api.
//
//	srv := noveumtest.NewServer()
//	t.Cleanup(srv.Close)
//	t.Setenv("NOVEUM_ENDPOINT", srv.URL)
//	// ... run code that exports traces ...
//	spans, err := srv.WaitForSpans(ctx, 3)
//
// The server answers like the real ingestion API:
//
//   - only POST {URL}/v1/traces is served: 404 for other paths, 405 for
//     other methods;
//   - an explicit User-Agent is required (403 for none, or for Go's default
//     "Go-http-client/..."), as the service's front door does; any SDK's own
//     passes (the Python SDK sends "noveum-trace-sdk/<version>");
//   - Authorization must be "Bearer <token>": any token by default, and no
//     header at all is accepted too; WithAPIKey requires one key (401);
//   - Content-Type must be application/json (415); Content-Encoding may be
//     gzip and nothing else (415; undecodable gzip is 400);
//   - bodies over WithMaxBodyBytes, before or after decoding, get 413;
//   - every body is validated against the embedded schema of what the API
//     accepts (schema_version 2.0), see ValidateBatch; a body that fails, or
//     is not JSON, gets 400 with a JSON error naming the failing JSON
//     pointer. WithGoProfile holds bodies to the stricter profile this SDK
//     sends (ValidateGoProfile) and requires its User-Agent;
//   - a valid body gets 200 {"success":true,"traces_received":N} and is
//     recorded. Traces are write-once: a trace_id accepted before is
//     silently ignored, and counted by IgnoredDuplicates.
//
// Script queues scripted answers (a status with Retry-After, a delay, a
// dropped connection) used one a request before any of the checks above,
// to test retries and timeouts.
//
// NewHandler is the same receiver without a Server, as an http.Handler to
// mount at a traces route of your own: the same checks and answers (after
// the routing and the script), and a function of yours gets each valid
// batch. The local endpoint (cmd/noveum-local) is this handler in front of
// a store.
//
// Batches, Traces, Spans and Requests return copies of what was received;
// attribute numbers are json.Number so integers stay exact. The Wait methods
// block until enough spans or traces have arrived, without polling.
//
// The package reads no environment variables.
package noveumtest
