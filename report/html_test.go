package report

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// hostile is the description given to the test scenario: text that would
// end the data's script element, run a script or make bold text if the page
// did not escape it.
const hostile = `Hostile </script><script>alert(1)</script> and <b>bold</b> & "quoted"`

// htmlTestRun simulates the built-in hungary-serbia-wall scenario at a
// small scale, with the hostile description (and a hostile event source)
// when hostileText is set, writes the run to a temporary folder and loads
// it back.
func htmlTestRun(t *testing.T, hostileText bool) *runfolder.Data {
	t.Helper()
	src, err := scenarios.BuiltinSource("hungary-serbia-wall")
	if err != nil {
		t.Fatal(err)
	}
	if hostileText {
		desc := regexp.MustCompile(`(?m)^description: >-\n(?:  .*\n)+`)
		if !desc.Match(src) {
			t.Fatal("the scenario's description is not where the test expects it")
		}
		// A JSON string is a YAML double-quoted scalar; keep < and > as
		// they are, so that the YAML shown in the page holds them too.
		var quoted bytes.Buffer
		enc := json.NewEncoder(&quoted)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(hostile); err != nil {
			t.Fatal(err)
		}
		src = desc.ReplaceAll(src, append([]byte("description: "), quoted.Bytes()...))
		src = bytes.Replace(src, []byte(`source: "key_events.csv`), []byte(`source: "<img src=x onerror=alert(2)> key_events.csv`), 1)
	}
	s, err := scenarios.Load(src, "builtin:hungary-serbia-wall", ".")
	if err != nil {
		t.Fatal(err)
	}
	res, err := borderaware.Run(context.Background(), s, sim.Options{Scale: 0.05, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := runfolder.Write(dir, res, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := runfolder.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if hostileText && (d.File == nil || d.File.Description != hostile) {
		t.Fatalf("the run's scenario does not carry the hostile description")
	}
	return d
}

func renderHTML(t *testing.T, d *runfolder.Data) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, d); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var (
	scriptElem = regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`)
	styleElem  = regexp.MustCompile(`(?is)<style\b[^>]*>(.*?)</style>`)
)

func TestWriteHTML(t *testing.T) {
	d := htmlTestRun(t, true)
	page := renderHTML(t, d)

	if !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Errorf("the page does not start with a doctype: %.40q", page)
	}
	if !strings.Contains(page, "Leaflet 1.9.4, a JS library for interactive maps") {
		t.Error("Leaflet's licence banner is missing: Leaflet is not inlined")
	}
	if !strings.Contains(page, ".leaflet-container") {
		t.Error("Leaflet's style sheet is not inlined")
	}

	// Nothing comes from the network: no script or style sheet is
	// referenced, and no markup outside the scripts points at a server.
	if m := regexp.MustCompile(`(?i)<script[^>]*\ssrc\s*=`).FindString(page); m != "" {
		t.Errorf("an external script: %s", m)
	}
	if m := regexp.MustCompile(`(?i)<link\b[^>]*>`).FindString(page); m != "" {
		t.Errorf("a link element (external style sheet?): %s", m)
	}
	markup := scriptElem.ReplaceAllString(page, "<script></script>")
	for _, bad := range []string{`src="http`, `href="http`, `src='http`, `href='http`, `src="//`, `href="//`} {
		if strings.Contains(markup, bad) {
			t.Errorf("the markup holds %s", bad)
		}
	}
	for _, m := range styleElem.FindAllStringSubmatch(page, -1) {
		for _, bad := range []string{"@import", "url(http", "url(//", "url('http", `url("http`} {
			if strings.Contains(m[1], bad) {
				t.Errorf("a style sheet holds %s", bad)
			}
		}
	}

	// The hostile text is escaped wherever it appears: the description, the
	// event's source, the YAML and the JSON data.
	for _, raw := range []string{"<script>alert(1)", "<b>bold</b>", "<img src=x"} {
		if strings.Contains(page, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
	for _, esc := range []string{
		"Hostile &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;",
		"&lt;img src=x onerror=alert(2)&gt; key_events.csv",
	} {
		if !strings.Contains(page, esc) {
			t.Errorf("the page lacks the escaped text %q", esc)
		}
	}
	if n := strings.Count(strings.ToLower(page), "<script"); n != 3 {
		t.Errorf("%d script elements, want 3 (data, Leaflet, report)", n)
	}

	// The inlined data parses and matches the run.
	var data *struct {
		Scenario string            `json:"scenario"`
		Dates    []string          `json:"dates"`
		Posts    []json.RawMessage `json:"posts"`
		Centres  []struct {
			ID        string  `json:"id"`
			Occupancy []int64 `json:"occupancy"`
		} `json:"centres"`
		Roads    []json.RawMessage `json:"roads"`
		Outlines struct {
			Type     string            `json:"type"`
			Features []json.RawMessage `json:"features"`
		} `json:"outlines"`
		Events []struct {
			Date, Kind string
		} `json:"events"`
	}
	for _, m := range scriptElem.FindAllStringSubmatch(page, -1) {
		if strings.Contains(m[1], `type="application/json"`) {
			if data != nil {
				t.Fatal("two JSON script elements")
			}
			if err := json.Unmarshal([]byte(m[2]), &data); err != nil {
				t.Fatalf("the inlined JSON does not parse: %v", err)
			}
		}
	}
	switch {
	case data == nil:
		t.Fatal("no JSON script element")
	case data.Scenario != "hungary-serbia-wall":
		t.Errorf("scenario %q", data.Scenario)
	case len(data.Dates) != d.Days || data.Dates[0] != d.Date(0).String():
		t.Errorf("%d dates from %v, want %d from %v", len(data.Dates), data.Dates[:1], d.Days, d.Date(0))
	case len(data.Posts) != len(d.Crossings) || len(data.Centres) != len(d.Centres):
		t.Errorf("%d posts and %d centres, want %d and %d", len(data.Posts), len(data.Centres), len(d.Crossings), len(d.Centres))
	case len(data.Roads) != d.Network.NumEdges():
		t.Errorf("%d roads, want %d", len(data.Roads), d.Network.NumEdges())
	case data.Outlines.Type != "FeatureCollection" || len(data.Outlines.Features) != len(d.Kind.Outlines):
		t.Errorf("outlines: %q with %d features, want %d", data.Outlines.Type, len(data.Outlines.Features), len(d.Kind.Outlines))
	case len(data.Events) != 1 || data.Events[0].Kind != "wall" || data.Events[0].Date != "2015-09-15":
		t.Errorf("events %+v, want the wall of 2015-09-15", data.Events)
	}
	if len(data.Centres) > 0 && len(data.Centres[0].Occupancy) != d.Days {
		t.Errorf("centre %s has %d days of occupancy, want %d", data.Centres[0].ID, len(data.Centres[0].Occupancy), d.Days)
	}

	// The summary and the scenario are in the page itself, not only in the
	// data: the tables, the event and the YAML.
	for _, want := range []string{
		`id="posts-table"`, "Horgoš", `<span class="kind">wall</span>`,
		"<summary>Scenario file (YAML, as run)</summary>", "name: hungary-serbia-wall",
		"1 August 2015 – 31 December 2015",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestWriteHTMLWithoutScenario(t *testing.T) {
	d := htmlTestRun(t, false)
	d.File, d.ScenarioYAML = nil, nil // a run folder with no scenario.yaml
	page := renderHTML(t, d)
	if !strings.Contains(page, "The scenario has no description.") || strings.Contains(page, "<details") {
		t.Error("a run without its scenario should say so and show no YAML")
	}
}

func TestDescribeEvent(t *testing.T) {
	scale := 0.5
	for _, c := range []struct {
		ev           scenarios.Event
		kind, target string
	}{
		{scenarios.Event{CloseBorder: &scenarios.BorderRef{Between: []string{"SRB", "HUN"}}}, "close_border", "SRB–HUN"},
		{scenarios.Event{OpenBorder: &scenarios.BorderRef{Between: []string{"HRV", "SVN"}, Crossings: []string{"bregana-obrezje"}}}, "open_border", "HRV–SVN (bregana-obrezje)"},
		{scenarios.Event{CloseCrossing: "horgos-roszke"}, "close_crossing", "horgos-roszke"},
		{scenarios.Event{CrossingCapacity: &scenarios.CrossingCapacity{Between: []string{"SVN", "AUT"}, PerDay: 3200}}, "crossing_capacity", "SVN–AUT: 3,200 a day"},
		{scenarios.Event{CentreCapacity: &scenarios.CentreCapacity{Centre: "moria", Capacity: 2800}}, "centre_capacity", "moria: 2,800 places"},
		{scenarios.Event{ArrivalsChange: &scenarios.ArrivalsChange{Stream: "evros", Scale: &scale}}, "arrivals_change", "evros: ×0.5"},
		{scenarios.Event{JoinSchengen: "HRV"}, "join_schengen", "HRV"},
		{scenarios.Event{DestinationChange: []scenarios.Destination{{Exit: "passau", Share: 1}}}, "destination_change", "passau 1"},
	} {
		kind, target := describeEvent(&c.ev)
		if kind != c.kind || target != c.target {
			t.Errorf("describeEvent(%+v) = %q, %q; want %q, %q", c.ev, kind, target, c.kind, c.target)
		}
	}
}

// TestPeopleFromTables checks that the report's count of people comes from
// the tables (people who left the network plus those still in it), not
// from the agent count divided by the scale, which rounds differently.
func TestPeopleFromTables(t *testing.T) {
	d := mapTestRun(t, "balkan-route-2015", 0)
	var exits, present, passed int64
	for _, c := range d.Countries {
		present += c.Present[d.Days-1]
		for _, v := range c.Exits {
			exits += v
		}
	}
	for _, c := range d.Crossings {
		for _, v := range c.Passed {
			for _, x := range v {
				passed += x
			}
		}
	}
	for _, c := range []struct {
		name   string
		agents int
	}{
		{"as run", d.Summary.Agents},
		{"agents off by one", d.Summary.Agents + 1},
		{"agents off by many", d.Summary.Agents + 1000},
	} {
		t.Run(c.name, func(t *testing.T) {
			dd := *d
			dd.Summary.Agents = c.agents
			p := pageHeader(&dd, "x")
			if want := thousands(exits - passed + present); p.People != want {
				t.Errorf("People = %s, want %s (the tables' exits − passes + present on the last day)", p.People, want)
			}
			page := renderHTML(t, &dd)
			if !strings.Contains(page, `<span class="kf-value">`+p.People+`</span><span class="kf-label">people in the run`) {
				t.Errorf("the key figure does not give %s people", p.People)
			}
		})
	}
}
