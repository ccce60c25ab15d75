package osmimport

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"slices"

	"github.com/borderflow/borderflow/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"
)

// Countries is a set of country outlines that gives each imported node its
// country. Build it with LoadCountries or NewCountries; it is immutable and
// safe for concurrent use.
type Countries struct {
	polys []countryPoly
	codes []string // sorted, unique
	// edges indexes the polygons' ring edges in chunks of chunkLen segments,
	// for the distance to the nearest outline and to tell cells that no
	// outline crosses.
	edges rtree.RTreeG[chunk]
}

type countryPoly struct {
	code  string
	name  string
	poly  orb.Polygon
	bound orb.Bound
}

// chunk is the run of segments ring[start] → … → ring[end] of one polygon ring.
type chunk struct {
	poly, ring, start, end int32
}

const chunkLen = 8

// kmPerDegree is the length of one degree of latitude (of a great circle).
const kmPerDegree = geo.EarthRadiusKm * math.Pi / 180

// LoadCountries reads country outlines from a GeoJSON FeatureCollection of
// Polygon and MultiPolygon features, such as Natural Earth's admin-0
// countries, as geo.DecodeCountries does.
func LoadCountries(path string) (*Countries, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("country polygons: %w", err)
	}
	cs, err := geo.DecodeCountries(data, path)
	if err != nil {
		return nil, err
	}
	c, err := NewCountries(cs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// NewCountries builds a Countries from outlines, for example those of
// geo.DecodeCountries. Outlines are tried in the order of their codes (stably),
// so where two overlap the lower code wins.
func NewCountries(cs []geo.Country) (*Countries, error) {
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b geo.Country) int { return cmp.Compare(a.Code, b.Code) })
	c := &Countries{}
	for _, ct := range cs {
		if !geo.ValidCountry(ct.Code) {
			return nil, fmt.Errorf("country %q: not an ISO 3166-1 alpha-3 code", ct.Code)
		}
		for _, p := range ct.Shape {
			if len(p) == 0 || len(p[0]) < 4 {
				continue
			}
			pi := int32(len(c.polys))
			c.polys = append(c.polys, countryPoly{code: ct.Code, name: ct.Name, poly: p, bound: p.Bound()})
			for ri, ring := range p {
				for s := 0; s+1 < len(ring); s += chunkLen {
					e := min(s+chunkLen, len(ring)-1)
					b := orb.LineString(ring[s : e+1]).Bound()
					c.edges.Insert(b.Min, b.Max, chunk{pi, int32(ri), int32(s), int32(e)})
				}
			}
		}
		if n := len(c.codes); n == 0 || c.codes[n-1] != ct.Code {
			c.codes = append(c.codes, ct.Code)
		}
	}
	if len(c.polys) == 0 {
		return nil, fmt.Errorf("no Polygon or MultiPolygon features with an ISO alpha-3 code (in ISO_A3 or ADM0_A3)")
	}
	return c, nil
}

// Codes returns the sorted ISO alpha-3 codes of the countries. The caller
// must not modify the slice.
func (c *Countries) Codes() []string { return c.codes }

// Locate returns the country of point p (longitude, latitude): the country
// whose outline contains p, or else the country of the nearest outline no
// more than maxKm away, with the distance to it (0 inside). ok is false when
// no outline is that close.
func (c *Countries) Locate(p orb.Point, maxKm float64) (code string, km float64, ok bool) {
	if code, ok := c.contains(p); ok {
		return code, 0, true
	}
	return c.nearest(p, maxKm)
}

// contains does a point-in-polygon test on every polygon whose bounding box
// holds p, in code order.
func (c *Countries) contains(p orb.Point) (string, bool) {
	for i := range c.polys {
		cp := &c.polys[i]
		if cp.bound.Contains(p) && planar.PolygonContains(cp.poly, p) {
			return cp.code, true
		}
	}
	return "", false
}

// nearest returns the country of the outline nearest to p within maxKm.
func (c *Countries) nearest(p orb.Point, maxKm float64) (string, float64, bool) {
	code, _, km, ok := c.nearestExcept(p, "", maxKm)
	return code, km, ok
}

// nearestExcept returns the country of the outline nearest to p within
// maxKm, other than that of country except, with the nearest point of that
// outline and its distance.
func (c *Countries) nearestExcept(p orb.Point, except string, maxKm float64) (string, orb.Point, float64, bool) {
	if !(maxKm > 0) || math.Abs(p[1]) > 89 {
		return "", orb.Point{}, 0, false
	}
	dLat := maxKm / kmPerDegree
	scale := math.Cos(p[1] * math.Pi / 180)
	dLon := math.Min(180, dLat/scale)
	best, bestPoly := math.Inf(1), int32(-1)
	var bestA, bestB orb.Point // the nearest segment
	c.edges.Search([2]float64{p[0] - dLon, p[1] - dLat}, [2]float64{p[0] + dLon, p[1] + dLat},
		func(_, _ [2]float64, ch chunk) bool {
			if c.polys[ch.poly].code == except {
				return true
			}
			ring := c.polys[ch.poly].poly[ch.ring]
			for s := ch.start; s < ch.end; s++ {
				d := planar.DistanceFromSegment(equirect(p, ring[s], scale), equirect(p, ring[s+1], scale), orb.Point{}) * kmPerDegree
				if d < best || (d == best && ch.poly < bestPoly) {
					best, bestPoly, bestA, bestB = d, ch.poly, ring[s], ring[s+1]
				}
			}
			return true
		})
	if bestPoly < 0 || best > maxKm {
		return "", orb.Point{}, 0, false
	}
	return c.polys[bestPoly].code, closestOnSegment(p, bestA, bestB, scale), best, true
}

// crossed reports whether any outline may pass through bound b.
func (c *Countries) crossed(b orb.Bound) bool {
	found := false
	c.edges.Search(b.Min, b.Max, func(_, _ [2]float64, _ chunk) bool {
		found = true
		return false
	})
	return found
}

// equirect projects q onto the plane of an equirectangular projection centred
// on p, in degrees of latitude, with longitude scaled by scale (the cosine of
// p's latitude): near p, planar distances there are distances on the Earth.
func equirect(p, q orb.Point, scale float64) orb.Point {
	return orb.Point{(q[0] - p[0]) * scale, q[1] - p[1]}
}

// closestOnSegment returns the point of segment ab nearest to p in the
// projection of equirect (orb/planar gives the distance, not the point).
func closestOnSegment(p, a, b orb.Point, scale float64) orb.Point {
	pa, pb := equirect(p, a, scale), equirect(p, b, scale)
	dx, dy := pb[0]-pa[0], pb[1]-pa[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, -(pa[0]*dx+pa[1]*dy)/l))
	}
	return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
}

// locator caches, per cell of cellDeg degrees that no outline crosses, which
// outline holds the cell, so that most points need no point-in-polygon test.
type locator struct {
	c     *Countries
	maxKm float64
	cells map[[2]int32]cellState
}

type cellState struct {
	known  bool
	clean  bool   // no outline passes through the cell
	code   string // the country holding the whole cell, if clean
	inside bool
}

const cellDeg = 0.01

func newLocator(c *Countries, maxKm float64) *locator {
	return &locator{c: c, maxKm: maxKm, cells: map[[2]int32]cellState{}}
}

func (l *locator) locate(p orb.Point) (string, bool) {
	key := [2]int32{int32(math.Floor(p[0] / cellDeg)), int32(math.Floor(p[1] / cellDeg))}
	st := l.cells[key]
	if !st.known {
		st.known = true
		lo := orb.Point{float64(key[0]) * cellDeg, float64(key[1]) * cellDeg}
		b := orb.Bound{Min: lo, Max: orb.Point{lo[0] + cellDeg, lo[1] + cellDeg}}.Pad(1e-9)
		if !l.c.crossed(b) {
			st.clean = true
			st.code, st.inside = l.c.contains(b.Center())
		}
		l.cells[key] = st
	}
	if st.clean {
		if st.inside {
			return st.code, true
		}
		code, _, ok := l.c.nearest(p, l.maxKm)
		return code, ok
	}
	code, _, ok := l.c.Locate(p, l.maxKm)
	return code, ok
}
