package fleemodel_test

import (
	"context"
	"testing"

	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/fleemodel"
)

// TestFleeCohortsConservation runs mali2012 with the cohort engine and the
// daily check: every agent is in a cohort at a location or on a link, and
// the tables agree with the cohorts.
func TestFleeCohortsConservation(t *testing.T) {
	r, err := fleemodel.Run(context.Background(), readMali(t), sim.Options{Workers: 2, Check: true, Engine: sim.EngineCohorts})
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.Agents != 89991 || r.Info.Engine != sim.EngineCohorts || r.Info.Cohorts == 0 {
		t.Errorf("%d agents, engine %q, %d cohorts at most; want 89,991 agents, engine cohorts and some cohorts", r.Info.Agents, r.Info.Engine, r.Info.Cohorts)
	}
	var present int64
	for _, n := range r.Present[r.Days()-1] {
		present += n
	}
	if present != int64(r.Info.Agents) {
		t.Errorf("%d people present on the last day, want %d", present, r.Info.Agents)
	}
	t.Logf("at most %d cohorts of %d bytes", r.Info.Cohorts, r.Info.BytesPerCohort)
}

// TestFleeCohortsWorkersGiveIdenticalOutput runs mali2012 with the cohort
// engine on 1, 2 and 8 workers and compares the tables.
func TestFleeCohortsWorkersGiveIdenticalOutput(t *testing.T) {
	fs := readMali(t)
	var first *sim.Result
	for _, w := range []int{1, 2, 8} {
		r, err := fleemodel.Run(context.Background(), fs, sim.Options{Workers: w, Engine: sim.EngineCohorts})
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
