package borderaware

import (
	"fmt"
	"math"
	"slices"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// Purposes of the draws that place and take out people (after drawRoute's
// step numbers).
const (
	drawStock   uint64 = 1 << 32
	drawCorrect uint64 = 1<<32 + 1
)

// stockAgents returns the agents each initial stock brings: the stocks'
// people × scale rounded once over all of them, shared by largest
// remainder (ties to the earlier stock), as a day's spawns are.
func stockAgents(stocks []scenarios.Stock, scale float64) []int64 {
	n := make([]int64, len(stocks))
	rem := make([]float64, len(stocks))
	var owed float64
	var given int64
	for i, st := range stocks {
		want := st.People * scale
		owed += want
		n[i] = int64(math.Floor(want))
		rem[i] = want - float64(n[i])
		given += n[i]
	}
	order := make([]int, len(stocks))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for k := 0; given < int64(math.Round(owed)) && k < len(order); k++ {
		n[order[k]]++
		given++
	}
	return n
}

// centreTowns returns, per centre, the node its residents are at: the
// first town beside it (the node people ask at it from), or the centre's
// own node where it has none.
func centreTowns(net *geo.Network, centres []geo.NodeID) []geo.NodeID {
	towns := make([]geo.NodeID, len(centres))
	for i, c := range centres {
		towns[i] = c
		lo, hi := net.Arcs(c)
		for a := lo; a < hi; a++ {
			if t := net.ArcHead(a); net.Node(t).Kind != geo.Centre {
				towns[i] = t
				break
			}
		}
	}
	return towns
}

// presentNow returns the agents present in country c at this point of the
// day: yesterday's, plus today's entries, less its exits, plus those
// placed today.
func (e *engine) presentNow(c int) int64 {
	n := e.res.Entries[e.day][c] - e.res.Exits[e.day][c] + e.res.Placed[e.day][c]
	if e.day > 0 {
		n += e.res.Present[e.day-1][c]
	}
	return n
}

// correctionTarget returns the agents a correction asks for, and whether
// it applies today.
func (e *engine) correctionTarget(cr scenarios.Correction) (int64, bool) {
	if cr.Date != e.date {
		return 0, false
	}
	return int64(math.Round(cr.People * e.opts.Scale)), true
}

// spread shares n agents equally among k places (largest remainder, ties
// to the earlier place).
func spread(n int64, k int) []int64 {
	parts := make([]int64, k)
	for i := range parts {
		parts[i] = n / int64(k)
		if int64(i) < n%int64(k) {
			parts[i]++
		}
	}
	return parts
}

// placeInitial puts the initial stocks in: called on the first day
// before anyone moves.
func (e *engine) placeInitial() error {
	for j, n := range stockAgents(e.s.Initial, e.opts.Scale) {
		st := e.s.Initial[j]
		c := -1
		if st.InCentre {
			c = e.centreIdx[st.Node]
		}
		if err := e.addAgents(st.Node, c, n, false); err != nil {
			return err
		}
	}
	return nil
}

// grow makes room for n more agents' columns.
func (a *agents) grow(n int) {
	a.node = slices.Grow(a.node, n)[:len(a.node)+n]
	a.arc = slices.Grow(a.arc, n)[:len(a.arc)+n]
	a.left = slices.Grow(a.left, n)[:len(a.left)+n]
	a.state = slices.Grow(a.state, n)[:len(a.state)+n]
	a.dest = slices.Grow(a.dest, n)[:len(a.dest)+n]
	a.group = slices.Grow(a.group, n)[:len(a.group)+n]
	a.flags = slices.Grow(a.flags, n)[:len(a.flags)+n]
	a.avoid = slices.Grow(a.avoid, n)[:len(a.avoid)+n]
	a.since = slices.Grow(a.since, n)[:len(a.since)+n]
}

// stayAges returns the number of days a corrected centre's residents may
// have stayed: rest_days (at least 1), and no more than the days run.
func (e *engine) stayAges() int { return max(1, min(e.s.Params.RestDays, e.day+1)) }

// addAgents adds n agents at node v, as residents of centre c (c ≥ 0) or
// outside any centre; each draws its exit and group as an arrival does.
// Residents placed with aged have stayed a number of days drawn evenly
// from stayAges (a centre's residents on a day, in a steady state, are of
// every age of stay alike), so they leave over the next rest_days rather
// than on one day; the others' stay begins today. They take the next
// agent numbers, and the columns, sized for the run's planned spawns,
// grow by n.
func (e *engine) addAgents(v geo.NodeID, c int, n int64, aged bool) error {
	if n <= 0 {
		return nil
	}
	if int64(len(e.a.node))+n > sim.MaxAgents {
		return fmt.Errorf("%v: placing %d people at %s would bring the run past the %d agents one run handles (use --scale)", e.date, n, e.net.Node(v).ID, sim.MaxAgents)
	}
	if err := sim.CheckAgentMemory(int64(len(e.a.node))+n, BytesPerAgent); err != nil {
		return fmt.Errorf("%v: placing %d people at %s: %w", e.date, n, e.net.Node(v).ID, err)
	}
	e.a.grow(int(n))
	dests := e.s.Timeline.Destinations(e.date)
	a := e.a
	for range n {
		i := e.born
		a.node[i], a.arc[i], a.left[i], a.avoid[i], a.flags[i] = v, -1, 0, -1, 0
		a.state[i] = stMoving
		if c >= 0 {
			a.state[i], a.arc[i], a.since[i] = stCentre, int32(c), uint16(e.day)
			if aged {
				a.since[i] -= uint16(draw(e.seed, int32(i), int32(e.day), drawStock) * float64(e.stayAges()))
			}
		}
		a.dest[i] = uint8(e.pickDest(dests, int32(i)))
		a.group[i] = e.pickGroup(int32(i))
		e.born++
	}
	if c >= 0 {
		e.occupancy[c] += n
	}
	e.res.Placed[e.day][e.nodeCountry[v]] += n
	e.res.Info.Agents += int(n)
	return nil
}

// removeAgents takes out m of the agents for which eligible holds, each
// with the same chance (selection sampling over the agents in order, by
// their own draws), and returns how many it took.
func (e *engine) removeAgents(m int64, count int64, eligible func(i int) bool) int64 {
	a := e.a
	var took int64
	for i := e.firstAlive; i < e.born && took < m && count > 0; i++ {
		if !eligible(i) {
			continue
		}
		if draw(e.seed, int32(i), int32(e.day), drawCorrect)*float64(count) < float64(m-took) {
			switch a.state[i] {
			case stCentre:
				e.occupancy[a.arc[i]]--
			case stStranded:
				e.strandedNow[e.nodeCountry[a.node[i]]]--
			}
			e.res.Placed[e.day][e.nodeCountry[a.node[i]]]--
			a.state[i] = stExited
			took++
		}
		count--
	}
	return took
}

// stocks is what an engine does to a stock when a correction sets it:
// add n people at node v (residents of centre c when c ≥ 0, their stay
// ages drawn when aged; salt tells apart the additions of a day), or take
// n out of centre c's residents, or out of those in country ci who are
// neither in a centre nor queued.
type stocks interface {
	add(v geo.NodeID, c int, n int64, aged bool, salt uint64) error
	removeFromCentre(c int, n int64)
	removeFromCountry(ci int, n int64)
}

// applyCorrections sets today's corrected stocks through st: centres
// first, then the countries (whose present counts the centres' residents).
func (e *engine) applyCorrections(st stocks) error {
	for j, cr := range e.s.Corrections {
		want, ok := e.correctionTarget(cr)
		if !ok || cr.Centre == geo.None {
			continue
		}
		c, ok := e.centreIdx[cr.Centre]
		if !ok {
			continue
		}
		switch have := e.occupancy[c]; {
		case want > have:
			if err := st.add(e.centreTown[c], c, want-have, true, 1<<16|uint64(j)); err != nil {
				return err
			}
		case want < have:
			st.removeFromCentre(c, have-want)
		}
		e.res.Occupancy[e.day][c] = e.occupancy[c]
	}
	for j, cr := range e.s.Corrections {
		want, ok := e.correctionTarget(cr)
		if !ok || cr.Centre != geo.None {
			continue
		}
		ci := slices.Index(e.countries, cr.Country)
		if ci < 0 {
			continue
		}
		switch have := e.presentNow(ci); {
		case want > have && len(cr.Towns) > 0:
			for t, n := range spread(want-have, len(cr.Towns)) {
				if err := st.add(cr.Towns[t], -1, n, false, 2<<16|uint64(j)<<8|uint64(t)); err != nil {
					return err
				}
			}
		case want < have:
			st.removeFromCountry(ci, have-want)
		}
	}
	return nil
}

// agentStocks are the agent engine's stocks.
type agentStocks struct{ *engine }

func (e agentStocks) add(v geo.NodeID, c int, n int64, aged bool, _ uint64) error {
	return e.addAgents(v, c, n, aged)
}

func (e agentStocks) removeFromCentre(c int, n int64) {
	e.removeAgents(n, e.occupancy[c], func(i int) bool { return e.a.state[i] == stCentre && int(e.a.arc[i]) == c })
}

func (e agentStocks) removeFromCountry(ci int, n int64) {
	free := func(i int) bool {
		st := e.a.state[i]
		return (st == stMoving || st == stStranded) && int(e.nodeCountry[e.a.node[i]]) == ci
	}
	var count int64
	for i := e.firstAlive; i < e.born; i++ {
		if free(i) {
			count++
		}
	}
	e.removeAgents(min(n, count), count, free)
}

// placeInitial puts the initial stocks in as cohorts.
func (e *cengine) placeInitial() {
	for j, n := range stockAgents(e.s.Initial, e.opts.Scale) {
		st := e.s.Initial[j]
		c := -1
		if st.InCentre {
			c = e.centreIdx[st.Node]
		}
		e.addCohorts(st.Node, c, n, uint64(j), false)
	}
}

// addCohorts adds n agents at node v, residents of centre c (c ≥ 0) or
// outside any centre, split among exits and groups by multinomial draws
// as an entry's arrivals are, and with aged among the ages of stay as
// addAgents draws them; salt tells apart the additions of a day.
func (e *cengine) addCohorts(v geo.NodeID, c int, n int64, salt uint64, aged bool) {
	if n <= 0 {
		return
	}
	k := ckey{node: v, arc: -1, avoid: -1, state: stMoving}
	ages := []int64{n}
	if c >= 0 {
		k.state, k.arc, k.since = stCentre, int32(c), uint16(e.day)
		e.occupancy[c] += n
		if aged {
			ages = slices.Clone(e.rsrc.splitEqually(n, e.stayAges(), sim.Mix64(e.seed^sim.Mix64(uint64(e.day)<<20|salt)^drawCorrect)))
		}
	}
	w := &e.rsrc
	dests := e.s.Timeline.Destinations(e.date)
	for age, m := range ages {
		if m == 0 {
			continue
		}
		k.since = uint16(e.day - age)
		w.src.S = sim.Mix64(e.seed ^ sim.Mix64(uint64(e.day)<<20|salt) ^ drawStock ^ uint64(age)<<40)
		e.spawnDests(k, m, dests)
	}
	e.born += n
	e.res.Placed[e.day][e.nodeCountry[v]] += n
	e.res.Info.Agents += int(n)
}

// removeCohorts takes m agents out of the cohorts of e.list for which
// eligible holds, in proportion to their counts (largest remainder over
// the cohorts in key order), as a uniform draw of agents would on
// average.
func (e *cengine) removeCohorts(m int64, eligible func(k *ckey) bool) {
	var idx []int
	for i := range e.list {
		if eligible(&e.list[i].k) && e.list[i].n > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int) int { return e.list[a].k.compare(e.list[b].k) })
	counts := make([]int64, len(idx))
	for j, i := range idx {
		counts[j] = e.list[i].n
	}
	for j, x := range e.sharer.Share(counts, m) {
		c := &e.list[idx[j]]
		switch c.k.state {
		case stCentre:
			e.occupancy[c.k.arc] -= x
		case stStranded:
			e.strandedNow[e.nodeCountry[c.k.node]] -= x
		}
		e.res.Placed[e.day][e.nodeCountry[c.k.node]] -= x
		e.removed += x
		c.n -= x
	}
}

// cohortStocks are the cohort engine's stocks.
type cohortStocks struct{ *cengine }

func (e cohortStocks) add(v geo.NodeID, c int, n int64, aged bool, salt uint64) error {
	e.addCohorts(v, c, n, salt, aged)
	return nil
}

func (e cohortStocks) removeFromCentre(c int, n int64) {
	e.removeCohorts(n, func(k *ckey) bool { return k.state == stCentre && int(k.arc) == c })
}

func (e cohortStocks) removeFromCountry(ci int, n int64) {
	free := func(k *ckey) bool {
		return (k.state == stMoving || k.state == stStranded) && int(e.nodeCountry[k.node]) == ci
	}
	var count int64
	for i := range e.list {
		if free(&e.list[i].k) {
			count += e.list[i].n
		}
	}
	e.removeCohorts(min(n, count), free)
}
