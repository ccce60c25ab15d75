package runfolder

import (
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/sim"
)

// FromResult returns the tables a run folder of r holds, in people, as
// Read returns them — Network, Start, Days, Countries, Crossings, Centres
// and Edges; not Dir, Manifest, Summary, Kind, File or ScenarioYAML —
// without writing them: for callers that score many runs, such as a
// calibration. TestFromResultIsRead checks it against Read of the folder
// written from r.
func FromResult(r *sim.Result) *Data {
	net := r.Network
	days := len(r.Entries)
	d := &Data{Network: net, Start: r.Info.Start, Days: days}
	people := func(v int64) int64 { return r.People(v) }
	countryIdx := map[string]int{}
	for i, c := range r.Countries {
		countryIdx[c] = i
	}
	for _, code := range net.Countries() {
		cs := &CountrySeries{Code: code, Entries: series(days), Exits: series(days), Present: series(days)}
		if c, ok := countryIdx[code]; ok {
			for t := range days {
				cs.Entries[t], cs.Exits[t], cs.Present[t] = people(r.Entries[t][c]), people(r.Exits[t][c]), people(r.Present[t][c])
			}
		}
		d.Countries = append(d.Countries, cs)
	}
	for c := range geo.CrossingID(net.NumCrossings()) {
		x := net.Crossing(c)
		cs := &CrossingSeries{ID: x.ID, Crossing: c, A: x.A, B: x.B}
		for k := range 2 {
			cs.Arrived[k], cs.Passed[k], cs.Refused[k], cs.Queue[k] = series(days), series(days), series(days), series(days)
		}
		d.Crossings = append(d.Crossings, cs)
	}
	for p, pt := range r.Posts {
		cs := d.Crossings[pt.Crossing]
		k := 0
		if r.Countries[pt.From] != cs.A {
			k = 1
		}
		for t := range days {
			cs.Arrived[k][t] += people(r.Arrived[t][p])
			cs.Passed[k][t] += people(r.Passed[t][p])
			cs.Refused[k][t] += people(r.Refused[t][p])
			cs.Queue[k][t] += people(r.Queue[t][p])
		}
	}
	centreIdx := map[geo.NodeID]int{}
	for i, v := range r.Centres {
		centreIdx[v] = i
	}
	for _, v := range net.Centres() {
		n := net.Node(v)
		cs := &CentreSeries{ID: n.ID, Node: v, Country: n.Country, Occupancy: series(days), Capacity: series(days), TurnedAway: series(days), Registered: series(days)}
		if c, ok := centreIdx[v]; ok {
			for t := range days {
				cs.Occupancy[t], cs.Capacity[t] = people(r.Occupancy[t][c]), r.Capacity[t][c]
				cs.TurnedAway[t], cs.Registered[t] = people(r.TurnedAway[t][c]), people(r.Registered[t][c])
			}
		}
		d.Centres = append(d.Centres, cs)
	}
	// Edges as Read gives them: a segment's people go to the first edge
	// with the same two ends.
	type pair struct{ a, b geo.NodeID }
	first := map[pair]*EdgeSeries{}
	for e := range geo.EdgeID(net.NumEdges()) {
		es := &EdgeSeries{Edge: e, People: series(days)}
		ed := net.Edge(e)
		if _, dup := first[pair{ed.From, ed.To}]; !dup {
			first[pair{ed.From, ed.To}] = es
		}
		d.Edges = append(d.Edges, es)
	}
	for t := range r.EdgeFlow {
		for k, v := range r.EdgeFlow[t] {
			if v != 0 {
				ed := net.Edge(geo.EdgeID(k))
				first[pair{ed.From, ed.To}].People[t] += people(v)
			}
		}
	}
	return d
}
