package scenarios

import (
	"slices"

	"github.com/borderflow/borderflow/geo"
)

// Stock is a number of people put in the network on the period's first
// day, before anyone moves: residents of the centre at Node (InCentre),
// who stay as the centre's residents do (params.rest_days from the first
// day), or people at the place Node outside any centre, who move on that
// day.
type Stock struct {
	Node     geo.NodeID
	InCentre bool
	People   float64
}

// Correction sets a stock to an observed figure at the end of a day: the
// people in the centre at Centre, or (Centre geo.None) the people present
// in Country. The engine adds or takes out the difference (package
// borderaware says how): people added to a centre are its residents, who
// have stayed there for days drawn evenly up to rest_days; people added
// to a country are shared equally among Towns, outside any centre; people
// taken out of a centre are drawn from its residents, and out of a
// country from those in it who are neither in a centre nor queued at a
// post. A forecast corrects its members to the stocks observed by its
// as-of day.
type Correction struct {
	Date    Date
	Centre  geo.NodeID
	Country string
	Towns   []geo.NodeID
	People  float64
}

// TownsNear returns the towns beside the centres of country open on day
// d, in the network's order: where people waiting in a country, outside
// its centres, are put. Centres for asylum seekers and detention count
// too: people camp near them as well.
func (s *Scenario) TownsNear(country string, d Date) []geo.NodeID {
	net := s.Network
	var towns []geo.NodeID
	for _, c := range net.Centres() {
		if net.Node(c).Country != country {
			continue
		}
		if st, ok := s.Timeline.Centre(d, c); !ok || !st.Open {
			continue
		}
		lo, hi := net.Arcs(c)
		for a := lo; a < hi; a++ {
			if t := net.ArcHead(a); net.Node(t).Kind != geo.Centre && net.Node(t).Country == country && !slices.Contains(towns, t) {
				towns = append(towns, t)
			}
		}
	}
	return towns
}

// maxStock is the most people one initial stock may hold.
const maxStock = 1e9

// initial resolves the file's initial stocks; it runs after the timeline,
// which says which centres are open on the first day.
func (r *resolver) initial() {
	for i, st := range r.f.Initial {
		p := path{"initial", i}
		given := 0
		for _, s := range []string{st.Centre, st.Place, st.Country} {
			if s != "" {
				given++
			}
		}
		if given != 1 {
			r.c.add(p, "an initial stock needs exactly one of centre, place and country (it has %d)", given)
			continue
		}
		if !r.checkCount(st.People, p.key("people"), maxStock, "stock") {
			continue
		}
		switch {
		case st.Centre != "":
			if v, ok := r.centre(st.Centre, p.key("centre")); ok {
				if cs, _ := r.s.Timeline.Centre(r.s.Start, v); !cs.Open {
					r.c.add(p.key("centre"), "centre %s is closed on %v, the first day: its residents cannot be there (open it with an open_centre event on that day, or give a place)", st.Centre, r.s.Start)
					continue
				}
				r.s.Initial = append(r.s.Initial, Stock{Node: v, InCentre: true, People: st.People})
			}
		case st.Place != "":
			if v, ok := r.node(st.Place, p.key("place"), "place"); ok {
				if r.net.Node(v).Kind == geo.Centre {
					r.c.add(p.key("place"), "%s is a centre: give it as centre: %s for its residents", st.Place, st.Place)
					continue
				}
				r.s.Initial = append(r.s.Initial, Stock{Node: v, People: st.People})
			}
		default:
			if !r.country(st.Country, p.key("country")) {
				continue
			}
			towns := r.s.TownsNear(st.Country, r.s.Start)
			if len(towns) == 0 {
				r.c.add(p.key("country"), "%s has no centre open on %v to put %g people near: give a place instead", st.Country, r.s.Start, st.People)
				continue
			}
			for _, t := range towns {
				r.s.Initial = append(r.s.Initial, Stock{Node: t, People: st.People / float64(len(towns))})
			}
		}
	}
}

// InitialPeople returns the people of the initial stocks.
func (s *Scenario) InitialPeople() float64 {
	var n float64
	for _, st := range s.Initial {
		n += st.People
	}
	return n
}
