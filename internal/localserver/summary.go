package localserver

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/Noveum/noveum-trace-go/noveumtest"
	"github.com/Noveum/noveum-trace-go/semconv"
)

// summary is what the summary page and GET /api/local/summary show over
// the held traces that match the filter: totals, and calls, tokens, cost
// and latency by model and by agent. Every number is finite.
type summary struct {
	Traces     int     `json:"traces"`
	Spans      int     `json:"spans"`
	Errors     int     `json:"errors"` // spans that failed
	ModelCalls int     `json:"model_calls"`
	Tokens     int64   `json:"total_tokens"`
	Cost       float64 `json:"total_cost"`
	ByModel    []group `json:"by_model"`
	ByAgent    []group `json:"by_agent"`
}

// group is one model or agent of the summary. A model's calls are its
// model spans; an agent's, its invoke_agent spans, and its tokens and cost
// those of the model calls it made itself (its nearest agent ancestor), so
// that nested agents are not counted twice. Latency percentiles are of the
// group's own spans, by nearest rank.
type group struct {
	Name         string  `json:"name"`
	Calls        int     `json:"calls"`
	Errors       int     `json:"errors"`
	InputTokens  int64   `json:"input_tokens"`
	OutputTokens int64   `json:"output_tokens"`
	TotalTokens  int64   `json:"total_tokens"`
	Cost         float64 `json:"cost"`
	P50MS        float64 `json:"p50_ms"`
	P95MS        float64 `json:"p95_ms"`

	HasCost   bool      `json:"-"`
	durations []float64 // ms, of the group's spans
}

// summarizeAll computes the summary of traces.
func summarizeAll(traces []noveumtest.Trace) summary {
	var s summary
	models, agentGroups := map[string]*group{}, map[string]*group{}
	at := func(m map[string]*group, name string) *group {
		g := m[name]
		if g == nil {
			g = &group{Name: name}
			m[name] = g
		}
		return g
	}
	for _, t := range traces {
		s.Traces++
		byID := make(map[string]*noveumtest.Span, len(t.Spans))
		for i := range t.Spans {
			byID[t.Spans[i].SpanID] = &t.Spans[i]
		}
		for _, sp := range t.Spans {
			s.Spans++
			failed := sp.Status != "ok"
			if failed {
				s.Errors++
			}
			a := sp.Attributes
			if attrString(a, string(semconv.GenAIOperationNameKey)) == string(semconv.OperationInvokeAgent) {
				if name := attrString(a, string(semconv.GenAIAgentNameKey)); name != "" {
					g := at(agentGroups, name)
					g.Calls++
					if failed {
						g.Errors++
					}
					g.durations = append(g.durations, finite(sp.DurationMS))
				}
			}
			model := attrString(a, "llm.model")
			if model == "" {
				continue
			}
			s.ModelCalls++
			in, _ := attrNumber(a, "llm.input_tokens")
			out, _ := attrNumber(a, "llm.output_tokens")
			total, _ := spanTokens(a)
			cost, hasCost := attrNumber(a, "llm.cost.total")
			s.Tokens = addInt64(s.Tokens, total)
			s.Cost = addFinite(s.Cost, cost)
			add := func(g *group) {
				g.InputTokens = addInt64(g.InputTokens, toInt64(in))
				g.OutputTokens = addInt64(g.OutputTokens, toInt64(out))
				g.TotalTokens = addInt64(g.TotalTokens, total)
				if hasCost {
					g.Cost, g.HasCost = addFinite(g.Cost, cost), true
				}
			}
			g := at(models, model)
			g.Calls++
			if failed {
				g.Errors++
			}
			g.durations = append(g.durations, finite(sp.DurationMS))
			add(g)
			if agent := agentOf(sp, byID); agent != "" {
				add(at(agentGroups, agent))
			}
		}
	}
	s.ByModel, s.ByAgent = groups(models), groups(agentGroups)
	return s
}

// agentOf returns the name of the nearest invoke_agent ancestor of sp.
func agentOf(sp noveumtest.Span, byID map[string]*noveumtest.Span) string {
	seen := map[string]bool{}
	for p := sp.ParentSpanID; p != nil && !seen[*p]; {
		seen[*p] = true
		parent, ok := byID[*p]
		if !ok {
			return ""
		}
		a := parent.Attributes
		if attrString(a, string(semconv.GenAIOperationNameKey)) == string(semconv.OperationInvokeAgent) {
			return attrString(a, string(semconv.GenAIAgentNameKey))
		}
		p = parent.ParentSpanID
	}
	return ""
}

// groups returns the groups, most calls first, with their percentiles.
func groups(m map[string]*group) []group {
	out := make([]group, 0, len(m))
	for _, g := range m {
		g.P50MS, g.P95MS = percentile(g.durations, 50), percentile(g.durations, 95)
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b group) int { return cmp.Or(cmp.Compare(b.Calls, a.Calls), strings.Compare(a.Name, b.Name)) })
	return out
}

// percentile returns the p-th percentile of values by nearest rank (the
// smallest value with at least p% of the values at or below it), 0 for no
// values. It sorts values.
func percentile(values []float64, p float64) float64 {
	if len(values) == 0 {
		return 0
	}
	slices.Sort(values)
	i := int(math.Ceil(p/100*float64(len(values)))) - 1
	return finite(values[max(0, min(i, len(values)-1))])
}

// traces returns the held traces that match f (its limit aside), oldest
// first.
func (s *store) traces(f filter) []noveumtest.Trace {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []noveumtest.Trace
	for _, e := range s.entries {
		if f.match(e.summary) {
			out = append(out, e.trace)
		}
	}
	return out
}

func (s *Server) apiSummary(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, summarizeAll(s.store.traces(f)))
}

// summaryView is the data of the summary page.
type summaryView struct {
	Title          string
	Query          map[string]string
	Error          string
	Summary        summary
	ModelCharts    []chart
	AgentCharts    []chart
	HasAnyModelUse bool
}

func (s *Server) pageSummary(w http.ResponseWriter, r *http.Request) {
	v := summaryView{Title: "Summary", Query: map[string]string{}}
	for _, k := range []string{"status", "name", "user", "conversation", "since"} {
		v.Query[k] = r.URL.Query().Get(k)
	}
	f, err := parseFilter(r)
	if err != nil {
		v.Error = err.Error()
		w.WriteHeader(http.StatusBadRequest)
		render(w, "summary", v)
		return
	}
	v.Summary = summarizeAll(s.store.traces(f))
	v.ModelCharts = groupCharts("model", v.Summary.ByModel)
	v.AgentCharts = groupCharts("agent", v.Summary.ByAgent)
	render(w, "summary", v)
}

// groupCharts draws the tokens, cost and latency of groups.
func groupCharts(kind string, gs []group) []chart {
	if len(gs) == 0 {
		return nil
	}
	tokens, cost, latency := make([]barInput, 0, len(gs)), make([]barInput, 0, len(gs)), make([]barInput, 0, len(gs))
	for _, g := range gs {
		tokens = append(tokens, barInput{Label: g.Name, Values: []float64{float64(g.TotalTokens)}, Text: strconv.FormatInt(g.TotalTokens, 10)})
		c := ""
		if g.HasCost {
			c = formatCost(g.Cost)
		}
		cost = append(cost, barInput{Label: g.Name, Values: []float64{g.Cost}, Text: c})
		latency = append(latency, barInput{Label: g.Name, Values: []float64{g.P50MS, g.P95MS},
			Text: "p50 " + formatMS(g.P50MS) + " · p95 " + formatMS(g.P95MS)})
	}
	return []chart{
		newChart("Tokens by "+kind, "tokens", []string{"b-tokens"}, tokens),
		newChart("Cost by "+kind+" (USD)", "cost", []string{"b-cost"}, cost),
		newChart("Latency by "+kind+": p50 and p95", "latency", []string{"b-p50", "b-p95"}, latency),
	}
}
