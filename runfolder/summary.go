package runfolder

import (
	"math"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// Peak is the highest daily value of a series and its date.
type Peak struct {
	ID         string `json:"id"`
	Value      int64  `json:"peak"`
	Date       string `json:"date"`
	Total      int64  `json:"total,omitempty"`       // posts: people passed over the period
	TurnedAway int64  `json:"turned_away,omitempty"` // centres: people turned away over the period
}

// Summary is what summary.json holds.
type Summary struct {
	Scenario           string  `json:"scenario"`
	Model              string  `json:"model"`
	Network            string  `json:"network"`
	Seed               uint64  `json:"seed"`
	Scale              float64 `json:"scale"`
	Workers            int     `json:"workers"`
	Period             Period  `json:"period"`
	Agents             int     `json:"agents"`
	AgentDays          int64   `json:"agent_days"`
	WallSeconds        float64 `json:"wall_seconds"`          // the simulation's, as sim_seconds (kept for older readers)
	SimSeconds         float64 `json:"sim_seconds"`           // time the simulation took (all replicates), not writing the folder
	AgentDaysPerSecond float64 `json:"agent_days_per_second"` // people-days simulated per second of sim_seconds
	// Engine is how agents were stepped: agents (one by one) or cohorts.
	Engine string `json:"engine"`
	// CohortsPeak is the most cohorts the cohort engine held on a day,
	// and BytesPerCohort the state it keeps for each (0 for agents).
	CohortsPeak    int    `json:"cohorts_peak"`
	BytesPerCohort int    `json:"bytes_per_cohort"`
	PeakPosts      []Peak `json:"peak_posts"`
	PeakCentres    []Peak `json:"peak_centres"`
	PeakStranded   []Peak `json:"peak_stranded"` // per country with anyone stranded
	Version        string `json:"version"`
	Replicates     int    `json:"replicates,omitempty"` // the tables are the mean of this many runs (bands.csv: 5–95%)
}

// Period is the simulated span, both days included.
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// date returns the date of day d of the run.
func date(r *sim.Result, d int) string { return (r.Info.Start + scenarios.Date(d)).String() }

// NewSummary returns the summary of a run; version is the borderflow
// version that wrote it.
func NewSummary(r *sim.Result, version string) Summary {
	secs := r.Info.Wall.Seconds()
	rate := 0.0
	if secs > 0 && r.Info.Scale > 0 {
		rate = math.Round(float64(r.AgentDays) / r.Info.Scale / secs)
	}
	engine := r.Info.Engine
	if engine == "" {
		engine = sim.EngineAgents
	}
	model := r.Info.Model
	if model == "" {
		model = sim.ModelBorderAware
	}
	return Summary{
		Scenario: r.Info.Name, Model: model, Network: r.Info.NetworkName, Seed: r.Info.Seed, Scale: r.Info.Scale, Workers: r.Info.Workers,
		Period: Period{r.Info.Start.String(), r.Info.End.String()},
		Agents: r.Info.Agents, AgentDays: r.AgentDays, WallSeconds: math.Round(secs*1000) / 1000, SimSeconds: math.Round(secs*1e4) / 1e4,
		Engine: engine, CohortsPeak: r.Info.Cohorts, BytesPerCohort: r.Info.BytesPerCohort,
		AgentDaysPerSecond: rate, PeakPosts: PostPeaks(r), PeakCentres: CentrePeaks(r), PeakStranded: StrandedPeaks(r),
		Version: version, Replicates: r.Info.Replicates,
	}
}

// PostPeaks returns, per crossing, the most people passing in a day (both
// directions together) and the people passed over the period, in the
// network's crossing order.
func PostPeaks(r *sim.Result) []Peak {
	net := r.Network
	out := []Peak{}
	for x := range geo.CrossingID(net.NumCrossings()) {
		pk := Peak{ID: net.Crossing(x).ID, Date: date(r, 0)}
		for d := range r.Passed {
			var v int64
			for p, pt := range r.Posts {
				if pt.Crossing == x {
					v += r.Passed[d][p]
				}
			}
			pk.Total += v
			if v > pk.Value {
				pk.Value, pk.Date = v, date(r, d)
			}
		}
		pk.Value, pk.Total = r.People(pk.Value), r.People(pk.Total)
		out = append(out, pk)
	}
	return out
}

// CentrePeaks returns, per centre, the highest occupancy, its date and the
// people turned away over the period.
func CentrePeaks(r *sim.Result) []Peak {
	net := r.Network
	out := []Peak{}
	for c, v := range r.Centres {
		pk := Peak{ID: net.Node(v).ID, Date: date(r, 0)}
		for d := range r.Occupancy {
			if o := r.Occupancy[d][c]; o > pk.Value {
				pk.Value, pk.Date = o, date(r, d)
			}
			pk.TurnedAway += r.TurnedAway[d][c]
		}
		pk.Value, pk.TurnedAway = r.People(pk.Value), r.People(pk.TurnedAway)
		out = append(out, pk)
	}
	return out
}

// StrandedPeaks returns, per country where anyone was stranded, the most
// people stranded at the end of a day and that day.
func StrandedPeaks(r *sim.Result) []Peak {
	out := []Peak{}
	for c, code := range r.Countries {
		pk := Peak{ID: code}
		for d := range r.Stranded {
			if v := r.Stranded[d][c]; v > pk.Value {
				pk.Value, pk.Date = v, date(r, d)
			}
		}
		if pk.Value > 0 {
			pk.Value = r.People(pk.Value)
			out = append(out, pk)
		}
	}
	return out
}
