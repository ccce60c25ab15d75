package sweep

import (
	"cmp"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"

	"golang.org/x/exp/stats"
)

// reportOutputs is how many outputs the merged report compares the
// points on: those whose means differ most between points; reportPoints
// the most points it lists (the first, in sweep order).
const (
	reportOutputs = 8
	reportPoints  = 1000
)

var mergedTemplate = template.Must(template.New("sweep").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Name}}: sweep of {{.Points}} points — borderflow</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #222; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: right; vertical-align: top; }
th { background: #f4f3f0; }
td.l, th.l { text-align: left; }
.band { color: #666; font-size: 0.75rem; display: block; }
.hi { background: #fde0dd; }
.lo { background: #deebf7; }
</style>
</head>
<body>
<h1>Sweep {{.Name}}</h1>
<p>{{.Points}} points × {{.Replicates}} replicates of scenario <strong>{{.Scenario}}</strong> at scale {{.Scale}} ({{.Items}} runs). Each cell is the mean over the replicates, with the 5th–95th percentile beneath; the highest mean of each column is shaded red, the lowest blue. The columns are the {{len .Columns}} outputs whose means differ most between the points; sweep.csv beside this page has every output.</p>
<table>
<thead><tr><th class="l">point</th>{{range .Params}}<th class="l">{{.}}</th>{{end}}{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr><td class="l">{{.Point}}</td>{{range .Values}}<td class="l">{{.}}</td>{{end}}{{range .Cells}}<td class="{{.Class}}">{{.Mean}}<span class="band">{{.Band}}</span></td>{{end}}</tr>
{{end}}</tbody>
</table>
{{if .Cut}}<p>{{.Cut}} more points are in sweep.csv; this page lists the first {{len .Rows}}.</p>{{end}}
<p>Produced by borderflow merge. This page loads nothing from the network.</p>
</body>
</html>
`))

type mergedPage struct {
	Name, Scenario, Scale     string
	Points, Replicates, Items int
	Params, Columns           []string
	Rows                      []mergedRow
	Cut                       int // points left out of the table
}

type mergedRow struct {
	Point  string
	Values []string
	Cells  []mergedCell
}

type mergedCell struct{ Mean, Band, Class string }

// writeMergedHTML writes the merged report: the points against the
// outputs whose means vary most between them.
func writeMergedHTML(w io.Writer, def *definition, values [][]float64) error {
	np := len(def.Points)
	means := make([][]float64, np) // [point][output]
	for p := range np {
		means[p] = make([]float64, len(def.Outputs))
		for o := range def.Outputs {
			var sum float64
			for r := range def.Replicates {
				sum += values[p*def.Replicates+r][o]
			}
			means[p][o] = sum / float64(def.Replicates)
		}
	}
	spread := make([]float64, len(def.Outputs))
	colLo, colHi := make([]float64, len(def.Outputs)), make([]float64, len(def.Outputs))
	for o := range def.Outputs {
		lo, hi := math.Inf(1), math.Inf(-1)
		for p := range np {
			lo, hi = min(lo, means[p][o]), max(hi, means[p][o])
		}
		colLo[o], colHi[o], spread[o] = lo, hi, hi-lo
	}
	order := make([]int, len(def.Outputs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(spread[b], spread[a]) })
	var cols []int
	for _, o := range order {
		if len(cols) == reportOutputs || spread[o] == 0 {
			break
		}
		cols = append(cols, o)
	}
	page := mergedPage{Name: def.Name, Scenario: def.File.Scenario, Scale: strconv.FormatFloat(def.File.Scale, 'g', -1, 64),
		Points: np, Replicates: def.Replicates, Items: def.Items, Params: append(slices.Clone(def.Params), "event set")}
	for _, o := range cols {
		out := def.Outputs[o]
		page.Columns = append(page.Columns, out.ID+" "+out.Metric)
	}
	num := func(v float64) string { return strconv.FormatFloat(math.Round(v), 'f', 0, 64) }
	buf := make([]float64, def.Replicates)
	for p, pt := range def.Points {
		if p == reportPoints {
			page.Cut = np - p
			break
		}
		row := mergedRow{Point: strconv.Itoa(p)}
		for _, v := range pt.Values {
			row.Values = append(row.Values, strconv.FormatFloat(v, 'g', -1, 64))
		}
		row.Values = append(row.Values, pt.EventSet)
		for _, o := range cols {
			for r := range def.Replicates {
				buf[r] = values[p*def.Replicates+r][o]
			}
			q := stats.Quantiles(slices.Sorted(slices.Values(buf)), 0.05, 0.95)
			c := mergedCell{Mean: num(means[p][o]), Band: num(q[0]) + "–" + num(q[1])}
			switch means[p][o] {
			case colHi[o]:
				c.Class = "hi"
			case colLo[o]:
				c.Class = "lo"
			}
			row.Cells = append(row.Cells, c)
		}
		page.Rows = append(page.Rows, row)
	}
	return mergedTemplate.Execute(w, &page)
}
