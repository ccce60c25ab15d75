package sim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
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

	Entries, Exits, Present         [][]int64 // [day][country]
	Stranded                        [][]int64 // [day][country]: stranded at the end of the day
	Arrived, Passed, Refused, Queue [][]int64 // [day][post]
	Occupancy, Capacity, TurnedAway [][]int64 // [day][centre]; capacity in people
	EdgeFlow                        [][]int64 // [day][edge]: agents setting out along it, both ways

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
	r.Entries, r.Exits, r.Present, r.Stranded = table(days, nc), table(days, nc), table(days, nc), table(days, nc)
	r.Arrived, r.Passed, r.Refused, r.Queue = table(days, np), table(days, np), table(days, np), table(days, np)
	r.Occupancy, r.Capacity, r.TurnedAway = table(days, nz), table(days, nz), table(days, nz)
	r.EdgeFlow = table(days, edges)
	return r
}

// Days returns the number of days simulated.
func (r *Result) Days() int { return len(r.Entries) }

// people converts agents to people.
func (r *Result) people(agents int64) int64 {
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
			return CountryDay{r.people(r.Entries[d][c]), r.people(r.Exits[d][c]), r.people(r.Present[d][c]), r.people(r.Stranded[d][c])}, true
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
			return PostDay{r.people(r.Arrived[d][p]), r.people(r.Passed[d][p]), r.people(r.Refused[d][p]), r.people(r.Queue[d][p])}
		}
	}
	return PostDay{}
}

// The output files; their columns are a public contract.
const (
	CountriesFile = "countries.csv"
	CrossingsFile = "crossings.csv"
	CentresFile   = "centres.csv"
	EdgesFile     = "edges.csv"
	ScenarioFile  = "scenario.yaml"
	SummaryFile   = "summary.json"
)

// WriteDir writes the run's tables and summary into dir, which must exist.
// version is the borderflow version recorded in the summary.
func (r *Result) WriteDir(dir, version string) error {
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{CountriesFile, r.writeCountries},
		{CrossingsFile, r.writeCrossings},
		{CentresFile, r.writeCentres},
		{EdgesFile, r.writeEdges},
		{SummaryFile, func(w io.Writer) error { return r.writeSummary(w, version) }},
		{ScenarioFile, func(w io.Writer) error { _, err := w.Write(r.Info.ScenarioYAML); return err }},
		{FleeNetworkFile, r.Network.WriteGeoJSON},
	} {
		switch {
		case f.name == ScenarioFile && len(r.Info.ScenarioYAML) == 0,
			f.name == FleeNetworkFile && r.Info.NetworkName != FleeNetworkFile:
			continue
		}
		if err := writeFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// csvRow writes fields joined by commas; the fields never need quoting
// (dates, ids, ISO codes and integers).
func csvRow(w io.Writer, buf []byte, fields ...any) ([]byte, error) {
	buf = buf[:0]
	for i, f := range fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		switch v := f.(type) {
		case string:
			buf = append(buf, v...)
		case int64:
			buf = strconv.AppendInt(buf, v, 10)
		case int:
			buf = strconv.AppendInt(buf, int64(v), 10)
		}
	}
	buf = append(buf, '\n')
	_, err := w.Write(buf)
	return buf, err
}

func (r *Result) date(d int) string {
	return (r.Info.Start + scenarios.Date(d)).String()
}

func (r *Result) writeCountries(w io.Writer) error {
	buf, err := csvRow(w, nil, "date", "country", "entries", "exits", "present")
	for d := range r.Entries {
		date := r.date(d)
		for c, code := range r.Countries {
			if err != nil {
				return err
			}
			buf, err = csvRow(w, buf, date, code, r.people(r.Entries[d][c]), r.people(r.Exits[d][c]), r.people(r.Present[d][c]))
		}
	}
	return err
}

func (r *Result) writeCrossings(w io.Writer) error {
	net := r.Network
	buf, err := csvRow(w, nil, "date", "crossing", "from", "to", "arrived", "passed", "refused", "queue")
	for d := range r.Arrived {
		date := r.date(d)
		for p, pt := range r.Posts {
			if err != nil {
				return err
			}
			buf, err = csvRow(w, buf, date, net.Crossing(pt.Crossing).ID, r.Countries[pt.From], r.Countries[pt.To],
				r.people(r.Arrived[d][p]), r.people(r.Passed[d][p]), r.people(r.Refused[d][p]), r.people(r.Queue[d][p]))
		}
	}
	return err
}

func (r *Result) writeCentres(w io.Writer) error {
	net := r.Network
	buf, err := csvRow(w, nil, "date", "centre", "country", "occupancy", "capacity", "turned_away")
	for d := range r.Occupancy {
		date := r.date(d)
		for c, v := range r.Centres {
			if err != nil {
				return err
			}
			buf, err = csvRow(w, buf, date, net.Node(v).ID, net.Node(v).Country, r.people(r.Occupancy[d][c]), r.Capacity[d][c], r.people(r.TurnedAway[d][c]))
		}
	}
	return err
}

// writeEdges writes, for every day and road segment that anyone set out
// along, the people who did (both directions together). Segments are named
// by the ids of their two ends, in the network's order.
func (r *Result) writeEdges(w io.Writer) error {
	net := r.Network
	buf, err := csvRow(w, nil, "date", "from", "to", "people")
	for d := range r.EdgeFlow {
		date := r.date(d)
		for k, n := range r.EdgeFlow[d] {
			if n == 0 {
				continue
			}
			if err != nil {
				return err
			}
			e := net.Edge(geo.EdgeID(k))
			buf, err = csvRow(w, buf, date, net.Node(e.From).ID, net.Node(e.To).ID, r.people(n))
		}
	}
	return err
}

// Peak is the highest daily value of a series and its date.
type Peak struct {
	ID         string `json:"id"`
	Value      int64  `json:"peak"`
	Date       string `json:"date"`
	Total      int64  `json:"total,omitempty"`       // posts: people passed over the period
	TurnedAway int64  `json:"turned_away,omitempty"` // centres: people turned away over the period
}

// PostPeaks returns, per crossing, the most people passing in a day (both
// directions together), sorted by crossing id order in the network.
func (r *Result) PostPeaks() []Peak {
	net := r.Network
	var out []Peak
	for x := range geo.CrossingID(net.NumCrossings()) {
		pk := Peak{ID: net.Crossing(x).ID, Date: r.date(0)}
		for d := range r.Passed {
			var v int64
			for p, pt := range r.Posts {
				if pt.Crossing == x {
					v += r.Passed[d][p]
				}
			}
			pk.Total += v
			if v > pk.Value {
				pk.Value, pk.Date = v, r.date(d)
			}
		}
		pk.Value, pk.Total = r.people(pk.Value), r.people(pk.Total)
		out = append(out, pk)
	}
	return out
}

// CentrePeaks returns, per centre, the highest occupancy and its date.
func (r *Result) CentrePeaks() []Peak {
	net := r.Network
	var out []Peak
	for c, v := range r.Centres {
		pk := Peak{ID: net.Node(v).ID, Date: r.date(0)}
		for d := range r.Occupancy {
			if o := r.Occupancy[d][c]; o > pk.Value {
				pk.Value, pk.Date = o, r.date(d)
			}
			pk.TurnedAway += r.TurnedAway[d][c]
		}
		pk.Value, pk.TurnedAway = r.people(pk.Value), r.people(pk.TurnedAway)
		out = append(out, pk)
	}
	return out
}

// StrandedPeaks returns, per country where anyone was stranded, the most
// people stranded at the end of a day and that day.
func (r *Result) StrandedPeaks() []Peak {
	out := []Peak{}
	for c, code := range r.Countries {
		pk := Peak{ID: code}
		for d := range r.Stranded {
			if v := r.Stranded[d][c]; v > pk.Value {
				pk.Value, pk.Date = v, r.date(d)
			}
		}
		if pk.Value > 0 {
			pk.Value = r.people(pk.Value)
			out = append(out, pk)
		}
	}
	return out
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
	WallSeconds        float64 `json:"wall_seconds"`
	AgentDaysPerSecond float64 `json:"agent_days_per_second"`
	PeakPosts          []Peak  `json:"peak_posts"`
	PeakCentres        []Peak  `json:"peak_centres"`
	PeakStranded       []Peak  `json:"peak_stranded"` // per country with anyone stranded
	Version            string  `json:"version"`
	Replicates         int     `json:"replicates,omitempty"` // the tables are the mean of this many runs (bands.csv: 5–95%)
}

// Period is the simulated span.
type Period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Summary returns the run's summary.
func (r *Result) Summary(version string) Summary {
	secs := r.Info.Wall.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = math.Round(float64(r.AgentDays) / secs)
	}
	return Summary{
		Scenario: r.Info.Name, Model: r.model(), Network: r.Info.NetworkName, Seed: r.Info.Seed, Scale: r.Info.Scale, Workers: r.Info.Workers,
		Period: Period{r.Info.Start.String(), r.Info.End.String()},
		Agents: r.Info.Agents, AgentDays: r.AgentDays, WallSeconds: math.Round(secs*1000) / 1000,
		AgentDaysPerSecond: rate, PeakPosts: r.PostPeaks(), PeakCentres: r.CentrePeaks(), PeakStranded: r.StrandedPeaks(), Version: version, Replicates: r.Info.Replicates,
	}
}

func (r *Result) model() string {
	if r.Info.Model == "" {
		return ModelBorderAware
	}
	return r.Info.Model
}

func (r *Result) writeSummary(w io.Writer, version string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r.Summary(version))
}
