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
	// pass is, per node, the one way on from a node with nothing to
	// decide (see buildPass), −1 elsewhere.
	pass []int32
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

// buildPass fills h.pass: for every node v where an agent heading for
// exit has nothing to decide, the arc it takes on. Such a node is not the
// exit, has no centre (centre[v] false) and has one hop, and that hop
// crosses no border post. Arriving there, an agent takes that arc without
// a draw, so the hot loop looks it up instead of deciding.
func buildPass(net *geo.Network, exit geo.NodeID, centre []bool, arcPost []int32, h *hops) {
	n := net.NumNodes()
	if cap(h.pass) < n {
		h.pass = make([]int32, n)
	}
	h.pass = h.pass[:n]
	for v := range geo.NodeID(n) {
		h.pass[v] = -1
		if lo, hi := h.off[v], h.off[v+1]; hi-lo == 1 && v != exit && !centre[v] && arcPost[h.arcs[lo]] < 0 {
			h.pass[v] = h.arcs[lo]
		}
	}
}

// passRules is what buildPass needs of the engine: the exits (one per
// tree), which nodes have centres and which arcs cross a post.
type passRules struct {
	exits   []geo.NodeID
	centre  []bool
	arcPost []int32
}

// view is a router with its trees and their hop tables, one per exit.
type view struct {
	r     *geo.Router
	hops  []hops
	rules *passRules
}

func newView(net *geo.Network, r *geo.Router, rules *passRules) *view {
	v := &view{r: r, hops: make([]hops, r.NumTrees()), rules: rules}
	v.rebuild(net)
	return v
}

func (v *view) rebuild(net *geo.Network) {
	v.r.Update()
	for i := range v.hops {
		buildHops(net, v.r, v.r.Tree(i), &v.hops[i])
		buildPass(net, v.rules.exits[i], v.rules.centre, v.rules.arcPost, &v.hops[i])
	}
}

// passAt returns the arc an agent heading for exit takes on from node with
// nothing to decide, or −1 if it decides there.
func (v *view) passAt(exit int, node geo.NodeID) int32 { return v.hops[exit].pass[node] }

func (v *view) at(exit int, node geo.NodeID) []int32 {
	h := &v.hops[exit]
	return h.arcs[h.off[node]:h.off[node+1]]
}
