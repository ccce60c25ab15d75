package plan

import (
	"html/template"
	"io"
	"math"
	"strconv"
)

var planTemplate = template.Must(template.New("plan").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Scenario}}: where {{.Amount}} more {{.What}} help most — borderflow</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #222; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
table { border-collapse: collapse; font-size: 0.9rem; margin-bottom: 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: right; }
th { background: #f4f3f0; }
td.l, th.l { text-align: left; }
.bar { display: inline-block; height: 0.8rem; background: #2B6CB0; vertical-align: middle; }
.bar.before { background: #D7301F; }
</style>
</head>
<body>
<h1>Where {{.AmountText}} more {{.What}} help most</h1>
<p>Scenario <strong>{{.Scenario}}</strong>: {{.BaselineText}} {{.Metric}} as it is (mean over {{.Replicates}} replicates). Each place below was given all {{.AmountText}} {{.What}} and run over the same replicates (the same seeds); the cut is the drop in {{.Metric}} over every centre and post, with its 5th–95th percentile over the replicates. The band is the model's chance only: it does not hold the uncertainty of the arrivals or of the model's parameters.</p>
<h2>Ranking</h2>
<table>
<thead><tr><th>rank</th><th class="l">place</th><th class="l">kind</th><th>cut</th><th>band (5–95%)</th><th class="l">at the place: before → after</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Rank}}</td><td class="l">{{.Name}}</td><td class="l">{{.Kind}}</td><td>{{.Cut}}</td><td>{{.Band}}</td><td class="l"><span class="bar before" style="width: {{.BeforeW}}px"></span> {{.Before}}<br><span class="bar" style="width: {{.AfterW}}px"></span> {{.After}}</td></tr>
{{end}}</tbody>
</table>
{{if .Greedy}}<h2>Given out in parts</h2>
<p>The {{.What}} in {{len .Greedy}} parts, each to the place that gains most on top of the parts before it.</p>
<table>
<thead><tr><th>part</th><th class="l">place</th><th>total cut</th><th>band (5–95%)</th></tr></thead>
<tbody>
{{range .Greedy}}<tr><td>{{.Rank}}</td><td class="l">{{.Name}}</td><td>{{.Cut}}</td><td>{{.Band}}</td></tr>
{{end}}</tbody>
</table>{{end}}
<p>Produced by borderflow plan. This page loads nothing from the network.</p>
</body>
</html>
`))

type planRow struct {
	Rank                  int
	Name, Kind, Cut, Band string
	Before, After         string
	BeforeW, AfterW       int
}

type planPage struct {
	Scenario, What, Metric, AmountText, BaselineText string
	Amount, Replicates                               int
	Rows, Greedy                                     []planRow
}

// Count writes a figure rounded to a whole number, with thousands
// separators (1234567.4 → "1,234,567"), as the plan's page and table show
// them.
func Count(v float64) string {
	n := int64(math.Round(v))
	s := strconv.FormatInt(n, 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

// WriteHTML writes the plan as a page: the ranking, with each place's
// load before and after the addition drawn as bars, and the greedy parts.
func WriteHTML(w io.Writer, p *Plan) error {
	page := planPage{Scenario: p.Scenario, What: p.What, Metric: p.Metric, Amount: p.Amount, Replicates: p.Replicates,
		AmountText: Count(float64(p.Amount)), BaselineText: Count(p.Baseline)}
	var top float64
	for _, c := range p.Ranked {
		top = max(top, c.PlaceBefore)
	}
	width := func(v float64) int {
		if top <= 0 {
			return 0
		}
		return int(math.Round(240 * v / top))
	}
	for i, c := range p.Ranked {
		page.Rows = append(page.Rows, planRow{Rank: i + 1, Name: c.Name, Kind: c.Kind, Cut: Count(c.Reduction),
			Band: Count(c.ReductionP05) + " – " + Count(c.ReductionP95), Before: Count(c.PlaceBefore), After: Count(c.PlaceAfter),
			BeforeW: width(c.PlaceBefore), AfterW: width(c.PlaceAfter)})
	}
	for i, c := range p.Greedy {
		page.Greedy = append(page.Greedy, planRow{Rank: i + 1, Name: c.Name, Cut: Count(c.Reduction), Band: Count(c.ReductionP05) + " – " + Count(c.ReductionP95)})
	}
	return planTemplate.Execute(w, &page)
}
