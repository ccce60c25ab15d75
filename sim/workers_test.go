package sim

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

// TestForEach: every index once, on no more goroutines than asked; the
// first error stops the rest and is returned.
func TestForEach(t *testing.T) {
	var seen [100]atomic.Int32
	var maxWorker atomic.Int32
	if err := ForEach(context.Background(), 3, 100, func(_ context.Context, w, i int) error {
		seen[i].Add(1)
		for {
			m := maxWorker.Load()
			if int32(w) <= m || maxWorker.CompareAndSwap(m, int32(w)) {
				break
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Errorf("index %d ran %d times", i, n)
		}
	}
	if m := maxWorker.Load(); m > 2 {
		t.Errorf("worker %d of 3", m)
	}
	var ran atomic.Int32
	boom := errors.New("boom")
	err := ForEach(context.Background(), 2, 1000, func(ctx context.Context, _, i int) error {
		ran.Add(1)
		if i == 5 {
			return boom
		}
		return ctx.Err()
	})
	if !errors.Is(err, boom) || ran.Load() > 500 {
		t.Errorf("ForEach = %v after %d runs, want boom and the rest not started", err, ran.Load())
	}
}
