package forecast

import (
	"cmp"
	"slices"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
)

// CorrectionWindow is how many days before the as-of day a stock may have
// been observed and still correct the members' state on the as-of day.
const CorrectionWindow = 7

// Correction is an observed stock a forecast set its members' state to on
// the as-of day: a centre's occupancy or a country's present.
type Correction struct {
	Kind     string  `json:"kind"` // KindCentre or KindCountry
	ID       string  `json:"id"`
	Metric   string  `json:"metric"`
	Observed string  `json:"observed"` // the observation's day or period
	People   float64 `json:"people"`
	Line     int     `json:"line"` // of the observations file
	// Skipped is whether the correction could not apply; Note says why it
	// did not, or did only in part.
	Skipped bool   `json:"skipped,omitempty"`
	Note    string `json:"note,omitempty"`
}

const noTowns = "no centre of the country is open on the as-of day: people can be taken out, none added"

// planCorrections returns the stocks to set on the as-of day: for each
// centre with an occupancy and each country with a present observed in
// the CorrectionWindow days up to the as-of day, the one whose period
// ends last (the later line on a tie). s is the members' scenario, whose
// timeline says which centres are open on the as-of day.
func planCorrections(s *scenarios.Scenario, obs []observe.Observation, asOf scenarios.Date) ([]scenarios.Correction, []Correction) {
	type key struct {
		place  string
		metric observe.Metric
	}
	latest := map[key]observe.Observation{}
	for _, o := range obs {
		if !o.Metric.Stock() || o.Period.To > asOf || o.Period.To < asOf-CorrectionWindow {
			continue
		}
		k := key{o.Place, o.Metric}
		if prev, ok := latest[k]; !ok || o.Period.To > prev.Period.To || o.Period.To == prev.Period.To && o.Line > prev.Line {
			latest[k] = o
		}
	}
	keys := make([]key, 0, len(latest))
	for k := range latest {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.metric, b.metric); c != 0 {
			return c
		}
		return cmp.Compare(a.place, b.place)
	})
	var (
		set  []scenarios.Correction
		told []Correction
	)
	net := s.Network
	for _, k := range keys {
		o := latest[k]
		c := Correction{ID: o.Place, Metric: o.Metric.String(), Observed: o.Period.String(), People: o.Value, Line: o.Line}
		switch o.Metric {
		case observe.Occupancy:
			c.Kind = KindCentre
			v, err := net.Lookup(o.Place)
			if err != nil || net.Node(v).Kind != geo.Centre {
				continue // the reader has checked places; occupancy elsewhere is not a stock the engine keeps
			}
			if st, _ := s.Timeline.Centre(asOf, v); !st.Open {
				c.Skipped, c.Note = true, "the centre is closed on the as-of day in the scenario"
			} else {
				set = append(set, scenarios.Correction{Date: asOf, Centre: v, People: o.Value})
			}
		case observe.Present:
			if !slices.Contains(net.Countries(), o.Place) {
				continue
			}
			c.Kind = KindCountry
			towns := s.TownsNear(o.Place, asOf)
			if len(towns) == 0 {
				c.Note = noTowns
			}
			set = append(set, scenarios.Correction{Date: asOf, Centre: geo.None, Country: o.Place, Towns: towns, People: o.Value})
		}
		told = append(told, c)
	}
	return set, told
}
