package plan

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/exp/stats"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// What a plan adds.
const (
	Beds   = "beds"   // places at a centre; the gain is fewer people turned away
	Passes = "passes" // passes a day at a capped post; the gain is fewer person-days queued
	// Budget is units to spend on either, at BedCost a bed and PassCost a
	// pass a day; the gain is fewer nights turned away plus person-days
	// queued (both are days people spend without a place or waiting).
	Budget = "budget"
)

// Options are a plan's settings.
type Options struct {
	// What is Beds or Passes, Amount how many.
	What   string
	Amount int
	// Steps splits Amount for the greedy combination (default 1: none).
	Steps int
	// BedCost and PassCost are a Budget's units per bed and per pass a
	// day (default 1 each).
	BedCost, PassCost float64
	// Replicates (default 10), Seed, Scale and Workers as for a run.
	Replicates int
	Seed       uint64
	Scale      float64
	Workers    int
	// Progress, if set, is called as runs finish.
	Progress func(done, total int)
}

// Choice is one placement and what it gains.
type Choice struct {
	Kind   string `json:"kind"` // centre or crossing
	ID     string `json:"id"`
	Name   string `json:"name"`
	Amount int    `json:"amount"`
	// Before and After are the total (people turned away, or person-days
	// queued, over every centre or post) without and with the addition,
	// means over the replicates; Reduction is Before − After, with its
	// band over the replicates (each replicate's pair of runs shares a
	// seed).
	Before       float64 `json:"before"`
	After        float64 `json:"after"`
	Reduction    float64 `json:"reduction"`
	ReductionP05 float64 `json:"reduction_p05"`
	ReductionP95 float64 `json:"reduction_p95"`
	PlaceBefore  float64 `json:"place_before"` // the metric at the candidate itself
	PlaceAfter   float64 `json:"place_after"`
}

// Plan is a plan's result: the candidates ranked, and the greedy
// combination.
type Plan struct {
	Scenario   string   `json:"scenario"`
	What       string   `json:"what"`
	Amount     int      `json:"amount"`
	Replicates int      `json:"replicates"`
	Metric     string   `json:"metric"`
	Baseline   float64  `json:"baseline"`
	Ranked     []Choice `json:"ranked"`
	// Greedy is the combination, one entry per step (Amount / Steps each;
	// a candidate may take several), with the total reduction after each.
	Greedy []Choice `json:"greedy,omitempty"`
	Runs   int      `json:"runs"`
}

// check checks the options and fills in their defaults.
func (opts *Options) check() error {
	switch {
	case opts.What != Beds && opts.What != Passes && opts.What != Budget:
		return fmt.Errorf("plan %q: want %s, %s or %s", opts.What, Beds, Passes, Budget)
	case opts.BedCost < 0 || opts.PassCost < 0 || math.IsNaN(opts.BedCost) || math.IsNaN(opts.PassCost):
		return fmt.Errorf("costs %v a bed and %v a pass: want positive numbers", opts.BedCost, opts.PassCost)
	case opts.Amount < 1 || opts.Amount > 1e9:
		return fmt.Errorf("%d %s: want 1 to 1e9", opts.Amount, opts.What)
	}
	if opts.Steps <= 0 {
		opts.Steps = 1
	}
	if opts.Replicates <= 0 {
		opts.Replicates = 10
	}
	if opts.Scale == 0 {
		opts.Scale = 1
	}
	if opts.BedCost == 0 {
		opts.BedCost = 1
	}
	if opts.PassCost == 0 {
		opts.PassCost = 1
	}
	if opts.Steps > opts.Amount || opts.Steps > 20 {
		return fmt.Errorf("%d steps for %d %s: want 1 to 20, and no more than the amount", opts.Steps, opts.Amount, opts.What)
	}
	return nil
}

// Run plans over scenario s.
func Run(ctx context.Context, s *scenarios.Scenario, opts Options) (*Plan, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	p := &Plan{Scenario: s.Name, What: opts.What, Amount: opts.Amount, Replicates: opts.Replicates}
	p.Metric = metricOf(opts.What)
	e := &evaluator{s: s, opts: opts, plan: p}
	base, err := e.evaluate(ctx, nil)
	if err != nil {
		return nil, err
	}
	p.Baseline = mean(base.total)
	cands := e.candidates(base)
	if len(cands) == 0 {
		return p, nil
	}
	var evals []*outcome
	for _, c := range cands {
		o, err := e.evaluate(ctx, []addition{{c, e.amountFor(c, opts.Amount)}})
		if err != nil {
			return nil, err
		}
		evals = append(evals, o)
	}
	for i, c := range cands {
		p.Ranked = append(p.Ranked, e.choice(c, e.amountFor(c, opts.Amount), base, evals[i]))
	}
	slices.SortStableFunc(p.Ranked, func(a, b Choice) int {
		return cmp.Or(cmp.Compare(b.Reduction, a.Reduction), cmp.Compare(a.ID, b.ID))
	})
	if opts.Steps > 1 {
		if err := e.greedy(ctx, cands, base); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// candidate is a centre (index in the network's centres) or a crossing.
type candidate struct {
	centre int
	cross  geo.CrossingID
}

type addition struct {
	c      candidate
	amount int
}

// outcome is a set of runs over the replicates: the total and, per
// centre or crossing, the metric.
type outcome struct {
	total   []float64   // per replicate
	centres [][]float64 // [centre][replicate]
	posts   [][]float64 // [crossing][replicate]
}

type evaluator struct {
	s    *scenarios.Scenario
	opts Options
	plan *Plan
	done int
}

// evaluate runs the scenario with the additions over the replicates.
func (e *evaluator) evaluate(ctx context.Context, adds []addition) (*outcome, error) {
	s := *e.s
	tl := s.Timeline
	net := s.Network
	centres := net.Centres()
	for _, a := range adds {
		v := geo.NodeID(geo.None)
		if a.c.centre >= 0 {
			v = centres[a.c.centre]
		}
		tl = tl.WithExtraCapacity(v, a.c.cross, a.amount)
	}
	s.Timeline = tl
	r := e.opts.Replicates
	o := &outcome{total: make([]float64, r), centres: make([][]float64, len(centres)), posts: make([][]float64, net.NumCrossings())}
	for i := range o.centres {
		o.centres[i] = make([]float64, r)
	}
	for i := range o.posts {
		o.posts[i] = make([]float64, r)
	}
	workers := e.opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var mu sync.Mutex
	err := sim.ForEach(ctx, workers, r, func(ctx context.Context, _, k int) error {
		res, err := borderaware.Run(ctx, &s, sim.Options{Workers: 1, Scale: e.opts.Scale, Seed: sim.ReplicateSeed(e.opts.Seed, k), SeedSet: true})
		if err != nil {
			return err
		}
		mu.Lock()
		e.record(res, o, k)
		e.done++
		if e.opts.Progress != nil {
			e.opts.Progress(e.done, 0)
		}
		mu.Unlock()
		return nil
	})
	e.plan.Runs += r
	if err != nil {
		return nil, err
	}
	return o, nil
}

// metricOf names what a plan of kind what cuts.
func metricOf(what string) string {
	switch what {
	case Passes:
		return "person-days queued"
	case Budget:
		return "nights turned away and person-days queued"
	}
	return "people turned away"
}

// amountFor returns what units buy at candidate c: beds at a centre,
// passes a day at a post (for a Budget, at their costs).
func (e *evaluator) amountFor(c candidate, units int) int {
	if e.opts.What != Budget {
		return units
	}
	if c.centre >= 0 {
		return int(float64(units) / e.opts.BedCost)
	}
	return int(float64(units) / e.opts.PassCost)
}

// record adds run res (replicate k) to o, in people.
func (e *evaluator) record(res *sim.Result, o *outcome, k int) {
	if e.opts.What != Passes {
		for c := range res.Centres {
			var n int64
			for d := range res.Days() {
				n += res.TurnedAway[d][c]
			}
			o.centres[c][k] = float64(res.People(n))
			o.total[k] += o.centres[c][k]
		}
	}
	if e.opts.What == Beds {
		return
	}
	for p, pt := range res.Posts {
		var n int64
		for d := range res.Days() {
			n += res.Queue[d][p]
		}
		o.posts[pt.Crossing][k] += float64(res.People(n))
		o.total[k] += float64(res.People(n))
	}
}

// candidates returns the placements that can gain: centres with a known
// capacity that turned anyone away, or capped posts with a queue.
func (e *evaluator) candidates(base *outcome) []candidate {
	var out []candidate
	net := e.s.Network
	if e.opts.What != Passes {
		for i, v := range net.Centres() {
			if info := net.Node(v).Centre; info == nil || !anyPositive(base.centres[i]) || !e.everCapped(v) {
				continue
			}
			out = append(out, candidate{centre: i, cross: geo.None})
		}
	}
	if e.opts.What == Beds {
		return out
	}
	for c := range base.posts {
		if anyPositive(base.posts[c]) {
			out = append(out, candidate{centre: -1, cross: geo.CrossingID(c)})
		}
	}
	return out
}

// everCapped reports whether centre v has a known capacity on some day.
func (e *evaluator) everCapped(v geo.NodeID) bool {
	for d := e.s.Start; d <= e.s.End; d++ {
		if st, ok := e.s.Timeline.Centre(d, v); ok && st.Open && st.Capacity > 0 {
			return true
		}
	}
	return false
}

// choice describes candidate c with amount added, against the baseline.
func (e *evaluator) choice(c candidate, amount int, base, with *outcome) Choice {
	net := e.s.Network
	ch := Choice{Amount: amount, Before: mean(base.total), After: mean(with.total)}
	red := make([]float64, len(base.total))
	for k := range red {
		red[k] = base.total[k] - with.total[k]
	}
	ch.Reduction = mean(red)
	slices.Sort(red)
	q := stats.Quantiles(red, 0.05, 0.95)
	ch.ReductionP05, ch.ReductionP95 = q[0], q[1]
	if c.centre >= 0 {
		n := net.Node(net.Centres()[c.centre])
		ch.Kind, ch.ID, ch.Name = "centre", n.ID, cmp.Or(n.Name, n.ID)
		ch.PlaceBefore, ch.PlaceAfter = mean(base.centres[c.centre]), mean(with.centres[c.centre])
	} else {
		x := net.Crossing(c.cross)
		ch.Kind, ch.ID, ch.Name = "crossing", x.ID, cmp.Or(x.Name, x.ID)
		ch.PlaceBefore, ch.PlaceAfter = mean(base.posts[c.cross]), mean(with.posts[c.cross])
	}
	return ch
}

// greedy builds the combination: Steps parts, each to the candidate that
// gains most given the parts before.
func (e *evaluator) greedy(ctx context.Context, cands []candidate, base *outcome) error {
	part := e.opts.Amount / e.opts.Steps
	var adds []addition
	for range e.opts.Steps {
		var best *outcome
		bestC := -1
		for i, c := range cands {
			try := append(slices.Clone(adds), addition{c, e.amountFor(c, part)})
			o, err := e.evaluate(ctx, try)
			if err != nil {
				return err
			}
			if best == nil || mean(o.total) < mean(best.total) {
				best, bestC = o, i
			}
		}
		adds = append(adds, addition{cands[bestC], e.amountFor(cands[bestC], part)})
		ch := e.choice(cands[bestC], e.amountFor(cands[bestC], part), base, best)
		e.plan.Greedy = append(e.plan.Greedy, ch)
	}
	return nil
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func anyPositive(xs []float64) bool {
	return slices.ContainsFunc(xs, func(x float64) bool { return x > 0 })
}
