package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkOneToAll1M is one full shortest-path tree over a generated
// road-like graph of one million nodes (target: under 300 ms on 2 cores).
func BenchmarkOneToAll1M(b *testing.B) {
	net := roadLikeGraph(b, 1000, 1000, 0.85, 1)
	r := NewRouter(net, 0)
	b.ReportMetric(float64(net.NumNodes()), "nodes")
	b.ResetTimer()
	for b.Loop() {
		r.Rebuild()
	}
}

// BenchmarkNearest is a nearest-node look-up by coordinate on a
// 250,000-node graph (target: under 2 µs, no allocation).
func BenchmarkNearest(b *testing.B) {
	net := roadLikeGraph(b, 500, 500, 0.9, 2)
	rng := rand.New(rand.NewPCG(1, 1))
	pts := make([]orb.Point, 1024)
	for i := range pts {
		pts[i] = orb.Point{13 + 10*rng.Float64(), 37 + 10*rng.Float64()}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		net.Nearest(pts[i&1023])
		i++
	}
}
