package sim

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
)

// The Flee model: Flee's rules (djgroen/flee, version 3) in the engine's
// columnar, counter-random, sharded form. See the package documentation for
// the rules and for where they differ from Flee's code.

// Model names accepted by the command line.
const (
	ModelBorderAware = "border-aware"
	ModelFlee        = "flee"
)

// maxRouteHops bounds the length of a planned route: awareness level 3 with
// up to five marker locations on the way.
const maxRouteHops = 8

// maxFleeSteps bounds the links an agent may finish in one day.
const maxFleeSteps = 64

// Flee agent flags.
const (
	ffTravelled uint8 = 1 << iota // has finished at least one link (start_on_foot applies before)
	ffSunk                        // reached a camp with camps_are_sinks: stays for good
)

// Draw purposes of the Flee model.
const (
	fdMove uint64 = iota
	fdRoute
	fdWalk
	fdSpawn
)

// fleeLoc is a location's state under Flee's rules.
type fleeLoc struct {
	node     geo.NodeID
	country  uint8
	camp     bool
	idp      bool
	town     bool // location type town or default: forced on by avoid_short_stints
	marker   bool // not a destination: routes pass through it
	foreign  bool
	pop      float64 // population (not refugees)
	capacity float64 // camps: capacity in agents × capacity_scaling; −1: none
	baseMove float64 // move chance when not in conflict
	conflict float64 // today's conflict intensity; ≤ 0: none
	since    int     // day the current conflict began
	// series is the location's column of conflicts.csv; nil: it is in
	// conflict (intensity 1) from conflictDay on, if conflictDay ≥ 0.
	series      []float64
	conflictDay int
	closedCamp  bool // a camp closure is in force: a town meanwhile
	campNow     bool // a camp today (not closed)
	townNow     bool // a town today (not in conflict; or a closed camp)
}

// fleeRoute is a route an agent may plan from a location: up to
// maxRouteHops arcs, ending at a location that is not a marker.
type fleeRoute struct {
	off, n int32   // arcs are routeArcs[off : off+n]
	end    int32   // location index
	den    float64 // (softening + km)^distance_power
}

// fleeAgents holds the agents as columns.
type fleeAgents struct {
	loc    []int32   // location index; the tail of arc while on a link
	arc    []int32   // arc being travelled, −1 at a location
	onLink []float32 // km travelled on arc
	recent []float32 // recent_travel_distance at the end of day rday
	rday   []uint16
	route  []int32 // planned route, −1: none
	pos    []uint8 // next hop of route
	flags  []uint8
}

type fleeShard struct {
	locDelta   []int64 // per location
	arcDelta   []int64 // per arc: agents on it
	entries    []int64 // per country
	exits      []int64
	passed     []int64 // per post
	refused    []int64
	turnedAway []int64 // per centre
	edgeFlow   []int64
	agentDays  int64
	_          [64]byte
}

type fleeEngine struct {
	fs      *flee.Scenario
	set     *flee.Settings
	net     *geo.Network
	opts    Options
	seed    uint64
	workers int
	days    int
	day     int

	locs      []fleeLoc
	nodeLoc   []int32 // per node: location index
	countries []string
	arcPost   []int32
	posts     []post
	centres   []geo.NodeID
	centreOf  []int32   // per location: centre index, −1
	arcKm     []float64 // per arc
	walkProb  []float64 // per arc: walk_probability attribute of its route
	arcOpen   []bool
	closures  []fleeClosure
	closureOn []bool // per closure: in force today

	routes     []fleeRoute
	routeArcs  []int32
	locRoutes  []int32   // routes of location l are routes[locRoutes[l]:locRoutes[l+1]]
	cumWeight  []float64 // per route: cumulative weight within its location, today
	score      []float64 // per location, today
	capMul     []float64 // per location, today
	moveChance []float64 // per location, today
	occ        []int64   // per location: agents there (not on links), start of day
	onArc      []int64   // per arc

	a     fleeAgents
	born  int
	total int
	day0  []int32 // per location: agents placed on day 0
	// spawnCum is the cumulative spawn weight per location, today.
	spawnCum []float64
	daily    []int32 // per day: agents spawned in conflict zones
	shards   []*fleeShard
	res      *Result
	// keys[p][k] is today's key of draw purpose p at decision k.
	keys [4][maxFleeSteps]uint64
}

// setKeys derives today's draw keys from the seed and the day.
func (e *fleeEngine) setKeys() {
	for p := range e.keys {
		for k := range e.keys[p] {
			e.keys[p][k] = mix64(e.seed ^ mix64(uint64(e.day)<<16|uint64(p)<<8|uint64(k)+0x51ed))
		}
	}
}

// rand returns agent i's uniform number in [0, 1) for purpose p at
// decision k today: one hash of the day's key and the agent, the same
// whatever the number of workers.
func (e *fleeEngine) rand(p uint64, k int, i int32) float64 { return unit(e.keys[p][k], i) }

// unit hashes a key and an agent to a uniform number in [0, 1).
func unit(key uint64, i int32) float64 {
	return float64(mix64(key^uint64(uint32(i))*0x9e3779b97f4a7c15)>>11) * (1.0 / (1 << 53))
}

// RunFlee simulates a Flee scenario directory (read with flee.Read) under
// Flee's rules and returns its tables: camps as centres, cross-border routes
// as crossings, routes as edges. Options.Model is ignored; Scale, Seed,
// Workers, Check and Progress apply as for Run. The result is the same for
// any number of workers.
func RunFlee(ctx context.Context, fs *flee.Scenario, opts Options) (*Result, error) {
	start := time.Now()
	e, err := newFleeEngine(fs, opts)
	if err != nil {
		return nil, err
	}
	for e.day = 0; e.day < e.days; e.day++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e.setKeys()
		e.updateConflicts()
		if err := e.spawn(); err != nil {
			return nil, err
		}
		e.enactClosures()
		e.prepareDay()
		e.moveAll()
		e.record()
		if opts.Check {
			if err := e.check(); err != nil {
				return nil, err
			}
		}
		if opts.Progress != nil {
			opts.Progress(e.day, e.days, e.born)
		}
	}
	e.res.Info.Wall = time.Since(start)
	return e.res, nil
}

func newFleeEngine(fs *flee.Scenario, opts Options) (*fleeEngine, error) {
	if err := opts.normalise(); err != nil {
		return nil, err
	}
	set := fs.Settings
	if set == nil {
		set = flee.DefaultSettings()
	}
	if fs.Period.Days > math.MaxUint16 {
		return nil, fmt.Errorf("%s: a period of %d days is longer than the engine's %d", filepath.Join(fs.Dir, flee.SimPeriodFile), fs.Period.Days, math.MaxUint16)
	}
	if u := set.Unsupported(); len(u) > 0 {
		return nil, fmt.Errorf("%s: borderflow's Flee model does not implement what these settings switch on, so the run would not be Flee's: %s", filepath.Join(fs.Dir, flee.SettingsFile), strings.Join(u, ", "))
	}
	if set.AwarenessLevel < 0 || set.AwarenessLevel > 3 {
		return nil, fmt.Errorf("%s: move_rules.awareness_level %d: want 0 to 3", fs.Dir, set.AwarenessLevel)
	}
	// optimisations.hasten is Flee's population scale-down: one agent for
	// that many people, on top of the run's scale.
	opts.Scale /= float64(set.Hasten)
	net, err := fs.Network()
	if err != nil {
		return nil, err
	}
	plan, err := fs.SpawnPlan()
	if err != nil {
		return nil, err
	}
	e := &fleeEngine{fs: fs, set: set, net: net, opts: opts, workers: opts.Workers, days: fs.Period.Days, seed: FleeDefaultSeed}
	if opts.SeedSet {
		e.seed = opts.Seed
	}
	e.countries = net.Countries()
	cidx := map[string]int{}
	for i, c := range e.countries {
		cidx[c] = i
	}
	nl := len(fs.Locations)
	e.locs = make([]fleeLoc, nl)
	e.nodeLoc = make([]int32, net.NumNodes())
	for i := range fs.Locations {
		l := &fs.Locations[i]
		v, ok := net.NodeByID(flee.Slug(l.Name))
		if !ok {
			return nil, fmt.Errorf("%s: location %q has no node", fs.Dir, l.Name)
		}
		e.nodeLoc[v] = int32(i)
		typ := strings.ToLower(l.Type)
		fl := fleeLoc{node: v, country: uint8(cidx[net.Node(v).Country]), pop: float64(l.Population), capacity: -1, since: -1, conflictDay: -1}
		if fs.Conflicts != nil {
			fl.series = fs.Conflicts.Series(l.Name)
		}
		if fl.series == nil && l.IsConflictZone() {
			fl.conflictDay = l.ConflictDay
		}
		switch {
		case strings.Contains(typ, "camp"):
			fl.camp = true
			fl.idp = strings.Contains(typ, "idp")
			fl.foreign = !fl.idp
			fl.baseMove = set.CampMoveChance
			if fl.idp {
				fl.baseMove = set.IDPCampMoveChance
			}
			fl.capacity = float64(l.Capacity()) * set.CapacityScaling * opts.Scale
			fl.pop = 0
		case strings.Contains(typ, "forward"):
			fl.baseMove = 1
		case strings.Contains(typ, "marker"):
			fl.baseMove = 1
			fl.marker = true
		default: // town, default, conflict_zone (a town while not in conflict)
			fl.town = true
			fl.baseMove = set.DefaultMoveChance
		}
		if fl.baseMove < 0.005 && !fl.camp {
			// As Flee: a location almost nobody leaves is a camp.
			fl.camp, fl.town = true, false
		}
		e.locs[i] = fl
	}
	if len(e.countries) > 255 {
		return nil, fmt.Errorf("%s: %d countries; the engine handles 255", fs.Dir, len(e.countries))
	}
	e.posts, e.arcPost = buildPosts(net, cidx)
	nArcs := len(e.arcPost)
	e.arcKm = make([]float64, nArcs)
	e.walkProb = make([]float64, nArcs)
	e.arcOpen = make([]bool, nArcs)
	walkProb := make([]float64, len(fs.Routes)) // per route (edge)
	for k, r := range fs.Routes {
		w, ok := r.Attributes["walk_probability"]
		if !ok || w == "" {
			continue
		}
		p, err := strconv.ParseFloat(w, 64)
		if err != nil || !(p >= 0 && p <= 1) {
			return nil, fmt.Errorf("%s:%d: %s–%s: walk_probability %q: want a probability from 0 to 1", filepath.Join(fs.Dir, flee.RoutesFile), r.Line, r.From, r.To, w)
		}
		walkProb[k] = p
	}
	for a := range int32(nArcs) {
		e.arcKm[a] = float64(net.ArcKm(a))
		e.arcOpen[a] = true
		e.walkProb[a] = walkProb[net.ArcEdge(a)]
	}
	e.resolveClosures()
	e.centres = net.Centres()
	e.centreOf = make([]int32, nl)
	for i := range e.centreOf {
		e.centreOf[i] = -1
	}
	for c, v := range e.centres {
		e.centreOf[e.nodeLoc[v]] = int32(c)
	}
	e.score = make([]float64, nl)
	e.capMul = make([]float64, nl)
	e.moveChance = make([]float64, nl)
	e.occ = make([]int64, nl)
	e.onArc = make([]int64, nArcs)
	e.spawnCum = make([]float64, nl)

	// Agents: day 0 camp populations, then the daily spawns, scaled with
	// cumulative rounding so that no fraction is lost.
	e.day0 = make([]int32, nl)
	var cum float64
	var placed int64
	round := func(people float64) int32 {
		cum += people * opts.Scale
		n := int64(math.Round(cum)) - placed
		placed += n
		return int32(n)
	}
	for i, n := range plan.Day0 {
		e.day0[i] = round(float64(n))
	}
	e.daily = make([]int32, e.days)
	for d := range e.days {
		if d < len(plan.Daily) {
			e.daily[d] = round(float64(plan.Daily[d]))
		}
	}
	e.total = int(placed)
	if placed > math.MaxInt32 {
		return nil, fmt.Errorf("%s: %d agents; the engine handles %d (use --scale)", fs.Dir, placed, math.MaxInt32)
	}
	n := e.total
	e.a = fleeAgents{
		loc: make([]int32, n), arc: make([]int32, n), onLink: make([]float32, n), recent: make([]float32, n), rday: make([]uint16, n),
		route: make([]int32, n), pos: make([]uint8, n), flags: make([]uint8, n),
	}
	e.shards = make([]*fleeShard, e.workers)
	for w := range e.shards {
		e.shards[w] = &fleeShard{
			locDelta: padded(nl), arcDelta: padded(nArcs), entries: padded(len(e.countries)), exits: padded(len(e.countries)),
			passed: padded(len(e.posts)), refused: padded(len(e.posts)), turnedAway: padded(len(e.centres)), edgeFlow: padded(net.NumEdges()),
		}
	}
	y, m, d := fs.Period.Start.Date()
	start := scenarios.NewDate(y, m, d)
	e.res = &Result{
		Info: RunInfo{
			Name: FleeRunName(fs.Dir), Source: fs.Dir, Model: ModelFlee, NetworkName: FleeNetworkFile,
			Start: start, End: start + scenarios.Date(e.days-1),
			Seed: e.seed, Scale: opts.Scale, Workers: e.workers, Agents: e.total,
		},
		Network:   net,
		Countries: e.countries, Posts: exportPosts(e.posts), Centres: e.centres,
	}
	e.res.allocTables(e.days, net.NumEdges())
	return e, nil
}

// FleeNetworkFile is the name under which a Flee run's network is written
// into its run folder (summary.json's network names it).
const FleeNetworkFile = "network.geojson"

// updateConflicts sets every location's conflict intensity for today and
// the day its conflict began.
func (e *fleeEngine) updateConflicts() {
	for i := range e.locs {
		l := &e.locs[i]
		c := 0.0
		switch {
		case l.series != nil:
			c = l.series[min(e.day, len(l.series)-1)]
		case l.conflictDay >= 0 && e.day >= l.conflictDay:
			c = 1
		}
		if c > 0 && l.conflict <= 0 {
			l.since = e.day
		}
		l.conflict = c
	}
}

// spawn adds today's agents: on day 0 the camps' populations, then the
// day's new displaced people, each in a conflict zone chosen with weight
// population × intensity × spawn decay.
func (e *fleeEngine) spawn() error {
	a := &e.a
	add := func(l int32) {
		i := e.born
		a.loc[i], a.arc[i], a.route[i] = l, -1, -1
		e.occ[l]++
		e.born++
	}
	if e.day == 0 {
		for l, n := range e.day0 {
			for range n {
				add(int32(l))
			}
		}
	}
	n := int(e.daily[e.day])
	if n == 0 {
		return nil
	}
	w := e.spawnCum
	var tot float64
	for i := range e.locs {
		l := &e.locs[i]
		if l.conflict > 0 {
			tot += l.pop * l.conflict * e.spawnDecay(l)
		}
		w[i] = tot
	}
	if tot <= 0 {
		// Flee stops here too (an assertion).
		return fmt.Errorf("%s: day %d (%s): %d people to spawn but no location with a population is in conflict (%s, or conflict_date in %s)",
			e.fs.Dir, e.day, e.res.date(e.day), n, flee.ConflictsFile, flee.LocationsFile)
	}
	for range n {
		u := e.rand(fdSpawn, 0, int32(e.born)) * tot
		l := searchCum(w, u)
		add(int32(l))
		if e.set.TakeFromPopulation {
			// take_from_population: the displaced leave the population
			// that weighs later spawns (one agent is 1/scale people).
			e.locs[l].pop = max(0, e.locs[l].pop-1/e.opts.Scale)
		}
	}
	return nil
}

// spawnDecay is spawn_rules.conflict_spawn_decay for a location in
// conflict: the factor for the interval its conflict has lasted.
func (e *fleeEngine) spawnDecay(l *fleeLoc) float64 {
	dec := e.set.ConflictSpawnDecay
	if len(dec) == 0 {
		return 1
	}
	k := (e.day - l.since) / e.set.ConflictSpawnDecayInterval
	if k >= len(dec) {
		k = len(dec) - 1
	}
	return dec[k]
}

// searchCum returns the first index whose cumulative weight exceeds u.
func searchCum(cum []float64, u float64) int {
	lo, hi := 0, len(cum)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if cum[m] <= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(cum) {
		lo = len(cum) - 1
	}
	return lo
}

// fleeClosure is a row of closures.csv resolved against the network.
type fleeClosure struct {
	start, end int
	arcs       []int32 // the links it closes
	camp       int32   // the camp it turns into a town, −1: none
}

// activeOn reports whether the closure holds on day d: from its start day
// up to the day before its end; an end before the start never comes.
func (c *fleeClosure) activeOn(d int) bool {
	return d >= c.start && (d < c.end || c.end < c.start)
}

// resolveClosures resolves closures.csv once. Types: country (every link
// between the two countries), location (every link to or from it), link
// (both directions of the link between the two), camp and idpcamp (the
// camp is a town meanwhile). Other types are ignored.
func (e *fleeEngine) resolveClosures() {
	locs := e.fs.Locations
	ends := func(a int32) (tail, head *flee.Location) {
		return &locs[e.nodeLoc[e.net.ArcTail(a)]], &locs[e.nodeLoc[e.net.ArcHead(a)]]
	}
	for _, c := range e.fs.Closures {
		fc := fleeClosure{start: c.Start, end: c.End, camp: -1}
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
// tables rebuilt.
func (e *fleeEngine) enactClosures() {
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
		return
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
		return
	}
	e.buildRoutes()
	// Planned routes index the old tables: everyone plans anew (with
	// awareness level 1 a route is one link, taken when planned, so nobody
	// holds one between days).
	for i := range e.born {
		e.a.route[i] = -1
	}
}

// buildRoutes lists, per location, the routes an agent may plan over open
// links: every path of up to awareness_level steps that does not return to
// a location already on it; markers are passed through without counting as
// a step or being a destination.
func (e *fleeEngine) buildRoutes() {
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
			e.routes = append(e.routes, fleeRoute{off: off, n: int32(depth + 1), end: head,
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
func (e *fleeEngine) onPath(arcs []int32, l int32) bool {
	for _, a := range arcs {
		if e.nodeLoc[e.net.ArcHead(a)] == l {
			return true
		}
	}
	return false
}

// prepareDay computes today's scores, capacity multipliers, move chances
// and route weights from the state at the start of the day.
func (e *fleeEngine) prepareDay() {
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
func (e *fleeEngine) conflictDecay(l *fleeLoc) float64 { return e.spawnDecay(l) }

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

// fleeChunk is the number of agents a worker takes at a time: workers take
// chunks as they finish, so that the busy (recently spawned) agents do not
// all fall to one worker. The counters they add to are sums, so the result
// does not depend on who moved which chunk.
const fleeChunk = 2048

func (e *fleeEngine) moveAll() {
	n := e.born
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, sh := range e.shards {
		sh.reset()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(fleeChunk)) - fleeChunk
				if lo >= n {
					return
				}
				hi := min(lo+fleeChunk, n)
				sh.agentDays += int64(hi - lo)
				arcs, locs, mc, key := e.a.arc[lo:hi], e.a.loc[lo:hi], e.moveChance, e.keys[fdMove][0]
				for j, arc := range arcs {
					i := int32(lo + j)
					if arc < 0 && !(unit(key, i) < mc[locs[j]]) {
						continue // stays put today: the common case, kept tight
					}
					e.step(sh, i)
				}
			}
		}()
	}
	wg.Wait()
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
	for p := range e.posts {
		e.res.Arrived[e.day][p] = e.res.Passed[e.day][p] + e.res.Refused[e.day][p]
	}
}

func (sh *fleeShard) reset() {
	for _, s := range [][]int64{sh.locDelta, sh.arcDelta, sh.entries, sh.exits, sh.passed, sh.refused, sh.turnedAway, sh.edgeFlow} {
		clear(s)
	}
	sh.agentDays = 0
}

// step moves agent i through today: Flee's evolve (leave with the
// location's move chance along a planned route) and finish_travel (cover
// max_move_speed km of the link; on arrival with distance to spare, decide
// again, with towns forced on under avoid_short_stints).
func (e *fleeEngine) step(sh *fleeShard, i int32) {
	a := &e.a
	set := e.set
	moved := 0.0
	rec := -1.0 // recent(i), once needed
	force := false
	for k := range maxFleeSteps {
		if a.arc[i] < 0 {
			if !e.evolve(sh, i, k, force) {
				break
			}
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
func (e *fleeEngine) recent(i int32) float64 {
	r := e.a.recent[i]
	if r == 0 {
		return 0
	}
	if k := e.day - 1 - int(e.a.rday[i]); k > 0 {
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
func (e *fleeEngine) evolve(sh *fleeShard, i int32, k int, force bool) bool {
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

// record closes the day's tables.
func (e *fleeEngine) record() {
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
func (e *fleeEngine) check() error {
	occ := make([]int64, len(e.locs))
	on := make([]int64, len(e.onArc))
	for i := range e.born {
		if a := e.a.arc[i]; a >= 0 {
			on[a]++
		} else {
			occ[e.a.loc[i]]++
		}
	}
	var sum int64
	for l := range occ {
		if occ[l] != e.occ[l] {
			return fmt.Errorf("day %d: %s holds %d agents by count but %d by the tables", e.day, e.fs.Locations[l].Name, occ[l], e.occ[l])
		}
		sum += occ[l]
	}
	for a := range on {
		if on[a] != e.onArc[a] {
			return fmt.Errorf("day %d: arc %d carries %d agents by count but %d by the tables", e.day, a, on[a], e.onArc[a])
		}
		sum += on[a]
	}
	if sum != int64(e.born) {
		return fmt.Errorf("day %d: %d agents spawned but %d accounted for", e.day, e.born, sum)
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

// FleeRunName names a Flee run after its scenario folder: "flee-mali2012".
func FleeRunName(dir string) string { return "flee-" + filepath.Base(filepath.Clean(dir)) }

// FleeDefaultSeed is the seed of a Flee run when none is given (Flee's
// scenarios carry none).
const FleeDefaultSeed = 1
