package geo

import (
	"math"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// spatialIndex finds nodes by coordinate: an R-tree of the nodes' points in
// longitude and latitude. A nearest-node query searches a box around the
// point that contains every point within δ degrees of arc, keeps the nearest
// by great-circle distance, and is done when that node lies within δ; it
// otherwise widens the box. The first δ is the network's mean node spacing,
// so most queries take one box and a handful of distance computations.
type spatialIndex struct {
	tree    rtree.RTreeG[NodeID]
	points  []orb.Point
	cosLat  []float64 // cosine of each point's latitude
	start   float64   // first search radius, degrees of arc
	queries sync.Pool // *nearestQuery
}

// nearestQuery holds one look-up's state and the callback that rtree.Search
// needs, built once per pooled query so that a look-up allocates nothing.
type nearestQuery struct {
	point  orb.Point
	cosLat float64
	best   NodeID
	bestH  float64 // haversine term of the best node: monotone in distance
	visit  func(min, max [2]float64, v NodeID) bool
}

// haversine returns sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2), which grows with
// great-circle distance; haversineKm turns it into kilometres.
func haversine(a orb.Point, cosA float64, b orb.Point, cosB float64) float64 {
	const rad = math.Pi / 180
	sLat := math.Sin((b[1] - a[1]) * rad / 2)
	sLon := math.Sin((b[0] - a[0]) * rad / 2)
	return sLat*sLat + cosA*cosB*sLon*sLon
}

func haversineKm(h float64) Km {
	return Km(2 * EarthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h))))
}

// kmPerDegree is the length of one degree of a great circle.
const kmPerDegree = EarthRadiusKm * math.Pi / 180

func newSpatialIndex(nodes []Node) *spatialIndex {
	s := &spatialIndex{points: make([]orb.Point, len(nodes)), cosLat: make([]float64, len(nodes))}
	var b orb.Bound
	for i := range nodes {
		p := nodes[i].Point
		s.points[i] = p
		s.cosLat[i] = math.Cos(p[1] * math.Pi / 180)
		s.tree.Insert(p, p, NodeID(i))
		if i == 0 {
			b = p.Bound()
		} else {
			b = b.Extend(p)
		}
	}
	s.start = 1
	if n := len(nodes); n > 1 {
		area := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1])
		s.start = math.Max(math.Sqrt(area/float64(n)), 1e-4)
	}
	s.queries.New = func() any {
		q := &nearestQuery{}
		q.visit = func(_, _ [2]float64, v NodeID) bool {
			h := haversine(q.point, q.cosLat, s.points[v], s.cosLat[v])
			if q.best == None || h < q.bestH || (h == q.bestH && v < q.best) {
				q.best, q.bestH = v, h
			}
			return true
		}
		return q
	}
	return s
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
	q.point = p
	q.cosLat = math.Cos(p[1] * math.Pi / 180)
	for delta := s.start; ; {
		q.best = None
		// A point within delta degrees of arc differs from p by at most delta
		// in latitude and by at most delta/cos(φ) in longitude, φ the highest
		// latitude it can have.
		dlon := 360.0
		if hi := math.Abs(p[1]) + delta; hi < 89 {
			dlon = math.Min(360, delta/math.Cos(hi*math.Pi/180))
		}
		s.tree.Search([2]float64{p[0] - dlon, p[1] - delta}, [2]float64{p[0] + dlon, p[1] + delta}, q.visit)
		if q.best != None && float64(haversineKm(q.bestH)) <= delta*kmPerDegree || delta >= 180 {
			break
		}
		if q.best != None {
			delta = math.Min(180, float64(haversineKm(q.bestH))/kmPerDegree*(1+1e-9))
		} else {
			delta = math.Min(180, delta*4)
		}
	}
	v, km := q.best, GreatCircle(s.points[q.best], p)
	s.queries.Put(q)
	return v, km
}

// Within calls f for every node inside the bound (longitude, latitude);
// f returning false stops the search.
func (n *Network) Within(bound orb.Bound, f func(v NodeID) bool) {
	n.spatial.tree.Search(bound.Min, bound.Max, func(_, _ [2]float64, v NodeID) bool { return f(v) })
}
