package noveummcp_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	noveummcp "github.com/Noveum/noveum-trace-go/integration/mcp"
	"github.com/Noveum/noveum-trace-go/semconv"
)

var transports = []transportKind{inMemory, streamableHTTP}

// pair is an instrumented client and server in one process, recording into
// one TracerProvider, connected over kind.
func pair(t *testing.T, kind transportKind, clientOpts, serverOpts []noveummcp.Option) (*telemetry, *toolServer, *mcp.ClientSession) {
	t.Helper()
	tel := newTelemetry(t)
	ts := newToolServer()
	noveummcp.InstrumentServer(ts.Server, tel.opts(serverOpts...)...)
	client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1.0.0"}, nil)
	noveummcp.InstrumentClient(client, tel.opts(clientOpts...)...)
	return tel, ts, connect(t, kind, ts.Server, client)
}

func wantTransport(kind transportKind) string {
	if kind == streamableHTTP {
		return "tcp"
	}
	return "pipe"
}

// A tool call is one trace: the caller's span, the client span, and the
// server span as its child across the transport, each with the
// convention's attributes; the histograms record it on both sides.
func TestToolCallOneTrace(t *testing.T) {
	for _, kind := range transports {
		t.Run(string(kind), func(t *testing.T) {
			var copts []noveummcp.Option
			if kind == streamableHTTP {
				copts = append(copts, noveummcp.WithNetworkTransport(semconv.NetworkTransportTCP))
			}
			tel, _, cs := pair(t, kind, copts, nil)
			ctx, parent := tel.tp.Tracer("app").Start(context.Background(), "invoke_agent planner")
			res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Paris"}})
			parent.End()
			if err != nil || res.IsError {
				t.Fatalf("CallTool = %+v, %v", res, err)
			}

			client := tel.span(t, "tools/call get_weather", trace.SpanKindClient)
			server := tel.span(t, "tools/call get_weather", trace.SpanKindServer)
			if client.Parent().SpanID() != parent.SpanContext().SpanID() {
				t.Error("client span is not the caller's child")
			}
			if server.SpanContext().TraceID() != parent.SpanContext().TraceID() {
				t.Error("server span is in another trace")
			}
			// One process, one TracerProvider: the parent is local, so that
			// the exporter sees one tree (see TestSeparateProviders).
			if server.Parent().SpanID() != client.SpanContext().SpanID() || server.Parent().IsRemote() {
				t.Errorf("server span's parent = %v (remote %v), want the client span %v, local", server.Parent().SpanID(), server.Parent().IsRemote(), client.SpanContext().SpanID())
			}
			version := cs.InitializeResult().ProtocolVersion
			for _, s := range []sdktrace.ReadOnlySpan{client, server} {
				a := attrs(s)
				want := map[attribute.Key]string{
					"mcp.method.name":       "tools/call",
					"gen_ai.operation.name": "execute_tool",
					"gen_ai.tool.name":      "get_weather",
					"mcp.protocol.version":  version,
					"network.transport":     wantTransport(kind),
				}
				if kind == streamableHTTP {
					want["mcp.session.id"] = cs.ID()
					want["network.protocol.name"] = "http"
				}
				for k, v := range want {
					if got := a[k].String(); got != v {
						t.Errorf("%s span: %s = %q, want %q", s.SpanKind(), k, got, v)
					}
				}
				if kind == inMemory {
					if _, ok := a["mcp.session.id"]; ok {
						t.Errorf("%s span has a session id over the in-memory transport", s.SpanKind())
					}
				}
				for _, k := range []attribute.Key{"error.type", "gen_ai.tool.call.arguments", "gen_ai.tool.call.result"} {
					if _, ok := a[k]; ok {
						t.Errorf("%s span has %s = %s", s.SpanKind(), k, a[k].String())
					}
				}
				if s.Status().Code == codes.Error {
					t.Errorf("%s span failed: %v", s.SpanKind(), s.Status())
				}
			}
			if got := attrs(client)["noveum.mcp.server.name"].String(); got != "weather" {
				t.Errorf("client span: noveum.mcp.server.name = %q, want weather", got)
			}
			if version == "" {
				t.Error("no protocol version negotiated")
			}

			// The handshake is traced too: initialize and
			// notifications/initialized up to protocol 2025-11-25,
			// server/discover from 2026-07-28 (SEP-2575).
			handshake := "initialize"
			if version >= "2026-07-28" {
				handshake = "server/discover"
			} else if len(tel.spans("notifications/initialized", trace.SpanKindClient)) != 1 {
				t.Error("no client span for notifications/initialized")
			}
			hsClient := tel.span(t, handshake, trace.SpanKindClient)
			hsServer := tel.span(t, handshake, trace.SpanKindServer)
			if hsServer.Parent().SpanID() != hsClient.SpanContext().SpanID() {
				t.Errorf("%s: server span is not the client span's child", handshake)
			}
			if handshake == "initialize" {
				if got := attrs(hsClient)["mcp.protocol.version"].String(); got != version {
					t.Errorf("initialize: mcp.protocol.version = %q, want the negotiated %q", got, version)
				}
			}

			for _, name := range []string{semconv.MCPClientOperationDurationName, semconv.MCPServerOperationDurationName} {
				var found bool
				for _, p := range tel.histogram(t, name) {
					pa := pointAttrs(p)
					if pa["mcp.method.name"] != "tools/call" {
						continue
					}
					found = true
					if pa["gen_ai.tool.name"] != "get_weather" || pa["network.transport"] != wantTransport(kind) || pa["mcp.protocol.version"] != version {
						t.Errorf("%s attributes = %v", name, pa)
					}
					if _, ok := pa["mcp.session.id"]; ok {
						t.Errorf("%s carries the session id (high cardinality)", name)
					}
					if !slices.Equal(p.Bounds, semconv.MCPOperationDurationBuckets()) || p.Count != 1 {
						t.Errorf("%s: bounds %v count %d", name, p.Bounds, p.Count)
					}
				}
				if !found {
					t.Errorf("%s has no tools/call point", name)
				}
			}
		})
	}
}

// A tool whose result has isError, a JSON-RPC error (unknown tool, unknown
// method), each mark both spans failed with the convention's error.type.
func TestErrors(t *testing.T) {
	for _, kind := range transports {
		t.Run(string(kind), func(t *testing.T) {
			tel, _, cs := pair(t, kind, nil, nil)
			ctx := context.Background()

			res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "station_status", Arguments: map[string]any{"city": "Oslo"}})
			if err != nil || !res.IsError {
				t.Fatalf("station_status = %+v, %v; want an isError result", res, err)
			}
			for _, kindOf := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
				s := tel.span(t, "tools/call station_status", kindOf)
				if got := attrs(s)["error.type"].String(); got != "tool_error" || s.Status().Code != codes.Error {
					t.Errorf("%s: error.type %q status %v, want tool_error and Error", kindOf, got, s.Status())
				}
			}

			_, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "no_such_tool"})
			if err == nil {
				t.Fatal("unknown tool: no error")
			}
			for _, kindOf := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
				s := tel.span(t, "tools/call no_such_tool", kindOf)
				a := attrs(s)
				if a["error.type"].String() != "-32602" || a["rpc.response.status_code"].String() != "-32602" {
					t.Errorf("%s: error.type %q rpc.response.status_code %q, want -32602", kindOf, a["error.type"].String(), a["rpc.response.status_code"].String())
				}
				if s.Status().Code != codes.Error || !strings.Contains(s.Status().Description, "no_such_tool") {
					t.Errorf("%s: status %v, want Error with the JSON-RPC message", kindOf, s.Status())
				}
			}

			// A method the server does not handle: completion/complete
			// without a CompletionHandler.
			_, err = cs.Complete(ctx, &mcp.CompleteParams{
				Ref:      &mcp.CompleteReference{Type: "ref/prompt", Name: "review"},
				Argument: mcp.CompleteParamsArgument{Name: "code", Value: "fu"},
			})
			if err == nil {
				t.Fatal("complete: no error")
			}
			s := tel.span(t, "completion/complete", trace.SpanKindClient)
			if got := attrs(s)["error.type"].String(); got != "-32601" || s.Status().Code != codes.Error {
				t.Errorf("complete: error.type %q status %v, want -32601 and Error (%v)", got, s.Status(), err)
			}
			var errPoint bool
			for _, p := range tel.histogram(t, semconv.MCPClientOperationDurationName) {
				if pa := pointAttrs(p); pa["gen_ai.tool.name"] == "no_such_tool" {
					errPoint = pa["error.type"] == "-32602" && pa["rpc.response.status_code"] == "-32602"
				}
			}
			if !errPoint {
				t.Error("the client histogram lacks error.type on the failed call")
			}
		})
	}
}

// A call cancelled by the caller is recorded as failed, canceled, on both
// sides: the server's handler sees the cancellation the SDK forwards.
func TestCancelledCall(t *testing.T) {
	for _, kind := range transports {
		t.Run(string(kind), func(t *testing.T) {
			tel, ts, cs := pair(t, kind, nil, nil)
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			go func() {
				_, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "slow", Arguments: map[string]any{"city": "Rome"}})
				errc <- err
			}()
			<-ts.started
			cancel()
			if err := <-errc; !errors.Is(err, context.Canceled) {
				t.Fatalf("CallTool error = %v, want context.Canceled", err)
			}
			wait, stop := context.WithTimeout(context.Background(), 10*time.Second)
			defer stop()
			tel.ends.wait(t, wait, "tools/call slow", trace.SpanKindServer)
			for _, kindOf := range []trace.SpanKind{trace.SpanKindClient, trace.SpanKindServer} {
				s := tel.span(t, "tools/call slow", kindOf)
				if got := attrs(s)["error.type"].String(); got != "canceled" || s.Status().Code != codes.Error {
					t.Errorf("%s: error.type %q status %v, want canceled and Error", kindOf, got, s.Status())
				}
				var exception bool
				for _, ev := range s.Events() {
					exception = exception || ev.Name == "exception"
				}
				if !exception {
					t.Errorf("%s: the cancellation is not recorded as an exception event", kindOf)
				}
			}
		})
	}
}

// Keys the application put in _meta reach the server beside the trace
// context, and the application's map is left as it was.
func TestAppMetaKept(t *testing.T) {
	for _, kind := range transports {
		t.Run(string(kind), func(t *testing.T) {
			tel, ts, cs := pair(t, kind, nil, nil)
			meta := mcp.Meta{"example.com/app": "kept"}
			params := &mcp.CallToolParams{Name: "echo", Arguments: map[string]any{"city": "x"}, Meta: meta}
			if _, err := cs.CallTool(context.Background(), params); err != nil {
				t.Fatal(err)
			}
			got := ts.lastEcho()
			if got.AppValue != "kept" || !slices.Contains(got.MetaKeys, "traceparent") {
				t.Errorf("server saw _meta keys %q, app value %q", got.MetaKeys, got.AppValue)
			}
			if slices.Contains(got.MetaKeys, "baggage") {
				t.Error("baggage sent without WithBaggage")
			}
			// (The SDK itself adds its io.modelcontextprotocol/ keys to the
			// map under protocol 2026-07-28; the trace context is not left.)
			if _, ok := params.Meta["traceparent"]; ok || params.Meta["example.com/app"] != "kept" {
				t.Errorf("the application's _meta changed: %v", params.Meta)
			}
			// The handler runs under the server span.
			server := tel.span(t, "tools/call echo", trace.SpanKindServer)
			if got.SpanCtx.SpanID() != server.SpanContext().SpanID() {
				t.Error("the tool handler does not run under the server span")
			}
		})
	}
}

// Client and server recording with different TracerProviders, as two
// processes would: the server span is the remote child of the client span,
// in the same trace, and a local root for its own exporter.
func TestSeparateProviders(t *testing.T) {
	for _, kind := range transports {
		t.Run(string(kind), func(t *testing.T) {
			ctel, stel := newTelemetry(t), newTelemetry(t)
			ts := newToolServer()
			noveummcp.InstrumentServer(ts.Server, stel.opts()...)
			client := mcp.NewClient(&mcp.Implementation{Name: "agent", Version: "1"}, nil)
			noveummcp.InstrumentClient(client, ctel.opts()...)
			cs := connect(t, kind, ts.Server, client)
			if _, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": "Rome"}}); err != nil {
				t.Fatal(err)
			}
			c := ctel.span(t, "tools/call get_weather", trace.SpanKindClient)
			s := stel.span(t, "tools/call get_weather", trace.SpanKindServer)
			if s.SpanContext().TraceID() != c.SpanContext().TraceID() || s.Parent().SpanID() != c.SpanContext().SpanID() || !s.Parent().IsRemote() {
				t.Errorf("server span parent %v (remote %v), want the client span %v, remote", s.Parent().SpanID(), s.Parent().IsRemote(), c.SpanContext().SpanID())
			}
		})
	}
}

// Concurrent calls on one session, each under its own caller span: every
// server span is the child of its own client span, and every client span
// of its own caller.
func TestToolCallsConcurrentSafe(t *testing.T) {
	for _, kind := range transports {
		t.Run(string(kind), func(t *testing.T) {
			tel, _, cs := pair(t, kind, nil, nil)
			const n = 16
			errs := make(chan error, n)
			parents := make(chan trace.SpanContext, n)
			for i := range n {
				go func() {
					ctx, span := tel.tp.Tracer("app").Start(context.Background(), "caller")
					defer span.End()
					parents <- span.SpanContext()
					_, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_weather", Arguments: map[string]any{"city": strings.Repeat("x", i+1)}})
					errs <- err
				}()
			}
			for range n {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
			callers := map[trace.SpanID]bool{}
			for range n {
				callers[(<-parents).SpanID()] = true
			}
			clients := map[trace.SpanID]trace.SpanID{} // client span -> its parent
			for _, s := range tel.spans("tools/call get_weather", trace.SpanKindClient) {
				clients[s.SpanContext().SpanID()] = s.Parent().SpanID()
			}
			servers := tel.spans("tools/call get_weather", trace.SpanKindServer)
			if len(clients) != n || len(servers) != n {
				t.Fatalf("%d client and %d server spans, want %d each", len(clients), len(servers), n)
			}
			seen := map[trace.SpanID]bool{}
			for _, s := range servers {
				p := s.Parent().SpanID()
				caller, ok := clients[p]
				if !ok || seen[p] || !callers[caller] {
					t.Errorf("server span's parent %v is not a distinct client span of a caller", p)
				}
				seen[p] = true
			}
		})
	}
}
