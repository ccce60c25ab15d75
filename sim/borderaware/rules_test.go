package borderaware_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// The tests in this file check the border-aware model's rules one at a time
// (see the package documentation), each on a tiny network built for it
// whose daily tables can be worked out by hand. Roads are short enough for
// an agent to ride any of them in a day (transport_km_per_day is 400), so
// a day's figures follow from the rules alone. Where a rule is random, the
// expected value and a bound of four standard errors are stated; the seed
// is fixed, so the tests are deterministic.
//
// Countries are Serbia, North Macedonia and Albania, none of them a
// Schengen member: every crossing is a checked post, open, with no limit
// and no refusal unless an event sets one.

// ruleStart is day 0 of every scenario in this file.
const ruleStart = "2019-03-01"

// ruleDate returns the date of day d of the period, as a scenario writes it.
func ruleDate(t *testing.T, d int) string {
	t.Helper()
	s, err := scenarios.ParseDate(ruleStart)
	if err != nil {
		t.Fatal(err)
	}
	return (s + scenarios.Date(d)).String()
}

// ruleNet builds a tiny network by ids.
type ruleNet struct {
	b   geo.Builder
	ids map[string]geo.NodeID
}

// node adds a node; nodes are laid out west to east, 0.01° apart.
func (n *ruleNet) node(id, country string, kind geo.NodeKind) {
	if n.ids == nil {
		n.ids = map[string]geo.NodeID{}
	}
	k := float64(len(n.ids))
	n.ids[id] = n.b.AddNode(geo.Node{ID: id, Country: country, Kind: kind, Point: [2]float64{20 + 0.01*k, 42}})
}

// road joins two nodes by a main road of the given length.
func (n *ruleNet) road(a, b string, km geo.Km) geo.EdgeID {
	return n.b.AddEdge(geo.Edge{From: n.ids[a], To: n.ids[b], Km: km})
}

// crossing joins two nodes in different countries by a 1 km border crossing
// with the given id.
func (n *ruleNet) crossing(id, a, b string) {
	n.b.AddCrossing(geo.Crossing{ID: id, Edges: []geo.EdgeID{n.road(a, b, 1)}})
}

// centre adds a reception centre with the given capacity (0: unknown) next
// to town, 1 km from it.
func (n *ruleNet) centre(id, town string, capacity int) {
	n.centreInfo(id, town, geo.CentreInfo{Capacity: capacity})
}

// centreInfo adds a centre described by info next to town, 1 km from it.
func (n *ruleNet) centreInfo(id, town string, info geo.CentreInfo) {
	n.node(id, n.b.Node(n.ids[town]).Country, geo.Centre)
	n.b.Node(n.ids[id]).Centre = &info
	n.road(town, id, 1)
}

func (n *ruleNet) build(t *testing.T) *geo.Network {
	t.Helper()
	net, err := n.b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// ruleScenario is a scenario on a tiny network; its strings are YAML flow
// values.
type ruleScenario struct {
	days         int
	arrivals     []string // items of arrivals
	destinations string   // default: everyone to exit x
	groups       string
	params       string
	events       []string // items of events
}

// runRule writes net and s into a temporary folder, loads the scenario and
// runs it with three workers and the daily conservation check.
func runRule(t *testing.T, net *geo.Network, s ruleScenario, scale float64) *sim.Result {
	t.Helper()
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "net.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if err := net.WriteGeoJSON(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	var y strings.Builder
	fmt.Fprintf(&y, "name: rules\nnetwork: net.geojson\nperiod: {start: %s, end: %s}\n", ruleStart, ruleDate(t, s.days-1))
	fmt.Fprintf(&y, "arrivals: [%s]\n", strings.Join(s.arrivals, ", "))
	fmt.Fprintf(&y, "destinations: %s\n", cmp.Or(s.destinations, "[{exit: x, share: 1}]"))
	if s.groups != "" {
		fmt.Fprintf(&y, "groups: %s\n", s.groups)
	}
	if s.params != "" {
		fmt.Fprintf(&y, "params: %s\n", s.params)
	}
	if len(s.events) > 0 {
		fmt.Fprintf(&y, "events: [%s]\n", strings.Join(s.events, ", "))
	}
	sc, err := scenarios.Load([]byte(y.String()), "rules.yaml", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, y.String())
	}
	r, err := borderaware.Run(context.Background(), sc, sim.Options{Workers: 3, Scale: scale, Check: true, Engine: *engine})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// postCol returns column p of a [day][post] table for the post of crossing
// id leaving country from.
func postCol(t *testing.T, r *sim.Result, tab [][]int64, id, from string) []int64 {
	t.Helper()
	x, ok := r.Network.CrossingByID(id)
	if !ok {
		t.Fatalf("no crossing %s", id)
	}
	for p, pt := range r.Posts {
		if pt.Crossing == x && r.Countries[pt.From] == from {
			return column(tab, p, r.Info.Scale)
		}
	}
	t.Fatalf("no post of %s from %s", id, from)
	return nil
}

// centreIdx returns the column of centre id in the [day][centre] tables.
func centreIdx(t *testing.T, r *sim.Result, id string) int {
	t.Helper()
	v, ok := r.Network.NodeByID(id)
	if !ok {
		t.Fatalf("no node %s", id)
	}
	c := slices.Index(r.Centres, v)
	if c < 0 {
		t.Fatalf("%s is not a centre", id)
	}
	return c
}

// centreCol returns the column of a [day][centre] table in agents for
// centre id, in people.
func centreCol(t *testing.T, r *sim.Result, tab [][]int64, id string) []int64 {
	t.Helper()
	return column(tab, centreIdx(t, r, id), r.Info.Scale)
}

// countryCol returns the column of a [day][country] table for a country.
func countryCol(t *testing.T, r *sim.Result, tab [][]int64, code string) []int64 {
	t.Helper()
	c := slices.Index(r.Countries, code)
	if c < 0 {
		t.Fatalf("no country %s", code)
	}
	return column(tab, c, r.Info.Scale)
}

// edgeCol returns the agents setting out each day along the edge a–b.
func edgeCol(t *testing.T, r *sim.Result, a, b string) []int64 {
	t.Helper()
	net := r.Network
	for e := range geo.EdgeID(net.NumEdges()) {
		ed := net.Edge(e)
		if u, v := net.Node(ed.From).ID, net.Node(ed.To).ID; u == a && v == b || u == b && v == a {
			return column(r.EdgeFlow, int(e), r.Info.Scale)
		}
	}
	t.Fatalf("no edge %s–%s", a, b)
	return nil
}

// column returns column k of a table in agents, in people at the given
// scale (agents per person).
func column(tab [][]int64, k int, scale float64) []int64 {
	out := make([]int64, len(tab))
	for d := range tab {
		out[d] = int64(math.Round(float64(tab[d][k]) / scale))
	}
	return out
}

// sum adds up a column.
func sum(col []int64) int64 {
	var n int64
	for _, v := range col {
		n += v
	}
	return n
}

// expect reports a column that differs from want over want's days.
func expect(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Errorf("%s by day = %v, want %v", what, got[:min(len(got), len(want))], want)
	}
}

// withinBinomial reports a count of successes in n trials of probability p
// that lies more than four standard errors from n·p.
func withinBinomial(t *testing.T, what string, k, n int64, p float64) {
	t.Helper()
	mean := float64(n) * p
	sd := math.Sqrt(float64(n) * p * (1 - p))
	if math.Abs(float64(k)-mean) > 4*sd {
		t.Errorf("%s: %d of %d (%.4f), want %.0f ± %.0f (p = %v, 4 standard errors)", what, k, n, float64(k)/float64(n), mean, 4*sd, p)
	}
}

// TestBorderAwareCrossingCapacity: a checked post lets through at most its
// daily capacity, in people, queues the rest first in, first out (agents
// reaching it on the same day in agent order) and carries the queue over.
//
// 250 people arrive near the post s-m (capacity 100 a day) on day 0 and 30
// on day 1; 40 who arrived on day 0 at the far entry ef, 500 km away, reach
// it on day 1, as do the 30. Everyone who arrived on day 0 heads for exit
// x1 and everyone from day 1 on for x2, so the road a person takes after
// the post shows when they passed: day 0's 250 first (100, 100, 50), then
// the far 40, which have lower agent numbers than day 1's 30, then those.
// The cohort engine has no agent numbers: the day's arrivals share what
// is left of the capacity in proportion (40:30), so day 1's 70 pass as
// 29 + 21 on day 2 and 11 + 9 on day 3.
//
// The capacity is in people whatever the scale: at scale 0.5 the post lets
// 50 agents (100 people) through a day, at scale 2 it lets 200 agents.
func TestBorderAwareCrossingCapacity(t *testing.T) {
	var n ruleNet
	n.node("en", "SRB", geo.Entry)
	n.node("ef", "SRB", geo.Entry)
	n.node("s", "SRB", geo.Town)
	n.node("m", "MKD", geo.Town)
	n.node("x1", "MKD", geo.Exit)
	n.node("x2", "MKD", geo.Exit)
	n.road("en", "s", 10)
	n.road("ef", "s", 500)
	n.crossing("s-m", "s", "m")
	n.road("m", "x1", 10)
	n.road("m", "x2", 10)
	net := n.build(t)
	for _, tc := range []struct {
		scale float64
	}{
		{1}, {0.5}, {2}, {10},
	} {
		t.Run(fmt.Sprintf("scale %v", tc.scale), func(t *testing.T) {
			r := runRule(t, net, ruleScenario{
				days: 7,
				arrivals: []string{
					fmt.Sprintf("{name: near, entry: en, daily: {%s: 250, %s: 30}}", ruleDate(t, 0), ruleDate(t, 1)),
					fmt.Sprintf("{name: far, entry: ef, daily: {%s: 40}}", ruleDate(t, 0)),
				},
				destinations: "[{exit: x1, share: 1}]",
				events: []string{
					fmt.Sprintf("{date: %s, crossing_capacity: {crossing: s-m, per_day: 100}}", ruleDate(t, 0)),
					fmt.Sprintf("{date: %s, destination_change: [{exit: x2, share: 1}]}", ruleDate(t, 1)),
				},
			}, tc.scale)
			expect(t, "arrived at s-m", postCol(t, r, r.Arrived, "s-m", "SRB"), []int64{250, 70, 0, 0, 0})
			expect(t, "passed s-m", postCol(t, r, r.Passed, "s-m", "SRB"), []int64{100, 100, 100, 20, 0})
			expect(t, "queue at s-m", postCol(t, r, r.Queue, "s-m", "SRB"), []int64{150, 120, 20, 0, 0})
			expect(t, "refused at s-m", postCol(t, r, r.Refused, "s-m", "SRB"), []int64{0, 0, 0, 0, 0})
			// Passed on day d, on the road to the exit on day d+1.
			x1, x2 := edgeCol(t, r, "m", "x1"), edgeCol(t, r, "m", "x2")
			if *engine == sim.EngineCohorts {
				// In proportion, to the agent (1/scale people, and a person
				// of rounding in each).
				tol := int64(math.Ceil(1/tc.scale)) + 1
				if abs(x1[3]+x2[3]-100) > 1 || abs(x1[4]+x2[4]-20) > 1 || abs(x1[3]-79) > tol || abs(x1[4]-11) > tol {
					t.Errorf("setting out m→x1 by day %v and m→x2 %v; want 100 then 20 split about 79:21 and 11:9", x1, x2)
				}
				x1[3], x1[4], x2[3], x2[4] = 90, 0, 10, 20
			}
			expect(t, "setting out m→x1 (arrived on day 0)", x1, []int64{0, 100, 100, 90, 0, 0})
			expect(t, "setting out m→x2 (arrived on day 1)", x2, []int64{0, 0, 0, 10, 20, 0})
		})
	}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// twoWays is a network with two ways from entry e to exit x: the short one
// through crossing s-m and one 50 km longer through s2-m2.
func twoWays(t *testing.T) *geo.Network {
	t.Helper()
	var n ruleNet
	n.node("e", "SRB", geo.Entry)
	n.node("s", "SRB", geo.Town)
	n.node("s2", "SRB", geo.Town)
	n.node("m", "MKD", geo.Town)
	n.node("m2", "MKD", geo.Town)
	n.node("x", "MKD", geo.Exit)
	n.road("e", "s", 10)
	n.road("s", "s2", 50)
	n.crossing("s-m", "s", "m")
	n.crossing("s2-m2", "s2", "m2")
	n.road("m", "x", 10)
	n.road("m2", "x", 10)
	return n.build(t)
}

// TestBorderAwareRefusal: a checked post refuses each person it processes
// with its refusal probability; a refused person routes around that
// crossing the next day while another way is open, and tries it again when
// none is.
func TestBorderAwareRefusal(t *testing.T) {
	const people, p = 4000, 0.3
	net := twoWays(t)
	for _, tc := range []struct {
		name        string
		closeOther  bool
		days        int
		wantAround  bool // refused people take the other crossing on day 1
		wantRetries bool // refused people try s-m again on day 1
	}{
		{name: "another way open", days: 4, wantAround: true},
		{name: "no other way", closeOther: true, days: 14, wantRetries: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ruleScenario{
				days:     tc.days,
				arrivals: []string{fmt.Sprintf("{entry: e, daily: {%s: %d}}", ruleDate(t, 0), people)},
				events:   []string{fmt.Sprintf("{date: %s, refusal_rate: {crossing: s-m, rate: %v}}", ruleDate(t, 0), p)},
			}
			if tc.closeOther {
				s.events = append(s.events, fmt.Sprintf("{date: %s, close_crossing: s2-m2}", ruleDate(t, 0)))
			}
			r := runRule(t, net, s, 1)
			arrived, refused := postCol(t, r, r.Arrived, "s-m", "SRB"), postCol(t, r, r.Refused, "s-m", "SRB")
			other := postCol(t, r, r.Arrived, "s2-m2", "SRB")
			if arrived[0] != people {
				t.Fatalf("%d people reached s-m on day 0, want all %d", arrived[0], people)
			}
			withinBinomial(t, "refused at s-m on day 0", refused[0], arrived[0], p)
			if tc.wantAround {
				expect(t, "arrived at s-m", arrived, []int64{people, 0, 0})
				expect(t, "arrived at s2-m2", other, []int64{0, refused[0], 0})
				expect(t, "passed s2-m2", postCol(t, r, r.Passed, "s2-m2", "SRB"), []int64{0, refused[0], 0})
			}
			if tc.wantRetries {
				expect(t, "arrived at s2-m2", other, make([]int64, tc.days))
				for d := 1; d < tc.days; d++ {
					if arrived[d] != refused[d-1] {
						t.Errorf("day %d: %d people at s-m, want the %d refused the day before", d, arrived[d], refused[d-1])
					}
				}
				withinBinomial(t, "refused at s-m over all tries", sum(refused), sum(arrived), p)
				if got := sum(postCol(t, r, r.Passed, "s-m", "SRB")); got != people {
					t.Errorf("%d people passed s-m in the end, want all %d", got, people)
				}
			}
			expect(t, "stranded in SRB", countryCol(t, r, r.Stranded, "SRB"), make([]int64, tc.days))
		})
	}
}

// TestBorderAwareInfoDelay: an agent that has not met a closure steers by
// the state of info_delay_days ago, one that has met it by today's.
//
// s-m is closed on days 3–5, and 100 people set out each day 0–9. Days 3
// and 4's still steer by days 1 and 2, reach the closed post and are turned
// back; having met the closure, they take s2-m2 the next day, while day 4's
// newcomers still head for s-m. Days 5–7's steer by days 3–5 and take
// s2-m2 from the start, though s-m has reopened on day 6; from day 8 on
// people take s-m again.
func TestBorderAwareInfoDelay(t *testing.T) {
	net := twoWays(t)
	daily := make([]string, 10)
	for d := range daily {
		daily[d] = fmt.Sprintf("%s: 100", ruleDate(t, d))
	}
	r := runRule(t, net, ruleScenario{
		days:     12,
		arrivals: []string{fmt.Sprintf("{entry: e, daily: {%s}}", strings.Join(daily, ", "))},
		params:   "{info_delay_days: 2}",
		events:   []string{fmt.Sprintf("{date: %s, end: %s, close_crossing: s-m}", ruleDate(t, 3), ruleDate(t, 5))},
	}, 1)
	expect(t, "arrived at s-m", postCol(t, r, r.Arrived, "s-m", "SRB"), []int64{100, 100, 100, 100, 100, 0, 0, 0, 100, 100, 0, 0})
	expect(t, "refused at s-m", postCol(t, r, r.Refused, "s-m", "SRB"), []int64{0, 0, 0, 100, 100, 0, 0, 0, 0, 0, 0, 0})
	expect(t, "arrived at s2-m2", postCol(t, r, r.Arrived, "s2-m2", "SRB"), []int64{0, 0, 0, 0, 100, 200, 100, 100, 0, 0, 0, 0})
	expect(t, "passed s2-m2", postCol(t, r, r.Passed, "s2-m2", "SRB"), []int64{0, 0, 0, 0, 100, 200, 100, 100, 0, 0, 0, 0})
}

// TestBorderAwareCentres: an agent registers at the first open centre of
// each country it reaches (at every one with needs_centre), stays
// rest_days, is turned away from a full centre (capacity × scale agents)
// and moves on the next day, and leaves a centre that closes. A
// registration point registers its registrations_per_day without a place
// (they move on the next day); the rest need a place, and one turned away
// there asks again the next day. People in transit do not ask at an asylum
// centre.
//
// From entry e the way runs through towns t1 and t2 in Serbia, each with a
// centre (c1, c2), across the border to m in North Macedonia with centre
// c3, and on to exit x; 50 people arrive on day 0.
func TestBorderAwareCentres(t *testing.T) {
	for _, tc := range []struct {
		name     string
		scale    float64
		capC1    int // places at c1; 0: unknown, no limit
		regC1    int // registrations per day at c1
		typeC1   string
		reg      []int64 // registered at c1, in people
		groups   string
		params   string
		events   []string // with %s for day 1's date
		days     int
		occ      map[string][]int64 // per centre, in people
		away     []int64            // turned away at c1, in people
		leaveC1  []int64            // setting out from t1 toward t2
		capacity []int64            // c1's capacity by day
	}{{
		name: "once per country",
		days: 5,
		occ:  map[string][]int64{"c1": {50, 0, 0, 0, 0}, "c2": {0, 0, 0, 0, 0}, "c3": {0, 0, 50, 0, 0}},
		away: []int64{0, 0, 0, 0, 0}, leaveC1: []int64{0, 50, 0, 0, 0},
	}, {
		name:   "needs_centre asks at every centre",
		groups: "[{name: families, share: 1, needs_centre: true}]",
		days:   6,
		occ:    map[string][]int64{"c1": {50, 0, 0, 0, 0, 0}, "c2": {0, 50, 0, 0, 0, 0}, "c3": {0, 0, 0, 50, 0, 0}},
	}, {
		name:    "rest_days",
		params:  "{rest_days: 3}",
		days:    7,
		occ:     map[string][]int64{"c1": {50, 50, 50, 0, 0, 0, 0}, "c2": {0, 0, 0, 0, 0, 0, 0}, "c3": {0, 0, 0, 0, 50, 50, 50}},
		leaveC1: []int64{0, 0, 0, 50, 0, 0, 0},
	}, {
		name: "full centre", scale: 1, capC1: 30, params: "{rest_days: 2}", days: 6,
		occ:  map[string][]int64{"c1": {30, 30, 0, 0, 0, 0}, "c2": {0, 0, 0, 0, 0, 0}, "c3": {0, 0, 20, 50, 30, 0}},
		away: []int64{20, 0, 0, 0, 0, 0}, leaveC1: []int64{0, 20, 30, 0, 0, 0},
	}, {
		name: "full centre at scale 2", scale: 2, capC1: 30, params: "{rest_days: 2}", days: 6,
		occ:  map[string][]int64{"c1": {30, 30, 0, 0, 0, 0}, "c3": {0, 0, 20, 50, 30, 0}},
		away: []int64{20, 0, 0, 0, 0, 0}, leaveC1: []int64{0, 20, 30, 0, 0, 0},
	}, {
		name: "full centre at scale 0.5", scale: 0.5, capC1: 30, params: "{rest_days: 2}", days: 6,
		occ:  map[string][]int64{"c1": {30, 30, 0, 0, 0, 0}, "c3": {0, 0, 20, 50, 30, 0}},
		away: []int64{20, 0, 0, 0, 0, 0}, leaveC1: []int64{0, 20, 30, 0, 0, 0},
	}, {
		name: "registration point", capC1: 10, regC1: 30, days: 5,
		occ:  map[string][]int64{"c1": {10, 0, 0, 0, 0}, "c2": {0, 0, 0, 0, 0}},
		away: []int64{10, 0, 0, 0, 0}, reg: []int64{30, 10, 0, 0, 0}, leaveC1: []int64{0, 40, 10, 0, 0},
	}, {
		name: "registration point at scale 0.5", scale: 0.5, capC1: 10, regC1: 30, days: 5,
		occ:  map[string][]int64{"c1": {10, 0, 0, 0, 0}},
		away: []int64{10, 0, 0, 0, 0}, reg: []int64{30, 10, 0, 0, 0}, leaveC1: []int64{0, 40, 10, 0, 0},
	}, {
		name: "registration point at scale 10", scale: 10, capC1: 10, regC1: 30, days: 5,
		occ:  map[string][]int64{"c1": {10, 0, 0, 0, 0}},
		away: []int64{10, 0, 0, 0, 0}, reg: []int64{30, 10, 0, 0, 0}, leaveC1: []int64{0, 40, 10, 0, 0},
	}, {
		name: "asylum centre", capC1: 10, typeC1: "asylum_centre", days: 5,
		occ:  map[string][]int64{"c1": {0, 0, 0, 0, 0}, "c2": {50, 0, 0, 0, 0}},
		away: []int64{0, 0, 0, 0, 0}, reg: []int64{0, 0, 0, 0, 0},
	}, {
		name: "closing centre", capC1: 80, params: "{rest_days: 3}",
		events:   []string{"{date: %s, close_centre: c1}"},
		days:     6,
		occ:      map[string][]int64{"c1": {50, 0, 0, 0, 0, 0}, "c2": {0, 0, 0, 0, 0, 0}, "c3": {0, 0, 50, 50, 50, 0}},
		leaveC1:  []int64{0, 50, 0, 0, 0, 0},
		capacity: []int64{80, 0, 0, 0, 0, 0},
	}, {
		name: "closing centre at scale 2", scale: 2, capC1: 80, params: "{rest_days: 3}",
		events:   []string{"{date: %s, close_centre: c1}"},
		days:     6,
		occ:      map[string][]int64{"c1": {50, 0, 0, 0, 0, 0}, "c3": {0, 0, 50, 50, 50, 0}},
		leaveC1:  []int64{0, 50, 0, 0, 0, 0},
		capacity: []int64{80, 0, 0, 0, 0, 0},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var n ruleNet
			n.node("e", "SRB", geo.Entry)
			n.node("t1", "SRB", geo.Town)
			n.node("t2", "SRB", geo.Town)
			n.node("m", "MKD", geo.Town)
			n.node("x", "MKD", geo.Exit)
			n.road("e", "t1", 10)
			n.road("t1", "t2", 10)
			n.crossing("t2-m", "t2", "m")
			n.road("m", "x", 10)
			n.centreInfo("c1", "t1", geo.CentreInfo{Capacity: tc.capC1, RegistrationsPerDay: tc.regC1, Type: tc.typeC1})
			n.centre("c2", "t2", 0)
			n.centre("c3", "m", 0)
			s := ruleScenario{
				days:     tc.days,
				arrivals: []string{fmt.Sprintf("{entry: e, daily: {%s: 50}}", ruleDate(t, 0))},
				groups:   tc.groups,
				params:   tc.params,
			}
			for _, ev := range tc.events {
				s.events = append(s.events, fmt.Sprintf(ev, ruleDate(t, 1)))
			}
			r := runRule(t, n.build(t), s, tc.scale)
			for _, c := range []string{"c1", "c2", "c3"} {
				if want, ok := tc.occ[c]; ok {
					expect(t, "occupancy of "+c, centreCol(t, r, r.Occupancy, c), want)
				}
			}
			if tc.away != nil {
				expect(t, "turned away at c1", centreCol(t, r, r.TurnedAway, "c1"), tc.away)
			}
			if tc.reg != nil {
				expect(t, "registered at c1", centreCol(t, r, r.Registered, "c1"), tc.reg)
			}
			if tc.leaveC1 != nil {
				expect(t, "setting out t1→t2", edgeCol(t, r, "t1", "t2"), tc.leaveC1)
			}
			if tc.capacity != nil {
				// Capacity is in people already.
				expect(t, "capacity of c1", column(r.Capacity, centreIdx(t, r, "c1"), 1), tc.capacity)
			}
		})
	}
}

// TestBorderAwareStranding: an agent with no open way to its exit stays
// where it is, counted as stranded in the country it is in, and moves
// again when a way opens (for one that has not met the closure,
// info_delay_days after it opens).
//
// The way runs from entry e in Serbia through s-m into North Macedonia and
// through n-a into Albania, to exit x.
func TestBorderAwareStranding(t *testing.T) {
	var n ruleNet
	n.node("e", "SRB", geo.Entry)
	n.node("s", "SRB", geo.Town)
	n.node("m", "MKD", geo.Town)
	n.node("n", "MKD", geo.Town)
	n.node("a", "ALB", geo.Town)
	n.node("x", "ALB", geo.Exit)
	n.road("e", "s", 10)
	n.crossing("s-m", "s", "m")
	n.road("m", "n", 10)
	n.crossing("n-a", "n", "a")
	n.road("a", "x", 10)
	net := n.build(t)

	t.Run("stranded in the country it is in", func(t *testing.T) {
		// 40 people pass s-m on day 0; n-a is closed on days 1–4. With no
		// delay, they stay at m in North Macedonia on days 1–4 and go on
		// on day 5.
		r := runRule(t, net, ruleScenario{
			days:     8,
			arrivals: []string{fmt.Sprintf("{entry: e, daily: {%s: 40}}", ruleDate(t, 0))},
			params:   "{info_delay_days: 0}",
			events:   []string{fmt.Sprintf("{date: %s, end: %s, close_crossing: n-a}", ruleDate(t, 1), ruleDate(t, 4))},
		}, 1)
		expect(t, "stranded in MKD", countryCol(t, r, r.Stranded, "MKD"), []int64{0, 40, 40, 40, 40, 0, 0, 0})
		expect(t, "stranded in SRB", countryCol(t, r, r.Stranded, "SRB"), make([]int64, 8))
		expect(t, "present in MKD", countryCol(t, r, r.Present, "MKD"), []int64{40, 40, 40, 40, 40, 0, 0, 0})
		expect(t, "setting out m→n", edgeCol(t, r, "m", "n"), []int64{0, 0, 0, 0, 0, 40, 0, 0})
		expect(t, "arrived at n-a", postCol(t, r, r.Arrived, "n-a", "MKD"), []int64{0, 0, 0, 0, 0, 40, 0, 0})
		expect(t, "passed n-a", postCol(t, r, r.Passed, "n-a", "MKD"), []int64{0, 0, 0, 0, 0, 40, 0, 0})
	})

	t.Run("met the closure or not", func(t *testing.T) {
		// s-m is closed on days 1–4 (info_delay_days 2). Day 1's 40 steer
		// by day 0, meet the closed post and are stranded at s from day 2;
		// knowing today's state, they go on on day 5. Day 3's 30 steer by
		// day 1: stranded at e from the start, they learn of the
		// reopening on day 7.
		r := runRule(t, net, ruleScenario{
			days: 9,
			arrivals: []string{
				fmt.Sprintf("{entry: e, daily: {%s: 40, %s: 30}}", ruleDate(t, 1), ruleDate(t, 3)),
			},
			params: "{info_delay_days: 2}",
			events: []string{fmt.Sprintf("{date: %s, end: %s, close_crossing: s-m}", ruleDate(t, 1), ruleDate(t, 4))},
		}, 1)
		expect(t, "refused at s-m", postCol(t, r, r.Refused, "s-m", "SRB"), []int64{0, 40, 0, 0, 0, 0, 0, 0, 0})
		expect(t, "stranded in SRB", countryCol(t, r, r.Stranded, "SRB"), []int64{0, 0, 40, 70, 70, 30, 30, 0, 0})
		expect(t, "setting out e→s", edgeCol(t, r, "e", "s"), []int64{0, 40, 0, 0, 0, 0, 0, 30, 0})
		expect(t, "passed s-m", postCol(t, r, r.Passed, "s-m", "SRB"), []int64{0, 0, 0, 0, 0, 40, 0, 30, 0})
	})
}
