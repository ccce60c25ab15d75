package osmimport

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/borderflow/borderflow/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
)

// Options controls an import.
type Options struct {
	// Countries gives every node its country (required; see LoadCountries).
	Countries *Countries
	// MaxOutsideKm is how far outside every country outline a node may lie
	// and still take the country of the nearest outline; the segments of a
	// node farther out are dropped. Zero means 5 km.
	MaxOutsideKm float64
	// GroupKm is how close (between segment midpoints) the crossing edges of
	// one pair of countries must be to form one crossing, such as the two
	// carriageways of a dual carriageway. Zero means 1 km.
	GroupKm float64
	// NameKm is how far from a crossing a border control post or a place
	// node may lie and still name it. Zero means 2 km.
	NameKm float64
	// OpenEndKm, when positive, turns open ends into crossings: a road that
	// ends (a node with one edge) within OpenEndKm of the outline of another
	// country, and more than OpenEndSkipKm from every crossing between the
	// two, is taken for a road that leaves the extract across the border,
	// as it does in an extract clipped at a border. It gets a crossing edge
	// to a new Border node on the nearest point of that outline, with id
	// "osm-<node id>-<country>", a length estimated by circuity
	// (geo.Circuity) and a Source that says it is inferred. Off by default:
	// a road that ends at a mountain pass looks the same.
	OpenEndKm float64
}

// OpenEndSkipKm is how close to a crossing between the same two countries an
// open end may lie and still be taken for that crossing's road rather than a
// crossing of its own (see Options.OpenEndKm): about the error of Natural
// Earth's borders.
const OpenEndSkipKm = 3

// The defaults of Options.
const (
	DefaultMaxOutsideKm = 5
	DefaultGroupKm      = 1
	DefaultNameKm       = 2
)

func (o Options) withDefaults() Options {
	if !(o.MaxOutsideKm > 0) {
		o.MaxOutsideKm = DefaultMaxOutsideKm
	}
	if !(o.GroupKm > 0) {
		o.GroupKm = DefaultGroupKm
	}
	if !(o.NameKm > 0) {
		o.NameKm = DefaultNameKm
	}
	return o
}

// Reasons for dropping road segments, as found in Drop.Reason.
const (
	DropMissingNode = "node missing from the extract"
	DropBadPoint    = "node with invalid coordinates"
	DropOutside     = "node outside every country polygon by more than MaxOutsideKm"
	DropSingleNode  = "way with fewer than two distinct nodes"
)

const (
	maxDropExamples = 10
	minEdgeKm       = 0.001 // the precision of km in network files
)

// ErrNoRoads is wrapped by the error of an import that keeps no road.
var ErrNoRoads = errors.New("no motorway/trunk/primary/secondary roads found")

// Report says what an import kept and what it dropped.
type Report struct {
	File          string // the extract
	Ways          int    // highway ways of the kept classes read
	OSMNodes      int    // distinct OSM nodes those ways reference
	MissingNodes  int    // of those, nodes absent from the extract
	Segments      int    // segments between consecutive distinct nodes of those ways
	KeptSegments  int    // segments that made it into edges
	Nodes         int    // graph nodes of the network
	Edges         int    // edges of the network
	CrossingEdges int    // edges that cross a border
	Crossings     int    // border crossings (groups of crossing edges)
	Components    int    // connected components of the network
	Largest       int    // nodes in the largest component
	ShortEdges    int    // edges shorter than 1 m, given a length of 1 m
	OpenEnds      int    // crossing edges inferred from open ends (Options.OpenEndKm)
	Dropped       []Drop // segments dropped, by reason, in a fixed order
}

// Drop counts the segments dropped for one reason.
type Drop struct {
	Reason   string
	Segments int
	// Ways lists the ids of the first few ways (at most 10, lowest ids)
	// that lost segments for this reason.
	Ways []int64
}

// DroppedSegments returns the number of segments dropped for reason, or for
// every reason when reason is empty.
func (r *Report) DroppedSegments(reason string) int {
	n := 0
	for _, d := range r.Dropped {
		if reason == "" || d.Reason == reason {
			n += d.Segments
		}
	}
	return n
}

// String returns a few lines that summarise the report.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d ways, %d OSM nodes (%d missing), %d of %d segments kept\n",
		r.File, r.Ways, r.OSMNodes, r.MissingNodes, r.KeptSegments, r.Segments)
	fmt.Fprintf(&b, "network: %d nodes, %d edges, %d crossings (%d crossing edges), %d components (largest %d nodes)\n",
		r.Nodes, r.Edges, r.Crossings, r.CrossingEdges, r.Components, r.Largest)
	if r.OpenEnds > 0 {
		fmt.Fprintf(&b, "%d crossing edges inferred where a road ends near another country (open ends)\n", r.OpenEnds)
	}
	if r.ShortEdges > 0 {
		fmt.Fprintf(&b, "%d edges shorter than 1 m lengthened to 1 m\n", r.ShortEdges)
	}
	for _, d := range r.Dropped {
		ws := make([]string, len(d.Ways))
		for i, w := range d.Ways {
			ws[i] = strconv.FormatInt(w, 10)
		}
		fmt.Fprintf(&b, "dropped %d segments: %s (ways %s", d.Segments, d.Reason, strings.Join(ws, ", "))
		if len(d.Ways) == maxDropExamples {
			b.WriteString(", …")
		}
		b.WriteString(")\n")
	}
	return b.String()
}

func (r *Report) drop(reason string, way osm.WayID, segments int) {
	i := slices.IndexFunc(r.Dropped, func(d Drop) bool { return d.Reason == reason })
	if i < 0 {
		r.Dropped = append(r.Dropped, Drop{Reason: reason})
		i = len(r.Dropped) - 1
	}
	d := &r.Dropped[i]
	d.Segments += segments
	if len(d.Ways) < maxDropExamples && (len(d.Ways) == 0 || d.Ways[len(d.Ways)-1] != int64(way)) {
		d.Ways = append(d.Ways, int64(way))
	}
}

// ImportFile reads the OpenStreetMap extract at path (.osm.pbf, or XML as
// .osm, .osm.gz or .osm.bz2) and returns its motorway, trunk, primary and
// secondary roads as a network, with a report of what was kept. See the
// package documentation for the rules. The format is told from the file's
// first bytes; a file of none of these formats is an error that wraps
// ErrNotOSM and says what the file looks like.
//
// The file is read twice, ways first and then the coordinates of only the
// nodes those ways use, and never held in memory whole. Errors name the file.
func ImportFile(path string, opts Options) (*geo.Network, *Report, error) {
	if opts.Countries == nil {
		return nil, nil, errors.New("osmimport: Options.Countries is nil (load country polygons with LoadCountries)")
	}
	src, err := fileSource(path)
	if err != nil {
		return nil, nil, err
	}
	return importSource(src, opts)
}

// importer holds the state of one import as it goes from OSM ways and nodes
// to graph nodes, edges and crossings. Nodes are first indexes into ids (the
// OSM nodes the kept ways use), then, once chosen as graph nodes, geo.NodeIDs
// in OSM id order.
type importer struct {
	src  *source
	opts Options
	rep  *Report
	loc  *locator

	ways    []rawWay
	ids     []osm.NodeID         // the OSM nodes the ways use, in order of first use
	need    map[osm.NodeID]int32 // index into ids, until the second pass is done
	refs    [][]int32            // per way: its nodes, as indexes into ids
	pts     [][2]float64         // per OSM node: longitude, latitude
	names   []string             // per OSM node: its name tag
	country []string             // per OSM node: its country
	bad     []string             // per OSM node: why it cannot be used; "" if usable
	marks   []landmark

	order   []int32 // the graph nodes (indexes into ids), in OSM id order
	nodeOf  map[int32]geo.NodeID
	edges   []geo.Edge
	edgeWay []*rawWay
	xedges  []xedge
	labels  [][]string // per graph node: the labels of its ways
	stubs   []stub
}

// piece is a run of consecutive usable segments of one way.
type piece struct {
	way   int
	nodes []int32
}

// stub is a node added across the border from an open end.
type stub struct {
	from geo.NodeID // the open end
	code string
	pt   orb.Point
}

// classes maps highwayClass's indexes to edge classes.
var classes = [...]geo.Class{geo.Motorway, geo.MainRoad, geo.LocalRoad}

// importSource imports one extract; see ImportFile.
func importSource(src *source, opts Options) (*geo.Network, *Report, error) {
	opts = opts.withDefaults()
	im := &importer{src: src, opts: opts, rep: &Report{File: src.name}, loc: newLocator(opts.Countries, opts.MaxOutsideKm)}
	if err := im.readWays(); err != nil {
		return nil, nil, err
	}
	if err := im.readNodes(); err != nil {
		return nil, nil, err
	}
	im.locateNodes()
	pieces := im.pieces()
	chains := im.chains(pieces, im.graphNodes(pieces))
	if len(chains) == 0 {
		return nil, nil, fmt.Errorf("%s: %w inside the country polygons (%d of %d segments dropped)", src.name, ErrNoRoads, im.rep.DroppedSegments(""), im.rep.Segments)
	}
	for _, ch := range chains {
		im.addEdge(ch)
	}
	if opts.OpenEndKm > 0 {
		im.addOpenEnds()
	}
	crossings := groupCrossings(im.xedges, opts, im.marks, im.loc)
	net, err := im.build(crossings)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", src.name, err)
	}
	return net, im.rep, nil
}

// readWays is the first pass: the kept ways, and the OSM nodes they use
// indexed in order of first use.
func (im *importer) readWays() error {
	ways, err := im.src.readWays()
	if err != nil {
		return err
	}
	if len(ways) == 0 {
		return fmt.Errorf("%s: %w", im.src.name, ErrNoRoads)
	}
	im.rep.Ways = len(ways)
	im.need = map[osm.NodeID]int32{}
	im.refs = make([][]int32, len(ways))
	for wi := range ways {
		w := &ways[wi]
		im.refs[wi] = make([]int32, len(w.nodes))
		for k, id := range w.nodes {
			i, ok := im.need[id]
			if !ok {
				i = int32(len(im.ids))
				im.need[id] = i
				im.ids = append(im.ids, id)
			}
			im.refs[wi][k] = i
		}
		w.nodes = nil
	}
	im.ways = ways
	im.rep.OSMNodes = len(im.ids)
	return nil
}

// readNodes is the second pass: the coordinates and names of the nodes the
// ways use, and the landmarks that name crossings. Nodes missing from the
// extract are marked bad.
func (im *importer) readNodes() error {
	n := len(im.ids)
	im.pts = make([][2]float64, n)
	im.names = make([]string, n)
	found := make([]bool, n)
	marks, err := im.src.readNodes(im.need, im.pts, found, im.names)
	if err != nil {
		return err
	}
	im.need = nil
	im.marks = marks
	im.bad = make([]string, n)
	for i := range found {
		if !found[i] {
			im.bad[i] = DropMissingNode
			im.rep.MissingNodes++
		}
	}
	return nil
}

// locateNodes gives each usable node its country, or marks it bad.
func (im *importer) locateNodes() {
	im.country = make([]string, len(im.ids))
	for i, p := range im.pts {
		switch {
		case im.bad[i] != "":
		case !validPoint(p):
			im.bad[i] = DropBadPoint
		default:
			c, ok := im.loc.locate(orb.Point(p))
			if !ok {
				im.bad[i] = DropOutside
			}
			im.country[i] = c
		}
	}
}

// pieces splits each way into runs of usable segments, and counts in the
// report the segments kept and dropped.
func (im *importer) pieces() []piece {
	var pieces []piece
	for wi := range im.ways {
		var cur []int32
		flush := func() {
			if len(cur) >= 2 {
				pieces = append(pieces, piece{wi, cur})
			}
			cur = nil
		}
		r := im.refs[wi]
		distinct := 0
		for k := 0; k+1 < len(r); k++ {
			a, b := r[k], r[k+1]
			if a == b {
				continue
			}
			distinct++
			im.rep.Segments++
			if reason := cmp.Or(im.bad[a], im.bad[b]); reason != "" {
				im.rep.drop(reason, im.ways[wi].id, 1)
				flush()
				continue
			}
			if len(cur) == 0 {
				cur = append(cur, a)
			}
			cur = append(cur, b)
			im.rep.KeptSegments++
		}
		if distinct == 0 {
			im.rep.drop(DropSingleNode, im.ways[wi].id, 0)
		}
		flush()
		im.refs[wi] = nil
	}
	return pieces
}

// graphNodes marks the nodes that become graph nodes: piece ends, nodes used
// twice or more, and both ends of every segment between two countries.
func (im *importer) graphNodes(pieces []piece) []bool {
	occ := make([]int32, len(im.ids))
	for _, pc := range pieces {
		for _, v := range pc.nodes {
			occ[v]++
		}
	}
	graph := make([]bool, len(im.ids))
	for _, pc := range pieces {
		graph[pc.nodes[0]] = true
		graph[pc.nodes[len(pc.nodes)-1]] = true
		for k, v := range pc.nodes {
			if occ[v] >= 2 {
				graph[v] = true
			}
			if k > 0 && im.country[v] != im.country[pc.nodes[k-1]] {
				graph[v] = true
				graph[pc.nodes[k-1]] = true
			}
		}
	}
	return graph
}

// chains cuts the pieces at graph nodes; a chain that returns to its start
// is split at its middle node, which becomes a graph node. It then numbers
// the graph nodes in OSM id order.
func (im *importer) chains(pieces []piece, graph []bool) []piece {
	var chains []piece
	for _, pc := range pieces {
		s := 0
		for k := 1; k < len(pc.nodes); k++ {
			if !graph[pc.nodes[k]] {
				continue
			}
			if pc.nodes[s] == pc.nodes[k] {
				m := (s + k) / 2
				graph[pc.nodes[m]] = true
				chains = append(chains, piece{pc.way, pc.nodes[s : m+1]}, piece{pc.way, pc.nodes[m : k+1]})
			} else {
				chains = append(chains, piece{pc.way, pc.nodes[s : k+1]})
			}
			s = k
		}
	}
	for i, g := range graph {
		if g {
			im.order = append(im.order, int32(i))
		}
	}
	slices.SortFunc(im.order, func(a, b int32) int { return cmp.Compare(im.ids[a], im.ids[b]) })
	im.nodeOf = make(map[int32]geo.NodeID, len(im.order))
	for k, i := range im.order {
		im.nodeOf[i] = geo.NodeID(k)
	}
	im.labels = make([][]string, len(im.order))
	return chains
}

func (im *importer) addLabel(v geo.NodeID, l string) {
	if l != "" && !slices.Contains(im.labels[v], l) {
		im.labels[v] = append(im.labels[v], l)
	}
}

// addEdge adds the edge of one chain, oriented from the lower country code
// to the higher when it crosses a border.
func (im *importer) addEdge(ch piece) {
	w := &im.ways[ch.way]
	a, b := ch.nodes[0], ch.nodes[len(ch.nodes)-1]
	crossing := im.country[a] != im.country[b]
	if crossing && im.country[a] > im.country[b] {
		a, b = b, a
		ch.nodes = slices.Clone(ch.nodes)
		slices.Reverse(ch.nodes)
	}
	line := make(orb.LineString, len(ch.nodes))
	var km geo.Km
	for k, v := range ch.nodes {
		line[k] = orb.Point(im.pts[v])
		if k > 0 {
			km += geo.GreatCircle(line[k-1], line[k])
		}
	}
	if km < minEdgeKm {
		km = minEdgeKm
		im.rep.ShortEdges++
	}
	e := geo.Edge{
		From: im.nodeOf[a], To: im.nodeOf[b], Km: km, Class: classes[w.class], Method: geo.RoadKm,
		Source: fmt.Sprintf("OpenStreetMap way %d (nodes %d…%d), length along its geometry", w.id, im.ids[ch.nodes[0]], im.ids[ch.nodes[len(ch.nodes)-1]]),
		Road:   w.label(),
		Line:   line,
	}
	im.addLabel(e.From, w.label())
	im.addLabel(e.To, w.label())
	if crossing {
		mid := orb.Point{(line[0][0] + line[1][0]) / 2, (line[0][1] + line[1][1]) / 2}
		im.xedges = append(im.xedges, xedge{edge: geo.EdgeID(len(im.edges)), a: im.country[a], b: im.country[b], mid: mid, way: w})
	}
	im.edges = append(im.edges, e)
	im.edgeWay = append(im.edgeWay, w)
}

// addOpenEnds adds a stub crossing to a new node across the border at each
// open end near another country (see Options.OpenEndKm).
func (im *importer) addOpenEnds() {
	found := im.xedges[:len(im.xedges):len(im.xedges)] // crossings found on segments
	deg := make([]int, len(im.order))
	at := make([]int, len(im.order)) // an edge at each node
	for ei, e := range im.edges {
		deg[e.From]++
		deg[e.To]++
		at[e.From], at[e.To] = ei, ei
	}
	for k, i := range im.order {
		if deg[k] != 1 {
			continue
		}
		p := orb.Point(im.pts[i])
		code, q, _, ok := im.opts.Countries.nearestExcept(p, im.country[i], im.opts.OpenEndKm)
		if !ok {
			continue
		}
		a, b := min(code, im.country[i]), max(code, im.country[i])
		if slices.ContainsFunc(found, func(x xedge) bool {
			return x.a == a && x.b == b && float64(geo.GreatCircle(x.mid, p)) <= OpenEndSkipKm
		}) {
			continue
		}
		w := im.edgeWay[at[k]]
		to := geo.NodeID(len(im.order) + len(im.stubs))
		im.stubs = append(im.stubs, stub{geo.NodeID(k), code, q})
		e := geo.Edge{
			From: geo.NodeID(k), To: to, Class: classes[w.class], Method: geo.Circuity, Road: w.label(),
			Km: max(geo.GreatCircle(p, q)*geo.Km(geo.CircuityFactor(classes[w.class])), minEdgeKm),
			Source: fmt.Sprintf("inferred: OpenStreetMap way %d ends at node %d, %.2f km from the %s outline (Natural Earth); "+
				"taken to leave the extract across the border; length estimated by circuity", w.id, im.ids[i], geo.GreatCircle(p, q), code),
			Line: orb.LineString{p, q},
		}
		if im.country[i] > code {
			e.From, e.To = e.To, e.From
			e.Line = orb.LineString{q, p}
		}
		im.addLabel(geo.NodeID(k), w.label())
		im.xedges = append(im.xedges, xedge{edge: geo.EdgeID(len(im.edges)), a: a, b: b, mid: orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}, way: w})
		im.edges = append(im.edges, e)
		im.rep.OpenEnds++
	}
}

// build names the nodes (border nodes after their crossing, junctions after
// their roads) and builds the network, filling in the report's counts.
func (im *importer) build(crossings []geo.Crossing) (*geo.Network, error) {
	nn := len(im.order) + len(im.stubs)
	kind := make([]geo.NodeKind, nn)
	xname := make([]string, nn)
	for _, c := range crossings {
		for _, e := range c.Edges {
			for _, v := range []geo.NodeID{im.edges[e].From, im.edges[e].To} {
				kind[v] = geo.Border
				if xname[v] == "" {
					xname[v] = c.Name
				}
			}
		}
	}
	var bld geo.Builder
	for k, i := range im.order {
		name := im.names[i]
		switch {
		case name != "":
		case kind[k] == geo.Border:
			name = fmt.Sprintf("%s (%s side)", xname[k], im.country[i])
		case len(im.labels[k]) > 0:
			name = strings.Join(im.labels[k], "/") + " junction"
		default:
			name = fmt.Sprintf("OSM node %d", im.ids[i])
		}
		bld.AddNode(geo.Node{
			ID:      fmt.Sprintf("osm-%d", im.ids[i]),
			Name:    name,
			Country: im.country[i],
			Kind:    kind[k],
			Point:   orb.Point(im.pts[i]),
			Source:  fmt.Sprintf("OpenStreetMap node %d", im.ids[i]),
		})
	}
	for j, st := range im.stubs {
		k := len(im.order) + j
		base := im.ids[im.order[st.from]]
		bld.AddNode(geo.Node{
			ID:      fmt.Sprintf("osm-%d-%s", base, strings.ToLower(st.code)),
			Name:    fmt.Sprintf("%s (%s side)", xname[k], st.code),
			Country: st.code,
			Kind:    geo.Border,
			Point:   st.pt,
			Source:  fmt.Sprintf("inferred: nearest point of the %s outline (Natural Earth) to OpenStreetMap node %d, where the road leaves the extract", st.code, base),
		})
	}
	for _, e := range im.edges {
		bld.AddEdge(e)
	}
	for _, c := range crossings {
		bld.AddCrossing(c)
	}
	im.rep.Nodes, im.rep.Edges, im.rep.Crossings, im.rep.CrossingEdges = nn, len(im.edges), len(crossings), len(im.xedges)
	im.rep.Components, im.rep.Largest = components(nn, im.edges)
	return bld.Build()
}

func validPoint(p [2]float64) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// components returns the number of connected components and the size of the
// largest.
func components(n int, edges []geo.Edge) (count, largest int) {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, e := range edges {
		a, b := find(int32(e.From)), find(int32(e.To))
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	size := make([]int, n)
	for i := range parent {
		r := find(int32(i))
		if size[r] == 0 {
			count++
		}
		size[r]++
		largest = max(largest, size[r])
	}
	return count, largest
}
