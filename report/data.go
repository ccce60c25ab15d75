package report

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// Data is a run read back from its output folder: the daily tables, in
// people, indexed by day (0 = the period's start) and aligned with the
// network's crossings, centres and edges.
type Data struct {
	Dir          string
	Summary      sim.Summary
	Network      *geo.Network
	Outlines     []geo.Country // country outlines for maps: Kind.Outlines
	Kind         Kind          // what kind of run this is (KindOf)
	File         *scenarios.File
	ScenarioYAML []byte
	Start        scenarios.Date
	Days         int
	Countries    []*CountrySeries  // sorted by code
	Crossings    []*CrossingSeries // in the network's crossing order
	Centres      []*CentreSeries   // in the network's centre order
	Edges        []*EdgeSeries     // per network edge
}

// CountrySeries is one country's daily figures.
type CountrySeries struct {
	Code                    string
	Entries, Exits, Present []int64
}

// CrossingSeries is one crossing's daily figures, by direction: index 0 is
// from A to B, index 1 from B to A (A and B as in geo.Crossing).
type CrossingSeries struct {
	ID                              string
	Crossing                        geo.CrossingID
	A, B                            string
	Arrived, Passed, Refused, Queue [2][]int64
}

// PassedOn returns the people who passed on day d, both directions.
func (c *CrossingSeries) PassedOn(d int) int64 { return c.Passed[0][d] + c.Passed[1][d] }

// CentreSeries is one centre's daily figures.
type CentreSeries struct {
	ID                              string
	Node                            geo.NodeID
	Country                         string
	Occupancy, Capacity, TurnedAway []int64
}

// EdgeSeries is the people setting out along one road segment each day,
// both directions together.
type EdgeSeries struct {
	Edge   geo.EdgeID
	People []int64
}

// Date returns the date of day d.
func (d *Data) Date(day int) scenarios.Date { return d.Start + scenarios.Date(day) }

// Load reads a run's output folder (as written by borderflow run).
func Load(dir string) (*Data, error) {
	d := &Data{Dir: dir}
	raw, err := os.ReadFile(filepath.Join(dir, sim.SummaryFile))
	if err != nil {
		return nil, fmt.Errorf("%s: not a borderflow run folder: %w", dir, err)
	}
	if err := json.Unmarshal(raw, &d.Summary); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, sim.SummaryFile), err)
	}
	if d.Start, err = scenarios.ParseDate(d.Summary.Period.Start); err != nil {
		return nil, fmt.Errorf("%s: period start: %w", filepath.Join(dir, sim.SummaryFile), err)
	}
	end, err := scenarios.ParseDate(d.Summary.Period.End)
	if err != nil || end < d.Start {
		return nil, fmt.Errorf("%s: period end %q", filepath.Join(dir, sim.SummaryFile), d.Summary.Period.End)
	}
	d.Days = int(end-d.Start) + 1
	switch d.Summary.Network {
	case "", westernbalkans.Name:
		d.Network, err = westernbalkans.Network()
	default:
		path := d.Summary.Network
		if !filepath.IsAbs(path) {
			// A network written into the run folder (Flee runs).
			path = filepath.Join(dir, path)
		}
		d.Network, err = geo.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: network: %w", dir, err)
	}
	if d.Kind, err = KindOf(d.Summary, d.Network); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	d.Outlines = d.Kind.Outlines
	if d.ScenarioYAML, err = os.ReadFile(filepath.Join(dir, sim.ScenarioFile)); err == nil {
		if d.File, err = scenarios.Parse(d.ScenarioYAML, filepath.Join(dir, sim.ScenarioFile)); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err := d.readCountries(); err != nil {
		return nil, err
	}
	if err := d.readCrossings(); err != nil {
		return nil, err
	}
	if err := d.readCentres(); err != nil {
		return nil, err
	}
	if err := d.readEdges(); err != nil {
		return nil, err
	}
	return d, nil
}

// rows reads a CSV output table, checks its header and calls f for every
// row with the row's day index; errors name the file and line.
func (d *Data) rows(name string, header []string, f func(day int, rec []string, line int) error) error {
	path := filepath.Join(d.Dir, name)
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.FieldsPerRecord = len(header)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for i := range header {
		if head[i] != header[i] {
			return fmt.Errorf("%s:1: column %d is %q, want %q", path, i+1, head[i], header[i])
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		date, err := scenarios.ParseDate(rec[0])
		if err != nil {
			return fmt.Errorf("%s:%d: %v", path, line, err)
		}
		day := int(date - d.Start)
		if day < 0 || day >= d.Days {
			return fmt.Errorf("%s:%d: date %v outside the run's period", path, line, date)
		}
		if err := f(day, rec, line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
}

func ints(rec []string, from int) ([]int64, error) {
	out := make([]int64, len(rec)-from)
	for i := range out {
		v, err := strconv.ParseInt(rec[from+i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a whole number", rec[from+i])
		}
		out[i] = v
	}
	return out, nil
}

func series(days int) []int64 { return make([]int64, days) }

func (d *Data) readCountries() error {
	byCode := map[string]*CountrySeries{}
	for _, c := range d.Network.Countries() {
		cs := &CountrySeries{Code: c, Entries: series(d.Days), Exits: series(d.Days), Present: series(d.Days)}
		byCode[c] = cs
		d.Countries = append(d.Countries, cs)
	}
	return d.rows(sim.CountriesFile, []string{"date", "country", "entries", "exits", "present"}, func(day int, rec []string, _ int) error {
		cs, ok := byCode[rec[1]]
		if !ok {
			return fmt.Errorf("country %q is not in the network", rec[1])
		}
		v, err := ints(rec, 2)
		if err != nil {
			return err
		}
		cs.Entries[day], cs.Exits[day], cs.Present[day] = v[0], v[1], v[2]
		return nil
	})
}

func (d *Data) readCrossings() error {
	net := d.Network
	byID := map[string]*CrossingSeries{}
	for c := range geo.CrossingID(net.NumCrossings()) {
		x := net.Crossing(c)
		cs := &CrossingSeries{ID: x.ID, Crossing: c, A: x.A, B: x.B}
		for k := range 2 {
			cs.Arrived[k], cs.Passed[k], cs.Refused[k], cs.Queue[k] = series(d.Days), series(d.Days), series(d.Days), series(d.Days)
		}
		byID[x.ID] = cs
		d.Crossings = append(d.Crossings, cs)
	}
	return d.rows(sim.CrossingsFile, []string{"date", "crossing", "from", "to", "arrived", "passed", "refused", "queue"}, func(day int, rec []string, _ int) error {
		cs, ok := byID[rec[1]]
		if !ok {
			return fmt.Errorf("crossing %q is not in the network", rec[1])
		}
		k := 0
		if rec[2] == cs.B {
			k = 1
		}
		v, err := ints(rec, 4)
		if err != nil {
			return err
		}
		cs.Arrived[k][day], cs.Passed[k][day], cs.Refused[k][day], cs.Queue[k][day] = v[0], v[1], v[2], v[3]
		return nil
	})
}

func (d *Data) readCentres() error {
	net := d.Network
	byID := map[string]*CentreSeries{}
	for _, v := range net.Centres() {
		n := net.Node(v)
		cs := &CentreSeries{ID: n.ID, Node: v, Country: n.Country, Occupancy: series(d.Days), Capacity: series(d.Days), TurnedAway: series(d.Days)}
		byID[n.ID] = cs
		d.Centres = append(d.Centres, cs)
	}
	return d.rows(sim.CentresFile, []string{"date", "centre", "country", "occupancy", "capacity", "turned_away"}, func(day int, rec []string, _ int) error {
		cs, ok := byID[rec[1]]
		if !ok {
			return fmt.Errorf("centre %q is not in the network", rec[1])
		}
		v, err := ints(rec, 3)
		if err != nil {
			return err
		}
		cs.Occupancy[day], cs.Capacity[day], cs.TurnedAway[day] = v[0], v[1], v[2]
		return nil
	})
}

func (d *Data) readEdges() error {
	net := d.Network
	type pair struct{ a, b geo.NodeID }
	byEnds := map[pair]*EdgeSeries{}
	for e := range geo.EdgeID(net.NumEdges()) {
		es := &EdgeSeries{Edge: e, People: series(d.Days)}
		ed := net.Edge(e)
		if _, dup := byEnds[pair{ed.From, ed.To}]; !dup {
			byEnds[pair{ed.From, ed.To}] = es
		}
		d.Edges = append(d.Edges, es)
	}
	err := d.rows(sim.EdgesFile, []string{"date", "from", "to", "people"}, func(day int, rec []string, _ int) error {
		a, ok1 := net.NodeByID(rec[1])
		b, ok2 := net.NodeByID(rec[2])
		es, ok3 := byEnds[pair{a, b}]
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("no road segment %s–%s in the network", rec[1], rec[2])
		}
		v, err := strconv.ParseInt(rec[3], 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", rec[3])
		}
		es.People[day] += v
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		return nil // runs written before edges.csv existed
	}
	return err
}
