package localserver

import (
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestPercentile(t *testing.T) {
	vals := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	for p, want := range map[float64]float64{50: 5, 95: 10, 90: 9, 10: 1, 100: 10, 0: 1} {
		if got := percentile(vals, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v", got)
	}
	if got := percentile([]float64{7}, 95); got != 7 {
		t.Errorf("p95 of one = %v", got)
	}
}

func TestChartLayout(t *testing.T) {
	c := newChart("Tokens", "tokens", []string{"b"}, []barInput{
		{Label: "a", Values: []float64{100}}, {Label: "b", Values: []float64{25}}, {Label: "c", Values: []float64{0}},
		{Label: "d", Values: []float64{math.Inf(1)}}, {Label: strings.Repeat("x", 40), Values: []float64{-1}},
	})
	var widths []float64
	for _, r := range c.Rows {
		widths = append(widths, r.Bars[0].W)
	}
	if widths[0] != chartBarW || widths[1] != chartBarW/4 || widths[2] != 0 || widths[3] != 0 || widths[4] != 0 {
		t.Errorf("bar widths %v", widths)
	}
	if l := []rune(c.Rows[4].Label); len(l) != maxLabel || l[len(l)-1] != '…' {
		t.Errorf("long label %q not shortened", c.Rows[4].Label)
	}
	if c.Height <= 0 || c.Width <= 0 {
		t.Errorf("chart %vx%v", c.Width, c.Height)
	}
}

func TestSummaryAPI(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	var s summary
	if err := json.Unmarshal(get(t, hs.URL+"/api/local/summary", http.StatusOK), &s); err != nil {
		t.Fatal(err)
	}
	if s.Traces != 2 || s.Spans != 7 || s.ModelCalls != 2 || s.Tokens != 400 || s.Errors != 2 || s.Cost <= 0 {
		t.Errorf("totals %+v", s)
	}
	byName := func(gs []group) map[string]group {
		m := map[string]group{}
		for _, g := range gs {
			m[g.Name] = g
		}
		return m
	}
	m := byName(s.ByModel)
	if g := m["gpt-4o"]; g.Calls != 1 || g.InputTokens != 120 || g.OutputTokens != 30 || g.TotalTokens != 150 || g.Cost <= 0 || g.P50MS <= 0 || g.P95MS < g.P50MS {
		t.Errorf("gpt-4o %+v", g)
	}
	if g := m["gpt-4o-mini"]; g.Calls != 1 || g.TotalTokens != 250 {
		t.Errorf("gpt-4o-mini %+v", g)
	}
	a := byName(s.ByAgent)
	// Each agent counts the calls it made itself: the planner's chat, the
	// researcher's streamed chat.
	if g := a["planner"]; g.Calls != 1 || g.TotalTokens != 150 || g.P50MS <= 0 {
		t.Errorf("planner %+v", g)
	}
	if g := a["researcher"]; g.Calls != 1 || g.TotalTokens != 250 {
		t.Errorf("researcher %+v", g)
	}
	if len(s.ByAgent) != 2 || len(s.ByModel) != 2 {
		t.Errorf("%d agents, %d models; want 2, 2", len(s.ByAgent), len(s.ByModel))
	}
	// The list's filters apply.
	if err := json.Unmarshal(get(t, hs.URL+"/api/local/summary?user=u-2", http.StatusOK), &s); err != nil {
		t.Fatal(err)
	}
	if s.Traces != 1 || s.ModelCalls != 0 || len(s.ByModel) != 0 {
		t.Errorf("filtered to u-2: %+v", s)
	}
	get(t, hs.URL+"/api/local/summary?since=yesterday", http.StatusBadRequest)
}

func TestSummaryPage(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	get(t, hs.URL+"/summary", http.StatusOK) // empty: no charts, no failure
	sendTraces(t, hs.URL)
	page := string(get(t, hs.URL+"/summary", http.StatusOK))
	for _, want := range []string{"<h1>Summary</h1>", "<b>2</b> traces", "<b>400</b> tokens",
		"Tokens by model", "Cost by model (USD)", "Latency by model: p50 and p95", "Tokens by agent",
		`<tr class="group-row"><td>gpt-4o</td>`, `<tr class="group-row"><td>planner</td>`, `<svg class="chart tokens"`,
		`<rect class="b-p95"`, `href="/"`} {
		if !strings.Contains(page, want) {
			t.Errorf("summary page lacks %q", want)
		}
	}
	if n := strings.Count(page, `<figure class="chart">`); n != 6 {
		t.Errorf("%d charts, want 6 (tokens, cost, latency by model and by agent)", n)
	}
	if regexp.MustCompile(`(?i)<script|src="|href="https?:|url\(http`).MatchString(page) {
		t.Error("the summary page loads something: it must work without scripts and without the network")
	}
	if strings.Contains(page, "ZgotmplZ") {
		t.Error("a value html/template refused (ZgotmplZ)")
	}
	get(t, hs.URL+"/summary?since=yesterday", http.StatusBadRequest)
}

func TestSummaryHugeNumbers(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	if code, body := post(t, hs.URL, hugeBatch(t), nil); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	var s summary
	if err := json.Unmarshal(get(t, hs.URL+"/api/local/summary", http.StatusOK), &s); err != nil {
		t.Fatal(err)
	}
	if s.Cost != math.MaxFloat64 || s.Tokens != math.MaxInt64 {
		t.Errorf("totals %v %v, want saturated", s.Cost, s.Tokens)
	}
	get(t, hs.URL+"/summary", http.StatusOK)
}
