package geo

import "math"

// Path is a way through the network.
type Path struct {
	Nodes []NodeID // from the start to the end, inclusive
	Edges []EdgeID // Edges[i] joins Nodes[i] and Nodes[i+1]
	Km    Km       // total length
}

// PathCountries returns the countries the path passes through, in order, each
// consecutive run of nodes in one country counted once.
func (n *Network) PathCountries(p Path) []string {
	var out []string
	for _, v := range p.Nodes {
		c := n.nodes[v].Country
		if len(out) == 0 || out[len(out)-1] != c {
			out = append(out, c)
		}
	}
	return out
}

// PathCrossings returns the border crossings the path passes, in order.
func (n *Network) PathCrossings(p Path) []CrossingID {
	var out []CrossingID
	for _, e := range p.Edges {
		if c := n.edgeCrossing[e]; c != None {
			out = append(out, c)
		}
	}
	return out
}

// Route returns a shortest path from one node to another over the open
// edges, found by A* with the great-circle distance (scaled to stay below
// every edge's length) as heuristic. ok is false if to cannot be reached.
func (r *Router) Route(from, to NodeID) (p Path, ok bool) {
	net := r.net
	nn := len(net.nodes)
	g := make([]float64, nn)
	via := make([]int32, nn) // arc by which each node was reached
	done := make([]bool, nn)
	for i := range g {
		g[i] = math.Inf(1)
		via[i] = -1
	}
	h := newMinHeap(nn)
	goal := net.nodes[to].Point
	est := func(v NodeID) float64 {
		return float64(GreatCircle(net.nodes[v].Point, goal)) * net.heuristicScale
	}
	g[from] = 0
	h.push(from, est(from))
	for h.len() > 0 {
		u := h.pop()
		if u == to {
			break
		}
		done[u] = true
		for a := net.off[u]; a < net.off[u+1]; a++ {
			w := net.arcTo[a]
			if done[w] || !r.passable(a) {
				continue
			}
			if d := g[u] + net.arcKm[a]; d < g[w] {
				g[w] = d
				via[w] = a
				h.push(w, d+est(w))
			}
		}
	}
	if math.IsInf(g[to], 1) {
		return Path{}, false
	}
	for v := to; v != from; {
		a := via[v]
		p.Nodes = append(p.Nodes, v)
		p.Edges = append(p.Edges, net.arcEdge[a])
		v = net.arcTo[net.arcTwin[a]]
	}
	p.Nodes = append(p.Nodes, from)
	for i, j := 0, len(p.Nodes)-1; i < j; i, j = i+1, j-1 {
		p.Nodes[i], p.Nodes[j] = p.Nodes[j], p.Nodes[i]
	}
	for i, j := 0, len(p.Edges)-1; i < j; i, j = i+1, j-1 {
		p.Edges[i], p.Edges[j] = p.Edges[j], p.Edges[i]
	}
	p.Km = Km(g[to])
	return p, true
}
