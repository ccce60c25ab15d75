package sim_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/borderflow/borderflow/sim"
)

func TestNormalise(t *testing.T) {
	for _, c := range []struct {
		name        string
		in          sim.Options
		workers     int
		scale       float64
		errContains string
	}{
		{name: "defaults", in: sim.Options{}, workers: min(runtime.NumCPU(), sim.MaxWorkers), scale: 1},
		{name: "as given", in: sim.Options{Workers: 3, Scale: 0.5}, workers: 3, scale: 0.5},
		{name: "at the limit", in: sim.Options{Workers: sim.MaxWorkers}, workers: sim.MaxWorkers, scale: 1},
		{name: "past the limit", in: sim.Options{Workers: sim.MaxWorkers + 1}, errContains: "workers 1025: want at most MaxWorkers (1024)"},
		{name: "negative workers", in: sim.Options{Workers: -1}, errContains: "workers -1"},
		{name: "negative scale", in: sim.Options{Scale: -1}, errContains: "scale -1"},
		{name: "NaN scale", in: sim.Options{Scale: math.NaN()}, errContains: "scale NaN"},
		{name: "infinite scale", in: sim.Options{Scale: math.Inf(1)}, errContains: "scale +Inf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := c.in
			err := o.Normalise()
			if c.errContains != "" {
				if err == nil || !strings.Contains(err.Error(), c.errContains) {
					t.Fatalf("Normalise() = %v, want an error containing %q", err, c.errContains)
				}
				return
			}
			if err != nil || o.Workers != c.workers || o.Scale != c.scale {
				t.Errorf("Normalise() = %v, workers %d, scale %v; want workers %d, scale %v", err, o.Workers, o.Scale, c.workers, c.scale)
			}
		})
	}
}

func TestWorkersFor(t *testing.T) {
	for _, c := range []struct{ workers, n, want int }{
		{8, 1000, 8}, {8, 3, 3}, {8, 0, 1}, {sim.MaxWorkers, 1, 1},
	} {
		o := sim.Options{Workers: c.workers}
		if got := o.WorkersFor(c.n); got != c.want {
			t.Errorf("Workers %d: WorkersFor(%d) = %d, want %d", c.workers, c.n, got, c.want)
		}
	}
}

func TestAgentCount(t *testing.T) {
	for _, c := range []struct {
		n           float64
		want        int32
		errContains string
	}{
		{0, 0, ""},
		{12345, 12345, ""},
		{math.MaxInt32, math.MaxInt32, ""},
		{math.MaxInt32 + 1, 0, "x: 2147483648 agents: more than the 2147483647"},
		{1e300, 0, "x: 1e+300 agents: more than"},
		{math.Inf(1), 0, "x: +Inf agents: the count overflows"},
		{math.NaN(), 0, "x: NaN agents: the count overflows"},
		{-1, 0, "x: -1 agents: want 0 or more"},
	} {
		got, err := sim.AgentCount(c.n, "x")
		if c.errContains != "" {
			if err == nil || !strings.Contains(err.Error(), c.errContains) {
				t.Errorf("AgentCount(%v) = %d, %v; want an error containing %q", c.n, got, err, c.errContains)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("AgentCount(%v) = %d, %v; want %d", c.n, got, err, c.want)
		}
	}
}

// TestForShards checks that every agent is moved once, by the shard that
// owns it, in order within the shard, in blocks of at most Block.
func TestForShards(t *testing.T) {
	for _, c := range []struct{ n, lo, hi int }{
		{1, 0, 10}, {3, 5, 5 + 3*sim.Block + 7}, {8, 0, 5}, {4, 100, 100},
	} {
		var mu sync.Mutex
		seen := make([][]int, c.n)
		sim.ForShards(context.Background(), c.n, c.lo, c.hi, func(k, from, to int) {
			if to-from > sim.Block || from >= to {
				t.Errorf("block [%d, %d)", from, to)
			}
			mu.Lock()
			for i := from; i < to; i++ {
				seen[k] = append(seen[k], i)
			}
			mu.Unlock()
		})
		var all []int
		for k, s := range seen {
			total := c.hi - c.lo
			if want := total*(k+1)/c.n - total*k/c.n; len(s) != want {
				t.Errorf("%+v: shard %d moved %d agents, want %d", c, k, len(s), want)
			}
			all = append(all, s...)
		}
		want := make([]int, 0, c.hi-c.lo)
		for i := c.lo; i < c.hi; i++ {
			want = append(want, i)
		}
		if !slices.Equal(all, want) {
			t.Errorf("%+v: moved %d agents out of order or not once each", c, len(all))
		}
	}
}

// TestWorkersStopWhenCancelled: no block is started once the context is
// done, so a day stops after the blocks under way.
func TestWorkersStopWhenCancelled(t *testing.T) {
	const agents = 10 * sim.Block
	for _, c := range []struct {
		name string
		run  func(ctx context.Context, move func(k, from, to int))
	}{
		{"ForShards", func(ctx context.Context, move func(k, from, to int)) { sim.ForShards(ctx, 2, 0, agents, move) }},
		{"ForChunks", func(ctx context.Context, move func(k, from, to int)) { sim.ForChunks(ctx, 2, agents, sim.Block, move) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			calls := 0
			c.run(ctx, func(k, from, to int) { calls++ })
			if calls != 0 {
				t.Errorf("cancelled before: %d blocks moved, want none", calls)
			}
			ctx, cancel = context.WithCancel(context.Background())
			defer cancel()
			var mu sync.Mutex
			c.run(ctx, func(k, from, to int) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				cancel()
			})
			if calls > 2 {
				t.Errorf("cancelled in the first block: %d blocks moved on 2 workers, want at most 2", calls)
			}
		})
	}
}

func TestForChunks(t *testing.T) {
	for _, c := range []struct{ workers, n, size int }{{1, 10, 3}, {3, 10000, 7}, {5, 2, 2048}, {2, 0, 16}} {
		var mu sync.Mutex
		count := make([]int, c.n)
		sim.ForChunks(context.Background(), c.workers, c.n, c.size, func(k, from, to int) {
			mu.Lock()
			defer mu.Unlock()
			if k < 0 || k >= c.workers || to-from > c.size {
				t.Errorf("worker %d, chunk [%d, %d)", k, from, to)
			}
			for i := from; i < to; i++ {
				count[i]++
			}
		})
		for i, n := range count {
			if n != 1 {
				t.Fatalf("%+v: agent %d moved %d times", c, i, n)
			}
		}
	}
}

// result is a run of one day and one country whose entries are v, with
// seed as its seed.
func result(seed uint64, v int64) *sim.Result {
	one := func(v int64) [][]int64 { return [][]int64{{v}} }
	none := [][]int64{{}}
	return &sim.Result{
		Info:      sim.RunInfo{Source: "s", Model: sim.ModelBorderAware, Scale: 1, Seed: seed},
		Countries: []string{"AAA"},
		Entries:   one(v), Exits: one(0), Present: one(v), Stranded: one(0),
		Arrived: none, Passed: none, Refused: none, Queue: none,
		Occupancy: none, Capacity: none, TurnedAway: none, EdgeFlow: none,
		AgentDays: v,
	}
}

func TestMean(t *testing.T) {
	for _, c := range []struct {
		name           string
		vals           []int64
		mean, p05, p95 int64
		errContains    string
	}{
		{name: "one", vals: []int64{7}, mean: 7, p05: 7, p95: 7},
		// Sorted 0, 10, 20, 30, 40: rank 1 + 4q, linear between ranks.
		{name: "five", vals: []int64{40, 0, 20, 10, 30}, mean: 20, p05: 2, p95: 38},
		// 1.45th and 9.55th of 1 … 9, 100; the mean 14.5 rounds up.
		{name: "ten", vals: []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 100}, mean: 15, p05: 1, p95: 59},
		{name: "overflow", vals: []int64{math.MaxInt64, 1}, errContains: "entries, day 0, column 0: 9223372036854775807 + 1 overflows int64"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rs []*sim.Result
			for _, v := range c.vals {
				rs = append(rs, result(1, v))
			}
			m, b, err := sim.Mean(rs)
			if c.errContains != "" {
				if err == nil || !strings.Contains(err.Error(), c.errContains) {
					t.Fatalf("Mean = %v, want an error containing %q", err, c.errContains)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Entries[0][0] != c.mean || m.Info.Replicates != len(c.vals) {
				t.Errorf("mean %d of %d replicates, want %d of %d", m.Entries[0][0], m.Info.Replicates, c.mean, len(c.vals))
			}
			if p05, p95 := b.Entries[0][0][0], b.Entries[1][0][0]; p05 != c.p05 || p95 != c.p95 {
				t.Errorf("entries band %d–%d, want %d–%d", p05, p95, c.p05, c.p95)
			}
		})
	}
}

// TestMeanRefusesDifferentRuns: replicates of different runs are not
// averaged.
func TestMeanRefusesDifferentRuns(t *testing.T) {
	a, b := result(1, 1), result(2, 1)
	b.Info.Scale = 0.5
	if _, _, err := sim.Mean([]*sim.Result{a, b}); err == nil || !strings.Contains(err.Error(), "replicate 1 is a run of s (border-aware, scale 0.5, 1 days)") {
		t.Errorf("Mean = %v, want the runs told apart", err)
	}
	if _, _, err := sim.Mean(nil); err == nil {
		t.Error("Mean(nil) succeeded")
	}
}

// TestRunReplicates: replicate k runs with ReplicateSeed(base, k) and is
// handed to each in the order of k, however many run at once; a failing
// run stops the rest.
func TestRunReplicates(t *testing.T) {
	errRun := errors.New("run failed")
	for _, c := range []struct {
		name        string
		opts        sim.Options
		n           int
		failAt      int // the replicate whose run fails; -1: none
		base        uint64
		each        []int
		bands       bool
		errContains string
	}{
		{name: "one run as it is", opts: sim.Options{Seed: 9, SeedSet: true}, n: 1, failAt: -1},
		{name: "one run, scenario seed", n: 1, failAt: -1},
		{name: "three from the base", n: 3, failAt: -1, base: 5, each: []int{0, 1, 2}, bands: true},
		{name: "three from --seed", opts: sim.Options{Seed: 9, SeedSet: true}, n: 3, failAt: -1, base: 9, each: []int{0, 1, 2}, bands: true},
		{name: "three, one at a time", opts: sim.Options{Workers: 1}, n: 3, failAt: -1, base: 5, each: []int{0, 1, 2}, bands: true},
		{name: "five, four at a time", opts: sim.Options{Workers: 4}, n: 5, failAt: -1, base: 5, each: []int{0, 1, 2, 3, 4}, bands: true},
		{name: "a run fails", opts: sim.Options{Workers: 1}, n: 3, failAt: 1, base: 5, each: []int{0}, errContains: "run failed"},
		{name: "no replicates", n: 0, failAt: -1, errContains: "0 replicates"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var (
				mu            sync.Mutex
				running, most int
				each          []int
			)
			index := map[uint64]int{}
			for k := range c.n {
				index[sim.ReplicateSeed(c.base, k)] = k
			}
			run := func(_ context.Context, o sim.Options) (*sim.Result, error) {
				mu.Lock()
				running++
				most = max(most, running)
				mu.Unlock()
				defer func() {
					mu.Lock()
					running--
					mu.Unlock()
				}()
				if c.n == 1 {
					if o.Seed != c.opts.Seed || o.SeedSet != c.opts.SeedSet {
						t.Errorf("one run got seed %d (set %v), want the options as given", o.Seed, o.SeedSet)
					}
					return result(o.Seed, 2), nil
				}
				k, ok := index[o.Seed]
				if !ok || !o.SeedSet {
					t.Errorf("a run with seed %d (set %v), not a replicate's", o.Seed, o.SeedSet)
				}
				if k == c.failAt {
					return nil, errRun
				}
				return result(o.Seed, int64(k+1)), nil
			}
			r, b, err := sim.RunReplicates(context.Background(), run, 5, c.opts, c.n, func(k int, r *sim.Result) error {
				each = append(each, k)
				if want := sim.ReplicateSeed(c.base, k); r.Info.Seed != want {
					t.Errorf("each(%d) got the run of seed %d, want %d", k, r.Info.Seed, want)
				}
				return nil
			})
			if !slices.Equal(each, c.each) {
				t.Errorf("each called for %v; want %v", each, c.each)
			}
			if w := c.opts.Workers; w > 0 && most > w {
				t.Errorf("%d replicates ran at once with %d workers", most, w)
			}
			if c.errContains != "" {
				if err == nil || !strings.Contains(err.Error(), c.errContains) {
					t.Errorf("RunReplicates = %v, want an error containing %q", err, c.errContains)
				}
				return
			}
			if err != nil || r == nil || (b != nil) != c.bands {
				t.Fatalf("RunReplicates = %v, %v, %v; want a result, bands %v", r, b, err, c.bands)
			}
			if want := int64(c.n+1) / 2; c.n > 1 && (r.Info.Replicates != c.n || r.Entries[0][0] != want) {
				t.Errorf("mean of %d replicates, entries %d; want %d replicates, entries %d", r.Info.Replicates, r.Entries[0][0], c.n, want)
			}
		})
	}
}
