package noveumtest

// EmbeddedSchema exposes the go:embed bytes to the external tests.
var EmbeddedSchema = schemaJSON

// EmbeddedGoProfile exposes the Go profile schema to the external tests.
var EmbeddedGoProfile = goProfileJSON
