package bench_test

import (
	"context"
	"math"
	"runtime"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/score"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/fleemodel"
)

// The Flee model's validation against Flee's own runs: the scores of
// borderflow's runs of mali2012 against its observations, end to end
// (run, run folder, report loader, scorer).

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

// TestFleeMaliARD is the validation target: over 10 replicates, the mean
// ARD of mali2012 under Flee's rules is within 0.05 of Flee's own (0.347,
// and 0.316 rescaled, from flee_reference_out.csv), with each engine.
func TestFleeMaliARD(t *testing.T) {
	if testing.Short() {
		t.Skip("10 replicates")
	}
	for _, eng := range []string{sim.EngineAgents, sim.EngineCohorts} {
		t.Run(eng, func(t *testing.T) { fleeMaliARD(t, eng) })
	}
}

func fleeMaliARD(t *testing.T, eng string) {
	fs := readMali(t)
	var ard, resc float64
	const n = 10
	for k := range n {
		r, err := fleemodel.Run(context.Background(), fs, sim.Options{Seed: sim.ReplicateSeed(fleemodel.DefaultSeed, k), SeedSet: true, Engine: eng})
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

// TestFleeValidationScenariosRun runs each of FabFlee's validation
// scenarios (testdata/flee/validation, read as shipped with FabFlee's
// validation simsetting.yml) at one agent per 20 people with the
// conservation check, and scores it against its observed camp series. The
// observed series themselves are checked against Flee's datamanager in
// package flee (TestValidationScenariosObserved). ukraine2022 (23.6 M
// people) is left to bench/run.sh.
func TestFleeValidationScenariosRun(t *testing.T) {
	if testing.Short() {
		t.Skip("eleven whole runs")
	}
	for _, dir := range []string{
		"burundi2015", "car2013", "mali2012", "mali2017_adm1", "nigeria2016", "nigeria2022_adm2",
		"ssudan2013", "ssudan2016", "syria2013", "tigray2020", "venezuela2022",
	} {
		t.Run(dir, func(t *testing.T) {
			fs, err := flee.Read("../testdata/flee/validation/" + dir)
			if err != nil {
				t.Fatal(err)
			}
			r, err := fleemodel.Run(context.Background(), fs, sim.Options{Scale: 0.05, Check: true})
			if err != nil {
				t.Fatal(err)
			}
			sc := scoreFlee(t, fs, r)
			if !(sc.ARD >= 0 && sc.ARD < 1) {
				t.Errorf("ARD %v, want a figure in [0, 1)", sc.ARD)
			}
			t.Logf("ARD %.3f at scale 0.05", sc.ARD)
		})
	}
}

// BenchmarkFleeUkraineCohorts runs FabFlee's ukraine2022 (23.6 M agents,
// 554 days) with the cohort engine and reports the most cohorts held and
// the heap in use at the end (run it under /usr/bin/time -v for the peak
// resident memory). The per-agent engine takes 229 s and 592 MB for it,
// the cohort engine about 11 s and 35 MB (bench/README.md).
func BenchmarkFleeUkraineCohorts(b *testing.B) {
	fs, err := flee.Read("../testdata/flee/validation/ukraine2022")
	if err != nil {
		b.Fatal(err)
	}
	var r *sim.Result
	for b.Loop() {
		r, err = fleemodel.Run(context.Background(), fs, sim.Options{Engine: sim.EngineCohorts, Progress: func(day, days, alive int) {
			if day%50 == 0 {
				b.Logf("day %d of %d: %d agents", day, days, alive)
			}
		}})
		if err != nil {
			b.Fatal(err)
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(r.Info.Cohorts), "cohorts")
	b.ReportMetric(float64(ms.HeapInuse)/1e6, "heap-MB")
}
