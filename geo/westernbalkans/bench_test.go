package westernbalkans

import (
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/paulmach/orb"
)

// BenchmarkRebuildExitTrees recomputes every exit tree of the embedded
// network from scratch (target: under 2 ms).
func BenchmarkRebuildExitTrees(b *testing.B) {
	net, err := Network()
	if err != nil {
		b.Fatal(err)
	}
	r := geo.NewRouter(net)
	b.ReportAllocs()
	for b.Loop() {
		r.Rebuild()
	}
}

// BenchmarkRepairBorderClosure closes and reopens the Serbia–Hungary border
// and repairs the exit trees each time, as a scenario's events do.
func BenchmarkRepairBorderClosure(b *testing.B) {
	net, err := Network()
	if err != nil {
		b.Fatal(err)
	}
	r := geo.NewRouter(net)
	closed := false
	b.ReportAllocs()
	for b.Loop() {
		closed = !closed
		r.SetBorderClosed("SRB", "HUN", closed)
		r.Update()
	}
}

// BenchmarkLoad decodes the embedded GeoJSON into a Network.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := geo.Decode(GeoJSON(), "network.geojson"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNearest looks up the node nearest to points spread over the
// region (target: under 2 µs, no allocation).
func BenchmarkNearest(b *testing.B) {
	net, err := Network()
	if err != nil {
		b.Fatal(err)
	}
	pts := make([]orb.Point, 0, 256)
	for i := range 16 {
		for j := range 16 {
			pts = append(pts, orb.Point{13.5 + 0.7*float64(i), 36.5 + 0.75*float64(j)})
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		net.Nearest(pts[i&255])
		i++
	}
}
