package geo

import (
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// edgeIndex is an R-tree of edge bounding boxes, built on first use.
type edgeIndex struct {
	once sync.Once
	tree rtree.RTreeG[EdgeID]
}

// EdgesCrossedBy returns, in id order, the edges whose geometry the polyline
// line touches or crosses: the edges a wall drawn along line would cut.
// Coordinates are longitude, latitude; segments are intersected in that plane,
// which over a few kilometres is exact enough to tell which side of a border
// fence a road runs.
func (n *Network) EdgesCrossedBy(line orb.LineString) []EdgeID {
	n.edgeIdx.once.Do(func() {
		for e := range n.edges {
			b := n.Line(EdgeID(e)).Bound()
			n.edgeIdx.tree.Insert(b.Min, b.Max, EdgeID(e))
		}
	})
	var out []EdgeID
	for i := 0; i+1 < len(line); i++ {
		p, q := line[i], line[i+1]
		lo := [2]float64{math.Min(p[0], q[0]), math.Min(p[1], q[1])}
		hi := [2]float64{math.Max(p[0], q[0]), math.Max(p[1], q[1])}
		n.edgeIdx.tree.Search(lo, hi, func(_, _ [2]float64, e EdgeID) bool {
			l := n.Line(e)
			for j := 0; j+1 < len(l); j++ {
				if segmentsIntersect(p, q, l[j], l[j+1]) {
					out = append(out, e)
					break
				}
			}
			return true
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// orient returns the sign of the turn a→b→c: +1 left, -1 right, 0 collinear.
func orient(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// segmentsIntersect reports whether the closed segments ab and cd share a point.
func segmentsIntersect(a, b, c, d orb.Point) bool {
	o1, o2, o3, o4 := orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
	if o1 != o2 && o3 != o4 {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}
