package agentgraph

import (
	"cmp"
	"encoding/json"
	"math"
	"slices"
	"time"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// SpanRecord is what the agent graph needs of one ended span. It is neutral
// about where the span came from: [RecordsFromSpans] makes records from SDK
// spans, and a reader of the Noveum JSON payload can fill them from the
// decoded spans (ids as UUID strings, attributes as decoded JSON).
type SpanRecord struct {
	// TraceID, SpanID and ParentSpanID identify the span and its parent in
	// any stable string form (hex from OTel, UUIDs from Noveum); a parent is
	// looked up by TraceID and ParentSpanID. An empty ParentSpanID means no
	// parent.
	TraceID, SpanID, ParentSpanID string
	// Name is the span's name. The graph does not read it; it is kept for
	// the readers of records.
	Name string
	// Start and End are the span's start and end times.
	Start, End time.Time
	// Error is true when the span's status is Error.
	Error bool
	// Attributes are the span's attributes by key. Values are read as Go or
	// decoded-JSON values: string, bool, int64, int, float64, json.Number,
	// []string, []any and so on. A value of a type the graph does not
	// expect is treated as absent.
	Attributes map[string]any
	// Links are the span's links.
	Links []LinkRecord
}

// LinkRecord is a span link: the linked span, by the same id forms as
// [SpanRecord], and the link's attributes.
type LinkRecord struct {
	TraceID, SpanID string
	Attributes      map[string]any
}

// NodeKind is what a node of the agent graph stands for.
type NodeKind string

// Kinds of nodes, in the order the graph sorts them.
const (
	// NodeWorkflow is a workflow (invoke_workflow spans).
	NodeWorkflow NodeKind = "workflow"
	// NodeAgent is an agent (invoke_agent, create_agent and plan spans).
	NodeAgent NodeKind = "agent"
	// NodeModel is a model (chat, text_completion, generate_content and
	// embeddings spans).
	NodeModel NodeKind = "model"
	// NodeTool is a tool (execute_tool spans).
	NodeTool NodeKind = "tool"
	// NodeRetrieval is a data source (retrieval spans).
	NodeRetrieval NodeKind = "retrieval"
	// NodeMCPServer is an MCP server that tools were called through
	// (execute_tool spans carrying noveum.mcp.server.name).
	NodeMCPServer NodeKind = "mcp_server"
)

// rank orders node kinds: workflow, agent, model, tool, retrieval, MCP
// server, then any other kind (a Graph built by hand may hold one).
func (k NodeKind) rank() int {
	switch k {
	case NodeWorkflow:
		return 0
	case NodeAgent:
		return 1
	case NodeModel:
		return 2
	case NodeTool:
		return 3
	case NodeRetrieval:
		return 4
	case NodeMCPServer:
		return 5
	}
	return 6
}

// EdgeKind is what an edge of the agent graph stands for.
type EdgeKind string

// Kinds of edges.
const (
	// EdgeCall is a span of one node nested in a span of another.
	EdgeCall EdgeKind = "call"
	// EdgeHandoff is work handed from one agent to another.
	EdgeHandoff EdgeKind = "handoff"
	// EdgeMessage is a message sent from one agent to another.
	EdgeMessage EdgeKind = "message"
)

// Node is an agent, workflow, model, tool or data source of the graph,
// with the totals of its spans.
type Node struct {
	// ID is Kind, a colon and Name: "agent:planner", "tool:web_search",
	// "model:gpt-4o", "retrieval:kb", "workflow:support". Names are used as
	// they are; the renderers escape them.
	ID   string
	Kind NodeKind
	Name string
	// Calls is the number of the node's spans; Errors, how many of them
	// ended with status Error. A node named only by a hand-off or a link
	// has no span of its own: 0 calls.
	Calls, Errors int
	// Latency is the sum of the durations of the node's spans.
	Latency time.Duration
	// InputTokens and OutputTokens are the tokens the node's spans used
	// (an agent's: its model calls', see Build).
	InputTokens, OutputTokens int64
	// Cost is what the node's spans cost, in USD (an agent's: its model
	// calls', see Build).
	Cost float64
}

// Edge is a relation between two nodes, with the number of times it was
// seen.
type Edge struct {
	// From and To are the ids of the nodes the edge joins.
	From, To string
	Kind     EdgeKind
	Count    int
}

// Graph is the agent graph derived from a set of ended spans by
// [Build]: who called, handed work to or messaged whom, and what each
// agent, workflow, model, tool and data source cost.
//
// Nodes are sorted by kind (workflow, agent, model, tool, retrieval), then
// by name; edges by From, then To, then Kind. Every edge's ends are nodes of
// the graph. It renders as JSON ([Graph.MarshalJSON]), Graphviz DOT
// ([Graph.DOT]) and Mermaid ([Graph.Mermaid]), deterministically. Its
// methods only read it, so they may be called concurrently.
type Graph struct {
	Nodes []Node
	Edges []Edge
}

// Node returns the node with the given id ("agent:planner").
func (g *Graph) Node(id string) (Node, bool) {
	if g == nil {
		return Node{}, false
	}
	for _, n := range g.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return Node{}, false
}

// Build derives the agent graph of records, in any order. It only
// reads them. It never fails: records with missing parents, cycles of
// parent ids, duplicate ids, empty names or attribute values of unexpected
// types give a smaller graph, never a panic.
//
// # Nodes
//
// A span is classified by gen_ai.operation.name and named by an attribute
// of its kind:
//
//	invoke_agent, create_agent, plan  agent      gen_ai.agent.name, else gen_ai.agent.id
//	invoke_workflow                   workflow   gen_ai.workflow.name
//	execute_tool                      tool       gen_ai.tool.name
//	chat, text_completion,            model      gen_ai.response.model, else gen_ai.request.model
//	  generate_content, embeddings
//	retrieval                         retrieval  gen_ai.data_source.id
//
// A span of any other operation, or whose name attribute is missing, empty
// or not a string, is not a node; it is still walked through when looking
// for a span's ancestors.
//
// MCP: an execute_tool span with noveum.mcp.server.name (the client side of
// an MCP tools/call) is a call of its tool and of an mcp_server node of that
// name, which stands between the caller and the tool (see Edges). An
// execute_tool span with mcp.method.name whose nearest node ancestor is the
// same tool (the server side of that call, traced in the same process) is
// not a node: one tool call counts once. Every span of a node counts as a call of it:
// create_agent and plan spans count as calls of their agent, like
// invoke_agent spans, to keep the rule simple.
//
// A node's Calls is its number of spans, Errors how many of them have
// Error set, Latency the sum of their durations (End - Start, 0 when
// negative). Nested spans of one node (an agent's plan inside its
// invoke_agent, an agent invoking itself) each count in full.
//
// InputTokens, OutputTokens and Cost add up gen_ai.usage.input_tokens,
// gen_ai.usage.output_tokens and noveum.cost.total (USD), given as any Go
// or JSON number; a negative, non-finite or non-numeric value is ignored.
// An agent's tokens and cost are what its model calls used: each of its
// spans adds the usage of the model spans whose nearest node ancestor it
// is. An agent span that reports a quantity itself (a remote agent, or an
// instrumentation that totals its run on the agent span) is taken at its
// word for that quantity, and its model calls are not added to it, so that
// nothing is counted twice. An agent's Latency is its own spans' durations.
// Workflows, tools and data sources count only their own spans' usage.
//
// # Edges
//
// Call: from the node of a span's nearest ancestor that is a node (parents
// are looked up by trace id and parent span id among the records) to the
// span's node. A span with no such ancestor has no call edge. A tool called
// through an MCP server draws two: caller to mcp_server, mcp_server to tool. A plan or
// create_agent span nested in a span of its own agent draws no edge.
//
// Hand-off: an invoke_agent span with noveum.agent.handoff.source.name
// draws a hand-off edge from that agent to the agent named by
// noveum.agent.handoff.target.name (else the span's own agent) instead of a
// call edge.
//
// Links: a link whose attributes hold noveum.link.kind "handoff" or
// "message" draws an edge of that kind from the agent named by the link's
// noveum.agent.handoff.source.name, else from the nearest agent at or above
// the linked span when it is among the records, to the agent named by the
// link's noveum.agent.handoff.target.name, else to the node of the span
// holding the link, else to its nearest node ancestor. A link without
// noveum.link.kind, or whose ends cannot be found, draws nothing.
//
// An agent named only by a hand-off or a link becomes a node with 0 calls.
// Edges are counted per (From, To, Kind).
//
// Parent lookups use the first record of a span id when ids repeat; every
// record counts. A cycle of parent ids ends the walk up.
func Build(records []SpanRecord) *Graph {
	b := newGraphBuilder(records)
	b.classify()
	b.linkParents()
	b.mergeMCPServerSpans()
	b.addStats()
	b.addEdges()
	return b.graph()
}

// Attribute keys the graph reads.
const (
	keyOperation     = string(semconv.GenAIOperationNameKey)
	keyAgentName     = string(semconv.GenAIAgentNameKey)
	keyAgentID       = string(semconv.GenAIAgentIDKey)
	keyWorkflowName  = string(semconv.GenAIWorkflowNameKey)
	keyToolName      = string(semconv.GenAIToolNameKey)
	keyResponseModel = string(semconv.GenAIResponseModelKey)
	keyRequestModel  = string(semconv.GenAIRequestModelKey)
	keyDataSource    = string(semconv.GenAIDataSourceIDKey)
	keyInputTokens   = string(semconv.GenAIUsageInputTokensKey)
	keyOutputTokens  = string(semconv.GenAIUsageOutputTokensKey)
	keyCostTotal     = string(semconv.NoveumCostTotalKey)
	keyHandoffSource = string(semconv.NoveumAgentHandoffSourceNameKey)
	keyHandoffTarget = string(semconv.NoveumAgentHandoffTargetNameKey)
	keyLinkKind      = string(semconv.NoveumLinkKindKey)
	keyMCPServer     = string(semconv.NoveumMCPServerNameKey)
	keyMCPMethod     = string(semconv.MCPMethodNameKey)
)

// Values of the per-record indexes of graphBuilder besides real indexes.
const (
	noNode      = -1
	unknownNode = -2 // nearest node ancestor not computed yet
	walkingNode = -3 // on the walk in progress: a cycle if met again
)

type spanKey struct{ trace, span string }

type nodeKey struct {
	kind NodeKind
	name string
}

type edgeKey struct {
	from, to int
	kind     EdgeKind
}

// usage is what one span reports, or what the model spans under an agent
// span used.
type usage struct {
	in, out       int64
	cost          float64
	hasIn, hasOut bool
	hasCost       bool
}

func (u *usage) add(v usage) {
	if v.hasIn {
		u.in, u.hasIn = addCount(u.in, v.in), true
	}
	if v.hasOut {
		u.out, u.hasOut = addCount(u.out, v.out), true
	}
	if v.hasCost {
		u.cost, u.hasCost = addCost(u.cost, v.cost), true
	}
}

type graphBuilder struct {
	recs    []SpanRecord
	ops     []semconv.Operation // per record
	node    []int               // per record: index in nodes, or noNode
	parent  []int               // per record: index of the parent record, or noNode
	nearest []int               // per record: nearest ancestor record that is a node (memo)
	own     []usage             // per node record: what the span reports
	index   map[spanKey]int     // the first record of each span id
	path    []int               // scratch for nearestNode
	nodes   []Node
	byKey   map[nodeKey]int
	edges   map[edgeKey]int
	via     map[int]int // record -> the mcp_server node its tool was called through
}

func newGraphBuilder(records []SpanRecord) *graphBuilder {
	n := len(records)
	ints := make([]int, 3*n) // one allocation for the three per-record slices
	b := &graphBuilder{
		recs:    records,
		ops:     make([]semconv.Operation, n),
		node:    ints[:n:n],
		parent:  ints[n : 2*n : 2*n],
		nearest: ints[2*n:],
		own:     make([]usage, n),
		byKey:   make(map[nodeKey]int),
		edges:   make(map[edgeKey]int),
	}
	for i := range n {
		b.node[i], b.parent[i], b.nearest[i] = noNode, noNode, unknownNode
	}
	return b
}

// classify finds each record's node, creating nodes as they are met.
func (b *graphBuilder) classify() {
	for i := range b.recs {
		attrs := b.recs[i].Attributes
		op, ok := attrs[keyOperation].(string)
		if !ok {
			continue
		}
		b.ops[i] = semconv.Operation(op)
		var kind NodeKind
		var name string
		switch b.ops[i] {
		case semconv.OperationInvokeAgent, semconv.OperationCreateAgent, semconv.OperationPlan:
			kind, name = NodeAgent, firstString(attrs, keyAgentName, keyAgentID)
		case semconv.OperationInvokeWorkflow:
			kind, name = NodeWorkflow, firstString(attrs, keyWorkflowName)
		case semconv.OperationExecuteTool:
			kind, name = NodeTool, firstString(attrs, keyToolName)
			if server := firstString(attrs, keyMCPServer); server != "" && name != "" {
				if b.via == nil {
					b.via = make(map[int]int)
				}
				b.via[i] = b.nodeFor(NodeMCPServer, server)
			}
		case semconv.OperationChat, semconv.OperationTextCompletion, semconv.OperationGenerate, semconv.OperationEmbeddings:
			kind, name = NodeModel, firstString(attrs, keyResponseModel, keyRequestModel)
		case semconv.OperationRetrieval:
			kind, name = NodeRetrieval, firstString(attrs, keyDataSource)
		}
		if name != "" {
			b.node[i] = b.nodeFor(kind, name)
		}
	}
}

// nodeFor returns the index of the node of kind and name, created with no
// calls if new.
func (b *graphBuilder) nodeFor(kind NodeKind, name string) int {
	k := nodeKey{kind, name}
	if n, ok := b.byKey[k]; ok {
		return n
	}
	b.nodes = append(b.nodes, Node{Kind: kind, Name: name})
	b.byKey[k] = len(b.nodes) - 1
	return len(b.nodes) - 1
}

// linkParents resolves each record's parent among the records.
func (b *graphBuilder) linkParents() {
	index := make(map[spanKey]int, len(b.recs))
	for i := range b.recs {
		r := &b.recs[i]
		if r.SpanID == "" {
			continue
		}
		k := spanKey{r.TraceID, r.SpanID}
		if _, dup := index[k]; !dup {
			index[k] = i
		}
	}
	for i := range b.recs {
		r := &b.recs[i]
		if r.ParentSpanID == "" {
			continue
		}
		if p, ok := index[spanKey{r.TraceID, r.ParentSpanID}]; ok && p != i {
			b.parent[i] = p
		}
	}
	b.index = index
}

// mergeMCPServerSpans takes out of the nodes the server side of an MCP tool
// call whose client side is among the records: an execute_tool span with
// mcp.method.name under a span of the same tool.
func (b *graphBuilder) mergeMCPServerSpans() {
	var merged []int
	for i := range b.recs {
		n := b.node[i]
		if n == noNode || b.nodes[n].Kind != NodeTool || firstString(b.recs[i].Attributes, keyMCPMethod) == "" {
			continue
		}
		if a := b.nearestNode(i); a != noNode && b.node[a] == n {
			merged = append(merged, i)
		}
	}
	if len(merged) == 0 {
		return
	}
	for _, i := range merged {
		b.node[i] = noNode
		delete(b.via, i)
	}
	for i := range b.nearest { // memoised walks may have stopped at a merged span
		b.nearest[i] = unknownNode
	}
}

// addStats adds each node span's calls, errors, latency and usage to its
// node; model usage goes to the agent above it as well (see Build).
func (b *graphBuilder) addStats() {
	var below []usage // per record: the usage of the model spans right under an agent span
	for i := range b.recs {
		n := b.node[i]
		if n == noNode {
			continue
		}
		r := &b.recs[i]
		node := &b.nodes[n]
		node.Calls++
		if r.Error {
			node.Errors++
		}
		if d := r.End.Sub(r.Start); d > 0 {
			node.Latency = addDuration(node.Latency, d)
		}
		if v, ok := b.via[i]; ok {
			server := &b.nodes[v]
			server.Calls++
			if r.Error {
				server.Errors++
			}
			if d := r.End.Sub(r.Start); d > 0 {
				server.Latency = addDuration(server.Latency, d)
			}
		}
		u := readUsage(r.Attributes)
		b.own[i] = u
		if node.Kind != NodeModel {
			continue
		}
		if a := b.nearestNode(i); a != noNode && b.nodes[b.node[a]].Kind == NodeAgent {
			if below == nil {
				below = make([]usage, len(b.recs))
			}
			below[a].add(u)
		}
	}
	for i := range b.recs {
		n := b.node[i]
		if n == noNode {
			continue
		}
		node, u := &b.nodes[n], b.own[i]
		if node.Kind == NodeAgent && below != nil {
			m := below[i]
			if !u.hasIn {
				u.in = m.in
			}
			if !u.hasOut {
				u.out = m.out
			}
			if !u.hasCost {
				u.cost = m.cost
			}
		}
		node.InputTokens = addCount(node.InputTokens, u.in)
		node.OutputTokens = addCount(node.OutputTokens, u.out)
		node.Cost = addCost(node.Cost, u.cost)
	}
}

// addEdges counts the call, hand-off and link edges.
func (b *graphBuilder) addEdges() {
	for i := range b.recs {
		r := &b.recs[i]
		n := b.node[i]
		op := b.ops[i]
		if source := firstString(r.Attributes, keyHandoffSource); source != "" && op == semconv.OperationInvokeAgent {
			to := n
			if target := firstString(r.Attributes, keyHandoffTarget); target != "" {
				to = b.nodeFor(NodeAgent, target)
			}
			if to != noNode {
				b.addEdge(b.nodeFor(NodeAgent, source), to, EdgeHandoff)
			}
		} else if n != noNode {
			to := n
			if v, ok := b.via[i]; ok {
				b.addEdge(v, n, EdgeCall)
				to = v
			}
			if a := b.nearestNode(i); a != noNode {
				from := b.node[a]
				ownPhase := op == semconv.OperationPlan || op == semconv.OperationCreateAgent
				if !(ownPhase && from == n) {
					b.addEdge(from, to, EdgeCall)
				}
			}
		}
		for _, l := range r.Links {
			b.addLinkEdge(i, l)
		}
	}
}

// addLinkEdge draws the edge of the link l of record i, if it is an agent
// link whose ends can be found.
func (b *graphBuilder) addLinkEdge(i int, l LinkRecord) {
	kind, _ := l.Attributes[keyLinkKind].(string)
	var ek EdgeKind
	switch semconv.LinkKind(kind) {
	case semconv.LinkHandoff:
		ek = EdgeHandoff
	case semconv.LinkMessage:
		ek = EdgeMessage
	default:
		return
	}
	from := noNode
	if source := firstString(l.Attributes, keyHandoffSource); source != "" {
		from = b.nodeFor(NodeAgent, source)
	} else if linked, ok := b.index[spanKey{l.TraceID, l.SpanID}]; ok && l.SpanID != "" {
		from = b.agentAtOrAbove(linked)
	}
	if from == noNode {
		return
	}
	to := noNode
	if target := firstString(l.Attributes, keyHandoffTarget); target != "" {
		to = b.nodeFor(NodeAgent, target)
	} else if b.node[i] != noNode {
		to = b.node[i]
	} else if a := b.nearestNode(i); a != noNode {
		to = b.node[a]
	}
	if to != noNode {
		b.addEdge(from, to, ek)
	}
}

func (b *graphBuilder) addEdge(from, to int, kind EdgeKind) {
	b.edges[edgeKey{from, to, kind}]++
}

// nearestNode returns the nearest ancestor record of record i that is a
// node, or noNode. It memoises every record on the way up, so that the
// whole set costs linear time; a walk that meets itself (a cycle of parent
// ids) finds no node.
func (b *graphBuilder) nearestNode(i int) int {
	if b.nearest[i] != unknownNode {
		return b.nearest[i]
	}
	path := append(b.path[:0], i)
	b.nearest[i] = walkingNode
	answer := noNode
	for p := b.parent[i]; p != noNode; p = b.parent[p] {
		if b.nearest[p] == walkingNode {
			break // a cycle
		}
		if b.node[p] != noNode {
			answer = p
			break
		}
		if b.nearest[p] != unknownNode {
			answer = b.nearest[p]
			break
		}
		b.nearest[p] = walkingNode
		path = append(path, p)
	}
	for _, j := range path {
		b.nearest[j] = answer
	}
	b.path = path
	return answer
}

// agentAtOrAbove returns the agent node of record i or of its nearest
// ancestor that is an agent, or noNode. Cycles of parent ids end the walk.
func (b *graphBuilder) agentAtOrAbove(i int) int {
	for steps := 0; i != noNode && steps <= len(b.recs); steps++ {
		if n := b.node[i]; n != noNode && b.nodes[n].Kind == NodeAgent {
			return n
		}
		i = b.nearestNode(i)
	}
	return noNode
}

// graph returns the sorted nodes and edges.
func (b *graphBuilder) graph() *Graph {
	order := make([]int, len(b.nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		nx, ny := &b.nodes[x], &b.nodes[y]
		return cmp.Or(cmp.Compare(nx.Kind.rank(), ny.Kind.rank()), cmp.Compare(nx.Name, ny.Name))
	})
	g := &Graph{Nodes: make([]Node, len(order)), Edges: make([]Edge, 0, len(b.edges))}
	for pos, n := range order {
		node := b.nodes[n]
		node.ID = string(node.Kind) + ":" + node.Name
		g.Nodes[pos] = node
		b.nodes[n].ID = node.ID
	}
	for k, count := range b.edges {
		g.Edges = append(g.Edges, Edge{From: b.nodes[k.from].ID, To: b.nodes[k.to].ID, Kind: k.kind, Count: count})
	}
	slices.SortFunc(g.Edges, func(x, y Edge) int {
		return cmp.Or(cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To), cmp.Compare(x.Kind, y.Kind))
	})
	return g
}

// firstString returns the first of attrs' values for keys that is a
// non-empty string, or "".
func firstString(attrs map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := attrs[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// readUsage reads the tokens and cost a span reports; a value that is
// absent or invalid reads as 0 and is not reported.
func readUsage(attrs map[string]any) usage {
	var u usage
	if len(attrs) == 0 {
		return u
	}
	u.in, u.hasIn = count(attrs[keyInputTokens])
	u.out, u.hasOut = count(attrs[keyOutputTokens])
	u.cost, u.hasCost = amount(attrs[keyCostTotal])
	return u
}

// count reads a token count: a non-negative integer given as any Go or
// JSON number (a fraction is cut).
func count(v any) (int64, bool) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case int32:
		n = int64(x)
	case int16:
		n = int64(x)
	case int8:
		n = int64(x)
	case uint64:
		if x > math.MaxInt64 {
			return 0, false
		}
		n = int64(x)
	case uint:
		if uint64(x) > math.MaxInt64 {
			return 0, false
		}
		n = int64(x)
	case uint32:
		n = int64(x)
	case uint16:
		n = int64(x)
	case uint8:
		n = int64(x)
	case float64:
		return floatCount(x)
	case float32:
		return floatCount(float64(x))
	case json.Number:
		if i, err := x.Int64(); err == nil {
			n = i
		} else if f, err := x.Float64(); err == nil {
			return floatCount(f)
		} else {
			return 0, false
		}
	default:
		return 0, false
	}
	if n < 0 {
		return 0, false
	}
	return n, true
}

func floatCount(f float64) (int64, bool) {
	if !(f >= 0 && f < math.MaxInt64) { // also false for NaN
		return 0, false
	}
	return int64(f), true
}

// amount reads a cost: a finite, non-negative number of any Go or JSON
// numeric type.
func amount(v any) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case float32:
		f = float64(x)
	case json.Number:
		var err error
		if f, err = x.Float64(); err != nil {
			return 0, false
		}
	default:
		n, ok := count(v)
		return float64(n), ok
	}
	if !(f >= 0) || math.IsInf(f, 0) { // NaN fails f >= 0
		return 0, false
	}
	return f, true
}

// addCount adds non-negative counts, saturating rather than overflowing.
func addCount(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// addCost adds non-negative costs, saturating rather than reaching +Inf
// (which JSON cannot carry).
func addCost(a, b float64) float64 {
	if s := a + b; s <= math.MaxFloat64 {
		return s
	}
	return math.MaxFloat64
}

// addDuration adds non-negative durations, saturating.
func addDuration(a, b time.Duration) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}
