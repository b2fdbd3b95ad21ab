// Package localserver is the local Noveum endpoint behind cmd/noveum-local
// and the demo: the ingestion API, a JSONL store that survives restarts, a
// JSON API and a trace viewer. See docs/local-endpoint.md.
package localserver
