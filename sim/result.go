package sim

import (
	"math"
	"time"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
)

// RunInfo says what a run was: enough to write and read back its folder
// without the scenario or the Flee folder it came from.
type RunInfo struct {
	Name   string // the scenario's name, or the Flee folder's base name
	Source string // where the scenario came from: a built-in name or a path
	// Model is the rules the run used: ModelBorderAware or ModelFlee.
	Model string
	// NetworkName names the network: westernbalkans (embedded), a file
	// path, or FleeNetworkFile for networks written into the run folder.
	NetworkName string
	Start, End  scenarios.Date // the simulated period, both days included
	// ScenarioYAML is the scenario file as run (border-aware runs); nil
	// for Flee runs.
	ScenarioYAML []byte
	Seed         uint64
	Scale        float64 // agents per person
	Workers      int
	Agents       int // agents simulated
	// Replicates is the number of runs whose mean this is; 0 for one run.
	Replicates int
	Wall       time.Duration // time the run took
	// Engine is the engine that stepped the agents (EngineAgents or
	// EngineCohorts).
	Engine string
	// Cohorts is the most cohorts the cohort engine held on any day, and
	// BytesPerCohort the state it keeps for each; 0 for agents.
	Cohorts, BytesPerCohort int
}

// Result holds a run's daily tables, in agents (Capacity in people); the
// writers turn them into people (agents divided by Info.Scale). Rows are
// days from Info.Start; columns follow Countries, Posts, Centres and the
// network's edges.
type Result struct {
	Info    RunInfo
	Network *geo.Network

	Countries []string     // ISO codes, sorted
	Posts     []Post       // each direction of each crossing
	Centres   []geo.NodeID // the network's centres, in order

	AgentDays   int64 // agents present summed over the days
	ExitedTotal int64

	Entries, Exits, Present [][]int64 // [day][country]
	// Placed is, per day and country, the agents put in by the scenario's
	// initial stocks and corrections less those its corrections took out:
	// Present is the running sum of Entries − Exits + Placed.
	Placed                          [][]int64
	Stranded                        [][]int64 // [day][country]: stranded at the end of the day
	Arrived, Passed, Refused, Queue [][]int64 // [day][post]
	Occupancy, Capacity, TurnedAway [][]int64 // [day][centre]; capacity in people
	// Registered is, per day and centre, the people a registration point
	// registered without giving them a place (they move on the next day).
	Registered [][]int64
	EdgeFlow   [][]int64 // [day][edge]: agents setting out along it, both ways

	StateCounts [][5]int64 // per day, when Options.Check is set (border-aware runs)
}

func table(days, n int) [][]int64 {
	flat := make([]int64, days*n)
	t := make([][]int64, days)
	for d := range t {
		t[d] = flat[d*n : (d+1)*n : (d+1)*n]
	}
	return t
}

// Post is one direction of a border crossing: From and To index
// Result.Countries.
type Post struct {
	Crossing geo.CrossingID
	From, To int
}

// NewResult returns the Result of the run info describes over net, with
// zeroed daily tables for the days from info.Start to info.End and the
// given countries, posts and centres and the network's edges, for an
// engine to fill.
func NewResult(info RunInfo, net *geo.Network, countries []string, posts []Post, centres []geo.NodeID) *Result {
	r := &Result{Info: info, Network: net, Countries: countries, Posts: posts, Centres: centres}
	days, edges := max(0, int(info.End-info.Start)+1), net.NumEdges()
	nc, np, nz := len(r.Countries), len(r.Posts), len(r.Centres)
	r.Entries, r.Exits, r.Present, r.Stranded, r.Placed = table(days, nc), table(days, nc), table(days, nc), table(days, nc), table(days, nc)
	r.Arrived, r.Passed, r.Refused, r.Queue = table(days, np), table(days, np), table(days, np), table(days, np)
	r.Occupancy, r.Capacity, r.TurnedAway, r.Registered = table(days, nz), table(days, nz), table(days, nz), table(days, nz)
	r.EdgeFlow = table(days, edges)
	return r
}

// Days returns the number of days simulated.
func (r *Result) Days() int { return len(r.Entries) }

// People converts a count of agents to people at the run's scale, rounded
// to the nearest person: what every table a run folder holds is in.
func (r *Result) People(agents int64) int64 {
	return int64(math.Round(float64(agents) / r.Info.Scale))
}

// CountryDay holds one country's figures for one day, in people.
type CountryDay struct {
	Entries, Exits, Present int64
	Stranded                int64 // present with every way onward closed
}

// Country returns a country's figures on day d (0 = the period's start).
func (r *Result) Country(d int, code string) (CountryDay, bool) {
	for c, cc := range r.Countries {
		if cc == code {
			return CountryDay{r.People(r.Entries[d][c]), r.People(r.Exits[d][c]), r.People(r.Present[d][c]), r.People(r.Stranded[d][c])}, true
		}
	}
	return CountryDay{}, false
}

// PostDay holds one direction of one crossing's figures for one day, in people.
type PostDay struct {
	Arrived, Passed, Refused, Queue int64
}

// Crossing returns the figures of crossing x in the direction from → to on day d.
func (r *Result) Crossing(d int, x geo.CrossingID, from string) PostDay {
	for p, pt := range r.Posts {
		if pt.Crossing == x && r.Countries[pt.From] == from {
			return PostDay{r.People(r.Arrived[d][p]), r.People(r.Passed[d][p]), r.People(r.Refused[d][p]), r.People(r.Queue[d][p])}
		}
	}
	return PostDay{}
}
