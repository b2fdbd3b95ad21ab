package noveumtest

// EmbeddedSchema exposes the go:embed bytes to the external tests.
var EmbeddedSchema = schemaJSON
