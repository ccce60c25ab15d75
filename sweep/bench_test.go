package sweep

import (
	"context"
	"runtime"
	"testing"
)

// BenchmarkSweep1000 runs a 1,000-item sweep of the default scenario at
// scale 0.1 (100 points × 10 replicates) and merges it: the issue's
// target is 60 s on a 2-core machine, with memory flat in the items
// (reported as the heap in use after the sweep, MB).
func BenchmarkSweep1000(b *testing.B) {
	text := `name: bench
scenario: balkan-route-2015
scale: 0.1
replicates: 10
vary:
  info_delay_days: [0, 1, 2, 3, 4]
  arrivals.aegean-islands.scale: [0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2, 2.1, 2.2, 2.3, 2.4, 2.5]
`
	sw := newTestSweep(b, text)
	for b.Loop() {
		dir := b.TempDir()
		if _, err := sw.Run(context.Background(), dir, Shard{}, Options{}); err != nil {
			b.Fatal(err)
		}
		if _, err := Merge(dir); err != nil {
			b.Fatal(err)
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MB")
}
