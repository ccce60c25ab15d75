package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func TestNearestMatchesBruteForce(t *testing.T) {
	net := roadLikeGraph(t, 40, 40, 0.9, 5)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		p := orb.Point{12 + 12*rng.Float64(), 36 + 12*rng.Float64()}
		got, km := net.Nearest(p)
		best, bestKm := NodeID(None), Km(0)
		for v := range net.nodes {
			d := GreatCircle(net.nodes[v].Point, p)
			if best == None || d < bestKm {
				best, bestKm = NodeID(v), d
			}
		}
		if got != best || km != bestKm {
			t.Fatalf("Nearest(%v) = %d (%.4f km), brute force %d (%.4f km)", p, got, km, best, bestKm)
		}
	}
}

func TestNearestAllocatesNothing(t *testing.T) {
	net := roadLikeGraph(t, 30, 30, 0.9, 6)
	p := orb.Point{18.2, 42.1}
	net.Nearest(p)
	if a := testing.AllocsPerRun(200, func() { net.Nearest(p) }); a != 0 {
		t.Errorf("Nearest allocates %.1f times per call, want 0", a)
	}
}

func TestNearestEmpty(t *testing.T) {
	var b Builder
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := n.Nearest(orb.Point{1, 2}); v != None {
		t.Errorf("Nearest on empty network = %d, want None", v)
	}
}

func TestEdgesCrossedBy(t *testing.T) {
	n := smallNetwork(t)
	// A north–south wall between Vranje (21.9 E) and Wien (16.4 E) cuts
	// only the long edge.
	got := n.EdgesCrossedBy(orb.LineString{{19, 40}, {19, 50}})
	if len(got) != 1 || n.Edge(got[0]).Km != 900 {
		t.Errorf("wall at 19°E cuts %v, want the Vranje–Wien edge", got)
	}
	if got := n.EdgesCrossedBy(orb.LineString{{10, 40}, {10, 50}}); len(got) != 0 {
		t.Errorf("wall at 10°E cuts %v, want nothing", got)
	}
	r := NewRouter(n, 3)
	r.CloseWall(orb.LineString{{19, 40}, {19, 50}})
	if r.Tree(0).Reachable(0) {
		t.Error("Wien still reachable from Preševo behind the wall")
	}
}
