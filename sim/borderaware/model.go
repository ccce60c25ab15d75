package borderaware

import (
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
)

// Model is the border-aware engine's extension point: the two decisions
// the daily loop hands over. NextArc is asked, at every node an agent
// reaches on its way (not its exit, and not a centre town where it asks
// for a place), which arc it takes next; Refuse is asked, for every agent
// a checked post processes within its daily capacity, whether the post
// turns it back. Everything else is the loop's and holds whatever the
// Model: spawning, destinations and groups, the views of the closures an
// agent steers by (information delay, routing around a refusing
// crossing), speeds, what a post does with an arc onto it (a closed post
// turns everyone back without asking Refuse, a free-flow one lets everyone
// through, a checked one queues them), centres, stranding and the records.
// RunModel runs a scenario under a Model; Run uses BorderAware.
type Model interface {
	// NextArc returns the arc agent i takes from node v, or -1 if no way
	// onward is open to it (it is then stranded there until a later day).
	// The arc must leave v. step counts the agent's moves today (from 0,
	// fewer than 256): a different draw purpose per step keeps a day's
	// choices independent.
	NextArc(c *Context, i int32, v geo.NodeID, step int) int32
	// Refuse reports whether the checked post of crossing x, in state st,
	// turns agent i back. A refused agent stays on its side, knows today's
	// closures from then on and routes around x while another way is open.
	Refuse(c *Context, i int32, x geo.CrossingID, st scenarios.CrossingState) bool
}

// FreePurpose is the first draw purpose (Context.Rand) that neither the
// engine nor BorderAware uses: a Model's own decisions take purposes from
// here on.
const FreePurpose uint64 = 1 << 10

// Context is what a Model sees of a run.
type Context struct{ e *engine }

// Network returns the network.
func (c *Context) Network() *geo.Network { return c.e.net }

// Params returns the scenario's model parameters.
func (c *Context) Params() scenarios.ModelParams { return c.e.s.Params }

// Rand returns agent i's uniform random number in [0, 1) for today and the
// given purpose (see FreePurpose): the same whatever the number of
// workers.
func (c *Context) Rand(i int32, purpose uint64) float64 {
	return draw(c.e.seed, i, int32(c.e.day), purpose)
}

// view returns the view agent i steers by: the one that avoids the
// crossing that last refused it, if it leads anywhere from where the agent
// is; otherwise today's true state for an agent that has met a closure, or
// the state of info_delay_days ago for one that has not.
func (c *Context) view(i int32) *view {
	e := c.e
	a := e.a
	if v := e.avoidView(a.avoid[i]); v != nil && len(v.at(int(a.dest[i]), a.node[i])) > 0 {
		return v
	}
	if a.flags[i]&flInformed != 0 {
		return e.truth
	}
	return e.known
}

// Route returns the router and the exit tree agent i steers by: the view
// of the closures it knows (today's if it has met a closure, that of
// info_delay_days ago otherwise), or the one that avoids the crossing that
// last refused it while that leads anywhere (see Hops).
func (c *Context) Route(i int32) (*geo.Router, *geo.Tree) {
	v := c.view(i)
	return v.r, v.r.Tree(int(c.e.a.dest[i]))
}

// Hops returns the arcs agent i may take from node v toward its exit: the
// shortest way's next hop first, then the other open arcs that make
// progress on a way at most RouteSpread longer. Empty if no way is open.
// The caller must not modify the slice.
func (c *Context) Hops(i int32, v geo.NodeID) []int32 {
	return c.view(i).at(int(c.e.a.dest[i]), v)
}

// BorderAware is the default Model: the rules of the border-aware engine.
//
//   - Route choice: an agent follows its exit's shortest-path tree, but
//     where other next hops are nearly as good (the way through them at most
//     RouteSpread longer) it picks among them at random, so that flows spread
//     over parallel roads as real ones do.
//   - Posts: a checked post refuses an agent with the post's refusal
//     probability.
type BorderAware struct{}

// RouteSpread is how much longer (as a fraction) a way may be than the
// shortest and still be chosen: 3%, about the difference between the
// parallel motorway and main-road ways of the corridor.
const RouteSpread = 0.03

// NextArc implements Model.
func (BorderAware) NextArc(c *Context, i int32, v geo.NodeID, step int) int32 {
	h := c.Hops(i, v)
	switch len(h) {
	case 0:
		return -1
	case 1:
		return h[0]
	}
	return h[int(c.Rand(i, drawRoute+uint64(step))*float64(len(h)))]
}

// Refuse implements Model.
func (BorderAware) Refuse(c *Context, i int32, _ geo.CrossingID, st scenarios.CrossingState) bool {
	return st.Refusal > 0 && c.Rand(i, drawRefuse) < st.Refusal
}

// maxStepsPerDay bounds the moves an agent makes in a day; a day's travel
// crosses a few dozen edges at most.
const maxStepsPerDay = 256

// step moves agent i through today.
func (e *engine) step(sh *shard, i int32) {
	a := e.a
	switch a.state[i] {
	case stExited:
		return
	case stQueued:
		sh.agentDays++
		return
	case stCentre:
		sh.agentDays++
		c := a.arc[i]
		if e.cent[c].Open && e.day-int(a.since[i]) < e.s.Params.RestDays {
			return
		}
		sh.leftCentre[c]++
		a.state[i] = stMoving
		a.arc[i] = -1
		a.flags[i] |= flRegistered
	case stStranded:
		sh.agentDays++
		sh.stranded[e.nodeCountry[a.node[i]]]--
		a.state[i] = stMoving
	default:
		sh.agentDays++
	}
	net := e.net
	day := travelLeft{km: e.s.Params.TransportKmPerDay, speed: e.s.Params.TransportKmPerDay}
	ride := e.s.Params.TransportKmPerDay
	walk := e.s.Params.WalkKmPerDay
	if g := a.group[i]; g > 0 {
		walk = e.s.Groups[g-1].WalkKmPerDay
	}
	var st steer
	for step := range maxStepsPerDay {
		if arc := a.arc[i]; arc >= 0 {
			speed := ride
			if e.arcWalk[arc] {
				speed = walk
			}
			if rem := day.at(speed); float64(a.left[i]) > rem {
				a.left[i] -= float32(rem)
				return
			}
			day.km -= float64(a.left[i])
			a.node[i] = net.ArcHead(arc)
			a.arc[i] = -1
			if e.needsCentre[a.group[i]] {
				a.flags[i] &^= flRegistered
			}
		}
		v := a.node[i]
		if e.builtin {
			if arc := st.passAt(e, i, v); arc >= 0 {
				// Nothing to decide here: on along the one way.
				a.arc[i] = arc
				a.left[i] = float32(net.ArcKm(arc))
				sh.edgeFlow[net.ArcEdge(arc)]++
				continue
			}
		}
		if v == e.exits[a.dest[i]] {
			a.state[i] = stExited
			sh.exits[e.nodeCountry[v]]++
			sh.exited++
			return
		}
		if lo, hi := e.townOff[v], e.townOff[v+1]; lo < hi && a.flags[i]&flRegistered == 0 {
			if c := e.openCentre(lo, hi); c >= 0 {
				a.flags[i] |= flRegistered
				sh.centreReq[c] = append(sh.centreReq[c], i)
				return
			}
		}
		arc := e.model.NextArc(e.ctx, i, v, step)
		if arc < 0 {
			a.state[i] = stStranded
			sh.stranded[e.nodeCountry[v]]++
			return
		}
		if p := e.arcPost[arc]; p >= 0 {
			switch e.cross[e.posts[p].crossing].Status {
			case scenarios.Closed:
				sh.arrived[p]++
				sh.refused[p]++
				a.flags[i] |= flInformed
				return
			case scenarios.Checked:
				a.state[i] = stQueued
				a.arc[i] = arc
				sh.postArrivals[p] = append(sh.postArrivals[p], i)
				return
			}
			// Free flow: no post; the agent crosses at once.
			sh.arrived[p]++
			sh.passed[p]++
			sh.edgeFlow[net.ArcEdge(arc)]++
			to := net.ArcHead(arc)
			sh.exits[e.nodeCountry[v]]++
			sh.entries[e.nodeCountry[to]]++
			a.node[i] = to
			a.avoid[i] = -1
			st = steer{}
			a.flags[i] &^= flRegistered
			speed := ride
			if e.arcWalk[arc] {
				speed = walk
			}
			if day.km = day.at(speed) - float64(net.ArcKm(arc)); day.km <= 0 {
				return
			}
			continue
		}
		a.arc[i] = arc
		a.left[i] = float32(net.ArcKm(arc))
		sh.edgeFlow[net.ArcEdge(arc)]++
	}
}

// steer is the views an agent steers by (see Context.view), found once a
// step: the view avoiding the crossing that refused it, which applies
// wherever it leads anywhere, and the other. Neither changes while the
// agent moves on, but where it crosses a post, which clears the crossing
// it avoids (and the steer with it); the informed flag is set only where
// the agent stops for the day.
type steer struct {
	set          bool
	avoid, other *view
}

// passAt returns the one way on from node v for agent i if it has nothing
// to decide there (see buildPass), or −1: the arc BorderAware.NextArc
// would take, without its draw, so the run is the same.
func (st *steer) passAt(e *engine, i int32, v geo.NodeID) int32 {
	a := e.a
	if !st.set {
		st.set = true
		st.avoid, st.other = e.avoidView(a.avoid[i]), e.known
		if a.flags[i]&flInformed != 0 {
			st.other = e.truth
		}
	}
	dest := int(a.dest[i])
	if st.avoid != nil {
		if p := st.avoid.passAt(dest, v); p >= 0 {
			return p
		}
		if len(st.avoid.at(dest, v)) > 0 {
			return -1 // the avoiding view leads on from here, with a choice
		}
	}
	return st.other.passAt(dest, v)
}

// travelLeft is the travel an agent has left today, in km at the speed of
// the way it is on (it starts the day with a day's ride): the hot loop
// divides only where the speed changes, from riding to walking.
type travelLeft struct{ km, speed float64 }

// at returns the km left at the given speed.
func (t *travelLeft) at(speed float64) float64 {
	if speed != t.speed {
		t.km *= speed / t.speed
		t.speed = speed
	}
	return t.km
}

// openCentre returns the first of the centres townList[lo:hi] open today,
// or -1 if none is.
func (e *engine) openCentre(lo, hi int32) int32 {
	for _, c := range e.townList[lo:hi] {
		if e.cent[c].Open {
			return c
		}
	}
	return -1
}
