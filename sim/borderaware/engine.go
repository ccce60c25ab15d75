package borderaware

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// Agent states.
const (
	stMoving   uint8 = iota // on the way (at a node or on an edge)
	stQueued                // waiting at a border post
	stCentre                // staying in a reception centre
	stStranded              // every way onward is closed
	stExited                // reached its exit
)

// Agent flags.
const (
	flInformed   uint8 = 1 << iota // knows today's closures (has met one)
	flRegistered                   // has stayed in a centre (or been turned away) in the current country
)

// agents holds the agents as columns: 20 bytes per agent.
type agents struct {
	node  []geo.NodeID // current node; the tail of arc while on an edge
	arc   []int32      // arc being travelled (-1 at a node); the centre index while in a centre
	left  []float32    // km left on arc
	state []uint8
	dest  []uint8 // index of the exit (and its tree)
	group []uint8 // population group + 1; 0: none
	flags []uint8
	avoid []int16  // crossing to route around after a refusal; -1: none
	since []uint16 // day the current stay in a centre began
}

func newAgents(n int) *agents {
	return &agents{
		node: make([]geo.NodeID, n), arc: make([]int32, n), left: make([]float32, n),
		state: make([]uint8, n), dest: make([]uint8, n), group: make([]uint8, n),
		flags: make([]uint8, n), avoid: make([]int16, n), since: make([]uint16, n),
	}
}

// BytesPerAgent is the engine's state per agent.
const BytesPerAgent = 4 + 4 + 4 + 1 + 1 + 1 + 1 + 2 + 2

// post is the queue of one direction of a border crossing (a sim.Post).
type post struct {
	crossing geo.CrossingID
	queue    []int32
	head     int // queue[head:] are waiting
	// credit is the fraction of an agent a capped post could not let
	// through yesterday: a daily capacity in people is capacity × scale
	// agents, rarely whole, and the fractions add up over the days.
	credit float64
}

// engine is one run's state.
type engine struct {
	s     *scenarios.Scenario
	net   *geo.Network
	opts  sim.Options
	model Model
	// builtin is whether model is BorderAware, whose agents take the one
	// way on from a node with nothing to decide by a table (buildPass).
	builtin bool
	pass    *passRules
	// postFlow is, per post, who crossed it today by arc (resolvePosts).
	postFlow [][]arcCount
	seed     uint64
	workers  int
	days     int
	day      int // current day index
	// perAgent: agents have columns (the per-agent engine); the cohort
	// engine has none and no limit of MaxAgents.
	perAgent bool
	date     scenarios.Date

	a    *agents
	plan []spawnPlan
	born int // agents spawned so far
	// firstAlive is the lowest agent index that has not exited.
	firstAlive int
	total      int   // agents over the run
	spawn      []int // spawn[d]: agents spawned by the end of day d

	countries   []string
	nodeCountry []uint8
	arcPost     []int32 // per arc: post index, -1 if not a crossing arc
	posts       []post
	exits       []geo.NodeID
	exitIdx     map[geo.NodeID]int
	centres     []geo.NodeID
	centreIdx   map[geo.NodeID]int
	// townCentres lists, per node, the centres beside it that people in
	// transit ask at, in the network's order: those of node v are
	// townList[townOff[v]:townOff[v+1]].
	townOff, townList []int32
	centreTown        []geo.NodeID // per centre: the node its residents are at
	regCredit         []float64    // per centre: the fraction of a registration carried (see post.allowance)
	arcWalk           []bool       // per arc: walked (footpaths), not ridden
	needsCentre       []bool       // per group + 1: asks for a place at every centre on the way
	occupancy         []int64
	strandedNow       []int64 // per country

	truth, known *view
	avoid        map[geo.CrossingID]*view
	cross        []scenarios.CrossingState // today's states
	cent         []scenarios.CentreState

	shards   []*shard
	requests []int32 // a centre's requests of the day, in agent order
	res      *sim.Result
	ctx      *Context
}

// shard is what one worker collects while moving its agents.
type shard struct {
	postArrivals [][]int32 // per post, ascending agent ids
	centreReq    [][]int32 // per centre
	entries      []int64   // per country
	exits        []int64
	arrived      []int64 // per post (free-flow and blocked arrivals counted here)
	passed       []int64
	refused      []int64
	leftCentre   []int64 // per centre
	stranded     []int64 // per country: agents becoming stranded minus those moving on
	edgeFlow     []int64 // per edge: agents setting out along it
	agentDays    int64
	exited       int64
	_            [64]byte // keeps shards' hot counters off each other's cache lines
}

func (sh *shard) reset() {
	for i := range sh.postArrivals {
		sh.postArrivals[i] = sh.postArrivals[i][:0]
	}
	for i := range sh.centreReq {
		sh.centreReq[i] = sh.centreReq[i][:0]
	}
	clear(sh.entries)
	clear(sh.exits)
	clear(sh.arrived)
	clear(sh.passed)
	clear(sh.refused)
	clear(sh.leftCentre)
	clear(sh.stranded)
	clear(sh.edgeFlow)
	sh.agentDays, sh.exited = 0, 0
}

// Run simulates a scenario under the BorderAware model and returns its
// daily tables. It stops with ctx's error if ctx is cancelled.
func Run(ctx context.Context, s *scenarios.Scenario, opts sim.Options) (*sim.Result, error) {
	return RunModel(ctx, s, opts, BorderAware{})
}

// RunModel is Run with the rules of m instead of BorderAware's. The
// cohort engine (Options.Engine) runs BorderAware only: it needs the
// chances of a model's choices, not one agent's draw; another Model runs
// agent by agent.
func RunModel(ctx context.Context, s *scenarios.Scenario, opts sim.Options, m Model) (*sim.Result, error) {
	if err := opts.Normalise(); err != nil {
		return nil, err
	}
	if _, ok := m.(BorderAware); (ok || m == nil) && opts.Engine == sim.EngineCohorts {
		return runCohorts(ctx, s, opts)
	}
	start := time.Now()
	e, err := newEngine(s, opts, m)
	if err != nil {
		return nil, err
	}
	for e.day = 0; e.day < e.days; e.day++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e.date = s.Start + scenarios.Date(e.day)
		e.applyEvents()
		if e.day == 0 {
			if err := e.placeInitial(); err != nil {
				return nil, err
			}
		}
		e.spawnDay()
		e.moveAll(ctx)
		if err := ctx.Err(); err != nil {
			return nil, err // the day was left half done
		}
		e.resolvePosts()
		e.resolveCentres()
		if err := e.applyCorrections(agentStocks{e}); err != nil {
			return nil, err
		}
		e.record()
		if e.opts.Check {
			if err := e.checkConservation(); err != nil {
				return nil, err
			}
		}
		if e.opts.Progress != nil {
			e.opts.Progress(e.day, e.days, e.born-int(e.res.ExitedTotal))
		}
	}
	e.res.Info.Wall = time.Since(start)
	return e.res, nil
}

// newEngine sets up a run: the network's tables, the views agents steer
// by, the spawn plan, the agents and the workers' shards.
func newEngine(s *scenarios.Scenario, opts sim.Options, m Model) (*engine, error) {
	return newEngineFor(s, opts, m, true)
}

// newEngineFor is newEngine; without perAgent it leaves out the agents'
// columns and their limit (the cohort engine counts people in int64).
func newEngineFor(s *scenarios.Scenario, opts sim.Options, m Model, perAgent bool) (*engine, error) {
	if err := opts.Normalise(); err != nil {
		return nil, err
	}
	if m == nil {
		m = BorderAware{}
	}
	net := s.Network
	e := &engine{s: s, net: net, opts: opts, model: m, days: s.Days(), seed: s.Seed, perAgent: perAgent}
	_, e.builtin = m.(BorderAware)
	if opts.SeedSet {
		e.seed = opts.Seed
	}
	if e.days > math.MaxUint16 {
		return nil, fmt.Errorf("period of %d days is longer than the engine's %d", e.days, math.MaxUint16)
	}
	if len(s.Groups) > math.MaxUint8-1 {
		return nil, fmt.Errorf("%d population groups; the engine handles %d", len(s.Groups), math.MaxUint8-1)
	}
	var (
		cidx  map[string]int
		posts []sim.Post
		err   error
	)
	if e.countries, cidx, err = sim.CountryIndex(net); err != nil {
		return nil, err
	}
	e.nodeCountry = make([]uint8, net.NumNodes())
	for v := range geo.NodeID(net.NumNodes()) {
		e.nodeCountry[v] = uint8(cidx[net.Node(v).Country])
	}
	posts, e.arcPost = sim.BuildPosts(net, cidx)
	e.posts = make([]post, len(posts))
	for p, pt := range posts {
		e.posts[p].crossing = pt.Crossing
	}
	nArcs := len(e.arcPost)
	e.arcWalk = make([]bool, nArcs)
	for a := range int32(nArcs) {
		e.arcWalk[a] = net.Edge(net.ArcEdge(a)).Class == geo.Footpath
	}
	if net.NumCrossings() > math.MaxInt16 {
		return nil, fmt.Errorf("network has %d crossings; the engine handles %d", net.NumCrossings(), math.MaxInt16)
	}
	e.exits = net.Exits()
	if len(e.exits) == 0 || len(e.exits) > 255 {
		return nil, fmt.Errorf("network has %d exits; want 1 to 255", len(e.exits))
	}
	e.exitIdx = map[geo.NodeID]int{}
	for i, x := range e.exits {
		e.exitIdx[x] = i
	}
	e.centres = net.Centres()
	e.centreIdx = map[geo.NodeID]int{}
	for i, c := range e.centres {
		e.centreIdx[c] = i
	}
	e.townOff, e.townList = townCentres(net, e.centres)
	e.centreTown = centreTowns(net, e.centres)
	e.regCredit = make([]float64, len(e.centres))
	e.occupancy = make([]int64, len(e.centres))
	e.needsCentre = make([]bool, len(s.Groups)+1)
	for g, gr := range s.Groups {
		e.needsCentre[g+1] = gr.NeedsCentre
	}
	e.strandedNow = make([]int64, len(e.countries))
	e.truth = newView(net, geo.NewRouter(net, e.exits...), e.passRules())
	e.known = newView(net, geo.NewRouter(net, e.exits...), e.passRules())
	e.avoid = map[geo.CrossingID]*view{}
	e.cross = make([]scenarios.CrossingState, net.NumCrossings())
	e.cent = make([]scenarios.CentreState, len(e.centres))
	for i, c := range e.centres {
		e.cent[i] = scenarios.CentreState{Open: true, Capacity: net.Node(c).Centre.Capacity}
	}
	if err := e.planSpawns(); err != nil {
		return nil, err
	}
	e.workers = opts.WorkersFor(e.total)
	engineName := sim.EngineCohorts
	if perAgent {
		var initial int64
		for _, n := range stockAgents(s.Initial, opts.Scale) {
			initial += n
		}
		if int64(e.total)+initial > sim.MaxAgents {
			return nil, fmt.Errorf("%d agents and %d in the initial stocks: more than the %d one run handles (use --scale)", e.total, initial, sim.MaxAgents)
		}
		if err := sim.CheckAgentMemory(int64(e.total)+initial, BytesPerAgent); err != nil {
			return nil, err
		}
		e.a = newAgents(e.total)
		engineName = sim.EngineAgents
	}
	e.shards = make([]*shard, e.workers)
	for w := range e.shards {
		e.shards[w] = &shard{
			postArrivals: make([][]int32, len(e.posts)), centreReq: make([][]int32, len(e.centres)),
			entries: sim.Padded(len(e.countries)), exits: sim.Padded(len(e.countries)),
			arrived: sim.Padded(len(e.posts)), passed: sim.Padded(len(e.posts)), refused: sim.Padded(len(e.posts)),
			leftCentre: sim.Padded(len(e.centres)), stranded: sim.Padded(len(e.countries)), edgeFlow: sim.Padded(net.NumEdges()),
		}
	}
	e.res = sim.NewResult(sim.RunInfo{
		Name: s.Name, Source: s.Source, Model: sim.ModelBorderAware, NetworkName: s.NetworkName,
		Start: s.Start, End: s.End, ScenarioYAML: s.YAML,
		Seed: e.seed, Scale: opts.Scale, Workers: e.workers, Agents: e.total, Engine: engineName,
	}, net, e.countries, posts, e.centres)
	e.ctx = &Context{e: e}
	return e, nil
}

// planSpawns turns the streams' people per day into agents per day per
// entry. The run's agents by the end of each day are the people arrived by
// then (all streams and entries together) × scale, rounded once, so that
// no fraction is lost and the run holds exactly as many people as the
// scenario: 971,156 people at scale 1 are 971,156 agents, not the sum of
// each entry's own rounding. Each day's new agents are shared among the
// entries by largest remainder against what each has been owed so far
// (ties to the earlier stream and entry), so every entry stays within one
// agent of its exact share. Counts that do not fit, and a scale at which
// nobody is simulated, are errors.
func (e *engine) planSpawns() error {
	type owed struct {
		k     float64 // scale × the entry's share
		cum   float64 // the stream's people so far
		given int64   // agents spawned so far
		rem   float64 // today's remainder
	}
	var (
		plans []*owed
		daily [][]float64
	)
	for _, st := range e.s.Streams {
		for _, en := range st.Entries {
			plans = append(plans, &owed{k: e.opts.Scale * en.Share})
			daily = append(daily, st.Daily)
			e.plan = append(e.plan, spawnPlan{entry: en.Node, perDay: make([]int32, e.days)})
		}
	}
	e.spawn = make([]int, e.days)
	var (
		total  int64
		people float64
	)
	order := make([]int, len(plans))
	for d := range e.days {
		var owedAll float64
		for j, o := range plans {
			o.cum += daily[j][d]
			owedAll += o.cum * o.k
		}
		target := int64(math.Round(owedAll))
		n := target - total
		var given int64
		for j, o := range plans {
			want := o.cum*o.k - float64(o.given)
			where := fmt.Sprintf("%v at %s", e.s.Start+scenarios.Date(d), e.net.Node(e.plan[j].entry).ID)
			if _, err := sim.AgentCount(max(0, math.Ceil(want)), where); err != nil {
				return err
			}
			base := max(0, math.Floor(want))
			o.rem = want - base
			e.plan[j].perDay[d] = int32(base)
			given += int64(base)
			order[j] = j
		}
		// Hand out the rest by largest remainder, or take back from the
		// smallest: n - given is at most the number of entries either way.
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(plans[b].rem, plans[a].rem) })
		for k := 0; given < n && k < len(order); k++ {
			e.plan[order[k]].perDay[d]++
			given++
		}
		for k := len(order) - 1; given > n && k >= 0; k-- {
			if j := order[k]; e.plan[j].perDay[d] > 0 {
				e.plan[j].perDay[d]--
				given--
			}
		}
		for j, o := range plans {
			o.given += int64(e.plan[j].perDay[d])
		}
		total += given
		e.spawn[d] = int(min(total, math.MaxInt))
		if e.perAgent && total > sim.MaxAgents {
			return fmt.Errorf("%d agents by %v: more than the %d one run handles (use --scale)", total, e.s.Start+scenarios.Date(d), sim.MaxAgents)
		}
	}
	for _, o := range plans {
		people += o.cum * o.k / e.opts.Scale
	}
	if total == 0 && people > 0 {
		return sim.NoAgents(people, e.opts.Scale)
	}
	e.total = int(total)
	return nil
}

// townCentres lists, per node that is not itself a centre, the centres
// linked to it that people in transit ask at: every centre but an asylum
// or detention centre, which house people who applied for asylum or are
// held, not people passing through.
func townCentres(net *geo.Network, centres []geo.NodeID) (off, list []int32) {
	n := net.NumNodes()
	per := make([][]int32, n)
	for i, c := range centres {
		if !forTransit(net.Node(c).Centre) {
			continue
		}
		lo, hi := net.Arcs(c)
		for a := lo; a < hi; a++ {
			if t := net.ArcHead(a); net.Node(t).Kind != geo.Centre && !slices.Contains(per[t], int32(i)) {
				per[t] = append(per[t], int32(i))
			}
		}
	}
	off = make([]int32, n+1)
	for v := range n {
		off[v] = int32(len(list))
		list = append(list, per[v]...)
	}
	off[n] = int32(len(list))
	return off, list
}

// forTransit reports whether people in transit ask for a place (or
// registration) at a centre of this kind: every kind but asylum_centre and
// detention_centre.
func forTransit(c *geo.CentreInfo) bool {
	return c == nil || c.Type != "asylum_centre" && c.Type != "detention_centre"
}

// spawnPlan is the agents one stream brings to one entry each day.
type spawnPlan struct {
	entry  geo.NodeID
	perDay []int32
}

// applyEvents brings the routers, their hop tables and today's states up
// to date; tables are rebuilt only when a closure changed.
func (e *engine) applyEvents() {
	t := e.s.Timeline
	changed := e.day == 0
	for c := range e.cross {
		st := t.Crossing(e.date, geo.CrossingID(c))
		changed = changed || st != e.cross[c]
		e.cross[c] = st
	}
	if setClosures(e.truth.r, func(c int) bool { return e.cross[c].Status == scenarios.Closed }, len(e.cross)) {
		e.truth.rebuild(e.net)
	}
	kdate := e.s.Start + scenarios.Date(max(0, e.day-e.s.Params.InfoDelayDays))
	if setClosures(e.known.r, func(c int) bool { return t.Crossing(kdate, geo.CrossingID(c)).Status == scenarios.Closed }, len(e.cross)) {
		e.known.rebuild(e.net)
	}
	for i, c := range e.centres {
		st, _ := t.Centre(e.date, c)
		e.cent[i] = st
	}
	if !changed {
		return
	}
	// Views that route around a refusing crossing.
	for c := range e.cross {
		if e.cross[c].Refusal <= 0 || e.cross[c].Status != scenarios.Checked {
			continue
		}
		v, ok := e.avoid[geo.CrossingID(c)]
		if !ok {
			v = newView(e.net, geo.NewRouter(e.net, e.exits...), e.passRules())
			e.avoid[geo.CrossingID(c)] = v
		}
		setClosures(v.r, func(k int) bool { return e.cross[k].Status == scenarios.Closed || k == c }, len(e.cross))
		v.rebuild(e.net)
	}
}

// setClosures closes the crossings for which closed is true and opens the
// others; it reports whether anything changed.
func setClosures(r *geo.Router, closed func(c int) bool, n int) bool {
	changed := false
	for c := range n {
		x := geo.CrossingID(c)
		want := closed(c)
		if e := r.Network().Crossing(x).Edges[0]; r.Closed(e, r.Network().Edge(e).From) != want {
			r.SetCrossingClosed(x, want)
			changed = true
		}
	}
	return changed
}

// passRules returns the rules of the views' one-way tables (buildPass),
// made once.
func (e *engine) passRules() *passRules {
	if e.pass == nil {
		centre := make([]bool, e.net.NumNodes())
		for v := range centre {
			centre[v] = e.townOff[v] < e.townOff[v+1]
		}
		e.pass = &passRules{exits: e.exits, centre: centre, arcPost: e.arcPost}
	}
	return e.pass
}

// avoidView returns the view avoiding the crossing av that last refused
// an agent, while that crossing is checked and refuses (nil otherwise):
// the view it steers by wherever that view leads anywhere.
func (e *engine) avoidView(av int16) *view {
	if av < 0 || e.cross[av].Status != scenarios.Checked || !(e.cross[av].Refusal > 0) {
		return nil
	}
	return e.avoid[geo.CrossingID(av)]
}

// spawnDay brings today's arrivals into the network.
func (e *engine) spawnDay() {
	lo := e.born
	d := e.day
	i := lo
	dests := e.s.Timeline.Destinations(e.date)
	for _, p := range e.plan {
		for range p.perDay[d] {
			e.a.node[i] = p.entry
			e.a.arc[i] = -1
			e.a.state[i] = stMoving
			e.a.avoid[i] = -1
			e.a.dest[i] = uint8(e.pickDest(dests, int32(i)))
			e.a.group[i] = e.pickGroup(int32(i))
			e.res.Entries[d][e.nodeCountry[p.entry]]++
			i++
		}
	}
	e.born = i
}

func (e *engine) pickDest(dests []scenarios.ExitShare, i int32) int {
	u := draw(e.seed, i, int32(e.day), drawDest)
	acc := 0.0
	for _, d := range dests {
		acc += d.Share
		if u < acc {
			return e.exitIdx[d.Exit]
		}
	}
	return e.exitIdx[dests[len(dests)-1].Exit]
}

func (e *engine) pickGroup(i int32) uint8 {
	if len(e.s.Groups) == 0 {
		return 0
	}
	u := draw(e.seed, i, -1, drawDest)
	acc := 0.0
	for g, gr := range e.s.Groups {
		acc += gr.Share
		if u < acc {
			return uint8(g + 1)
		}
	}
	return 0
}

// moveAll moves every agent that may still be on the way (those before
// firstAlive have all left, and runs of eight gone agents are skipped at
// once), on the workers, which take chunks of agents as they finish so
// that the busy (recently spawned) agents do not all fall to one worker.
// The lists the workers collect are put back in agent order. It stops
// early (leaving the day half done) if ctx is done.
func (e *engine) moveAll(ctx context.Context) {
	for e.firstAlive < e.born && e.a.state[e.firstAlive] == stExited {
		e.firstAlive++
	}
	for _, sh := range e.shards {
		sh.reset()
	}
	state := e.a.state
	lo := e.firstAlive
	sim.ForChunks(ctx, len(e.shards), e.born-lo, agentChunk, func(k, from, to int) {
		sh := e.shards[k]
		hi := lo + to
		for i := lo + from; i < hi; i++ {
			if i+8 <= hi && binary.LittleEndian.Uint64(state[i:]) == allExited {
				i += 7
				continue
			}
			e.step(sh, int32(i))
		}
	})
	for _, sh := range e.shards {
		e.addShard(sh)
		for p := range e.posts {
			e.res.Arrived[e.day][p] += int64(len(sh.postArrivals[p]))
		}
		e.res.ExitedTotal += sh.exited
	}
}

// addShard adds the day's counters one worker collected to the day's
// tables, the stranded counts and the centres' occupancy.
func (e *engine) addShard(sh *shard) {
	for c := range sh.entries {
		e.res.Entries[e.day][c] += sh.entries[c]
		e.res.Exits[e.day][c] += sh.exits[c]
		e.strandedNow[c] += sh.stranded[c]
	}
	for p := range e.posts {
		e.res.Arrived[e.day][p] += sh.arrived[p]
		e.res.Passed[e.day][p] += sh.passed[p]
		e.res.Refused[e.day][p] += sh.refused[p]
	}
	for c := range e.centres {
		e.occupancy[c] -= sh.leftCentre[c]
	}
	for k, n := range sh.edgeFlow {
		e.res.EdgeFlow[e.day][k] += n
	}
	e.res.AgentDays += sh.agentDays
}

// agentChunk is the number of agents a worker takes at a time.
const agentChunk = 8192

// allExited is eight agent states of stExited read as one word.
const allExited = uint64(stExited) * 0x0101010101010101

// resolvePosts adds the day's arrivals at each post to its queue and lets
// the people queued through, up to its capacity, in arrival order; a
// refused person goes back and routes around. The posts are independent
// (each has its own queue of agents, its own counters and a refusal draw
// that is the agent's): they are resolved on the workers, a post at a
// time, and what they add to tables that posts share (edges, countries)
// is added afterwards in post order.
func (e *engine) resolvePosts() {
	if len(e.postFlow) < len(e.posts) {
		e.postFlow = make([][]arcCount, len(e.posts))
	}
	sim.ForChunks(context.Background(), e.workers, len(e.posts), 1, func(_, lo, hi int) {
		for p := lo; p < hi; p++ {
			e.resolvePost(p)
		}
	})
	d := e.day
	for p := range e.posts {
		for _, f := range e.postFlow[p] {
			e.res.EdgeFlow[d][e.net.ArcEdge(f.arc)] += f.n
			e.res.Exits[d][e.nodeCountry[e.net.ArcTail(f.arc)]] += f.n
			e.res.Entries[d][e.nodeCountry[e.net.ArcHead(f.arc)]] += f.n
		}
	}
}

// arcCount is a number of people who crossed a post on an arc today.
type arcCount struct {
	arc int32
	n   int64
}

// resolvePost resolves post p (see resolvePosts), counting those who
// cross by arc in e.postFlow[p].
func (e *engine) resolvePost(p int) {
	a := e.a
	pt := &e.posts[p]
	// Today's arrivals join the queue in agent order, whoever moved whom.
	q := len(pt.queue)
	for _, sh := range e.shards {
		pt.queue = append(pt.queue, sh.postArrivals[p]...)
	}
	if len(e.shards) > 1 {
		slices.Sort(pt.queue[q:])
	}
	st := e.cross[pt.crossing]
	flow := e.postFlow[p][:0]
	passedToday := int64(0)
	capped := st.Status == scenarios.Checked && st.CapacityPerDay > 0
	allowance := int64(math.MaxInt64)
	if capped {
		allowance = pt.allowance(float64(st.CapacityPerDay) * e.opts.Scale)
	} else {
		pt.credit = 0
	}
	for pt.head < len(pt.queue) {
		if passedToday >= allowance {
			break
		}
		i := pt.queue[pt.head]
		pt.head++
		arc := a.arc[i]
		a.arc[i] = -1
		a.state[i] = stMoving
		if st.Status == scenarios.Closed || st.Status == scenarios.Checked && e.model.Refuse(e.ctx, i, pt.crossing, st) {
			e.res.Refused[e.day][p]++
			a.flags[i] |= flInformed
			if st.Status == scenarios.Checked {
				a.avoid[i] = int16(pt.crossing)
			}
			continue
		}
		a.node[i] = e.net.ArcHead(arc)
		a.avoid[i] = -1
		a.flags[i] &^= flRegistered
		e.res.Passed[e.day][p]++
		if k := len(flow) - 1; k >= 0 && flow[k].arc == arc {
			flow[k].n++
		} else {
			flow = append(flow, arcCount{arc: arc, n: 1})
		}
		passedToday++
	}
	e.postFlow[p] = flow
	if pt.head == len(pt.queue) {
		pt.queue, pt.head = pt.queue[:0], 0
	} else if pt.head > 1024 && pt.head > len(pt.queue)/2 {
		pt.queue = append(pt.queue[:0], pt.queue[pt.head:]...)
		pt.head = 0
	}
	e.res.Queue[e.day][p] = int64(len(pt.queue) - pt.head)
}

// allowance returns how many agents a post with a capacity of perDay agents
// (capacity in people × scale) may let through today: the whole agents of
// perDay plus the fractions carried from earlier days, so that over the
// days the post passes capacity × scale agents a day on average, as many
// people as at scale 1. The fraction carried stays below one agent.
func (pt *post) allowance(perDay float64) int64 {
	total := perDay + pt.credit
	n := math.Floor(total)
	pt.credit = total - n
	return int64(n)
}

// resolveCentres serves the people who asked at a centre today, in agent
// order. At a registration point (RegistrationsPerDay > 0) the first
// RegistrationsPerDay × scale are registered without a place and move on
// the next day. The others, and everyone at a centre that registers nobody
// in transit, need a place: they get one while the centre has room
// (capacity × scale; unknown capacity: no limit) and are turned away
// otherwise, to sleep outside. Someone turned away by a registration point
// has not registered and asks again the next day; someone turned away
// elsewhere moves on.
func (e *engine) resolveCentres() {
	a := e.a
	for c := range e.centres {
		st := e.cent[c]
		registrations, places := e.centreAllowance(c, st)
		req := e.requests[:0]
		for _, sh := range e.shards {
			req = append(req, sh.centreReq[c]...)
		}
		if len(e.shards) > 1 {
			slices.Sort(req) // in agent order, whoever moved whom
		}
		e.requests = req
		for _, i := range req {
			switch {
			case e.res.Registered[e.day][c] < registrations:
				e.res.Registered[e.day][c]++
			case e.occupancy[c] < places:
				a.state[i] = stCentre
				a.arc[i] = int32(c)
				a.since[i] = uint16(e.day)
				e.occupancy[c]++
			default:
				e.res.TurnedAway[e.day][c]++
				if st.RegistrationsPerDay > 0 {
					a.flags[i] &^= flRegistered
				}
			}
		}
		e.res.Occupancy[e.day][c] = e.occupancy[c]
	}
}

// centreAllowance returns how many agents centre c (in state st) can
// register today without a place, its registrations per day × scale with
// the fraction carried from day to day, and how many places it has
// (capacity × scale; unknown capacity: no limit; requests come only to
// open centres, see openCentre).
func (e *engine) centreAllowance(c int, st scenarios.CentreState) (registrations, places int64) {
	if st.Open && st.RegistrationsPerDay > 0 {
		total := float64(st.RegistrationsPerDay)*e.opts.Scale + e.regCredit[c]
		n := math.Floor(total)
		e.regCredit[c] = total - n
		registrations = int64(n)
	} else {
		e.regCredit[c] = 0
	}
	places = math.MaxInt64
	if st.Capacity > 0 {
		places = int64(float64(st.Capacity)*e.opts.Scale + 0.5)
	}
	return registrations, places
}

// record closes the day's tables.
func (e *engine) record() {
	for c := range e.countries {
		prev := int64(0)
		if e.day > 0 {
			prev = e.res.Present[e.day-1][c]
		}
		e.res.Present[e.day][c] = prev + e.res.Entries[e.day][c] - e.res.Exits[e.day][c] + e.res.Placed[e.day][c]
		e.res.Stranded[e.day][c] = e.strandedNow[c]
	}
	for c := range e.centres {
		e.res.Capacity[e.day][c] = int64(e.cent[c].Capacity)
		if !e.cent[c].Open {
			e.res.Capacity[e.day][c] = 0
		}
	}
}

// checkConservation counts every agent by state and checks that the counts
// add up to the agents that have arrived, and that presence by country
// matches.
func (e *engine) checkConservation() error {
	var byState [5]int64
	present := make([]int64, len(e.countries))
	for i := range e.born {
		st := e.a.state[i]
		if int(st) >= len(byState) {
			return fmt.Errorf("%v: agent %d in unknown state %d", e.date, i, st)
		}
		byState[st]++
		if st != stExited {
			present[e.nodeCountry[e.a.node[i]]]++
		}
	}
	sum := byState[stMoving] + byState[stQueued] + byState[stCentre] + byState[stStranded] + byState[stExited]
	if sum != int64(e.born) {
		return fmt.Errorf("%v: %d agents arrived but %d are accounted for (moving %d, queued %d, in centres %d, stranded %d, exited %d)",
			e.date, e.born, sum, byState[stMoving], byState[stQueued], byState[stCentre], byState[stStranded], byState[stExited])
	}
	var queued, inCentres int64
	for p := range e.posts {
		queued += int64(len(e.posts[p].queue) - e.posts[p].head)
	}
	for c := range e.centres {
		inCentres += e.occupancy[c]
	}
	var stranded int64
	for _, n := range e.strandedNow {
		stranded += n
	}
	if queued != byState[stQueued] || inCentres != byState[stCentre] || stranded != byState[stStranded] {
		return fmt.Errorf("%v: queues hold %d, centres %d and the stranded count is %d, but %d agents are queued, %d in centres and %d stranded",
			e.date, queued, inCentres, stranded, byState[stQueued], byState[stCentre], byState[stStranded])
	}
	for c := range present {
		if got, want := e.res.Present[e.day][c], present[c]; got != want {
			return fmt.Errorf("%v: %s has %d agents present by the tables but %d by count", e.date, e.countries[c], got, want)
		}
	}
	e.res.StateCounts = append(e.res.StateCounts, byState)
	return nil
}
