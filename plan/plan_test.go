package plan

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sweep"
)

// twoCentres is a road from Serbia into Croatia with a centre in each: A
// (10 places) on the Serbian side, B (50) on the Croatian. A hundred people
// arrive a day and ask at both (one centre per country), so A turns away
// about 90 a day and B about 50: a hundred beds cut the most at A.
func twoCentres(t *testing.T) *scenarios.Scenario {
	t.Helper()
	type f = map[string]any
	point := func(id, kind, country string, lon, lat float64, extra f) f {
		p := f{"id": id, "name": id, "kind": kind, "country": country}
		for k, v := range extra {
			p[k] = v
		}
		return f{"type": "Feature", "properties": p, "geometry": f{"type": "Point", "coordinates": []float64{lon, lat}}}
	}
	pts := map[string][2]float64{"entry": {19.6, 45.2}, "a-town": {19.4, 45.2}, "a-centre": {19.4, 45.25}, "b-side": {19.0, 45.2}, "b-centre": {19.0, 45.25}, "exit": {18.6, 45.2}}
	line := func(a, b string, km float64, extra f) f {
		p := f{"from": a, "to": b, "km": km, "class": "main"}
		for k, v := range extra {
			p[k] = v
		}
		return f{"type": "Feature", "properties": p, "geometry": f{"type": "LineString", "coordinates": [][2]float64{pts[a], pts[b]}}}
	}
	fc := f{"type": "FeatureCollection", "features": []f{
		point("entry", "entry", "SRB", pts["entry"][0], pts["entry"][1], nil),
		point("a-town", "town", "SRB", pts["a-town"][0], pts["a-town"][1], nil),
		point("a-centre", "centre", "SRB", pts["a-centre"][0], pts["a-centre"][1], f{"centre_type": "reception_centre", "capacity": 10}),
		point("b-side", "town", "HRV", pts["b-side"][0], pts["b-side"][1], nil),
		point("b-centre", "centre", "HRV", pts["b-centre"][0], pts["b-centre"][1], f{"centre_type": "reception_centre", "capacity": 50}),
		point("exit", "exit", "HRV", pts["exit"][0], pts["exit"][1], nil),
		line("entry", "a-town", 20, nil),
		line("a-town", "a-centre", 3, nil),
		line("a-town", "b-side", 30, f{"crossing": "a-b", "crossing_name": "A – B"}),
		line("b-side", "b-centre", 3, nil),
		line("b-side", "exit", 30, nil),
	}}
	dir := t.TempDir()
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "two.geojson"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	yaml := []byte(`name: two-centres
period: {start: 2015-09-01, end: 2015-09-20}
network: two.geojson
arrivals: [{entry: entry, monthly: {2015-09: 3000}}]
destinations: [{exit: exit, share: 1}]
`)
	s, err := scenarios.Load(yaml, filepath.Join(dir, "two.yaml"), dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestPlanFindsTheBottleneck: a hundred beds cut the most at A, and the
// greedy split of them gives A the first part too.
func TestPlanFindsTheBottleneck(t *testing.T) {
	s := twoCentres(t)
	p, err := Run(context.Background(), s, Options{What: Beds, Amount: 100, Steps: 2, Replicates: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Ranked) != 2 {
		t.Fatalf("%d candidates, want both centres: %+v", len(p.Ranked), p.Ranked)
	}
	for _, c := range p.Ranked {
		t.Logf("%s: turned away %.0f → %.0f (−%.0f, band %.0f – %.0f); at the centre %.0f → %.0f", c.ID, c.Before, c.After, c.Reduction, c.ReductionP05, c.ReductionP95, c.PlaceBefore, c.PlaceAfter)
	}
	best, next := p.Ranked[0], p.Ranked[1]
	if best.ID != "a-centre" || !(best.ReductionP05 > next.ReductionP95) {
		t.Errorf("ranked %s first (band %.0f – %.0f) over %s (band %.0f – %.0f); want a-centre, clearly", best.ID, best.ReductionP05, best.ReductionP95, next.ID, next.ReductionP05, next.ReductionP95)
	}
	if len(p.Greedy) != 2 || p.Greedy[0].ID != "a-centre" {
		t.Errorf("greedy %+v: want two steps, the first to a-centre", p.Greedy)
	}
	if _, err := Run(context.Background(), s, Options{What: "nurses", Amount: 3}); err == nil {
		t.Error("an unknown kind of addition was planned")
	}
}

// TestPlanPage: the page lists every candidate, escapes the names, and
// draws the loads before and after.
func TestPlanPage(t *testing.T) {
	p := &Plan{Scenario: "s", What: Beds, Amount: 2000, Replicates: 3, Metric: "people turned away", Baseline: 1000,
		Ranked: []Choice{{Kind: "centre", ID: "x", Name: `<script>alert(1)</script>`, Reduction: 500, PlaceBefore: 600, PlaceAfter: 100}}}
	var b strings.Builder
	if err := WriteHTML(&b, p); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") || !strings.Contains(page, "width: 240px") || !strings.Contains(page, "2,000 more beds") {
		t.Errorf("the page does not escape the name, draw the bars or state the addition:\n%s", page)
	}
}

// TestPlanAsSweep: the plan run as a sweep (its candidates as event sets,
// common seeds) in two shards ranks the placements exactly as the plan
// on one machine does.
func TestPlanAsSweep(t *testing.T) {
	s := twoCentres(t)
	opts := Options{What: Beds, Amount: 100, Replicates: 4, Seed: 1}
	here, err := Run(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	f, err := SweepFile(context.Background(), s, "two.yaml", opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.EventSets) != 3 || !f.CommonSeeds {
		t.Fatalf("the plan's sweep: %+v; want as-is and the two centres, with common seeds", f)
	}
	sw, err := sweep.New(f, s, filepath.Dir(s.Source), "plan.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i := range 2 {
		if _, err := sw.Run(context.Background(), dir, sweep.Shard{Index: i, Count: 2}, sweep.Options{Workers: 2}); err != nil {
			t.Fatal(err)
		}
	}
	items, err := sweep.ReadItems(dir)
	if err != nil {
		t.Fatal(err)
	}
	there, err := FromItems(items)
	if err != nil {
		t.Fatal(err)
	}
	if len(there.Ranked) != len(here.Ranked) {
		t.Fatalf("the sweep ranks %d places, the plan %d", len(there.Ranked), len(here.Ranked))
	}
	for i := range here.Ranked {
		a, b := here.Ranked[i], there.Ranked[i]
		if a.ID != b.ID || a.Reduction != b.Reduction || a.ReductionP05 != b.ReductionP05 || a.PlaceAfter != b.PlaceAfter {
			t.Errorf("rank %d: here %s −%v (%v), as a sweep %s −%v (%v)", i+1, a.ID, a.Reduction, a.ReductionP05, b.ID, b.Reduction, b.ReductionP05)
		}
	}
}

// TestPlanBudget: a budget buys beds at their cost: 100 units at 2 a bed
// are 50 beds, still best at A.
func TestPlanBudget(t *testing.T) {
	p, err := Run(context.Background(), twoCentres(t), Options{What: Budget, Amount: 100, BedCost: 2, Replicates: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Ranked) == 0 || p.Ranked[0].ID != "a-centre" || p.Ranked[0].Amount != 50 || p.Metric != "nights turned away and person-days queued" {
		t.Errorf("budget plan %+v: want a-centre first with 50 beds", p)
	}
}
