// Package semconv owns every attribute key this SDK reads or writes: the
// OpenTelemetry GenAI keys (gen_ai.*), pinned to one version of the
// convention, the general keys the exporter reads (error.type, user.id,
// session.id), and the SDK's own extension keys under noveum.*.
//
// go.opentelemetry.io/otel/semconv removed the GenAI keys in v1.42.0, so this
// package is the one place in the module where such a key is spelled. Other
// packages refer to the constants here, never to string literals.
//
// The GenAI convention is at "Development" stability; [SchemaURL] names the
// version these keys follow. [Replacement] maps older spellings that readers
// of old spans may meet, with the key that replaced each.
package semconv
