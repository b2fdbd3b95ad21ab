package localserver

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Noveum/noveum-trace-go/semconv"
)

// hugeBatch is the valid batch with both spans made model calls that each
// cost 1e308 and count 9e18 tokens: finite numbers whose sums are not (the
// cost overflows float64 to +Inf, the tokens int64).
func hugeBatch(t *testing.T) []byte {
	t.Helper()
	var b map[string]any
	if err := json.Unmarshal(validBatch(t), &b); err != nil {
		t.Fatal(err)
	}
	tr := b["traces"].([]any)[0].(map[string]any)
	for _, sp := range tr["spans"].([]any) {
		a := sp.(map[string]any)["attributes"].(map[string]any)
		a["llm.model"] = "gpt-4o"
		a["llm.cost.total"] = 1e308
		a[string(semconv.NoveumCostTotalKey)] = 1e308
		a["llm.total_tokens"] = 9e18
		a[string(semconv.GenAIUsageInputTokensKey)] = 9e18
	}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkHuge checks that every answer of the server about the huge trace is
// a success and holds finite numbers.
func checkHuge(t *testing.T, url string) {
	t.Helper()
	a := list(t, url, "")
	if len(a.Traces) != 1 {
		t.Fatalf("%d traces, want 1", len(a.Traces))
	}
	s := a.Traces[0]
	if s.TotalCost != math.MaxFloat64 {
		t.Errorf("total cost %v, want the largest float64 (saturated, not +Inf)", s.TotalCost)
	}
	if s.TotalTokens != math.MaxInt64 {
		t.Errorf("total tokens %d, want the largest int64 (saturated, not wrapped)", s.TotalTokens)
	}
	get(t, url+"/api/local/traces/"+s.TraceID, http.StatusOK)
	get(t, url+"/traces/"+s.TraceID, http.StatusOK)
	if page := string(get(t, url+"/", http.StatusOK)); !strings.Contains(page, s.TraceID) {
		t.Error("the list page does not show the trace")
	}
}

// Two costs of 1e308 sum to +Inf, which encoding/json refuses: the list
// answered 500 from then on, and again after every restart, since the trace
// is in the file. Sums saturate instead, live and after a reload.
func TestHugeNumbersStayEncodable(t *testing.T) {
	dir := t.TempDir()
	s1, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	hs1 := httptest.NewServer(s1)
	if code, body := post(t, hs1.URL, hugeBatch(t), nil); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	checkHuge(t, hs1.URL)
	hs1.Close()
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	_, hs2 := startServer(t, dir)
	checkHuge(t, hs2.URL)
}

func TestSaturatingSums(t *testing.T) {
	for _, tc := range []struct{ a, b, want float64 }{
		{1, 2, 3},
		{math.MaxFloat64, math.MaxFloat64, math.MaxFloat64},
		{-math.MaxFloat64, -math.MaxFloat64, -math.MaxFloat64},
		{1, math.Inf(1), 1},
		{1, math.NaN(), 1},
	} {
		if got := addFinite(tc.a, tc.b); got != tc.want {
			t.Errorf("addFinite(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
	for _, tc := range []struct {
		f    float64
		want int64
	}{{1.9, 1}, {-1.9, -1}, {1e19, math.MaxInt64}, {-1e19, math.MinInt64}, {math.NaN(), 0}, {math.Inf(1), math.MaxInt64}} {
		if got := toInt64(tc.f); got != tc.want {
			t.Errorf("toInt64(%v) = %d, want %d", tc.f, got, tc.want)
		}
	}
	for _, tc := range []struct{ a, b, want int64 }{
		{1, 2, 3}, {math.MaxInt64, 1, math.MaxInt64}, {math.MinInt64, -1, math.MinInt64}, {math.MaxInt64, math.MinInt64, -1},
	} {
		if got := addInt64(tc.a, tc.b); got != tc.want {
			t.Errorf("addInt64(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
