package fleemodel

import (
	"slices"

	"github.com/borderflow/borderflow/sim"
)

// Phases of a cohort part's day, where a part split off resumes.
const (
	phDecide uint8 = iota // at a location: leave with the move chance at decision k?
	phTake                // leaving: plan a route if it has none and set out on its next link
	phSpeed               // on a link at decision k: choose the day's speed
	phMove                // on a link at speed: travel
)

// part is a part of a cohort on its way through today, with step's local
// state: the decision it is at, the decision that put it on its link, the
// distance covered, the speed on its link and whether towns send it on.
type part struct {
	c     cohort
	k     int
	leg   int
	moved float64
	speed float64
	force bool
	phase uint8
}

// stepCohort moves cohort c through today: step's rules, with a split by
// an exact draw wherever its agents would draw apart.
func (e *cengine) stepCohort(w *cworker, c cohort) {
	w.sh.agentDays += c.n
	p := part{c: c, leg: -1, phase: phDecide}
	switch {
	case c.k.arc >= 0:
		p.phase = phSpeed
	case c.k.flags&ffSunk != 0:
		w.out.add(c, c.k.hash()) // a sunk agent never leaves
		return
	}
	w.stack = append(w.stack[:0], p)
	for len(w.stack) > 0 {
		p := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		e.advance(w, p)
	}
}

// advance moves part p on from its phase until its day ends; where its
// agents would choose apart it splits them, follows one part and leaves
// the others on w.stack.
func (e *cengine) advance(w *cworker, p part) {
	sh := w.sh
	set := e.set
	k := &p.c.k
	for {
		switch p.phase {
		case phDecide:
			if p.k >= maxSteps || k.flags&ffSunk != 0 {
				e.finish(w, &p)
				return
			}
			mc := e.moveChance[k.loc]
			if p.force && e.locs[k.loc].townNow {
				mc = 1
			}
			seed := drawSeed(p.c.id, fdMove, p.k)
			w.src.S = seed
			movers := binomial(&w.src, p.c.n, mc)
			if stay := p.c.n - movers; stay > 0 {
				s := p
				s.c.n = stay
				e.finish(w, &s)
			}
			if movers == 0 {
				return
			}
			p.c.n, p.c.id = movers, childID(seed, 1)
			p.phase = phTake
		case phTake:
			l := k.loc
			if k.route < 0 {
				lo, hi := e.locRoutes[l], e.locRoutes[l+1]
				if lo == hi {
					e.finish(w, &p)
					return
				}
				k.route, k.pos = e.chooseRoutes(w, &p, lo, hi), 0
			}
			rt := &e.routes[k.route]
			arc := e.routeArcs[rt.off+int32(k.pos)]
			if !e.arcOpen[arc] || e.nodeLoc[e.net.ArcTail(arc)] != l {
				k.route = -1 // the link has closed since the route was planned
				e.finish(w, &p)
				return
			}
			if end := &e.locs[rt.end]; end.campNow && e.capMul[rt.end] < 0.5 {
				if c := e.centreOf[rt.end]; c >= 0 {
					sh.turnedAway[c] += p.c.n
				}
				k.route = -1
				e.finish(w, &p)
				return
			}
			if k.pos++; int32(k.pos) >= rt.n {
				k.route = -1
			}
			n := p.c.n
			sh.locDelta[l] -= n
			sh.arcDelta[arc] += n
			sh.edgeFlow[e.net.ArcEdge(arc)] += n
			k.arc, k.onLink = arc, 0
			p.leg = p.k
			p.phase = phSpeed
		case phSpeed:
			p.speed = set.MaxMoveSpeed
			if k.flags&ffTravelled == 0 && set.StartOnFoot {
				p.speed = set.MaxWalkSpeed
			}
			p.phase = phMove
			if wp := e.walkProb[k.arc]; wp > 0 {
				seed := drawSeed(p.c.id, fdWalk, p.k)
				w.src.S = seed
				walkers := binomial(&w.src, p.c.n, wp)
				if walkers > 0 && walkers < p.c.n {
					s := p
					s.c.n, s.c.id, s.speed = walkers, childID(seed, 1), set.MaxWalkSpeed
					w.stack = append(w.stack, s)
					p.c.n -= walkers
				} else if walkers == p.c.n {
					p.speed = set.MaxWalkSpeed
				}
				p.c.id = childID(seed, 0)
			}
		case phMove:
			if !e.travel(w, &p) {
				return
			}
		}
	}
}

// travel covers the day's speed of part p's link; on arrival with
// distance to spare it sets p to decide again and reports true.
func (e *cengine) travel(w *cworker, p *part) bool {
	sh := w.sh
	set := e.set
	k := &p.c.k
	n := p.c.n
	arc := k.arc
	on := float64(k.onLink) + p.speed
	p.moved += p.speed
	km := e.arcKm[arc]
	if !(on > km) {
		k.onLink = float32(on)
		e.finish(w, p)
		return false
	}
	k.flags |= ffTravelled
	p.moved += km - on
	tail, head := k.loc, e.nodeLoc[e.net.ArcHead(arc)]
	sh.arcDelta[arc] -= n
	k.arc, k.onLink = -1, 0
	if !e.arcOpen[arc] {
		// The link closed while the agents were on it: back to its start.
		sh.locDelta[tail] += n
		if pt := e.arcPost[arc]; pt >= 0 {
			sh.refused[pt] += n
		}
		k.route = -1
		e.finish(w, p)
		return false
	}
	if p.leg > 0 && e.locs[head].campNow && e.locs[head].capacity >= 1 {
		// Let in, or not, once every cohort has moved.
		e.storeRecent(p)
		w.arrivals = append(w.arrivals, carrival{c: p.c, arc: arc, head: head})
		return false
	}
	sh.locDelta[head] += n
	k.loc = head
	if pt := e.arcPost[arc]; pt >= 0 {
		sh.passed[pt] += n
		sh.exits[e.locs[tail].country] += n
		sh.entries[e.locs[head].country] += n
	}
	if e.locs[head].campNow && set.CampsAreSinks {
		k.flags |= ffSunk
		e.finish(w, p)
		return false
	}
	if !(p.moved < p.speed) {
		e.finish(w, p)
		return false
	}
	rec := recentAt(k.recent, k.rday, e.day)
	p.force = set.AvoidShortStints && (rec+p.moved/set.MaxMoveSpeed)/2 < 0.5
	p.k++
	p.phase = phDecide
	return true
}

// chooseRoutes splits part p, leaving location routes[lo:hi], among the
// routes by a multinomial draw with today's weights (equal chances when
// they are all 0), as each agent drawing its own would; it pushes the
// other parts on w.stack and returns the route of the part p keeps.
func (e *cengine) chooseRoutes(w *cworker, p *part, lo, hi int32) int32 {
	if hi-lo == 1 {
		return lo
	}
	seed := drawSeed(p.c.id, fdRoute, p.k)
	w.src.S = seed
	cum := e.cumWeight[lo:hi]
	tot := cum[len(cum)-1]
	rest, prev := p.c.n, 0.0
	own := int32(-1)
	var ownN int64
	for j := range cum {
		if rest == 0 {
			break
		}
		x := rest
		if j < len(cum)-1 {
			if tot > 0 {
				x = binomial(&w.src, rest, sim.Chance(cum[j]-prev, tot-prev))
			} else {
				x = binomial(&w.src, rest, 1/float64(len(cum)-j))
			}
		}
		prev = cum[j]
		rest -= x
		if x == 0 {
			continue
		}
		if own < 0 {
			own, ownN = lo+int32(j), x
			continue
		}
		s := *p
		s.c.n, s.c.id = x, childID(seed, j)
		s.c.k.route, s.c.k.pos = lo+int32(j), 0
		w.stack = append(w.stack, s)
	}
	p.c.n, p.c.id = ownN, childID(seed, int(own-lo))
	return own
}

// storeRecent sets part p's recent_travel_distance at the end of its day,
// as step does for an agent that moved.
func (e *cengine) storeRecent(p *part) {
	if p.moved > 0 {
		k := &p.c.k
		rec := recentAt(k.recent, k.rday, e.day)
		k.recent = float32((rec + p.moved/e.set.MaxMoveSpeed) / 2)
		k.rday = uint16(e.day)
	}
}

// finish ends part p's day where it is, adding it to the worker's
// cohorts with the key it will have tomorrow.
func (e *cengine) finish(w *cworker, p *part) {
	e.storeRecent(p)
	e.normalise(&p.c.k, e.day+1)
	w.out.add(p.c, p.c.k.hash())
}

// settleCohorts settles today's late arrivals at camps with a capacity
// (see engine.settleArrivals): at each camp, as many of them are let in as
// keeps its multiplier at 0.5 or more, counted from its occupancy after
// the day's other moves, and they are shared among the cohorts arriving in
// proportion to their sizes (share). The others go back to the link's
// start with their route dropped, turned away. Turn-aways are added to
// their locations once every camp is settled.
func (e *cengine) settleCohorts() {
	arr := e.arrivals
	if len(arr) == 0 {
		return
	}
	slices.SortFunc(arr, func(a, b carrival) int { return a.compare(b) })
	out := arr[:0]
	for _, a := range arr {
		if len(out) > 0 && out[len(out)-1].compare(a) == 0 {
			out[len(out)-1].c.n += a.c.n
			continue
		}
		out = append(out, a)
	}
	arr = out
	d := e.day
	e.admitted = e.admitted[:0]
	for h := 0; h < len(arr); {
		j := h
		head := arr[h].head
		e.counts = e.counts[:0]
		var total int64
		for j < len(arr) && arr[j].head == head {
			e.counts = append(e.counts, arr[j].c.n)
			total += arr[j].c.n
			j++
		}
		m := e.admissible(head, total)
		e.admitted = append(e.admitted, e.sharer.Share(e.counts, m)...)
		h = j
	}
	for i, a := range arr {
		in, away := e.admitted[i], a.c.n-e.admitted[i]
		k, arc, head := a.c.k, a.arc, a.head
		tail := k.loc
		if in > 0 {
			e.occ[head] += in
			c := cohort{k: k, n: in}
			c.k.loc = head
			if p := e.arcPost[arc]; p >= 0 {
				e.res.Passed[d][p] += in
				e.res.Exits[d][e.locs[tail].country] += in
				e.res.Entries[d][e.locs[head].country] += in
			}
			if e.set.CampsAreSinks {
				c.k.flags |= ffSunk
			}
			e.list = append(e.list, c)
		}
		if away > 0 {
			c := cohort{k: k, n: away}
			c.k.route = -1
			if ci := e.centreOf[head]; ci >= 0 {
				e.res.TurnedAway[d][ci] += away
			}
			e.res.EdgeFlow[d][e.net.ArcEdge(arc)] -= away
			e.list = append(e.list, c)
		}
	}
	for i, a := range arr {
		e.occ[a.c.k.loc] += a.c.n - e.admitted[i]
	}
	e.arrivals = arr[:0]
}

// admissible returns how many of total late arrivals camp l lets in one
// after another, each while the camp's multiplier is still 0.5 or more.
func (e *cengine) admissible(l int32, total int64) int64 {
	occ, c, b := e.occ[l], e.locs[l].capacity, e.set.CapacityBuffer
	open := func(j int64) bool { return capMultiplier(float64(occ+j), c, b) >= 0.5 }
	// The multiplier falls as the occupancy grows: find the first j at
	// which it is under 0.5.
	lo, hi := int64(0), total
	for lo < hi {
		m := lo + (hi-lo)/2
		if open(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
