package semconv

import "go.opentelemetry.io/otel/attribute"

// MCPConventionVersion names the text of the OpenTelemetry Model Context
// Protocol conventions the mcp.* keys, the MCP metrics and their use in
// integration/mcp follow: docs/gen-ai/mcp.md of
// open-telemetry/semantic-conventions-genai at tag v0.1.0 (Development
// stability).
const MCPConventionVersion = "semantic-conventions-genai v0.1.0 docs/gen-ai/mcp.md"

// Keys of the OpenTelemetry MCP conventions (see [MCPConventionVersion]) and
// the general keys they use. Each has a constructor of the same name without
// the Key suffix.
const (
	// MCPMethodNameKey is the JSON-RPC method of an MCP request or
	// notification (tools/call, initialize, notifications/initialized).
	// Required on MCP spans and metrics.
	MCPMethodNameKey attribute.Key = "mcp.method.name"
	// MCPSessionIDKey identifies the MCP session a message belongs to.
	MCPSessionIDKey attribute.Key = "mcp.session.id"
	// MCPProtocolVersionKey is the version of the Model Context Protocol
	// in use (2025-06-18, ...).
	MCPProtocolVersionKey attribute.Key = "mcp.protocol.version"
	// MCPResourceURIKey is the URI of the resource a resources/read,
	// resources/subscribe, resources/unsubscribe or
	// notifications/resources/updated message names.
	MCPResourceURIKey attribute.Key = "mcp.resource.uri"
	// GenAIPromptNameKey names the prompt or prompt template of a
	// prompts/get request.
	GenAIPromptNameKey attribute.Key = "gen_ai.prompt.name"
	// JSONRPCRequestIDKey is the string form of the id of a JSON-RPC
	// request; notifications have none.
	JSONRPCRequestIDKey attribute.Key = "jsonrpc.request.id"
	// RPCResponseStatusCodeKey is the error code of a JSON-RPC response, as
	// a string ("-32602").
	RPCResponseStatusCodeKey attribute.Key = "rpc.response.status_code"
	// NetworkTransportKey is the transport protocol of the session: "pipe"
	// for stdio (and in-process pipes), "tcp" for HTTP (see
	// [NetworkTransportPipe]).
	NetworkTransportKey attribute.Key = "network.transport"
	// NetworkProtocolNameKey is the application protocol under MCP, "http"
	// for the streamable HTTP transport, in lower case.
	NetworkProtocolNameKey attribute.Key = "network.protocol.name"

	// NoveumMCPServerNameKey is the name the MCP server gave itself in its
	// initialize result (serverInfo.name), recorded on the client's spans.
	// The agent graph draws the tools called through MCP behind a node of
	// this server.
	NoveumMCPServerNameKey attribute.Key = "noveum.mcp.server.name"
	// NoveumMCPPromptArgumentsKey holds the JSON arguments of a prompts/get
	// request (opt-in content, recorded under the same switch as tool
	// arguments).
	NoveumMCPPromptArgumentsKey attribute.Key = "noveum.mcp.prompt.arguments"
	// NoveumMCPPromptMessagesKey holds the JSON messages a prompts/get
	// request returned (opt-in content).
	NoveumMCPPromptMessagesKey attribute.Key = "noveum.mcp.prompt.messages"
)

// Values of [NetworkTransportKey] the MCP conventions name.
const (
	// NetworkTransportPipe is a named or anonymous pipe: the stdio transport,
	// and in-process pipes.
	NetworkTransportPipe = "pipe"
	// NetworkTransportTCP is TCP: the streamable HTTP and SSE transports.
	NetworkTransportTCP = "tcp"
)

// ErrorTypeToolError is the value of [ErrorTypeKey] for a tools/call whose
// result has isError set: the call succeeded at the JSON-RPC level, the tool
// failed.
const ErrorTypeToolError = "tool_error"

// MCPMethodName returns the method of an MCP message, for [MCPMethodNameKey].
func MCPMethodName(v string) attribute.KeyValue { return MCPMethodNameKey.String(v) }

// MCPSessionID returns the MCP session's identifier, for [MCPSessionIDKey].
func MCPSessionID(v string) attribute.KeyValue { return MCPSessionIDKey.String(v) }

// MCPProtocolVersion returns the MCP version, for [MCPProtocolVersionKey].
func MCPProtocolVersion(v string) attribute.KeyValue { return MCPProtocolVersionKey.String(v) }

// MCPResourceURI returns a resource's URI, for [MCPResourceURIKey].
func MCPResourceURI(v string) attribute.KeyValue { return MCPResourceURIKey.String(v) }

// GenAIPromptName returns a prompt's name, for [GenAIPromptNameKey].
func GenAIPromptName(v string) attribute.KeyValue { return GenAIPromptNameKey.String(v) }

// JSONRPCRequestID returns the string form of a JSON-RPC request id, for
// [JSONRPCRequestIDKey].
func JSONRPCRequestID(v string) attribute.KeyValue { return JSONRPCRequestIDKey.String(v) }

// RPCResponseStatusCode returns a JSON-RPC error code as a string, for
// [RPCResponseStatusCodeKey].
func RPCResponseStatusCode(v string) attribute.KeyValue {
	return RPCResponseStatusCodeKey.String(v)
}

// NetworkTransport returns the transport protocol, for [NetworkTransportKey].
func NetworkTransport(v string) attribute.KeyValue { return NetworkTransportKey.String(v) }

// NetworkProtocolName returns the application protocol, for
// [NetworkProtocolNameKey].
func NetworkProtocolName(v string) attribute.KeyValue { return NetworkProtocolNameKey.String(v) }

// NoveumMCPServerName returns the MCP server's own name, for
// [NoveumMCPServerNameKey].
func NoveumMCPServerName(v string) attribute.KeyValue { return NoveumMCPServerNameKey.String(v) }

// NoveumMCPPromptArguments returns a prompt request's JSON arguments
// (opt-in content), for [NoveumMCPPromptArgumentsKey].
func NoveumMCPPromptArguments(v string) attribute.KeyValue {
	return NoveumMCPPromptArgumentsKey.String(v)
}

// NoveumMCPPromptMessages returns a prompt's JSON messages (opt-in
// content), for [NoveumMCPPromptMessagesKey].
func NoveumMCPPromptMessages(v string) attribute.KeyValue {
	return NoveumMCPPromptMessagesKey.String(v)
}

// MCP metrics of the convention: each has a name, a unit and the
// convention's description; [MCPOperationDurationBuckets] returns the bucket
// boundaries it recommends for both.
const (
	// MCPClientOperationDurationName is the histogram of the duration of
	// MCP requests and notifications as the sender sees them.
	MCPClientOperationDurationName = "mcp.client.operation.duration"
	// MCPClientOperationDurationUnit is the unit (seconds) of
	// [MCPClientOperationDurationName].
	MCPClientOperationDurationUnit = "s"
	// MCPClientOperationDurationDescription describes
	// [MCPClientOperationDurationName].
	MCPClientOperationDurationDescription = "The duration of the MCP request or notification as observed on the sender from the time it was sent until the response or ack is received."

	// MCPServerOperationDurationName is the histogram of the duration of
	// MCP requests and notifications as the receiver sees them.
	MCPServerOperationDurationName = "mcp.server.operation.duration"
	// MCPServerOperationDurationUnit is the unit (seconds) of
	// [MCPServerOperationDurationName].
	MCPServerOperationDurationUnit = "s"
	// MCPServerOperationDurationDescription describes
	// [MCPServerOperationDurationName].
	MCPServerOperationDurationDescription = "MCP request or notification duration as observed on the receiver from the time it was received until the result or ack is sent."
)

// MCPOperationDurationBuckets returns the bucket boundaries the convention
// recommends for [MCPClientOperationDurationName] and
// [MCPServerOperationDurationName], in seconds. Each call returns a new
// slice.
func MCPOperationDurationBuckets() []float64 {
	return []float64{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300}
}
