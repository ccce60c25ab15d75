package sim

import (
	"context"
	"sync"
	"sync/atomic"
)

// Block is the most agents a worker moves between two looks at the
// context: a few milliseconds of work, so that a cancelled run stops well
// within a second whatever the number of agents or workers.
const Block = 1 << 16

// Padded returns a slice of n counters with a cache line of space on each
// side, so that workers counting into neighbouring slices do not contend.
func Padded(n int) []int64 {
	return make([]int64, n+16)[8 : 8+n : 8+n]
}

// ForShards moves the agents [lo, hi) on n goroutines at once, goroutine k
// taking the contiguous shard [lo+(hi−lo)k/n, lo+(hi−lo)(k+1)/n): it calls
// move(k, from, to) for the shard's consecutive blocks of at most Block
// agents, in order, and starts no block once ctx is done. It returns when
// every goroutine has. Merging what the shards collected in shard order
// gives lists in agent order whatever n is.
func ForShards(ctx context.Context, n, lo, hi int, move func(k, from, to int)) {
	done := ctx.Done()
	total := hi - lo
	var wg sync.WaitGroup
	for k := range n {
		from, to := lo+total*k/n, lo+total*(k+1)/n
		if from == to {
			continue
		}
		wg.Go(func() {
			for b := from; b < to; b += Block {
				select {
				case <-done:
					return
				default:
				}
				move(k, b, min(b+Block, to))
			}
		})
	}
	wg.Wait()
}

// ForChunks moves the agents [0, n) on workers goroutines that take chunks
// of size agents as they finish, so that busy agents bunched together do
// not all fall to one worker: goroutine k calls move(k, from, to) for each
// chunk it takes. No chunk is started once ctx is done. What the workers
// collect must not depend on who moved which chunk (sums do not).
func ForChunks(ctx context.Context, workers, n, size int, move func(k, from, to int)) {
	done := ctx.Done()
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				lo := int(next.Add(int64(size))) - size
				if lo >= n {
					return
				}
				move(k, lo, min(lo+size, n))
			}
		})
	}
	wg.Wait()
}

// ForEach calls f(ctx, worker, i) for every i in [0, n) on workers
// goroutines (at least one, at most n), each taking the next i as it
// finishes: runs of an ensemble, items of a sweep. The first error
// cancels the context f gets, no i is started after it, and ForEach
// returns it once every goroutine has; without one, it returns ctx's error
// if ctx was cancelled. worker tells a goroutine's own state apart (a
// cache of what its last i loaded).
func ForEach(ctx context.Context, workers, n int, f func(ctx context.Context, worker, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		once     sync.Once
		firstErr error
		wg       sync.WaitGroup
	)
	for w := range max(1, min(workers, n)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := f(ctx, w, i); err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
