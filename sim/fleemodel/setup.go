package fleemodel

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// newEngine sets up a run: the settings checked, the locations, the links
// and closures, the agents to spawn, the workers' shards and the result.
func newEngine(fs *flee.Scenario, opts sim.Options) (*engine, error) {
	return newEngineFor(fs, opts, true)
}

// newEngineFor is newEngine; without perAgent it leaves out the agents'
// columns (the cohort engine keeps its own state).
func newEngineFor(fs *flee.Scenario, opts sim.Options, perAgent bool) (*engine, error) {
	if err := opts.Normalise(); err != nil {
		return nil, err
	}
	scale := opts.Scale // as asked for, before hasten
	set, err := settings(fs)
	if err != nil {
		return nil, err
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
	e := &engine{fs: fs, set: set, net: net, opts: opts, days: fs.Period.Days, seed: DefaultSeed}
	if opts.SeedSet {
		e.seed = opts.Seed
	}
	countries, cidx, err := sim.CountryIndex(net)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fs.Dir, err)
	}
	e.countries = countries
	if err := e.placeLocations(cidx); err != nil {
		return nil, err
	}
	e.posts, e.arcPost = sim.BuildPosts(net, cidx)
	if err := e.linkTables(); err != nil {
		return nil, err
	}
	e.resolveClosures()
	e.locationTables()
	if err := e.planAgents(plan, scale, perAgent); err != nil {
		return nil, err
	}
	e.newShards()
	engineName := sim.EngineAgents
	if !perAgent {
		engineName = sim.EngineCohorts
	}
	y, m, d := fs.Period.Start.Date()
	start := scenarios.NewDate(y, m, d)
	e.res = sim.NewResult(sim.RunInfo{
		Name: RunName(fs.Dir), Source: fs.Dir, Model: sim.ModelFlee, NetworkName: sim.FleeNetworkFile,
		Start: start, End: start + scenarios.Date(e.days-1),
		Seed: e.seed, Scale: opts.Scale, Workers: e.workers, Agents: e.total, Engine: engineName,
	}, net, e.countries, e.posts, e.centres)
	return e, nil
}

// settings returns the scenario's settings (Flee's defaults if it has
// none), refusing those the model does not implement.
func settings(fs *flee.Scenario) (*flee.Settings, error) {
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
	return set, nil
}

// placeLocations resolves every location to its node and sets its kind,
// move chance, population, capacity and conflict.
func (e *engine) placeLocations(cidx map[string]int) error {
	fs, set, net := e.fs, e.set, e.net
	e.locs = make([]location, len(fs.Locations))
	e.nodeLoc = make([]int32, net.NumNodes())
	for i := range fs.Locations {
		l := &fs.Locations[i]
		v, ok := net.NodeByID(flee.Slug(l.Name))
		if !ok {
			return fmt.Errorf("%s: location %q has no node", fs.Dir, l.Name)
		}
		e.nodeLoc[v] = int32(i)
		typ := strings.ToLower(l.Type)
		fl := location{node: v, country: uint8(cidx[net.Node(v).Country]), pop: float64(l.Population), capacity: -1, since: -1, conflictDay: -1}
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
			fl.capacity = float64(l.Capacity()) * set.CapacityScaling * e.opts.Scale
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
	return nil
}

// linkTables sets each arc's length, walk probability (routes.csv's
// walk_probability column) and state (open).
func (e *engine) linkTables() error {
	fs, net := e.fs, e.net
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
			return fmt.Errorf("%s:%d: %s–%s: walk_probability %q: want a probability from 0 to 1", filepath.Join(fs.Dir, flee.RoutesFile), r.Line, r.From, r.To, w)
		}
		walkProb[k] = p
	}
	for a := range int32(nArcs) {
		e.arcKm[a] = float64(net.ArcKm(a))
		e.arcOpen[a] = true
		e.walkProb[a] = walkProb[net.ArcEdge(a)]
	}
	return nil
}

// locationTables maps camps to centres and makes the per-location and
// per-arc tables of the day.
func (e *engine) locationTables() {
	nl := len(e.locs)
	e.centres = e.net.Centres()
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
	e.onArc = make([]int64, len(e.arcPost))
	e.spawnCum = make([]float64, nl)
}

// planAgents turns the spawn plan's people into agents (day 0's camp
// populations, then each day's spawns), scaled with cumulative rounding so
// that no fraction is lost, and makes the agents' columns. Counts that do
// not fit, and a scale at which nobody is simulated, are errors; scale is
// the run's as asked for, for the message. Without perAgent the columns
// are left out.
func (e *engine) planAgents(plan *flee.Plan, scale float64, perAgent bool) error {
	fs := e.fs
	var cum, people float64
	var placed int64
	round := func(n int, what func() string) (int32, error) {
		people += float64(n)
		cum += float64(n) * e.opts.Scale
		v := math.Round(cum) - float64(placed)
		k, err := sim.AgentCount(v, "")
		if err != nil {
			_, err = sim.AgentCount(v, fs.Dir+": "+what()) // the message, named
			return 0, err
		}
		placed += int64(k)
		if placed > sim.MaxAgents {
			return 0, fmt.Errorf("%s: %s: %d agents in all: more than the %d one run handles (use --scale)", fs.Dir, what(), placed, sim.MaxAgents)
		}
		return k, nil
	}
	e.day0 = make([]int32, len(e.locs))
	for i, n := range plan.Day0 {
		var err error
		if e.day0[i], err = round(n, func() string { return "day 0 at " + fs.Locations[i].Name }); err != nil {
			return err
		}
	}
	if e.set.InsertDay0 {
		// As Flee does: a camp's capacity is lowered by the population it
		// holds on day 0 (see the package doc).
		for i, n := range plan.Day0 {
			if raw := fs.Locations[i].Capacity(); e.locs[i].camp && raw > 0 && n > 0 {
				e.locs[i].capacity = float64(raw-n) * e.set.CapacityScaling * e.opts.Scale
			}
		}
	}
	e.daily = make([]int32, e.days)
	for d := range min(e.days, len(plan.Daily)) {
		var err error
		if e.daily[d], err = round(plan.Daily[d], func() string { return fmt.Sprintf("day %d", d) }); err != nil {
			return err
		}
	}
	if placed == 0 && people > 0 {
		err := sim.NoAgents(people, scale)
		if e.set.Hasten > 1 {
			err = fmt.Errorf("%w, with optimisations.hasten %d", err, e.set.Hasten)
		}
		return err
	}
	e.total = int(placed)
	if !perAgent {
		return nil
	}
	n := e.total
	// loc, arc, onLink, recent (4 bytes each), rday (2), route (4), pos, flags
	const bytesPerAgent = 4*4 + 2 + 4 + 1 + 1
	if err := sim.CheckAgentMemory(int64(n), bytesPerAgent); err != nil {
		return fmt.Errorf("%s: %w", fs.Dir, err)
	}
	e.a = agents{
		loc: make([]int32, n), arc: make([]int32, n), onLink: make([]float32, n), recent: make([]float32, n), rday: make([]uint16, n),
		route: make([]int32, n), pos: make([]uint8, n), flags: make([]uint8, n),
	}
	return nil
}

// newShards makes a shard for each worker: no more workers than chunks of
// agents.
func (e *engine) newShards() {
	nl, nArcs, nc := len(e.locs), len(e.arcPost), len(e.countries)
	e.workers = e.opts.WorkersFor((e.total + chunk - 1) / chunk)
	e.shards = make([]*shard, e.workers)
	for w := range e.shards {
		e.shards[w] = &shard{
			locDelta: sim.Padded(nl), arcDelta: sim.Padded(nArcs), entries: sim.Padded(nc), exits: sim.Padded(nc),
			passed: sim.Padded(len(e.posts)), refused: sim.Padded(len(e.posts)), turnedAway: sim.Padded(len(e.centres)), edgeFlow: sim.Padded(e.net.NumEdges()),
		}
	}
}
