package fleemodel

import (
	"context"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/sim"
)

// TestFleeStepAllocatesNothing moves every mali2012 agent through a busy
// day (day 150) and counts allocations.
func TestFleeStepAllocatesNothing(t *testing.T) {
	fs, err := flee.Read("../../testdata/flee/mali2012")
	if err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(fs, sim.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for e.day = 0; e.day < 150; e.day++ {
		e.setKeys()
		e.updateConflicts()
		if err := e.spawn(); err != nil {
			t.Fatal(err)
		}
		e.enactClosures()
		e.prepareDay()
		e.moveAll(context.Background())
		e.record()
	}
	e.setKeys()
	e.prepareDay()
	sh := e.shards[0]
	if a := testing.AllocsPerRun(5, func() {
		sh.reset()
		for i := range e.born {
			e.step(sh, int32(i))
		}
	}); a != 0 {
		t.Errorf("moving %d agents through a day allocates %.0f times", e.born, a)
	}
}
