package localserver

import "math"

// chart is a small horizontal bar chart, laid out here and drawn as inline
// SVG by the page: no script, no network.
type chart struct {
	Title, Class  string
	Width, Height float64
	LabelX        float64 // where labels end (right-aligned)
	Rows          []chartRow
}

type chartRow struct {
	Label        string
	LabelY       float64
	Bars         []chartBar
	Text         string // the values, right of the longest bar
	TextX, TextY float64
}

type chartBar struct {
	X, Y, W, H float64
	Class      string
}

// barInput is one row of a chart: a label, one value a series, and the
// values as text.
type barInput struct {
	Label  string
	Values []float64
	Text   string
}

const (
	chartLabelW = 170.0
	chartBarW   = 280.0
	chartTextW  = 190.0
	chartBarH   = 10.0
	chartGap    = 10.0
	chartPad    = 8.0
	maxLabel    = 26
)

// newChart lays out rows; classes name the series (one per value).
// Values scale against the largest; a non-finite or negative value draws
// no bar.
func newChart(title, class string, classes []string, rows []barInput) chart {
	c := chart{Title: title, Class: class, Width: chartLabelW + chartBarW + chartTextW, LabelX: chartLabelW - 6}
	top := 0.0
	for _, r := range rows {
		for _, v := range r.Values {
			if v > top && !math.IsInf(v, 0) {
				top = v
			}
		}
	}
	y := chartPad
	for _, r := range rows {
		rowH := float64(len(r.Values)) * chartBarH
		row := chartRow{Label: shorten(r.Label), LabelY: y + rowH/2 + 4, Text: r.Text, TextY: y + rowH/2 + 4}
		longest := 0.0
		for i, v := range r.Values {
			w := 0.0
			if top > 0 && v > 0 && !math.IsInf(v, 0) {
				w = max(1, v/top*chartBarW)
			}
			cls := classes[min(i, len(classes)-1)]
			row.Bars = append(row.Bars, chartBar{X: chartLabelW, Y: y + float64(i)*chartBarH, W: w, H: chartBarH - 1, Class: cls})
			longest = max(longest, w)
		}
		row.TextX = chartLabelW + longest + 6
		c.Rows = append(c.Rows, row)
		y += rowH + chartGap
	}
	c.Height = y - chartGap + chartPad
	return c
}

// shorten cuts a label to maxLabel runes; the full one is in the title.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxLabel {
		return s
	}
	return string(r[:maxLabel-1]) + "…"
}
