package report

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
)

// The page's parts: Leaflet (vendored from npm, BSD-2-Clause, licence in
// assets/LEAFLET-LICENSE), the report's own script and style sheet, and the
// page template. All of it is inlined into report.html, which therefore
// opens from disk with no network.
//
//go:embed assets/leaflet.js assets/leaflet.css assets/report.js assets/report.css templates/report.html.tmpl templates/forecast.html.tmpl
var htmlAssets embed.FS

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"num": thousands,
	"pct": func(f float64) string { return strconv.FormatFloat(100*f, 'f', 0, 64) + "%" },
}).ParseFS(htmlAssets, "templates/report.html.tmpl"))

// htmlPage is what the template renders. Every string in it is plain text
// that html/template escapes, except the inlined assets (vendored or ours)
// and Data, which json.Marshal has made safe inside a script element.
type htmlPage struct {
	Title        string
	Scenario     string
	Description  string
	Period       string
	PeriodStart  string
	PeriodEnd    string
	Days         int
	MaxDay       int
	Agents       string
	People       string // people in the run, from the tables (peopleInRun)
	PeopleLeft   string // … of whom left the network
	PeopleStayed string // … of whom were in it on the last day
	Scale        string
	Seed         uint64
	Version      string
	Network      string
	Attribution  string
	Region       string // what the run covers, for the header
	ScaleText    string // "1 agent per person", "0.1 agents per person"
	Posts        []postRow
	Centres      []centreRow
	CentresN     int
	Events       []eventRow
	YAML         string
	PeakPost     *postRow
	PeakCentre   *centreRow

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
	Scenario    string        `json:"scenario"`
	Attribution string        `json:"attribution"` // the map's data attribution, as text
	Dates       []string      `json:"dates"`
	Bounds      [2][2]float64 `json:"bounds"` // [[south, west], [north, east]]
	Outlines    jsFeatures    `json:"outlines"`
	Roads       []jsRoad      `json:"roads"`
	Posts       []jsPost      `json:"posts"`
	Centres     []jsCentre    `json:"centres"`
	Events      []jsEvent     `json:"events"`
	MaxPass     int64         `json:"maxPassed"`
	MaxOcc      int64         `json:"maxOccupancy"`
	MaxRoad     int64         `json:"maxRoad"`
	Labels      []jsLabel     `json:"labels"`
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
func WriteHTML(w io.Writer, d *runfolder.Data) error {
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

func buildPage(d *runfolder.Data) (*htmlPage, error) {
	name := scenarioTitle(d)
	p := pageHeader(d, name)
	p.Posts = busiestPosts(d, 10)
	if len(p.Posts) > 0 {
		p.PeakPost = &p.Posts[0]
	}
	p.Centres, p.PeakCentre = centresAtCapacity(d)
	var jsEvents []jsEvent
	p.Events, jsEvents = timelineEvents(d)

	data := buildJSData(d, name)
	data.Events = jsEvents
	// json.Marshal escapes <, > and & (and U+2028, U+2029), so the text
	// cannot end the script element or open a comment in it.
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	p.Data = template.JS(raw)
	if err := inlineAssets(p); err != nil {
		return nil, err
	}
	return p, nil
}

// scenarioTitle is the scenario's name: the summary's, else the file's.
func scenarioTitle(d *runfolder.Data) string {
	if d.Summary.Scenario == "" && d.File != nil {
		return d.File.Name
	}
	return d.Summary.Scenario
}

// pageHeader fills the page's header, key figures and facts table.
func pageHeader(d *runfolder.Data, name string) *htmlPage {
	s := d.Summary
	desc := ""
	if d.File != nil {
		desc = strings.TrimSpace(d.File.Description)
	}
	left, stayed := peopleInRun(d)
	return &htmlPage{
		Title:        "Border and reception load: " + name,
		Scenario:     name,
		Description:  desc,
		Period:       fmt.Sprintf("%s – %s", longDate(d.Date(0)), longDate(d.Date(d.Days-1))),
		PeriodStart:  shortDate(d.Date(0)),
		PeriodEnd:    shortDate(d.Date(d.Days - 1)),
		Days:         d.Days,
		MaxDay:       d.Days - 1,
		Agents:       thousands(int64(s.Agents)),
		People:       thousands(left + stayed),
		PeopleLeft:   thousands(left),
		PeopleStayed: thousands(stayed),
		Scale:        strconv.FormatFloat(s.Scale, 'g', -1, 64),
		Seed:         s.Seed,
		Version:      s.Version,
		Network:      d.Kind.Network,
		Attribution:  d.Kind.PageAttribution,
		Region:       d.Kind.Title,
		ScaleText:    scaleText(s.Scale),
		YAML:         string(d.ScenarioYAML),
		CentresN:     len(d.Centres),
	}
}

// peopleInRun counts the run's people from its tables, in people as they
// are, with no conversion from agents: those who left the network (exits
// from a country not through a border post: the tables count a pass as an
// exit from one country and an entry to the next) and those present in a
// country on the last day. Every person the scenario brings in is one of
// the two.
func peopleInRun(d *runfolder.Data) (left, stayed int64) {
	if d.Days == 0 {
		return 0, 0
	}
	for _, c := range d.Countries {
		stayed += c.Present[d.Days-1]
		for _, v := range c.Exits {
			left += v
		}
	}
	for _, c := range d.Crossings {
		for day := range d.Days {
			left -= c.PassedOn(day)
		}
	}
	return left, stayed
}

// busiestPosts returns the n posts that most people passed, busiest first;
// posts nobody passed or was refused at are left out.
func busiestPosts(d *runfolder.Data, n int) []postRow {
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
		x := d.Network.Crossing(c.Crossing)
		posts = append(posts, postTot{postRow{
			Name: x.Name, ID: c.ID, Countries: c.A + "–" + c.B,
			Total: thousands(total), Refused: thousands(refused),
			Peak: thousands(peak), PeakDate: shortDate(d.Date(peakDay)),
		}, total})
	}
	slices.SortStableFunc(posts, func(a, b postTot) int { return cmp.Compare(b.total, a.total) })
	var out []postRow
	for _, p := range posts[:min(len(posts), n)] {
		out = append(out, p.row)
	}
	return out
}

// centresAtCapacity returns the centres at or over capacity on at least one
// day, or turning people away, most days full first, and the centre with
// the highest occupancy (nil if no one stayed at any).
func centresAtCapacity(d *runfolder.Data) ([]centreRow, *centreRow) {
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
		n := d.Network.Node(c.Node)
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
		return cmp.Or(cmp.Compare(b.full, a.full), cmp.Compare(b.away, a.away))
	})
	var rows []centreRow
	for _, c := range full {
		rows = append(rows, c.row)
	}
	if busiestOcc <= 0 {
		busiest = nil
	}
	return rows, busiest
}

// timelineEvents returns the scenario's events by date, for the table, and
// those within the period, for the slider's ticks.
func timelineEvents(d *runfolder.Data) ([]eventRow, []jsEvent) {
	if d.File == nil {
		return nil, nil
	}
	var rows []eventRow
	var ticks []jsEvent
	for _, ev := range d.File.Events {
		kind, target := describeEvent(&ev)
		row := eventRow{Date: ev.Date, End: ev.End, Kind: kind, Target: target, Source: ev.Source, Day: -1}
		if day, err := scenarios.ParseDate(ev.Date); err == nil {
			if i := int(day - d.Start); i >= 0 && i < d.Days {
				row.Day = i
				ticks = append(ticks, jsEvent{Day: i, Date: ev.Date, Kind: kind, Target: target})
			}
		}
		if row.Day >= 0 && d.Days > 1 {
			row.Left = math.Round(1000*float64(row.Day)/float64(d.Days-1)) / 10
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b eventRow) int { return strings.Compare(a.Date, b.Date) })
	return rows, ticks
}

// inlineAssets puts Leaflet and the report's script and style sheet into
// the page.
func inlineAssets(p *htmlPage) error {
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
			return err
		}
		a.set(s)
	}
	return nil
}

func buildJSData(d *runfolder.Data, name string) *jsData {
	out := &jsData{Scenario: name, Attribution: d.Kind.Attribution, Dates: make([]string, d.Days)}
	for i := range d.Days {
		out.Dates[i] = d.Date(i).String()
	}
	b := nodeBound(d.Network)
	out.Bounds = [2][2]float64{{b.Min[1], b.Min[0]}, {b.Max[1], b.Max[0]}}
	out.Labels = countryLabels(d)
	out.Outlines = jsOutlines(d.Kind.Outlines)
	out.Roads, out.MaxRoad = jsRoads(d)
	out.Posts, out.MaxPass = jsPosts(d)
	out.Centres, out.MaxOcc = jsCentres(d)
	return out
}

// countryLabels names the outlined countries that hold network nodes, at
// the mean of their nodes.
func countryLabels(d *runfolder.Data) []jsLabel {
	net := d.Network
	byCountry := map[string]orb.MultiPoint{}
	for v := range geo.NodeID(net.NumNodes()) {
		n := net.Node(v)
		byCountry[n.Country] = append(byCountry[n.Country], n.Point)
	}
	var out []jsLabel
	for _, c := range d.Kind.Outlines {
		if pts := byCountry[c.Code]; len(pts) > 0 {
			at, _ := planar.CentroidArea(pts)
			out = append(out, jsLabel{c.Code, c.Name, [2]float64{round(at[1], 3), round(at[0], 3)}})
		}
	}
	return out
}

// jsOutlines are the outlines as GeoJSON, simplified to about half a
// kilometre: they are a backdrop and the page should stay small.
func jsOutlines(cs []geo.Country) jsFeatures {
	out := jsFeatures{Type: "FeatureCollection"}
	for _, c := range cs {
		g := jsGeometry{Type: "MultiPolygon"}
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
		out.Features = append(out.Features, jsFeature{
			Type: "Feature", Properties: map[string]string{"code": c.Code, "name": c.Name}, Geometry: g,
		})
	}
	return out
}

// jsRoads are the roads with the people who set out along each over the
// period, and the largest such total.
func jsRoads(d *runfolder.Data) (roads []jsRoad, maxTotal int64) {
	net := d.Network
	for _, es := range d.Edges {
		var total int64
		for _, v := range es.People {
			total += v
		}
		e := net.Edge(es.Edge)
		r := jsRoad{Total: total, Class: e.Class.String(), Name: net.Node(e.From).Name + " – " + net.Node(e.To).Name}
		if e.Road != "" {
			r.Name += " (" + e.Road + ")"
		}
		for _, pt := range net.Line(es.Edge) {
			r.Line = append(r.Line, [2]float64{round(pt[1], 4), round(pt[0], 4)})
		}
		roads = append(roads, r)
		maxTotal = max(maxTotal, total)
	}
	return roads, maxTotal
}

// jsPosts are the border posts' daily series, and the most people passing
// one post in a day.
func jsPosts(d *runfolder.Data) (posts []jsPost, maxPassed int64) {
	net := d.Network
	for _, c := range d.Crossings {
		x := net.Crossing(c.Crossing)
		jp := jsPost{ID: c.ID, Name: x.Name, A: c.A, B: c.B,
			Passed: make([]int64, d.Days), Refused: make([]int64, d.Days), Queue: make([]int64, d.Days)}
		if len(x.Edges) > 0 {
			e := net.Edge(x.Edges[0])
			mid := interpolate(net.Node(e.From).Point, net.Node(e.To).Point, 0.5)
			jp.LatLon = [2]float64{round(mid[1], 4), round(mid[0], 4)}
		}
		for day := range d.Days {
			jp.Passed[day] = c.PassedOn(day)
			jp.Refused[day] = c.Refused[0][day] + c.Refused[1][day]
			jp.Queue[day] = c.Queue[0][day] + c.Queue[1][day]
			jp.Dir[0] += c.Passed[0][day]
			jp.Dir[1] += c.Passed[1][day]
			maxPassed = max(maxPassed, jp.Passed[day])
		}
		posts = append(posts, jp)
	}
	return posts, maxPassed
}

// jsCentres are the centres' daily series, and the highest occupancy of
// any centre.
func jsCentres(d *runfolder.Data) (centres []jsCentre, maxOcc int64) {
	net := d.Network
	for _, c := range d.Centres {
		n := net.Node(c.Node)
		jc := jsCentre{ID: c.ID, Name: n.Name, Country: c.Country,
			LatLon:    [2]float64{round(n.Point[1], 4), round(n.Point[0], 4)},
			Occupancy: c.Occupancy, Capacity: c.Capacity, TurnedAway: c.TurnedAway}
		if n.Centre != nil {
			jc.Type = strings.ReplaceAll(n.Centre.Type, "_", " ")
		}
		for _, v := range c.Occupancy {
			maxOcc = max(maxOcc, v)
		}
		centres = append(centres, jc)
	}
	return centres, maxOcc
}

// describeEvent names an event's kind (its YAML key) and what it acts on.
func describeEvent(ev *scenarios.Event) (kind, target string) {
	return cmp.Or(ev.Kind(), "event"), ev.Target()
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

// scaleText says how many agents stand for a person.
func scaleText(scale float64) string {
	if scale == 1 {
		return "1 agent per person"
	}
	return strconv.FormatFloat(scale, 'g', -1, 64) + " agents per person"
}
