package report

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
)

// The map is 1600×1200 pixels (1200×900 points at 96 dpi).
var (
	mapW = px(1600)
	mapH = px(1200)
)

// The map's layout, in points from the bottom left: the map frame on the
// left, the legend panel on the right, the title above, the attribution
// below.
var (
	mapFrame    = vg.Rectangle{Min: vg.Point{X: 16, Y: 44}, Max: vg.Point{X: 876, Y: 826}}
	legendPanel = vg.Rectangle{Min: vg.Point{X: 892, Y: 44}, Max: vg.Point{X: 1184, Y: 826}}
)

// Label counts: the busiest posts and centres get a name on the map.
const (
	labelPosts   = 8
	labelCentres = 8
)

// Symbol and line sizes, in points.
const (
	flowMaxWidth   = 16  // the busiest edge; others scale with the square root of their load
	flowMinWidth   = 0.8 // the thinnest visible flow line
	postMinHalf    = 3   // half the side of the square of a post with a little traffic
	postMaxHalf    = 13  // … of the busiest post
	postIdleHalf   = 2.5 // … of a post nobody passed
	centreMinR     = 2.5 // radius of the circle of a centre with few people
	centreMaxR     = 13  // … of the fullest centre
	centreIdleR    = 2.2 // … of a centre nobody stayed at
	symbolLineW    = 0.8
	countryLabelSz = 11
)

// WriteMap draws the run's static map: country outlines, the roads by
// class, the people who moved along each road (line width), the border
// posts (squares sized by peak daily passes, coloured by how close the peak
// came to the post's daily cap, or by the share refused where no cap
// applies), the reception centres (circles sized by peak occupancy,
// coloured by peak occupancy over capacity), labels for the busiest posts
// and centres, a legend, the title, the period, a scale bar and the data
// attribution. The PNG (1600×1200 pixels) goes to png and the SVG, drawn
// by the same calls, to svg; either may be nil.
//
// The projection is equirectangular, longitude scaled by the cosine of the
// middle latitude of the view, which keeps distances within a few percent
// across the region; the view is the network's bounding box plus a margin,
// widened to the frame's proportions.
func WriteMap(png, svg io.Writer, d *runfolder.Data) error {
	_, err := renderMap(png, svg, d, singleSpec(d), nil)
	return err
}

// WriteDiffMap draws scen against base on the base map: roads, posts and
// centres coloured on a diverging scale by the difference in total load
// over the period (scenario − baseline: people along each road, people
// passing each post, person-nights at each centre), blue where the
// scenario is lower and red where it is higher; sizes show the larger of
// the two runs' loads. The two runs must be over the same network.
func WriteDiffMap(png, svg io.Writer, base, scen *runfolder.Data) error {
	if base == nil || scen == nil {
		return errors.New("diff map: missing run")
	}
	nb, ns := base.Network, scen.Network
	if nb.NumEdges() != ns.NumEdges() || nb.NumCrossings() != ns.NumCrossings() || len(nb.Centres()) != len(ns.Centres()) ||
		len(base.Edges) != len(scen.Edges) || len(base.Crossings) != len(scen.Crossings) || len(base.Centres) != len(scen.Centres) {
		return fmt.Errorf("diff map: %s and %s are not over the same network", base.Summary.Scenario, scen.Summary.Scenario)
	}
	_, err := renderMap(png, svg, base, diffSpec(base, scen), nil)
	return err
}

// flowLine is a road drawn with a width and colour for its load.
type flowLine struct {
	edge  geo.EdgeID
	width vg.Length
	col   color.Color
}

// symbol is a post (square) or centre (circle) drawn on the map.
type symbol struct {
	at     orb.Point
	half   vg.Length // half side or radius
	fill   color.Color
	square bool
	name   string // label, first line
	// details are the label's further lines, in detailCol (nil: muted).
	details   []string
	detailCol color.Color
	rank      float64
}

// mapSpec is what a map shows over the base map.
type mapSpec struct {
	title, subtitle string
	flows           []flowLine
	posts, centres  []symbol
	labels          []int // indices into posts (≥ 0) and centres (−1−i), in order of priority
	legend          func(l *legendWriter)
}

// postStats are a crossing's figures over the period.
type postStats struct {
	total, peak, refused int64
	peakDay              int
	// capRatio is the highest share of the day's cap passed on a capped
	// day (NaN if never capped): capPassed of capPerDay on day capDay.
	capRatio             float64
	capPassed, capPerDay int64
	capDay               int
}

func crossingStats(d *runfolder.Data, tl *scenarios.Timeline) []postStats {
	out := make([]postStats, len(d.Crossings))
	for i, c := range d.Crossings {
		s := postStats{capRatio: math.NaN()}
		for day := range d.Days {
			p := c.PassedOn(day)
			s.total += p
			if p > s.peak {
				s.peak, s.peakDay = p, day
			}
			s.refused += c.Refused[0][day] + c.Refused[1][day]
			if tl != nil {
				st := tl.Crossing(d.Date(day), c.Crossing)
				if st.Status == scenarios.Checked && st.CapacityPerDay > 0 {
					r := float64(p) / float64(st.CapacityPerDay)
					if math.IsNaN(s.capRatio) || r > s.capRatio {
						s.capRatio, s.capPassed, s.capPerDay, s.capDay = r, p, int64(st.CapacityPerDay), day
					}
				}
			}
		}
		out[i] = s
	}
	return out
}

// centreStats are a centre's figures over the period.
type centreStats struct {
	peak, nights int64
	peakDay      int
	// ratio is the highest occupancy/capacity on a day with a known
	// capacity (NaN if never known): ratioOcc people in ratioCap places on
	// day ratioDay.
	ratio              float64
	ratioOcc, ratioCap int64
	ratioDay           int
}

func centreFigures(d *runfolder.Data) []centreStats {
	out := make([]centreStats, len(d.Centres))
	for i, c := range d.Centres {
		s := centreStats{ratio: math.NaN()}
		for day := range d.Days {
			o := c.Occupancy[day]
			if o > s.peak {
				s.peak, s.peakDay = o, day
			}
			s.nights += o
			if k := c.Capacity[day]; k > 0 {
				r := float64(o) / float64(k)
				if math.IsNaN(s.ratio) || r > s.ratio {
					s.ratio, s.ratioOcc, s.ratioCap, s.ratioDay = r, o, k, day
				}
			}
		}
		out[i] = s
	}
	return out
}

func edgeTotals(d *runfolder.Data) []int64 {
	out := make([]int64, d.Network.NumEdges())
	for _, es := range d.Edges {
		for _, v := range es.People {
			out[es.Edge] += v
		}
	}
	return out
}

// timeline resolves the run's scenario again, on the network the run used
// (the folder's: a --network run's scenario.yaml names another), for the
// posts' daily caps; nil where it cannot (then posts are coloured by share
// refused).
func timeline(d *runfolder.Data) *scenarios.Timeline {
	if len(d.ScenarioYAML) == 0 {
		return nil
	}
	s, err := scenarios.LoadWithNetwork(d.ScenarioYAML, filepath.Join(d.Dir, runfolder.ScenarioFile), d.Dir, d.Network, d.Summary.Network)
	if err != nil || s.Timeline == nil || s.Start != d.Start || s.Days() != d.Days ||
		s.Network == nil || s.Network.NumCrossings() != d.Network.NumCrossings() {
		return nil
	}
	return s.Timeline
}

// postPoint is where a crossing's symbol goes: the middle of its first edge.
func postPoint(n *geo.Network, c geo.CrossingID) orb.Point {
	x := n.Crossing(c)
	if len(x.Edges) == 0 {
		return orb.Point{}
	}
	return midpoint(n.Line(x.Edges[0]))
}

func midpoint(ls orb.LineString) orb.Point {
	if len(ls) == 0 {
		return orb.Point{}
	}
	half := planar.Length(ls) / 2
	for i := 1; i < len(ls); i++ {
		l := planar.Distance(ls[i-1], ls[i])
		if l >= half && l > 0 {
			return interpolate(ls[i-1], ls[i], half/l)
		}
		half -= l
	}
	return ls[0]
}

// interpolate returns the point a fraction t of the way from a to b.
func interpolate(a, b orb.Point, t float64) orb.Point {
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
}

// shortName drops a trailing parenthesis: "Horgoš – Röszke (M5/E75)" →
// "Horgoš – Röszke".
func shortName(s string) string {
	if i := strings.Index(s, " ("); i > 0 {
		return s[:i]
	}
	return s
}

func sqrtScale(v, vmax float64, lo, hi vg.Length) vg.Length {
	if vmax <= 0 || v <= 0 {
		return lo
	}
	return lo + (hi-lo)*vg.Length(math.Sqrt(math.Min(1, v/vmax)))
}

func flowWidth(v, vmax float64) vg.Length {
	if vmax <= 0 || v <= 0 {
		return 0
	}
	return max(flowMinWidth, flowMaxWidth*vg.Length(math.Sqrt(math.Min(1, v/vmax))))
}

func periodText(d *runfolder.Data) string {
	a, b := d.Start.Time(), d.Date(d.Days-1).Time()
	return fmt.Sprintf("%s – %s (%d days)", a.Format("2 January 2006"), b.Format("2 January 2006"), d.Days)
}

func scenarioName(d *runfolder.Data) string {
	if d.Summary.Scenario != "" {
		return d.Summary.Scenario
	}
	return filepath.Base(d.Dir)
}

// singleSpec is the content of one run's map.
func singleSpec(d *runfolder.Data) *mapSpec {
	net := d.Network
	spec := &mapSpec{
		title: scenarioName(d),
		subtitle: fmt.Sprintf("Simulated movement of people, %s · scale %g, seed %d · all figures in people",
			periodText(d), d.Summary.Scale, d.Summary.Seed),
	}

	totals := edgeTotals(d)
	var maxFlow float64
	for _, v := range totals {
		maxFlow = math.Max(maxFlow, float64(v))
	}
	for e, v := range totals {
		if v > 0 {
			spec.flows = append(spec.flows, flowLine{edge: geo.EdgeID(e), width: flowWidth(float64(v), maxFlow), col: withAlpha(colFlow, 0.55)})
		}
	}
	slices.SortStableFunc(spec.flows, func(a, b flowLine) int { return cmp.Compare(a.width, b.width) })

	ps := crossingStats(d, timeline(d))
	var maxPeak float64
	anyCap, anyUncapped := false, false
	for _, s := range ps {
		maxPeak = math.Max(maxPeak, float64(s.peak))
	}
	for i, c := range d.Crossings {
		s := ps[i]
		sym := symbol{at: postPoint(net, c.Crossing), square: true, rank: float64(s.total),
			name: shortName(net.Crossing(c.Crossing).Name)}
		switch {
		case s.total == 0:
			sym.half, sym.fill = postIdleHalf, color.White
		case !math.IsNaN(s.capRatio):
			anyCap = true
			sym.half = sqrtScale(float64(s.peak), maxPeak, postMinHalf, postMaxHalf)
			sym.fill = loadColour(s.capRatio)
			sym.details = peakAgainst(d, s.peak, s.peakDay, "/day", "of the cap", s.capPassed, s.capPerDay, s.capDay)
		default:
			anyUncapped = true
			sym.half = sqrtScale(float64(s.peak), maxPeak, postMinHalf, postMaxHalf)
			share := float64(s.refused) / float64(s.total+s.refused)
			sym.fill = refusalColour(share)
			l := fmt.Sprintf("peak %s/day (%s)", thousands(s.peak), shortDate(d.Date(s.peakDay)))
			switch {
			case s.refused == 0:
			case share < 0.01:
				l += ", < 1% refused"
			default:
				l += fmt.Sprintf(", %.0f%% refused", 100*share)
			}
			sym.details = []string{l}
		}
		spec.posts = append(spec.posts, sym)
	}

	cs := centreFigures(d)
	var maxOcc float64
	for _, s := range cs {
		maxOcc = math.Max(maxOcc, float64(s.peak))
	}
	for i, c := range d.Centres {
		s := cs[i]
		n := net.Node(c.Node)
		sym := symbol{at: n.Point, rank: float64(s.peak), name: cmp.Or(n.Name, n.ID)}
		if s.peak == 0 {
			sym.half, sym.fill = centreIdleR, color.White
		} else {
			sym.half = sqrtScale(float64(s.peak), maxOcc, centreMinR, centreMaxR)
			sym.fill = loadColour(s.ratio)
			if math.IsNaN(s.ratio) {
				sym.details = []string{fmt.Sprintf("peak %s (%s), capacity unknown", thousands(s.peak), shortDate(d.Date(s.peakDay)))}
			} else {
				sym.details = peakAgainst(d, s.peak, s.peakDay, "", "of capacity", s.ratioOcc, s.ratioCap, s.ratioDay)
			}
		}
		spec.centres = append(spec.centres, sym)
	}
	spec.labels = labelOrder(spec.posts, spec.centres, labelPosts, labelCentres)

	spec.legend = func(l *legendWriter) {
		l.roads(d.Network)
		l.heading("People moving along roads")
		l.note("total over the period; width by square root")
		for _, v := range legendValues(maxFlow, 3) {
			l.flowRow(flowWidth(v, maxFlow), withAlpha(colFlow, 0.55), thousands(int64(v)))
		}
		l.heading("Border posts")
		l.note("size: peak people passing in a day")
		for _, v := range legendValues(maxPeak, 3) {
			l.symbolRow(true, sqrtScale(v, maxPeak, postMinHalf, postMaxHalf), color.White, thousands(int64(v))+" a day")
		}
		if anyCap {
			l.note("colour: highest share of the day's cap passed")
			l.symbolRow(true, 6, colGreen, "below 80 % of the cap")
			l.symbolRow(true, 6, colAmber, "80–100 % of the cap")
			l.symbolRow(true, 6, colRed, "at or over the cap")
		}
		if anyUncapped {
			if anyCap {
				l.note("posts with no cap: share refused")
			} else {
				l.note("colour: share of people refused")
			}
			for i, c := range refusalColours {
				l.symbolRow(true, 6, c, refusalLabels[i])
			}
		}
		l.symbolRow(true, postIdleHalf, color.White, "nobody passed")
		l.heading("Reception centres")
		l.note("size: peak occupancy (people)")
		for _, v := range legendValues(maxOcc, 3) {
			l.symbolRow(false, sqrtScale(v, maxOcc, centreMinR, centreMaxR), color.White, thousands(int64(v)))
		}
		l.note("colour: highest occupancy ÷ that day's capacity")
		l.symbolRow(false, 6, colGreen, "below 80 %")
		l.symbolRow(false, 6, colAmber, "80–100 %")
		l.symbolRow(false, 6, colRed, "100 % or more")
		l.symbolRow(false, 6, colUnknown, "capacity unknown")
	}
	return spec
}

// peakAgainst writes a label's lines for a peak (value on day peakDay)
// measured against a limit that may change from day to day: the load of
// the day of the highest share of the limit is compared with that day's
// limit only. One line when the two days are the same, else the peak and,
// separately, the highest share with its date.
func peakAgainst(d *runfolder.Data, peak int64, peakDay int, unit, of string, load, limit int64, day int) []string {
	pk := fmt.Sprintf("peak %s%s (%s)", thousands(peak), unit, shortDate(d.Date(peakDay)))
	share := fmt.Sprintf("%.0f%% %s", 100*float64(load)/float64(limit), of)
	if day == peakDay || load == peak {
		return []string{pk + ", " + share}
	}
	return []string{pk, fmt.Sprintf("highest: %s, %s of %s (%s)", share, thousands(load), thousands(limit), shortDate(d.Date(day)))}
}

// diffSpec is the content of the comparison map of scen with base.
func diffSpec(base, scen *runfolder.Data) *mapSpec {
	net := base.Network
	spec := &mapSpec{
		title: scenarioName(scen) + " vs " + scenarioName(base),
		subtitle: fmt.Sprintf("Difference in load, %s − %s (scenario − baseline) · %s · all figures in people",
			scenarioName(scen), scenarioName(base), periodText(scen)),
	}
	if base.Summary.Scenario == scen.Summary.Scenario {
		spec.subtitle = fmt.Sprintf("Seed %d − seed %d · %s · all figures in people", scen.Summary.Seed, base.Summary.Seed, periodText(scen))
	}

	tb, ts := edgeTotals(base), edgeTotals(scen)
	var maxFlow, maxFlowDiff float64
	for e := range tb {
		maxFlow = math.Max(maxFlow, float64(max(tb[e], ts[e])))
		maxFlowDiff = math.Max(maxFlowDiff, math.Abs(float64(ts[e]-tb[e])))
	}
	for e := range tb {
		if v := max(tb[e], ts[e]); v > 0 {
			spec.flows = append(spec.flows, flowLine{edge: geo.EdgeID(e), width: flowWidth(float64(v), maxFlow),
				col: withAlpha(diverging(ratioOf(float64(ts[e]-tb[e]), maxFlowDiff)), 0.8)})
		}
	}
	slices.SortStableFunc(spec.flows, func(a, b flowLine) int { return cmp.Compare(a.width, b.width) })

	pb, pss := crossingStats(base, nil), crossingStats(scen, nil)
	var maxPeak, maxPostDiff float64
	for i := range pb {
		maxPeak = math.Max(maxPeak, float64(max(pb[i].peak, pss[i].peak)))
		maxPostDiff = math.Max(maxPostDiff, math.Abs(float64(pss[i].total-pb[i].total)))
	}
	for i, c := range base.Crossings {
		diff := pss[i].total - pb[i].total
		peak := max(pb[i].peak, pss[i].peak)
		sym := symbol{at: postPoint(net, c.Crossing), square: true, rank: math.Abs(float64(diff)),
			name: shortName(net.Crossing(c.Crossing).Name), details: []string{signed(diff) + " passed"}, detailCol: signColour(diff)}
		if peak == 0 {
			sym.half, sym.fill = postIdleHalf, color.White
		} else {
			sym.half = sqrtScale(float64(peak), maxPeak, postMinHalf, postMaxHalf)
			sym.fill = diverging(ratioOf(float64(diff), maxPostDiff))
		}
		if diff == 0 {
			sym.rank = 0
		}
		spec.posts = append(spec.posts, sym)
	}

	cb, csc := centreFigures(base), centreFigures(scen)
	var maxOcc, maxCentreDiff float64
	for i := range cb {
		maxOcc = math.Max(maxOcc, float64(max(cb[i].peak, csc[i].peak)))
		maxCentreDiff = math.Max(maxCentreDiff, math.Abs(float64(csc[i].nights-cb[i].nights)))
	}
	for i, c := range base.Centres {
		n := net.Node(c.Node)
		diff := csc[i].nights - cb[i].nights
		peak := max(cb[i].peak, csc[i].peak)
		sym := symbol{at: n.Point, rank: math.Abs(float64(diff)), name: cmp.Or(n.Name, n.ID), details: []string{signed(diff) + " person-nights"}, detailCol: signColour(diff)}
		if peak == 0 {
			sym.half, sym.fill = centreIdleR, color.White
		} else {
			sym.half = sqrtScale(float64(peak), maxOcc, centreMinR, centreMaxR)
			sym.fill = diverging(ratioOf(float64(diff), maxCentreDiff))
		}
		if diff == 0 {
			sym.rank = 0
		}
		spec.centres = append(spec.centres, sym)
	}
	spec.labels = labelOrder(spec.posts, spec.centres, labelPosts, labelCentres)

	spec.legend = func(l *legendWriter) {
		l.roads(net)
		l.heading("Colour: scenario − baseline")
		l.note("total load over the period")
		l.note("blue: lower than baseline; red: higher")
		l.ramp("People along roads", maxFlowDiff)
		l.ramp("People passing posts", maxPostDiff)
		l.ramp("Person-nights in centres", maxCentreDiff)
		l.heading("Size: the larger of the two runs")
		for _, v := range legendValues(maxFlow, 2) {
			l.flowRow(flowWidth(v, maxFlow), withAlpha(colNeutral, 1), thousands(int64(v))+" along a road")
		}
		for _, v := range legendValues(maxPeak, 2) {
			l.symbolRow(true, sqrtScale(v, maxPeak, postMinHalf, postMaxHalf), color.White, "post: "+thousands(int64(v))+" a day at peak")
		}
		for _, v := range legendValues(maxOcc, 2) {
			l.symbolRow(false, sqrtScale(v, maxOcc, centreMinR, centreMaxR), color.White, "centre: "+thousands(int64(v))+" at peak")
		}
	}
	return spec
}

func ratioOf(v, vmax float64) float64 {
	if vmax <= 0 {
		return 0
	}
	return v / vmax
}

// signColour is the colour of a difference's text: that of the diverging
// scale's end for its sign, so that a label's sign and its symbol's colour
// agree.
func signColour(n int64) color.Color {
	switch {
	case n > 0:
		return colHigher
	case n < 0:
		return colLower
	}
	return colMuted
}

func signed(n int64) string {
	if n > 0 {
		return "+" + thousands(n)
	}
	return thousands(n)
}

// legendValues returns up to k round values for a size legend, the first
// the largest round number not above vmax, then about a quarter of the one
// before each time.
func legendValues(vmax float64, k int) []float64 {
	var out []float64
	v := niceBelow(vmax)
	for range k {
		if v < 1 || (len(out) > 0 && v >= out[len(out)-1]) {
			break
		}
		out = append(out, v)
		v = niceBelow(v / 4)
	}
	return out
}

// labelOrder picks the symbols to label: the nPosts and nCentres of
// highest rank (rank > 0), alternating posts and centres, highest first.
// Centres are coded −1−i.
func labelOrder(posts, centres []symbol, nPosts, nCentres int) []int {
	top := func(syms []symbol, n int) []int {
		idx := make([]int, 0, len(syms))
		for i, s := range syms {
			if s.rank > 0 {
				idx = append(idx, i)
			}
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(syms[b].rank, syms[a].rank) })
		return idx[:min(n, len(idx))]
	}
	p, c := top(posts, nPosts), top(centres, nCentres)
	var out []int
	for i := range max(len(p), len(c)) {
		if i < len(p) {
			out = append(out, p[i])
		}
		if i < len(c) {
			out = append(out, -1-c[i])
		}
	}
	return out
}

// projection is equirectangular: x = (lon − lon0)·cos(lat0)·k, y = (lat −
// lat0)·k, centred on the frame.
type projection struct {
	lon0, lat0, cosLat float64
	k                  float64 // points per degree of latitude
	centre             vg.Point
}

func (p projection) pt(q orb.Point) vg.Point {
	return vg.Point{
		X: p.centre.X + vg.Length((q[0]-p.lon0)*p.cosLat*p.k),
		Y: p.centre.Y + vg.Length((q[1]-p.lat0)*p.k),
	}
}

// lonLat inverts pt.
func (p projection) lonLat(v vg.Point) orb.Point {
	return orb.Point{p.lon0 + float64(v.X-p.centre.X)/(p.cosLat*p.k), p.lat0 + float64(v.Y-p.centre.Y)/p.k}
}

// pointsPerKm is the map scale.
func (p projection) pointsPerKm() float64 { return p.k / (geo.EarthRadiusKm * math.Pi / 180) }

// nodeBound is the bounding box of the network's nodes; with no node, that
// of the Western Balkans.
func nodeBound(n *geo.Network) orb.Bound {
	if n.NumNodes() == 0 {
		return orb.Bound{Min: orb.Point{13, 36}, Max: orb.Point{28, 49}}
	}
	b := n.Node(0).Point.Bound()
	for v := range geo.NodeID(n.NumNodes()) {
		b = b.Extend(n.Node(v).Point)
	}
	return b
}

// networkBound is the bounding box of the network's nodes and road lines.
func networkBound(n *geo.Network) orb.Bound {
	b := nodeBound(n)
	for e := range geo.EdgeID(n.NumEdges()) {
		for _, q := range n.Edge(e).Line {
			b = b.Extend(q)
		}
	}
	return b
}

// newProjection fits the network's bounding box plus a margin into frame.
func newProjection(n *geo.Network, frame vg.Rectangle) projection {
	const margin = 0.35 // degrees
	b := networkBound(n).Pad(margin)
	lat0 := (b.Min[1] + b.Max[1]) / 2
	p := projection{lon0: (b.Min[0] + b.Max[0]) / 2, lat0: lat0, cosLat: math.Cos(lat0 * math.Pi / 180), centre: rectCenter(frame)}
	w, h := float64(frame.Size().X), float64(frame.Size().Y)
	p.k = math.Min(w/((b.Max[0]-b.Min[0])*p.cosLat), h/(b.Max[1]-b.Min[1]))
	return p
}

// mapDrawer draws a map on a twin canvas.
type mapDrawer struct {
	d      *runfolder.Data
	c      vg.Canvas
	clip   draw.Canvas // the canvas bounded by the frame, for clipping
	frame  vg.Rectangle
	proj   projection
	labels labelPlacer
	drawn  []drawnSymbol // the symbols in the frame, where they were drawn
	placed []placedLabel // the labels drawn, if recording
}

// drawnSymbol is a symbol as drawn: its centre and half size on the map.
type drawnSymbol struct {
	at   vg.Point
	half vg.Length
}

// placedLabel is a label drawn on the map and the symbol it names.
type placedLabel struct {
	box vg.Rectangle
	sym symbol
}

// renderMap draws spec over d's base map and returns the number of post
// symbols drawn; with labels not nil, it appends the labels drawn to it.
func renderMap(png, svg io.Writer, d *runfolder.Data, spec *mapSpec, labels *[]placedLabel) (posts int, err error) {
	if d == nil || d.Network == nil {
		return 0, errors.New("map: no run")
	}
	tc := newTwinCanvas(mapW, mapH)
	m := &mapDrawer{d: d, c: tc.dc.Canvas, frame: mapFrame, proj: newProjection(d.Network, mapFrame)}
	m.clip = draw.Canvas{Canvas: tc.dc.Canvas, Rectangle: mapFrame}
	m.labels = labelPlacer{bounds: mapFrame}

	fillRect(m.c, m.frame, colSea)
	m.countries()
	m.roads()
	m.flows(spec.flows)
	// Big symbols first so that small ones on top of them stay visible.
	for _, s := range sortedSymbols(append(slices.Clone(spec.posts), spec.centres...)) {
		if m.symbol(s) {
			m.drawn = append(m.drawn, drawnSymbol{m.proj.pt(s.at), s.half})
			if s.square {
				posts++
			}
		}
	}
	for _, s := range append(slices.Clone(spec.posts), spec.centres...) {
		p := m.proj.pt(s.at)
		r := vg.Rectangle{Min: vg.Point{X: p.X - s.half, Y: p.Y - s.half}, Max: vg.Point{X: p.X + s.half, Y: p.Y + s.half}}
		if s.half <= postIdleHalf {
			m.labels.reserveSoft(r)
		} else {
			m.labels.reserve(r)
		}
	}
	m.scaleBar()
	for _, i := range spec.labels {
		if i >= 0 {
			m.label(spec.posts[i])
		} else {
			m.label(spec.centres[-1-i])
		}
	}
	strokeRect(m.c, m.frame, colMuted, 0.8)
	if labels != nil {
		*labels = append(*labels, m.placed...)
	}

	// Title, period, attribution.
	drawText(m.c, sans(22, true), colInk, m.frame.Min.X, 868, spec.title, alignLeft, -0.5)
	drawText(m.c, sans(12, false), colMuted, m.frame.Min.X, 842, spec.subtitle, alignLeft, -0.5)
	drawText(m.c, sans(9, false), colMuted, m.frame.Min.X, 26, d.Kind.Attribution, alignLeft, -0.5)
	proj := fmt.Sprintf("Equirectangular projection, longitude × cos %.1f°", m.proj.lat0)
	drawText(m.c, sans(9, false), colMuted, m.frame.Min.X, 12, proj+" · borderflow "+d.Summary.Version, alignLeft, -0.5)

	l := &legendWriter{c: m.c, box: legendPanel, y: legendPanel.Max.Y - 12}
	spec.legend(l)
	l.finish()
	return posts, tc.writeTo(png, svg)
}

// sortedSymbols returns the drawn order: largest area first, so that a
// centre inside a post's square of about its size stays visible.
func sortedSymbols(syms []symbol) []symbol {
	s := slices.Clone(syms)
	areaOf := func(y symbol) float64 {
		if y.square {
			return 4 * float64(y.half*y.half)
		}
		return math.Pi * float64(y.half*y.half)
	}
	slices.SortStableFunc(s, func(a, b symbol) int { return cmp.Compare(areaOf(b), areaOf(a)) })
	return s
}

// ring projects and simplifies a ring, dropping points closer than half a
// point to the last one kept.
func (m *mapDrawer) ring(r []orb.Point) []vg.Point {
	out := make([]vg.Point, 0, len(r))
	for _, q := range r {
		p := m.proj.pt(q)
		if n := len(out); n > 0 && math.Abs(float64(p.X-out[n-1].X))+math.Abs(float64(p.Y-out[n-1].Y)) < 0.5 {
			continue
		}
		out = append(out, p)
	}
	return out
}

// viewBound is the frame in longitude and latitude.
func (m *mapDrawer) viewBound() orb.Bound {
	return orb.Bound{Min: m.proj.lonLat(m.frame.Min), Max: m.proj.lonLat(m.frame.Max)}
}

// countries fills the outlines (the network's countries a shade darker
// than their neighbours), strokes the borders and names the countries.
func (m *mapDrawer) countries() {
	view := m.viewBound()
	inNet := map[string]bool{}
	for _, c := range m.d.Network.Countries() {
		inNet[c] = true
	}
	for _, c := range m.d.Kind.Outlines {
		if !c.Shape.Bound().Intersects(view) {
			continue
		}
		var path vg.Path
		var rings [][]vg.Point
		for _, poly := range c.Shape {
			if !poly.Bound().Intersects(view) {
				continue
			}
			for _, r := range poly {
				pts := m.clip.ClipPolygonXY(m.ring(r))
				if len(pts) < 3 {
					continue
				}
				rings = append(rings, pts)
				for i, p := range pts {
					if i == 0 {
						path.Move(p)
					} else {
						path.Line(p)
					}
				}
				path.Close()
			}
		}
		col := colLandOther
		if inNet[c.Code] {
			col = colLand
		}
		m.c.Push()
		m.c.SetColor(col)
		m.c.Fill(path)
		m.c.Pop()
		for _, r := range rings {
			strokeLine(m.c, append(r, r[0]), colBorder, 0.7, nil)
		}
	}
	for _, l := range countryLabelsFor(m.d.Network, m.d.Kind.Outlines) {
		f := sans(l.size, false)
		_, lh := textBox(f, l.lines[0])
		y := l.at.Y + lh*vg.Length(len(l.lines)-1)/2
		for _, line := range l.lines {
			drawText(m.c, f, rgb(0x8A8882), l.at.X, y, line, alignCenter, -0.5)
			y -= lh
		}
		m.labels.reserveSoft(l.box)
	}
}

// toRing turns projected points into a closed ring in map points.
func toRing(pts []vg.Point) orb.Ring {
	r := make(orb.Ring, len(pts), len(pts)+1)
	for i, p := range pts {
		r[i] = orb.Point{float64(p.X), float64(p.Y)}
	}
	if len(r) > 0 && r[0] != r[len(r)-1] {
		r = append(r, r[0])
	}
	return r
}

// roadStyle is how a road class is drawn on the base map.
type roadStyle struct {
	label string
	col   color.Color
	width vg.Length
	dash  []vg.Length
	order int // drawing order: higher on top
}

var roadStyles = map[geo.Class]roadStyle{
	geo.Motorway:  {"Motorway", rgb(0x7E7B76), 2.0, nil, 5},
	geo.MainRoad:  {"Main road", rgb(0x9D9A94), 1.2, nil, 4},
	geo.LocalRoad: {"Local road", rgb(0xB9B6B0), 0.7, nil, 1},
	geo.Railway:   {"Railway", rgb(0x6E6B66), 0.9, []vg.Length{5, 2}, 3},
	geo.Footpath:  {"Footpath", rgb(0x8F8C86), 0.8, []vg.Length{1.2, 1.8}, 2},
	geo.Ferry:     {"Ferry", rgb(0x4A7FB0), 1.0, []vg.Length{5, 3}, 0},
}

func styleOf(c geo.Class) roadStyle {
	if s, ok := roadStyles[c]; ok {
		return s
	}
	return roadStyles[geo.LocalRoad]
}

// roads draws every edge by class.
func (m *mapDrawer) roads() {
	n := m.d.Network
	edges := make([]geo.EdgeID, n.NumEdges())
	for i := range edges {
		edges[i] = geo.EdgeID(i)
	}
	slices.SortStableFunc(edges, func(a, b geo.EdgeID) int {
		return cmp.Compare(styleOf(n.Edge(a).Class).order, styleOf(n.Edge(b).Class).order)
	})
	for _, e := range edges {
		s := styleOf(n.Edge(e).Class)
		m.line(e, s.col, s.width, s.dash)
	}
}

// line draws edge e, clipped to the frame.
func (m *mapDrawer) line(e geo.EdgeID, col color.Color, w vg.Length, dash []vg.Length) {
	ls := m.d.Network.Line(e)
	pts := make([]vg.Point, len(ls))
	for i, q := range ls {
		pts[i] = m.proj.pt(q)
	}
	for _, part := range m.clip.ClipLinesXY(pts) {
		strokeLine(m.c, part, col, w, dash)
	}
}

func (m *mapDrawer) flows(fl []flowLine) {
	for _, f := range fl {
		if f.width > 0 {
			m.c.Push()
			m.line(f.edge, f.col, f.width, nil)
			m.c.Pop()
		}
	}
}

// symbol draws a post or centre in its own group (translated to its
// place) and reports whether it lies in the frame.
func (m *mapDrawer) symbol(s symbol) bool {
	p := m.proj.pt(s.at)
	if !rectContains(m.frame, p) {
		return false
	}
	m.c.Push()
	m.c.Translate(p)
	drawSymbol(m.c, vg.Point{}, s.square, s.half, s.fill)
	m.c.Pop()
	return true
}

// drawSymbol draws a filled square (half side h) or circle (radius h) at p
// with a dark outline.
func drawSymbol(c vg.Canvas, p vg.Point, square bool, h vg.Length, fill color.Color) {
	var path vg.Path
	if square {
		path = rectPath(vg.Rectangle{Min: vg.Point{X: p.X - h, Y: p.Y - h}, Max: vg.Point{X: p.X + h, Y: p.Y + h}})
	} else {
		path = circlePath(p, h)
	}
	c.Push()
	c.SetColor(fill)
	c.Fill(path)
	c.SetColor(rgb(0x333333))
	c.SetLineWidth(symbolLineW)
	c.Stroke(path)
	c.Pop()
}

// label names a symbol where there is room next to it.
func (m *mapDrawer) label(s symbol) {
	p := m.proj.pt(s.at)
	if !rectContains(m.frame, p) {
		return
	}
	fn, fd := sans(9.5, true), sans(8.5, false)
	lines := wrap(s.name, 30)
	var w, hn vg.Length
	for _, l := range lines {
		lw, lh := textBox(fn, l)
		w, hn = max(w, lw), lh
	}
	const pad = 2
	h := hn*vg.Length(len(lines)) + 2*pad
	var hd vg.Length
	for _, l := range s.details {
		var wd vg.Length
		wd, hd = textBox(fd, l)
		w = max(w, wd)
		h += hd
	}
	w += 2 * pad
	// A label goes only where its own symbol is the nearest to it, so that
	// no reader takes it for a neighbour's.
	cands := slices.DeleteFunc(candidates(p, s.half, w, h), func(r vg.Rectangle) bool { return !m.nearestIs(r, p, s.half) })
	r, ok := m.labels.place(cands)
	if !ok {
		return
	}
	m.placed = append(m.placed, placedLabel{r, s})
	if q := nearestOn(r, p); math.Hypot(float64(q.X-p.X), float64(q.Y-p.Y)) > float64(s.half)+8 {
		dx, dy := float64(q.X-p.X), float64(q.Y-p.Y)
		k := float64(s.half) / math.Hypot(dx, dy)
		from := vg.Point{X: p.X + vg.Length(dx*k), Y: p.Y + vg.Length(dy*k)}
		strokeLine(m.c, []vg.Point{from, q}, colMuted, 0.7, nil)
	}
	fillRect(m.c, r, withAlpha(rgb(0xFFFFFF), 0.85))
	y := r.Max.Y - pad
	for _, l := range lines {
		drawText(m.c, fn, colInk, r.Min.X+pad, y, l, alignLeft, -1)
		y -= hn
	}
	col := cmp.Or[color.Color](s.detailCol, colMuted)
	for _, l := range s.details {
		drawText(m.c, fd, col, r.Min.X+pad, y, l, alignLeft, -1)
		y -= hd
	}
}

// nearestIs reports whether the symbol at p (half size half) is, of the
// symbols drawn, the nearest to box r by the gap between box and symbol.
// Symbols centred within it (a centre at its post) do not compete.
func (m *mapDrawer) nearestIs(r vg.Rectangle, p vg.Point, half vg.Length) bool {
	own := symbolGap(r, p, half)
	for _, o := range m.drawn {
		if math.Hypot(float64(o.at.X-p.X), float64(o.at.Y-p.Y)) <= float64(half) {
			continue
		}
		if symbolGap(r, o.at, o.half) <= own {
			return false
		}
	}
	return true
}

// symbolGap is the distance from box r to the edge of a symbol at p of
// half size half (negative when they overlap).
func symbolGap(r vg.Rectangle, p vg.Point, half vg.Length) float64 {
	q := nearestOn(r, p)
	return math.Hypot(float64(q.X-p.X), float64(q.Y-p.Y)) - float64(half)
}

// wrap breaks s into lines of at most about n characters at spaces.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > n {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// scaleBar draws a bar of a round number of km at the frame's bottom left.
func (m *mapDrawer) scaleBar() {
	ppk := m.proj.pointsPerKm()
	km := niceBelow(float64(m.frame.Size().X) / 6 / ppk)
	if km <= 0 || math.IsInf(km, 0) || math.IsNaN(km) {
		return
	}
	w := vg.Length(km * ppk)
	x0, y0 := m.frame.Min.X+14, m.frame.Min.Y+14
	back := vg.Rectangle{Min: vg.Point{X: x0 - 8, Y: y0 - 6}, Max: vg.Point{X: x0 + w + 36, Y: y0 + 22}}
	fillRect(m.c, back, withAlpha(rgb(0xFFFFFF), 0.85))
	m.labels.reserve(back)
	for i := range 4 {
		seg := vg.Rectangle{Min: vg.Point{X: x0 + w*vg.Length(i)/4, Y: y0}, Max: vg.Point{X: x0 + w*vg.Length(i+1)/4, Y: y0 + 5}}
		col := color.Color(colInk)
		if i%2 == 1 {
			col = color.White
		}
		fillRect(m.c, seg, col)
	}
	strokeRect(m.c, vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x0 + w, Y: y0 + 5}}, colInk, 0.6)
	f := sans(9, false)
	drawText(m.c, f, colInk, x0, y0+8, "0", alignCenter, 0)
	drawText(m.c, f, colInk, x0+w/2, y0+8, trimZero(fmt.Sprintf("%.1f", km/2)), alignCenter, 0)
	drawText(m.c, f, colInk, x0+w, y0+8, fmt.Sprintf("%g km", km), alignLeft-0.2, 0)
}

// legendWriter lays out the legend from the top of its box down.
type legendWriter struct {
	c   vg.Canvas
	box vg.Rectangle
	y   vg.Length // the top of the next row
	ops []func()  // drawn after the box, in order
}

const legendPad = 12

func (l *legendWriter) add(h vg.Length, f func(top vg.Length)) {
	top := l.y
	l.ops = append(l.ops, func() { f(top) })
	l.y -= h
}

func (l *legendWriter) heading(s string) {
	f := sans(11.5, true)
	l.add(6, func(vg.Length) {})
	l.add(18, func(top vg.Length) {
		drawText(l.c, f, colInk, l.box.Min.X+legendPad, top, s, alignLeft, -1)
	})
}

func (l *legendWriter) note(s string) {
	f := sans(9, false)
	l.add(14, func(top vg.Length) {
		drawText(l.c, f, colMuted, l.box.Min.X+legendPad, top-1, s, alignLeft, -1)
	})
}

// sample is where a row's symbol goes: the middle of the first 44 points.
func (l *legendWriter) sampleX() vg.Length { return l.box.Min.X + legendPad + 22 }
func (l *legendWriter) textX() vg.Length   { return l.box.Min.X + legendPad + 52 }

func (l *legendWriter) rowText(top, h vg.Length, s string) {
	drawText(l.c, sans(10, false), colInk, l.textX(), top-h/2, s, alignLeft, -0.5)
}

func (l *legendWriter) lineRow(col color.Color, w vg.Length, dash []vg.Length, s string) {
	h := max(16, w+6)
	l.add(h, func(top vg.Length) {
		y := top - h/2
		strokeLine(l.c, []vg.Point{{X: l.sampleX() - 20, Y: y}, {X: l.sampleX() + 20, Y: y}}, col, w, dash)
		l.rowText(top, h, s)
	})
}

func (l *legendWriter) flowRow(w vg.Length, col color.Color, s string) {
	l.lineRow(col, w, nil, s)
}

func (l *legendWriter) symbolRow(square bool, half vg.Length, fill color.Color, s string) {
	h := max(16, 2*half+4)
	l.add(h, func(top vg.Length) {
		drawSymbol(l.c, vg.Point{X: l.sampleX(), Y: top - h/2}, square, half, fill)
		l.rowText(top, h, s)
	})
}

// roads lists the road classes present in the network.
func (l *legendWriter) roads(n *geo.Network) {
	present := map[geo.Class]bool{}
	for e := range geo.EdgeID(n.NumEdges()) {
		present[n.Edge(e).Class] = true
	}
	l.heading("Roads")
	for _, c := range []geo.Class{geo.Motorway, geo.MainRoad, geo.LocalRoad, geo.Railway, geo.Footpath, geo.Ferry} {
		if present[c] {
			s := styleOf(c)
			l.lineRow(s.col, s.width, s.dash, s.label)
		}
	}
}

// ramp draws a diverging colour bar from −vmax to +vmax.
func (l *legendWriter) ramp(title string, vmax float64) {
	l.add(16, func(top vg.Length) {
		drawText(l.c, sans(10, false), colInk, l.box.Min.X+legendPad, top-2, title, alignLeft, -1)
	})
	l.add(28, func(top vg.Length) {
		x0, x1 := l.box.Min.X+legendPad, l.box.Max.X-legendPad
		const steps = 40
		w := (x1 - x0) / steps
		for i := range steps {
			t := -1 + 2*(float64(i)+0.5)/steps
			fillRect(l.c, vg.Rectangle{Min: vg.Point{X: x0 + w*vg.Length(i), Y: top - 10}, Max: vg.Point{X: x0 + w*vg.Length(i+1) + 0.3, Y: top - 2}}, diverging(t))
		}
		f := sans(9, false)
		drawText(l.c, f, colMuted, x0, top-12, compact(-vmax), alignLeft, -1)
		drawText(l.c, f, colMuted, (x0+x1)/2, top-12, "0", alignCenter, -1)
		drawText(l.c, f, colMuted, x1, top-12, "+"+compact(vmax), alignRight, -1)
	})
}

// finish draws the legend box, sized to its rows, and the rows.
func (l *legendWriter) finish() {
	box := l.box
	box.Min.Y = max(box.Min.Y, l.y-legendPad)
	fillRect(l.c, box, color.White)
	strokeRect(l.c, box, rgb(0xB0B0B0), 0.8)
	for _, op := range l.ops {
		op()
	}
}
