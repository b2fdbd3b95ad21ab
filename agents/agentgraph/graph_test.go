package agentgraph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/Noveum/noveum-trace-go/agents"
	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
	"github.com/Noveum/noveum-trace-go/exporter"
	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// The -update flag rewrites the golden files. Another test file of the
// package may define it as well, so it is defined here only when missing.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
}

func graphUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var graphT0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// graphAt returns the time ms milliseconds into the known trace.
func graphAt(ms int) time.Time { return graphT0.Add(time.Duration(ms) * time.Millisecond) }

// knownGraphRecords is a trace as a test would capture it: a support
// workflow; the planner agent calls a model twice and a tool (which fails),
// then hands off to the researcher nested in its span; the researcher
// retrieves, searches, calls a model, and fetches a page inside a span that
// is not a node; the writer receives a message linked from the researcher's
// search; a parallel worker, root of a second trace, takes work handed off
// from the planner by a link, and also holds a plain link that means
// nothing to the graph. Parents and linked spans come before the spans that
// refer to them.
func knownGraphRecords() []agentgraph.SpanRecord {
	const t1, t2 = "trace-1", "trace-2"
	return []agentgraph.SpanRecord{
		{TraceID: t1, SpanID: "wf", Name: "invoke_workflow support", Start: graphAt(0), End: graphAt(9000),
			Attributes: map[string]any{"gen_ai.operation.name": "invoke_workflow", "gen_ai.workflow.name": "support"}},
		{TraceID: t1, SpanID: "planner", ParentSpanID: "wf", Name: "invoke_agent planner", Start: graphAt(100), End: graphAt(6000),
			Attributes: map[string]any{"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "planner", "gen_ai.agent.id": "agt-1"}},
		{TraceID: t1, SpanID: "chat-1", ParentSpanID: "planner", Name: "chat gpt-4o", Start: graphAt(200), End: graphAt(1400),
			Attributes: map[string]any{"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai",
				"gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06",
				"gen_ai.usage.input_tokens": int64(1200), "gen_ai.usage.output_tokens": int64(350), "noveum.cost.total": 0.0065}},
		{TraceID: t1, SpanID: "chat-2", ParentSpanID: "planner", Name: "chat gpt-4o", Start: graphAt(1500), End: graphAt(2300),
			Attributes: map[string]any{"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai",
				"gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06",
				"gen_ai.usage.input_tokens": int64(800), "gen_ai.usage.output_tokens": int64(120), "noveum.cost.total": 0.0032}},
		{TraceID: t1, SpanID: "search-1", ParentSpanID: "planner", Name: "execute_tool web_search", Start: graphAt(2400), End: graphAt(2900),
			Error: true, Attributes: map[string]any{"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "web_search", "error.type": "timeout"}},
		{TraceID: t1, SpanID: "researcher", ParentSpanID: "planner", Name: "invoke_agent researcher", Start: graphAt(3000), End: graphAt(5900),
			Attributes: map[string]any{"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "researcher",
				"noveum.agent.handoff.source.name": "planner", "noveum.agent.handoff.target.name": "researcher"}},
		{TraceID: t1, SpanID: "kb", ParentSpanID: "researcher", Name: "retrieval kb", Start: graphAt(3100), End: graphAt(3300),
			Attributes: map[string]any{"gen_ai.operation.name": "retrieval", "gen_ai.data_source.id": "kb"}},
		{TraceID: t1, SpanID: "search-2", ParentSpanID: "researcher", Name: "execute_tool web_search", Start: graphAt(3400), End: graphAt(4000),
			Attributes: map[string]any{"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "web_search"}},
		{TraceID: t1, SpanID: "chat-3", ParentSpanID: "researcher", Name: "chat claude-sonnet-4", Start: graphAt(4000), End: graphAt(5000),
			Attributes: map[string]any{"gen_ai.operation.name": "chat", "gen_ai.provider.name": "anthropic", "gen_ai.request.model": "claude-sonnet-4",
				"gen_ai.usage.input_tokens": int64(2000), "gen_ai.usage.output_tokens": int64(500), "noveum.cost.total": 0.0135}},
		{TraceID: t1, SpanID: "http", ParentSpanID: "researcher", Name: "GET", Start: graphAt(5000), End: graphAt(5800),
			Attributes: map[string]any{"http.request.method": "GET"}},
		{TraceID: t1, SpanID: "fetch", ParentSpanID: "http", Name: "execute_tool fetch_page", Start: graphAt(5100), End: graphAt(5700),
			Attributes: map[string]any{"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "fetch_page"}},
		{TraceID: t1, SpanID: "writer", ParentSpanID: "wf", Name: "invoke_agent writer", Start: graphAt(6000), End: graphAt(8500),
			Attributes: map[string]any{"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "writer"},
			Links:      []agentgraph.LinkRecord{{TraceID: t1, SpanID: "search-2", Attributes: map[string]any{"noveum.link.kind": "message"}}}},
		{TraceID: t2, SpanID: "worker", Name: "invoke_agent worker", Start: graphAt(6200), End: graphAt(8200),
			Attributes: map[string]any{"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "worker"},
			Links: []agentgraph.LinkRecord{
				{TraceID: t1, SpanID: "planner", Attributes: map[string]any{"noveum.link.kind": "handoff"}},
				{TraceID: t1, SpanID: "wf", Attributes: map[string]any{"reason": "same request"}},
			}},
		{TraceID: t2, SpanID: "chat-4", ParentSpanID: "worker", Name: "chat gpt-4o-mini", Start: graphAt(6300), End: graphAt(7000),
			Attributes: map[string]any{"gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini",
				"gen_ai.usage.input_tokens": int64(300), "gen_ai.usage.output_tokens": int64(50), "noveum.cost.total": 0.0001}},
	}
}

// wantKnownGraph is the graph of knownGraphRecords, worked out by hand.
func wantKnownGraph() *agentgraph.Graph {
	ms := time.Millisecond
	return &agentgraph.Graph{
		Nodes: []agentgraph.Node{
			{ID: "workflow:support", Kind: agentgraph.NodeWorkflow, Name: "support", Calls: 1, Latency: 9000 * ms},
			{ID: "agent:planner", Kind: agentgraph.NodeAgent, Name: "planner", Calls: 1, Latency: 5900 * ms,
				InputTokens: 2000, OutputTokens: 470, Cost: 0.0097},
			{ID: "agent:researcher", Kind: agentgraph.NodeAgent, Name: "researcher", Calls: 1, Latency: 2900 * ms,
				InputTokens: 2000, OutputTokens: 500, Cost: 0.0135},
			{ID: "agent:worker", Kind: agentgraph.NodeAgent, Name: "worker", Calls: 1, Latency: 2000 * ms,
				InputTokens: 300, OutputTokens: 50, Cost: 0.0001},
			{ID: "agent:writer", Kind: agentgraph.NodeAgent, Name: "writer", Calls: 1, Latency: 2500 * ms},
			{ID: "model:claude-sonnet-4", Kind: agentgraph.NodeModel, Name: "claude-sonnet-4", Calls: 1, Latency: 1000 * ms,
				InputTokens: 2000, OutputTokens: 500, Cost: 0.0135},
			{ID: "model:gpt-4o-2024-08-06", Kind: agentgraph.NodeModel, Name: "gpt-4o-2024-08-06", Calls: 2, Latency: 2000 * ms,
				InputTokens: 2000, OutputTokens: 470, Cost: 0.0097},
			{ID: "model:gpt-4o-mini", Kind: agentgraph.NodeModel, Name: "gpt-4o-mini", Calls: 1, Latency: 700 * ms,
				InputTokens: 300, OutputTokens: 50, Cost: 0.0001},
			{ID: "tool:fetch_page", Kind: agentgraph.NodeTool, Name: "fetch_page", Calls: 1, Latency: 600 * ms},
			{ID: "tool:web_search", Kind: agentgraph.NodeTool, Name: "web_search", Calls: 2, Errors: 1, Latency: 1100 * ms},
			{ID: "retrieval:kb", Kind: agentgraph.NodeRetrieval, Name: "kb", Calls: 1, Latency: 200 * ms},
		},
		Edges: []agentgraph.Edge{
			{From: "agent:planner", To: "agent:researcher", Kind: agentgraph.EdgeHandoff, Count: 1},
			{From: "agent:planner", To: "agent:worker", Kind: agentgraph.EdgeHandoff, Count: 1},
			{From: "agent:planner", To: "model:gpt-4o-2024-08-06", Kind: agentgraph.EdgeCall, Count: 2},
			{From: "agent:planner", To: "tool:web_search", Kind: agentgraph.EdgeCall, Count: 1},
			{From: "agent:researcher", To: "agent:writer", Kind: agentgraph.EdgeMessage, Count: 1},
			{From: "agent:researcher", To: "model:claude-sonnet-4", Kind: agentgraph.EdgeCall, Count: 1},
			{From: "agent:researcher", To: "retrieval:kb", Kind: agentgraph.EdgeCall, Count: 1},
			{From: "agent:researcher", To: "tool:fetch_page", Kind: agentgraph.EdgeCall, Count: 1},
			{From: "agent:researcher", To: "tool:web_search", Kind: agentgraph.EdgeCall, Count: 1},
			{From: "agent:worker", To: "model:gpt-4o-mini", Kind: agentgraph.EdgeCall, Count: 1},
			{From: "workflow:support", To: "agent:planner", Kind: agentgraph.EdgeCall, Count: 1},
			{From: "workflow:support", To: "agent:writer", Kind: agentgraph.EdgeCall, Count: 1},
		},
	}
}

// assertGraph compares graphs field by field; costs are sums of floats, so
// they are compared to within a rounding error (the order of the sum
// depends on the order of the spans).
func assertGraph(t *testing.T, want, got *agentgraph.Graph) {
	t.Helper()
	require.NotNil(t, got)
	ids := func(g *agentgraph.Graph) []string {
		var s []string
		for _, n := range g.Nodes {
			s = append(s, n.ID)
		}
		return s
	}
	require.Equal(t, ids(want), ids(got), "node ids")
	for i := range want.Nodes {
		w, g := want.Nodes[i], got.Nodes[i]
		assert.InDelta(t, w.Cost, g.Cost, 1e-12, "%s: Cost", w.ID)
		w.Cost, g.Cost = 0, 0
		assert.Equal(t, w, g, "node %s", w.ID)
	}
	assert.Equal(t, want.Edges, got.Edges, "edges")
	checkGraphInvariants(t, got)
}

// checkGraphInvariants checks what holds of every graph Build makes.
func checkGraphInvariants(t *testing.T, g *agentgraph.Graph) {
	t.Helper()
	rank := map[agentgraph.NodeKind]int{agentgraph.NodeWorkflow: 0, agentgraph.NodeAgent: 1, agentgraph.NodeModel: 2, agentgraph.NodeTool: 3, agentgraph.NodeRetrieval: 4}
	ids := map[string]bool{}
	for i, n := range g.Nodes {
		if _, ok := rank[n.Kind]; !ok {
			t.Errorf("node %q has kind %q", n.ID, n.Kind)
		}
		if n.Name == "" || n.ID != string(n.Kind)+":"+n.Name {
			t.Errorf("node %q: kind %q, name %q", n.ID, n.Kind, n.Name)
		}
		if ids[n.ID] {
			t.Errorf("node %q appears twice", n.ID)
		}
		ids[n.ID] = true
		if n.Calls < 0 || n.Errors < 0 || n.Errors > n.Calls || n.Latency < 0 || n.InputTokens < 0 || n.OutputTokens < 0 ||
			n.Cost < 0 || math.IsInf(n.Cost, 0) || math.IsNaN(n.Cost) {
			t.Errorf("node %q has impossible stats: %+v", n.ID, n)
		}
		if i > 0 {
			p := g.Nodes[i-1]
			if rank[p.Kind] > rank[n.Kind] || rank[p.Kind] == rank[n.Kind] && p.Name >= n.Name {
				t.Errorf("nodes %q and %q out of order", p.ID, n.ID)
			}
		}
	}
	for i, e := range g.Edges {
		if !ids[e.From] || !ids[e.To] {
			t.Errorf("edge %+v has an end that is not a node", e)
		}
		if e.Count < 1 {
			t.Errorf("edge %+v has count %d", e, e.Count)
		}
		if e.Kind != agentgraph.EdgeCall && e.Kind != agentgraph.EdgeHandoff && e.Kind != agentgraph.EdgeMessage {
			t.Errorf("edge %+v has kind %q", e, e.Kind)
		}
		if i > 0 {
			p := g.Edges[i-1]
			if [3]string{p.From, p.To, string(p.Kind)} == [3]string{e.From, e.To, string(e.Kind)} {
				t.Errorf("edge %+v appears twice", e)
			} else if slices.Compare([]string{p.From, p.To, string(p.Kind)}, []string{e.From, e.To, string(e.Kind)}) > 0 {
				t.Errorf("edges %+v and %+v out of order", p, e)
			}
		}
	}
	js, err := g.MarshalJSON()
	if err != nil || !json.Valid(js) {
		t.Errorf("MarshalJSON = %s, %v", js, err)
	}
	dot := g.DOT()
	if lines := strings.Count(dot, "\n"); lines != 5+len(g.Nodes)+len(g.Edges) {
		t.Errorf("DOT has %d lines for %d nodes and %d edges:\n%s", lines, len(g.Nodes), len(g.Edges), dot)
	}
	mmd := g.Mermaid()
	if lines := strings.Count(mmd, "\n"); lines < 1+len(g.Nodes)+len(g.Edges) || lines > 3+len(g.Nodes)+len(g.Edges) {
		t.Errorf("Mermaid has %d lines for %d nodes and %d edges:\n%s", lines, len(g.Nodes), len(g.Edges), mmd)
	}
}

func TestBuildKnownTrace(t *testing.T) {
	assertGraph(t, wantKnownGraph(), agentgraph.Build(knownGraphRecords()))
}

// The order of the records does not matter.
func TestBuildRecordOrder(t *testing.T) {
	records := knownGraphRecords()
	slices.Reverse(records)
	assertGraph(t, wantKnownGraph(), agentgraph.Build(records))
}

// The renderings of the known trace are kept in testdata; run with
// -update to rewrite them after a deliberate change, then review the diff.
func TestGraphGoldenFiles(t *testing.T) {
	g := agentgraph.Build(knownGraphRecords())
	js, err := g.MarshalJSON()
	require.NoError(t, err)
	var indented bytes.Buffer
	require.NoError(t, json.Indent(&indented, js, "", "  "))
	indented.WriteByte('\n')
	for _, tt := range []struct{ file, got string }{
		{"known.dot", g.DOT()},
		{"known.mmd", g.Mermaid()},
		{"known.json", indented.String()},
	} {
		path := filepath.Join("testdata", tt.file)
		if graphUpdating() {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(tt.got), 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run go test -run TestGraphGoldenFiles -update to create it")
		if string(want) != tt.got {
			t.Errorf("%s differs from the golden file (run with -update after a deliberate change):\ngot:\n%s\nwant:\n%s", path, tt.got, want)
		}
	}
}

// graphKV converts a record attribute to an OTel attribute.
func graphKV(t *testing.T, k string, v any) attribute.KeyValue {
	t.Helper()
	switch x := v.(type) {
	case string:
		return attribute.String(k, x)
	case int64:
		return attribute.Int64(k, x)
	case float64:
		return attribute.Float64(k, x)
	case bool:
		return attribute.Bool(k, x)
	}
	t.Fatalf("attribute %s: unexpected %T", k, v)
	return attribute.KeyValue{}
}

func graphKVs(t *testing.T, m map[string]any) []attribute.KeyValue {
	t.Helper()
	kvs := make([]attribute.KeyValue, 0, len(m))
	for k, v := range m {
		kvs = append(kvs, graphKV(t, k, v))
	}
	return kvs
}

// playGraphTrace replays records as real spans of tp, with their times,
// parents (roots start new traces), statuses, attributes and links. The
// record ids only pair spans up: the SDK makes its own.
func playGraphTrace(t *testing.T, tp trace.TracerProvider, records []agentgraph.SpanRecord) {
	t.Helper()
	tracer := tp.Tracer("graph-test")
	type started struct {
		ctx  context.Context
		span trace.Span
		end  time.Time
	}
	spans := map[[2]string]started{}
	var order [][2]string
	for _, r := range records {
		parent := context.Background()
		if r.ParentSpanID != "" {
			p, ok := spans[[2]string{r.TraceID, r.ParentSpanID}]
			require.True(t, ok, "parent of %s comes first", r.SpanID)
			parent = p.ctx
		}
		opts := []trace.SpanStartOption{trace.WithTimestamp(r.Start), trace.WithAttributes(graphKVs(t, r.Attributes)...)}
		for _, l := range r.Links {
			linked, ok := spans[[2]string{l.TraceID, l.SpanID}]
			require.True(t, ok, "span linked from %s comes first", r.SpanID)
			opts = append(opts, trace.WithLinks(trace.Link{SpanContext: linked.span.SpanContext(), Attributes: graphKVs(t, l.Attributes)}))
		}
		ctx, span := tracer.Start(parent, r.Name, opts...)
		if r.Error {
			span.SetStatus(codes.Error, "failed")
		}
		k := [2]string{r.TraceID, r.SpanID}
		spans[k] = started{ctx, span, r.End}
		order = append(order, k)
	}
	for _, k := range slices.Backward(order) {
		spans[k].span.End(trace.WithTimestamp(spans[k].end))
	}
}

// The same trace as real SDK spans gives the same graph.
func TestFromSpansMatchesRecords(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	playGraphTrace(t, tp, knownGraphRecords())

	ended := rec.Ended()
	require.Len(t, ended, len(knownGraphRecords()))
	assertGraph(t, wantKnownGraph(), agentgraph.FromSpans(ended))

	records := agentgraph.RecordsFromSpans(append([]sdktrace.ReadOnlySpan{nil}, ended...))
	require.Len(t, records, len(ended), "nil spans are skipped")
	for _, r := range records {
		assert.Len(t, r.TraceID, 32)
		assert.Len(t, r.SpanID, 16)
		if r.Name == "invoke_workflow support" || r.Name == "invoke_agent worker" {
			assert.Empty(t, r.ParentSpanID, "%s is a root", r.Name)
		} else {
			assert.Len(t, r.ParentSpanID, 16, r.Name)
		}
		if r.Name == "invoke_agent worker" {
			require.Len(t, r.Links, 2)
			assert.Equal(t, "handoff", r.Links[0].Attributes["noveum.link.kind"])
			assert.Len(t, r.Links[0].SpanID, 16)
		}
	}
}

// graphViewerSpan is a span as the local viewer decodes it from the Noveum JSON
// payload.
type graphViewerSpan struct {
	SpanID       string         `json:"span_id"`
	TraceID      string         `json:"trace_id"`
	ParentSpanID *string        `json:"parent_span_id"`
	Name         string         `json:"name"`
	StartTime    string         `json:"start_time"`
	EndTime      string         `json:"end_time"`
	Status       string         `json:"status"`
	Attributes   map[string]any `json:"attributes"`
	Links        []struct {
		TraceID    string         `json:"trace_id"`
		SpanID     string         `json:"span_id"`
		Attributes map[string]any `json:"attributes"`
	} `json:"links"`
}

// graphViewerRecords makes records the way the viewer will: ids as they are,
// times parsed, error and timeout as Error.
func graphViewerRecords(t *testing.T, spans []graphViewerSpan) []agentgraph.SpanRecord {
	t.Helper()
	records := make([]agentgraph.SpanRecord, 0, len(spans))
	for _, s := range spans {
		start, err := time.Parse(time.RFC3339Nano, s.StartTime)
		require.NoError(t, err)
		end, err := time.Parse(time.RFC3339Nano, s.EndTime)
		require.NoError(t, err)
		r := agentgraph.SpanRecord{TraceID: s.TraceID, SpanID: s.SpanID, Name: s.Name, Start: start, End: end,
			Error: s.Status == "error" || s.Status == "timeout", Attributes: s.Attributes}
		if s.ParentSpanID != nil {
			r.ParentSpanID = *s.ParentSpanID
		}
		for _, l := range s.Links {
			r.Links = append(r.Links, agentgraph.LinkRecord{TraceID: l.TraceID, SpanID: l.SpanID, Attributes: l.Attributes})
		}
		records = append(records, r)
	}
	return records
}

// The same trace as the viewer will see it, decoded from JSON (ids as
// UUIDs, numbers as float64, or as json.Number with UseNumber), gives the
// same graph.
func TestGraphFromDecodedJSON(t *testing.T) {
	uuids := map[string]string{}
	uuid := func(id string) string {
		if _, ok := uuids[id]; !ok {
			uuids[id] = fmt.Sprintf("5f0c2a9e-0000-4000-8000-%012x", len(uuids)+1)
		}
		return uuids[id]
	}
	const layout = "2006-01-02T15:04:05.000000+00:00"
	var payload []map[string]any
	for _, r := range knownGraphRecords() {
		s := map[string]any{
			"span_id": uuid(r.TraceID + "/" + r.SpanID), "trace_id": uuid(r.TraceID), "parent_span_id": nil, "name": r.Name,
			"start_time": r.Start.UTC().Format(layout), "end_time": r.End.UTC().Format(layout),
			"status": "ok", "attributes": r.Attributes, "links": []any{},
		}
		if r.ParentSpanID != "" {
			s["parent_span_id"] = uuid(r.TraceID + "/" + r.ParentSpanID)
		}
		if r.Error {
			s["status"] = "error"
		}
		var links []any
		for _, l := range r.Links {
			links = append(links, map[string]any{"trace_id": uuid(l.TraceID), "span_id": uuid(l.TraceID + "/" + l.SpanID), "attributes": l.Attributes})
		}
		if links != nil {
			s["links"] = links
		}
		payload = append(payload, s)
	}
	body, err := json.Marshal(payload)
	require.NoError(t, err)

	t.Run("float64", func(t *testing.T) {
		var spans []graphViewerSpan
		require.NoError(t, json.Unmarshal(body, &spans))
		records := graphViewerRecords(t, spans)
		require.IsType(t, float64(0), records[2].Attributes["gen_ai.usage.input_tokens"])
		assertGraph(t, wantKnownGraph(), agentgraph.Build(records))
	})
	t.Run("json.Number", func(t *testing.T) {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var spans []graphViewerSpan
		require.NoError(t, dec.Decode(&spans))
		records := graphViewerRecords(t, spans)
		require.IsType(t, json.Number(""), records[2].Attributes["gen_ai.usage.input_tokens"])
		assertGraph(t, wantKnownGraph(), agentgraph.Build(records))
	})
}

// End to end, as the viewer will work: the same trace as SDK spans, sent by
// the Noveum exporter, received as the Noveum payload (UUID ids, the links'
// UUIDs, json.Number attributes, microsecond times) gives the same graph.
func TestGraphFromNoveumPayload(t *testing.T) {
	srv := noveumtest.NewServer(noveumtest.WithGoProfile())
	t.Cleanup(srv.Close)
	ctx := context.Background()
	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.URL), exporter.WithProject("graph-test"))
	require.NoError(t, err)
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(exp))
	playGraphTrace(t, tp, knownGraphRecords())
	require.NoError(t, tp.Shutdown(ctx))

	received := srv.Spans()
	require.Len(t, received, len(knownGraphRecords()))
	js, err := json.Marshal(received)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var spans []graphViewerSpan
	require.NoError(t, dec.Decode(&spans))
	assertGraph(t, wantKnownGraph(), agentgraph.Build(graphViewerRecords(t, spans)))
}

// The spans this package's Tracer starts draw the graph the docs promise:
// a nested hand-off, a linked hand-off to a parallel worker, a message.
func TestGraphFromAgentsAPI(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	tr := agents.NewTracer(agents.WithTracerProvider(tp))
	planner := agents.NewAgent(agents.AgentInfo{Name: "planner"})
	researcher := agents.NewAgent(agents.AgentInfo{Name: "researcher"})
	worker := agents.NewAgent(agents.AgentInfo{ID: "wrk-1", Name: "worker"})
	writer := agents.NewAgent(agents.AgentInfo{Name: "writer"})

	ctx, wf := tr.InvokeWorkflow(context.Background(), "support")
	pctx, ps := tr.InvokeAgent(ctx, planner)
	_, plan := tr.Plan(pctx, planner)
	plan.End(nil)
	_, tool := tr.ExecuteTool(pctx, agents.Tool{Name: "web_search"})
	tool.End(fmt.Errorf("no results"))
	rctx, rs := tr.Handoff(pctx, researcher)
	msg := agents.MessageTo(rctx, writer)
	rs.End(nil)
	work := agents.HandoffTo(pctx, worker)
	ps.End(nil)
	_, ws := tr.InvokeAgent(context.Background(), worker, agents.LinkedFrom(work), agents.NewRoot())
	ws.End(nil)
	_, wr := tr.InvokeAgent(ctx, writer, agents.LinkedFrom(msg))
	wr.End(nil)
	wf.End(nil)

	g := agentgraph.FromSpans(rec.Ended())
	checkGraphInvariants(t, g)
	var edges []string
	for _, e := range g.Edges {
		edges = append(edges, fmt.Sprintf("%s -%s-> %s ×%d", e.From, e.Kind, e.To, e.Count))
	}
	assert.Equal(t, []string{
		"agent:planner -handoff-> agent:researcher ×1",
		"agent:planner -handoff-> agent:worker ×1",
		"agent:planner -call-> tool:web_search ×1",
		"agent:researcher -message-> agent:writer ×1",
		"workflow:support -call-> agent:planner ×1",
		"workflow:support -call-> agent:writer ×1",
	}, edges)
	planned, ok := g.Node("agent:planner")
	require.True(t, ok)
	assert.Equal(t, 2, planned.Calls, "invoke_agent and plan")
	search, _ := g.Node("tool:web_search")
	assert.Equal(t, 1, search.Errors)
}

// graphSummary writes a graph compactly, for the rule tests: one line a
// node with its non-zero stats (latency left out), one line an edge.
func graphSummary(g *agentgraph.Graph) string {
	var b strings.Builder
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "%s calls=%d", n.ID, n.Calls)
		if n.Errors > 0 {
			fmt.Fprintf(&b, " errors=%d", n.Errors)
		}
		if n.InputTokens > 0 || n.OutputTokens > 0 {
			fmt.Fprintf(&b, " tokens=%d/%d", n.InputTokens, n.OutputTokens)
		}
		if n.Cost != 0 {
			fmt.Fprintf(&b, " cost=%g", n.Cost)
		}
		b.WriteByte('\n')
	}
	for _, e := range g.Edges {
		fmt.Fprintf(&b, "%s -%s-> %s ×%d\n", e.From, e.Kind, e.To, e.Count)
	}
	return b.String()
}

// gspan returns a one-second span of trace "t" with the given id, parent
// and attributes (key, value pairs).
func gspan(id, parent string, kv ...any) agentgraph.SpanRecord {
	r := agentgraph.SpanRecord{TraceID: "t", SpanID: id, ParentSpanID: parent, Start: graphAt(0), End: graphAt(1000),
		Attributes: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Attributes[kv[i].(string)] = kv[i+1]
	}
	return r
}

func gspanLinks(r agentgraph.SpanRecord, links ...agentgraph.LinkRecord) agentgraph.SpanRecord {
	r.Links = links
	return r
}

func glink(trace, span string, kv ...any) agentgraph.LinkRecord {
	l := agentgraph.LinkRecord{TraceID: trace, SpanID: span, Attributes: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		l.Attributes[kv[i].(string)] = kv[i+1]
	}
	return l
}

const (
	gkOp       = "gen_ai.operation.name"
	gkAgent    = "gen_ai.agent.name"
	gkTool     = "gen_ai.tool.name"
	gkModel    = "gen_ai.request.model"
	gkIn       = "gen_ai.usage.input_tokens"
	gkOut      = "gen_ai.usage.output_tokens"
	gkCost     = "noveum.cost.total"
	gkSource   = "noveum.agent.handoff.source.name"
	gkTarget   = "noveum.agent.handoff.target.name"
	gkLinkKind = "noveum.link.kind"
)

func TestBuildRules(t *testing.T) {
	tests := []struct {
		name    string
		records []agentgraph.SpanRecord
		want    string
	}{
		{
			name: "an agent is named by its name, else its id",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "planner", "gen_ai.agent.id", "p-1"),
				gspan("b", "a", gkOp, "invoke_agent", "gen_ai.agent.id", "ag-7"),
			},
			want: "agent:ag-7 calls=1\nagent:planner calls=1\nagent:planner -call-> agent:ag-7 ×1\n",
		},
		{
			name: "a model is named by the response model, else the request model",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "text_completion", gkModel, "m-req", "gen_ai.response.model", "m-resp"),
				gspan("b", "", gkOp, "embeddings", gkModel, "embed-3"),
				gspan("c", "", gkOp, "generate_content", gkModel, "gemini", "gen_ai.response.model", ""),
			},
			want: "model:embed-3 calls=1\nmodel:gemini calls=1\nmodel:m-resp calls=1\n",
		},
		{
			name: "spans of other operations, unnamed spans and names that are not strings are walked through",
			records: []agentgraph.SpanRecord{
				gspan("w", "", gkOp, "invoke_workflow", "gen_ai.workflow.name", "support"),
				gspan("x", "w", gkOp, "rerank", gkModel, "reranker"),
				gspan("y", "x", gkOp, "execute_tool"),
				gspan("z", "y", gkOp, "retrieval", "gen_ai.data_source.id", 42),
				gspan("o", "z", gkOp, 7, gkAgent, "ghost"),
				gspan("m", "o", gkOp, "chat", gkModel, "gpt-4o"),
			},
			want: "workflow:support calls=1\nmodel:gpt-4o calls=1\nworkflow:support -call-> model:gpt-4o ×1\n",
		},
		{
			name: "create_agent and plan count as calls; a plan in its own agent draws no edge",
			records: []agentgraph.SpanRecord{
				gspan("w", "", gkOp, "invoke_workflow", "gen_ai.workflow.name", "support"),
				gspan("c", "w", gkOp, "create_agent", gkAgent, "planner"),
				gspan("a", "w", gkOp, "invoke_agent", gkAgent, "planner"),
				gspan("p", "a", gkOp, "plan", gkAgent, "planner"),
				gspan("m", "p", gkOp, "chat", gkModel, "gpt-4o"),
			},
			want: "workflow:support calls=1\nagent:planner calls=3\nmodel:gpt-4o calls=1\n" +
				"agent:planner -call-> model:gpt-4o ×1\nworkflow:support -call-> agent:planner ×2\n",
		},
		{
			name: "an agent invoking itself draws a call to itself",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "solver"),
				gspan("b", "a", gkOp, "invoke_agent", gkAgent, "solver"),
			},
			want: "agent:solver calls=2\nagent:solver -call-> agent:solver ×1\n",
		},
		{
			name: "a hand-off replaces the call; without a target it goes to the span's agent",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "planner"),
				gspan("b", "a", gkOp, "invoke_agent", gkAgent, "researcher", gkSource, "planner"),
			},
			want: "agent:planner calls=1\nagent:researcher calls=1\nagent:planner -handoff-> agent:researcher ×1\n",
		},
		{
			name: "a hand-off may name agents that have no span",
			records: []agentgraph.SpanRecord{
				gspan("b", "", gkOp, "invoke_agent", gkAgent, "researcher", gkSource, "router", gkTarget, "triage"),
			},
			want: "agent:researcher calls=1\nagent:router calls=0\nagent:triage calls=0\nagent:router -handoff-> agent:triage ×1\n",
		},
		{
			name: "hand-off attributes count only on invoke_agent spans",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "planner"),
				gspan("t", "a", gkOp, "execute_tool", gkTool, "transfer", gkSource, "planner", gkTarget, "billing"),
			},
			want: "agent:planner calls=1\ntool:transfer calls=1\nagent:planner -call-> tool:transfer ×1\n",
		},
		{
			name: "links: by kind, from the agent at or above the linked span, to the span's node",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "researcher"),
				gspan("h", "a", "http.request.method", "GET"),
				gspan("t", "h", gkOp, "execute_tool", gkTool, "search"),
				gspanLinks(gspan("w", "", gkOp, "invoke_agent", gkAgent, "writer"),
					glink("t", "t", gkLinkKind, "message"),
					glink("t", "t", gkLinkKind, "message"),
					glink("t", "a", gkLinkKind, "handoff"),
					glink("t", "a"),                                        // no kind
					glink("t", "a", gkLinkKind, "follows"),                 // unknown kind
					glink("t", "a", gkLinkKind, 1),                         // not a string
					glink("t", "missing", gkLinkKind, "message"),           // not among the records
					glink("other", "a", gkLinkKind, "message"),             // same span id, other trace
					glink("t", "", gkLinkKind, "message"),                  // no span id
					glink("t", "w2", gkLinkKind, "message", "x", "y"),      // no agent above
					glink("t", "a", gkLinkKind, "message", "x", "y", "z")), // odd attributes are fine
				gspan("w2", "", gkOp, "chat", gkModel, "gpt-4o"),
			},
			want: "agent:researcher calls=1\nagent:writer calls=1\nmodel:gpt-4o calls=1\ntool:search calls=1\n" +
				"agent:researcher -handoff-> agent:writer ×1\nagent:researcher -message-> agent:writer ×3\nagent:researcher -call-> tool:search ×1\n",
		},
		{
			name: "links: names on the link win; a span that is no node sends the edge to its nearest node",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "planner"),
				gspanLinks(gspan("q", "a", "messaging.operation", "receive"),
					glink("t", "zzz", gkLinkKind, "handoff", gkSource, "router"),
					glink("t", "a", gkLinkKind, "message", gkSource, "router", gkTarget, "auditor")),
				gspanLinks(gspan("r", "", "messaging.operation", "receive"),
					glink("t", "a", gkLinkKind, "message")), // no node at or above r
			},
			want: "agent:auditor calls=0\nagent:planner calls=1\nagent:router calls=0\n" +
				"agent:router -message-> agent:auditor ×1\nagent:router -handoff-> agent:planner ×1\n",
		},
		{
			name: "usage: model calls roll up to the nearest agent; an agent's own report wins",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "planner", gkIn, int64(100)),
				gspan("m1", "a", gkOp, "chat", gkModel, "gpt-4o", gkIn, int64(10), gkOut, int64(5), gkCost, 0.5),
				gspan("m2", "a", gkOp, "chat", gkModel, "gpt-4o", gkIn, int64(20), gkOut, int64(6), gkCost, 0.25),
				gspan("t", "a", gkOp, "execute_tool", gkTool, "calc"),
				gspan("m3", "t", gkOp, "chat", gkModel, "gpt-4o-mini", gkIn, int64(1), gkOut, int64(1), gkCost, 0.125),
				gspan("b", "", gkOp, "invoke_agent", gkAgent, "remote", gkIn, int64(7), gkOut, int64(8), gkCost, 1.0),
			},
			want: "agent:planner calls=1 tokens=100/11 cost=0.75\nagent:remote calls=1 tokens=7/8 cost=1\n" +
				"model:gpt-4o calls=2 tokens=30/11 cost=0.75\nmodel:gpt-4o-mini calls=1 tokens=1/1 cost=0.125\ntool:calc calls=1\n" +
				"agent:planner -call-> model:gpt-4o ×2\nagent:planner -call-> tool:calc ×1\ntool:calc -call-> model:gpt-4o-mini ×1\n",
		},
		{
			name: "numbers of any Go or JSON type; negative, non-finite and non-numeric values are ignored",
			records: []agentgraph.SpanRecord{
				gspan("1", "", gkOp, "chat", gkModel, "m", gkIn, 1, gkOut, int32(2), gkCost, float32(0.5)),
				gspan("2", "", gkOp, "chat", gkModel, "m", gkIn, 10.9, gkOut, uint64(20), gkCost, json.Number("0.25")),
				gspan("3", "", gkOp, "chat", gkModel, "m", gkIn, json.Number("100"), gkOut, json.Number("2e2"), gkCost, int64(1)),
				gspan("4", "", gkOp, "chat", gkModel, "m", gkIn, int64(-5), gkOut, math.NaN(), gkCost, math.Inf(1)),
				gspan("5", "", gkOp, "chat", gkModel, "m", gkIn, "12", gkOut, true, gkCost, -0.5),
				gspan("6", "", gkOp, "chat", gkModel, "m", gkIn, json.Number("x"), gkOut, uint64(math.MaxUint64), gkCost, []any{1.0}),
				gspan("7", "", gkOp, "chat", gkModel, "m", gkIn, 1e30, gkOut, uint8(3), gkCost, uint(2)),
			},
			want: "model:m calls=7 tokens=111/225 cost=3.75\n",
		},
		{
			name: "parents are looked up in the span's own trace",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "planner"),
				{TraceID: "other", SpanID: "m", ParentSpanID: "a", Attributes: map[string]any{gkOp: "chat", gkModel: "gpt-4o"}},
			},
			want: "agent:planner calls=1\nmodel:gpt-4o calls=1\n",
		},
		{
			name: "duplicate span ids: every record counts, parents resolve to the first",
			records: []agentgraph.SpanRecord{
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "first"),
				gspan("a", "", gkOp, "invoke_agent", gkAgent, "second"),
				gspan("m", "a", gkOp, "chat", gkModel, "gpt-4o"),
			},
			want: "agent:first calls=1\nagent:second calls=1\nmodel:gpt-4o calls=1\nagent:first -call-> model:gpt-4o ×1\n",
		},
		{
			name: "cycles of parent ids and self parents end the walk",
			records: []agentgraph.SpanRecord{
				gspan("s", "s", gkOp, "invoke_agent", gkAgent, "self"),
				gspan("x", "y", "k", "v"),
				gspan("y", "x", "k", "v"),
				gspan("m", "x", gkOp, "chat", gkModel, "gpt-4o"),
				gspan("p", "q", gkOp, "invoke_agent", gkAgent, "p"),
				gspan("q", "p", gkOp, "execute_tool", gkTool, "q"),
			},
			want: "agent:p calls=1\nagent:self calls=1\nmodel:gpt-4o calls=1\ntool:q calls=1\n" +
				"agent:p -call-> tool:q ×1\ntool:q -call-> agent:p ×1\n",
		},
		{
			name:    "no records",
			records: nil,
			want:    "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := agentgraph.Build(tt.records)
			require.NotNil(t, g)
			assert.Equal(t, tt.want, graphSummary(g))
			checkGraphInvariants(t, g)
		})
	}
}

// Latency sums End - Start over a node's spans; a span that ends before it
// starts (or never ended) adds nothing. Errors count spans with Error.
func TestBuildLatencyAndErrors(t *testing.T) {
	span := func(start, end time.Time, failed bool) agentgraph.SpanRecord {
		r := gspan("", "", gkOp, "execute_tool", gkTool, "search")
		r.Start, r.End, r.Error = start, end, failed
		return r
	}
	g := agentgraph.Build([]agentgraph.SpanRecord{
		span(graphAt(0), graphAt(250), false),
		span(graphAt(0), graphAt(1500), true),
		span(graphAt(1000), graphAt(0), true),
		span(graphAt(0), time.Time{}, false),
		span(time.Time{}, time.Time{}, false),
	})
	n, ok := g.Node("tool:search")
	require.True(t, ok)
	assert.Equal(t, agentgraph.Node{ID: "tool:search", Kind: agentgraph.NodeTool, Name: "search", Calls: 5, Errors: 2, Latency: 1750 * time.Millisecond}, n)
	_, ok = g.Node("tool:other")
	assert.False(t, ok)
}

// Sums saturate instead of overflowing, so the JSON stays valid.
func TestBuildSaturates(t *testing.T) {
	huge := gspan("", "", gkOp, "chat", gkModel, "m", gkIn, int64(math.MaxInt64), gkOut, float64(math.MaxInt64/2), gkCost, math.MaxFloat64)
	long := huge
	long.Start, long.End = time.Unix(-1<<40, 0), time.Unix(1<<40, 0)
	g := agentgraph.Build([]agentgraph.SpanRecord{huge, huge, long, long})
	n := g.Nodes[0]
	assert.Equal(t, int64(math.MaxInt64), n.InputTokens)
	assert.Equal(t, math.MaxFloat64, n.Cost)
	assert.Equal(t, time.Duration(math.MaxInt64), n.Latency)
	checkGraphInvariants(t, g)
}

func TestGraphJSON(t *testing.T) {
	js, err := agentgraph.Build(nil).MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"nodes":[],"edges":[]}`, string(js))
	var nilGraph *agentgraph.Graph
	js, err = nilGraph.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"nodes":[],"edges":[]}`, string(js))

	js, err = json.Marshal(agentgraph.Build([]agentgraph.SpanRecord{
		gspan("a", "", gkOp, "invoke_agent", gkAgent, "planner"),
		gspan("m", "a", gkOp, "chat", gkModel, "gpt-4o", gkIn, int64(3), gkOut, int64(4), gkCost, 0.5),
	}))
	require.NoError(t, err)
	assert.JSONEq(t, `{"nodes":[
		{"id":"agent:planner","kind":"agent","name":"planner","calls":1,"errors":0,"latency_ms":1000,"input_tokens":3,"output_tokens":4,"cost":0.5},
		{"id":"model:gpt-4o","kind":"model","name":"gpt-4o","calls":1,"errors":0,"latency_ms":1000,"input_tokens":3,"output_tokens":4,"cost":0.5}],
		"edges":[{"from":"agent:planner","to":"model:gpt-4o","kind":"call","count":1}]}`, string(js))
}

// A nil or empty graph renders as an empty diagram.
func TestGraphRenderEmpty(t *testing.T) {
	var nilGraph *agentgraph.Graph
	empty := "digraph agents {\n\trankdir=LR;\n\tnode [fontname=\"Helvetica\", fontsize=10];\n\tedge [fontname=\"Helvetica\", fontsize=9];\n}\n"
	assert.Equal(t, empty, nilGraph.DOT())
	assert.Equal(t, empty, agentgraph.Build(nil).DOT())
	assert.Equal(t, "flowchart LR\n", nilGraph.Mermaid())
	assert.Equal(t, "flowchart LR\n", agentgraph.Build(nil).Mermaid())
	_, ok := nilGraph.Node("agent:x")
	assert.False(t, ok)
}

// Names are used as they are in node ids and escaped by the renderers:
// no name can end a DOT string early, merge two DOT nodes, or inject
// Mermaid syntax.
func TestGraphRenderEscapesNames(t *testing.T) {
	names := []string{
		`say "hi"`, `back\slash`, `trailing\`, "two\nlines", "crlf\r\nline", "tab\there", "bell\a",
		"bad\xffutf8", "ünïcødé ✓", "a#quot;b", "<b>&amp;</b>", "`md`", "end", "a-b", "a_b", "a b",
		strings.Repeat("long", 20),
	}
	var records []agentgraph.SpanRecord
	records = append(records, gspan("root", "", gkOp, "invoke_agent", gkAgent, "root"))
	for i, name := range names {
		records = append(records, gspan(fmt.Sprint(i), "root", gkOp, "execute_tool", gkTool, name))
		r := gspan(fmt.Sprint("f", i), fmt.Sprint(i), gkOp, "execute_tool", gkTool, name)
		r.Error = true
		records = append(records, r)
	}
	g := agentgraph.Build(records)
	checkGraphInvariants(t, g)
	for _, name := range names {
		_, ok := g.Node("tool:" + name)
		assert.True(t, ok, "node ids keep the name as it is: %q", name)
	}

	dot := g.DOT()
	lines := strings.Split(strings.TrimSuffix(dot, "\n"), "\n")
	dotString := `"(?:[^"\\]|\\.)*"`
	nodeLine := regexp.MustCompile(`^\t(` + dotString + `) \[shape=[a-z]+(?:, style=rounded)?, label=` + dotString + `(?:, color=red)?\];$`)
	edgeLine := regexp.MustCompile(`^\t(` + dotString + `) -> (` + dotString + `) \[label="[^"\\]*"(?:, style=(?:dashed|dotted))?\];$`)
	dotIDs := map[string]bool{}
	for _, line := range lines[4 : 4+len(g.Nodes)] {
		m := nodeLine.FindStringSubmatch(line)
		require.NotNil(t, m, "node line %q", line)
		assert.False(t, dotIDs[m[1]], "DOT id %s is given twice", m[1])
		dotIDs[m[1]] = true
	}
	for _, line := range lines[4+len(g.Nodes) : len(lines)-1] {
		m := edgeLine.FindStringSubmatch(line)
		require.NotNil(t, m, "edge line %q", line)
		assert.True(t, dotIDs[m[1]] && dotIDs[m[2]], "edge %q joins declared nodes", line)
	}
	assert.Contains(t, dot, `"tool:say \"hi\""`)
	assert.Contains(t, dot, `"tool:trailing\\"`)
	assert.Contains(t, dot, `"tool:two\nlines"`)
	assert.Contains(t, dot, `"tool:bad\xffutf8"`)
	assert.Contains(t, dot, `label="back\\slash\n2 calls, 1 error\n`)
	assert.Contains(t, dot, `label="crlf\nline\n`)
	assert.Contains(t, dot, "label=\"bad\uFFFDutf8\\n")
	assert.Contains(t, dot, `"tool:<b>&amp;</b>" [shape=component, label="<b>&amp;amp;</b>\n`)

	mmd := g.Mermaid()
	mLines := strings.Split(strings.TrimSuffix(mmd, "\n"), "\n")
	require.Equal(t, "flowchart LR", mLines[0])
	mNode := regexp.MustCompile(`^    ([A-Za-z0-9_]+)(\(|\[\[|\(\[|\{\{|\[\()"([^"<>` + "`" + `]|<br/>)*"(\)|\]\]|\]\)|\}\}|\)\])$`)
	mEdge := regexp.MustCompile(`^    ([A-Za-z0-9_]+) (-->|-\.->|==>)\|[a-z -]+(?: ×\d+)?\| ([A-Za-z0-9_]+)$`)
	mIDs := map[string]bool{}
	for _, line := range mLines[1 : 1+len(g.Nodes)] {
		m := mNode.FindStringSubmatch(line)
		require.NotNil(t, m, "node line %q", line)
		assert.False(t, mIDs[m[1]], "Mermaid id %s is given twice", m[1])
		assert.NotEqual(t, "end", m[1])
		mIDs[m[1]] = true
		assert.NotRegexp(t, `#(?:[^0-9a-z]|[0-9a-z]+[^0-9a-z;])`, line, "a # that is no entity code")
	}
	for _, line := range mLines[1+len(g.Nodes) : 1+len(g.Nodes)+len(g.Edges)] {
		m := mEdge.FindStringSubmatch(line)
		require.NotNil(t, m, "edge line %q", line)
		assert.True(t, mIDs[m[1]] && mIDs[m[3]], "edge %q joins declared nodes", line)
	}
	assert.Contains(t, mmd, `("root<br/>1 call<br/>1s")`)
	assert.Contains(t, mmd, `[["say #quot;hi#quot;<br/>`)
	assert.Contains(t, mmd, `[["a#35;quot;b<br/>`)
	assert.Contains(t, mmd, `[["#lt;b#gt;#amp;amp;#lt;/b#gt;<br/>`)
	assert.Contains(t, mmd, `[["#96;md#96;<br/>`)
	assert.Contains(t, mmd, `[["two<br/>lines<br/>`)
	assert.Contains(t, mmd, "\n    classDef failed stroke:#c00,stroke-width:2px\n    class ")
}

// A graph built by hand renders too, whatever it holds.
func TestGraphRenderHandBuilt(t *testing.T) {
	g := &agentgraph.Graph{
		Nodes: []agentgraph.Node{
			{ID: "x", Kind: "custom kind", Name: "x", Calls: 1, Cost: 0.00000123, Latency: 1500 * time.Microsecond},
			{ID: "x", Kind: "custom kind", Name: "x again"},
		},
		Edges: []agentgraph.Edge{{From: "x", To: "x", Kind: "weird\"kind", Count: 3}, {From: "x", To: "missing", Kind: agentgraph.EdgeCall, Count: 1}},
	}
	dot := g.DOT()
	assert.Contains(t, dot, "\t\"x\" [shape=box, label=\"x\\n1 call\\n2ms, $0.00000123\"];\n")
	assert.Contains(t, dot, "\t\"x\" -> \"x\" [label=\"weirdkind ×3\"];\n")
	mmd := g.Mermaid()
	assert.Contains(t, mmd, "    custom_kind_x_0[\"x<br/>1 call<br/>2ms, $0.00000123\"]\n")
	assert.Contains(t, mmd, "    custom_kind_x_0 -->|weirdkind ×3| custom_kind_x_0\n")
	assert.NotContains(t, mmd, "missing")
}

func TestGraphLabelFormats(t *testing.T) {
	tests := []struct {
		node agentgraph.Node
		want string
	}{
		{agentgraph.Node{Kind: agentgraph.NodeAgent, Name: "a", Calls: 3, Errors: 1, Latency: 1234 * time.Millisecond, InputTokens: 1500, OutputTokens: 30, Cost: 0.0123},
			`label="a\n3 calls, 1 error\n1.2s, 1530 tokens, $0.0123"`},
		{agentgraph.Node{Kind: agentgraph.NodeAgent, Name: "a", Calls: 1, Errors: 2, Latency: 340400 * time.Microsecond, OutputTokens: 1, Cost: 1.5},
			`label="a\n1 call, 2 errors\n340ms, 1 token, $1.50"`},
		{agentgraph.Node{Kind: agentgraph.NodeAgent, Name: "a", Latency: 850400 * time.Nanosecond, Cost: 0.000971},
			`label="a\n0 calls\n850µs, $0.000971"`},
		{agentgraph.Node{Kind: agentgraph.NodeAgent, Name: "a", Calls: 2, Latency: 123*time.Second + 449*time.Millisecond, Cost: 12.34567},
			`label="a\n2 calls\n2m3.4s, $12.3457"`},
		{agentgraph.Node{Kind: agentgraph.NodeAgent, Name: "a", Calls: 1, Latency: 300},
			`label="a\n1 call\n300ns"`},
	}
	for _, tt := range tests {
		g := &agentgraph.Graph{Nodes: []agentgraph.Node{tt.node}}
		assert.Contains(t, g.DOT(), tt.want)
	}
}

// FuzzBuild builds records from fuzz bytes (small id alphabets, so
// that parents, cycles, duplicates and links meet) and checks that
// Build never panics and that its graph holds together.
func FuzzBuild(f *testing.F) {
	f.Add([]byte{0, 1, 6, 0, 1, 0, 0, 0, 0, 2, 1, 5, 1, 1, 0, 1, 3, 1}, "planner")
	f.Add([]byte{1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 1, 1, 1, 1, 255, 255}, "a\"b\\c\n")
	f.Add([]byte("the quick brown fox jumps over the lazy dog"), "")
	f.Add([]byte{}, "x")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		records := graphFuzzRecords(data, name)
		g := agentgraph.Build(records)
		checkGraphInvariants(t, g)
		calls := 0
		for _, n := range g.Nodes {
			calls += n.Calls
		}
		if calls > len(records) {
			t.Errorf("%d calls from %d records", calls, len(records))
		}
	})
}

// graphFuzzRecords decodes records, eight bytes each (then two a link).
func graphFuzzRecords(data []byte, name string) []agentgraph.SpanRecord {
	next := func() byte {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return b
	}
	ids := []string{"s0", "s1", "s2", "s3", "s4", name, ""}
	ops := []any{"invoke_agent", "create_agent", "plan", "invoke_workflow", "execute_tool", "chat", "embeddings",
		"text_completion", "generate_content", "retrieval", "rerank", 42, nil}
	names := []any{name, "planner", "researcher", "", 7, []string{"x"}, nil}
	numbers := []any{int64(10), 3.5, json.Number("12"), json.Number("1e400"), math.NaN(), math.Inf(-1), int64(-1),
		uint64(math.MaxUint64), "7", nil, float32(0.25), math.MaxFloat64}
	kinds := []any{"handoff", "message", "other", nil, 1}
	nameKeys := []string{gkAgent, "gen_ai.agent.id", "gen_ai.workflow.name", gkTool, gkModel, "gen_ai.response.model", "gen_ai.data_source.id"}
	var records []agentgraph.SpanRecord
	for len(data) > 0 && len(records) < 64 {
		traceID := []string{"t0", "t1"}[next()%2]
		r := agentgraph.SpanRecord{TraceID: traceID, SpanID: ids[int(next())%len(ids)], Attributes: map[string]any{}}
		if p := next() % 9; p < 7 {
			r.ParentSpanID = ids[p]
		} else if p == 7 {
			r.ParentSpanID = "missing"
		}
		if op := ops[int(next())%len(ops)]; op != nil {
			r.Attributes[gkOp] = op
		}
		b := next()
		if v := names[int(b)%len(names)]; v != nil {
			r.Attributes[nameKeys[int(b>>4)%len(nameKeys)]] = v
		}
		b = next()
		r.Attributes[gkIn] = numbers[int(b)%len(numbers)]
		r.Attributes[gkCost] = numbers[int(b>>4)%len(numbers)]
		flags := next()
		r.Error = flags&1 != 0
		if flags&2 != 0 {
			r.Attributes[gkSource] = names[int(flags>>4)%len(names)]
		}
		if flags&4 != 0 {
			r.Attributes[gkTarget] = names[int(flags>>5)%len(names)]
		}
		r.Start = graphAt(int(flags>>3) * 100)
		r.End = graphAt(int(next()) * 10)
		for range next() % 3 {
			lb := next()
			l := agentgraph.LinkRecord{TraceID: []string{"t0", "t1"}[lb%2], SpanID: ids[int(lb>>1)%len(ids)], Attributes: map[string]any{}}
			kb := next()
			if k := kinds[int(kb)%len(kinds)]; k != nil {
				l.Attributes[gkLinkKind] = k
			}
			if kb&0x10 != 0 {
				l.Attributes[gkSource] = names[int(kb>>5)%len(names)]
			}
			if kb&0x08 != 0 {
				l.Attributes[gkTarget] = names[int(kb>>2)%len(names)]
			}
			r.Links = append(r.Links, l)
		}
		records = append(records, r)
	}
	return records
}
