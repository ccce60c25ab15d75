package borderaware

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"
	"unsafe"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// ckey is a cohort's state: every column an agent has (see agents), so
// that the agents of a cohort are alike in everything the rules look at.
type ckey struct {
	node  geo.NodeID // current node; the tail of arc while on an edge
	arc   int32      // arc being travelled (−1 at a node); the centre index while in a centre
	left  float32    // km left on arc
	avoid int16      // crossing to route around after a refusal; −1: none
	since uint16     // day the current stay in a centre began
	state uint8
	dest  uint8
	group uint8
	flags uint8
}

// compare orders keys by their packed words: any total order does, as
// long as it is the same on every run.
func (a ckey) compare(b ckey) int {
	a0, a1, a2 := a.words()
	b0, b1, b2 := b.words()
	if c := cmp.Compare(a0, b0); c != 0 {
		return c
	}
	if c := cmp.Compare(a1, b1); c != 0 {
		return c
	}
	return cmp.Compare(a2, b2)
}

// words packs the key into three words.
func (a ckey) words() (uint64, uint64, uint32) {
	return uint64(uint32(a.node))<<32 | uint64(uint32(a.arc)),
		uint64(math.Float32bits(a.left))<<32 | uint64(uint16(a.avoid))<<16 | uint64(a.since),
		uint32(a.state)<<24 | uint32(a.dest)<<16 | uint32(a.group)<<8 | uint32(a.flags)
}

// hash returns a 64-bit hash of the key, for the cohort's random stream.
func (a ckey) hash() uint64 {
	w0, w1, w2 := a.words()
	return sim.Mix64(sim.Mix64(sim.Mix64(w0)^w1) ^ uint64(w2))
}

// cohort is n agents in the same state. id seeds its random numbers
// today: a hash of the seed, the day and the key it started the day with,
// then of each split on the way, so that no two cohorts share a stream.
type cohort struct {
	k  ckey
	n  int64
	id uint64
}

// BytesPerCohort is the cohort engine's state per cohort.
const BytesPerCohort = int(unsafe.Sizeof(cohort{}))

// queued is a cohort waiting at a post since day.
type queued struct {
	cohort
	day int32
}

// item is a part of a cohort on its way through today: arc ≥ 0 when it has
// chosen the arc it takes next from node k.node (after a split).
type item struct {
	cohort
	day  travelLeft
	step int
	arc  int32
}

// cworker is what one worker collects while moving its cohorts.
type cworker struct {
	sh        *shard
	out       []cohort   // cohorts at the end of their day's moves
	postArr   [][]cohort // per post: arrivals at a checked post
	centreReq [][]cohort // per centre: requests
	stack     []item
	parts     []int64
	src       sim.SplitSource
}

// binomial returns a draw from Binomial(n, p) from the worker's source.
func (w *cworker) binomial(n int64, p float64) int64 { return sim.Binomial(&w.src, n, p) }

// splitEqually splits n into w.parts[:k] as a multinomial draw with equal
// chances: how n agents each picking one of k ways at random divide.
func (w *cworker) splitEqually(n int64, k int, id uint64) []int64 {
	w.src.S = id
	w.parts = w.parts[:0]
	rest := n
	for j := range k - 1 {
		x := w.binomial(rest, 1/float64(k-j))
		w.parts = append(w.parts, x)
		rest -= x
	}
	w.parts = append(w.parts, rest)
	return w.parts
}

// cengine runs a scenario with cohorts.
type cengine struct {
	*engine
	list    []cohort   // the cohorts moving, in centres or stranded at the start of the day
	queues  [][]queued // per post: waiting, first in first out
	wk      []*cworker
	res     *sim.Result
	born    int64
	exited  int64
	removed int64 // taken out by corrections
	peak    int
	scratch []cohort
	alloc   []int64
	reg     []int64
	sharer  sim.Sharer
	slots   []int32 // mergeList's hash table
	rsrc    cworker // random draws of the serial steps (spawns, posts)
}

// cohortChunk is the number of cohorts a worker takes at a time.
const cohortChunk = 16

// serialCohorts is the size of a day's list under which one goroutine
// steps it: what the workers collect does not depend on who stepped
// what, so the result is the same.
const serialCohorts = 1024

// runCohorts is RunModel's cohort engine: BorderAware's rules, with
// cohorts of agents alike in every column stepping together.
func runCohorts(ctx context.Context, s *scenarios.Scenario, opts sim.Options) (*sim.Result, error) {
	start := time.Now()
	e, err := newCohortEngine(s, opts)
	if err != nil {
		return nil, err
	}
	for e.day = 0; e.day < e.days; e.day++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e.beginDay()
		e.moveCohorts(ctx)
		if err := ctx.Err(); err != nil {
			return nil, err // the day was left half done
		}
		if err := e.endDay(); err != nil {
			return nil, err
		}
		if e.opts.Check {
			if err := e.checkCohorts(); err != nil {
				return nil, err
			}
		}
		if e.opts.Progress != nil {
			e.opts.Progress(e.day, e.days, int(min(e.born-e.exited, math.MaxInt32)))
		}
	}
	e.res.ExitedTotal = e.exited
	e.res.Info.Cohorts = e.peak
	e.res.Info.BytesPerCohort = BytesPerCohort
	e.res.Info.Wall = time.Since(start)
	return e.res, nil
}

// newCohortEngine sets up a cohort run: the engine's tables without the
// agents' columns, and a cworker per worker.
func newCohortEngine(s *scenarios.Scenario, opts sim.Options) (*cengine, error) {
	base, err := newEngineFor(s, opts, BorderAware{}, false)
	if err != nil {
		return nil, err
	}
	e := &cengine{engine: base, res: base.res, queues: make([][]queued, len(base.posts))}
	e.wk = make([]*cworker, e.workers)
	for w := range e.wk {
		e.wk[w] = &cworker{
			sh:      e.shards[w],
			postArr: make([][]cohort, len(e.posts)), centreReq: make([][]cohort, len(e.centres)),
		}
	}
	return e, nil
}

// beginDay applies the day's events, spawns its arrivals and merges the
// cohorts.
func (e *cengine) beginDay() {
	e.date = e.s.Start + scenarios.Date(e.day)
	e.applyEvents()
	if e.day == 0 {
		e.placeInitial()
	}
	e.spawnCohorts()
	e.mergeList()
	e.peak = max(e.peak, len(e.list)+e.queuedCohorts())
}

// endDay resolves the posts' queues and the centres' requests and records
// the day.
func (e *cengine) endDay() error {
	e.resolveQueues()
	e.resolveRequests()
	if err := e.applyCorrections(cohortStocks{e}); err != nil {
		return err
	}
	e.record()
	return nil
}

func (e *cengine) queuedCohorts() int {
	n := 0
	for _, q := range e.queues {
		n += len(q)
	}
	return n
}

// mergeCohorts adds up the cohorts of cs with the same key and sorts them
// by the hash of their key (then the key): a fixed order, for the short
// lists whose order matters (a post's arrivals of a day, a centre's
// requests); with ids, it gives each its stream for today.
func (e *cengine) mergeCohorts(cs []cohort, ids bool) []cohort {
	cs = e.mergeHashed(cs)
	if len(cs) > 1 {
		slices.SortFunc(cs, func(a, b cohort) int {
			if c := cmp.Compare(a.id, b.id); c != 0 {
				return c
			}
			return a.k.compare(b.k)
		})
	}
	if ids {
		day := e.dayStream()
		for i := range cs {
			cs[i].id = sim.Mix64(day ^ cs[i].id)
		}
	}
	return cs
}

// dayStream is the seed of today's cohort streams.
func (e *cengine) dayStream() uint64 {
	return sim.Mix64(e.seed ^ sim.Mix64(uint64(e.day)+0x5bd1e995))
}

// mergeList adds up the cohorts of e.list with the same key and gives each
// its stream for today. The list's order is the order of first
// appearance, which depends on the workers; nothing depends on it: every
// cohort's draws come from its key, the day's counters are sums, and the
// lists whose order matters are sorted (mergeCohorts).
func (e *cengine) mergeList() {
	e.list = e.mergeHashed(e.list)
	day := e.dayStream()
	for i := range e.list {
		e.list[i].id = sim.Mix64(day ^ e.list[i].id)
	}
}

// mergeHashed adds up the cohorts of cs with the same key, in place, with a
// hash table, leaving out empty ones; each keeps the hash of its key in id.
func (e *cengine) mergeHashed(cs []cohort) []cohort {
	if len(cs) < 2 {
		for i := range cs {
			cs[i].id = cs[i].k.hash()
		}
		if len(cs) == 1 && cs[0].n == 0 {
			return cs[:0]
		}
		return cs
	}
	size := 16
	for size < 2*len(cs) {
		size *= 2
	}
	if cap(e.slots) < size {
		e.slots = make([]int32, size)
	}
	slots := e.slots[:size]
	clear(slots)
	mask := uint64(size - 1)
	out := cs[:0]
	for _, c := range cs {
		if c.n == 0 {
			continue
		}
		h := c.k.hash()
		for j := h & mask; ; j = (j + 1) & mask {
			s := slots[j]
			if s == 0 {
				slots[j] = int32(len(out) + 1)
				c.id = h
				out = append(out, c)
				break
			}
			if out[s-1].k == c.k {
				out[s-1].n += c.n
				break
			}
		}
	}
	return out
}

// spawnCohorts brings today's arrivals: each entry's agents split among
// destinations and groups as a multinomial draw with the day's shares,
// as each agent drawing its own would.
func (e *cengine) spawnCohorts() {
	d := e.day
	dests := e.s.Timeline.Destinations(e.date)
	w := &e.rsrc
	for j, p := range e.plan {
		n := int64(p.perDay[d])
		if n == 0 {
			continue
		}
		e.res.Entries[d][e.nodeCountry[p.entry]] += n
		e.born += n
		w.src.S = sim.Mix64(e.seed ^ sim.Mix64(uint64(d)<<20|uint64(j)) ^ drawDest)
		e.spawnDests(ckey{node: p.entry, arc: -1, avoid: -1, state: stMoving}, n, dests)
	}
}

// spawnDests adds n new agents in state k, split among the exits of
// dests by their shares (a multinomial draw from e.rsrc, whose stream the
// caller sets) and then among the groups.
func (e *cengine) spawnDests(k ckey, n int64, dests []scenarios.ExitShare) {
	w := &e.rsrc
	rest, left := n, 1.0
	for di, ds := range dests {
		x := rest
		if di < len(dests)-1 {
			x = w.binomial(rest, sim.Chance(ds.Share, left))
			left -= ds.Share
		}
		rest -= x
		k.dest = uint8(e.exitIdx[ds.Exit])
		e.spawnGroups(k, x)
	}
}

// spawnGroups adds n new agents in state k, split among the population
// groups by their shares (the rest in none).
func (e *cengine) spawnGroups(k ckey, n int64) {
	w := &e.rsrc
	rest, left := n, 1.0
	for g, gr := range e.s.Groups {
		if rest == 0 || left <= 0 {
			break
		}
		x := w.binomial(rest, sim.Chance(gr.Share, left))
		left -= gr.Share
		rest -= x
		if x > 0 {
			k.group = uint8(g + 1)
			e.list = append(e.list, cohort{k: k, n: x})
		}
	}
	if rest > 0 {
		k.group = 0
		e.list = append(e.list, cohort{k: k, n: rest})
	}
}

// moveCohorts moves every cohort through today on the workers and merges
// what they collected. The merged lists are sorted by key, so nothing
// depends on which worker moved which cohort.
func (e *cengine) moveCohorts(ctx context.Context) {
	for _, w := range e.wk {
		w.sh.reset()
		w.out = w.out[:0]
		for p := range w.postArr {
			w.postArr[p] = w.postArr[p][:0]
		}
		for c := range w.centreReq {
			w.centreReq[c] = w.centreReq[c][:0]
		}
	}
	list := e.list
	if len(list) < serialCohorts {
		// A few hundred cohorts take less than waking the workers.
		for _, c := range list {
			e.stepCohort(e.wk[0], c)
		}
	} else {
		sim.ForChunks(ctx, len(e.wk), len(list), cohortChunk, func(k, lo, hi int) {
			w := e.wk[k]
			for _, c := range list[lo:hi] {
				e.stepCohort(w, c)
			}
		})
	}
	for _, q := range e.queues {
		for _, c := range q {
			e.res.AgentDays += c.n
		}
	}
	next := e.scratch[:0]
	for _, w := range e.wk {
		sh := w.sh
		next = append(next, w.out...)
		e.addShard(sh)
		e.exited += sh.exited
	}
	e.scratch, e.list = e.list[:0], next
	for p := range e.posts {
		arr := e.scratch[:0]
		for _, w := range e.wk {
			arr = append(arr, w.postArr[p]...)
		}
		arr = e.mergeCohorts(arr, true)
		for _, c := range arr {
			e.res.Arrived[e.day][p] += c.n
			e.queues[p] = append(e.queues[p], queued{cohort: c, day: int32(e.day)})
		}
		e.scratch = arr[:0]
	}
}

// stepCohort moves cohort c through today: step's rules, with a split
// wherever its agents would choose among ways at random.
func (e *cengine) stepCohort(w *cworker, c cohort) {
	sh := w.sh
	k := c.k
	sh.agentDays += c.n
	switch k.state {
	case stCentre:
		ci := k.arc
		if e.cent[ci].Open && e.day-int(k.since) < e.s.Params.RestDays {
			w.out = append(w.out, c)
			return
		}
		sh.leftCentre[ci] += c.n
		k.state = stMoving
		k.arc = -1
		k.flags |= flRegistered
	case stStranded:
		sh.stranded[e.nodeCountry[k.node]] -= c.n
		k.state = stMoving
	}
	ride := e.s.Params.TransportKmPerDay
	w.stack = append(w.stack[:0], item{cohort: cohort{k: k, n: c.n, id: c.id}, day: travelLeft{km: ride, speed: ride}, arc: -1})
	for len(w.stack) > 0 {
		it := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		e.travel(w, it)
	}
}

// travel moves a part of a cohort on from where it is, as step moves an
// agent; where the agents would choose among several ways, it splits
// them by a multinomial draw, follows one part and leaves the others on
// w.stack.
func (e *cengine) travel(w *cworker, it item) {
	sh := w.sh
	net := e.net
	k, n, day := it.k, it.n, it.day
	ride := e.s.Params.TransportKmPerDay
	walk := e.s.Params.WalkKmPerDay
	if g := k.group; g > 0 {
		walk = e.s.Groups[g-1].WalkKmPerDay
	}
	chosen := it.arc
	for step := it.step; step < maxStepsPerDay; step++ {
		v := k.node
		arc := chosen
		chosen = -1
		if arc < 0 {
			if a := k.arc; a >= 0 {
				speed := ride
				if e.arcWalk[a] {
					speed = walk
				}
				if rem := day.at(speed); float64(k.left) > rem {
					k.left -= float32(rem)
					w.out = append(w.out, cohort{k: k, n: n})
					return
				}
				day.km -= float64(k.left)
				k.node = net.ArcHead(a)
				k.arc = -1
				if e.needsCentre[k.group] {
					k.flags &^= flRegistered
				}
			}
			v = k.node
			if v == e.exits[k.dest] {
				sh.exits[e.nodeCountry[v]] += n
				sh.exited += n
				return
			}
			if lo, hi := e.townOff[v], e.townOff[v+1]; lo < hi && k.flags&flRegistered == 0 {
				if c := e.openCentre(lo, hi); c >= 0 {
					k.flags |= flRegistered
					w.centreReq[c] = append(w.centreReq[c], cohort{k: k, n: n})
					return
				}
			}
			h := e.hopsFor(&k, v)
			switch len(h) {
			case 0:
				k.state = stStranded
				sh.stranded[e.nodeCountry[v]] += n
				w.out = append(w.out, cohort{k: k, n: n})
				return
			case 1:
				arc = h[0]
			default:
				salt := sim.Mix64(it.id ^ uint64(step+1)*0xd6e8feb86659fd93)
				parts := w.splitEqually(n, len(h), salt)
				own := -1
				for j, x := range parts {
					if x == 0 {
						continue
					}
					if own < 0 {
						own = j
						continue
					}
					w.stack = append(w.stack, item{cohort: cohort{k: k, n: x, id: sim.Mix64(salt ^ uint64(j))}, day: day, step: step, arc: h[j]})
				}
				n, arc = parts[own], h[own]
				it.id = sim.Mix64(salt ^ uint64(own))
			}
		}
		if p := e.arcPost[arc]; p >= 0 {
			switch e.cross[e.posts[p].crossing].Status {
			case scenarios.Closed:
				sh.arrived[p] += n
				sh.refused[p] += n
				k.flags |= flInformed
				w.out = append(w.out, cohort{k: k, n: n})
				return
			case scenarios.Checked:
				k.state = stQueued
				k.arc = arc
				w.postArr[p] = append(w.postArr[p], cohort{k: k, n: n})
				return
			}
			// Free flow: no post; the cohort crosses at once.
			sh.arrived[p] += n
			sh.passed[p] += n
			sh.edgeFlow[net.ArcEdge(arc)] += n
			to := net.ArcHead(arc)
			sh.exits[e.nodeCountry[v]] += n
			sh.entries[e.nodeCountry[to]] += n
			k.node = to
			k.avoid = -1
			k.flags &^= flRegistered
			speed := ride
			if e.arcWalk[arc] {
				speed = walk
			}
			if day.km = day.at(speed) - float64(net.ArcKm(arc)); day.km <= 0 {
				w.out = append(w.out, cohort{k: k, n: n})
				return
			}
			continue
		}
		k.arc = arc
		k.left = float32(net.ArcKm(arc))
		sh.edgeFlow[net.ArcEdge(arc)] += n
	}
	w.out = append(w.out, cohort{k: k, n: n})
}

// hopsFor returns the arcs a cohort in state k may take from v: the view
// it steers by, as Context.view chooses it for an agent.
func (e *engine) hopsFor(k *ckey, v geo.NodeID) []int32 {
	dest := int(k.dest)
	if vw := e.avoidView(k.avoid); vw != nil {
		if h := vw.at(dest, v); len(h) > 0 {
			return h
		}
	}
	if k.flags&flInformed != 0 {
		return e.truth.at(dest, v)
	}
	return e.known.at(dest, v)
}

// resolveQueues lets the people queued at each post through, first in
// first out, up to its capacity, as resolvePosts does for agents. The day's
// arrivals at a post are one batch, shared in proportion (share) when the
// capacity ends inside it; each part's refusals are a binomial draw. As
// refused people do not use up a capacity, a batch is processed in rounds
// of as many people as could still pass.
func (e *cengine) resolveQueues() {
	for p := range e.posts {
		pt := &e.posts[p]
		st := e.cross[pt.crossing]
		q := e.queues[p]
		allowance := int64(math.MaxInt64)
		if st.Status == scenarios.Checked && st.CapacityPerDay > 0 {
			allowance = pt.allowance(float64(st.CapacityPerDay) * e.opts.Scale)
		} else {
			pt.credit = 0
		}
		for h := 0; h < len(q) && allowance > 0; {
			j := h
			for j < len(q) && q[j].day == q[h].day {
				j++
			}
			batch := q[h:j]
			for allowance > 0 {
				e.alloc = e.alloc[:0]
				var left int64
				for _, c := range batch {
					e.alloc = append(e.alloc, c.n)
					left += c.n
				}
				if left == 0 {
					break
				}
				take := e.sharer.Share(e.alloc, min(left, allowance))
				for i := range batch {
					allowance -= e.process(p, &batch[i], take[i], st)
				}
			}
			h = j
		}
		kept := q[:0]
		var waiting int64
		for _, c := range q {
			if c.n > 0 {
				kept = append(kept, c)
				waiting += c.n
			}
		}
		e.queues[p] = kept
		e.res.Queue[e.day][p] = waiting
	}
}

// process lets m of queued cohort c through post p (state st) and returns
// how many passed: a closed post refuses them all; a checked one refuses
// each with its refusal probability. Those refused stay on their side,
// informed, and route around the crossing; those let through are across.
func (e *cengine) process(p int, c *queued, m int64, st scenarios.CrossingState) int64 {
	if m <= 0 {
		return 0
	}
	c.n -= m
	crossing := e.posts[p].crossing
	refused := m
	if st.Status == scenarios.Checked {
		w := &e.rsrc
		// A stream per cohort, day and round (the count still waiting).
		w.src.S = sim.Mix64(c.id ^ sim.Mix64(uint64(e.day)<<8|drawRefuse) ^ sim.Mix64(uint64(c.n)))
		refused = w.binomial(m, st.Refusal)
	}
	k := c.k
	arc := k.arc
	k.arc = -1
	k.state = stMoving
	if refused > 0 {
		r := k
		r.flags |= flInformed
		if st.Status == scenarios.Checked {
			r.avoid = int16(crossing)
		}
		e.res.Refused[e.day][p] += refused
		e.list = append(e.list, cohort{k: r, n: refused})
	}
	passed := m - refused
	if passed > 0 {
		from, to := k.node, e.net.ArcHead(arc)
		k.node = to
		k.avoid = -1
		k.flags &^= flRegistered
		e.res.Passed[e.day][p] += passed
		e.res.EdgeFlow[e.day][e.net.ArcEdge(arc)] += passed
		e.res.Exits[e.day][e.nodeCountry[from]] += passed
		e.res.Entries[e.day][e.nodeCountry[to]] += passed
		e.list = append(e.list, cohort{k: k, n: passed})
	}
	return passed
}

// resolveRequests serves the day's requests at each centre as
// resolveCentres does for agents, the requests of a day shared in
// proportion among the cohorts that made them: registrations first, then
// places while there is room, the rest turned away.
func (e *cengine) resolveRequests() {
	for c := range e.centres {
		st := e.cent[c]
		req := e.scratch[:0]
		for _, w := range e.wk {
			req = append(req, w.centreReq[c]...)
		}
		req = e.mergeCohorts(req, false)
		registrations, places := e.centreAllowance(c, st)
		if len(req) > 0 {
			e.alloc = e.alloc[:0]
			for _, r := range req {
				e.alloc = append(e.alloc, r.n)
			}
			var asked int64
			for _, n := range e.alloc {
				asked += n
			}
			reg := append(e.reg[:0], e.sharer.Share(e.alloc, min(registrations, asked))...)
			e.reg = reg
			for i := range e.alloc {
				e.alloc[i] -= reg[i]
			}
			stay := e.sharer.Share(e.alloc, max(0, places-e.occupancy[c]))
			for i, r := range req {
				k := r.k
				if reg[i] > 0 {
					e.res.Registered[e.day][c] += reg[i]
					e.list = append(e.list, cohort{k: k, n: reg[i]})
				}
				if stay[i] > 0 {
					s := k
					s.state, s.arc, s.since = stCentre, int32(c), uint16(e.day)
					e.occupancy[c] += stay[i]
					e.list = append(e.list, cohort{k: s, n: stay[i]})
				}
				if away := e.alloc[i] - stay[i]; away > 0 {
					t := k
					e.res.TurnedAway[e.day][c] += away
					if st.RegistrationsPerDay > 0 {
						t.flags &^= flRegistered
					}
					e.list = append(e.list, cohort{k: t, n: away})
				}
			}
		}
		e.scratch = req[:0]
		e.res.Occupancy[e.day][c] = e.occupancy[c]
	}
}

// checkCohorts counts the agents in every cohort and queue by state and
// checks them against the centres, queues, stranded counts and presence,
// as checkConservation does for agents.
func (e *cengine) checkCohorts() error {
	var byState [5]int64
	present := make([]int64, len(e.countries))
	inCentre := make([]int64, len(e.centres))
	count := func(c cohort) error {
		if int(c.k.state) >= len(byState) || c.n < 0 {
			return fmt.Errorf("%v: cohort of %d in state %d", e.date, c.n, c.k.state)
		}
		byState[c.k.state] += c.n
		present[e.nodeCountry[c.k.node]] += c.n
		if c.k.state == stCentre {
			inCentre[c.k.arc] += c.n
		}
		return nil
	}
	for _, c := range e.list {
		if err := count(c); err != nil {
			return err
		}
	}
	var queued int64
	for _, q := range e.queues {
		for _, c := range q {
			queued += c.n
			if err := count(c.cohort); err != nil {
				return err
			}
		}
	}
	byState[stExited] = e.exited + e.removed
	var sum int64
	for _, n := range byState {
		sum += n
	}
	if sum != e.born {
		return fmt.Errorf("%v: %d agents arrived but %d are accounted for (moving %d, queued %d, in centres %d, stranded %d, exited %d)",
			e.date, e.born, sum, byState[stMoving], byState[stQueued], byState[stCentre], byState[stStranded], byState[stExited])
	}
	var stranded int64
	for _, n := range e.strandedNow {
		stranded += n
	}
	if queued != byState[stQueued] || stranded != byState[stStranded] {
		return fmt.Errorf("%v: queues hold %d and the stranded count is %d, but %d agents are queued and %d stranded",
			e.date, queued, stranded, byState[stQueued], byState[stStranded])
	}
	for c := range e.centres {
		if inCentre[c] != e.occupancy[c] {
			return fmt.Errorf("%v: centre %s holds %d by its count but %d by its cohorts", e.date, e.net.Node(e.centres[c]).ID, e.occupancy[c], inCentre[c])
		}
	}
	for c := range present {
		if got, want := e.res.Present[e.day][c], present[c]; got != want {
			return fmt.Errorf("%v: %s has %d agents present by the tables but %d by count", e.date, e.countries[c], got, want)
		}
	}
	e.res.StateCounts = append(e.res.StateCounts, byState)
	return nil
}
