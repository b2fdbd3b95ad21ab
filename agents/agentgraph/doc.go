// Package agentgraph derives the agent graph of a set of ended spans: which
// agent called, handed work to or messaged which, through which tools,
// models, workflows, data sources and MCP servers, with the calls, errors,
// latency, tokens and cost of each. It reads the spans the agents and llm
// packages (or any instrumentation following the GenAI conventions) make.
//
// [FromSpans] takes the OpenTelemetry SDK's spans, for example those a
// tracetest.SpanRecorder captured in a test. [Build] takes [SpanRecord]s,
// which a reader of another span format (the Noveum JSON payload, say)
// fills itself; [RecordsFromSpans] makes them from SDK spans. A [Graph]
// renders as JSON ([Graph.MarshalJSON]), Graphviz DOT ([Graph.DOT]) and
// Mermaid ([Graph.Mermaid]).
package agentgraph
