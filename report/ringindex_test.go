package report

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestRingIndexAgreesWithOrb checks the ring index against orb's ring
// tests on every visible ring of the embedded outlines: inside or not for
// the label candidates' points and random ones, a vertex in a box or not
// for random boxes.
func TestRingIndexAgreesWithOrb(t *testing.T) {
	d := mapTestRun(t, "balkan-route-2015", 0)
	proj := newProjection(d.Network, mapFrame)
	view := orb.Bound{Min: proj.lonLat(mapFrame.Min), Max: proj.lonLat(mapFrame.Max)}
	rng := rand.New(rand.NewPCG(1, 2))
	rings := 0
	for _, c := range d.Kind.Outlines {
		for _, ix := range visibleRings(c, proj, view) {
			rings++
			b := ix.bound
			w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
			var pts []orb.Point
			// The candidates' centres and the corners of a box about the
			// size of a one-line name around them.
			const n = 40
			for i := range n {
				for j := range n {
					x := b.Min[0] + w*(float64(i)+0.5)/n
					y := b.Min[1] + h*(float64(j)+0.5)/n
					pts = append(pts, orb.Point{x, y}, orb.Point{x - 31, y - 7}, orb.Point{x + 31, y + 7}, orb.Point{x, y - 7})
				}
			}
			for range 2000 {
				pts = append(pts, orb.Point{b.Min[0] - 5 + (w+10)*rng.Float64(), b.Min[1] - 5 + (h+10)*rng.Float64()})
			}
			for _, p := range pts {
				if got, want := ix.contains(p), planar.RingContains(ix.ring, p); got != want {
					t.Errorf("%s: contains(%v) = %v, orb says %v", c.Code, p, got, want)
				}
			}
			for range 2000 {
				x0, y0 := b.Min[0]+w*rng.Float64(), b.Min[1]+h*rng.Float64()
				x1, y1 := x0+80*rng.Float64(), y0+30*rng.Float64()
				want := false
				for _, q := range ix.ring {
					if q[0] > x0 && q[0] < x1 && q[1] > y0 && q[1] < y1 {
						want = true
					}
				}
				if got := ix.vertexIn(x0, y0, x1, y1); got != want {
					t.Errorf("%s: vertexIn(%g, %g, %g, %g) = %v, want %v", c.Code, x0, y0, x1, y1, got, want)
				}
			}
		}
	}
	if rings == 0 {
		t.Fatal("no ring in view")
	}
}

// TestRingIndexSmall checks the index on hand-made rings, table by table.
func TestRingIndexSmall(t *testing.T) {
	square := orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	notch := orb.Ring{{0, 0}, {10, 0}, {10, 10}, {5, 5}, {0, 10}}
	for _, c := range []struct {
		name string
		ring orb.Ring
		p    orb.Point
		want bool
	}{
		{"square middle", square, orb.Point{5, 5}, true},
		{"square outside", square, orb.Point{11, 5}, false},
		{"square below", square, orb.Point{5, -1}, false},
		{"notch inside left", notch, orb.Point{2, 6}, true},
		{"notch in the notch", notch, orb.Point{5, 8}, false},
		{"notch under the notch's tip", notch, orb.Point{5, 4}, true},
		{"empty", nil, orb.Point{0, 0}, false},
	} {
		if got := newRingIndex(c.ring).contains(c.p); got != c.want {
			t.Errorf("%s: contains(%v) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
	if !newRingIndex(notch).vertexIn(4, 4, 6, 6) {
		t.Error("notch's tip (5, 5) not found in box (4, 4)–(6, 6)")
	}
	if newRingIndex(notch).vertexIn(5, 4, 6, 6) {
		t.Error("a vertex on the box's edge counted as inside")
	}
}
