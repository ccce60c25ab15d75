package plan

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/exp/stats"

	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sweep"
)

// AsIs is the name of a plan sweep's event set without any addition.
const AsIs = "as-is"

// SweepFile returns the plan as a sweep, to run on a cluster: the
// scenario (named scenario, as the sweep's tasks will find it) as it is
// and with the whole addition at each candidate (found from a baseline
// of opts.Replicates runs here), each an event set, over the same
// replicates with common seeds. FromItems ranks the sweep's items.
func SweepFile(ctx context.Context, s *scenarios.Scenario, scenario string, opts Options) (*sweep.File, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	p := &Plan{}
	e := &evaluator{s: s, opts: opts, plan: p}
	base, err := e.evaluate(ctx, nil)
	if err != nil {
		return nil, err
	}
	f := &sweep.File{Name: fmt.Sprintf("%s-%s-%d", s.Name, opts.What, opts.Amount), Scenario: scenario, Scale: opts.Scale,
		Replicates: opts.Replicates, Seed: opts.Seed, CommonSeeds: true, EventSets: []sweep.EventSet{{Name: AsIs}}}
	net := s.Network
	for _, c := range e.candidates(base) {
		if c.centre >= 0 {
			id := net.Node(net.Centres()[c.centre]).ID
			f.EventSets = append(f.EventSets, sweep.EventSet{Name: "beds-at-" + id, Beds: map[string]int{id: e.amountFor(c, opts.Amount)}})
		} else {
			id := net.Crossing(c.cross).ID
			f.EventSets = append(f.EventSets, sweep.EventSet{Name: "passes-at-" + id, Passes: map[string]int{id: e.amountFor(c, opts.Amount)}})
		}
	}
	return f, nil
}

// FromItems ranks the placements of a plan sweep (SweepFile's, run and
// read back with sweep.ReadItems) as Run ranks them.
func FromItems(it *sweep.Items) (*Plan, error) {
	if len(it.EventSets) == 0 || it.EventSets[0].Name != AsIs || len(it.Params) != 0 {
		return nil, fmt.Errorf("sweep %s is not a plan's: want the event set %q first and no varying parameter", it.Name, AsIs)
	}
	p := &Plan{Scenario: it.Name, Replicates: it.Replicates, Runs: len(it.Values)}
	beds, passes := false, false
	for _, es := range it.EventSets[1:] {
		switch {
		case len(es.Beds) == 1 && len(es.Passes) == 0:
			beds = true
		case len(es.Passes) == 1 && len(es.Beds) == 0:
			passes = true
		default:
			return nil, fmt.Errorf("sweep %s: event set %q adds %d beds and %d passes entries: a plan's adds one", it.Name, es.Name, len(es.Beds), len(es.Passes))
		}
	}
	switch {
	case beds && passes:
		p.What = Budget
	case passes:
		p.What = Passes
	default:
		p.What = Beds
	}
	p.Metric = metricOf(p.What)
	counts := func(x sweep.Output) bool {
		return x.Kind == "centre" && x.Metric == "turned_away" && p.What != Passes || x.Kind == "crossing" && x.Metric == "queue_days" && p.What != Beds
	}
	total := func(point int) []float64 {
		out := make([]float64, it.Replicates)
		for r := range it.Replicates {
			for o, x := range it.Outputs {
				if counts(x) {
					out[r] += it.Values[point*it.Replicates+r][o]
				}
			}
		}
		return out
	}
	at := func(point int, id string) float64 {
		var sum float64
		for o, x := range it.Outputs {
			if counts(x) && x.ID == id {
				for r := range it.Replicates {
					sum += it.Values[point*it.Replicates+r][o]
				}
			}
		}
		return sum / float64(it.Replicates)
	}
	base := total(0)
	p.Baseline = mean(base)
	for i, es := range it.EventSets[1:] {
		point := i + 1
		var id string
		var amount int
		kind := "centre"
		for k, v := range es.Beds {
			id, amount = k, v
		}
		for k, v := range es.Passes {
			id, amount, kind = k, v, "crossing"
		}
		if p.What != Budget {
			p.Amount = amount
		}
		with := total(point)
		red := make([]float64, len(base))
		for r := range red {
			red[r] = base[r] - with[r]
		}
		c := Choice{Kind: kind, ID: id, Name: id, Amount: amount, Before: p.Baseline, After: mean(with), Reduction: mean(red),
			PlaceBefore: at(0, id), PlaceAfter: at(point, id)}
		slices.Sort(red)
		q := stats.Quantiles(red, 0.05, 0.95)
		c.ReductionP05, c.ReductionP95 = q[0], q[1]
		p.Ranked = append(p.Ranked, c)
	}
	slices.SortStableFunc(p.Ranked, func(a, b Choice) int {
		return cmp.Or(cmp.Compare(b.Reduction, a.Reduction), strings.Compare(a.ID, b.ID))
	})
	return p, nil
}
