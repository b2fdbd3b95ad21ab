package localserver

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	for ms, want := range map[float64]string{
		0: "0 ms", 0.007: "7 µs", 0.8504: "850 µs", 1: "1.0 ms", 12.345: "12.3 ms", 783.374: "783.4 ms",
		999.96: "1.00 s", 1250: "1.25 s", 59_990: "59.99 s", 125_000: "2.1 min", -3: "0 ms",
	} {
		if got := formatMS(ms); got != want {
			t.Errorf("formatMS(%v) = %q, want %q", ms, got, want)
		}
	}
}

func TestFormatCost(t *testing.T) {
	for c, want := range map[float64]string{0: "$0.000000", 0.0065: "$0.006500", 0.0000252: "$0.000025", 12.5: "$12.500000", 3e9: "$3e+09"} {
		if got := formatCost(c); got != want {
			t.Errorf("formatCost(%v) = %q, want %q", c, got, want)
		}
	}
}

func TestFormatWhen(t *testing.T) {
	ts := time.Date(2026, 12, 7, 3, 4, 5, 678e6, time.UTC)
	if got := formatWhen(ts.In(time.FixedZone("", 5*3600+1800))); got != "2026-12-07 08:34:05.678 +0530" {
		t.Errorf("formatWhen = %q, want the local time with its offset", got)
	}
	if got := formatWhen(ts.In(time.UTC)); got != "2026-12-07 03:04:05.678 UTC" {
		t.Errorf("formatWhen = %q", got)
	}
}

func TestAxisTicks(t *testing.T) {
	ticks := axisTicks(783.374)
	var labels []string
	for _, tk := range ticks {
		labels = append(labels, tk.Label)
		if tk.Left < 0 || tk.Left > 100 {
			t.Errorf("tick %q at %v%%", tk.Label, tk.Left)
		}
	}
	if got := strings.Join(labels, ","); got != "0 ms,200.0 ms,400.0 ms,600.0 ms" {
		t.Errorf("ticks %s", got)
	}
	if got := axisTicks(0.15)[1].Label; got != "50 µs" || axisTicks(0.15)[0].Label != "0 µs" {
		t.Errorf("ticks of 150 µs start %q, %q; want 0 µs, 50 µs", axisTicks(0.15)[0].Label, got)
	}
	if n := len(axisTicks(0)); n != 1 {
		t.Errorf("%d ticks for an empty trace, want 1", n)
	}
	if n := len(axisTicks(1e308)); n < 2 || n > 11 {
		t.Errorf("%d ticks for a huge trace", n)
	}
}

// The viewer shows what a developer looks for: model and project in the
// list, times with their zone, no cost where nothing was priced, a time
// axis, each span's attributes, and one unit style everywhere.
func TestViewerDetails(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	page := string(get(t, hs.URL+"/", http.StatusOK))
	for _, want := range []string{"<th>Model</th>", "<th>Project</th>", "gpt-4o, gpt-4o-mini", "<td>local-test</td>", `<time datetime="`} {
		if !strings.Contains(page, want) {
			t.Errorf("list page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`\d{2}:\d{2}:\d{2}\.\d{3} (UTC|[A-Z]{2,5}|[+-]\d{4})</time>`).MatchString(page) {
		t.Error("list page times carry no time zone")
	}
	job := page[strings.Index(page, ">nightly-job<"):]
	job = job[:strings.Index(job, "</tr>")]
	if strings.Contains(job, "$") {
		t.Errorf("the nightly-job row shows a cost although nothing was priced: %s", job)
	}
	if !strings.Contains(page, `href="/summary"`) {
		t.Error("list page does not link the summary")
	}

	s := findTrace(t, list(t, hs.URL, "").Traces, "chain.research-brief")
	page = string(get(t, hs.URL+"/traces/"+s.TraceID, http.StatusOK))
	for _, want := range []string{
		`<div class="wf-axis">`, `<span class="tick" style="left: 0.000%">0 `,
		`<details class="attrs"><summary>attributes (`, `<td class="key">gen_ai.request.model</td><td>gpt-4o</td>`,
		`<td class="key">gen_ai.response.finish_reasons</td><td>[&#34;stop&#34;]</td>`,
		"finish stop",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("trace page lacks %q", want)
		}
	}
	// One unit style: a space between number and unit, never Go's "7µs"
	// (the Mermaid source, the agents package's own text, aside).
	shown := regexp.MustCompile(`(?s)<pre class="mermaid">.*?</pre>`).ReplaceAllString(page, "")
	if m := regexp.MustCompile(`\d(µs|ms|ns|s)\b`).FindString(text(shown)); m != "" {
		t.Errorf("trace page writes a duration as %q, without the space of every other", m)
	}
	tools := page[strings.Index(page, `<tr class="graph-node"><td>tool</td>`):]
	tools = tools[:strings.Index(tools, "</tr>")]
	if strings.Contains(tools, "$") {
		t.Errorf("the tool node shows a cost: %s", tools)
	}
}

// Counts and nouns agree on every page: "1 span", "1 error", "1 call",
// never "1 spans".
func TestViewerPlurals(t *testing.T) {
	for _, tc := range []struct {
		n    any
		want string
	}{{1, "1 call"}, {int64(1), "1 call"}, {"1", "1 call"}, {0, "0 calls"}, {2, "2 calls"}, {"1,200", "1,200 calls"}} {
		if got := fmt.Sprint(tc.n) + " " + nounFor(tc.n, "call"); got != tc.want {
			t.Errorf("nounFor(%v) gives %q, want %q", tc.n, got, tc.want)
		}
	}
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	wrong := regexp.MustCompile(`\b1 (spans|errors|calls|tokens|traces|model calls|failed spans|corrupt lines)\b`)
	pages := []string{hs.URL + "/", hs.URL + "/summary"}
	for _, tr := range list(t, hs.URL, "").Traces {
		pages = append(pages, hs.URL+"/traces/"+tr.TraceID)
	}
	seenOne := false
	for _, url := range pages {
		shown := text(string(get(t, url, http.StatusOK)))
		if m := wrong.FindString(shown); m != "" {
			t.Errorf("%s shows %q", url, m)
		}
		seenOne = seenOne || regexp.MustCompile(`\b1 (span|error|call|token|trace)\b`).MatchString(shown)
	}
	if !seenOne {
		t.Error("no page shows a count of 1: the test no longer covers the singular")
	}
}
