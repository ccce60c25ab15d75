package geo

import (
	"math"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// spatialIndex finds nodes by coordinate. Points are stored in an
// equirectangular projection whose longitude scale is the cosine of the
// network's highest latitude, so that planar distance (in degrees) is a lower
// bound of great-circle distance near the network. Candidates come out of
// the R-tree nearest first by planar distance and are compared by
// GreatCircle until the planar bound exceeds the best great-circle distance.
type spatialIndex struct {
	tree    rtree.RTreeG[NodeID]
	points  []orb.Point
	xScale  float64
	queries sync.Pool // *nearestQuery
}

// nearestQuery holds one look-up's state and the two callbacks that
// rtree.Nearby needs, built once per pooled query so that a look-up allocates
// nothing.
type nearestQuery struct {
	target   [2]float64 // projected
	point    orb.Point  // as asked
	best     NodeID
	bestKm   Km
	seen     int
	distFunc func(min, max [2]float64, data NodeID, item bool) float64
	iterFunc func(min, max [2]float64, data NodeID, dist float64) bool
}

// kmPerDegree is the length of one degree of a great circle.
const kmPerDegree = EarthRadiusKm * math.Pi / 180

func newSpatialIndex(nodes []Node) *spatialIndex {
	s := &spatialIndex{points: make([]orb.Point, len(nodes))}
	maxLat := 0.0
	for i := range nodes {
		s.points[i] = nodes[i].Point
		maxLat = math.Max(maxLat, math.Abs(nodes[i].Point[1]))
	}
	s.xScale = math.Max(0.01, math.Cos(math.Min(89, maxLat+0.5)*math.Pi/180))
	for i, p := range s.points {
		q := s.project(p)
		s.tree.Insert(q, q, NodeID(i))
	}
	s.queries.New = func() any { return s.newQuery() }
	return s
}

func (s *spatialIndex) project(p orb.Point) [2]float64 {
	return [2]float64{p[0] * s.xScale, p[1]}
}

func (s *spatialIndex) newQuery() *nearestQuery {
	q := &nearestQuery{}
	q.distFunc = func(min, max [2]float64, _ NodeID, _ bool) float64 {
		var d float64
		if dx := math.Max(min[0]-q.target[0], q.target[0]-max[0]); dx > 0 {
			d += dx * dx
		}
		if dy := math.Max(min[1]-q.target[1], q.target[1]-max[1]); dy > 0 {
			d += dy * dy
		}
		return d
	}
	q.iterFunc = func(_, _ [2]float64, v NodeID, dist float64) bool {
		// The bound is loosened by 0.5% for the spherical approximation.
		if q.seen > 0 && math.Sqrt(dist)*kmPerDegree*0.995 > float64(q.bestKm) {
			return false
		}
		km := GreatCircle(s.points[v], q.point)
		if q.seen == 0 || km < q.bestKm || (km == q.bestKm && v < q.best) {
			q.best, q.bestKm = v, km
		}
		q.seen++
		return true
	}
	return q
}

// Nearest returns the node closest to p by great-circle distance, and that
// distance. Ties go to the lower id. It returns None for an empty network.
// It allocates nothing and is safe for concurrent use.
func (n *Network) Nearest(p orb.Point) (NodeID, Km) {
	s := n.spatial
	if len(s.points) == 0 {
		return None, 0
	}
	q := s.queries.Get().(*nearestQuery)
	q.target = s.project(p)
	q.point = p
	q.seen = 0
	s.tree.Nearby(q.distFunc, q.iterFunc)
	v, km := q.best, q.bestKm
	s.queries.Put(q)
	return v, km
}

// Within calls f for every node inside the bounding box of the given points
// (degrees); f returning false stops the search.
func (n *Network) Within(bound orb.Bound, f func(v NodeID) bool) {
	s := n.spatial
	lo, hi := s.project(bound.Min), s.project(bound.Max)
	s.tree.Search(lo, hi, func(_, _ [2]float64, v NodeID) bool { return f(v) })
}
