package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Network is an immutable road-and-border graph. Its arrays are shared by every
// Router built on it, so one Network serves any number of concurrent runs.
//
// Edges are stored once (undirected) and as two arcs in a compressed sparse row
// (CSR) adjacency: the arcs leaving node v are off[v] to off[v+1]-1.
type Network struct {
	nodes     []Node
	edges     []Edge
	crossings []Crossing

	edgeCrossing []CrossingID // per edge; None if the edge is not a border crossing

	off     []int32   // CSR offsets, len NumNodes()+1
	arcTo   []NodeID  // per arc: head node
	arcEdge []EdgeID  // per arc: the undirected edge
	arcKm   []float64 // per arc: length, copied for locality
	arcTwin []int32   // per arc: the arc of the same edge in the other direction
	arcBit  []uint8   // per arc: 1 if it runs From→To on its edge, 2 if To→From

	byID       map[string]NodeID
	byName     map[string][]NodeID // folded name → nodes
	crossingID map[string]CrossingID
	countries  []string // sorted, unique
	centres    []NodeID
	entries    []NodeID
	exits      []NodeID
	spatial    *spatialIndex
	edgeIdx    edgeIndex

	// heuristicScale ≤ 1 makes GreatCircle × heuristicScale a lower bound of
	// every path's length, so A* stays exact.
	heuristicScale float64
}

// BuildError reports a problem with one element passed to a Builder.
type BuildError struct {
	Elem  string // "node", "edge", "crossing" or "network"
	Index int    // the element's index in the order it was added; -1 for "network"
	Err   error
}

// Error returns the message, prefixed with the element and its index.
func (e *BuildError) Error() string {
	if e.Index < 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s %d: %v", e.Elem, e.Index, e.Err)
}

// Unwrap returns the underlying error.
func (e *BuildError) Unwrap() error { return e.Err }

// Builder collects nodes, edges and crossings and builds a Network.
// The zero value is an empty builder ready to use.
type Builder struct {
	nodes     []Node
	edges     []Edge
	crossings []Crossing
}

// AddNode adds a node and returns its id.
func (b *Builder) AddNode(n Node) NodeID {
	b.nodes = append(b.nodes, n)
	return NodeID(len(b.nodes) - 1)
}

// AddEdge adds an undirected edge and returns its id.
func (b *Builder) AddEdge(e Edge) EdgeID {
	b.edges = append(b.edges, e)
	return EdgeID(len(b.edges) - 1)
}

// AddCrossing adds a border crossing made of the edges listed in c.Edges and
// returns its id. Its countries are filled in by Build.
func (b *Builder) AddCrossing(c Crossing) CrossingID {
	b.crossings = append(b.crossings, c)
	return CrossingID(len(b.crossings) - 1)
}

// NumNodes returns the number of nodes added so far.
func (b *Builder) NumNodes() int { return len(b.nodes) }

// Node returns the node added with id v. It panics if v is out of range.
func (b *Builder) Node(v NodeID) *Node { return &b.nodes[v] }

// Build checks what was added and returns the Network. It reports the first
// problem found as a *BuildError naming the element. The Builder must not be
// used afterwards.
func (b *Builder) Build() (*Network, error) {
	n := &Network{
		nodes:      b.nodes,
		edges:      b.edges,
		crossings:  b.crossings,
		byID:       make(map[string]NodeID, len(b.nodes)),
		byName:     make(map[string][]NodeID, len(b.nodes)),
		crossingID: make(map[string]CrossingID, len(b.crossings)),
	}
	if len(n.nodes) > math.MaxInt32/2 || len(n.edges) > math.MaxInt32/2 {
		return nil, &BuildError{"network", -1, fmt.Errorf("too large: %d nodes, %d edges (limit %d)", len(n.nodes), len(n.edges), math.MaxInt32/2)}
	}
	if err := n.checkNodes(); err != nil {
		return nil, err
	}
	if err := n.checkEdges(); err != nil {
		return nil, err
	}
	if err := n.checkCrossings(); err != nil {
		return nil, err
	}
	n.buildCSR()
	n.index()
	if err := n.checkReachability(); err != nil {
		return nil, err
	}
	*b = Builder{}
	return n, nil
}

func nodeErr(i int, format string, args ...any) error {
	return &BuildError{"node", i, fmt.Errorf(format, args...)}
}

func edgeErr(i int, format string, args ...any) error {
	return &BuildError{"edge", i, fmt.Errorf(format, args...)}
}

// ValidCountry reports whether code looks like an ISO 3166-1 alpha-3 code
// (three upper-case ASCII letters; XKX stands for Kosovo).
func ValidCountry(code string) bool {
	if len(code) != 3 {
		return false
	}
	for i := range 3 {
		if code[i] < 'A' || code[i] > 'Z' {
			return false
		}
	}
	return true
}

func (n *Network) checkNodes() error {
	for i := range n.nodes {
		nd := &n.nodes[i]
		if err := CheckID(nd.ID); err != nil {
			return &BuildError{"node", i, err}
		}
		if err := nd.checkText(); err != nil {
			return nodeErr(i, "%q: %w", nd.ID, err)
		}
		switch {
		case nd.Country == "":
			return nodeErr(i, "%q has no country (want an ISO 3166-1 alpha-3 code such as SRB)", nd.ID)
		case !ValidCountry(nd.Country):
			return nodeErr(i, "%q: country %q is not an ISO 3166-1 alpha-3 code (want three capital letters such as SRB; Kosovo is XKX)", nd.ID, nd.Country)
		case nd.Kind > Exit:
			return nodeErr(i, "%q: %v", nd.ID, nd.Kind)
		case !validLonLat(nd.Point[0], nd.Point[1]):
			return nodeErr(i, "%q: coordinates %v are not a longitude in [-180,180] and a latitude in [-90,90]", nd.ID, nd.Point)
		case nd.Kind == Centre && nd.Centre != nil && (nd.Centre.Capacity < 0 || nd.Centre.Capacity > MaxCapacity):
			return nodeErr(i, "%q: capacity %d (want 0 to %d places)", nd.ID, nd.Centre.Capacity, MaxCapacity)
		case nd.Kind == Centre && nd.Centre != nil && (nd.Centre.RegistrationsPerDay < 0 || nd.Centre.RegistrationsPerDay > MaxCapacity):
			return nodeErr(i, "%q: %d registrations a day (want 0 to %d people)", nd.ID, nd.Centre.RegistrationsPerDay, MaxCapacity)
		}
		if c := nd.Centre; nd.Kind == Centre && c != nil {
			if err := c.checkDates(); err != nil {
				return nodeErr(i, "%q: %w", nd.ID, err)
			}
		}
		if nd.Name == "" {
			nd.Name = nd.ID
		}
		if nd.Kind == Centre && nd.Centre == nil {
			nd.Centre = &CentreInfo{}
		}
		if prev, dup := n.byID[nd.ID]; dup {
			return nodeErr(i, "duplicate id %q (also node %d)", nd.ID, prev)
		}
		n.byID[nd.ID] = NodeID(i)
	}
	return nil
}

// checkText checks the node's free-text fields (see checkText).
func (nd *Node) checkText() error {
	errs := []error{checkText("name", nd.Name), checkText("source", nd.Source)}
	for _, a := range nd.Aliases {
		errs = append(errs, checkText("alias", a))
	}
	if c := nd.Centre; c != nil {
		errs = append(errs, checkText("centre type", c.Type), checkText("capacity basis", c.CapacityBasis),
			checkText("capacity source", c.CapacitySource), checkText("period", c.Period),
			checkText("dates source", c.DatesSource), checkText("registrations source", c.RegistrationsSource))
	}
	return cmp.Or(errs...)
}

// checkDates checks that Opened and Closed are dates and that the centre
// does not close before it opens.
func (c *CentreInfo) checkDates() error {
	if err := c.Opened.check(); err != nil {
		return fmt.Errorf("opened: %w", err)
	}
	if err := c.Closed.check(); err != nil {
		return fmt.Errorf("closed: %w", err)
	}
	if !c.Opened.IsZero() && !c.Closed.IsZero() && c.Closed.LastDay().Before(c.Opened.FirstDay()) {
		return fmt.Errorf("closed %s before it opened %s (want a closing date on or after the opening date)", c.Closed, c.Opened)
	}
	return nil
}

func validLonLat(lon, lat float64) bool {
	return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}

func (n *Network) checkEdges() error {
	for i := range n.edges {
		e := &n.edges[i]
		if e.From < 0 || int(e.From) >= len(n.nodes) || e.To < 0 || int(e.To) >= len(n.nodes) {
			return edgeErr(i, "joins node %d to node %d, but there are %d nodes", e.From, e.To, len(n.nodes))
		}
		if e.From == e.To {
			return edgeErr(i, "%s–%s: joins a node to itself", n.nodes[e.From].ID, n.nodes[e.To].ID)
		}
		km := float64(e.Km)
		if !(km > 0 && km <= float64(MaxEdgeKm)) {
			return edgeErr(i, "%s–%s: length %v km (want more than 0 and at most %v km)", n.nodes[e.From].ID, n.nodes[e.To].ID, km, float64(MaxEdgeKm))
		}
		if err := cmp.Or(checkText("source", e.Source), checkText("road", e.Road)); err != nil {
			return edgeErr(i, "%s–%s: %w", n.nodes[e.From].ID, n.nodes[e.To].ID, err)
		}
		if e.Class > Ferry {
			return edgeErr(i, "%s–%s: %v", n.nodes[e.From].ID, n.nodes[e.To].ID, e.Class)
		}
		if e.Method > Circuity {
			return edgeErr(i, "%s–%s: %v", n.nodes[e.From].ID, n.nodes[e.To].ID, e.Method)
		}
		for _, p := range e.Line {
			if !validLonLat(p[0], p[1]) {
				return edgeErr(i, "%s–%s: geometry point %v is not a longitude and latitude", n.nodes[e.From].ID, n.nodes[e.To].ID, p)
			}
		}
	}
	return nil
}

func (n *Network) checkCrossings() error {
	n.edgeCrossing = make([]CrossingID, len(n.edges))
	for i := range n.edgeCrossing {
		n.edgeCrossing[i] = None
	}
	for ci := range n.crossings {
		c := &n.crossings[ci]
		cerr := func(format string, args ...any) error {
			return &BuildError{"crossing", ci, fmt.Errorf("%q: "+format, append([]any{c.ID}, args...)...)}
		}
		if err := CheckID(c.ID); err != nil {
			return &BuildError{"crossing", ci, err}
		}
		if err := checkText("name", c.Name); err != nil {
			return cerr("%w", err)
		}
		if prev, dup := n.crossingID[c.ID]; dup {
			return cerr("duplicate crossing id (also crossing %d)", prev)
		}
		n.crossingID[c.ID] = CrossingID(ci)
		if len(c.Edges) == 0 {
			return cerr("has no edges")
		}
		if c.Name == "" {
			c.Name = c.ID
		}
		for k, e := range c.Edges {
			if e < 0 || int(e) >= len(n.edges) {
				return cerr("edge %d does not exist", e)
			}
			if prev := n.edgeCrossing[e]; prev != None {
				return cerr("edge %d already belongs to crossing %q", e, n.crossings[prev].ID)
			}
			n.edgeCrossing[e] = CrossingID(ci)
			a, b := n.nodes[n.edges[e].From].Country, n.nodes[n.edges[e].To].Country
			if a == b {
				return cerr("edge %s–%s does not cross a border: both ends are in %s", n.nodes[n.edges[e].From].ID, n.nodes[n.edges[e].To].ID, a)
			}
			if k == 0 {
				c.A, c.B = a, b
			} else if !(a == c.A && b == c.B) && !(a == c.B && b == c.A) {
				return cerr("edge %s–%s crosses %s–%s, but the crossing's first edge crosses %s–%s", n.nodes[n.edges[e].From].ID, n.nodes[n.edges[e].To].ID, a, b, c.A, c.B)
			}
		}
	}
	for i, e := range n.edges {
		a, b := n.nodes[e.From], n.nodes[e.To]
		if a.Country != b.Country && n.edgeCrossing[i] == None {
			return edgeErr(i, "%s (%s) – %s (%s) crosses a border but belongs to no crossing", a.ID, a.Country, b.ID, b.Country)
		}
	}
	return nil
}

func (n *Network) buildCSR() {
	nn := len(n.nodes)
	n.off = make([]int32, nn+1)
	for _, e := range n.edges {
		n.off[e.From+1]++
		n.off[e.To+1]++
	}
	for i := range nn {
		n.off[i+1] += n.off[i]
	}
	m := 2 * len(n.edges)
	n.arcTo = make([]NodeID, m)
	n.arcEdge = make([]EdgeID, m)
	n.arcKm = make([]float64, m)
	n.arcTwin = make([]int32, m)
	n.arcBit = make([]uint8, m)
	fill := slices.Clone(n.off[:nn])
	put := func(from, to NodeID, e int, bit uint8) int32 {
		a := fill[from]
		fill[from]++
		n.arcTo[a] = to
		n.arcEdge[a] = EdgeID(e)
		n.arcKm[a] = float64(n.edges[e].Km)
		n.arcBit[a] = bit
		return a
	}
	for i, e := range n.edges {
		f := put(e.From, e.To, i, 1)
		b := put(e.To, e.From, i, 2)
		n.arcTwin[f], n.arcTwin[b] = b, f
	}
	n.heuristicScale = 1
	for _, e := range n.edges {
		gc := float64(GreatCircle(n.nodes[e.From].Point, n.nodes[e.To].Point))
		if gc > 0 {
			n.heuristicScale = min(n.heuristicScale, float64(e.Km)/gc)
		}
	}
}

func (n *Network) index() {
	seen := map[string]bool{}
	for i := range n.nodes {
		nd := &n.nodes[i]
		id := NodeID(i)
		n.byName[Fold(nd.Name)] = append(n.byName[Fold(nd.Name)], id)
		for _, a := range nd.Aliases {
			if k := Fold(a); k != Fold(nd.Name) {
				n.byName[k] = append(n.byName[k], id)
			}
		}
		if !seen[nd.Country] {
			seen[nd.Country] = true
			n.countries = append(n.countries, nd.Country)
		}
		switch nd.Kind {
		case Centre:
			n.centres = append(n.centres, id)
		case Entry:
			n.entries = append(n.entries, id)
		case Exit:
			n.exits = append(n.exits, id)
		}
	}
	slices.Sort(n.countries)
	n.spatial = newSpatialIndex(n.nodes)
}

// checkReachability requires every entry to reach an exit and every exit to
// be reachable from an entry, when the network has both.
func (n *Network) checkReachability() error {
	if len(n.entries) == 0 || len(n.exits) == 0 {
		return nil
	}
	comp := n.components()
	hasExit := map[int32]bool{}
	hasEntry := map[int32]bool{}
	for _, x := range n.exits {
		hasExit[comp[x]] = true
	}
	for _, x := range n.entries {
		hasEntry[comp[x]] = true
	}
	for _, x := range n.entries {
		if !hasExit[comp[x]] {
			return nodeErr(int(x), "entry %q cannot reach any exit", n.nodes[x].ID)
		}
	}
	for _, x := range n.exits {
		if !hasEntry[comp[x]] {
			return nodeErr(int(x), "exit %q cannot be reached from any entry", n.nodes[x].ID)
		}
	}
	return nil
}

// components labels each node with the index of its connected component.
func (n *Network) components() []int32 {
	comp := make([]int32, len(n.nodes))
	for i := range comp {
		comp[i] = -1
	}
	var stack []NodeID
	var c int32
	for s := range n.nodes {
		if comp[s] >= 0 {
			continue
		}
		comp[s] = c
		stack = append(stack[:0], NodeID(s))
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for a := n.off[v]; a < n.off[v+1]; a++ {
				if w := n.arcTo[a]; comp[w] < 0 {
					comp[w] = c
					stack = append(stack, w)
				}
			}
		}
		c++
	}
	return comp
}

// Components returns the number of connected components of the network.
func (n *Network) Components() int {
	comp := n.components()
	if len(comp) == 0 {
		return 0
	}
	return int(slices.Max(comp)) + 1
}

// NumNodes returns the number of nodes.
func (n *Network) NumNodes() int { return len(n.nodes) }

// NumEdges returns the number of undirected edges.
func (n *Network) NumEdges() int { return len(n.edges) }

// NumCrossings returns the number of border crossings.
func (n *Network) NumCrossings() int { return len(n.crossings) }

// Node returns node v. It panics if v is out of range.
func (n *Network) Node(v NodeID) *Node { return &n.nodes[v] }

// Edge returns edge e. It panics if e is out of range.
func (n *Network) Edge(e EdgeID) *Edge { return &n.edges[e] }

// Crossing returns crossing c. It panics if c is out of range.
func (n *Network) Crossing(c CrossingID) *Crossing { return &n.crossings[c] }

// EdgeCrossing returns the crossing that edge e belongs to, or None.
func (n *Network) EdgeCrossing(e EdgeID) CrossingID { return n.edgeCrossing[e] }

// Countries returns the sorted ISO alpha-3 codes of the countries that have nodes.
// The caller must not modify the slice.
func (n *Network) Countries() []string { return n.countries }

// Centres returns the nodes of kind Centre, in id order.
func (n *Network) Centres() []NodeID { return n.centres }

// Entries returns the nodes of kind Entry, in id order.
func (n *Network) Entries() []NodeID { return n.entries }

// Exits returns the nodes of kind Exit, in id order.
func (n *Network) Exits() []NodeID { return n.exits }

// Degree returns the number of edges at node v.
func (n *Network) Degree(v NodeID) int { return int(n.off[v+1] - n.off[v]) }

// Neighbours calls f for each edge at v with the node at its other end,
// in a fixed order; it stops early when f returns false.
func (n *Network) Neighbours(v NodeID, f func(w NodeID, e EdgeID) bool) {
	for a := n.off[v]; a < n.off[v+1]; a++ {
		if !f(n.arcTo[a], n.arcEdge[a]) {
			return
		}
	}
}

// NodeByID returns the node with the given id.
func (n *Network) NodeByID(id string) (NodeID, bool) {
	v, ok := n.byID[id]
	return v, ok
}

// CrossingByID returns the crossing with the given id.
func (n *Network) CrossingByID(id string) (CrossingID, bool) {
	c, ok := n.crossingID[id]
	return c, ok
}

// CrossingsBetween returns the crossings on the border between countries a
// and b (in either direction), in id order.
func (n *Network) CrossingsBetween(a, b string) []CrossingID {
	var out []CrossingID
	for i, c := range n.crossings {
		if (c.A == a && c.B == b) || (c.A == b && c.B == a) {
			out = append(out, CrossingID(i))
		}
	}
	return out
}

// Line returns the geometry of edge e from its From node to its To node: the
// edge's own line, or the straight segment between its nodes. The caller must
// not modify it.
func (n *Network) Line(e EdgeID) orb.LineString {
	ed := &n.edges[e]
	if len(ed.Line) >= 2 {
		return ed.Line
	}
	return orb.LineString{n.nodes[ed.From].Point, n.nodes[ed.To].Point}
}

// Arcs returns the range [lo, hi) of the arcs leaving node v. An arc is one
// direction of an edge; the engine's hot loop walks arcs by index, which
// costs no call through a function value.
func (n *Network) Arcs(v NodeID) (lo, hi int32) { return n.off[v], n.off[v+1] }

// ArcHead returns the node arc a leads to.
func (n *Network) ArcHead(a int32) NodeID { return n.arcTo[a] }

// ArcTail returns the node arc a leaves from.
func (n *Network) ArcTail(a int32) NodeID { return n.arcTo[n.arcTwin[a]] }

// ArcEdge returns the edge of arc a.
func (n *Network) ArcEdge(a int32) EdgeID { return n.arcEdge[a] }

// ArcKm returns the length of arc a.
func (n *Network) ArcKm(a int32) Km { return Km(n.arcKm[a]) }

// ArcTwin returns the arc of the same edge in the other direction.
func (n *Network) ArcTwin(a int32) int32 { return n.arcTwin[a] }
