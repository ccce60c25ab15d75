package borderaware_test

import (
	"context"
	"flag"
	"math"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// engine is the engine the tests run: with -engine, that one; without,
// TestMain runs every test under each engine in turn (the equivalence
// test, which runs both, only once).
var engine = flag.String("engine", "", "engine the tests run: cohorts or agents (default: both in turn)")

func TestMain(m *testing.M) {
	flag.Parse()
	if *engine != "" || flag.Lookup("test.bench").Value.String() != "" {
		// One engine asked for, or benchmarks (which compare both).
		os.Exit(m.Run())
	}
	for _, e := range []string{sim.EngineCohorts, sim.EngineAgents} {
		*engine = e
		if code := m.Run(); code != 0 {
			os.Exit(code)
		}
	}
	os.Exit(0)
}

// runs caches runs of built-in scenarios shared by the tests.
var runs sync.Map

func runBuiltin(t *testing.T, name string, opts sim.Options) *sim.Result {
	t.Helper()
	type key struct {
		name, engine string
		workers      int
		scale        float64
	}
	k := key{name, *engine, opts.Workers, opts.Scale}
	if r, ok := runs.Load(k); ok {
		return r.(*sim.Result)
	}
	s, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	opts.Check = true
	opts.Engine = *engine
	r, err := borderaware.Run(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	runs.Store(k, r)
	return r
}

func day(t *testing.T, r *sim.Result, date string) int {
	t.Helper()
	d, err := scenarios.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	return int(d - r.Info.Start)
}

// sumEntries adds a country's entries over the days [from, to].
func sumEntries(t *testing.T, r *sim.Result, country, from, to string) int64 {
	t.Helper()
	var n int64
	for d := day(t, r, from); d <= day(t, r, to); d++ {
		cd, ok := r.Country(d, country)
		if !ok {
			t.Fatalf("no country %s", country)
		}
		n += cd.Entries
	}
	return n
}

// TestConservation runs every built-in scenario at a tenth of its size with
// the daily check on: every day, the agents that arrived are exactly those
// moving, queued, in centres, stranded or gone, and presence by country
// adds up.
func TestConservation(t *testing.T) {
	for _, name := range scenarios.Builtins() {
		r := runBuiltin(t, name, sim.Options{Workers: 3, Scale: 0.1})
		if len(r.StateCounts) != r.Days() {
			t.Errorf("%s: checked %d of %d days", name, len(r.StateCounts), r.Days())
		}
		last := r.StateCounts[len(r.StateCounts)-1]
		var sum int64
		for _, n := range last {
			sum += n
		}
		if sum != int64(r.Info.Agents) {
			t.Errorf("%s: %d agents at the end, %d simulated", name, sum, r.Info.Agents)
		}
	}
}

// TestWorkersGiveIdenticalOutput is the determinism contract: the same seed
// gives identical tables with 1, 2 and 8 workers (and so byte-identical
// run folders: runfolder's tests check the files).
func TestWorkersGiveIdenticalOutput(t *testing.T) {
	first := runBuiltin(t, "balkan-route-2015", sim.Options{Workers: 1, Scale: 0.25})
	for _, w := range []int{2, 8} {
		r := runBuiltin(t, "balkan-route-2015", sim.Options{Workers: w, Scale: 0.25})
		if !sameTables(first, r) {
			t.Errorf("tables differ between 1 and %d workers", w)
		}
	}
}

// sameTables reports whether two runs' tables are identical: everything
// but the time they took, the workers they used and the network (built
// anew by each run; runfolder's tests compare it as written), which the
// run folder's writer turns into byte-identical files.
func sameTables(a, b *sim.Result) bool {
	x, y := *a, *b
	x.Info.Wall, y.Info.Wall = 0, 0
	x.Info.Workers, y.Info.Workers = 0, 0
	x.Network, y.Network = nil, nil
	return reflect.DeepEqual(x, y)
}

// TestBalkanRoute2015 checks what the default scenario must show, on its
// output tables. Tolerances: the flow is stated as shares of a country's
// entries over a window of days, so a day's timing and the random route
// choices do not matter; the thresholds are far from what the rules give
// (a closed border lets nobody through; an open one carries the flow).
func TestBalkanRoute2015(t *testing.T) {
	r := runBuiltin(t, "balkan-route-2015", sim.Options{Workers: 2, Scale: 0.25})
	x := func(id string) geo.CrossingID {
		c, ok := r.Network.CrossingByID(id)
		if !ok {
			t.Fatalf("no crossing %s", id)
		}
		return c
	}
	passed := func(id, from, start, end string) int64 {
		var n int64
		for d := day(t, r, start); d <= day(t, r, end); d++ {
			n += r.Crossing(d, x(id), from).Passed
		}
		return n
	}
	// Before 15 Sep nearly all flow into Hungary comes from Serbia.
	fromSRB := passed("horgos-roszke", "SRB", "2015-08-01", "2015-09-14") + passed("kelebija-tompa", "SRB", "2015-08-01", "2015-09-14")
	intoHUN := sumEntries(t, r, "HUN", "2015-08-01", "2015-09-14")
	if intoHUN == 0 || float64(fromSRB) < 0.9*float64(intoHUN) {
		t.Errorf("before 15 Sep: %d of %d entries into Hungary from Serbia, want at least 90%%", fromSRB, intoHUN)
	}
	// From 16–17 Sep it diverts into Croatia.
	if n := passed("horgos-roszke", "SRB", "2015-09-16", "2015-10-31") + passed("kelebija-tompa", "SRB", "2015-09-16", "2015-10-31"); n != 0 {
		t.Errorf("%d people crossed from Serbia into Hungary after the closure", n)
	}
	before := sumEntries(t, r, "HRV", "2015-09-01", "2015-09-14")
	after := sumEntries(t, r, "HRV", "2015-09-17", "2015-09-30")
	if after < 5*before+1000 {
		t.Errorf("Croatia's entries: %d in 1–14 Sep, %d in 17–30 Sep; want the flow to divert into Croatia", before, after)
	}
	// From 17–18 Oct Hungary's entries drop to near zero and Slovenia's rise.
	hunOct := sumEntries(t, r, "HUN", "2015-10-19", "2015-11-15")
	hunSep := sumEntries(t, r, "HUN", "2015-09-20", "2015-10-15")
	if float64(hunOct) > 0.02*float64(hunSep) {
		t.Errorf("Hungary's entries 19 Oct – 15 Nov: %d (vs %d before), want near zero", hunOct, hunSep)
	}
	svnBefore := sumEntries(t, r, "SVN", "2015-09-20", "2015-10-15")
	svnAfter := sumEntries(t, r, "SVN", "2015-10-19", "2015-11-15")
	if svnAfter < 5*svnBefore+1000 {
		t.Errorf("Slovenia's entries: %d before, %d after 17 Oct; want them to rise", svnBefore, svnAfter)
	}
	// After 9 March 2016 people accumulate at the Greek–North Macedonian border.
	grc := func(date string) int64 { c, _ := r.Country(day(t, r, date), "GRC"); return c.Present }
	if a, b := grc("2016-03-10"), grc("2016-03-31"); b <= a || b < 10000 {
		t.Errorf("people in Greece: %d on 10 Mar, %d on 31 Mar 2016; want them to accumulate", a, b)
	}
	var refusedAtIdomeni int64
	for d := day(t, r, "2016-03-09"); d < r.Days(); d++ {
		refusedAtIdomeni += r.Crossing(d, x("idomeni-gevgelija"), "GRC").Refused + r.Crossing(d, x("evzoni-bogorodica"), "GRC").Refused
	}
	if refusedAtIdomeni == 0 {
		t.Error("nobody turned back at the Greek–North Macedonian border after 9 Mar 2016")
	}
}

// TestNoFenceKeepsHungary: without the Hungarian closures the flow keeps
// going through Hungary.
func TestNoFenceKeepsHungary(t *testing.T) {
	r := runBuiltin(t, "balkan-route-2015-no-fence", sim.Options{Workers: 2, Scale: 0.25})
	fenced := runBuiltin(t, "balkan-route-2015", sim.Options{Workers: 2, Scale: 0.25})
	nf := sumEntries(t, r, "HUN", "2015-10-19", "2015-12-31")
	f := sumEntries(t, fenced, "HUN", "2015-10-19", "2015-12-31")
	if nf < 100000 || nf < 10*f {
		t.Errorf("Hungary's entries 19 Oct – 31 Dec: %d without the fence, %d with it", nf, f)
	}
}

// TestGroupsNeedingCentres: a group that needs centre places asks at every
// centre town on its way, so it fills centres more than single adults do.
func TestGroupsNeedingCentres(t *testing.T) {
	src := `name: groups
period: {start: 2015-09-01, end: 2015-10-15}
arrivals: [{entry: mytilene, daily: {2015-09-01: 2000, 2015-09-02: 2000}}]
destinations: [{exit: passau, share: 1}]
groups: [{name: families, share: 0.5, needs_centre: true, walk_km_per_day: 15}]
`
	s, err := scenarios.Load([]byte(src), "groups.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := borderaware.Run(context.Background(), s, sim.Options{Workers: 2, Check: true, Engine: *engine})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := scenarios.Load([]byte(strings.Replace(src, "needs_centre: true", "needs_centre: false", 1)), "plain.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	q, err := borderaware.Run(context.Background(), plain, sim.Options{Workers: 2, Check: true, Engine: *engine})
	if err != nil {
		t.Fatal(err)
	}
	total := func(r *sim.Result) (n int64) {
		for d := range r.Occupancy {
			for _, o := range r.Occupancy[d] {
				n += o
			}
		}
		return n
	}
	if a, b := total(r), total(q); a <= b {
		t.Errorf("centre nights: %d with families needing centres, %d without; want more", a, b)
	}
}

// TestSpawnKeepsEveryPerson: a run simulates exactly the scenario's people
// × scale, rounded once over all streams and entries, not the sum of each
// entry's own rounding (which lost one of balkan-route-2015's 971,156
// people at scale 1).
func TestSpawnKeepsEveryPerson(t *testing.T) {
	for _, c := range []struct {
		name  string
		scale float64
	}{
		{"balkan-route-2015", 1},
		{"balkan-route-2015", 0.25},
		{"bih-route-2018-2021", 0.1},
		{"bulgaria-surge", 0.1},
	} {
		s, err := scenarios.Builtin(c.name)
		if err != nil {
			t.Fatal(err)
		}
		var people float64
		for i := range s.Streams {
			people += s.Streams[i].Total()
		}
		r := runBuiltin(t, c.name, sim.Options{Workers: 2, Scale: c.scale})
		if want := int(math.Round(people * c.scale)); r.Info.Agents != want {
			t.Errorf("%s at scale %v: %d agents for %.2f people, want %d", c.name, c.scale, r.Info.Agents, people, want)
		}
	}
}

// TestBalkanRoute2015Centres: in the default scenario no centre holds,
// registers or turns away anyone on a day it was not open (by the
// network's dates, unless an event of the scenario opens or closes it);
// registration points register the flow, so that Preševo turns away a
// small share of the people entering Serbia; and Horgoš–Röszke, not
// Kelebija–Tompa, carries most of the crossings from Serbia into Hungary
// before 15 September 2015, as the Röszke collection point did.
func TestBalkanRoute2015Centres(t *testing.T) {
	r := runBuiltin(t, "balkan-route-2015", sim.Options{Workers: 2, Scale: 0.25})
	s, err := scenarios.Builtin("balkan-route-2015")
	if err != nil {
		t.Fatal(err)
	}
	byEvent := map[string]bool{}
	for _, ev := range s.File.Events {
		byEvent[ev.OpenCentre], byEvent[ev.CloseCentre] = true, true
	}
	for c, v := range r.Centres {
		n := r.Network.Node(v)
		for d := range r.Days() {
			date := r.Info.Start + scenarios.Date(d)
			st, _ := s.Timeline.Centre(date, v)
			used := r.Occupancy[d][c] > 0 || r.Registered[d][c] > 0 || r.TurnedAway[d][c] > 0
			if used && !st.Open {
				t.Errorf("%s on %v: %d present, %d registered, %d turned away, but closed", n.ID, date, r.Occupancy[d][c], r.Registered[d][c], r.TurnedAway[d][c])
			}
			if !byEvent[n.ID] && st.Open != n.Centre.Operating(date.Time()) {
				t.Errorf("%s on %v: open %v, but its dates (%v – %v) say %v", n.ID, date, st.Open, n.Centre.Opened, n.Centre.Closed, !st.Open)
			}
		}
	}
	presevo := -1
	for c, v := range r.Centres {
		if r.Network.Node(v).ID == "presevo-rc" {
			presevo = c
		}
	}
	if presevo < 0 {
		t.Fatal("no centre presevo-rc")
	}
	var away, reg int64
	for d := range r.Days() {
		away += r.TurnedAway[d][presevo]
		reg += r.Registered[d][presevo]
	}
	srb := sumEntries(t, r, "SRB", "2015-06-01", "2016-03-31")
	if away := r.People(away); float64(away) > 0.02*float64(srb) {
		t.Errorf("Preševo turned away %d of the %d people entering Serbia, want at most 2%%", away, srb)
	}
	if reg := r.People(reg); float64(reg) < 0.5*float64(srb) {
		t.Errorf("Preševo registered %d of the %d people entering Serbia, want most of them", reg, srb)
	}
	x := func(id string) geo.CrossingID {
		c, ok := r.Network.CrossingByID(id)
		if !ok {
			t.Fatalf("no crossing %s", id)
		}
		return c
	}
	var horgos, all int64
	for d := day(t, r, "2015-06-01"); d <= day(t, r, "2015-09-14"); d++ {
		horgos += r.Crossing(d, x("horgos-roszke"), "SRB").Passed
	}
	for p, pt := range r.Posts {
		if r.Countries[pt.From] == "SRB" && r.Countries[pt.To] == "HUN" {
			for d := day(t, r, "2015-06-01"); d <= day(t, r, "2015-09-14"); d++ {
				all += r.Passed[d][p]
			}
		}
	}
	if all == 0 || float64(horgos) < 0.5*float64(all) {
		t.Errorf("before 15 Sep 2015 Horgoš–Röszke carried %d of the %d people crossing from Serbia into Hungary, want most", r.People(horgos), r.People(all))
	}
}

// modelWithoutTables is BorderAware behind another type, so that the
// engine decides at every node through the Model interface instead of
// looking up the one way on from nodes with nothing to decide.
type modelWithoutTables struct{ borderaware.BorderAware }

// TestOneWayTablesChangeNothing runs every built-in scenario with the
// agent engine (the one that uses the tables) under BorderAware and under
// a wrapper that hides it: the tables must give the same run, draw for
// draw.
func TestOneWayTablesChangeNothing(t *testing.T) {
	for _, name := range scenarios.Builtins() {
		t.Run(name, func(t *testing.T) {
			s, err := scenarios.Builtin(name)
			if err != nil {
				t.Fatal(err)
			}
			opts := sim.Options{Scale: 0.05, Workers: 2, Engine: sim.EngineAgents}
			with, err := borderaware.Run(context.Background(), s, opts)
			if err != nil {
				t.Fatal(err)
			}
			without, err := borderaware.RunModel(context.Background(), s, opts, modelWithoutTables{})
			if err != nil {
				t.Fatal(err)
			}
			if !sameTables(with, without) {
				t.Errorf("the one-way tables change the run")
			}
		})
	}
}
