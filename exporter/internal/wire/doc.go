// Package wire encodes OpenTelemetry spans into the Noveum ingestion payload
// (schema_version 2.0, see spec/noveum-wire.md): UUID identifiers derived from
// OTel ids, ISO-8601 timestamps, status mapping, the otel objects, exception
// objects, and the Noveum llm.*, agent.*, tool.* and retrieval.* keys derived
// from gen_ai.* attributes.
//
// The encoder appends to caller-owned byte slices and allocates nothing in
// the common case. Every value is written as valid JSON whatever it holds:
// invalid UTF-8 becomes U+FFFD, NaN and infinities become the strings "NaN",
// "Infinity" and "-Infinity" (the proto3 JSON convention), and strings longer
// than the configured bound are cut at a rune boundary and marked.
package wire
