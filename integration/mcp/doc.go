// Package noveummcp traces the Model Context Protocol as the official Go SDK
// (github.com/modelcontextprotocol/go-sdk) speaks it, following the
// OpenTelemetry MCP conventions (semconv.MCPConventionVersion), so that an
// agent's trace goes on through the tool servers it calls.
//
// One line a side:
//
//	noveummcp.InstrumentClient(client) // spans of kind CLIENT, context injected into params._meta
//	noveummcp.InstrumentServer(server) // spans of kind SERVER, children of the client's spans
//
// Every request and notification gets a span named "{mcp.method.name}
// {target}" ("tools/call get_weather", "prompts/get review", "initialize")
// with mcp.method.name, mcp.session.id, mcp.protocol.version,
// network.transport, and on tool calls gen_ai.operation.name = execute_tool
// and gen_ai.tool.name (mcp.resource.uri, gen_ai.prompt.name where they
// apply). A JSON-RPC error sets error.type to its code, a tool result with
// isError sets it to tool_error; both mark the span failed. The
// mcp.client.operation.duration and mcp.server.operation.duration
// histograms are recorded with the convention's buckets.
//
// The trace context travels in params._meta under the reserved keys
// traceparent and tracestate (baggage with [WithBaggage]); the keys the
// application put in _meta are kept. Content (tool arguments and results,
// prompt arguments and messages) is recorded only when content capture is
// on, as for the agents package's tool spans.
//
// A tools/call made inside an agents.ExecuteTool span of the same tool does
// not start a second tool span: that span becomes the MCP client span.
// See docs/integrations-mcp.md for how this and the Noveum exporter make one
// tool call count once.
package noveummcp
