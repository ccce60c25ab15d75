package flee

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Series is an observed population series on the simulation's day axis:
// Days[k] is the day (0 = the period's start; negative before it) of
// Values[k]. Values are fractional after registration corrections.
type Series struct {
	Name   string // a location name, or "total"
	Days   []int
	Values []float64
}

// At returns the series' value on day d as Flee's data tables give it:
// linear between observations, truncated to whole people, the first value
// before the first observation and the last after the last. An empty
// series is 0.
func (s *Series) At(d int) int {
	n := len(s.Days)
	switch {
	case n == 0:
		return 0
	case d <= s.Days[0]:
		return int(s.Values[0])
	}
	for k := 1; k < n; k++ {
		if d < s.Days[k] {
			f := float64(d-s.Days[k-1]) / float64(s.Days[k]-s.Days[k-1])
			return int(s.Values[k-1] + f*(s.Values[k]-s.Values[k-1]))
		}
	}
	return int(s.Values[n-1])
}

// dayOf returns the simulation day of a date.
func (s *Scenario) dayOf(t time.Time) int {
	return int(math.Round(t.Sub(s.Period.Start).Hours() / 24))
}

// series converts observations to a Series, sorted by date.
func (s *Scenario) series(name string, obs []Observation) Series {
	obs = slices.Clone(obs)
	slices.SortStableFunc(obs, func(a, b Observation) int { return a.Date.Compare(b.Date) })
	out := Series{Name: name, Days: make([]int, len(obs)), Values: make([]float64, len(obs))}
	for k, o := range obs {
		out.Days[k] = s.dayOf(o.Date)
		out.Values[k] = float64(o.Count)
	}
	return out
}

// CampSeries returns the observed series of every camp in data_layout.csv
// (in its order) and the total (refugees.csv through data_layout's "total"
// row, or source_data/refugees.csv; nil if neither exists), with the
// registration corrections applied.
//
// A correction (location, date) marks the day a camp's count switched from
// first-level to verified registrations: every observation before that
// date is scaled by value(date) / value(previous observation), so that the
// series has no step there. The date must be one of the camp's observation
// dates, after its first; otherwise the correction is reported as an
// *Error naming its line.
func (s *Scenario) CampSeries() (camps []Series, total *Series, err error) {
	for _, c := range s.Observed {
		camps = append(camps, s.series(c.Name, c.Obs))
	}
	switch {
	case s.Total != nil:
		t := s.series("total", s.Total.Obs)
		total = &t
	case s.Refugees != nil:
		t := s.series("total", s.Refugees)
		total = &t
	}
	file := filepath.Join(s.Dir, filepath.FromSlash(CorrectionsFile))
	for _, c := range s.Corrections {
		var ser *Series
		if c.Location == "total" && total != nil {
			ser = total
		}
		for k := range camps {
			if camps[k].Name == c.Location {
				ser = &camps[k]
			}
		}
		if ser == nil {
			return nil, nil, errAt(file, c.Line, "%s has no observed series in %s", c.Location, DataLayoutFile)
		}
		d := s.dayOf(c.Date)
		at := slices.Index(ser.Days, d)
		switch {
		case at < 0:
			return nil, nil, errAt(file, c.Line, "%s has no observation on %s (the date must be one of its observation dates)", c.Location, c.Date.Format(time.DateOnly))
		case at == 0:
			return nil, nil, errAt(file, c.Line, "%s: %s is its first observation; nothing comes before it to correct", c.Location, c.Date.Format(time.DateOnly))
		case ser.Values[at-1] < 1:
			return nil, nil, errAt(file, c.Line, "%s: the observation before %s is %v; cannot scale from it", c.Location, c.Date.Format(time.DateOnly), ser.Values[at-1])
		}
		f := ser.Values[at] / ser.Values[at-1]
		for k := range at {
			ser.Values[k] *= f
		}
	}
	return camps, total, nil
}

// Plan is what a run takes from a scenario's data: the agents placed in
// each location on day 0 and the new displaced people of each day.
type Plan struct {
	Day0  []int // per location, in locations.csv order
	Daily []int // per simulation day: people spawned in conflict zones
}

// SpawnPlan returns the scenario's spawn plan under its spawn rules, as
// Flee's data-driven spawning intends it:
//
//   - insert_day0 (default true): each camp starts with its observed
//     population on day 0 and nobody else is spawned that day;
//     empty_camps_on_day0 starts them empty instead.
//   - sum_from_camps (default true): the people spawned on day t are the
//     growth of the camps' observed total from day t−1 to t; otherwise the
//     growth of the total series (refugees.csv).
//   - A fall in the observed total is a debt: it is taken off the next day's
//     growth, and forgotten after the first day that is not a fall.
//
// Flee counts the day-0 population twice (it adds refugees.csv's day-0
// value to the camps' and lowers each camp's capacity by its day-0
// population while the camp already holds it); SpawnPlan does neither.
func (s *Scenario) SpawnPlan() (*Plan, error) {
	set := s.Settings
	if set == nil {
		set = DefaultSettings()
	}
	camps, total, err := s.CampSeries()
	if err != nil {
		return nil, err
	}
	if !set.SumFromCamps && total == nil {
		return nil, &Error{File: filepath.Join(s.Dir, filepath.FromSlash(SettingsFile)), Err: fmt.Errorf("spawn_rules.sum_from_camps is false but the scenario has no total series (%s)", RefugeesFile)}
	}
	days := s.Period.Days
	p := &Plan{Day0: make([]int, len(s.Locations)), Daily: make([]int, days)}
	byName := map[string]int{}
	for i := range s.Locations {
		byName[s.Locations[i].Name] = i
	}
	offset := map[string]int{}
	for _, c := range camps {
		c0 := c.At(0)
		if set.EmptyCampsOnDay0 {
			offset[c.Name] = c0
			continue
		}
		if set.InsertDay0 {
			if i, ok := byName[c.Name]; ok && s.Locations[i].IsCamp() {
				p.Day0[i] = c0
			}
		}
	}
	level := func(d int) int {
		if !set.SumFromCamps {
			return total.At(d)
		}
		n := 0
		for _, c := range camps {
			n += c.At(d) - offset[c.Name]
		}
		return n
	}
	debt := 0
	for d := range days {
		var diff int
		switch {
		case d > 0:
			diff = level(d) - level(d-1)
		case set.InsertDay0 || set.EmptyCampsOnDay0:
			diff = 0
		default:
			diff = level(0)
		}
		n := diff - debt
		if n < 0 {
			debt = -n
			n = 0
		} else {
			debt = 0
		}
		p.Daily[d] = n
	}
	return p, nil
}

// ObservedCamps returns each camp's observed population on every day of
// the period, as Flee compares its runs with: the corrected series at each
// day, less the day-0 population where camps start empty. The map is keyed
// by location name.
func (s *Scenario) ObservedCamps() (map[string][]int, error) {
	camps, _, err := s.CampSeries()
	if err != nil {
		return nil, err
	}
	empty := s.Settings != nil && s.Settings.EmptyCampsOnDay0
	out := make(map[string][]int, len(camps))
	for _, c := range camps {
		v := make([]int, s.Period.Days)
		c0 := 0
		if empty {
			c0 = c.At(0)
		}
		for d := range v {
			v[d] = c.At(d) - c0
		}
		out[c.Name] = v
	}
	return out, nil
}

// DefaultSettings returns the settings Flee uses when simsetting.yml is
// absent.
func DefaultSettings() *Settings {
	s, err := parseSettings("", strings.NewReader(""))
	if err != nil {
		panic(err) // the defaults always parse
	}
	return s
}
