package report

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
)

// ringIndex answers the two questions label placement asks of a country's
// ring thousands of times — is a point inside, does a vertex fall inside
// a box — without walking the whole ring each time: the ring's edges are
// filed in vertical strips by the x range they span, and its vertices
// sorted by x.
type ringIndex struct {
	ring   orb.Ring
	bound  orb.Bound
	x0, dx float64   // the first strip's left edge and the strips' width
	strips [][]int32 // per strip, the edges (index of their first point) reaching into it
	byX    []int32   // the ring's points, by x
}

// newRingIndex indexes a ring (closed or not: the edge from its last
// point back to its first is one of its edges).
func newRingIndex(r orb.Ring) *ringIndex {
	ix := &ringIndex{ring: r, bound: r.Bound()}
	if len(r) == 0 {
		return ix
	}
	n := min(max(1, len(r)/4), 512)
	ix.x0 = ix.bound.Min[0]
	ix.dx = (ix.bound.Max[0] - ix.bound.Min[0]) / float64(n)
	ix.strips = make([][]int32, n)
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		lo, hi := ix.strip(min(a[0], b[0])), ix.strip(max(a[0], b[0]))
		for s := lo; s <= hi; s++ {
			ix.strips[s] = append(ix.strips[s], int32(i))
		}
	}
	ix.byX = make([]int32, len(r))
	for i := range ix.byX {
		ix.byX[i] = int32(i)
	}
	slices.SortFunc(ix.byX, func(a, b int32) int { return cmp.Compare(r[a][0], r[b][0]) })
	return ix
}

// strip is the strip holding x, clamped to the strips.
func (ix *ringIndex) strip(x float64) int {
	if ix.dx <= 0 {
		return 0
	}
	return min(max(0, int((x-ix.x0)/ix.dx)), len(ix.strips)-1)
}

// contains reports whether p lies inside the ring, by the parity of the
// edges above it that span its x (each edge counted over [left, right),
// so a ray through a vertex counts it once). Points exactly on an edge
// may fall either way; the labels' candidate points never do in practice
// (TestRingIndexAgreesWithOrb checks them against planar.RingContains).
func (ix *ringIndex) contains(p orb.Point) bool {
	if len(ix.ring) < 3 || !ix.bound.Contains(p) {
		return false
	}
	r := ix.ring
	in := false
	for _, i := range ix.strips[ix.strip(p[0])] {
		a, b := r[i], r[(int(i)+1)%len(r)]
		if a[0] > b[0] {
			a, b = b, a
		}
		if p[0] < a[0] || p[0] >= b[0] {
			continue
		}
		if y := a[1] + (p[0]-a[0])*(b[1]-a[1])/(b[0]-a[0]); y > p[1] {
			in = !in
		}
	}
	return in
}

// vertexIn reports whether a point of the ring lies strictly inside box
// (x0, y0)–(x1, y1).
func (ix *ringIndex) vertexIn(x0, y0, x1, y1 float64) bool {
	r := ix.ring
	from, _ := slices.BinarySearchFunc(ix.byX, x0, func(i int32, x float64) int {
		if r[i][0] <= x {
			return -1
		}
		return 1
	})
	for _, i := range ix.byX[from:] {
		q := r[i]
		if q[0] >= x1 {
			break
		}
		if q[1] > y0 && q[1] < y1 {
			return true
		}
	}
	return false
}
