package fleemodel

import (
	"context"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/sim"
)

// TestCohortCounts runs mali2012 with cohorts and logs the cohorts held
// per day, against the agents spawned.
func TestCohortCounts(t *testing.T) {
	fs, err := flee.Read("../../testdata/flee/mali2012")
	if err != nil {
		t.Fatal(err)
	}
	e, err := newCohortEngine(fs, sim.Options{Workers: 2, Engine: sim.EngineCohorts, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	for e.day = 0; e.day < e.days; e.day++ {
		if err := e.stepDay(context.Background()); err != nil {
			t.Fatal(err)
		}
		if e.day%25 == 0 || e.day == e.days-1 {
			t.Logf("day %d: %d cohorts, %d agents", e.day, e.perDay[e.day], e.born)
		}
	}
}

func TestCohortDiag(t *testing.T) {
	fs, err := flee.Read("../../testdata/flee/mali2012")
	if err != nil {
		t.Fatal(err)
	}
	e, err := newCohortEngine(fs, sim.Options{Workers: 2, Engine: sim.EngineCohorts})
	if err != nil {
		t.Fatal(err)
	}
	for e.day = 0; e.day < e.days; e.day++ {
		if err := e.stepDay(context.Background()); err != nil {
			t.Fatal(err)
		}
		if e.day%50 == 0 {
			norec := map[ckey]int{}
			camp, town, link, sing := 0, 0, 0, 0
			for _, c := range e.list {
				k := c.k
				k.recent, k.rday = 0, 0
				norec[k]++
				switch {
				case k.arc >= 0:
					link++
				case e.locs[k.loc].camp:
					camp++
				default:
					town++
				}
				if c.n == 1 {
					sing++
				}
			}
			t.Logf("day %d: %d cohorts (%d singletons; camp %d town %d link %d), %d without recent", e.day, len(e.list), sing, camp, town, link, len(norec))
		}
	}
}

func TestCohortUkraine(t *testing.T) {
	fs, err := flee.Read("../../testdata/flee/validation/ukraine2022")
	if err != nil {
		t.Fatal(err)
	}
	e, err := newCohortEngine(fs, sim.Options{Engine: sim.EngineCohorts})
	if err != nil {
		t.Fatal(err)
	}
	for e.day = 0; e.day < e.days; e.day++ {
		if err := e.stepDay(context.Background()); err != nil {
			t.Fatal(err)
		}
		if e.day%10 == 0 {
			t.Logf("day %d: %d cohorts %d agents", e.day, len(e.list), e.born)
		}
	}
}
