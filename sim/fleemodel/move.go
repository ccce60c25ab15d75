package fleemodel

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/borderflow/borderflow/sim"
)

// chunk is the number of agents a worker takes at a time: workers take
// chunks as they finish, so that the busy (recently spawned) agents do not
// all fall to one worker. The counters they add to are sums, so the result
// does not depend on who moved which chunk.
const chunk = 2048

// moveAll moves every agent through today on the workers, in chunks, and
// adds up what they collected. It stops early (leaving the day half done)
// if ctx is done.
func (e *engine) moveAll(ctx context.Context) {
	for _, sh := range e.shards {
		sh.reset()
	}
	sim.ForChunks(ctx, len(e.shards), e.born, chunk, func(k, lo, hi int) {
		sh := e.shards[k]
		sh.agentDays += int64(hi - lo)
		arcs, locs, mc, key := e.a.arc[lo:hi], e.a.loc[lo:hi], e.moveChance, e.keys[fdMove][0]
		for j, arc := range arcs {
			i := int32(lo + j)
			if arc < 0 && !(unit(key, i) < mc[locs[j]]) {
				continue // stays put today: the common case, kept tight
			}
			e.step(sh, i)
		}
	})
	for _, sh := range e.shards {
		for l, d := range sh.locDelta {
			e.occ[l] += d
		}
		for a, d := range sh.arcDelta {
			e.onArc[a] += d
		}
		for c := range e.countries {
			e.res.Entries[e.day][c] += sh.entries[c]
			e.res.Exits[e.day][c] += sh.exits[c]
		}
		for p := range e.posts {
			e.res.Passed[e.day][p] += sh.passed[p]
			e.res.Refused[e.day][p] += sh.refused[p]
		}
		for c := range e.centres {
			e.res.TurnedAway[e.day][c] += sh.turnedAway[c]
		}
		for k, v := range sh.edgeFlow {
			e.res.EdgeFlow[e.day][k] += v
		}
		e.res.AgentDays += sh.agentDays
	}
	e.settleArrivals()
	for p := range e.posts {
		e.res.Arrived[e.day][p] = e.res.Passed[e.day][p] + e.res.Refused[e.day][p]
	}
}

func (sh *shard) reset() {
	for _, s := range [][]int64{sh.locDelta, sh.arcDelta, sh.entries, sh.exits, sh.passed, sh.refused, sh.turnedAway, sh.edgeFlow} {
		clear(s)
	}
	sh.agentDays = 0
	sh.arrivals = sh.arrivals[:0]
}

// settleArrivals settles today's late arrivals at camps with a capacity:
// agents that set out on their last link after an arrival earlier in the
// day. Flee moves agents one after another, so such an agent sees the
// camp's occupancy of that moment, today's earlier arrivals included, and
// does not set out for a camp whose capacity multiplier has fallen under
// 0.5. Here the move is parallel, so a late arrival waits at the link's
// end; once every agent has moved, the late arrivals are let in in agent
// order while the camp's occupancy (after the day's other moves and the
// late arrivals let in before) keeps the multiplier at 0.5 or more. The
// others stay at the link's start with their route dropped, a turn-away
// of that camp, and choose again tomorrow.
func (e *engine) settleArrivals() {
	e.arrivals = e.arrivals[:0]
	for _, sh := range e.shards {
		e.arrivals = append(e.arrivals, sh.arrivals...)
	}
	slices.SortFunc(e.arrivals, func(x, y arrival) int { return cmp.Compare(x.agent, y.agent) })
	a := &e.a
	d := e.day
	for _, ar := range e.arrivals {
		i, arc := ar.agent, ar.arc
		tail, head := a.loc[i], e.nodeLoc[e.net.ArcHead(arc)]
		if capMultiplier(float64(e.occ[head]), e.locs[head].capacity, e.set.CapacityBuffer) < 0.5 {
			e.occ[tail]++
			a.route[i] = -1
			if c := e.centreOf[head]; c >= 0 {
				e.res.TurnedAway[d][c]++
			}
			e.res.EdgeFlow[d][e.net.ArcEdge(arc)]--
			continue
		}
		e.occ[head]++
		a.loc[i] = head
		if p := e.arcPost[arc]; p >= 0 {
			e.res.Passed[d][p]++
			e.res.Exits[d][e.locs[tail].country]++
			e.res.Entries[d][e.locs[head].country]++
		}
		if e.set.CampsAreSinks {
			a.flags[i] |= ffSunk
		}
	}
}

// step moves agent i through today: Flee's evolve (leave with the
// location's move chance along a planned route) and finish_travel (cover
// max_move_speed km of the link; on arrival with distance to spare, decide
// again, with towns forced on under avoid_short_stints).
func (e *engine) step(sh *shard, i int32) {
	a := &e.a
	set := e.set
	moved := 0.0
	rec := -1.0 // recent(i), once needed
	force := false
	leg := -1 // decision that put the agent on its link; −1: before today
	for k := range maxSteps {
		if a.arc[i] < 0 {
			if !e.evolve(sh, i, k, force) {
				break
			}
			leg = k
		}
		arc := a.arc[i]
		speed := set.MaxMoveSpeed
		if a.flags[i]&ffTravelled == 0 && set.StartOnFoot {
			speed = set.MaxWalkSpeed
		}
		if p := e.walkProb[arc]; p > 0 && e.rand(fdWalk, k, i) < p {
			speed = set.MaxWalkSpeed
		}
		on := float64(a.onLink[i]) + speed
		moved += speed
		km := e.arcKm[arc]
		if !(on > km) {
			a.onLink[i] = float32(on)
			break
		}
		a.flags[i] |= ffTravelled
		moved += km - on
		tail, head := a.loc[i], e.nodeLoc[e.net.ArcHead(arc)]
		sh.arcDelta[arc]--
		a.arc[i], a.onLink[i] = -1, 0
		if !e.arcOpen[arc] {
			// The link closed while the agent was on it: back to its start.
			sh.locDelta[tail]++
			if p := e.arcPost[arc]; p >= 0 {
				sh.refused[p]++
			}
			a.route[i] = -1
			break
		}
		if leg > 0 && e.locs[head].campNow && e.locs[head].capacity >= 1 {
			// Let in, or not, once every agent has moved.
			sh.arrivals = append(sh.arrivals, arrival{agent: i, arc: arc})
			break
		}
		sh.locDelta[head]++
		a.loc[i] = head
		if p := e.arcPost[arc]; p >= 0 {
			sh.passed[p]++
			sh.exits[e.locs[tail].country]++
			sh.entries[e.locs[head].country]++
		}
		if e.locs[head].campNow && set.CampsAreSinks {
			a.flags[i] |= ffSunk
			break
		}
		if !(moved < speed) {
			break
		}
		if rec < 0 {
			rec = e.recent(i)
		}
		force = set.AvoidShortStints && (rec+moved/set.MaxMoveSpeed)/2 < 0.5
	}
	if moved > 0 {
		if rec < 0 {
			rec = e.recent(i)
		}
		a.recent[i] = float32((rec + moved/set.MaxMoveSpeed) / 2)
		a.rday[i] = uint16(e.day)
	}
}

// halvings[k] is 2^−k.
var halvings = func() (h [64]float64) {
	for k := range h {
		h[k] = math.Ldexp(1, -k)
	}
	return
}()

// recent returns agent i's recent_travel_distance as of the end of
// yesterday: Flee halves it every day and adds half the day's share of
// max_move_speed travelled; it is stored only on days the agent moves.
func (e *engine) recent(i int32) float64 { return recentAt(e.a.recent[i], e.a.rday[i], e.day) }

// recentAt is recent_travel_distance r, stored at the end of day rday, as
// of the end of the day before day.
func recentAt(r float32, rday uint16, day int) float64 {
	if r == 0 {
		return 0
	}
	if k := day - 1 - int(rday); k > 0 {
		if k >= len(halvings) {
			return 0
		}
		return float64(r) * halvings[k]
	}
	return float64(r)
}

// evolve decides whether agent i, at a location, sets out today (its k-th
// decision) and if so puts it on the next link of its route, planning one
// if it has none. It reports whether the agent is now on a link.
func (e *engine) evolve(sh *shard, i int32, k int, force bool) bool {
	a := &e.a
	l := a.loc[i]
	mc := e.moveChance[l]
	if force && e.locs[l].townNow {
		mc = 1
	}
	if !(e.rand(fdMove, k, i) < mc) || a.flags[i]&ffSunk != 0 {
		return false
	}
	if a.route[i] < 0 {
		lo, hi := e.locRoutes[l], e.locRoutes[l+1]
		if lo == hi {
			return false
		}
		tot := e.cumWeight[hi-1]
		u := e.rand(fdRoute, k, i)
		var r int32
		if tot > 0 {
			r = lo + int32(searchCum(e.cumWeight[lo:hi], u*tot))
		} else {
			// All weights zero: Flee weighs every route equally.
			r = lo + int32(u*float64(hi-lo))
		}
		a.route[i], a.pos[i] = r, 0
	}
	rt := &e.routes[a.route[i]]
	arc := e.routeArcs[rt.off+int32(a.pos[i])]
	if !e.arcOpen[arc] || e.nodeLoc[e.net.ArcTail(arc)] != l {
		// The link has closed since the route was planned.
		a.route[i] = -1
		return false
	}
	if end := &e.locs[rt.end]; end.campNow && e.capMul[rt.end] < 0.5 {
		// Flee drops a route to a camp that is (nearly) full.
		if c := e.centreOf[rt.end]; c >= 0 {
			sh.turnedAway[c]++
		}
		a.route[i] = -1
		return false
	}
	if a.pos[i]++; int32(a.pos[i]) >= rt.n {
		a.route[i] = -1
	}
	sh.locDelta[l]--
	sh.arcDelta[arc]++
	sh.edgeFlow[e.net.ArcEdge(arc)]++
	a.arc[i], a.onLink[i] = arc, 0
	return true
}
