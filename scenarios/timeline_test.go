package scenarios

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/borderflow/borderflow/geo"
)

func mustLoad(t *testing.T, src string) *Scenario {
	t.Helper()
	s, err := Load([]byte(src), "test.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func crossingID(t *testing.T, s *Scenario, id string) geo.CrossingID {
	t.Helper()
	c, ok := s.Network.CrossingByID(id)
	if !ok {
		t.Fatalf("no crossing %q", id)
	}
	return c
}

func TestSchengenMembership(t *testing.T) {
	for _, tc := range []struct {
		country string
		date    Date
		want    bool
	}{
		{"HRV", NewDate(2022, 12, 31), false},
		{"HRV", NewDate(2023, 1, 1), true},
		{"GRC", NewDate(2015, 9, 1), true},
		{"HUN", NewDate(2007, 12, 20), false},
		{"HUN", NewDate(2007, 12, 21), true},
		{"BGR", NewDate(2024, 6, 1), false},
		{"BGR", NewDate(2025, 1, 1), true},
		{"SRB", NewDate(2026, 1, 1), false},
		{"XKX", NewDate(2026, 1, 1), false},
	} {
		if got := schengenMember(tc.country, tc.date); got != tc.want {
			t.Errorf("schengenMember(%s, %v) = %v, want %v", tc.country, tc.date, got, tc.want)
		}
	}
}

func TestDates(t *testing.T) {
	d, err := ParseDate("2016-03-09")
	if err != nil || d != NewDate(2016, time.March, 9) || d.String() != "2016-03-09" {
		t.Errorf("ParseDate: %v %v", d, err)
	}
	if m, _ := parseMonth("2016-02"); m.Days() != 29 || m.First().String() != "2016-02-01" {
		t.Errorf("February 2016 has %d days", m.Days())
	}
	for _, bad := range []string{"2015-9-1", "2015-02-30", "15-09-01", ""} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

// TestCroatiaJoinsSchengen checks that the built-in membership turns
// Croatia–Slovenia into free flow and Croatia–Bosnia into a Schengen external
// border on 1 Jan 2023.
func TestCroatiaJoinsSchengen(t *testing.T) {
	s := mustLoad(t, `name: t
period: {start: 2022-12-30, end: 2023-01-02}
arrivals: [{entry: sarajevo, daily: {2022-12-30: 10}}]
destinations: [{exit: trieste, share: 1}]
`)
	before, after := NewDate(2022, 12, 31), NewDate(2023, 1, 1)
	slo := crossingID(t, s, "bregana-obrezje")
	bih := crossingID(t, s, "izacic-licko-petrovo-selo")
	if st := s.Timeline.Crossing(before, slo); st.Status != Checked || !st.External {
		t.Errorf("HRV–SVN on %v: %+v, want a checked Schengen external border", before, st)
	}
	if st := s.Timeline.Crossing(after, slo); st.Status != FreeFlow {
		t.Errorf("HRV–SVN on %v: %+v, want free flow", after, st)
	}
	if st := s.Timeline.Crossing(before, bih); st.Status != Checked || st.External {
		t.Errorf("BIH–HRV on %v: %+v, want checked, not external", before, st)
	}
	if st := s.Timeline.Crossing(after, bih); st.Status != Checked || !st.External {
		t.Errorf("BIH–HRV on %v: %+v, want a Schengen external border", after, st)
	}
}

func TestEventWindowsAndArrivals(t *testing.T) {
	s := mustLoad(t, `name: t
period: {start: 2015-09-01, end: 2015-10-31}
params: {schengen_refusal: 0.25}
arrivals:
  - entry: mytilene
    monthly: {2015-09: 3000}
  - name: evros
    entry: kastanies
    daily: {2015-09-02: 40, 2015-10-10: 60}
destinations: [{exit: passau, share: 0.8}, {exit: trieste, share: 0.2}]
events:
  - {date: 2015-09-10, end: 2015-09-12, close_crossing: horgos-roszke}
  - {date: 2015-09-20, crossing_capacity: {between: [HUN, SRB], per_day: 2500}}
  - {date: 2015-09-15, arrivals_change: {stream: mytilene, scale: 2}}
  - {date: 2015-10-01, end: 2015-10-10, destination_change: [{exit: trieste, share: 1}]}
  - {date: 2015-09-05, close_centre: krnjaca-ac}
  - {date: 2015-09-25, centre_capacity: {centre: krnjaca-ac, capacity: 1500}}
`)
	tl := s.Timeline
	hr := crossingID(t, s, "horgos-roszke")
	kt := crossingID(t, s, "kelebija-tompa")
	if tl.Crossing(NewDate(2015, 9, 9), hr).Status != Checked || tl.Crossing(NewDate(2015, 9, 10), hr).Status != Closed ||
		tl.Crossing(NewDate(2015, 9, 12), hr).Status != Closed || tl.Crossing(NewDate(2015, 9, 13), hr).Status != Checked {
		t.Error("closure of Horgoš–Röszke from 10 to 12 Sep not applied as a window")
	}
	if st := tl.Crossing(NewDate(2015, 9, 1), kt); st.Refusal != 0.25 || !st.External {
		t.Errorf("Schengen default refusal not applied at an external post: %+v", st)
	}
	if st := tl.Crossing(NewDate(2015, 9, 21), kt); st.CapacityPerDay != 2500 {
		t.Errorf("border capacity not applied: %+v", st)
	}
	m := s.Streams[0].Daily
	if math.Abs(m[0]-100) > 1e-9 || math.Abs(m[14]-200) > 1e-9 || len(m) != 61 || m[40] != 0 {
		t.Errorf("monthly spread / scale: day 0 %v, day 14 %v, day 40 %v", m[0], m[14], m[40])
	}
	if got := s.Streams[1].Total(); got != 100 {
		t.Errorf("evros total %v, want 100", got)
	}
	trieste, _ := s.Network.NodeByID("trieste")
	if d := tl.Destinations(NewDate(2015, 10, 5)); len(d) != 1 || d[0].Exit != trieste {
		t.Errorf("destination change not in force on 5 Oct: %v", d)
	}
	if d := tl.Destinations(NewDate(2015, 10, 11)); len(d) != 2 {
		t.Errorf("destination change not undone after its end: %v", d)
	}
	krnjaca, _ := s.Network.NodeByID("krnjaca-ac")
	if st, _ := tl.Centre(NewDate(2015, 9, 4), krnjaca); !st.Open {
		t.Error("Krnjača closed before its closure")
	}
	if st, _ := tl.Centre(NewDate(2015, 9, 26), krnjaca); st.Open || st.Capacity != 1500 {
		t.Errorf("Krnjača on 26 Sep: %+v, want closed with capacity 1500", st)
	}
}

// TestWall checks that a wall drawn along the Hungary–Serbia border closes
// both crossings it cuts, and only those.
func TestWall(t *testing.T) {
	s := mustLoad(t, `name: t
period: {start: 2015-09-01, end: 2015-09-30}
arrivals: [{entry: mytilene, daily: {2015-09-01: 1}}]
destinations: [{exit: passau, share: 1}]
events:
  - date: 2015-09-15
    wall:
      line: [[19.3, 46.17], [19.6, 46.17], [19.97, 46.165], [20.2, 46.14]]
`)
	d := NewDate(2015, 9, 16)
	for c := range geo.CrossingID(s.Network.NumCrossings()) {
		x := s.Network.Crossing(c)
		closed := s.Timeline.Crossing(d, c).Status == Closed
		if want := x.A == "SRB" && x.B == "HUN"; closed != want {
			t.Errorf("crossing %s (%s–%s) closed=%v after the wall", x.ID, x.A, x.B, closed)
		}
	}
}

// TestFilesBesideTheScenario reads arrivals from a CSV file and a wall from
// a GeoJSON file, both relative to the scenario file, and applies a
// counterfactual Schengen accession.
func TestFilesBesideTheScenario(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("arrivals.csv", "date,count\n2015-09-01,120\n2015-09-03,80\n")
	write("wall.geojson", `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[19.3,46.17],[19.6,46.17],[19.97,46.165],[20.2,46.14]]}}`)
	f := write("s.yaml", `name: files
period: {start: 2015-09-01, end: 2015-09-30}
arrivals: [{entry: mytilene, csv: arrivals.csv}]
destinations: [{exit: passau, share: 1}]
events:
  - {date: 2015-09-10, wall: {file: wall.geojson, refusal: 0.8}}
  - {date: 2015-09-20, join_schengen: SRB}
`)
	s, err := LoadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Streams[0].Daily; got[0] != 120 || got[2] != 80 || s.Streams[0].Total() != 200 {
		t.Errorf("CSV arrivals: %v", got[:4])
	}
	hr := crossingID(t, s, "horgos-roszke")
	if st := s.Timeline.Crossing(NewDate(2015, 9, 11), hr); st.Status != Checked || st.Refusal != 0.8 {
		t.Errorf("wall with refusal: %+v", st)
	}
	// Serbia joining Schengen on 20 Sep makes Serbia–Hungary internal, but
	// the wall's refusal keeps a control there; Serbia–Croatia (Croatia not
	// yet a member) becomes an external border seen from Serbia's side.
	if st := s.Timeline.Crossing(NewDate(2015, 9, 21), hr); st.Status != Checked || st.External {
		t.Errorf("Horgoš–Röszke after SRB joins: %+v, want a checked internal border (the wall's refusal)", st)
	}
	bt := crossingID(t, s, "batrovci-bajakovo")
	if st := s.Timeline.Crossing(NewDate(2015, 9, 21), bt); !st.External {
		t.Errorf("Batrovci–Bajakovo after SRB joins: %+v, want external", st)
	}

	write("bad.csv", "date,count\n2015-09-01,many\n")
	bad := write("bad.yaml", `name: files
period: {start: 2015-09-01, end: 2015-09-30}
arrivals: [{entry: mytilene, csv: bad.csv}]
destinations: [{exit: passau, share: 1}]
`)
	if _, err := LoadFile(bad); err == nil || !strings.Contains(err.Error(), `bad.csv:2: count "many"`) {
		t.Errorf("bad CSV: %v", err)
	}
}

// TestCentreDates checks that centres are open only between the opening and
// closing dates of the network, and that events override those dates.
func TestCentreDates(t *testing.T) {
	const head = `name: t
arrivals: [{entry: mytilene, monthly: {2015-09: 10}}]
destinations: [{exit: passau, share: 1}]
`
	plain := mustLoad(t, head+"period: {start: 2015-09-01, end: 2016-03-31}\n")
	bih := mustLoad(t, strings.ReplaceAll(head, "2015-09", "2020-04")+"period: {start: 2020-04-01, end: 2020-12-31}\n")
	overridden := mustLoad(t, head+`period: {start: 2015-09-01, end: 2016-03-31}
events:
  - {date: 2015-10-01, end: 2015-10-31, open_centre: vial}
  - {date: 2015-11-04, open_centre: opatovac-camp}
  - {date: 2015-09-01, close_centre: presevo-rc}
`)
	for _, tc := range []struct {
		s      *Scenario
		centre string
		on     Date
		want   bool
	}{
		{plain, "opatovac-camp", NewDate(2015, 9, 19), false},
		{plain, "opatovac-camp", NewDate(2015, 9, 20), true},
		{plain, "opatovac-camp", NewDate(2015, 11, 3), true}, // its closing day: people moved out that day
		{plain, "opatovac-camp", NewDate(2015, 11, 4), false},
		{plain, "slavonski-brod-wrtc", NewDate(2015, 9, 16), false},
		{plain, "slavonski-brod-wrtc", NewDate(2015, 11, 2), false},
		{plain, "slavonski-brod-wrtc", NewDate(2015, 11, 3), true},
		{plain, "slavonski-brod-wrtc", NewDate(2016, 3, 31), true},
		{plain, "vial", NewDate(2015, 10, 15), false},
		{plain, "vial", NewDate(2016, 2, 13), false},
		{plain, "vial", NewDate(2016, 2, 14), true},
		{plain, "presevo-rc", NewDate(2015, 9, 16), true},
		{plain, "lipa", NewDate(2015, 9, 16), false},
		{plain, "dobova-rc", NewDate(2015, 9, 30), false}, // opened "Oct 2015": from 1 Oct
		{plain, "dobova-rc", NewDate(2015, 10, 1), true},
		{plain, "rigonce-camp", NewDate(2015, 10, 31), true}, // "Oct 2015" both ways: all of October
		{plain, "rigonce-camp", NewDate(2015, 11, 1), false},
		{bih, "lipa", NewDate(2020, 4, 20), false},
		{bih, "lipa", NewDate(2020, 4, 21), true},
		{bih, "lipa", NewDate(2020, 12, 31), true},
		{bih, "bira", NewDate(2020, 9, 30), true},
		{bih, "bira", NewDate(2020, 10, 1), false},
		{overridden, "vial", NewDate(2015, 9, 30), false},
		{overridden, "vial", NewDate(2015, 10, 1), true}, // event wins over the dates
		{overridden, "vial", NewDate(2015, 10, 31), true},
		{overridden, "vial", NewDate(2015, 11, 1), false}, // event over: dates again
		{overridden, "opatovac-camp", NewDate(2015, 11, 3), true},
		{overridden, "opatovac-camp", NewDate(2015, 12, 1), true},
		{overridden, "presevo-rc", NewDate(2015, 10, 21), false},
	} {
		v, ok := tc.s.Network.NodeByID(tc.centre)
		if !ok {
			t.Fatalf("no centre %q", tc.centre)
		}
		st, ok := tc.s.Timeline.Centre(tc.on, v)
		if !ok || st.Open != tc.want {
			t.Errorf("%d events: %s on %v: open %v, want %v", len(tc.s.File.Events), tc.centre, tc.on, st.Open, tc.want)
		}
	}
	presevo, _ := plain.Network.NodeByID("presevo-rc")
	if st, _ := plain.Timeline.Centre(NewDate(2015, 10, 21), presevo); st.RegistrationsPerDay != 6500 || st.Capacity != 300 {
		t.Errorf("Preševo on 21 Oct 2015: %+v, want 300 places and 6,500 registrations a day", st)
	}
}
