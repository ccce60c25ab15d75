package sweep

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/borderflow/borderflow/calibrate"
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// Sweep is a sweep file resolved against its scenario: its points and the
// outputs each item gives.
type Sweep struct {
	File *File
	// Params are the varying parameters' names (as calibrate names them),
	// sorted; Points every combination of their values for each event set.
	Params  []string
	Points  []Point
	Outputs []Output
	// Hash identifies the sweep (File.Hash).
	Hash string

	scenario *scenarios.Scenario
	dir      string
}

// Point is one point of the sweep: a value for each of Sweep.Params (in
// that order) and an event set.
type Point struct {
	Values   []float64 `json:"values"`
	EventSet string    `json:"event_set"`
}

// Output is one figure an item gives: of kind country, crossing or
// centre, the place's id, and the metric.
type Output struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Metric string `json:"metric"`
}

// New resolves sweep file f (read from name, whose text is data) against
// its scenario s, loaded from dir: every parameter must be one of s's
// free parameters and every value within its bounds, and every event set
// must make a valid scenario.
func New(f *File, s *scenarios.Scenario, dir, name string, data []byte) (*Sweep, error) {
	if err := f.checkParams(s, name, data); err != nil {
		return nil, err
	}
	sw := &Sweep{File: f, Hash: f.Hash(), scenario: s, dir: dir}
	sets := f.EventSets
	if len(sets) == 0 {
		sets = []EventSet{{Name: "scenario"}}
	}
	// The points of one event set: a design's sample or the grid's
	// product (parameters in name order, the last varying fastest).
	var keys []string
	var values [][]float64
	if d := f.Design; d != nil {
		keys = slices.Sorted(maps.Keys(d.Ranges))
		whole := map[string]bool{}
		for _, p := range calibrate.Params(s) {
			whole[p.Name] = p.Whole
		}
		for _, u := range d.unitPoints(len(keys), f.Seed) {
			v := make([]float64, len(keys))
			for i, k := range keys {
				lo, hi := d.Ranges[k][0], d.Ranges[k][1]
				v[i] = lo + u[i]*(hi-lo)
				if whole[paramName(k)] {
					v[i] = math.Round(v[i])
				}
			}
			values = append(values, v)
		}
	} else {
		keys = slices.Sorted(maps.Keys(f.Vary))
		n := 1
		for _, k := range keys {
			n *= len(f.Vary[k])
		}
		for j := range n {
			v := make([]float64, len(keys))
			rest := j
			for i := len(keys) - 1; i >= 0; i-- {
				vs := f.Vary[keys[i]]
				v[i] = vs[rest%len(vs)]
				rest /= len(vs)
			}
			values = append(values, v)
		}
	}
	for _, k := range keys {
		sw.Params = append(sw.Params, paramName(k))
	}
	for _, es := range sets {
		for _, v := range values {
			sw.Points = append(sw.Points, Point{EventSet: es.Name, Values: v})
		}
	}
	for i, es := range sets {
		if _, err := sw.load(i*len(sw.Points)/len(sets), es); err != nil {
			return nil, fmt.Errorf("%s: event set %q: %w", name, es.Name, err)
		}
	}
	sw.Outputs = outputs(s.Network)
	return sw, nil
}

// Items returns the number of items: points × replicates.
func (sw *Sweep) Items() int { return len(sw.Points) * sw.File.Replicates }

// outputs lists the figures of an item over net: each centre's peak
// occupancy and turned away, each crossing's passed, refused, peak queue
// and person-days queued, each country's entries, each kind by id.
func outputs(net *geo.Network) []Output {
	var out []Output
	centres := net.Centres()
	ids := make([]string, len(centres))
	for i, c := range centres {
		ids[i] = net.Node(c).ID
	}
	slices.Sort(ids)
	for _, id := range ids {
		out = append(out, Output{"centre", id, "peak_occupancy"}, Output{"centre", id, "turned_away"})
	}
	xs := make([]string, net.NumCrossings())
	for i := range xs {
		xs[i] = net.Crossing(geo.CrossingID(i)).ID
	}
	slices.Sort(xs)
	for _, id := range xs {
		out = append(out, Output{"crossing", id, "passed"}, Output{"crossing", id, "refused"}, Output{"crossing", id, "peak_queue"}, Output{"crossing", id, "queue_days"})
	}
	countries := slices.Sorted(slices.Values(net.Countries()))
	for _, c := range countries {
		out = append(out, Output{"country", c, "entries"})
	}
	return out
}

// load returns point p's scenario: the scenario with the point's values
// and its event set's events added.
func (sw *Sweep) load(p int, es EventSet) (*scenarios.Scenario, error) {
	s := sw.scenario
	values := map[string]float64{}
	for i, name := range sw.Params {
		values[name] = sw.Points[p].Values[i]
	}
	f, err := calibrate.WithValues(s, values)
	if err != nil {
		return nil, err
	}
	f.Events = append(slices.Clone(f.Events), es.Events...)
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	ps, err := scenarios.LoadWithNetwork(b, s.Source, sw.dir, s.Network, s.NetworkName)
	if err != nil {
		return nil, err
	}
	net := ps.Network
	for _, id := range slices.Sorted(maps.Keys(es.Beds)) {
		v, err := net.Lookup(id)
		if err != nil || net.Node(v).Kind != geo.Centre {
			return nil, fmt.Errorf("beds at %q: not a centre of the network", id)
		}
		ps.Timeline = ps.Timeline.WithExtraCapacity(v, geo.None, es.Beds[id])
	}
	for _, id := range slices.Sorted(maps.Keys(es.Passes)) {
		c, err := net.LookupCrossing(id)
		if err != nil {
			return nil, fmt.Errorf("passes at %q: %w", id, err)
		}
		ps.Timeline = ps.Timeline.WithExtraCapacity(geo.None, c, es.Passes[id])
	}
	return ps, nil
}

// eventSet returns the event set of point p.
func (sw *Sweep) eventSet(p int) EventSet {
	for _, es := range sw.File.EventSets {
		if es.Name == sw.Points[p].EventSet {
			return es
		}
	}
	return EventSet{Name: sw.Points[p].EventSet}
}

// PointLabel describes point p in words: its values and event set.
func (sw *Sweep) PointLabel(p int) string {
	var parts []string
	for i, name := range sw.Params {
		parts = append(parts, name+"="+strconv.FormatFloat(sw.Points[p].Values[i], 'g', -1, 64))
	}
	if len(sw.File.EventSets) > 0 {
		parts = append(parts, "events="+sw.Points[p].EventSet)
	}
	return cmp.Or(strings.Join(parts, " "), "the scenario")
}

// runItem runs item k of the sweep on scenario ps (its point's) and
// returns its outputs, in the order of Outputs.
func (sw *Sweep) runItem(ctx context.Context, ps *scenarios.Scenario, k int) ([]float64, error) {
	seed := sim.ReplicateSeed(sw.File.Seed, k)
	if sw.File.CommonSeeds {
		seed = sim.ReplicateSeed(sw.File.Seed, k%sw.File.Replicates)
	}
	r, err := borderaware.Run(ctx, ps, sim.Options{Workers: 1, Scale: sw.File.Scale, Seed: seed, SeedSet: true})
	if err != nil {
		return nil, fmt.Errorf("item %d (%s, replicate %d): %w", k, sw.PointLabel(k/sw.File.Replicates), k%sw.File.Replicates, err)
	}
	return itemOutputs(r, sw.Outputs), nil
}

// itemOutputs reads outs from run r, in people.
func itemOutputs(r *sim.Result, outs []Output) []float64 {
	net := r.Network
	centre := map[string]int{}
	for i, c := range r.Centres {
		centre[net.Node(c).ID] = i
	}
	posts := map[string][]int{}
	for p, pt := range r.Posts {
		id := net.Crossing(pt.Crossing).ID
		posts[id] = append(posts[id], p)
	}
	country := map[string]int{}
	for i, c := range r.Countries {
		country[c] = i
	}
	v := make([]float64, len(outs))
	for j, o := range outs {
		var n int64
		switch o.Kind + "/" + o.Metric {
		case "centre/peak_occupancy":
			c := centre[o.ID]
			for d := range r.Days() {
				n = max(n, r.Occupancy[d][c])
			}
		case "centre/turned_away":
			c := centre[o.ID]
			for d := range r.Days() {
				n += r.TurnedAway[d][c]
			}
		case "crossing/passed", "crossing/refused", "crossing/peak_queue", "crossing/queue_days":
			for d := range r.Days() {
				var day int64
				for _, p := range posts[o.ID] {
					switch o.Metric {
					case "passed":
						day += r.Passed[d][p]
					case "refused":
						day += r.Refused[d][p]
					default:
						day += r.Queue[d][p]
					}
				}
				if o.Metric == "peak_queue" {
					n = max(n, day)
				} else {
					n += day
				}
			}
		case "country/entries":
			c := country[o.ID]
			for d := range r.Days() {
				n += r.Entries[d][c]
			}
		}
		v[j] = float64(r.People(n))
	}
	return v
}
