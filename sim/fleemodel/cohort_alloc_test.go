package fleemodel

import (
	"context"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/sim"
)

// TestFleeCohortStepAllocatesNothing moves every mali2012 cohort through
// a busy day (day 150) and counts allocations, once the workers' lists
// have grown to a day's size; it logs the cohorts held per day.
func TestFleeCohortStepAllocatesNothing(t *testing.T) {
	fs, err := flee.Read("../../testdata/flee/mali2012")
	if err != nil {
		t.Fatal(err)
	}
	e, err := newCohortEngine(fs, sim.Options{Workers: 1, Engine: sim.EngineCohorts})
	if err != nil {
		t.Fatal(err)
	}
	for e.day = 0; e.day < 150; e.day++ {
		if err := e.stepDay(context.Background()); err != nil {
			t.Fatal(err)
		}
		if e.day%25 == 0 {
			t.Logf("day %d: %d cohorts for %d agents", e.day, e.perDay[e.day], e.born)
		}
	}
	e.updateConflicts()
	if err := e.spawnCohorts(); err != nil {
		t.Fatal(err)
	}
	e.enactClosures()
	e.list = e.mergeCohorts(e.list)
	e.prepareDay()
	w := e.wk[0]
	pass := func() {
		w.sh.reset()
		w.out.reset(len(e.list))
		w.arrivals = w.arrivals[:0]
		for _, c := range e.list {
			e.stepCohort(w, c)
		}
	}
	pass() // grow the lists to a day's size
	if a := testing.AllocsPerRun(5, pass); a != 0 {
		t.Errorf("moving %d cohorts (%d agents) through a day allocates %.0f times", len(e.list), e.born, a)
	}
}
