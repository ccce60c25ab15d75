package sim

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/exp/stats"
)

// ReplicateSeed returns the seed of replicate k (from 0) of a run with the
// given base seed. It depends on k and the base only, so replicate k is the
// same whatever the number of replicates.
func ReplicateSeed(base uint64, k int) uint64 {
	return Mix64(base ^ Mix64(uint64(k)+0x5eed))
}

// RunReplicates runs n replicates of a run: with n == 1, run(ctx, opts)
// once as it is; otherwise n runs, replicate k (from 0) with the seed
// ReplicateSeed(base, k), base being opts.Seed when opts.SeedSet. The
// replicates run side by side, as many at once as opts.Workers allows
// (each with the workers left to it, at least one), which changes nothing
// in their tables. As the runs finish, in the order of k, it calls each(k,
// r), if each is set (the caller writes replicate k there). It returns the
// run itself and nil bands for n == 1, and otherwise the replicates' Mean
// and Bands. It stops at the first error, of a run or of each.
func RunReplicates(ctx context.Context, run func(context.Context, Options) (*Result, error), base uint64, opts Options, n int, each func(k int, r *Result) error) (*Result, *Bands, error) {
	switch {
	case n < 1:
		return nil, nil, fmt.Errorf("%d replicates: want 1 or more", n)
	case n == 1:
		r, err := run(ctx, opts)
		return r, nil, err
	}
	if opts.SeedSet {
		base = opts.Seed
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	par := max(1, min(n, workers))
	inner := opts
	inner.Workers = max(1, workers/par)
	if p := opts.Progress; p != nil && par > 1 {
		var mu sync.Mutex
		inner.Progress = func(day, days, alive int) {
			mu.Lock()
			defer mu.Unlock()
			p(day, days, alive)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type outcome struct {
		r   *Result
		err error
	}
	done := make([]chan outcome, n)
	for k := range done {
		done[k] = make(chan outcome, 1)
	}
	slots := make(chan struct{}, par)
	go func() {
		for k := range n {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				for ; k < n; k++ {
					done[k] <- outcome{err: ctx.Err()}
				}
				return
			}
			go func() {
				defer func() { <-slots }()
				o := inner
				o.Seed, o.SeedSet = ReplicateSeed(base, k), true
				r, err := run(ctx, o)
				done[k] <- outcome{r, err}
			}()
		}
	}()
	rs := make([]*Result, 0, n)
	for k := range n {
		out := <-done[k]
		if out.err != nil {
			return nil, nil, out.err
		}
		if each != nil {
			if err := each(k, out.r); err != nil {
				return nil, nil, err
			}
		}
		rs = append(rs, out.r)
	}
	return Mean(rs)
}

// Mean returns a Result whose tables are the replicates' means (rounded to
// whole agents, halves away from zero), for reports and scoring of an
// ensemble, and the bands of its main series. The replicates must be runs
// of one scenario at one scale. Sums that overflow an int64 are an error.
func Mean(rs []*Result) (*Result, *Bands, error) {
	if len(rs) == 0 {
		return nil, nil, fmt.Errorf("no replicates")
	}
	first := rs[0]
	for k, r := range rs[1:] {
		if r.Info.Source != first.Info.Source || r.Info.Model != first.Info.Model || r.Info.Scale != first.Info.Scale || r.Days() != first.Days() {
			return nil, nil, fmt.Errorf("replicate %d is a run of %s (%s, scale %v, %d days), replicate 0 of %s (%s, scale %v, %d days): want runs of one scenario",
				k+1, r.Info.Source, r.Info.Model, r.Info.Scale, r.Days(), first.Info.Source, first.Info.Model, first.Info.Scale, first.Days())
		}
	}
	m := *first
	m.Info.Replicates = len(rs)
	for _, r := range rs[1:] {
		m.Info.Cohorts = max(m.Info.Cohorts, r.Info.Cohorts)
	}
	b := &Bands{}
	vals := make([]float64, len(rs))
	var err error
	// mean returns the mean of a table over the replicates and, if band is
	// set, fills it with the table's 5th and 95th percentiles.
	mean := func(name string, pick func(r *Result) [][]int64, band *[2][][]int64) [][]int64 {
		src := pick(first)
		days, n := len(src), 0
		if days > 0 {
			n = len(src[0])
		}
		out := table(days, n)
		if band != nil {
			*band = [2][][]int64{table(days, n), table(days, n)}
		}
		for d := range days {
			for i := range n {
				var sum int64
				for k, r := range rs {
					v := pick(r)[d][i]
					vals[k] = float64(v)
					if s, e := addCounts(sum, v); e != nil {
						err = cmp.Or(err, fmt.Errorf("%s, day %d, column %d: %w", name, d, i, e))
					} else {
						sum = s
					}
				}
				out[d][i] = int64(math.Round(float64(sum) / float64(len(rs))))
				if band != nil {
					slices.Sort(vals)
					q := stats.Quantiles(vals, 0.05, 0.95)
					band[0][d][i], band[1][d][i] = int64(math.Round(q[0])), int64(math.Round(q[1]))
				}
			}
		}
		return out
	}
	m.Entries = mean("entries", func(r *Result) [][]int64 { return r.Entries }, &b.Entries)
	m.Exits = mean("exits", func(r *Result) [][]int64 { return r.Exits }, nil)
	m.Present = mean("present", func(r *Result) [][]int64 { return r.Present }, &b.Present)
	m.Stranded = mean("stranded", func(r *Result) [][]int64 { return r.Stranded }, nil)
	m.Arrived = mean("arrived", func(r *Result) [][]int64 { return r.Arrived }, nil)
	m.Passed = mean("passed", func(r *Result) [][]int64 { return r.Passed }, &b.Passed)
	m.Refused = mean("refused", func(r *Result) [][]int64 { return r.Refused }, nil)
	m.Queue = mean("queue", func(r *Result) [][]int64 { return r.Queue }, nil)
	m.Occupancy = mean("occupancy", func(r *Result) [][]int64 { return r.Occupancy }, &b.Occupancy)
	m.Capacity = mean("capacity", func(r *Result) [][]int64 { return r.Capacity }, nil)
	m.TurnedAway = mean("turned away", func(r *Result) [][]int64 { return r.TurnedAway }, nil)
	m.Registered = mean("registered", func(r *Result) [][]int64 { return r.Registered }, nil)
	m.EdgeFlow = mean("edge flow", func(r *Result) [][]int64 { return r.EdgeFlow }, nil)
	var ad, wall int64
	for _, r := range rs[1:] {
		wall += int64(r.Info.Wall)
	}
	for k, r := range rs {
		s, e := addCounts(ad, r.AgentDays)
		if e != nil {
			err = cmp.Or(err, fmt.Errorf("agent-days of replicate %d: %w", k, e))
		}
		ad = s
	}
	if err != nil {
		return nil, nil, err
	}
	m.Info.Wall += time.Duration(wall)
	m.AgentDays = ad
	return &m, b, nil
}

// Bands are the 5th and 95th percentiles, across replicates, of a mean
// run's main series, in whole agents: for each day and column, the
// replicates' values sorted, the quantile interpolated linearly between
// the two nearest ranks (Hyndman and Fan's definition 7, as
// golang.org/x/exp/stats.Quantiles and R's default compute it) and
// rounded to the nearest agent.
type Bands struct {
	// Entries, Present, Passed and Occupancy hold, for the tables of the
	// same names, the 5% [0] and 95% [1] quantiles over the replicates, in
	// agents.
	Entries, Present, Passed, Occupancy [2][][]int64
}
