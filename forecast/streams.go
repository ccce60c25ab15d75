package forecast

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/borderflow/borderflow/forecast/arrivals"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// maxPerDay is the most people a forecast path brings in a day: the
// scenario loader's own bound, so a wild path is clipped, not refused.
const maxPerDay = 1e9

// Stream is how one arrival stream is forecast: what was known of it on
// the as-of day and the model its members' paths are drawn from.
type Stream struct {
	Name string `json:"name"`
	// KnownUntil is the last day whose arrivals were known on the as-of
	// day: the as-of day for a stream of daily counts (or a CSV), and the
	// end of the last whole month by then for one of monthly counts, whose
	// month is known only once it is over.
	KnownUntil scenarios.Date `json:"known_until"`
	// FirstMonth is the first month of the history the model is fitted
	// to, Months its length; Observed how many of those months come from
	// the observations' arrivals (the rest from the scenario).
	FirstMonth string `json:"first_month"`
	Months     int    `json:"months"`
	Observed   int    `json:"months_observed"`
	// Model is the fitted model: "ets" (damped trend, seasonal from two
	// years) or "random walk" (under arrivals.MinMonths months).
	Model string          `json:"model"`
	Fit   *arrivals.Model `json:"parameters"`

	index  int            // in the scenario's streams and file's arrivals
	entry  string         // its one entry, if it has one
	first  scenarios.Date // the first day after the history's last month
	monthy int            // that month, as year*12 + month-1
	known  []float64      // the days from the scenario's start to KnownUntil
	paths  [][]float64    // members × months from first on
}

// monthIndex numbers calendar months: year*12 + month - 1.
func monthIndex(d scenarios.Date) int {
	t := d.Time()
	return t.Year()*12 + int(t.Month()) - 1
}

// monthStart returns the first day of month index m.
func monthStart(m int) scenarios.Date {
	return scenarios.NewDate(m/12, time.Month(m%12+1), 1)
}

// daysIn returns the number of days of month index m.
func daysIn(m int) int { return int(monthStart(m+1) - monthStart(m)) }

// streamName is the name a stream goes by in events and observations.
func streamName(a scenarios.Arrival) string {
	if a.Name != "" {
		return a.Name
	}
	return a.Entry
}

// planStream works out stream i's history as known on asOf (the scenario's
// counts and the observations' arrivals at the stream, whole months that
// ended by asOf, the observations taking precedence), fits its model and
// draws members paths from seed up to end.
func planStream(s *scenarios.Scenario, i int, obs []observe.Observation, asOf, end scenarios.Date, members int, seed uint64) (*Stream, error) {
	a, st := s.File.Arrivals[i], s.Streams[i]
	name := streamName(a)
	known := asOf
	if len(a.Monthly) > 0 && monthIndex(asOf+1) == monthIndex(asOf) {
		known = monthStart(monthIndex(asOf)) - 1
	}
	totals := map[int]float64{}
	// The scenario's whole months up to known: a month cut by the
	// period's start is left out, as it would understate the month.
	for m := monthIndex(s.Start); monthStart(m+1)-1 <= known; m++ {
		if monthStart(m) < s.Start {
			continue
		}
		var sum float64
		for d := monthStart(m); d < monthStart(m+1); d++ {
			sum += st.Daily[d-s.Start]
		}
		totals[m] = sum
	}
	observed := map[int]bool{}
	for _, o := range obs {
		if o.Metric != observe.Arrivals || o.Period.To > asOf || !namesStream(a, o.Place) {
			continue
		}
		m := monthIndex(o.Period.From)
		if o.Period.From != monthStart(m) || o.Period.To != monthStart(m+1)-1 {
			continue // only whole months extend or replace the history
		}
		totals[m], observed[m] = o.Value, true
	}
	// The history is the run of consecutive months ending with the last.
	last := math.MinInt
	for m := range totals {
		last = max(last, m)
	}
	if last == math.MinInt {
		return nil, fmt.Errorf("arrival stream %s: no whole month of arrivals is known by %s (want a month of the scenario's counts, or an arrivals observation of a month, ending by then)", name, asOf)
	}
	firstM := last
	for {
		if _, ok := totals[firstM-1]; !ok {
			break
		}
		firstM--
	}
	hist := make([]float64, 0, last-firstM+1)
	nObs := 0
	for m := firstM; m <= last; m++ {
		hist = append(hist, totals[m])
		if observed[m] {
			nObs++
		}
	}
	model, err := arrivals.FitAny(hist, time.Month(firstM%12+1))
	if err != nil {
		return nil, fmt.Errorf("arrival stream %s: %w", name, err)
	}
	f := &Stream{Name: name, KnownUntil: known, FirstMonth: monthStart(firstM).Time().Format("2006-01"), Months: len(hist), Observed: nObs,
		Model: "ets", Fit: model, index: i, entry: singleEntry(a), first: monthStart(last + 1), monthy: last + 1}
	if len(hist) < arrivals.MinMonths {
		f.Model = "random walk"
	}
	if known >= s.Start {
		// The known days are the scenario's, except in the months the
		// observations give, spread evenly over their days.
		f.known = slices.Clone(st.Daily[:min(int(known-s.Start)+1, len(st.Daily))])
		for m := range observed {
			for d := max(monthStart(m), s.Start); d < monthStart(m+1) && int(d-s.Start) < len(f.known); d++ {
				f.known[d-s.Start] = totals[m] / float64(daysIn(m))
			}
		}
	}
	horizon := monthIndex(end) - last
	if horizon > 0 {
		if f.paths, err = model.Paths(horizon, members, sim.Mix64(seed^uint64(i+1)*0x9e3779b97f4a7c15)); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// namesStream reports whether an observation's place names stream a: its
// name, or its one entry.
func namesStream(a scenarios.Arrival, place string) bool {
	if place == streamName(a) {
		return true
	}
	return place == singleEntry(a) && place != ""
}

// singleEntry returns a stream's one entry, or "" for a stream split
// among several.
func singleEntry(a scenarios.Arrival) string {
	if len(a.Entries) == 0 {
		return a.Entry
	}
	return ""
}

// template returns the stream's counts as a scenario file's daily map
// from start to end: the known days as known, every later day fill.
func (f *Stream) template(start, end scenarios.Date, fill float64) map[string]float64 {
	out := make(map[string]float64, int(end-start)+1)
	for d := start; d <= end; d++ {
		v := fill
		if d <= f.KnownUntil {
			v = 0
			if i := int(d - start); i < len(f.known) {
				v = f.known[i]
			}
		}
		if v > 0 {
			out[d.String()] = v
		}
	}
	if len(out) == 0 {
		out[start.String()] = 0 // the loader wants counts, if only a 0
	}
	return out
}

// pathDay returns member k's people arriving on day d after the last
// known day: its path's month spread evenly over the month's days (the
// part of a month after the known days, for a stream of daily counts,
// takes the month's daily rate).
func (f *Stream) pathDay(k int, d scenarios.Date) float64 {
	m := monthIndex(d) - f.monthy
	// m is never below 0 after KnownUntil: the history ends with a
	// whole month on or before it.
	if d <= f.KnownUntil || m < 0 || k >= len(f.paths) || m >= len(f.paths[k]) {
		return 0
	}
	return min(f.paths[k][m]/float64(daysIn(monthIndex(d))), maxPerDay)
}
