package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Tree is a reverse shortest-path tree toward one target node: for every node,
// the road distance to the target and the next hop on a shortest way there.
// Look-ups are O(1) and allocate nothing.
//
// Among next hops of equal distance the tree keeps the arc that comes first in
// the node's adjacency, so a tree depends only on the network and the closed
// edges, never on how it was computed (fully or by repair).
type Tree struct {
	net    *Network
	target NodeID
	dist   []float64 // +Inf where the target cannot be reached
	next   []int32   // arc from v toward the target; -1 at the target and where unreachable
}

// Target returns the node the tree leads to.
func (t *Tree) Target() NodeID { return t.target }

// Dist returns the road distance from v to the target, +Inf if unreachable.
func (t *Tree) Dist(v NodeID) Km { return Km(t.dist[v]) }

// Reachable reports whether the target can be reached from v.
func (t *Tree) Reachable(v NodeID) bool { return !math.IsInf(t.dist[v], 1) }

// Next returns the next node and the edge leading to it on a shortest way
// from v to the target; ok is false at the target and where it is unreachable.
func (t *Tree) Next(v NodeID) (w NodeID, e EdgeID, ok bool) {
	a := t.next[v]
	if a < 0 {
		return None, None, false
	}
	return t.net.arcTo[a], t.net.arcEdge[a], true
}

// Path returns the nodes from v to the target along the tree, or nil if the
// target cannot be reached from v.
func (t *Tree) Path(v NodeID) []NodeID {
	if !t.Reachable(v) {
		return nil
	}
	p := []NodeID{v}
	for v != t.target {
		v = t.net.arcTo[t.next[v]]
		p = append(p, v)
	}
	return p
}

// Router holds a set of closed edges over a Network and one Tree per target
// (by default, per exit). Changing closures marks the router stale; Update
// repairs only the trees, and only the parts of them, that the changes touch.
//
// A Router is not safe for concurrent mutation. After Update, its trees may be
// read from any number of goroutines until the next change.
type Router struct {
	net     *Network
	blocked []uint8 // per edge: bit 1 From→To closed, bit 2 To→From closed
	trees   []Tree
	changed []EdgeID // edges whose state changed since the last Update
	before  []uint8  // their state at the last Update, parallel to changed
	mark    []uint8  // per edge: 1 while listed in changed

	// scratch for searches, reused to avoid allocation
	heap  *minHeap
	state []uint8
	touch []NodeID
	stack []NodeID
}

// NewRouter returns a router with every edge open and one tree per target;
// with no targets given, the network's exits are the targets.
func NewRouter(net *Network, targets ...NodeID) *Router {
	if len(targets) == 0 {
		targets = net.exits
	}
	r := &Router{
		net:     net,
		blocked: make([]uint8, len(net.edges)),
		mark:    make([]uint8, len(net.edges)),
		trees:   make([]Tree, len(targets)),
		heap:    newMinHeap(len(net.nodes)),
		state:   make([]uint8, len(net.nodes)),
	}
	for i, t := range targets {
		if t < 0 || int(t) >= len(net.nodes) {
			panic(fmt.Sprintf("geo.NewRouter: target %d out of range", t))
		}
		r.trees[i] = Tree{net: net, target: t, dist: make([]float64, len(net.nodes)), next: make([]int32, len(net.nodes))}
	}
	r.Rebuild()
	return r
}

// Network returns the network the router runs on.
func (r *Router) Network() *Network { return r.net }

// NumTrees returns the number of targets.
func (r *Router) NumTrees() int { return len(r.trees) }

// Tree returns the i-th tree (in the order of the targets), repairing the
// trees first if closures changed since the last Update.
func (r *Router) Tree(i int) *Tree {
	if len(r.changed) > 0 {
		r.Update()
	}
	return &r.trees[i]
}

// Rebuild recomputes every tree from scratch.
func (r *Router) Rebuild() {
	r.clearChanges()
	for i := range r.trees {
		r.full(&r.trees[i])
	}
}

func (r *Router) clearChanges() {
	for _, e := range r.changed {
		r.mark[e] = 0
	}
	r.changed = r.changed[:0]
	r.before = r.before[:0]
}

// passable reports whether the arc a can be travelled in the direction it points.
func (r *Router) passable(a int32) bool {
	return r.blocked[r.net.arcEdge[a]]&r.net.arcBit[a] == 0
}

// Closed reports whether edge e is closed in the direction leaving node from.
func (r *Router) Closed(e EdgeID, from NodeID) bool {
	return r.blocked[e]&r.dirBit(e, from) != 0
}

func (r *Router) dirBit(e EdgeID, from NodeID) uint8 {
	if r.net.edges[e].From == from {
		return 1
	}
	return 2
}

func (r *Router) set(e EdgeID, bits uint8) {
	if r.blocked[e] == bits {
		return
	}
	if r.mark[e] == 0 {
		r.mark[e] = 1
		r.changed = append(r.changed, e)
		r.before = append(r.before, r.blocked[e])
	}
	r.blocked[e] = bits
}

// SetClosed closes (or opens) edge e in both directions.
func (r *Router) SetClosed(e EdgeID, closed bool) {
	if closed {
		r.set(e, 3)
	} else {
		r.set(e, 0)
	}
}

// SetClosedFrom closes (or opens) edge e for travel leaving node from only:
// a border that lets people out but not in.
func (r *Router) SetClosedFrom(e EdgeID, from NodeID, closed bool) {
	b := r.dirBit(e, from)
	if closed {
		r.set(e, r.blocked[e]|b)
	} else {
		r.set(e, r.blocked[e]&^b)
	}
}

// SetCrossingClosed closes (or opens) every edge of crossing c in both directions.
func (r *Router) SetCrossingClosed(c CrossingID, closed bool) {
	for _, e := range r.net.crossings[c].Edges {
		r.SetClosed(e, closed)
	}
}

// SetBorderClosed closes (or opens) every crossing between countries a and b
// and returns how many there are.
func (r *Router) SetBorderClosed(a, b string, closed bool) int {
	cs := r.net.CrossingsBetween(a, b)
	for _, c := range cs {
		r.SetCrossingClosed(c, closed)
	}
	return len(cs)
}

// CloseWall closes every edge whose geometry the polyline wall intersects and
// returns those edges.
func (r *Router) CloseWall(wall orb.LineString) []EdgeID {
	es := r.net.EdgesCrossedBy(wall)
	for _, e := range es {
		r.SetClosed(e, true)
	}
	return es
}

// full computes t from scratch with a reverse Dijkstra search from its target.
func (r *Router) full(t *Tree) {
	for i := range t.dist {
		t.dist[i] = math.Inf(1)
		t.next[i] = -1
	}
	t.dist[t.target] = 0
	r.heap.push(t.target, 0)
	r.search(t)
	r.touch = r.touch[:0]
	for v := range t.next {
		r.pickNext(t, NodeID(v))
	}
}

// search runs Dijkstra from the queued nodes, lowering dist of nodes that can
// reach a queued node, and records every node whose distance it changed in r.touch.
func (r *Router) search(t *Tree) {
	net := r.net
	h := r.heap
	for h.len() > 0 {
		w := h.pop()
		dw := t.dist[w]
		for a := net.off[w]; a < net.off[w+1]; a++ {
			// arc a runs w→u; people travel u→w, along its twin.
			if !r.passable(net.arcTwin[a]) {
				continue
			}
			u := net.arcTo[a]
			if d := dw + net.arcKm[a]; d < t.dist[u] {
				t.dist[u] = d
				r.touch = append(r.touch, u)
				h.push(u, d)
			}
		}
	}
}

// pickNext sets t.next[v] to the first passable arc from v that lies on a
// shortest way to the target.
func (r *Router) pickNext(t *Tree, v NodeID) {
	t.next[v] = -1
	if v == t.target || math.IsInf(t.dist[v], 1) {
		return
	}
	net := r.net
	for a := net.off[v]; a < net.off[v+1]; a++ {
		if r.passable(a) && net.arcKm[a]+t.dist[net.arcTo[a]] == t.dist[v] {
			t.next[v] = a
			return
		}
	}
}

// Update repairs the trees after closures changed. For each tree, a closed
// arc matters only if it is the next hop of its tail: the subtree behind it is
// cut off and searched again from its boundary. An opened arc matters only if
// it shortens the way from its tail: the improvement is propagated outward.
// Trees that no change touches are left alone.
func (r *Router) Update() {
	if len(r.changed) == 0 {
		return
	}
	for i := range r.trees {
		r.repair(&r.trees[i])
	}
	r.clearChanges()
}

// node states during a repair
const (
	stUnknown uint8 = iota
	stKept
	stCut
)

func (r *Router) repair(t *Tree) {
	net := r.net
	r.touch = r.touch[:0]
	// 1. Tails of closed tree arcs are cut.
	cut := false
	for _, e := range r.changed {
		ed := &net.edges[e]
		for _, v := range [2]NodeID{ed.From, ed.To} {
			if a := t.next[v]; a >= 0 && net.arcEdge[a] == e && !r.passable(a) {
				r.state[v] = stCut
				cut = true
			}
		}
	}
	if cut {
		r.cutSubtrees(t)
	}
	// 2. Cut nodes restart from their best uncut neighbour.
	for _, v := range r.touch {
		best := math.Inf(1)
		for a := net.off[v]; a < net.off[v+1]; a++ {
			if w := net.arcTo[a]; r.state[w] != stCut && r.passable(a) {
				best = math.Min(best, net.arcKm[a]+t.dist[w])
			}
		}
		if !math.IsInf(best, 1) {
			t.dist[v] = best
			r.heap.push(v, best)
		}
	}
	// 3. Opened arcs that shorten a way seed the search.
	for k, e := range r.changed {
		opened := r.before[k] &^ r.blocked[e]
		if opened == 0 {
			continue
		}
		for a := net.off[net.edges[e].From]; a < net.off[net.edges[e].From+1]; a++ {
			if net.arcEdge[a] != e {
				continue
			}
			for _, arc := range [2]int32{a, net.arcTwin[a]} {
				if !r.passable(arc) {
					continue
				}
				u, w := net.arcTo[net.arcTwin[arc]], net.arcTo[arc]
				if d := t.dist[w] + net.arcKm[arc]; d < t.dist[u] {
					t.dist[u] = d
					r.touch = append(r.touch, u)
					r.heap.push(u, d)
				}
			}
		}
	}
	for _, v := range r.touch {
		r.state[v] = stUnknown
	}
	if len(r.touch) == 0 {
		return
	}
	r.search(t)
	// 4. Next hops change only at nodes whose distance changed and at their
	// neighbours (a neighbour may gain or lose a tie).
	for _, v := range r.touch {
		r.pickNext(t, v)
		for a := net.off[v]; a < net.off[v+1]; a++ {
			r.pickNext(t, net.arcTo[a])
		}
	}
	r.touch = r.touch[:0]
}

// cutSubtrees marks every node whose tree path passes through a cut node as
// cut, sets its distance to +Inf and lists it in r.touch; other nodes are
// marked kept. State is reset to unknown for kept nodes before returning.
func (r *Router) cutSubtrees(t *Tree) {
	net := r.net
	r.state[t.target] = stKept
	for s := range t.next {
		v := NodeID(s)
		r.stack = r.stack[:0]
		for r.state[v] == stUnknown {
			if t.next[v] < 0 { // unreachable before the change: stays so
				r.state[v] = stKept
				break
			}
			r.stack = append(r.stack, v)
			v = net.arcTo[t.next[v]]
		}
		st := r.state[v]
		for _, u := range r.stack {
			r.state[u] = st
		}
	}
	for v := range t.next {
		switch r.state[v] {
		case stCut:
			t.dist[v] = math.Inf(1)
			t.next[v] = -1
			r.touch = append(r.touch, NodeID(v))
		case stKept:
			r.state[v] = stUnknown
		}
	}
}

// NextArc returns the arc leaving v on a shortest way to the target, or -1
// at the target and where it is unreachable.
func (t *Tree) NextArc(v NodeID) int32 { return t.next[v] }

// Passable reports whether arc a can be travelled in the direction it points.
func (r *Router) Passable(a int32) bool { return r.passable(a) }
