package fleemodel

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"time"
	"unsafe"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/sim"
)

// ckey is a cohort's state: every column an agent has (see agents), so
// that the agents of a cohort are alike in everything the rules look at.
// normalise clears what the rules will never read again, so that cohorts
// alike in everything else merge.
type ckey struct {
	loc    int32   // location index; the tail of arc while on a link
	arc    int32   // arc being travelled, −1 at a location
	route  int32   // planned route, −1: none
	onLink float32 // km travelled on arc
	recent float32 // recent_travel_distance at the end of day rday
	rday   uint16
	pos    uint8 // next hop of route
	flags  uint8
}

// compare orders keys by their words (see words).
func (a ckey) compare(b ckey) int {
	a0, a1, a2 := a.words()
	b0, b1, b2 := b.words()
	switch {
	case a0 != b0:
		return cmp.Compare(a0, b0)
	case a1 != b1:
		return cmp.Compare(a1, b1)
	}
	return cmp.Compare(a2, b2)
}

// words packs the key into three words that order keys as their fields
// do: the counts are non-negative, −1 is taken to 0 by adding 1, and the
// distances are non-negative floats, which order as their bits.
func (a ckey) words() (uint64, uint64, uint64) {
	return uint64(uint32(a.loc))<<32 | uint64(uint32(a.arc+1)),
		uint64(uint32(a.route+1))<<32 | uint64(math.Float32bits(a.onLink)),
		uint64(math.Float32bits(a.recent))<<32 | uint64(a.rday)<<16 | uint64(a.pos)<<8 | uint64(a.flags)
}

// hash returns a 64-bit hash of the key, for the cohort's random stream.
func (a ckey) hash() uint64 {
	h := sim.Mix64(uint64(uint32(a.loc))<<32 | uint64(uint32(a.arc)))
	h = sim.Mix64(h ^ uint64(uint32(a.route))<<32 ^ uint64(math.Float32bits(a.onLink)))
	return sim.Mix64(h ^ uint64(math.Float32bits(a.recent))<<32 ^ uint64(a.rday)<<16 ^ uint64(a.pos)<<8 ^ uint64(a.flags))
}

// cohort is n agents in the same state. id seeds its random numbers
// today: a hash of the seed, the day and the key it started the day with,
// then of each split on the way, so that no two parts share a stream.
type cohort struct {
	k  ckey
	n  int64
	id uint64
}

// BytesPerCohort is the cohort engine's state per cohort.
const BytesPerCohort = int(unsafe.Sizeof(cohort{}))

// carrival is a cohort that reached camp head on arc late in the day
// (see engine.settleArrivals), waiting at the link's end.
type carrival struct {
	c    cohort
	arc  int32
	head int32
}

func (a carrival) compare(b carrival) int {
	if c := cmp.Compare(a.head, b.head); c != 0 {
		return c
	}
	if c := a.c.k.compare(b.c.k); c != 0 {
		return c
	}
	return cmp.Compare(a.arc, b.arc)
}

// cworker is what one worker collects while moving its cohorts.
type cworker struct {
	sh       *shard
	out      cohortSet  // parts at the end of their day, merged by tomorrow's key
	arrivals []carrival // late arrivals at camps with a capacity
	stack    []part
	src      sim.SplitSource
}

// cengine runs a Flee scenario with cohorts.
type cengine struct {
	*engine
	list     []cohort // every cohort, merged at the start of the day
	scratch  []cohort
	wk       []*cworker
	arrivals []carrival
	counts   []int64
	sharer   sim.Sharer
	admitted []int64 // per arrival group: let in
	src      sim.SplitSource
	merged   cohortSet // mergeCohorts' set
	// lastMerged is the number of cohorts after the last merge.
	lastMerged int
	peak       int
	// perDay is the number of cohorts after each day's merge.
	perDay []int
}

// recentGrid is the cohort engine's grid for recent_travel_distance, in
// steps per max_move_speed: at each day's merge it is rounded to the
// nearest 1/64 (6.25 km at 400 km a day), so that agents who travelled
// nearly alike share a cohort (see the package doc).
const recentGrid = 64

// cohortChunk is the number of cohorts a worker takes at a time.
const cohortChunk = 16

// runCohorts is Run's cohort engine: Flee's rules, with cohorts of agents
// alike in every column stepping together.
func runCohorts(ctx context.Context, fs *flee.Scenario, opts sim.Options) (*sim.Result, error) {
	start := time.Now()
	e, err := newCohortEngine(fs, opts)
	if err != nil {
		return nil, err
	}
	for e.day = 0; e.day < e.days; e.day++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := e.stepDay(ctx); err != nil {
			return nil, err
		}
		if e.opts.Progress != nil {
			e.opts.Progress(e.day, e.days, e.born)
		}
	}
	e.res.Info.Cohorts = e.peak
	e.res.Info.BytesPerCohort = BytesPerCohort
	e.res.Info.Wall = time.Since(start)
	return e.res, nil
}

// newCohortEngine sets up a cohort run: the engine's tables without the
// agents' columns, and a worker per shard.
func newCohortEngine(fs *flee.Scenario, opts sim.Options) (*cengine, error) {
	base, err := newEngineFor(fs, opts, false)
	if err != nil {
		return nil, err
	}
	e := &cengine{engine: base, perDay: make([]int, 0, base.days)}
	e.wk = make([]*cworker, e.workers)
	for w := range e.wk {
		e.wk[w] = &cworker{sh: e.shards[w]}
	}
	return e, nil
}

// stepDay runs day e.day: the per-agent loop's steps, on cohorts.
func (e *cengine) stepDay(ctx context.Context) error {
	e.updateConflicts()
	if err := e.spawnCohorts(); err != nil {
		return err
	}
	if e.enactClosures() {
		for i := range e.list {
			e.list[i].k.route = -1
		}
	}
	e.list = e.mergeCohorts(e.list)
	e.peak = max(e.peak, len(e.list))
	e.perDay = append(e.perDay, len(e.list))
	e.prepareDay()
	e.moveCohorts(ctx)
	if err := ctx.Err(); err != nil {
		return err // the day was left half done
	}
	e.record()
	if e.opts.Check {
		return e.checkCohorts()
	}
	return nil
}

// normalise clears what the rules will not read again, which changes
// nothing an agent in state k does: a sunk agent keeps only its location
// (it never moves again); a planned route's hop only while it has one;
// the flag of having travelled only with start_on_foot; and
// recent_travel_distance only with avoid_short_stints and while it is not
// yet 0, as of yesterday and rounded to recentGrid (the one thing the
// cohort engine changes; see the package doc).
func (e *cengine) normalise(k *ckey, day int) {
	if k.flags&ffSunk != 0 {
		*k = ckey{loc: k.loc, arc: -1, route: -1, flags: ffSunk}
		return
	}
	if !e.set.StartOnFoot {
		k.flags &^= ffTravelled
	}
	if k.route < 0 {
		k.pos = 0
	}
	rec := 0.0
	if e.set.AvoidShortStints {
		rec = math.Round(recentAt(k.recent, k.rday, day)*recentGrid) / recentGrid
	}
	if rec == 0 {
		k.recent, k.rday = 0, 0
		return
	}
	k.recent, k.rday = float32(rec), uint16(day-1)
}

// mergeCohorts normalises cs, adds up those with the same key (in a
// hash table, keeping the first of each key in place) and gives each its
// random stream for today. The order of the cohorts is that of cs, which
// depends on the workers, but nothing else does: the streams come from the
// keys, the counts are sums and the late arrivals are sorted.
func (e *cengine) mergeCohorts(cs []cohort) []cohort {
	e.merged.reset(e.lastMerged)
	day := sim.Mix64(e.seed ^ sim.Mix64(uint64(e.day)+0x5bd1e995))
	for _, c := range cs {
		if c.n == 0 {
			continue
		}
		e.normalise(&c.k, e.day)
		h := c.k.hash()
		c.id = sim.Mix64(day ^ h)
		e.merged.add(c, h)
	}
	// The merged list becomes the day's list and cs the next scratch.
	out := e.merged.list
	e.merged.list = cs[:0]
	e.lastMerged = len(out)
	return out
}

// spawnCohorts adds today's agents as spawn does: on day 0 the camps'
// populations; then the day's new displaced people split among the
// conflict zones by a multinomial draw with weights population ×
// intensity × spawn decay, as each agent drawing its zone would.
func (e *cengine) spawnCohorts() error {
	add := func(l int, n int64) {
		e.list = append(e.list, cohort{k: ckey{loc: int32(l), arc: -1, route: -1}, n: n})
		e.occ[l] += n
		e.born += int(n)
	}
	if e.day == 0 {
		for l, n := range e.day0 {
			if n > 0 {
				add(l, int64(n))
			}
		}
	}
	n := int64(e.daily[e.day])
	if n == 0 {
		return nil
	}
	w := e.spawnCum
	tot, err := e.spawnWeights(n)
	if err != nil {
		return err
	}
	e.src.S = sim.Mix64(e.seed ^ sim.Mix64(uint64(e.day)<<8|fdSpawn) ^ 0x3c6ef372fe94f82b)
	rest, prev := n, 0.0
	for i := range e.locs {
		if rest == 0 {
			break
		}
		x := binomial(&e.src, rest, sim.Chance(w[i]-prev, tot-prev))
		prev = w[i]
		if x == 0 {
			continue
		}
		rest -= x
		add(i, x)
		if e.set.TakeFromPopulation {
			e.locs[i].pop = max(0, e.locs[i].pop-float64(x)/e.opts.Scale)
		}
	}
	return nil
}

// moveCohorts moves every cohort through today on the workers, adds up
// what they collected and settles the late arrivals. The cohorts they
// leave are merged the next day and the late arrivals sorted, so nothing
// depends on which worker moved which cohort.
func (e *cengine) moveCohorts(ctx context.Context) {
	for _, w := range e.wk {
		w.sh.reset()
		w.out.reset(e.lastMerged)
		w.arrivals = w.arrivals[:0]
	}
	list := e.list
	sim.ForChunks(ctx, len(e.wk), len(list), cohortChunk, func(k, lo, hi int) {
		w := e.wk[k]
		for _, c := range list[lo:hi] {
			e.stepCohort(w, c)
		}
	})
	next := e.scratch[:0]
	e.arrivals = e.arrivals[:0]
	for _, w := range e.wk {
		next = append(next, w.out.list...)
		e.arrivals = append(e.arrivals, w.arrivals...)
	}
	e.scratch, e.list = e.list[:0], next
	e.addShards()
	e.settleCohorts()
	for p := range e.posts {
		e.res.Arrived[e.day][p] = e.res.Passed[e.day][p] + e.res.Refused[e.day][p]
	}
}

// addShards adds the workers' counts to the day's tables.
func (e *cengine) addShards() {
	d := e.day
	for _, sh := range e.shards {
		for l, v := range sh.locDelta {
			e.occ[l] += v
		}
		for a, v := range sh.arcDelta {
			e.onArc[a] += v
		}
		for c := range e.countries {
			e.res.Entries[d][c] += sh.entries[c]
			e.res.Exits[d][c] += sh.exits[c]
		}
		for p := range e.posts {
			e.res.Passed[d][p] += sh.passed[p]
			e.res.Refused[d][p] += sh.refused[p]
		}
		for c := range e.centres {
			e.res.TurnedAway[d][c] += sh.turnedAway[c]
		}
		for k, v := range sh.edgeFlow {
			e.res.EdgeFlow[d][k] += v
		}
		e.res.AgentDays += sh.agentDays
	}
}

// checkCohorts counts the agents in the cohorts at each location and on
// each link and checks them against the tables, as check does for agents.
func (e *cengine) checkCohorts() error {
	occ := make([]int64, len(e.locs))
	on := make([]int64, len(e.onArc))
	for _, c := range e.list {
		switch {
		case c.n <= 0:
			return fmt.Errorf("day %d: a cohort of %d agents", e.day, c.n)
		case c.k.arc >= 0:
			on[c.k.arc] += c.n
		default:
			occ[c.k.loc] += c.n
		}
	}
	return e.checkCounts(occ, on, "by its cohorts")
}
