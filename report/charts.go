package report

import (
	"bytes"
	"cmp"
	"fmt"
	"image/color"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/borderflow/borderflow/runfolder"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The charts are 1600×1000 pixels; the small charts for the HTML report
// 480×220 points.
var (
	chartW      = px(1600)
	chartH      = px(1000)
	smallChartW = vg.Length(480)
	smallChartH = vg.Length(220)
)

// chartTop is the number of busiest posts WriteCharts shows, centreTop
// that of centres.
const (
	chartTop  = 6
	centreTop = 9
)

// WriteCharts writes the run's charts into dir, each as PNG and SVG:
// centres (occupancy against capacity over time for the 9 centres under
// most load: peak occupancy plus people turned away), posts (daily passes and refusals at the 6 busiest
// posts by people passed) and countries (daily entries per country, for the
// countries anyone entered). It returns the names of the files written,
// relative to dir.
func WriteCharts(dir string, d *runfolder.Data) ([]string, error) {
	return runJobs(chartJobs(dir, d), runtime.GOMAXPROCS(0))
}

// chartJobs are the renderings of the charts, one job each.
func chartJobs(dir string, d *runfolder.Data) []job {
	charts := []struct {
		name string
		draw func(draw.Canvas, *runfolder.Data)
	}{
		{"centres", drawCentreCharts},
		{"posts", drawPostCharts},
		{"countries", drawCountryChart},
	}
	jobs := make([]job, len(charts))
	for i, c := range charts {
		jobs[i] = job{format: "charts", cost: 8, run: func() ([]string, error) {
			tc := newTwinCanvas(chartW, chartH)
			c.draw(tc.dc, d)
			var png, svg bytes.Buffer
			if err := tc.writeTo(&png, &svg); err != nil {
				return nil, fmt.Errorf("%s: %w", c.name, err)
			}
			return writeBoth(dir, c.name, png.Bytes(), svg.Bytes())
		}}
	}
	return jobs
}

// WriteCentreChartSVG writes a small SVG chart of one centre: occupancy and
// capacity (and people turned away, if any) day by day.
func WriteCentreChartSVG(w io.Writer, d *runfolder.Data, c *runfolder.CentreSeries) error {
	if c == nil {
		return fmt.Errorf("centre chart: no centre")
	}
	return writeSmallSVG(w, centrePlot(d, c, 11))
}

// WritePostChartSVG writes a small SVG chart of one border post: people
// passing and people refused (both directions) day by day.
func WritePostChartSVG(w io.Writer, d *runfolder.Data, c *runfolder.CrossingSeries) error {
	if c == nil {
		return fmt.Errorf("post chart: no post")
	}
	return writeSmallSVG(w, postPlot(d, c, 11))
}

func writeSmallSVG(w io.Writer, p *plot.Plot) error {
	svg := vgsvg.NewWith(vgsvg.UseWH(smallChartW, smallChartH))
	dc := draw.New(svg)
	fillRect(dc, dc.Rectangle, color.White)
	p.Draw(dc)
	_, err := svg.WriteTo(w)
	return err
}

// timePlot returns a plot over d's period with dates on the x axis, counts
// on the y axis and Liberation Sans text.
func timePlot(d *runfolder.Data, title string, titleSize vg.Length) *plot.Plot {
	p := plot.New()
	styleTimePlot(p, title, titleSize)
	p.X.Min = dayX(d, 0)
	p.X.Max = dayX(d, max(0, d.Days-1))
	return p
}

// styleTimePlot gives p the charts' look: dates on the x axis, counts on
// the y axis from 0, Liberation Sans text, a light grid, the legend top
// left.
func styleTimePlot(p *plot.Plot, title string, titleSize vg.Length) {
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont(true), titleSize)
	p.Title.TextStyle.Color = colInk
	tick := font.From(sansFont(false), titleSize-2)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font = tick
		a.Tick.Label.Color = colMuted
		a.Label.TextStyle.Font = tick
		a.Label.TextStyle.Color = colMuted
		a.LineStyle.Color = colMuted
		a.Tick.LineStyle.Color = colMuted
	}
	p.X.Tick.Marker = monthTicks{}
	p.Y.Tick.Marker = countTicks{}
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.TextStyle.Font = tick
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = 6
	p.Legend.ThumbnailWidth = 18
	grid := plotter.NewGrid()
	grid.Vertical.Color = rgb(0xE6E6E6)
	grid.Horizontal.Color = rgb(0xE6E6E6)
	p.Add(grid)
}

// dayX is the x value of day i: Unix seconds of its date.
func dayX(d *runfolder.Data, i int) float64 { return float64(d.Date(i).Time().Unix()) }

// addSeries adds a daily series as a line (dash nil: solid).
func addSeries(p *plot.Plot, d *runfolder.Data, v []int64, name string, col color.Color, width vg.Length, dash []vg.Length, fill color.Color) {
	xy := make(plotter.XYs, len(v))
	for i, y := range v {
		xy[i].X, xy[i].Y = dayX(d, i), float64(y)
	}
	l, err := plotter.NewLine(xy)
	if err != nil {
		return
	}
	l.Color, l.Width, l.Dashes, l.FillColor = col, width, dash, fill
	p.Add(l)
	if name != "" {
		p.Legend.Add(name, l)
	}
}

func anyPositive(v []int64) bool { return slices.ContainsFunc(v, func(x int64) bool { return x > 0 }) }

func centrePlot(d *runfolder.Data, c *runfolder.CentreSeries, size vg.Length) *plot.Plot {
	n := d.Network.Node(c.Node)
	p := timePlot(d, strings.Join(wrap(cmp.Or(n.Name, c.ID), 44), "\n")+"\n"+capacityRange(c.Capacity), size)
	p.Y.Label.Text = "people"
	addSeries(p, d, c.Occupancy, "occupancy", colFlow, 1.5, nil, withAlpha(colFlow, 0.18))
	if anyPositive(c.Capacity) {
		addSeries(p, d, c.Capacity, "capacity", colRed, 1.2, []vg.Length{5, 3}, nil)
	}
	if anyPositive(c.Registered) {
		addSeries(p, d, c.Registered, "registered without a place", colGreen, 1.2, nil, nil)
	}
	if anyPositive(c.TurnedAway) {
		addSeries(p, d, c.TurnedAway, "turned away", colAmber, 1.2, nil, nil)
	}
	headroom(p)
	p.Y.Max *= 1.15 // three legend rows
	return p
}

func postPlot(d *runfolder.Data, c *runfolder.CrossingSeries, size vg.Length) *plot.Plot {
	name := c.ID
	if int(c.Crossing) < d.Network.NumCrossings() {
		name = shortName(d.Network.Crossing(c.Crossing).Name)
	}
	p := timePlot(d, name, size)
	p.Y.Label.Text = "people a day"
	passed := make([]int64, d.Days)
	refused := make([]int64, d.Days)
	for i := range d.Days {
		passed[i] = c.PassedOn(i)
		refused[i] = c.Refused[0][i] + c.Refused[1][i]
	}
	addSeries(p, d, passed, "passed", colFlow, 1.5, nil, withAlpha(colFlow, 0.18))
	addSeries(p, d, refused, "refused", colRed, 1.2, nil, nil)
	headroom(p)
	return p
}

// busiest returns the indices of the n items with the highest positive
// score, highest first.
func busiest(count, n int, score func(int) int64) []int {
	var idx []int
	for i := range count {
		if score(i) > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(score(b), score(a)) })
	return idx[:min(n, len(idx))]
}

// figureTitle draws a chart page's title and subtitle and returns the
// canvas below them.
func figureTitle(dc draw.Canvas, d *runfolder.Data, title string) draw.Canvas {
	top := dc.Max.Y
	drawText(dc, sans(18, true), colInk, dc.Min.X+16, top-14, title, alignLeft, -1)
	drawText(dc, sans(11, false), colMuted, dc.Min.X+16, top-38, scenarioName(d)+" · "+periodText(d)+" · figures in people", alignLeft, -1)
	return draw.Crop(dc, 8, -12, 6, -62)
}

// smallMultiples tiles the plots in rows of three (four for more than 9).
func smallMultiples(dc draw.Canvas, plots []*plot.Plot, empty string) {
	if len(plots) == 0 {
		drawText(dc, sans(14, false), colMuted, (dc.Min.X+dc.Max.X)/2, (dc.Min.Y+dc.Max.Y)/2, empty, alignCenter, -0.5)
		return
	}
	cols := min(3, len(plots))
	if len(plots) > 9 {
		cols = 4
	}
	rows := (len(plots) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for c := range cols {
			if i := r*cols + c; i < len(plots) {
				grid[r][c] = plots[i]
			}
		}
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: 24, PadY: 24, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 4}
	cs := plot.Align(grid, tiles, dc)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(cs[r][c])
			}
		}
	}
}

// capacityRange says a centre's places over the period: "300 places",
// "0–5,000 places" where it changed, "capacity unknown" where never known.
func capacityRange(capacity []int64) string {
	var lo, hi int64 = -1, 0
	for _, k := range capacity {
		if k > 0 {
			hi = max(hi, k)
			if lo < 0 || k < lo {
				lo = k
			}
		}
	}
	switch {
	case hi == 0:
		return "capacity unknown"
	case lo == hi && !slices.Contains(capacity, 0):
		return thousands(hi) + " places"
	case slices.Contains(capacity, 0):
		return "up to " + thousands(hi) + " places"
	}
	return thousands(lo) + "–" + thousands(hi) + " places"
}

// centreLoad is the load people met at a centre over the period: its
// peak occupancy plus its peak registrations in a day (registration points
// register people without a place) plus the people it turned away.
func centreLoad(c *runfolder.CentreSeries) int64 {
	var away int64
	for _, v := range c.TurnedAway {
		away += v
	}
	return slices.Max(append([]int64{0}, c.Occupancy...)) + slices.Max(append([]int64{0}, c.Registered...)) + away
}

func drawCentreCharts(dc draw.Canvas, d *runfolder.Data) {
	inner := figureTitle(dc, d, "Reception centres under most load: occupancy against capacity, and people turned away")
	top := busiest(len(d.Centres), centreTop, func(i int) int64 { return centreLoad(d.Centres[i]) })
	var plots []*plot.Plot
	for _, i := range top {
		plots = append(plots, centrePlot(d, d.Centres[i], 12))
	}
	smallMultiples(inner, plots, "Nobody stayed at a reception centre in this run.")
}

func drawPostCharts(dc draw.Canvas, d *runfolder.Data) {
	inner := figureTitle(dc, d, "Border posts: people passing and refused each day")
	total := func(i int) int64 {
		var t int64
		for day := range d.Days {
			t += d.Crossings[i].PassedOn(day)
		}
		return t
	}
	top := busiest(len(d.Crossings), chartTop, total)
	var plots []*plot.Plot
	for _, i := range top {
		plots = append(plots, postPlot(d, d.Crossings[i], 12))
	}
	smallMultiples(inner, plots, "Nobody passed a border post in this run.")
}

// drawCountryChart draws one small panel per country that anyone
// entered, busiest first, on a shared time axis and a shared scale.
func drawCountryChart(dc draw.Canvas, d *runfolder.Data) {
	inner := figureTitle(dc, d, "People entering each country, day by day (same scale in every panel)")
	names := map[string]string{"DEU": "Germany", "TUR": "Turkey", "ITA": "Italy"}
	for _, o := range d.Kind.Outlines {
		names[o.Code] = o.Name
	}
	type row struct {
		cs    *runfolder.CountrySeries
		total int64
	}
	var rows []row
	var top int64
	for _, c := range d.Countries {
		var t int64
		for _, v := range c.Entries {
			t += v
			top = max(top, v)
		}
		if t > 0 {
			rows = append(rows, row{c, t})
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(b.total, a.total) })
	var plots []*plot.Plot
	for _, r := range rows {
		p := timePlot(d, fmt.Sprintf("%s · %s entered", cmp.Or(names[r.cs.Code], r.cs.Code), thousands(r.total)), 11)
		p.Y.Label.Text = "a day"
		addSeries(p, d, r.cs.Entries, "", colFlow, 1.2, nil, withAlpha(colFlow, 0.18))
		p.Y.Max = float64(top) * 1.05
		plots = append(plots, p)
	}
	smallMultiples(inner, plots, "Nobody entered a country in this run.")
}

// headroom leaves space above the highest value for the legend.
func headroom(p *plot.Plot) { p.Y.Max *= 1.15 }
