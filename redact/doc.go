// Package redact removes personal data and secrets from spans before they
// reach an exporter: a SpanProcessor that wraps the next one and hands it a
// redacted copy of each span.
package redact
