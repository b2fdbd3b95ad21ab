// Package noveumtrace joins the SDK's packages from one configuration.
// Init is the one-call setup: configuration, resource, exporter, redactor,
// identity processor, sampling and TracerProvider, registered globally.
// For an existing OpenTelemetry setup, LLMOptions, AgentsOptions and
// RedactOptions build the llm and agents helpers' and the redactor's
// settings from a config.Config; see the exporter, llm, agents and redact
// packages for the parts themselves.
package noveumtrace
