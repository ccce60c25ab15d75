package runfolder

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/scenarios"
)

// maxDays bounds a run's period as read back (about 270 years), so that a
// corrupt summary cannot make Read allocate without end.
const maxDays = 100000

// Data is a run read back from its folder: the daily tables, in people,
// indexed by day (0 = the period's start) and aligned with the network's
// crossings, centres and edges.
type Data struct {
	Dir          string
	Manifest     *Manifest
	Summary      Summary
	Network      *geo.Network
	Kind         Kind // what kind of run: model, network, attribution, outlines
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
	// Registered is the people the centre registered each day without
	// giving them a place (registration points only).
	Registered []int64
}

// EdgeSeries is the people setting out along one road segment each day,
// both directions together.
type EdgeSeries struct {
	Edge   geo.EdgeID
	People []int64
}

// Date returns the date of day d.
func (d *Data) Date(day int) scenarios.Date { return d.Start + scenarios.Date(day) }

// Read reads a run folder: it verifies the manifest first (see Verify),
// then reads every table, checking headers, dates, ids and numbers, and
// naming file:line of any bad row.
func Read(dir string) (*Data, error) {
	m, err := Verify(dir)
	if err != nil {
		return nil, err
	}
	if m.Kind != KindRun {
		return nil, fmt.Errorf("%s: a borderflow %s folder, not a run", dir, m.Kind)
	}
	for _, f := range []string{CountriesFile, CrossingsFile, CentresFile, EdgesFile, SummaryFile} {
		if _, ok := m.File(f); !ok {
			return nil, fmt.Errorf("%s: %s lists no %s", dir, ManifestFile, f)
		}
	}
	d := &Data{Dir: dir, Manifest: m}
	sumPath := filepath.Join(dir, SummaryFile)
	raw, err := os.ReadFile(sumPath)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &d.Summary); err != nil {
		return nil, fmt.Errorf("%s: %w", sumPath, err)
	}
	if d.Start, err = scenarios.ParseDate(d.Summary.Period.Start); err != nil {
		return nil, fmt.Errorf("%s: period start: %w", sumPath, err)
	}
	end, err := scenarios.ParseDate(d.Summary.Period.End)
	if err != nil || end < d.Start || end-d.Start >= maxDays {
		return nil, fmt.Errorf("%s: period end %q (want a date from the start, %s, up to %d days on)", sumPath, d.Summary.Period.End, d.Start, maxDays)
	}
	if !(d.Summary.Scale > 0) {
		return nil, fmt.Errorf("%s: scale %v (want a positive number)", sumPath, d.Summary.Scale)
	}
	d.Days = int(end-d.Start) + 1
	switch d.Summary.Network {
	case "", westernbalkans.Name:
		if d.Network, err = westernbalkans.Network(); err != nil {
			return nil, err
		}
	default:
		if _, ok := m.File(NetworkFile); !ok {
			return nil, fmt.Errorf("%s: network %q, but %s lists no %s", dir, d.Summary.Network, ManifestFile, NetworkFile)
		}
		if d.Network, err = geo.ReadFile(filepath.Join(dir, NetworkFile)); err != nil {
			return nil, err
		}
	}
	if d.Kind, err = KindOf(d.Summary, d.Network); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if _, ok := m.File(ScenarioFile); ok {
		path := filepath.Join(dir, ScenarioFile)
		if d.ScenarioYAML, err = os.ReadFile(path); err != nil {
			return nil, err
		}
		if d.File, err = scenarios.Parse(d.ScenarioYAML, path); err != nil {
			return nil, err
		}
	}
	for _, read := range []func() error{d.readCountries, d.readCrossings, d.readCentres, d.readEdges} {
		if err := read(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// rows reads a CSV table of the folder, checks its header and its row count
// against the manifest, and calls f for every row with the row's day index;
// errors name the file and line.
func (d *Data) rows(name string, f func(day int, rec []string) error) error {
	path := filepath.Join(d.Dir, name)
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	header := headers[name]
	r := csv.NewReader(bytes.NewReader(raw))
	r.FieldsPerRecord = len(header)
	r.ReuseRecord = true
	head, err := r.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty (want the header %v)", path, header)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if !slices.Equal(head, header) {
		return fmt.Errorf("%s:1: header %q, want %q", path, head, header)
	}
	var n int64
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		n++
		line, _ := r.FieldPos(0)
		date, err := scenarios.ParseDate(rec[0])
		if err != nil {
			return fmt.Errorf("%s:%d: %v", path, line, err)
		}
		day := int(date - d.Start)
		if day < 0 || day >= d.Days {
			return fmt.Errorf("%s:%d: date %v outside the run's period %s – %s", path, line, date, d.Start, d.Date(d.Days-1))
		}
		if err := f(day, rec); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
	if e, _ := d.Manifest.File(name); e.Rows != n {
		return fmt.Errorf("%s: %d rows, %s says %d", path, n, ManifestFile, e.Rows)
	}
	return nil
}

// ints parses rec[from:] as whole numbers of people.
func ints(rec []string, from int) ([]int64, error) {
	out := make([]int64, len(rec)-from)
	for i := range out {
		v, err := strconv.ParseInt(rec[from+i], 10, 64)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("column %d: %q is not a whole number of people", from+i+1, rec[from+i])
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
	return d.rows(CountriesFile, func(day int, rec []string) error {
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
	return d.rows(CrossingsFile, func(day int, rec []string) error {
		cs, ok := byID[rec[1]]
		if !ok {
			return fmt.Errorf("crossing %q is not in the network", rec[1])
		}
		var k int
		switch {
		case rec[2] == cs.A && rec[3] == cs.B:
			k = 0
		case rec[2] == cs.B && rec[3] == cs.A:
			k = 1
		default:
			return fmt.Errorf("crossing %q joins %s and %s, not %s → %s", rec[1], cs.A, cs.B, rec[2], rec[3])
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
		cs := &CentreSeries{ID: n.ID, Node: v, Country: n.Country, Occupancy: series(d.Days), Capacity: series(d.Days), TurnedAway: series(d.Days), Registered: series(d.Days)}
		byID[n.ID] = cs
		d.Centres = append(d.Centres, cs)
	}
	return d.rows(CentresFile, func(day int, rec []string) error {
		cs, ok := byID[rec[1]]
		if !ok {
			return fmt.Errorf("centre %q is not in the network", rec[1])
		}
		if rec[2] != cs.Country {
			return fmt.Errorf("centre %q is in %s, not %s", rec[1], cs.Country, rec[2])
		}
		v, err := ints(rec, 3)
		if err != nil {
			return err
		}
		cs.Occupancy[day], cs.Capacity[day], cs.TurnedAway[day], cs.Registered[day] = v[0], v[1], v[2], v[3]
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
	return d.rows(EdgesFile, func(day int, rec []string) error {
		a, ok1 := net.NodeByID(rec[1])
		b, ok2 := net.NodeByID(rec[2])
		es, ok3 := byEnds[pair{a, b}]
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("no road segment %s–%s in the network", rec[1], rec[2])
		}
		v, err := ints(rec, 3)
		if err != nil {
			return err
		}
		es.People[day] += v[0]
		return nil
	})
}
