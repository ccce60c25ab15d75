package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"gonum.org/v1/gonum/graph/path"
	"gonum.org/v1/gonum/graph/simple"
)

// roadLikeGraph builds a jittered w×h grid over the Balkans with edges to the
// right and lower neighbours (each kept with probability keep) and a few
// diagonals, lengths 1–1.4 times the straight line: sparse, planar-ish and
// with the degree distribution of a road network. Every edge is one crossing
// when its ends are in different "countries" (columns split in two halves).
func roadLikeGraph(tb testing.TB, w, h int, keep float64, seed uint64) *Network {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	var b Builder
	id := func(x, y int) NodeID { return NodeID(y*w + x) }
	for y := range h {
		for x := range w {
			country := "AAA"
			if x >= w/2 {
				country = "BBB"
			}
			b.AddNode(Node{
				ID:      itoa(int(id(x, y))),
				Country: country,
				Point:   orb.Point{13 + 10*(float64(x)+rng.Float64()*0.6)/float64(w), 37 + 10*(float64(y)+rng.Float64()*0.6)/float64(h)},
			})
		}
	}
	var crossing Crossing
	crossing.ID = "AAA-BBB"
	add := func(u, v NodeID) {
		km := GreatCircle(b.nodes[u].Point, b.nodes[v].Point) * Km(1+0.4*rng.Float64())
		e := b.AddEdge(Edge{From: u, To: v, Km: km})
		if b.nodes[u].Country != b.nodes[v].Country {
			crossing.Edges = append(crossing.Edges, e)
		}
	}
	for y := range h {
		for x := range w {
			if x+1 < w && rng.Float64() < keep {
				add(id(x, y), id(x+1, y))
			}
			if y+1 < h && rng.Float64() < keep {
				add(id(x, y), id(x, y+1))
			}
			if x+1 < w && y+1 < h && rng.Float64() < 0.1 {
				add(id(x, y), id(x+1, y+1))
			}
		}
	}
	if len(crossing.Edges) > 0 {
		b.AddCrossing(crossing)
	}
	n, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var buf [20]byte
	p := len(buf)
	for i > 0 {
		p--
		buf[p] = digits[i%10]
		i /= 10
	}
	return string(buf[p:])
}

// oracleDist computes distances to target with gonum's Dijkstra over the
// edges the router leaves open in both directions.
func oracleDist(r *Router, target NodeID) []float64 {
	g := simple.NewWeightedUndirectedGraph(0, math.Inf(1))
	net := r.net
	for v := range net.nodes {
		g.AddNode(simple.Node(v))
	}
	for i, e := range net.edges {
		if r.blocked[i] != 0 {
			continue
		}
		// keep the shortest of parallel edges
		if w, ok := g.Weight(int64(e.From), int64(e.To)); ok && w <= float64(e.Km) {
			continue
		}
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(e.From), simple.Node(e.To), float64(e.Km)))
	}
	sp := path.DijkstraFrom(simple.Node(target), g)
	out := make([]float64, len(net.nodes))
	for v := range out {
		out[v] = sp.WeightTo(int64(v))
	}
	return out
}

func checkTree(t *testing.T, r *Router, i int, want []float64) {
	t.Helper()
	tr := r.Tree(i)
	for v := range want {
		got := float64(tr.Dist(NodeID(v)))
		if math.IsInf(want[v], 1) != math.IsInf(got, 1) || (!math.IsInf(got, 1) && math.Abs(got-want[v]) > 1e-9*math.Max(1, want[v])) {
			t.Fatalf("tree %d node %d: dist %v, gonum says %v", i, v, got, want[v])
		}
		w, e, ok := tr.Next(NodeID(v))
		if NodeID(v) == tr.Target() || math.IsInf(got, 1) {
			if ok {
				t.Fatalf("tree %d node %d: next hop at target or unreachable node", i, v)
			}
			continue
		}
		if !ok || r.Closed(e, NodeID(v)) {
			t.Fatalf("tree %d node %d: no usable next hop (ok=%v)", i, v, ok)
		}
		if d := float64(r.net.edges[e].Km) + float64(tr.Dist(w)); d != got {
			t.Fatalf("tree %d node %d: next hop %d gives %v, dist is %v", i, v, w, d, got)
		}
	}
}

func TestRouterAgreesWithGonumDijkstra(t *testing.T) {
	for seed := range uint64(6) {
		net := roadLikeGraph(t, 20, 15, 0.8, seed)
		targets := []NodeID{0, NodeID(net.NumNodes() - 1), NodeID(net.NumNodes() / 2)}
		r := NewRouter(net, targets...)
		for i, tg := range targets {
			checkTree(t, r, i, oracleDist(r, tg))
		}
	}
}

// TestRouterRepairMatchesRebuild closes and reopens random edges in rounds and
// checks that the repaired trees equal trees rebuilt from scratch, bit for
// bit, and agree with gonum.
func TestRouterRepairMatchesRebuild(t *testing.T) {
	for seed := range uint64(8) {
		net := roadLikeGraph(t, 18, 14, 0.85, seed+100)
		rng := rand.New(rand.NewPCG(seed, 7))
		targets := []NodeID{0, NodeID(net.NumNodes() - 1), NodeID(rng.IntN(net.NumNodes()))}
		r := NewRouter(net, targets...)
		fresh := NewRouter(net, targets...)
		for round := range 12 {
			for range 1 + rng.IntN(25) {
				e := EdgeID(rng.IntN(net.NumEdges()))
				switch rng.IntN(3) {
				case 0:
					r.SetClosed(e, true)
				case 1:
					r.SetClosed(e, false)
				default:
					ed := net.edges[e]
					r.SetClosedFrom(e, ed.From, rng.IntN(2) == 0)
				}
			}
			if round%4 == 3 {
				r.SetCrossingClosed(0, round%8 == 3)
			}
			r.Update()
			copy(fresh.blocked, r.blocked)
			fresh.Rebuild()
			for i := range targets {
				a, b := r.Tree(i), fresh.Tree(i)
				for v := range a.dist {
					if a.dist[v] != b.dist[v] && !(math.IsInf(a.dist[v], 1) && math.IsInf(b.dist[v], 1)) {
						t.Fatalf("seed %d round %d tree %d node %d: repaired dist %v, rebuilt %v", seed, round, i, v, a.dist[v], b.dist[v])
					}
					if a.next[v] != b.next[v] {
						t.Fatalf("seed %d round %d tree %d node %d: repaired next %d, rebuilt %d", seed, round, i, v, a.next[v], b.next[v])
					}
				}
				if !hasOneWay(r) {
					checkTree(t, r, i, oracleDist(r, targets[i]))
				}
			}
		}
	}
}

func hasOneWay(r *Router) bool {
	for _, b := range r.blocked {
		if b == 1 || b == 2 {
			return true
		}
	}
	return false
}

func TestRouteAStarMatchesTree(t *testing.T) {
	net := roadLikeGraph(t, 25, 25, 0.75, 42)
	rng := rand.New(rand.NewPCG(3, 3))
	target := NodeID(net.NumNodes() - 1)
	r := NewRouter(net, target)
	for e := range EdgeID(net.NumEdges()) {
		if rng.IntN(10) == 0 {
			r.SetClosed(e, true)
		}
	}
	r.Update()
	tr := r.Tree(0)
	for range 200 {
		from := NodeID(rng.IntN(net.NumNodes()))
		p, ok := r.Route(from, target)
		if ok != tr.Reachable(from) {
			t.Fatalf("from %d: A* reachable=%v, tree says %v", from, ok, tr.Reachable(from))
		}
		if !ok {
			continue
		}
		if math.Abs(float64(p.Km-tr.Dist(from))) > 1e-9 {
			t.Fatalf("from %d: A* %v km, tree %v km", from, p.Km, tr.Dist(from))
		}
		var sum Km
		for i, e := range p.Edges {
			ed := net.Edge(e)
			if !(ed.From == p.Nodes[i] && ed.To == p.Nodes[i+1]) && !(ed.To == p.Nodes[i] && ed.From == p.Nodes[i+1]) {
				t.Fatalf("edge %d does not join %d and %d", e, p.Nodes[i], p.Nodes[i+1])
			}
			sum += ed.Km
		}
		if math.Abs(float64(sum-p.Km)) > 1e-9 {
			t.Fatalf("path edges sum to %v, path says %v", sum, p.Km)
		}
	}
}
