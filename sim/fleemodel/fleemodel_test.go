package fleemodel_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/fleemodel"
)

const mali = "../../testdata/flee/mali2012"

func readMali(t testing.TB) *flee.Scenario {
	t.Helper()
	fs, err := flee.Read(mali)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestFleeConservation runs mali2012 with the daily check: every agent is
// at a location or on a link, and the tables agree with the agents.
func TestFleeConservation(t *testing.T) { eachEngine(t, fleeConservation) }

func fleeConservation(t *testing.T, eng string) {
	fs := readMali(t)
	r, err := fleemodel.Run(context.Background(), fs, sim.Options{Workers: 2, Check: true, Engine: eng})
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.Agents != 89991 {
		t.Errorf("%d agents, want 89,991 (Flee's total for mali2012)", r.Info.Agents)
	}
	last := r.Days() - 1
	var present int64
	for _, c := range []string{"MLI", "BFA", "NER", "MRT"} {
		cd, ok := r.Country(last, c)
		if !ok {
			t.Fatalf("no country %s", c)
		}
		present += cd.Present
	}
	if present != int64(r.Info.Agents) {
		t.Errorf("%d people present on the last day, want %d", present, r.Info.Agents)
	}
}

// TestFleeWorkersGiveIdenticalOutput runs mali2012 with 1, 2 and 8
// workers and compares every output file but the summary's timing.
func TestFleeWorkersGiveIdenticalOutput(t *testing.T) { eachEngine(t, fleeWorkersGiveIdenticalOutput) }

func fleeWorkersGiveIdenticalOutput(t *testing.T, eng string) {
	fs := readMali(t)
	var first *sim.Result
	for _, w := range []int{1, 2, 8} {
		r, err := fleemodel.Run(context.Background(), fs, sim.Options{Workers: w, Engine: eng})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = r
			continue
		}
		if !sameTables(first, r) {
			t.Errorf("tables differ between 1 and %d workers", w)
		}
	}
}

// TestFleeClosures checks mali2012's closures.csv: Mali's borders with
// Burkina Faso (days 0–21) and Niger (days 0–32) let nobody through while
// closed, and people cross both once they open.
func TestFleeClosures(t *testing.T) { eachEngine(t, fleeClosures) }

func fleeClosures(t *testing.T, eng string) {
	fs := readMali(t)
	r, err := fleemodel.Run(context.Background(), fs, sim.Options{Workers: 2, Engine: eng})
	if err != nil {
		t.Fatal(err)
	}
	net := r.Network
	for _, c := range []struct {
		to   string
		open int
	}{{"BFA", 22}, {"NER", 33}} {
		var before, after int64
		for _, x := range net.CrossingsBetween("MLI", c.to) {
			for d := range r.Days() {
				p := r.Crossing(d, x, "MLI")
				if d < c.open {
					before += p.Passed
				} else {
					after += p.Passed
				}
			}
		}
		if before != 0 || after == 0 {
			t.Errorf("Mali → %s: %d passed while closed, %d after day %d", c.to, before, after, c.open)
		}
	}
}

// BenchmarkFleeMali runs mali2012 under Flee's rules (89,991 agents, 300
// days) with each engine; Flee itself takes 60–75 s for it.
func BenchmarkFleeMali(b *testing.B) {
	fs := readMali(b)
	for _, eng := range []string{sim.EngineAgents, sim.EngineCohorts} {
		b.Run(eng, func(b *testing.B) {
			var days int64
			for b.Loop() {
				r, err := fleemodel.Run(context.Background(), fs, sim.Options{Engine: eng})
				if err != nil {
					b.Fatal(err)
				}
				days = r.AgentDays
			}
			b.ReportMetric(float64(days)*float64(b.N)/b.Elapsed().Seconds()/1e6, "M-agent-days/s")
		})
	}
}

// TestFleeRefusesUnsupportedRules runs FabFlee's bangladesh flood scenario:
// its flood rules are not implemented, so the run is refused with the
// settings named; without them the folder runs as it is.
func TestFleeRefusesUnsupportedRules(t *testing.T) {
	fs, err := flee.Read("../../testdata/flee/bangladesh")
	if err != nil {
		t.Fatal(err)
	}
	_, err = fleemodel.Run(context.Background(), fs, sim.Options{})
	if err == nil || !strings.Contains(err.Error(), "simsetting.yml") || !strings.Contains(err.Error(), "spawn_rules.flood_driven_spawning (flood-driven spawning)") {
		t.Fatalf("Run(bangladesh) = %v, want a refusal naming the flood settings", err)
	}
	fs.Settings = nil // Flee's defaults
	r, err := fleemodel.Run(context.Background(), fs, sim.Options{Workers: 2, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	obs, err := fs.ObservedCamps()
	if err != nil {
		t.Fatal(err)
	}
	var day0 int
	for _, v := range obs {
		day0 += v[0]
	}
	if r.Info.Agents < day0 || r.Days() != fs.Period.Days {
		t.Errorf("%d agents over %d days; want at least the camps' %d on day 0, over %d days", r.Info.Agents, r.Days(), day0, fs.Period.Days)
	}
}

// TestFleeBadWalkProbability checks that a walk_probability column (an
// extra column of routes.csv) outside 0–1 is refused with its line.
func TestFleeBadWalkProbability(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mali")
	if err := os.CopyFS(dir, os.DirFS(mali)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "input_csv", "routes.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	lines[0] += ",walk_probability"
	for i := 1; i < len(lines); i++ {
		lines[i] += ",0.1"
	}
	lines[2] = strings.TrimSuffix(lines[2], "0.1") + "often"
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, err := flee.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fleemodel.Run(context.Background(), fs, sim.Options{})
	if err == nil || !strings.Contains(err.Error(), `routes.csv:3: Mopti–Mentao: walk_probability "often"`) {
		t.Errorf("Run = %v, want routes.csv:3 named", err)
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
