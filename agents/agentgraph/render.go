package agentgraph

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MarshalJSON writes the graph as
//
//	{"nodes":[{"id","kind","name","calls","errors","latency_ms","input_tokens","output_tokens","cost"}, ...],
//	 "edges":[{"from","to","kind","count"}, ...]}
//
// with latency_ms in (fractional) milliseconds and cost in USD. An empty or
// nil graph has empty lists, never null. The method has a pointer
// receiver: marshal a *Graph, as Build returns.
func (g *Graph) MarshalJSON() ([]byte, error) {
	type jsonNode struct {
		ID           string   `json:"id"`
		Kind         NodeKind `json:"kind"`
		Name         string   `json:"name"`
		Calls        int      `json:"calls"`
		Errors       int      `json:"errors"`
		LatencyMS    float64  `json:"latency_ms"`
		InputTokens  int64    `json:"input_tokens"`
		OutputTokens int64    `json:"output_tokens"`
		Cost         float64  `json:"cost"`
	}
	type jsonEdge struct {
		From  string   `json:"from"`
		To    string   `json:"to"`
		Kind  EdgeKind `json:"kind"`
		Count int      `json:"count"`
	}
	var out struct {
		Nodes []jsonNode `json:"nodes"`
		Edges []jsonEdge `json:"edges"`
	}
	out.Nodes, out.Edges = []jsonNode{}, []jsonEdge{}
	if g != nil {
		for _, n := range g.Nodes {
			out.Nodes = append(out.Nodes, jsonNode{ID: n.ID, Kind: n.Kind, Name: n.Name, Calls: n.Calls, Errors: n.Errors,
				LatencyMS: float64(n.Latency) / float64(time.Millisecond), InputTokens: n.InputTokens,
				OutputTokens: n.OutputTokens, Cost: n.Cost})
		}
		for _, e := range g.Edges {
			out.Edges = append(out.Edges, jsonEdge(e))
		}
	}
	return json.Marshal(out)
}

// DOT renders the graph in the Graphviz DOT language, left to right
// (abridged):
//
//	digraph agents {
//		rankdir=LR;
//		"agent:planner" [shape=box, style=rounded, label="planner\n3 calls, 1 error\n1.2s, 1530 tokens, $0.0123", color=red];
//		"agent:planner" -> "tool:web_search" [label="calls ×2"];
//	}
//
// Node ids are the quoted Node.IDs. Shapes say the kind: workflow folder,
// agent rounded box, model ellipse, tool component, retrieval cylinder. A
// node's label gives its name, calls and errors, then latency, tokens
// (input plus output) and cost, the last two when not zero; a node with
// errors is outlined in red. Edges are labelled "calls", "hand-off" or
// "message", with "×n" when seen n > 1 times; hand-offs are dashed and
// messages dotted. Quotes, backslashes and line breaks in names are
// escaped. Render it with `dot -Tsvg`.
func (g *Graph) DOT() string {
	var b strings.Builder
	b.WriteString("digraph agents {\n\trankdir=LR;\n\tnode [fontname=\"Helvetica\", fontsize=10];\n\tedge [fontname=\"Helvetica\", fontsize=9];\n")
	if g == nil {
		b.WriteString("}\n")
		return b.String()
	}
	for _, n := range g.Nodes {
		b.WriteByte('\t')
		writeDOTString(&b, n.ID, false)
		b.WriteString(" [")
		b.WriteString(dotShape(n.Kind))
		b.WriteString(", label=")
		writeDOTString(&b, n.Name, true)
		for _, line := range statLines(n) {
			b.WriteString(`\n`)
			b.WriteString(line) // stat lines hold no character DOT escapes
		}
		b.WriteByte('"')
		if n.Errors > 0 {
			b.WriteString(", color=red")
		}
		b.WriteString("];\n")
	}
	for _, e := range g.Edges {
		b.WriteByte('\t')
		writeDOTString(&b, e.From, false)
		b.WriteString(" -> ")
		writeDOTString(&b, e.To, false)
		b.WriteString(` [label="`)
		b.WriteString(edgeLabel(e))
		b.WriteByte('"')
		switch e.Kind {
		case EdgeHandoff:
			b.WriteString(", style=dashed")
		case EdgeMessage:
			b.WriteString(", style=dotted")
		}
		b.WriteString("];\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// dotShape returns the node attributes that give kind its shape.
func dotShape(kind NodeKind) string {
	switch kind {
	case NodeWorkflow:
		return "shape=folder"
	case NodeAgent:
		return "shape=box, style=rounded"
	case NodeModel:
		return "shape=ellipse"
	case NodeTool:
		return "shape=component"
	case NodeRetrieval:
		return "shape=cylinder"
	case NodeMCPServer:
		return "shape=hexagon"
	}
	return "shape=box"
}

// writeDOTString writes s as a DOT quoted string, leaving it open when
// open is true (for a label that goes on). Backslashes and quotes are
// escaped and line feeds written as \n, so that two names never give the
// same id and a name's "\N" is not expanded in a label; in labels "&" is
// written as "&amp;", as Graphviz reads entities there. In ids, carriage
// returns, other control characters and invalid UTF-8 bytes are written
// as \r and \xNN (still one id per name); in labels, where \r would align
// text and such bytes cannot be shown, carriage returns break the line
// (once, before a line feed) and the rest become U+FFFD.
func writeDOTString(b *strings.Builder, s string, open bool) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r' && open:
			if !strings.HasPrefix(s[i+1:], "\n") {
				b.WriteString(`\n`)
			}
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t' && open:
			b.WriteByte(' ')
		case r == '&' && open:
			b.WriteString("&amp;") // Graphviz decodes HTML entities in labels
		case (r == utf8.RuneError && size == 1) || r < 0x20 || r == 0x7f:
			if open {
				b.WriteRune(utf8.RuneError)
			} else {
				b.WriteString(`\x`)
				b.WriteString(strconv.FormatUint(uint64(s[i])>>4, 16))
				b.WriteString(strconv.FormatUint(uint64(s[i])&0xf, 16))
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	if !open {
		b.WriteByte('"')
	}
}

// Mermaid renders the graph as a Mermaid flowchart, left to right:
//
//	flowchart LR
//	    agent_planner_1("planner<br/>3 calls, 1 error<br/>1.2s, 1530 tokens, $0.0123")
//	    agent_planner_1 -->|calls ×2| tool_web_search_4
//	    class tool_web_search_4 failed
//
// Mermaid ids are the kind and the name with every character outside
// [A-Za-z0-9_] replaced by "_" (the name cut to 32 bytes), then "_" and
// the node's position in Nodes, so that they stay unique. Labels are
// quoted, with line breaks as <br/> and the characters Mermaid would read
// (" # & < > `) written as entity codes (#quot;, #35;, #amp;, #lt;, #gt;,
// #96;). Shapes say the kind: workflow hexagon {{ }}, agent rounded box
// ( ), model stadium ([ ]), tool subroutine [[ ]], retrieval cylinder
// [( )]. Labels hold the same statistics as in DOT. Calls are solid
// arrows -->, hand-offs dotted arrows -.-> and messages thick arrows ==>,
// labelled like the DOT edges; nodes with errors get the class "failed",
// outlined in red.
func (g *Graph) Mermaid() string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	if g == nil {
		return b.String()
	}
	ids := make(map[string]string, len(g.Nodes))
	var failed []string
	for i, n := range g.Nodes {
		id := mermaidID(n, i)
		if _, dup := ids[n.ID]; !dup { // a hand-built graph may repeat an id: edges go to the first
			ids[n.ID] = id
		}
		open, closing := mermaidShape(n.Kind)
		b.WriteString("    ")
		b.WriteString(id)
		b.WriteString(open)
		b.WriteByte('"')
		writeMermaidText(&b, n.Name)
		for _, line := range statLines(n) {
			b.WriteString("<br/>")
			writeMermaidText(&b, line)
		}
		b.WriteByte('"')
		b.WriteString(closing)
		b.WriteByte('\n')
		if n.Errors > 0 {
			failed = append(failed, id)
		}
	}
	for _, e := range g.Edges {
		from, okFrom := ids[e.From]
		to, okTo := ids[e.To]
		if !okFrom || !okTo {
			continue // a hand-built graph may name a node it lacks: Mermaid would invent one
		}
		arrow := "-->"
		switch e.Kind {
		case EdgeHandoff:
			arrow = "-.->"
		case EdgeMessage:
			arrow = "==>"
		}
		b.WriteString("    ")
		b.WriteString(from)
		b.WriteByte(' ')
		b.WriteString(arrow)
		b.WriteByte('|')
		b.WriteString(edgeLabel(e))
		b.WriteString("| ")
		b.WriteString(to)
		b.WriteByte('\n')
	}
	if len(failed) > 0 {
		b.WriteString("    classDef failed stroke:#c00,stroke-width:2px\n    class ")
		b.WriteString(strings.Join(failed, ","))
		b.WriteString(" failed\n")
	}
	return b.String()
}

// mermaidShape returns the brackets of kind's shape.
func mermaidShape(kind NodeKind) (open, closing string) {
	switch kind {
	case NodeWorkflow:
		return "{{", "}}"
	case NodeAgent:
		return "(", ")"
	case NodeModel:
		return "([", "])"
	case NodeTool:
		return "[[", "]]"
	case NodeRetrieval:
		return "[(", ")]"
	case NodeMCPServer:
		return "[/", "/]"
	}
	return "[", "]"
}

// maxMermaidName bounds the part of a Mermaid id taken from the name.
const maxMermaidName = 32

// mermaidID returns the Mermaid id of n, the i-th node.
func mermaidID(n Node, i int) string {
	name := n.Name
	if len(name) > maxMermaidName {
		name = name[:maxMermaidName]
	}
	b := make([]byte, 0, len(n.Kind)+len(name)+8)
	b = appendMermaidIDPart(b, string(n.Kind))
	b = append(b, '_')
	b = appendMermaidIDPart(b, name)
	b = append(b, '_')
	return string(strconv.AppendInt(b, int64(i), 10))
}

// appendMermaidIDPart appends s with every character outside [A-Za-z0-9_]
// replaced by "_".
func appendMermaidIDPart(b []byte, s string) []byte {
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' {
			b = append(b, byte(r))
		} else {
			b = append(b, '_')
		}
	}
	return b
}

// writeMermaidText writes s inside a quoted Mermaid label.
func writeMermaidText(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString("#quot;")
		case r == '#':
			b.WriteString("#35;")
		case r == '&':
			b.WriteString("#amp;")
		case r == '<':
			b.WriteString("#lt;")
		case r == '>':
			b.WriteString("#gt;")
		case r == '`':
			b.WriteString("#96;")
		case r == '\n':
			b.WriteString("<br/>")
		case r == '\r':
			if !strings.HasPrefix(s[i+1:], "\n") {
				b.WriteString("<br/>")
			}
		case r == '\t':
			b.WriteByte(' ')
		case (r == utf8.RuneError && size == 1) || r < 0x20 || r == 0x7f:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
}

// statLines returns the statistics lines of a node's label:
// "3 calls, 1 error" and "1.2s, 1530 tokens, $0.0123".
func statLines(n Node) [2]string {
	calls := plural(int64(n.Calls), "call")
	if n.Errors > 0 {
		calls += ", " + plural(int64(n.Errors), "error")
	}
	usage := formatLatency(n.Latency)
	if tokens := addCount(max(n.InputTokens, 0), max(n.OutputTokens, 0)); tokens > 0 {
		usage += ", " + plural(tokens, "token")
	}
	if n.Cost > 0 && !math.IsInf(n.Cost, 0) {
		usage += ", $" + formatCost(n.Cost)
	}
	return [2]string{calls, usage}
}

func plural(n int64, unit string) string {
	s := strconv.FormatInt(n, 10) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}

// edgeLabel returns "calls", "hand-off" or "message", with " ×n" when the
// edge was seen n > 1 times.
func edgeLabel(e Edge) string {
	var s string
	switch e.Kind {
	case EdgeCall:
		s = "calls"
	case EdgeHandoff:
		s = "hand-off"
	case EdgeMessage:
		s = "message"
	default:
		s = safeWord(string(e.Kind))
	}
	if e.Count != 1 {
		s += " ×" + strconv.Itoa(e.Count)
	}
	return s
}

// safeWord keeps only the letters, digits, "_" and "-" of an edge kind
// that a hand-built graph invented, so that it is safe in DOT and Mermaid
// labels.
func safeWord(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "edge"
	}
	return b.String()
}

// formatLatency writes d briefly: "850µs", "340ms", "1.2s", "2m3.4s".
func formatLatency(d time.Duration) string {
	switch {
	case d >= time.Second:
		d = d.Round(100 * time.Millisecond)
	case d >= time.Millisecond:
		d = d.Round(time.Millisecond)
	case d >= time.Microsecond:
		d = d.Round(time.Microsecond)
	case d < 0:
		d = 0
	}
	return d.String()
}

// formatCost writes a USD amount with two to four decimals ("1.50",
// "0.0123"), or three significant digits below a cent ("0.00097").
func formatCost(c float64) string {
	prec := 4
	if c < 0.01 {
		prec = 2 - int(math.Floor(math.Log10(c)))
	}
	s := strconv.FormatFloat(c, 'f', prec, 64)
	dot := strings.IndexByte(s, '.')
	end := len(s)
	for end > dot+3 && s[end-1] == '0' {
		end--
	}
	return s[:end]
}
