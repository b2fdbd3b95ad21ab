// Package noveumtrace joins the SDK's packages from one configuration.
// LLMOptions and AgentsOptions build the llm and agents helpers' settings
// (content capture, content budget, prices) from a config.Config, for an
// existing OpenTelemetry setup; see the exporter, llm, agents and redact
// packages for the parts themselves.
package noveumtrace
