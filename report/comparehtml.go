package report

import (
	"html/template"
	"io"

	"github.com/borderflow/borderflow/runfolder"
)

var compareTemplate = template.Must(template.New("compare").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{{.Scen}} vs {{.Base}} — borderflow comparison</title>
<style>
body{font-family:"Liberation Sans",Arial,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px;margin:0 0 4px} p.sub{color:#555;margin:0 0 16px}
table{border-collapse:collapse;margin:8px 0 24px;font-size:13px}
th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right} th:first-child,td:first-child{text-align:left}
td.up{color:#b2182b} td.down{color:#2166ac} .map svg{width:100%;height:auto;border:1px solid #ccc}
</style></head><body>
<h1>{{.Scen}} compared with {{.Base}}</h1>
<p class="sub">Scenario minus baseline: people passed at border posts, occupancy of reception centres (person-nights), entries per country. Red: more in the scenario; blue: fewer.</p>
<div class="map">{{.Map}}</div>
{{range .Sections}}<h2>{{.Title}}</h2>
<table><tr><th>{{.Kind}}</th><th>baseline total</th><th>scenario total</th><th>difference</th><th>baseline peak</th><th>scenario peak</th><th>peak date (baseline → scenario)</th></tr>
{{range .Rows}}<tr><td>{{.ID}}</td><td>{{.BaseTotal}}</td><td>{{.ScenTotal}}</td><td class="{{if gt .TotalDiff 0}}up{{else if lt .TotalDiff 0}}down{{end}}">{{.TotalDiff}}</td><td>{{.BasePeak}}</td><td>{{.ScenPeak}}</td><td>{{.BasePeakDate}} → {{.ScenPeakDate}}</td></tr>
{{end}}</table>{{end}}
<p class="sub">borderflow. {{.Attribution}}.</p>
</body></html>
`))

// WriteCompareHTML writes compare.html: the difference map (its SVG, as
// WriteDiffMap draws it) and tables of the rows with any load, by kind.
func WriteCompareHTML(w io.Writer, base, scen *runfolder.Data, rows []CompareRow, diffMapSVG []byte) error {
	type section struct {
		Title, Kind string
		Rows        []CompareRow
	}
	var sections []section
	for _, k := range [][3]string{{"country", "Entries per country", "country"}, {"post", "Border posts: people passed", "crossing"}, {"centre", "Reception centres: occupancy", "centre"}} {
		s := section{Title: k[1], Kind: k[2]}
		for _, r := range rows {
			if r.Kind == k[0] && (r.BaseTotal != 0 || r.ScenTotal != 0) {
				s.Rows = append(s.Rows, r)
			}
		}
		sections = append(sections, s)
	}
	return compareTemplate.Execute(w, map[string]any{
		"Base": base.Summary.Scenario, "Scen": scen.Summary.Scenario,
		// The map is SVG that this package drew itself; names in it are
		// escaped by the SVG writer.
		"Map":         template.HTML(diffMapSVG),
		"Sections":    sections,
		"Attribution": base.Kind.Attribution,
	})
}
