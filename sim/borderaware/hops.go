package borderaware

import "github.com/borderflow/borderflow/geo"

// hops lists, for every node, the arcs an agent may take toward one exit:
// the tree's next hop first, then every other open arc that makes progress
// and whose way is at most RouteSpread longer than the shortest. It is built
// when the tree changes (on event days), so that choosing a move in the hot
// loop is a table look-up.
type hops struct {
	off  []int32 // per node: hops of v are arcs[off[v]:off[v+1]]
	arcs []int32
}

func buildHops(net *geo.Network, r *geo.Router, t *geo.Tree, h *hops) {
	n := net.NumNodes()
	if cap(h.off) < n+1 {
		h.off = make([]int32, n+1)
	}
	h.off = h.off[:n+1]
	h.arcs = h.arcs[:0]
	for v := range geo.NodeID(n) {
		h.off[v] = int32(len(h.arcs))
		best := t.NextArc(v)
		if best < 0 {
			continue
		}
		h.arcs = append(h.arcs, best)
		dv := float64(t.Dist(v))
		limit := dv * (1 + RouteSpread)
		lo, hi := net.Arcs(v)
		for a := lo; a < hi; a++ {
			w := net.ArcHead(a)
			if a != best && r.Passable(a) && float64(t.Dist(w)) < dv && float64(net.ArcKm(a))+float64(t.Dist(w)) <= limit {
				h.arcs = append(h.arcs, a)
			}
		}
	}
	h.off[n] = int32(len(h.arcs))
}

// view is a router with its trees and their hop tables, one per exit.
type view struct {
	r    *geo.Router
	hops []hops
}

func newView(net *geo.Network, r *geo.Router) *view {
	v := &view{r: r, hops: make([]hops, r.NumTrees())}
	v.rebuild(net)
	return v
}

func (v *view) rebuild(net *geo.Network) {
	v.r.Update()
	for i := range v.hops {
		buildHops(net, v.r, v.r.Tree(i), &v.hops[i])
	}
}

func (v *view) at(exit int, node geo.NodeID) []int32 {
	h := &v.hops[exit]
	return h.arcs[h.off[node]:h.off[node+1]]
}
