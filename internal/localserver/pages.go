package localserver

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Noveum/noveum-trace-go/agents/agentgraph"
	"github.com/Noveum/noveum-trace-go/internal/plural"
	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds the parsed templates: every page is "layout" around its own
// "content".
var pages = map[string]*template.Template{
	"list":    parsePage("templates/list.html"),
	"trace":   parsePage("templates/trace.html"),
	"summary": parsePage("templates/summary.html"),
}

func parsePage(file string) *template.Template {
	funcs := template.FuncMap{
		"ms":      formatMS,
		"latency": func(d time.Duration) string { return formatMS(float64(d) / float64(time.Millisecond)) },
		"cost":    formatCost,
		"when":    func(t time.Time) string { return formatWhen(t.Local()) },
		"iso":     func(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) },
		"join":    func(s []string) string { return strings.Join(s, ", ") },
		"pct":     func(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) + "%" },
		"px":      func(n int) string { return strconv.Itoa(n) + "px" },
		"coord":   func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
		"plural":  func(n any, noun string) string { return fmt.Sprint(n) + " " + nounFor(n, noun) },
		"noun":    nounFor,
		"groupTable": func(kind string, gs []group) map[string]any {
			return map[string]any{"Kind": kind, "Groups": gs}
		},
	}
	return template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", file))
}

// nounFor is noun in the number n asks for: "span" for 1, "spans" for any
// other count (n may be any integer, or a number already formatted).
func nounFor(n any, noun string) string {
	if fmt.Sprint(n) == "1" {
		return plural.Noun(1, noun)
	}
	return plural.Noun(2, noun)
}

// formatMS writes a duration in milliseconds in the one style of every
// page: a number, a space and a unit (µs, ms, s, min), with the precision
// that unit needs.
func formatMS(ms float64) string {
	switch {
	case !(ms > 0): // also NaN
		return "0 ms"
	case ms < 1:
		return strconv.FormatFloat(math.Round(ms*1000), 'f', 0, 64) + " µs"
	case ms < 999.95:
		return strconv.FormatFloat(ms, 'f', 1, 64) + " ms"
	case ms < 59_995:
		return strconv.FormatFloat(ms/1000, 'f', 2, 64) + " s"
	case ms < 6e10:
		return strconv.FormatFloat(ms/60_000, 'f', 1, 64) + " min"
	}
	return strconv.FormatFloat(ms/60_000, 'g', 3, 64) + " min"
}

// formatCost writes a cost in USD with six decimals (model calls cost
// fractions of a cent); a huge one in exponent form.
func formatCost(c float64) string {
	if math.Abs(c) >= 1e9 {
		return "$" + strconv.FormatFloat(c, 'g', -1, 64)
	}
	return "$" + strconv.FormatFloat(c, 'f', 6, 64)
}

// formatWhen writes a time to the millisecond with its zone (the
// abbreviation, or the offset where the zone has none); the zero time is
// blank.
func formatWhen(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04:05.000 MST")
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func render(w http.ResponseWriter, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].Execute(&buf, data); err != nil {
		http.Error(w, "rendering the page failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}

// listView is the data of the list page.
type listView struct {
	Title    string
	Statuses []string          // the choices of the status filter
	Query    map[string]string // the filter form's values, as given
	Traces   []traceSummary
	Skipped  int
	Warnings []string // see Server.Warnings
	Error    string
}

func (s *Server) pageList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := listView{Title: "Traces", Statuses: []string{"ok", "error", "timeout"}, Query: map[string]string{}, Skipped: s.store.skippedLines(),
		Warnings: s.store.warningList()}
	for _, k := range []string{"status", "name", "user", "conversation", "since", "limit"} {
		v.Query[k] = q.Get(k)
	}
	f, err := parseFilter(r)
	if err != nil {
		v.Error = err.Error()
		w.WriteHeader(http.StatusBadRequest)
	} else {
		v.Traces = s.store.list(f)
	}
	render(w, "list", v)
}

// traceView is the data of the trace page.
type traceView struct {
	Title   string
	Summary traceSummary
	Trace   noveumtest.Trace
	Rows    []spanRow
	Ticks   []tick // the time axis above the waterfall
	Graph   graphView
	Mermaid string
}

// spanRow is one line of the waterfall.
type spanRow struct {
	Name, Status, StatusMessage string
	Error                       bool
	Indent                      int     // px
	Left, Width                 float64 // percent of the trace's duration
	DurationMS                  float64
	LLM                         bool
	Model, Provider             string
	InputTokens, OutputTokens   string
	TotalTokens                 string
	Cost                        string
	TTFT                        string
	Finish                      string // the finish reasons
	Input, Output               string // content, when captured
	ToolInput, ToolOutput       string
	Exception                   *noveumtest.Exception
	Attrs                       []attr // every attribute but the content above
}

// attr is one row of a span's attributes panel.
type attr struct{ Key, Value string }

// tick is one label of the time axis: Left percent of the trace's duration.
type tick struct {
	Left  float64
	Label string
}

// axisTicks returns the labels of a time axis over totalMS milliseconds:
// 0 and every multiple of a round step (1, 2 or 5 times a power of ten)
// that fits, four to ten of them.
func axisTicks(totalMS float64) []tick {
	ticks := []tick{{0, formatMS(0)}}
	if !(totalMS > 0) || math.IsInf(totalMS, 0) {
		return ticks
	}
	raw := totalMS / 5
	step := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step*m >= raw {
			step *= m
			break
		}
	}
	for i := 1; float64(i)*step <= totalMS && i <= 10; i++ {
		v := float64(i) * step
		ticks = append(ticks, tick{Left: v / totalMS * 100, Label: formatMS(v)})
	}
	// 0 in the unit of the first step: "0 µs, 50 µs, 100 µs".
	first := formatMS(step)
	ticks[0].Label = "0" + first[strings.LastIndexByte(first, ' '):]
	return ticks
}

// contentKeys are the attributes shown in their own sections.
var contentKeys = map[string]bool{"llm.input.messages": true, "llm.output.response": true, "tool.input": true, "tool.output": true}

// attrRows lists a span's attributes by key, values as text (a string as
// it is, anything else as JSON), leaving out the captured content.
func attrRows(a map[string]any) []attr {
	rows := make([]attr, 0, len(a))
	for k, v := range a {
		if contentKeys[k] {
			continue
		}
		var text string
		switch v := v.(type) {
		case string:
			text = v
		case json.Number:
			text = v.String()
		default:
			b, err := json.Marshal(v)
			if err != nil {
				b = []byte(fmt.Sprint(v))
			}
			text = string(b)
		}
		rows = append(rows, attr{Key: k, Value: text})
	}
	slices.SortFunc(rows, func(x, y attr) int { return strings.Compare(x.Key, y.Key) })
	return rows
}

// finishReasons returns the finish reasons of a model span, comma-separated.
func finishReasons(a map[string]any) string {
	switch v := a[string(semconv.GenAIResponseFinishReasonsKey)].(type) {
	case string:
		return v
	case []any:
		var out []string
		for _, r := range v {
			if s, ok := r.(string); ok {
				out = append(out, s)
			}
		}
		return strings.Join(out, ", ")
	}
	return ""
}

func (s *Server) pageTrace(w http.ResponseWriter, r *http.Request) {
	t, ok := s.store.get(r.PathValue("id"))
	if !ok {
		http.Error(w, "no trace "+strconv.Quote(r.PathValue("id")), http.StatusNotFound)
		return
	}
	g := graphOf(t)
	render(w, "trace", traceView{
		Title:   t.Name,
		Summary: summarize(t),
		Trace:   t,
		Rows:    waterfall(t),
		Ticks:   axisTicks(parseTime(t.EndTime).Sub(parseTime(t.StartTime)).Seconds() * 1000),
		Graph:   layoutGraph(g),
		Mermaid: g.Mermaid(),
	})
}

// waterfall orders the spans depth first under their parents, children by
// start time, and positions each bar on the trace's time axis. A span whose
// parent is not in the trace is shown as a root.
func waterfall(t noveumtest.Trace) []spanRow {
	start, end := parseTime(t.StartTime), parseTime(t.EndTime)
	ids := make(map[string]bool, len(t.Spans))
	for _, sp := range t.Spans {
		ids[sp.SpanID] = true
	}
	children := make(map[string][]int)
	var roots []int
	for i, sp := range t.Spans {
		if sp.ParentSpanID != nil && ids[*sp.ParentSpanID] && *sp.ParentSpanID != sp.SpanID {
			children[*sp.ParentSpanID] = append(children[*sp.ParentSpanID], i)
		} else {
			roots = append(roots, i)
		}
	}
	byStart := func(a, b int) int {
		return cmp.Or(parseTime(t.Spans[a].StartTime).Compare(parseTime(t.Spans[b].StartTime)), cmp.Compare(a, b))
	}
	total := end.Sub(start)
	rows := make([]spanRow, 0, len(t.Spans))
	seen := make(map[int]bool, len(t.Spans))
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if seen[i] { // duplicate ids could make a cycle
			return
		}
		seen[i] = true
		rows = append(rows, makeRow(t.Spans[i], depth, start, total))
		kids := children[t.Spans[i].SpanID]
		slices.SortFunc(kids, byStart)
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	slices.SortFunc(roots, byStart)
	for _, i := range roots {
		walk(i, 0)
	}
	for i := range t.Spans { // anything a cycle kept from the roots
		if !seen[i] {
			walk(i, 0)
		}
	}
	return rows
}

func makeRow(sp noveumtest.Span, depth int, traceStart time.Time, total time.Duration) spanRow {
	a := sp.Attributes
	row := spanRow{
		Name:       sp.Name,
		Status:     sp.Status,
		Error:      sp.Status != "ok",
		Indent:     depth * 16,
		DurationMS: sp.DurationMS,
		Exception:  sp.Exception,
		Attrs:      attrRows(a),
		Finish:     finishReasons(a),
		Left:       0,
		Width:      100,
		Model:      attrString(a, "llm.model"),
		Provider:   attrString(a, "llm.provider"),
		Input:      content(a["llm.input.messages"]),
		Output:     content(a["llm.output.response"]),
		ToolInput:  content(a["tool.input"]),
		ToolOutput: content(a["tool.output"]),
	}
	if sp.StatusMessage != nil {
		row.StatusMessage = *sp.StatusMessage
	}
	if total > 0 {
		s, e := parseTime(sp.StartTime), parseTime(sp.EndTime)
		row.Left = clamp(float64(s.Sub(traceStart))/float64(total)*100, 0, 100)
		row.Width = clamp(float64(e.Sub(s))/float64(total)*100, 0.3, 100-row.Left)
	}
	row.LLM = row.Model != ""
	number := func(key string) string {
		if f, ok := attrNumber(a, key); ok {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
		return ""
	}
	row.InputTokens, row.OutputTokens, row.TotalTokens = number("llm.input_tokens"), number("llm.output_tokens"), number("llm.total_tokens")
	if c, ok := attrNumber(a, "llm.cost.total"); ok {
		row.Cost = formatCost(c)
	}
	if f, ok := attrNumber(a, "llm.time_to_first_token_ms"); ok {
		row.TTFT = formatMS(f)
	}
	return row
}

func clamp(f, lo, hi float64) float64 { return max(lo, min(f, hi)) }

// content renders a captured content attribute: a JSON string is indented
// when it holds JSON, other values are shown as JSON.
func content(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		var buf bytes.Buffer
		if json.Valid([]byte(v)) && json.Indent(&buf, []byte(v), "", "  ") == nil {
			return buf.String()
		}
		return v
	default:
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	}
}

// graphView is the agent graph laid out for an inline SVG: one column a node
// kind (workflow, agent, model, tool, retrieval), nodes stacked in the
// graph's order, edges as lines (or, within a column, arcs on its right).
type graphView struct {
	Width, Height float64
	Nodes         []nodeBox
	Edges         []edgeLine
	Graph         *agentgraph.Graph
}

type nodeBox struct {
	agentgraph.Node
	X, Y, W, H float64
	Error      bool
}

type edgeLine struct {
	agentgraph.Edge
	Path           string
	LabelX, LabelY float64
}

const (
	boxW, boxH = 170.0, 46.0
	colGap     = 90.0
	rowGap     = 22.0
	margin     = 20.0
)

var kindColumn = map[agentgraph.NodeKind]int{
	agentgraph.NodeWorkflow: 0, agentgraph.NodeAgent: 1, agentgraph.NodeModel: 2, agentgraph.NodeTool: 2, agentgraph.NodeRetrieval: 2,
}

func layoutGraph(g *agentgraph.Graph) graphView {
	v := graphView{Graph: g}
	used := map[int]bool{}
	for _, n := range g.Nodes {
		used[columnOf(n.Kind)] = true
	}
	// Drop empty columns so a trace without workflows starts at the left.
	colX := map[int]float64{}
	x := margin
	for c := range 4 {
		if used[c] {
			colX[c] = x
			x += boxW + colGap
		}
	}
	rows := map[int]int{}
	pos := map[string]nodeBox{}
	for _, n := range g.Nodes {
		c := columnOf(n.Kind)
		b := nodeBox{Node: n, X: colX[c], Y: margin + float64(rows[c])*(boxH+rowGap), W: boxW, H: boxH, Error: n.Errors > 0}
		rows[c]++
		pos[n.ID] = b
		v.Nodes = append(v.Nodes, b)
		v.Height = max(v.Height, b.Y+boxH+margin)
	}
	v.Width = max(x-colGap+margin+60, 200) // room for arcs on the right
	for _, e := range g.Edges {
		a, b := pos[e.From], pos[e.To]
		el := edgeLine{Edge: e}
		switch {
		case a.X < b.X:
			x1, y1, x2, y2 := a.X+a.W, a.Y+a.H/2, b.X, b.Y+b.H/2
			el.Path = fmt.Sprintf("M%.1f,%.1f L%.1f,%.1f", x1, y1, x2, y2)
			el.LabelX, el.LabelY = (x1+x2)/2, (y1+y2)/2-4
		case a.X > b.X:
			x1, y1, x2, y2 := a.X, a.Y+a.H/2, b.X+b.W, b.Y+b.H/2
			el.Path = fmt.Sprintf("M%.1f,%.1f L%.1f,%.1f", x1, y1, x2, y2)
			el.LabelX, el.LabelY = (x1+x2)/2, (y1+y2)/2-4
		default: // same column: an arc on the right
			x1, y1, y2 := a.X+a.W, a.Y+a.H/2, b.Y+b.H/2
			bulge := 40 + abs(y2-y1)/6
			el.Path = fmt.Sprintf("M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f", x1, y1, x1+bulge, y1, x1+bulge, y2, x1, y2)
			el.LabelX, el.LabelY = x1+bulge*0.75+4, (y1+y2)/2
		}
		v.Edges = append(v.Edges, el)
	}
	return v
}

func columnOf(k agentgraph.NodeKind) int {
	if c, ok := kindColumn[k]; ok {
		return c
	}
	return 3
}

func abs(f float64) float64 { return max(f, -f) }
