package fleemodel

import (
	"fmt"
)

func (e *engine) record() {
	d := e.day
	pres := e.res.Present[d]
	for l := range e.locs {
		pres[e.locs[l].country] += e.occ[l]
	}
	for arc, n := range e.onArc {
		if n != 0 {
			pres[e.locs[e.nodeLoc[e.net.ArcTail(int32(arc))]].country] += n
		}
	}
	for c, v := range e.centres {
		l := e.nodeLoc[v]
		e.res.Occupancy[d][c] = e.occ[l]
		e.res.Capacity[d][c] = int64(e.fs.Locations[l].Capacity())
	}
}

// check verifies that every agent is at a location or on a link and that
// the counts agree with the agents.
func (e *engine) check() error {
	occ := make([]int64, len(e.locs))
	on := make([]int64, len(e.onArc))
	for i := range e.born {
		if a := e.a.arc[i]; a >= 0 {
			on[a]++
		} else {
			occ[e.a.loc[i]]++
		}
	}
	return e.checkCounts(occ, on, "by count")
}

// checkCounts checks the agents counted at each location (occ) and on
// each link (on), from the agents or the cohorts (how names which), against
// the tables, and that every agent spawned is in them and present in some
// country.
func (e *engine) checkCounts(occ, on []int64, how string) error {
	var sum int64
	for l := range occ {
		if occ[l] != e.occ[l] {
			return fmt.Errorf("day %d: %s holds %d agents %s but %d by the tables", e.day, e.fs.Locations[l].Name, occ[l], how, e.occ[l])
		}
		sum += occ[l]
	}
	for a := range on {
		if on[a] != e.onArc[a] {
			return fmt.Errorf("day %d: arc %d carries %d agents %s but %d by the tables", e.day, a, on[a], how, e.onArc[a])
		}
		sum += on[a]
	}
	if sum != int64(e.born) {
		return fmt.Errorf("day %d: %d agents spawned but %d %s", e.day, e.born, sum, how)
	}
	var pres int64
	for _, n := range e.res.Present[e.day] {
		pres += n
	}
	if pres != int64(e.born) {
		return fmt.Errorf("day %d: %d agents spawned but %d present by country", e.day, e.born, pres)
	}
	return nil
}
