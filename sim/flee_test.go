package sim_test

import (
	"context"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/report"
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
	if err := r.WriteDir(dir, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := report.Load(dir)
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

func TestFleeMaliOnce(t *testing.T) {
	fs := readMali(t)
	r, err := sim.RunFlee(context.Background(), fs, sim.Options{Workers: 2, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	sc := scoreFlee(t, fs, r)
	t.Logf("agents %d, agent-days %d, wall %v, ARD %.4f rescaled %.4f", r.Agents, r.AgentDays(), r.Wall, sc.ARD, sc.ARDRescaled)
}
