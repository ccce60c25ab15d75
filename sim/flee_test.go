package sim_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/score"
	"github.com/borderflow/borderflow/sim"
)

const mali = "../testdata/flee/mali2012"

func readMali(t testing.TB) *flee.Scenario {
	t.Helper()
	fs, err := flee.Read(mali)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// scoreFlee writes r to a run folder and scores it against the scenario's
// observations, as `borderflow score DIR --observed SCENARIO` does.
func scoreFlee(t testing.TB, fs *flee.Scenario, r *sim.Result) *score.Score {
	t.Helper()
	dir := t.TempDir()
	if err := runfolder.Write(dir, r, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := runfolder.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := score.FromFlee(fs)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := score.Compute(score.FromRun(d, false), obs)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestFleeConservation runs mali2012 with the daily check: every agent is
// at a location or on a link, and the tables agree with the agents.
func TestFleeConservation(t *testing.T) {
	fs := readMali(t)
	r, err := sim.RunFlee(context.Background(), fs, sim.Options{Workers: 2, Check: true})
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

// TestFleeMaliARD is the validation target: over 10 replicates, the mean
// ARD of mali2012 under Flee's rules is within 0.05 of Flee's own (0.347,
// and 0.316 rescaled, from flee_reference_out.csv).
func TestFleeMaliARD(t *testing.T) {
	if testing.Short() {
		t.Skip("10 replicates")
	}
	fs := readMali(t)
	var ard, resc float64
	const n = 10
	for k := range n {
		r, err := sim.RunFlee(context.Background(), fs, sim.Options{Seed: sim.ReplicateSeed(sim.FleeDefaultSeed, k), SeedSet: true})
		if err != nil {
			t.Fatal(err)
		}
		sc := scoreFlee(t, fs, r)
		t.Logf("replicate %d: ARD %.4f, rescaled %.4f", k+1, sc.ARD, sc.ARDRescaled)
		ard += sc.ARD / n
		resc += sc.ARDRescaled / n
	}
	t.Logf("mean over %d replicates: ARD %.4f (Flee 0.347), rescaled %.4f (Flee 0.316)", n, ard, resc)
	if math.Abs(ard-0.347) > 0.05 || math.Abs(resc-0.316) > 0.05 {
		t.Errorf("mean ARD %.4f / rescaled %.4f, want within 0.05 of Flee's 0.347 / 0.316", ard, resc)
	}
}

// TestFleeWorkersGiveIdenticalOutput runs mali2012 with 1, 2 and 8
// workers and compares every output file but the summary's timing.
func TestFleeWorkersGiveIdenticalOutput(t *testing.T) {
	fs := readMali(t)
	var first map[string][]byte
	for _, w := range []int{1, 2, 8} {
		r, err := sim.RunFlee(context.Background(), fs, sim.Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := r.WriteDir(dir, "test"); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		for _, name := range []string{sim.CountriesFile, sim.CrossingsFile, sim.CentresFile, sim.EdgesFile, sim.FleeNetworkFile} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
		if first == nil {
			first = files
			continue
		}
		for name, b := range files {
			if !bytes.Equal(b, first[name]) {
				t.Errorf("%s differs between 1 and %d workers", name, w)
			}
		}
	}
}

// TestFleeClosures checks mali2012's closures.csv: Mali's borders with
// Burkina Faso (days 0–21) and Niger (days 0–32) let nobody through while
// closed, and people cross both once they open.
func TestFleeClosures(t *testing.T) {
	fs := readMali(t)
	r, err := sim.RunFlee(context.Background(), fs, sim.Options{Workers: 2})
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
// days); Flee itself takes 60–75 s for it.
func BenchmarkFleeMali(b *testing.B) {
	fs := readMali(b)
	var days int64
	for b.Loop() {
		r, err := sim.RunFlee(context.Background(), fs, sim.Options{})
		if err != nil {
			b.Fatal(err)
		}
		days = r.AgentDays
	}
	b.ReportMetric(float64(days)*float64(b.N)/b.Elapsed().Seconds()/1e6, "M-agent-days/s")
}

// TestFleeRefusesUnsupportedRules runs FabFlee's bangladesh flood scenario:
// its flood rules are not implemented, so the run is refused with the
// settings named; without them the folder runs as it is.
func TestFleeRefusesUnsupportedRules(t *testing.T) {
	fs, err := flee.Read("../testdata/flee/bangladesh")
	if err != nil {
		t.Fatal(err)
	}
	_, err = sim.RunFlee(context.Background(), fs, sim.Options{})
	if err == nil || !strings.Contains(err.Error(), "simsetting.yml") || !strings.Contains(err.Error(), "spawn_rules.flood_driven_spawning (flood-driven spawning)") {
		t.Fatalf("RunFlee(bangladesh) = %v, want a refusal naming the flood settings", err)
	}
	fs.Settings = nil // Flee's defaults
	r, err := sim.RunFlee(context.Background(), fs, sim.Options{Workers: 2, Check: true})
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
	_, err = sim.RunFlee(context.Background(), fs, sim.Options{})
	if err == nil || !strings.Contains(err.Error(), `routes.csv:3: Mopti–Mentao: walk_probability "often"`) {
		t.Errorf("RunFlee = %v, want routes.csv:3 named", err)
	}
}
