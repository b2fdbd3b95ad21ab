package localserver

import (
	"bytes"
	"context"
	"html"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The browser test loads the viewer's pages in headless Chromium and checks
// the DOM the browser built: what a person would see, not only the bytes the
// server wrote. It is skipped when no Chromium is installed, unless
// CI_REQUIRE_BROWSER=1 (set by .ci/run when it has a browser) makes that a
// failure.

// chromium returns the browser to drive: $CHROMIUM_BIN when set, else the
// first of chromium, chromium-browser and google-chrome on PATH.
func chromium(t *testing.T) string {
	t.Helper()
	missing := func(why string) {
		t.Helper()
		msg := why + "; install Chromium to run the browser test (Debian: apt-get install chromium; " +
			"or set CHROMIUM_BIN to a Chromium or Chrome binary). .ci/run installs it in CI."
		if os.Getenv("CI_REQUIRE_BROWSER") == "1" {
			t.Fatal(msg + " CI_REQUIRE_BROWSER=1 makes a missing browser a failure.")
		}
		t.Skip(msg)
	}
	if bin := os.Getenv("CHROMIUM_BIN"); bin != "" {
		path, err := exec.LookPath(bin)
		if err != nil {
			missing("CHROMIUM_BIN=" + bin + " is not an executable: " + err.Error())
		}
		return path
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	missing("no chromium, chromium-browser or google-chrome on PATH")
	return ""
}

// runChromium runs the browser headless with a fresh profile on url, with
// extra flags, and returns its stdout. Chromium's logs on stderr are only
// shown when it fails.
func runChromium(t *testing.T, bin, url string, flags ...string) string {
	t.Helper()
	// A fresh profile per run, removed best-effort: Chromium's helper
	// processes may still be writing into it for a moment after it exits.
	profile, err := os.MkdirTemp("", "noveum-browser-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 10 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	args := append([]string{
		"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions",
		"--user-data-dir=" + profile}, flags...)
	cmd := exec.CommandContext(ctx, bin, append(args, url)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 10 * time.Second // helpers holding a pipe open must not hang the test
	if err := cmd.Run(); err != nil {
		logs := stderr.String()
		if len(logs) > 2000 {
			logs = "..." + logs[len(logs)-2000:]
		}
		t.Fatalf("%s %s %s: %v (context: %v); its logs:\n%s", bin, strings.Join(flags, " "), url, err, ctx.Err(), logs)
	}
	return stdout.String()
}

// dumpDOM loads url in headless Chromium and returns the serialized DOM
// once the page has loaded.
func dumpDOM(t *testing.T, bin, url string) string {
	t.Helper()
	dom := runChromium(t, bin, url, "--dump-dom")
	if !strings.Contains(dom, "<html") || !strings.Contains(dom, "</body>") {
		t.Fatalf("%s --dump-dom %s printed no DOM:\n%s", bin, url, dom)
	}
	return dom
}

// screenshot loads url in headless Chromium in a window of 1280×2400 CSS
// pixels at scale 1 and returns the PNG it took, decoded.
func screenshot(t *testing.T, bin, url string) image.Image {
	t.Helper()
	file := filepath.Join(t.TempDir(), "page.png")
	runChromium(t, bin, url, "--screenshot="+file, "--window-size=1280,2400", "--force-device-scale-factor=1", "--hide-scrollbars")
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("Chromium took no screenshot of %s: %v", url, err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot of %s is no PNG: %v", url, err)
	}
	if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 1000 {
		t.Fatalf("the screenshot of %s is %v, want the 1280×2400 window", url, b)
	}
	return img
}

// pixelsNear counts the pixels of img within tol of the colour hex
// ("#rrggbb") in each channel: the solid inside of a bar or a box the page
// paints in that colour.
func pixelsNear(img image.Image, hex string, tol int) int {
	var want [3]int
	for i := range want {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		want[i] = int(v)
	}
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			got := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
			near := true
			for i := range got {
				if d := got[i] - want[i]; d > tol || d < -tol {
					near = false
					break
				}
			}
			if near {
				n++
			}
		}
	}
	return n
}

// painted returns the share of img's pixels that are neither the page's
// background (#f6f7f9) nor white: how much the browser drew.
func painted(img image.Image) float64 {
	b := img.Bounds()
	total := b.Dx() * b.Dy()
	if total == 0 {
		return 0
	}
	return 1 - float64(pixelsNear(img, "#f6f7f9", 2)+pixelsNear(img, "#ffffff", 2))/float64(total)
}

// wantPixels fails unless img holds at least min pixels within tol of the
// colour hex. A pale colour needs a small tol, or the page's background
// (#f6f7f9) would count.
func wantPixels(t *testing.T, what string, img image.Image, hex string, tol, min int) {
	t.Helper()
	if n := pixelsNear(img, hex, tol); n < min {
		t.Errorf("%s: the screenshot holds %d pixels of %s, want at least %d: it was not drawn", what, n, hex, min)
	}
}

var (
	reHidden = regexp.MustCompile(`(?is)<(style|script|title)\b[^>]*>.*?</(style|script|title)>`)
	reTag    = regexp.MustCompile(`(?s)<[^>]*>`)
	reSpace  = regexp.MustCompile(`\s+`)
)

// text is the text of a piece of DOM as a person reads it: tags and the
// content of style, script and title removed, entities decoded, white space
// collapsed.
func text(dom string) string {
	s := reHidden.ReplaceAllString(dom, " ")
	s = reTag.ReplaceAllString(s, " ")
	return strings.TrimSpace(reSpace.ReplaceAllString(html.UnescapeString(s), " "))
}

// elements returns the outer HTML of each element that starts with open
// (such as `<tr class="trace-row"`) and ends with the first closing tag after
// it (such as `</tr>`): enough for the flat rows and the single SVG of these
// pages, whose elements of interest do not nest in themselves.
func elements(dom, open, closing string) []string {
	var out []string
	for {
		i := strings.Index(dom, open)
		if i < 0 {
			return out
		}
		dom = dom[i:]
		j := strings.Index(dom, closing)
		if j < 0 {
			return append(out, dom)
		}
		out = append(out, dom[:j+len(closing)])
		dom = dom[j+len(closing):]
	}
}

// wfRows splits the waterfall into its rows, each from its opening tag to
// the next row's.
func wfRows(dom string) []string {
	start := strings.Index(dom, `<div class="wf">`)
	if start < 0 {
		return nil
	}
	wf := dom[start:]
	if end := strings.Index(wf, "<h2>Agent graph</h2>"); end >= 0 {
		wf = wf[:end]
	}
	parts := strings.Split(wf, `<div class="wf-row`)
	rows := make([]string, 0, len(parts))
	for _, p := range parts[1:] {
		rows = append(rows, `<div class="wf-row`+p)
	}
	return rows
}

// rowFor returns the one row whose text matches, failing the test
// unless there is exactly one.
func rowFor(t *testing.T, what string, rows []string, match func(text string) bool) string {
	t.Helper()
	var found []string
	for _, r := range rows {
		if match(text(r)) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d matching rows, want 1; rows:\n%s", what, len(found), strings.Join(rows, "\n---\n"))
	}
	return found[0]
}

func hasAll(t *testing.T, where, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: the browser shows no %q in %q", where, w, got)
		}
	}
}

func TestBrowserPages(t *testing.T) {
	bin := chromium(t)
	_, hs := startServer(t, t.TempDir())
	sendTraces(t, hs.URL)
	traces := list(t, hs.URL, "").Traces
	brief := findTrace(t, traces, "chain.research-brief")
	briefCost := "$" + strconv.FormatFloat(brief.TotalCost, 'f', 6, 64)
	if brief.TotalCost <= 0 {
		t.Fatalf("research-brief cost %v, want > 0", brief.TotalCost)
	}

	t.Run("list", func(t *testing.T) {
		dom := dumpDOM(t, bin, hs.URL+"/")
		hasAll(t, "list page", text(dom), "Traces", "Filter")
		rows := elements(dom, `<tr class="trace-row">`, "</tr>")
		if len(rows) != 2 {
			t.Fatalf("the list shows %d trace rows, want 2:\n%s", len(rows), dom)
		}
		if got := text(rows[0]); !strings.HasPrefix(got, "nightly-job ") {
			t.Errorf("first row %q, want nightly-job (newest first)", got)
		}
		row := rowFor(t, "research-brief row", rows, func(s string) bool { return strings.HasPrefix(s, "chain.research-brief ") })
		// Name, start, duration, status, spans, errors, tokens, cost, user,
		// conversation, models, project: the cells in the order a person
		// reads them.
		cells := elements(row, "<td", "</td>")
		if len(cells) != 12 {
			t.Fatalf("research-brief row has %d cells, want 12: %s", len(cells), row)
		}
		for i, want := range map[int]string{0: "chain.research-brief", 3: "error", 4: "6", 5: "1", 6: "400", 7: briefCost, 8: "u-1", 9: "conv-1",
			10: "gpt-4o, gpt-4o-mini", 11: "local-test"} {
			if got := text(cells[i]); got != want {
				t.Errorf("research-brief cell %d reads %q, want %q", i, got, want)
			}
		}
		if !strings.Contains(row, `href="/traces/`+brief.TraceID+`"`) {
			t.Errorf("the research-brief name does not link its trace page: %s", row)
		}
		if !strings.Contains(cells[5], "err") {
			t.Errorf("the error count cell is not marked as an error: %s", cells[5])
		}
		job := text(rowFor(t, "nightly-job row", rows, func(s string) bool { return strings.HasPrefix(s, "nightly-job ") }))
		hasAll(t, "nightly-job row", job, "error", "u-2")
		if strings.Contains(job, "$") {
			t.Errorf("the nightly-job row shows a cost although nothing was priced: %q", job)
		}
		if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \S+$`).MatchString(text(cells[1])) {
			t.Errorf("the start time %q carries no time zone", text(cells[1]))
		}
	})

	t.Run("trace", func(t *testing.T) {
		dom := dumpDOM(t, bin, hs.URL+"/traces/"+brief.TraceID)
		page := text(dom)
		hasAll(t, "trace page", page, "chain.research-brief ok", "6 spans", "1 error", "400 tokens", briefCost,
			"user u-1", "conversation conv-1", "Spans", "Agent graph")

		rows := wfRows(dom)
		if len(rows) != 6 {
			t.Fatalf("the waterfall shows %d rows, want 6:\n%s", len(rows), dom)
		}
		var shown []string
		for _, r := range rows {
			name := elements(r, `<span class="span-name`, "</span>")
			if len(name) != 1 {
				t.Fatalf("waterfall row without one span name: %s", r)
			}
			shown = append(shown, text(name[0]))
			if !regexp.MustCompile(`class="bar[^"]*" style="left: [0-9.]+%; width: [0-9.]+%"`).MatchString(r) {
				t.Errorf("waterfall row %q has no positioned bar: %s", text(name[0]), r)
			}
		}
		if got, want := strings.Join(shown, " | "), "chain.research-brief | agent.planner | llm.gpt-4o | agent.researcher | tool.fetch_stats | llm.gpt-4o-mini"; got != want {
			t.Errorf("waterfall span names\n got %s\nwant %s", got, want)
		}

		isSpan := func(name string) func(string) bool {
			return func(s string) bool { return strings.HasPrefix(s, name+" ") }
		}
		chat := rowFor(t, "llm.gpt-4o row", rows, isSpan("llm.gpt-4o"))
		hasAll(t, "llm.gpt-4o row", text(chat), "model gpt-4o", "tokens 120 in / 30 out / 150 total", "cost $")
		stream := rowFor(t, "llm.gpt-4o-mini row", rows, isSpan("llm.gpt-4o-mini"))
		hasAll(t, "llm.gpt-4o-mini row", text(stream), "model gpt-4o-mini", "tokens 200 in / 50 out / 250 total", "first token ")
		for _, r := range []string{chat, stream} {
			if !strings.HasPrefix(r, `<div class="wf-row">`) || !strings.Contains(r, `class="bar llm"`) {
				t.Errorf("an ok LLM row is not drawn as an ok LLM bar: %s", r)
			}
		}

		tool := rowFor(t, "tool.fetch_stats row", rows, isSpan("tool.fetch_stats"))
		hasAll(t, "tool.fetch_stats row", text(tool), "error", "stats service: unavailable")
		for _, mark := range []string{`<div class="wf-row error">`, `<span class="span-name err">tool.fetch_stats</span>`, `class="bar error"`} {
			if !strings.Contains(tool, mark) {
				t.Errorf("the failed tool's row lacks %s: %s", mark, tool)
			}
		}
		// Those classes are red for a person only if the page's style sheet says so.
		for _, rule := range []string{".wf-row.error {", ".bar.error { background: #c62828;", ".err { color: #c62828;"} {
			if !strings.Contains(dom, rule) {
				t.Errorf("the style sheet lacks %q", rule)
			}
		}
		errorRows := 0
		for _, r := range rows {
			if strings.HasPrefix(r, `<div class="wf-row error">`) {
				errorRows++
			}
		}
		if errorRows != 1 {
			t.Errorf("%d waterfall rows marked as errors, want 1 (the tool)", errorRows)
		}

		svgs := elements(dom, `<svg class="graph"`, "</svg>")
		if len(svgs) != 1 {
			t.Fatalf("the page shows %d agent graph SVGs, want 1", len(svgs))
		}
		svg := svgs[0]
		labels := elements(svg, "<text", "</text>")
		var got []string
		for _, l := range labels {
			got = append(got, text(l))
		}
		hasAll(t, "agent graph", strings.Join(got, " | "),
			"workflow: research-brief", "agent: planner", "agent: researcher", "model: gpt-4o", "tool: fetch_stats", "handoff")
		if n := strings.Count(svg, "<rect "); n < 5 {
			t.Errorf("the agent graph draws %d nodes, want at least 5", n)
		}
		if !strings.Contains(svg, `<rect class="k-tool error"`) {
			t.Error("the failed tool's node in the agent graph is not marked as an error")
		}
		if strings.Count(svg, `<path class="e-`) < 2 {
			t.Error("the agent graph draws no edges")
		}

		// The time axis above the bars, and each span's attributes.
		axis := elements(dom, `<div class="wf-axis">`, `</div></div>`)
		if len(axis) != 1 || len(elements(axis[0], `<span class="tick"`, "</span>")) < 2 ||
			!regexp.MustCompile(`^span 0 (µs|ms|s|min) `).MatchString(text(axis[0])) {
			t.Errorf("the waterfall has no time axis starting at 0: %v", axis)
		}
		hasAll(t, "llm.gpt-4o row", text(chat), "finish stop", "attributes (", "gen_ai.request.model gpt-4o")
	})

	t.Run("trace screenshot", func(t *testing.T) {
		img := screenshot(t, bin, hs.URL+"/traces/"+brief.TraceID)
		if p := painted(img); p < 0.01 {
			t.Errorf("only %.2f%% of the trace page is painted", p*100)
		}
		wantPixels(t, "waterfall bars", img, "#4a78d6", 12, 2000) // the workflow's and the agents' bars
		wantPixels(t, "LLM bars", img, "#7b51c9", 12, 20)
		wantPixels(t, "the failed tool's bar", img, "#c62828", 12, 20)
		wantPixels(t, "agent graph: agent nodes", img, "#eef3fd", 3, 1000)
		wantPixels(t, "agent graph: model nodes", img, "#f3edfc", 3, 1000)
	})

	t.Run("summary", func(t *testing.T) {
		dom := dumpDOM(t, bin, hs.URL+"/summary")
		hasAll(t, "summary page", text(dom), "Summary", "2 traces", "2 model calls", "400 tokens",
			"Tokens by model", "Cost by model (USD)", "Latency by model: p50 and p95", "Tokens by agent", "By agent")
		if !strings.Contains(dumpDOM(t, bin, hs.URL+"/"), `href="/summary"`) {
			t.Error("the trace list does not link the summary")
		}
		rows := elements(dom, `<tr class="group-row">`, "</tr>")
		if len(rows) != 4 {
			t.Fatalf("the summary shows %d model and agent rows, want 4 (gpt-4o, gpt-4o-mini, planner, researcher):\n%s", len(rows), dom)
		}
		var got []string
		for _, r := range rows {
			cells := elements(r, "<td", "</td>")
			if len(cells) != 9 {
				t.Fatalf("summary row with %d cells, want 9: %s", len(cells), r)
			}
			var c []string
			for _, cell := range cells[:6] {
				c = append(c, text(cell))
			}
			got = append(got, strings.Join(c, " "))
		}
		// Name, calls, errors, input, output and total tokens.
		if want := "gpt-4o 1 0 120 30 150 | gpt-4o-mini 1 0 200 50 250 | planner 1 0 120 30 150 | researcher 1 0 200 50 250"; strings.Join(got, " | ") != want {
			t.Errorf("summary rows\n got %s\nwant %s", strings.Join(got, " | "), want)
		}
		charts := elements(dom, `<svg class="chart`, "</svg>")
		if len(charts) != 6 {
			t.Fatalf("the summary draws %d charts, want 6", len(charts))
		}
		for _, c := range charts {
			if strings.Count(c, "<rect ") < 2 {
				t.Errorf("a chart draws fewer than two bars: %s", c)
			}
		}
	})

	t.Run("summary screenshot", func(t *testing.T) {
		img := screenshot(t, bin, hs.URL+"/summary")
		if p := painted(img); p < 0.01 {
			t.Errorf("only %.2f%% of the summary page is painted", p*100)
		}
		wantPixels(t, "token bars", img, "#4a78d6", 12, 2000)
		wantPixels(t, "cost bars", img, "#13795b", 12, 1000)
		wantPixels(t, "p50 bars", img, "#b39ddb", 12, 1000)
		wantPixels(t, "p95 bars", img, "#7b51c9", 12, 1000)
	})
}

// The pixel counting the screenshot checks rely on, on an image made here.
func TestPixelCounting(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 100, 50))
	for y := range 50 {
		for x := range 100 {
			img.Set(x, y, color.RGBA{0xf6, 0xf7, 0xf9, 0xff})
		}
	}
	if p := painted(img); p != 0 {
		t.Errorf("a blank page is %.2f%% painted", p*100)
	}
	for y := 10; y < 24; y++ {
		for x := 5; x < 45; x++ {
			img.Set(x, y, color.RGBA{0x4a, 0x78, 0xd6, 0xff})
		}
	}
	img.Set(60, 5, color.RGBA{0x50, 0x70, 0xd0, 0xff}) // anti-aliased: near enough
	if n := pixelsNear(img, "#4a78d6", 12); n != 14*40+1 {
		t.Errorf("%d blue pixels, want %d", n, 14*40+1)
	}
	if n := pixelsNear(img, "#c62828", 12); n != 0 {
		t.Errorf("%d red pixels, want 0", n)
	}
	// The pale fill of the agent nodes is told from the background only
	// with a small tolerance.
	if n := pixelsNear(img, "#eef3fd", 3); n != 0 {
		t.Errorf("%d agent-node pixels on a blank background, want 0", n)
	}
	if p := painted(img); p < 0.11 || p > 0.12 {
		t.Errorf("painted %.3f, want 561/5000", p)
	}
}
