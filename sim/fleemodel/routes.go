package fleemodel

import (
	"math"
)

// buildRoutes lists, per location, the routes an agent may plan over open
// links: every path of up to awareness_level steps that does not return to
// a location already on it; markers are passed through without counting as
// a step or being a destination.
func (e *engine) buildRoutes() {
	e.routes = e.routes[:0]
	e.routeArcs = e.routeArcs[:0]
	e.locRoutes = make([]int32, len(e.locs)+1)
	var path [maxRouteHops]int32
	var visit func(origin int32, arc int32, depth int, prior float64, step int)
	visit = func(origin int32, arc int32, depth int, prior float64, step int) {
		path[depth] = arc
		head := e.nodeLoc[e.net.ArcHead(arc)]
		km := prior + e.arcKm[arc]
		if !e.locs[head].marker {
			off := int32(len(e.routeArcs))
			e.routeArcs = append(e.routeArcs, path[:depth+1]...)
			e.routes = append(e.routes, route{off: off, n: int32(depth + 1), end: head,
				den: math.Pow(e.set.DistanceSoftening+km, e.set.DistancePower)})
		} else {
			step--
		}
		if e.set.AwarenessLevel <= step || depth+1 >= maxRouteHops {
			return
		}
		lo, hi := e.net.Arcs(e.net.ArcHead(arc))
		for b := lo; b < hi; b++ {
			if !e.arcOpen[b] {
				continue
			}
			next := e.nodeLoc[e.net.ArcHead(b)]
			if next == origin || e.onPath(path[:depth+1], next) {
				continue
			}
			visit(origin, b, depth+1, km, step+1)
		}
	}
	for l := range e.locs {
		e.locRoutes[l] = int32(len(e.routes))
		lo, hi := e.net.Arcs(e.locs[l].node)
		for a := lo; a < hi; a++ {
			if e.arcOpen[a] {
				visit(int32(l), a, 0, 0, 1)
			}
		}
	}
	e.locRoutes[len(e.locs)] = int32(len(e.routes))
	e.cumWeight = make([]float64, len(e.routes))
}

// onPath reports whether location l is the head of one of the arcs.
func (e *engine) onPath(arcs []int32, l int32) bool {
	for _, a := range arcs {
		if e.nodeLoc[e.net.ArcHead(a)] == l {
			return true
		}
	}
	return false
}

// prepareDay computes today's scores, capacity multipliers, move chances
// and route weights from the state at the start of the day.
func (e *engine) prepareDay() {
	set := e.set
	for i := range e.locs {
		l := &e.locs[i]
		l.campNow = l.camp && !l.closedCamp
		l.townNow = (l.town && l.conflict <= 0) || l.closedCamp
		s := 1.0
		if l.foreign {
			s *= set.ForeignWeight
		}
		if l.campNow {
			s *= set.CampWeight
		}
		mc := l.baseMove
		if l.closedCamp {
			mc = set.DefaultMoveChance
		}
		if l.conflict > 0 {
			s *= math.Pow(set.ConflictWeight, e.conflictDecay(l)*l.conflict)
			if !l.campNow {
				mc = set.ConflictMoveChance
			}
		}
		e.score[i] = s
		e.moveChance[i] = mc
		e.capMul[i] = capMultiplier(float64(e.occ[i]), l.capacity, set.CapacityBuffer)
	}
	for l := range e.locs {
		var cum float64
		for r := e.locRoutes[l]; r < e.locRoutes[l+1]; r++ {
			rt := &e.routes[r]
			w := 1.0
			if set.AwarenessLevel > 0 {
				w = (set.WeightSoftening + e.score[rt.end]) / rt.den * e.capMul[rt.end]
				if set.WeightPower != 1 {
					w = math.Pow(w, set.WeightPower)
				}
			}
			cum += w
			e.cumWeight[r] = cum
		}
	}
}

// conflictDecay is the exponent factor of a conflict zone's score: the
// spawn decay of its conflict's age, as Flee applies it to scores.
func (e *engine) conflictDecay(l *location) float64 { return e.spawnDecay(l) }

// capMultiplier is Flee's capacity throttle: 1 below buffer × capacity, 0
// at capacity, linear between; 1 where there is no capacity.
func capMultiplier(occ, capacity, buffer float64) float64 {
	if capacity < 1 {
		return 1
	}
	switch {
	case occ <= buffer*capacity:
		return 1
	case occ >= capacity:
		return 0
	}
	return 1 - (occ-buffer*capacity)/(capacity*(1-buffer))
}
