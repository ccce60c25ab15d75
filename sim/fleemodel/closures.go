package fleemodel

import (
	"strings"

	"github.com/borderflow/borderflow/flee"
)

// closure is a row of closures.csv resolved against the network.
type closure struct {
	start, end int
	arcs       []int32 // the links it closes
	camp       int32   // the camp it turns into a town, −1: none
}

// activeOn reports whether the closure holds on day d: from its start day
// up to the day before its end; an end before the start never comes.
func (c *closure) activeOn(d int) bool {
	return d >= c.start && (d < c.end || c.end < c.start)
}

// resolveClosures resolves closures.csv once. Types: country (every link
// between the two countries), location (every link to or from it), link
// (both directions of the link between the two), camp and idpcamp (the
// camp is a town meanwhile). Other types are ignored.
func (e *engine) resolveClosures() {
	locs := e.fs.Locations
	ends := func(a int32) (tail, head *flee.Location) {
		return &locs[e.nodeLoc[e.net.ArcTail(a)]], &locs[e.nodeLoc[e.net.ArcHead(a)]]
	}
	for _, c := range e.fs.Closures {
		fc := closure{start: c.Start, end: c.End, camp: -1}
		var closes func(t, h *flee.Location) bool
		switch strings.ToLower(c.Type) {
		case "country":
			closes = func(t, h *flee.Location) bool {
				return (t.Country == c.From && h.Country == c.To) || (t.Country == c.To && h.Country == c.From)
			}
		case "location":
			closes = func(t, h *flee.Location) bool { return t.Name == c.From || h.Name == c.From }
		case "link":
			closes = func(t, h *flee.Location) bool {
				return (t.Name == c.From && h.Name == c.To) || (t.Name == c.To && h.Name == c.From)
			}
		case "camp", "idpcamp":
			for i := range locs {
				if locs[i].Name == c.From {
					fc.camp = int32(i)
				}
			}
		}
		if closes != nil {
			for a := range int32(len(e.arcOpen)) {
				if closes(ends(a)) {
					fc.arcs = append(fc.arcs, a)
				}
			}
		}
		e.closures = append(e.closures, fc)
	}
	e.closureOn = make([]bool, len(e.closures))
}

// enactClosures puts today's closures in force. When a closure that shuts
// links starts or ends, the open links are worked out again and the route
// tables rebuilt, and it reports true: every planned route is dropped.
func (e *engine) enactClosures() bool {
	changed, linksChanged := false, e.routes == nil
	for k := range e.closures {
		c := &e.closures[k]
		if on := c.activeOn(e.day); on != e.closureOn[k] {
			e.closureOn[k] = on
			changed = true
			linksChanged = linksChanged || len(c.arcs) > 0
		}
	}
	if !changed && !linksChanged {
		return false
	}
	// Work out from every closure in force (closures may overlap).
	for a := range e.arcOpen {
		e.arcOpen[a] = true
	}
	for i := range e.locs {
		e.locs[i].closedCamp = false
	}
	for k, c := range e.closures {
		if !e.closureOn[k] {
			continue
		}
		for _, a := range c.arcs {
			e.arcOpen[a] = false
		}
		if c.camp >= 0 {
			e.locs[c.camp].closedCamp = true
		}
	}
	if !linksChanged {
		return false
	}
	e.buildRoutes()
	// Planned routes index the old tables: everyone plans anew (with
	// awareness level 1 a route is one link, taken when planned, so nobody
	// holds one between days).
	for i := range e.a.route[:min(e.born, len(e.a.route))] {
		e.a.route[i] = -1
	}
	return true
}
