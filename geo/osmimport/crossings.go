package osmimport

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/borderflow/borderflow/geo"
	"github.com/paulmach/orb"
)

// xedge is an edge that crosses a border, from country a to country b (a < b).
type xedge struct {
	edge geo.EdgeID
	a, b string
	mid  orb.Point // the midpoint of its segment
	way  *rawWay
}

// groupCrossings groups the crossing edges of each pair of countries whose
// midpoints lie within GroupKm of each other (single linkage), and names each
// group. Groups come in the order of the pair, then of their first edge
// (which follows the OSM way ids).
func groupCrossings(xs []xedge, opts Options, marks []landmark, loc *locator) []geo.Crossing {
	parent := make([]int, len(xs))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if xs[i].a == xs[j].a && xs[i].b == xs[j].b && float64(geo.GreatCircle(xs[i].mid, xs[j].mid)) <= opts.GroupKm {
				if a, b := find(i), find(j); a != b {
					parent[max(a, b)] = min(a, b)
				}
			}
		}
	}
	var groups [][]int
	root := map[int]int{}
	for i := range xs {
		r := find(i)
		g, ok := root[r]
		if !ok {
			g = len(groups)
			root[r] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	slices.SortStableFunc(groups, func(g, h []int) int {
		x, y := xs[g[0]], xs[h[0]]
		return cmp.Or(strings.Compare(x.a+x.b, y.a+y.b), cmp.Compare(g[0], h[0]))
	})

	// The country of each place, found when first needed.
	placeCountry := make([]string, len(marks))
	placeKnown := make([]bool, len(marks))
	countryOf := func(m int) string {
		if !placeKnown[m] {
			placeKnown[m] = true
			if p := (orb.Point{marks[m].lon, marks[m].lat}); validPoint(p) {
				placeCountry[m], _ = loc.locate(p)
			}
		}
		return placeCountry[m]
	}

	out := make([]geo.Crossing, 0, len(groups))
	usedID := map[string]int{}
	perPair := map[string]int{}
	for _, g := range groups {
		first := xs[g[0]]
		pair := first.a + "–" + first.b
		perPair[pair]++
		// The distance from a point to the group: to its nearest edge midpoint.
		dist := func(lon, lat float64) float64 {
			d := math.Inf(1)
			for _, i := range g {
				d = math.Min(d, float64(geo.GreatCircle(xs[i].mid, orb.Point{lon, lat})))
			}
			return d
		}
		nearest := func(ok func(m int) bool) string {
			best, name := math.Inf(1), ""
			for m := range marks {
				if marks[m].name == "" || !ok(m) {
					continue
				}
				if d := dist(marks[m].lon, marks[m].lat); d <= opts.NameKm && d < best {
					best, name = d, marks[m].name
				}
			}
			return name
		}
		var roads []string
		for _, i := range g {
			if l := xs[i].way.label(); l != "" && !slices.Contains(roads, l) {
				roads = append(roads, l)
			}
		}
		if len(roads) > 2 {
			roads = append(roads[:2], "…")
		}
		road := strings.Join(roads, "/")

		base := nearest(func(m int) bool { return marks[m].control })
		if base == "" {
			pa := nearest(func(m int) bool { return !marks[m].control && countryOf(m) == first.a })
			pb := nearest(func(m int) bool { return !marks[m].control && countryOf(m) == first.b })
			switch {
			case pa != "" && pb != "" && pa != pb:
				base = pa + " – " + pb
			case pa != "":
				base = pa
			default:
				base = pb
			}
		}
		if base == "" && road != "" {
			base = road + " " + pair
		}
		id := geo.Slug(base)
		name := base
		if id == "" {
			id = fmt.Sprintf("%s-%s-%d", strings.ToLower(first.a), strings.ToLower(first.b), perPair[pair])
			name = fmt.Sprintf("%s crossing %d", pair, perPair[pair])
		}
		if road != "" && !strings.Contains(name, road) {
			name += " (" + road + ")"
		}
		if n := usedID[id]; n > 0 {
			usedID[id] = n + 1
			id = geo.Slug(fmt.Sprintf("%s %d", id, n+1))
			name = fmt.Sprintf("%s #%d", name, n+1)
		}
		usedID[id]++
		c := geo.Crossing{ID: id, Name: name}
		for _, i := range g {
			c.Edges = append(c.Edges, xs[i].edge)
		}
		out = append(out, c)
	}
	return out
}
