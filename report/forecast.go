package report

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/borderflow/borderflow/forecast"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
)

var forecastTemplate = template.Must(template.New("forecast.html.tmpl").ParseFS(htmlAssets, "templates/forecast.html.tmpl"))

// The most fan charts of each kind a forecast report draws.
const (
	maxCentreFans   = 12
	maxCrossingFans = 8
	maxCountryFans  = 12
)

// forecastPage is what the forecast template renders; every string is
// plain text html/template escapes, except the charts' SVG, which gonum's
// vgsvg writes with its text escaped.
type forecastPage struct {
	Scenario, AsOf, AsOfLong, EndLong, Version string
	Members, Horizon                           int
	NoFutureEvents                             bool
	WarningPct                                 string
	Warnings                                   []warningRow
	Map                                        template.HTML // the map's SVG, text escaped by vgsvg
	Groups                                     []fanGroup
	ArrivalsNo                                 int
	Streams                                    []streamRow
	Seconds, Scale                             string
	Seed                                       uint64
	ReportCSS                                  template.CSS
}

type warningRow struct{ Name, Kind, What, Limit, First, Probability string }

type fanGroup struct {
	ID, Title, Lead string
	No              int
	Charts          []fanChart
}

type fanChart struct {
	SVG     template.HTML
	Caption string
}

type streamRow struct {
	Name, KnownUntil, FirstMonth, Model, Sigma string
	Months, Observed                           int
}

// WriteForecastHTML writes a forecast's report: its warnings first, then
// fan charts of the centres, posts and countries under the most load (the
// observations obs of each drawn on it, the as-of day marked), then how
// each stream's arrivals were forecast. Like report.html it is one
// self-contained file that opens offline.
func WriteForecastHTML(w io.Writer, f *forecast.Forecast, ws []forecast.Warning, obs []observe.Observation, version string) error {
	css, err := asset("report.css")
	if err != nil {
		return err
	}
	p := forecastPage{Scenario: f.Name, AsOf: f.AsOf.String(), AsOfLong: longDate(f.AsOf), EndLong: longDate(f.End), Version: version,
		Members: f.Members, Horizon: int(f.End - f.AsOf), NoFutureEvents: f.NoFutureEvents,
		WarningPct: strconv.FormatFloat(100*forecast.WarningProbability, 'f', 0, 64) + "%",
		Seconds:    strconv.FormatFloat(f.Seconds, 'f', 1, 64), Scale: strconv.FormatFloat(f.Scale, 'g', -1, 64), Seed: f.Seed,
		ReportCSS: template.CSS(css)}
	warned := map[string]bool{}
	for _, x := range ws {
		what := "occupancy reaches capacity"
		if x.Kind == forecast.KindCrossing {
			what = "people queue beyond the daily cap"
		}
		first := "—"
		if x.FirstDate != 0 {
			first = x.FirstDate.String()
		}
		p.Warnings = append(p.Warnings, warningRow{Name: x.ID, Kind: x.Kind, What: what, Limit: thousands(int64(x.Limit)), First: first,
			Probability: strconv.FormatFloat(100*x.Probability, 'f', 0, 64) + "%"})
		warned[x.Kind+"/"+x.ID] = true
	}
	var mapSVG bytes.Buffer
	if err := WriteForecastMap(nil, &mapSVG, f, ws, version); err != nil {
		return err
	}
	p.Map = template.HTML(svgBody(mapSVG.Bytes()))
	from := max(0, int(f.AsOf-f.Start)+1-2*int(f.End-f.AsOf))
	groups := []struct {
		id, title, lead, kind, metric string
		max                           int
	}{
		{"centres", "Reception centres", "Occupancy, people in the centre each day, against its capacity (red).", forecast.KindCentre, "occupancy", maxCentreFans},
		{"posts", "Border posts", "People passing each day, both directions, against the daily cap in force (red).", forecast.KindCrossing, "passed", maxCrossingFans},
		{"countries", "Countries", "People in the country each day (present).", forecast.KindCountry, "present", maxCountryFans},
	}
	for i, g := range groups {
		fg := fanGroup{ID: g.id, Title: g.title, Lead: g.lead, No: i + 3}
		var cands []*forecast.Series
		for _, s := range f.Series {
			if s.Kind == g.kind && s.Metric == g.metric {
				cands = append(cands, s)
			}
		}
		load := map[*forecast.Series]float64{}
		for _, s := range cands {
			for d := int(f.AsOf-f.Start) + 1; d < f.Days(); d++ {
				load[s] = max(load[s], s.Band(d, 0.95)[0])
			}
		}
		slices.SortStableFunc(cands, func(a, b *forecast.Series) int {
			wa, wb := warned[a.Kind+"/"+a.ID], warned[b.Kind+"/"+b.ID]
			if wa != wb {
				if wa {
					return -1
				}
				return 1
			}
			return cmp.Or(cmp.Compare(load[b], load[a]), cmp.Compare(a.ID, b.ID))
		})
		for _, s := range cands {
			if len(fg.Charts) == g.max || load[s] == 0 && !warned[s.Kind+"/"+s.ID] {
				break
			}
			svg, err := fanSVG(f, s, from, obs)
			if err != nil {
				return err
			}
			fg.Charts = append(fg.Charts, fanChart{SVG: template.HTML(svgBody(svg)), Caption: fanCaption(f, s)})
		}
		p.Groups = append(p.Groups, fg)
	}
	p.ArrivalsNo = len(groups) + 3
	for _, st := range f.Streams {
		p.Streams = append(p.Streams, streamRow{Name: st.Name, KnownUntil: st.KnownUntil.String(), FirstMonth: st.FirstMonth, Model: st.Model,
			Sigma: strconv.FormatFloat(st.Fit.Sigma, 'f', 2, 64), Months: st.Months, Observed: st.Observed})
	}
	return forecastTemplate.Execute(w, &p)
}

// svgBody drops anything before the svg element (an XML declaration), so
// the SVG can sit inside HTML.
func svgBody(b []byte) []byte {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		return b[i:]
	}
	return b
}

// fanCaption says what a fan chart shows at the horizon's end.
func fanCaption(f *forecast.Forecast, s *forecast.Series) string {
	q := s.Band(f.Days()-1, 0.05, 0.5, 0.95)
	return fmt.Sprintf("%s on %s: median %s, 90%% of members %s–%s.", s.Metric, f.End, thousands(int64(math.Round(q[1]))),
		thousands(int64(math.Round(q[0]))), thousands(int64(math.Round(q[2]))))
}

var (
	colFan90  = rgb(0xC6DBEF)
	colFan50  = rgb(0x6BAED6)
	colMedian = rgb(0x08519C)
	colLimit  = rgb(0xCB181D)
	colAsOf   = rgb(0x5F5F5F)
)

// fanSVG draws series s of forecast f from day from to its end: the 90%
// and 50% bands, the median, the limit, the as-of day and the
// observations of the same place and metric (a flow's as its daily mean
// over its period).
func fanSVG(f *forecast.Forecast, s *forecast.Series, from int, obs []observe.Observation) ([]byte, error) {
	x := func(d int) float64 { return float64((f.Start + scenarios.Date(d)).Time().Unix()) }
	p := plot.New()
	styleTimePlot(p, s.ID, 12)
	p.X.Min, p.X.Max = x(from), x(f.Days()-1)
	var lo90, hi90, lo50, hi50, med plotter.XYs
	top := 1.0
	for d := from; d < f.Days(); d++ {
		q := s.Band(d, forecast.Quantiles...)
		lo90, lo50, med = append(lo90, plotter.XY{X: x(d), Y: q[0]}), append(lo50, plotter.XY{X: x(d), Y: q[1]}), append(med, plotter.XY{X: x(d), Y: q[2]})
		hi50, hi90 = append(hi50, plotter.XY{X: x(d), Y: q[3]}), append(hi90, plotter.XY{X: x(d), Y: q[4]})
		top = max(top, q[4])
	}
	band := func(lo, hi plotter.XYs, col color.Color) error {
		ring := slices.Clone(hi)
		for i := len(lo) - 1; i >= 0; i-- {
			ring = append(ring, lo[i])
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			return err
		}
		poly.Color, poly.LineStyle.Width = col, 0
		p.Add(poly)
		return nil
	}
	if err := band(lo90, hi90, colFan90); err != nil {
		return nil, err
	}
	if err := band(lo50, hi50, colFan50); err != nil {
		return nil, err
	}
	line := func(xy plotter.XYs, col color.Color, width vg.Length, dash []vg.Length, name string) error {
		l, err := plotter.NewLine(xy)
		if err != nil {
			return err
		}
		l.Color, l.Width, l.Dashes = col, width, dash
		p.Add(l)
		if name != "" {
			p.Legend.Add(name, l)
		}
		return nil
	}
	if err := line(med, colMedian, 1.5, nil, "median"); err != nil {
		return nil, err
	}
	if s.Limit != nil {
		var lim plotter.XYs
		for d := from; d < f.Days(); d++ {
			if s.Limit[d] > 0 {
				lim = append(lim, plotter.XY{X: x(d), Y: s.Limit[d]})
				top = max(top, s.Limit[d])
			}
		}
		if len(lim) > 1 {
			if err := line(lim, colLimit, 1, []vg.Length{4, 2}, "capacity"); err != nil {
				return nil, err
			}
		}
	}
	var pts plotter.XYs
	for _, o := range obs {
		if o.Place != s.ID || !observes(o.Metric, s) {
			continue
		}
		a, b := int(o.Period.From-f.Start), int(o.Period.To-f.Start)
		if b < from || a >= f.Days() {
			continue
		}
		v := o.Value
		if !o.Metric.Stock() {
			v /= float64(o.Period.Days())
		}
		top = max(top, v)
		if a == b {
			pts = append(pts, plotter.XY{X: x(a), Y: v})
			continue
		}
		seg := plotter.XYs{{X: x(max(a, from)), Y: v}, {X: x(min(b, f.Days()-1)), Y: v}}
		if err := line(seg, colInk, 1.5, nil, ""); err != nil {
			return nil, err
		}
	}
	if len(pts) > 0 {
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.Color = colInk
		p.Add(sc)
		p.Legend.Add("observed", sc)
	}
	p.Y.Max = top * 1.15
	asOf := int(f.AsOf - f.Start)
	if err := line(plotter.XYs{{X: x(asOf), Y: 0}, {X: x(asOf), Y: p.Y.Max}}, colAsOf, 1, []vg.Length{2, 2}, "as of "+f.AsOf.String()); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := writeSmallSVG(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// observes reports whether an observation of metric m is of series s.
func observes(m observe.Metric, s *forecast.Series) bool {
	if s.Kind == forecast.KindCrossing && m == observe.Entries {
		return s.Metric == "passed"
	}
	return m.String() == s.Metric
}
