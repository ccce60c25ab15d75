package sim

import (
	"fmt"

	"github.com/borderflow/borderflow/geo"
)

// maxCountries is the most countries a network may span: the engines keep
// an agent's country in a byte.
const maxCountries = 255

// CountryIndex returns the network's countries (Result.Countries: ISO
// codes, sorted) and each one's index, or an error if there are more than
// 255 (maxCountries).
func CountryIndex(net *geo.Network) ([]string, map[string]int, error) {
	countries := net.Countries()
	if len(countries) > maxCountries {
		return nil, nil, fmt.Errorf("network has %d countries; the engines handle %d", len(countries), maxCountries)
	}
	idx := make(map[string]int, len(countries))
	for i, c := range countries {
		idx[c] = i
	}
	return countries, idx, nil
}

// BuildPosts makes a post for each crossing and direction (post 2c from
// crossing c's side A to B, 2c+1 back; countries indexed by countryIndex)
// and maps every arc of the network to the post it passes, −1 for none.
func BuildPosts(net *geo.Network, countryIndex map[string]int) (posts []Post, arcPost []int32) {
	for c := range geo.CrossingID(net.NumCrossings()) {
		x := net.Crossing(c)
		posts = append(posts, Post{Crossing: c, From: countryIndex[x.A], To: countryIndex[x.B]}, Post{Crossing: c, From: countryIndex[x.B], To: countryIndex[x.A]})
	}
	nArcs := 0
	if nv := net.NumNodes(); nv > 0 {
		_, hi := net.Arcs(geo.NodeID(nv - 1))
		nArcs = int(hi)
	}
	arcPost = make([]int32, nArcs)
	for a := range int32(nArcs) {
		arcPost[a] = -1
		c := net.EdgeCrossing(net.ArcEdge(a))
		if c == geo.None {
			continue
		}
		if net.Node(net.ArcTail(a)).Country == net.Crossing(c).A {
			arcPost[a] = int32(2 * c)
		} else {
			arcPost[a] = int32(2*c + 1)
		}
	}
	return posts, arcPost
}
