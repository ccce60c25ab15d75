package bench

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// loadFigures are the figures of one run that a planner reads off a capped
// border post or a centre, in people.
type loadFigures struct {
	what  string
	value float64
}

// figures returns, for every post with a daily capacity on some day and
// every centre with a capacity or a registration throughput, the people
// passed, the peak queue and the people-days queued (posts), and the peak
// occupancy, the people-days in the centre, the people turned away and the
// people registered (centres).
func figures(t *testing.T, r *sim.Result) []loadFigures {
	t.Helper()
	s := r.Info
	sc, err := scenarios.Builtin(s.Name)
	if err != nil {
		t.Fatal(err)
	}
	var out []loadFigures
	for p, pt := range r.Posts {
		capped := false
		for d := range r.Days() {
			if st := sc.Timeline.Crossing(s.Start+scenarios.Date(d), pt.Crossing); st.Status == scenarios.Checked && st.CapacityPerDay > 0 {
				capped = true
			}
		}
		if !capped {
			continue
		}
		name := fmt.Sprintf("%s %s→%s", r.Network.Crossing(pt.Crossing).ID, r.Countries[pt.From], r.Countries[pt.To])
		var passed, queueDays, peak int64
		for d := range r.Days() {
			passed += r.Passed[d][p]
			queueDays += r.Queue[d][p]
			peak = max(peak, r.Queue[d][p])
		}
		out = append(out,
			loadFigures{name + " passed", float64(r.People(passed))},
			loadFigures{name + " peak queue", float64(r.People(peak))},
			loadFigures{name + " people-days queued", float64(r.People(queueDays))})
	}
	for c, v := range r.Centres {
		info := r.Network.Node(v).Centre
		if info == nil || info.Capacity == 0 && info.RegistrationsPerDay == 0 {
			continue
		}
		name := r.Network.Node(v).ID
		var peak, days, away, reg int64
		for d := range r.Days() {
			peak = max(peak, r.Occupancy[d][c])
			days += r.Occupancy[d][c]
			away += r.TurnedAway[d][c]
			reg += r.Registered[d][c]
		}
		out = append(out,
			loadFigures{name + " peak occupancy", float64(r.People(peak))},
			loadFigures{name + " people-days", float64(r.People(days))},
			loadFigures{name + " turned away", float64(r.People(away))},
			loadFigures{name + " registered", float64(r.People(reg))})
	}
	return out
}

// TestScaleDoesNotChangeTheAnswer runs the default scenario at --scale 0.1,
// 1 and 10 and checks that every capped post's and every centre's figures
// agree: capacities, queues, refusals and registrations are in people
// whatever the number of agents standing for them.
//
// Tolerance: a figure at scale s may differ from the scale-1 figure by 5%
// of the larger of the two plus 400 people. At scale 0.1 one agent is ten
// people and a day's rounding at one entry moves up to five; route and
// destination draws differ between scales (they are per agent), and the
// queue of 18–20 Oct 2015 and the turned-away counts add up thousands of
// such draws, so the noise of a figure of N people is of the order of
// sqrt(10·N): 300 people for N = 10,000. The tolerance is well above that
// and far below the errors the rule guards against (at scale 10 with
// capacities compared with agents, Slovenia's quota let ten times too
// many through and a post capped in Feb 2016 built a queue of 32,363).
func TestScaleDoesNotChangeTheAnswer(t *testing.T) {
	s, err := scenarios.Builtin(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	run := func(scale float64) []loadFigures {
		r, err := borderaware.Run(context.Background(), s, sim.Options{Scale: scale, Engine: *engine})
		if err != nil {
			t.Fatal(err)
		}
		return figures(t, r)
	}
	ref := run(1)
	if len(ref) == 0 {
		t.Fatal("no capped post or centre with a capacity in the default scenario")
	}
	scales := []float64{0.1, 10}
	if testing.Short() {
		scales = scales[:1]
	}
	for _, scale := range scales {
		got := run(scale)
		for k, f := range ref {
			g := got[k]
			if g.what != f.what {
				t.Fatalf("scale %v: figure %d is %q, at scale 1 %q", scale, k, g.what, f.what)
			}
			if tol := 0.05*math.Max(f.value, g.value) + 400; math.Abs(g.value-f.value) > tol {
				t.Errorf("%s: %.0f at scale %v, %.0f at scale 1 (tolerance %.0f)", f.what, g.value, scale, f.value, tol)
			}
		}
	}
}
