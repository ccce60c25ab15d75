package borderaware

import (
	"context"
	"slices"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// TestStepAllocatesNothing: once the per-worker lists have grown, moving an
// agent through a day allocates nothing.
func TestStepAllocatesNothing(t *testing.T) {
	s, err := scenarios.Builtin("balkan-route-2015")
	if err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(s, sim.Options{Workers: 1, Scale: 0.05}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for e.day = 0; e.day < 120; e.day++ {
		e.date = s.Start + scenarios.Date(e.day)
		e.applyEvents()
		e.spawnDay()
		e.moveAll(context.Background())
		e.resolvePosts()
		e.resolveCentres()
		e.record()
	}
	sh := e.shards[0]
	pass := func() {
		sh.reset()
		for i := range e.born {
			e.step(sh, int32(i))
		}
	}
	pass() // grow the lists to a day's size
	// Restore the day's start so each measured pass moves the same agents.
	saved := *e.a
	cp := func(dst, src *agents) {
		copy(dst.node, src.node)
		copy(dst.arc, src.arc)
		copy(dst.left, src.left)
		copy(dst.state, src.state)
		copy(dst.flags, src.flags)
		copy(dst.avoid, src.avoid)
		copy(dst.since, src.since)
	}
	snapshot := newAgents(len(saved.node))
	cp(snapshot, &saved)
	if a := testing.AllocsPerRun(5, func() { cp(e.a, snapshot); pass() }); a != 0 {
		t.Errorf("moving %d agents through a day allocates %.0f times", e.born, a)
	}
}

// TestCohortStepAllocatesNothing: once the worker's lists have grown,
// moving every cohort through a day (splits and all) allocates nothing.
func TestCohortStepAllocatesNothing(t *testing.T) {
	s, err := scenarios.Builtin("balkan-route-2015")
	if err != nil {
		t.Fatal(err)
	}
	e, err := newCohortEngine(s, sim.Options{Workers: 1, Engine: sim.EngineCohorts})
	if err != nil {
		t.Fatal(err)
	}
	for e.day = 0; e.day < 60; e.day++ {
		e.beginDay()
		e.moveCohorts(context.Background())
		if err := e.endDay(); err != nil {
			t.Fatal(err)
		}
	}
	e.beginDay()
	list := slices.Clone(e.list)
	w := e.wk[0]
	pass := func() {
		w.sh.reset()
		w.out = w.out[:0]
		for p := range w.postArr {
			w.postArr[p] = w.postArr[p][:0]
		}
		for c := range w.centreReq {
			w.centreReq[c] = w.centreReq[c][:0]
		}
		for _, c := range list {
			e.stepCohort(w, c)
		}
	}
	pass() // grow the lists to a day's size
	if a := testing.AllocsPerRun(5, pass); a != 0 {
		t.Errorf("moving %d cohorts through a day allocates %.0f times", len(list), a)
	}
	if len(list) < 50 || len(w.out) == 0 {
		t.Errorf("%d cohorts moved, %d out: want a busy day", len(list), len(w.out))
	}
}
