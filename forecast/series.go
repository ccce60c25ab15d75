package forecast

import (
	"cmp"
	"slices"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// The kinds of place a series is of.
const (
	KindCountry  = "country"
	KindCrossing = "crossing"
	KindCentre   = "centre"
	// KindStream is an arrival stream's arrivals: scored by back-tests,
	// not written to forecast.csv.
	KindStream = "stream"
)

// Series is one figure's forecast: every member's value, in people, on
// every day from the forecast's start to its end.
type Series struct {
	Kind, ID, Metric string
	// Limit is, per day, the capacity the figure is held against for a
	// warning (people; 0 where there is none that day); nil for a figure
	// that has no capacity.
	Limit []float64

	members int
	// values holds day d's members at [d*members, (d+1)*members), as
	// float32: exact to 16.7 million people a day, and half the memory.
	values []float32
}

// Value returns member k's value on day d (0 = the forecast's start).
func (s *Series) Value(d, k int) float64 { return float64(s.values[d*s.members+k]) }

// Day appends the members' values on day d to dst[:0] and returns it.
func (s *Series) Day(d int, dst []float64) []float64 {
	dst = dst[:0]
	for _, v := range s.values[d*s.members : (d+1)*s.members] {
		dst = append(dst, float64(v))
	}
	return dst
}

// Sum appends each member's sum over days from to to (included) to
// dst[:0] and returns it: a flow's total over a period.
func (s *Series) Sum(from, to int, dst []float64) []float64 {
	dst = slices.Grow(dst[:0], s.members)[:s.members]
	clear(dst)
	for d := from; d <= to; d++ {
		for k, v := range s.values[d*s.members : (d+1)*s.members] {
			dst[k] += float64(v)
		}
	}
	return dst
}

// layout lays out the forecast's series for the network and timeline of
// member scenario ms, with their limits.
func (f *Forecast) layout(ms *scenarios.Scenario) {
	net, days := ms.Network, f.Days()
	add := func(kind, id, metric string, limit []float64) {
		f.Series = append(f.Series, &Series{Kind: kind, ID: id, Metric: metric, Limit: limit, members: f.Members, values: make([]float32, days*f.Members)})
	}
	countries := slices.Clone(net.Countries())
	slices.Sort(countries)
	for _, c := range countries {
		add(KindCountry, c, "entries", nil)
		add(KindCountry, c, "present", nil)
		add(KindCountry, c, "refused", nil)
	}
	crossings := make([]geo.CrossingID, net.NumCrossings())
	for i := range crossings {
		crossings[i] = geo.CrossingID(i)
	}
	slices.SortFunc(crossings, func(a, b geo.CrossingID) int { return cmp.Compare(net.Crossing(a).ID, net.Crossing(b).ID) })
	for _, x := range crossings {
		limit, any := make([]float64, days), false
		for d := range days {
			if st := ms.Timeline.Crossing(f.Start+scenarios.Date(d), x); st.Status == scenarios.Checked && st.CapacityPerDay > 0 {
				limit[d], any = float64(st.CapacityPerDay), true
			}
		}
		if !any {
			limit = nil
		}
		id := net.Crossing(x).ID
		add(KindCrossing, id, "passed", limit)
		add(KindCrossing, id, "refused", nil)
		add(KindCrossing, id, "queue", limit)
	}
	centres := slices.Clone(net.Centres())
	slices.SortFunc(centres, func(a, b geo.NodeID) int { return cmp.Compare(net.Node(a).ID, net.Node(b).ID) })
	for _, v := range centres {
		limit, any := make([]float64, days), false
		for d := range days {
			if st, ok := ms.Timeline.Centre(f.Start+scenarios.Date(d), v); ok && st.Open && st.Capacity > 0 {
				limit[d], any = float64(st.Capacity), true
			}
		}
		if !any {
			limit = nil
		}
		id := net.Node(v).ID
		add(KindCentre, id, "occupancy", limit)
		add(KindCentre, id, "turned_away", limit)
	}
	for _, st := range f.Streams {
		add(KindStream, st.Name, "arrivals", nil)
	}
	f.index = make(map[seriesKey]*Series, len(f.Series))
	for _, s := range f.Series {
		f.index[seriesKey{s.Kind, s.ID, s.Metric}] = s
	}
}

// columns maps a run's table columns to the forecast's series; every
// member's run has the same columns.
type columns struct {
	entries, present, refusedInto []*Series // by country
	// The crossings' series, each once, and, per post (each direction of
	// a crossing), the index of its crossing there and the country it
	// enters.
	passed, refused, queue []*Series
	crossingOf, postTo     []int
	occupancy, turnedAway  []*Series // by centre
	arrivals               []*Series // by forecast stream
}

func (f *Forecast) columnsOf(r *sim.Result) *columns {
	f.once.Do(func() {
		c := &columns{}
		net := r.Network
		for _, code := range r.Countries {
			c.entries = append(c.entries, f.Lookup(KindCountry, code, "entries"))
			c.present = append(c.present, f.Lookup(KindCountry, code, "present"))
			c.refusedInto = append(c.refusedInto, f.Lookup(KindCountry, code, "refused"))
		}
		seen := map[geo.CrossingID]int{}
		for _, pt := range r.Posts {
			x, ok := seen[pt.Crossing]
			if !ok {
				x = len(c.passed)
				seen[pt.Crossing] = x
				id := net.Crossing(pt.Crossing).ID
				c.passed = append(c.passed, f.Lookup(KindCrossing, id, "passed"))
				c.refused = append(c.refused, f.Lookup(KindCrossing, id, "refused"))
				c.queue = append(c.queue, f.Lookup(KindCrossing, id, "queue"))
			}
			c.crossingOf, c.postTo = append(c.crossingOf, x), append(c.postTo, pt.To)
		}
		for _, v := range r.Centres {
			id := net.Node(v).ID
			c.occupancy = append(c.occupancy, f.Lookup(KindCentre, id, "occupancy"))
			c.turnedAway = append(c.turnedAway, f.Lookup(KindCentre, id, "turned_away"))
		}
		for _, st := range f.Streams {
			c.arrivals = append(c.arrivals, f.Lookup(KindStream, st.Name, "arrivals"))
		}
		f.cols = c
	})
	return f.cols
}

// record stores member k's run r of member scenario ms. Members write
// their own elements of the series, so they record side by side.
func (f *Forecast) record(k int, r *sim.Result, ms *scenarios.Scenario) {
	c := f.columnsOf(r)
	nx := len(c.passed)
	// Both directions of a crossing, and the refusals into a country, add
	// up in agents before the rounding to people, as runfolder's peaks do.
	sums := make([]int64, 3*nx+len(r.Countries))
	for d := range r.Days() {
		at := d*f.Members + k
		clear(sums)
		for p, x := range c.crossingOf {
			sums[x] += r.Passed[d][p]
			sums[nx+x] += r.Refused[d][p]
			sums[2*nx+x] += r.Queue[d][p]
			sums[3*nx+c.postTo[p]] += r.Refused[d][p]
		}
		for x := range nx {
			c.passed[x].values[at] = float32(r.People(sums[x]))
			c.refused[x].values[at] = float32(r.People(sums[nx+x]))
			c.queue[x].values[at] = float32(r.People(sums[2*nx+x]))
		}
		for i := range r.Countries {
			c.entries[i].values[at] = float32(r.People(r.Entries[d][i]))
			c.present[i].values[at] = float32(r.People(r.Present[d][i]))
			c.refusedInto[i].values[at] = float32(r.People(sums[3*nx+i]))
		}
		for i := range r.Centres {
			c.occupancy[i].values[at] = float32(r.People(r.Occupancy[d][i]))
			c.turnedAway[i].values[at] = float32(r.People(r.TurnedAway[d][i]))
		}
		for i, st := range f.Streams {
			if daily := ms.Streams[st.index].Daily; d < len(daily) {
				c.arrivals[i].values[at] = float32(daily[d])
			}
		}
	}
}
