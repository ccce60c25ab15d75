package borderaware_test

import (
	"context"
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// equivalenceSeeds is the number of seeds each engine runs in
// TestCohortsAgreeWithAgents.
const equivalenceSeeds = 50

// equivalenceZ is the largest two-sample z statistic allowed between the
// engines' means of one series over one week. With about 2,500 (series,
// week) pairs per scenario, a z of 5 is exceeded by chance with
// probability under 0.2% in all (5.7e-7 each), while a rule that differs
// shows up at z in the tens with 50 seeds.
const equivalenceZ = 5

// TestCohortsAgreeWithAgents is the cohort engine's acceptance test: for
// every built-in scenario at a tenth of its size, 50 seeds under each
// engine give the same mean, week by week, of the people entering each
// country, passing each crossing (both ways) and staying in each centre,
// within their standard errors (two-sample z under equivalenceZ). A week
// on which both engines give the same figure for every seed must give the
// same figure.
func TestCohortsAgreeWithAgents(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 600 simulations")
	}
	if *engine != sim.EngineCohorts {
		t.Skip("runs both engines: once is enough")
	}
	for _, name := range scenarios.Builtins() {
		t.Run(name, func(t *testing.T) {
			s, err := scenarios.Builtin(name)
			if err != nil {
				t.Fatal(err)
			}
			agents := weeklySeries(t, s, sim.EngineAgents)
			cohorts := weeklySeries(t, s, sim.EngineCohorts)
			worst, where, tests := 0.0, "", 0
			for key, a := range agents {
				c := cohorts[key]
				for w := range a {
					ma, sa := meanSE(a[w])
					mc, sc := meanSE(c[w])
					se := math.Hypot(sa, sc)
					if se == 0 {
						if ma != mc {
							t.Errorf("%s, week %d: %v under agents, %v under cohorts, both without spread", key, w, ma, mc)
						}
						continue
					}
					tests++
					z := math.Abs(ma-mc) / se
					if z > worst {
						worst, where = z, fmt.Sprintf("%s, week %d: agents %.1f ± %.1f, cohorts %.1f ± %.1f", key, w, ma, sa, mc, sc)
					}
					if z > equivalenceZ {
						t.Errorf("%s, week %d: mean %.1f ± %.1f under agents, %.1f ± %.1f under cohorts (z %.1f)", key, w, ma, sa, mc, sc, z)
					}
				}
			}
			t.Logf("%d weekly series compared; largest z %.2f (%s)", tests, worst, where)
		})
	}
}

// weeklySeries runs s with equivalenceSeeds seeds under engine and returns,
// per series ("entries AUT", "passes spielfeld…", "occupancy opatovac"),
// per week, the value of each seed.
func weeklySeries(t *testing.T, s *scenarios.Scenario, engine string) map[string][][]float64 {
	t.Helper()
	out := map[string][][]float64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	slots := make(chan struct{}, 2)
	errs := make([]error, equivalenceSeeds)
	for k := range equivalenceSeeds {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			r, err := borderaware.Run(context.Background(), s, sim.Options{Workers: 1, Scale: 0.1, Seed: sim.ReplicateSeed(77, k), SeedSet: true, Engine: engine})
			if err != nil {
				errs[k] = err
				return
			}
			weeks := (r.Days() + 6) / 7
			add := func(key string, d int, v int64) {
				mu.Lock()
				defer mu.Unlock()
				w := out[key]
				if w == nil {
					w = make([][]float64, weeks)
					for i := range w {
						w[i] = make([]float64, equivalenceSeeds)
					}
					out[key] = w
				}
				w[d/7][k] += float64(v)
			}
			for d := range r.Days() {
				for c, code := range r.Countries {
					add("entries "+code, d, r.Entries[d][c])
				}
				for p, pt := range r.Posts {
					add("passes "+r.Network.Crossing(pt.Crossing).ID, d, r.Passed[d][p])
				}
				for c, v := range r.Centres {
					add("occupancy "+r.Network.Node(v).ID, d, r.Occupancy[d][c])
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// meanSE returns the mean of xs and its standard error.
func meanSE(xs []float64) (mean, se float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
}
