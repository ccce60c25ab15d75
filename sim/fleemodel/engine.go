package fleemodel

import (
	"context"
	"path/filepath"
	"time"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/sim"
)

// Run simulates a Flee scenario folder (read with flee.Read) under Flee's
// rules and returns its tables: camps as centres, cross-border routes as
// crossings, routes as edges. Scale, Seed, Workers, Check and Progress
// apply as for borderaware.Run. The result is the same for any number of
// workers. It stops with ctx's error if ctx is cancelled. Options.Engine
// EngineCohorts, or "", runs the cohort engine (see the package doc);
// EngineAgents runs agent by agent, the reference.
func Run(ctx context.Context, fs *flee.Scenario, opts sim.Options) (*sim.Result, error) {
	if opts.Engine == "" || opts.Engine == sim.EngineCohorts {
		return runCohorts(ctx, fs, opts)
	}
	start := time.Now()
	e, err := newEngine(fs, opts)
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
		e.moveAll(ctx)
		if err := ctx.Err(); err != nil {
			return nil, err // the day was left half done
		}
		e.record()
		if e.opts.Check {
			if err := e.check(); err != nil {
				return nil, err
			}
		}
		if e.opts.Progress != nil {
			e.opts.Progress(e.day, e.days, e.born)
		}
	}
	e.res.Info.Wall = time.Since(start)
	return e.res, nil
}

// RunName names a Flee run after its scenario folder: "flee-mali2012".
func RunName(dir string) string { return "flee-" + filepath.Base(filepath.Clean(dir)) }

// DefaultSeed is the seed of a Flee run when none is given (Flee's
// scenarios carry none).
const DefaultSeed = 1

// maxRouteHops bounds the length of a planned route: awareness level 3 with
// up to five marker locations on the way.
const maxRouteHops = 8

// maxSteps bounds the links an agent may finish in one day.
const maxSteps = 64

// Agent flags.
const (
	ffTravelled uint8 = 1 << iota // has finished at least one link (start_on_foot applies before)
	ffSunk                        // reached a camp with camps_are_sinks: stays for good
)

// Draw purposes.
const (
	fdMove uint64 = iota
	fdRoute
	fdWalk
	fdSpawn
)

// location is a location's state under Flee's rules.
type location struct {
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

// route is a route an agent may plan from a location: up to
// maxRouteHops arcs, ending at a location that is not a marker.
type route struct {
	off, n int32   // arcs are routeArcs[off : off+n]
	end    int32   // location index
	den    float64 // (softening + km)^distance_power
}

// agents holds the agents as columns.
type agents struct {
	loc    []int32   // location index; the tail of arc while on a link
	arc    []int32   // arc being travelled, −1 at a location
	onLink []float32 // km travelled on arc
	recent []float32 // recent_travel_distance at the end of day rday
	rday   []uint16
	route  []int32 // planned route, −1: none
	pos    []uint8 // next hop of route
	flags  []uint8
}

// shard is what one worker collects while moving its chunks of agents.
type shard struct {
	locDelta   []int64 // per location
	arcDelta   []int64 // per arc: agents on it
	entries    []int64 // per country
	exits      []int64
	passed     []int64 // per post
	refused    []int64
	turnedAway []int64 // per centre
	edgeFlow   []int64
	agentDays  int64
	// arrivals are today's late arrivals at camps with a capacity,
	// settled after the move (engine.settleArrivals).
	arrivals []arrival
	_        [64]byte
}

// arrival is an agent that reached a camp with a capacity today on a link
// it set out on after an arrival earlier in the day, waiting at the link's
// end until the day's late arrivals are settled.
type arrival struct {
	agent int32
	arc   int32
}

// engine is one run's state.
type engine struct {
	fs      *flee.Scenario
	set     *flee.Settings
	net     *geo.Network
	opts    sim.Options
	seed    uint64
	workers int
	days    int
	day     int

	locs      []location
	nodeLoc   []int32 // per node: location index
	countries []string
	arcPost   []int32
	posts     []sim.Post
	centres   []geo.NodeID
	centreOf  []int32   // per location: centre index, −1
	arcKm     []float64 // per arc
	walkProb  []float64 // per arc: walk_probability attribute of its route
	arcOpen   []bool
	closures  []closure
	closureOn []bool // per closure: in force today

	routes     []route
	routeArcs  []int32
	locRoutes  []int32   // routes of location l are routes[locRoutes[l]:locRoutes[l+1]]
	cumWeight  []float64 // per route: cumulative weight within its location, today
	score      []float64 // per location, today
	capMul     []float64 // per location, today
	moveChance []float64 // per location, today
	occ        []int64   // per location: agents there (not on links), start of day
	onArc      []int64   // per arc

	a     agents
	born  int
	total int
	day0  []int32 // per location: agents placed on day 0
	// spawnCum is the cumulative spawn weight per location, today.
	spawnCum []float64
	daily    []int32 // per day: agents spawned in conflict zones
	shards   []*shard
	arrivals []arrival // today's, from every shard, in agent order
	res      *sim.Result
	// keys[p][k] is today's key of draw purpose p at decision k.
	keys [4][maxSteps]uint64
}
