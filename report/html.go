package report

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"github.com/borderflow/borderflow/sim"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb/simplify"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
)

// The page's parts: Leaflet (vendored from npm, BSD-2-Clause, licence in
// assets/LEAFLET-LICENSE), the report's own script and style sheet, and the
// page template. All of it is inlined into report.html, which therefore
// opens from disk with no network.
//
//go:embed assets/leaflet.js assets/leaflet.css assets/report.js assets/report.css templates/report.html.tmpl
var htmlAssets embed.FS

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"num": thousands,
	"pct": func(f float64) string { return strconv.FormatFloat(100*f, 'f', 0, 64) + "%" },
}).ParseFS(htmlAssets, "templates/report.html.tmpl"))

// htmlPage is what the template renders. Every string in it is plain text
// that html/template escapes, except the inlined assets (vendored or ours)
// and Data, which json.Marshal has made safe inside a script element.
type htmlPage struct {
	Title       string
	Scenario    string
	Description string
	Period      string
	PeriodStart string
	PeriodEnd   string
	Days        int
	MaxDay      int
	Agents      string
	People      string
	Scale       string
	Seed        uint64
	Version     string
	Network     string
	Attribution string
	Region      string // what the run covers, for the header
	ScaleText   string // "1 agent per person", "0.1 agents per person"
	Posts       []postRow
	Centres     []centreRow
	CentresN    int
	Events      []eventRow
	YAML        string
	PeakPost    *postRow
	PeakCentre  *centreRow

	LeafletJS  template.JS
	LeafletCSS template.CSS
	ReportJS   template.JS
	ReportCSS  template.CSS
	Data       template.JS
}

// postRow is one line of the busiest posts table.
type postRow struct {
	Name, ID, Countries string
	Total, Refused      string
	Peak, PeakDate      string
}

// centreRow is one line of the centres at or over capacity table.
type centreRow struct {
	Name, ID, Country string
	Capacity          string
	PeakOcc, PeakDate string
	DaysFull          int
	TurnedAway        string
}

// eventRow is one scenario event, for the timeline.
type eventRow struct {
	Date, End, Kind, Target, Source string
	Day                             int // days from the period's start; -1 outside it
	Left                            float64
}

// The series inlined in the page as JSON.
type jsData struct {
	Scenario string        `json:"scenario"`
	Dates    []string      `json:"dates"`
	Bounds   [2][2]float64 `json:"bounds"` // [[south, west], [north, east]]
	Outlines jsFeatures    `json:"outlines"`
	Roads    []jsRoad      `json:"roads"`
	Posts    []jsPost      `json:"posts"`
	Centres  []jsCentre    `json:"centres"`
	Events   []jsEvent     `json:"events"`
	MaxPass  int64         `json:"maxPassed"`
	MaxOcc   int64         `json:"maxOccupancy"`
	MaxRoad  int64         `json:"maxRoad"`
	Labels   []jsLabel     `json:"labels"`
}

// jsLabel places a country's name at the mean of its network nodes, which
// lies inside the part of the country the network covers.
type jsLabel struct {
	Code   string     `json:"code"`
	Name   string     `json:"name"`
	LatLon [2]float64 `json:"ll"`
}

type jsFeatures struct {
	Type     string      `json:"type"`
	Features []jsFeature `json:"features"`
}

type jsFeature struct {
	Type       string            `json:"type"`
	Properties map[string]string `json:"properties"`
	Geometry   jsGeometry        `json:"geometry"`
}

type jsGeometry struct {
	Type        string           `json:"type"`
	Coordinates [][][][2]float64 `json:"coordinates"`
}

type jsRoad struct {
	Line  [][2]float64 `json:"line"` // lat, lon
	Total int64        `json:"total"`
	Class string       `json:"class"`
	Name  string       `json:"name"`
}

type jsPost struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	A       string     `json:"a"`
	B       string     `json:"b"`
	LatLon  [2]float64 `json:"ll"`
	Passed  []int64    `json:"passed"`
	Refused []int64    `json:"refused"`
	Queue   []int64    `json:"queue"`
	Dir     [2]int64   `json:"dir"` // passed over the period, A→B and B→A
}

type jsCentre struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Country    string     `json:"country"`
	Type       string     `json:"type"`
	LatLon     [2]float64 `json:"ll"`
	Occupancy  []int64    `json:"occupancy"`
	Capacity   []int64    `json:"capacity"`
	TurnedAway []int64    `json:"turnedAway"`
}

type jsEvent struct {
	Day    int    `json:"day"`
	Date   string `json:"date"`
	Kind   string `json:"kind"`
	Target string `json:"target"`
}

// WriteHTML writes report.html: one self-contained page that opens offline
// from disk. It holds a Leaflet map of the network (country outlines, roads
// by total flow, border posts and reception centres by daily load) with a
// date slider that replays the period, a chart of any post or centre over
// the whole period, a summary of the busiest posts and the centres at or
// over capacity, the scenario's description and events, and its YAML.
func WriteHTML(w io.Writer, d *Data) error {
	page, err := buildPage(d)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, page); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func asset(name string) (string, error) {
	b, err := htmlAssets.ReadFile("assets/" + name)
	if err != nil {
		return "", err
	}
	s := string(b)
	if strings.HasSuffix(name, ".js") {
		// A script element ends at the first "</script", whatever the
		// JavaScript around it; none of ours may hold one.
		if l := strings.ToLower(s); strings.Contains(l, "</script") || strings.Contains(l, "<!--") {
			return "", fmt.Errorf("assets/%s holds </script or <!--, which cannot be inlined", name)
		}
	}
	if strings.HasSuffix(name, ".css") && strings.Contains(strings.ToLower(s), "</style") {
		return "", fmt.Errorf("assets/%s holds </style, which cannot be inlined", name)
	}
	return s, nil
}

func buildPage(d *Data) (*htmlPage, error) {
	net := d.Network
	s := d.Summary
	name := s.Scenario
	desc := ""
	if d.File != nil {
		if name == "" {
			name = d.File.Name
		}
		desc = strings.TrimSpace(d.File.Description)
	}
	people := int64(s.Agents)
	if s.Scale > 0 {
		people = int64(math.Round(float64(s.Agents) / s.Scale))
	}
	p := &htmlPage{
		Title:       "Border and reception load: " + name,
		Scenario:    name,
		Description: desc,
		Period:      fmt.Sprintf("%s – %s", longDate(d.Date(0)), longDate(d.Date(d.Days-1))),
		PeriodStart: shortDate(d.Date(0)),
		PeriodEnd:   shortDate(d.Date(d.Days - 1)),
		Days:        d.Days,
		MaxDay:      d.Days - 1,
		Agents:      thousands(int64(s.Agents)),
		People:      thousands(people),
		Scale:       strconv.FormatFloat(s.Scale, 'g', -1, 64),
		Seed:        s.Seed,
		Version:     s.Version,
		Network:     cmp.Or(s.Network, "westernbalkans"),
		Attribution: htmlAttribution(d),
		Region:      region(d),
		ScaleText:   scaleText(s.Scale),
		YAML:        string(d.ScenarioYAML),
		CentresN:    len(d.Centres),
	}

	// The busiest posts.
	type postTot struct {
		row   postRow
		total int64
	}
	var posts []postTot
	for _, c := range d.Crossings {
		var total, refused, peak int64
		peakDay := 0
		for day := range d.Days {
			v := c.PassedOn(day)
			total += v
			refused += c.Refused[0][day] + c.Refused[1][day]
			if v > peak {
				peak, peakDay = v, day
			}
		}
		if total == 0 && refused == 0 {
			continue
		}
		x := net.Crossing(c.Crossing)
		posts = append(posts, postTot{postRow{
			Name: x.Name, ID: c.ID, Countries: c.A + "–" + c.B,
			Total: thousands(total), Refused: thousands(refused),
			Peak: thousands(peak), PeakDate: shortDate(d.Date(peakDay)),
		}, total})
	}
	slices.SortStableFunc(posts, func(a, b postTot) int { return cmpInt64(b.total, a.total) })
	for i := range min(len(posts), 10) {
		p.Posts = append(p.Posts, posts[i].row)
	}
	if len(p.Posts) > 0 {
		p.PeakPost = &p.Posts[0]
	}

	// Centres at or over capacity on at least one day, or turning people away.
	type centreTot struct {
		row        centreRow
		full, away int64
	}
	var full []centreTot
	var busiest *centreRow
	var busiestOcc int64 = -1
	for _, c := range d.Centres {
		var days, away, peak, capAtPeak int64
		peakDay := 0
		for day := range d.Days {
			o, k := c.Occupancy[day], c.Capacity[day]
			if k > 0 && o >= k {
				days++
			}
			away += c.TurnedAway[day]
			if o > peak {
				peak, capAtPeak, peakDay = o, k, day
			}
		}
		n := net.Node(c.Node)
		row := centreRow{
			Name: n.Name, ID: c.ID, Country: c.Country,
			Capacity: capacityText(capAtPeak), PeakOcc: thousands(peak), PeakDate: shortDate(d.Date(peakDay)),
			DaysFull: int(days), TurnedAway: thousands(away),
		}
		if peak > busiestOcc {
			busiestOcc = peak
			r := row
			busiest = &r
		}
		if days > 0 || away > 0 {
			full = append(full, centreTot{row, days, away})
		}
	}
	slices.SortStableFunc(full, func(a, b centreTot) int {
		if c := cmpInt64(b.full, a.full); c != 0 {
			return c
		}
		return cmpInt64(b.away, a.away)
	})
	for _, c := range full {
		p.Centres = append(p.Centres, c.row)
	}
	if busiestOcc > 0 {
		p.PeakCentre = busiest
	}

	// Events, on the period's time line.
	var jsEvents []jsEvent
	if d.File != nil {
		for _, ev := range d.File.Events {
			kind, target := describeEvent(&ev)
			row := eventRow{Date: ev.Date, End: ev.End, Kind: kind, Target: target, Source: ev.Source, Day: -1}
			if day, err := scenarios.ParseDate(ev.Date); err == nil {
				if i := int(day - d.Start); i >= 0 && i < d.Days {
					row.Day = i
					jsEvents = append(jsEvents, jsEvent{Day: i, Date: ev.Date, Kind: kind, Target: target})
				}
			}
			if row.Day >= 0 && d.Days > 1 {
				row.Left = math.Round(1000*float64(row.Day)/float64(d.Days-1)) / 10
			}
			p.Events = append(p.Events, row)
		}
		slices.SortStableFunc(p.Events, func(a, b eventRow) int { return strings.Compare(a.Date, b.Date) })
	}

	data := buildJSData(d, name)
	data.Events = jsEvents
	// json.Marshal escapes <, > and & (and U+2028, U+2029), so the text
	// cannot end the script element or open a comment in it.
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	p.Data = template.JS(raw)

	for _, a := range []struct {
		name string
		set  func(string)
	}{
		{"leaflet.js", func(s string) { p.LeafletJS = template.JS(s) }},
		{"leaflet.css", func(s string) { p.LeafletCSS = template.CSS(s) }},
		{"report.js", func(s string) { p.ReportJS = template.JS(s) }},
		{"report.css", func(s string) { p.ReportCSS = template.CSS(s) }},
	} {
		s, err := asset(a.name)
		if err != nil {
			return nil, err
		}
		a.set(s)
	}
	return p, nil
}

func buildJSData(d *Data, name string) *jsData {
	net := d.Network
	out := &jsData{Scenario: name, Dates: make([]string, d.Days)}
	for i := range d.Days {
		out.Dates[i] = d.Date(i).String()
	}

	// Bounds: every node of the network.
	south, west, north, east := 90.0, 180.0, -90.0, -180.0
	for v := range geo.NodeID(net.NumNodes()) {
		pt := net.Node(v).Point
		west, east = min(west, pt[0]), max(east, pt[0])
		south, north = min(south, pt[1]), max(north, pt[1])
	}
	out.Bounds = [2][2]float64{{south, west}, {north, east}}

	type acc struct {
		lat, lon float64
		n        int
	}
	byCountry := map[string]*acc{}
	for v := range geo.NodeID(net.NumNodes()) {
		n := net.Node(v)
		a := byCountry[n.Country]
		if a == nil {
			a = &acc{}
			byCountry[n.Country] = a
		}
		a.lat += n.Point[1]
		a.lon += n.Point[0]
		a.n++
	}
	out.Outlines = jsFeatures{Type: "FeatureCollection"}
	for _, c := range d.Outlines {
		if a := byCountry[c.Code]; a != nil {
			out.Labels = append(out.Labels, jsLabel{c.Code, c.Name, [2]float64{round(a.lat/float64(a.n), 3), round(a.lon/float64(a.n), 3)}})
		}
	}
	for _, c := range d.Outlines {
		g := jsGeometry{Type: "MultiPolygon"}
		// Simplified to about half a kilometre: the outlines are a backdrop
		// and the page should stay small.
		shape := simplify.DouglasPeucker(0.005).MultiPolygon(c.Shape.Clone())
		for _, poly := range shape {
			var rings [][][2]float64
			for _, ring := range poly {
				r := make([][2]float64, 0, len(ring))
				for _, pt := range ring {
					q := [2]float64{round(pt[0], 3), round(pt[1], 3)}
					if len(r) > 0 && r[len(r)-1] == q {
						continue
					}
					r = append(r, q)
				}
				if len(r) >= 4 {
					rings = append(rings, r)
				}
			}
			if len(rings) > 0 {
				g.Coordinates = append(g.Coordinates, rings)
			}
		}
		out.Outlines.Features = append(out.Outlines.Features, jsFeature{
			Type: "Feature", Properties: map[string]string{"code": c.Code, "name": c.Name}, Geometry: g,
		})
	}

	for _, es := range d.Edges {
		var total int64
		for _, v := range es.People {
			total += v
		}
		e := net.Edge(es.Edge)
		line := net.Line(es.Edge)
		r := jsRoad{Total: total, Class: e.Class.String(), Name: net.Node(e.From).Name + " – " + net.Node(e.To).Name}
		if e.Road != "" {
			r.Name += " (" + e.Road + ")"
		}
		for _, pt := range line {
			r.Line = append(r.Line, [2]float64{round(pt[1], 4), round(pt[0], 4)})
		}
		out.Roads = append(out.Roads, r)
		out.MaxRoad = max(out.MaxRoad, total)
	}

	for _, c := range d.Crossings {
		x := net.Crossing(c.Crossing)
		jp := jsPost{ID: c.ID, Name: x.Name, A: c.A, B: c.B,
			Passed: make([]int64, d.Days), Refused: make([]int64, d.Days), Queue: make([]int64, d.Days)}
		if len(x.Edges) > 0 {
			e := net.Edge(x.Edges[0])
			a, b := net.Node(e.From).Point, net.Node(e.To).Point
			jp.LatLon = [2]float64{round((a[1]+b[1])/2, 4), round((a[0]+b[0])/2, 4)}
		}
		for day := range d.Days {
			jp.Passed[day] = c.PassedOn(day)
			jp.Refused[day] = c.Refused[0][day] + c.Refused[1][day]
			jp.Queue[day] = c.Queue[0][day] + c.Queue[1][day]
			jp.Dir[0] += c.Passed[0][day]
			jp.Dir[1] += c.Passed[1][day]
			out.MaxPass = max(out.MaxPass, jp.Passed[day])
		}
		out.Posts = append(out.Posts, jp)
	}

	for _, c := range d.Centres {
		n := net.Node(c.Node)
		jc := jsCentre{ID: c.ID, Name: n.Name, Country: c.Country,
			LatLon:    [2]float64{round(n.Point[1], 4), round(n.Point[0], 4)},
			Occupancy: c.Occupancy, Capacity: c.Capacity, TurnedAway: c.TurnedAway}
		if n.Centre != nil {
			jc.Type = strings.ReplaceAll(n.Centre.Type, "_", " ")
		}
		for _, v := range c.Occupancy {
			out.MaxOcc = max(out.MaxOcc, v)
		}
		out.Centres = append(out.Centres, jc)
	}
	return out
}

// describeEvent names an event's kind (its YAML key) and what it acts on.
func describeEvent(ev *scenarios.Event) (kind, target string) {
	return cmp.Or(ev.Kind(), "event"), ev.Target()
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func capacityText(c int64) string {
	if c <= 0 {
		return "unknown"
	}
	return thousands(c)
}

// longDate writes a date as "1 June 2015"; shortDate as "1 Jun 2015".
func longDate(d scenarios.Date) string { return d.Time().Format("2 January 2006") }

func shortDate(d scenarios.Date) string { return d.Time().Format("2 Jan 2006") }

// htmlAttribution is the report page's data attribution.
func htmlAttribution(d *Data) string {
	if d.Summary.Model == sim.ModelFlee {
		return FleeAttribution
	}
	return "Road network: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0); country outlines: Natural Earth (public domain)"
}

// region names what a run covers, for the page's header.
func region(d *Data) string {
	if d.Summary.Model == sim.ModelFlee {
		return "Flee scenario, Flee's rules"
	}
	return "Western Balkans route"
}

// scaleText says how many agents stand for a person.
func scaleText(scale float64) string {
	if scale == 1 {
		return "1 agent per person"
	}
	return strconv.FormatFloat(scale, 'g', -1, 64) + " agents per person"
}
