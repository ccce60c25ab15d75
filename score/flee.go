package score

import (
	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/scenarios"
)

// FromFlee returns the observed camp populations of a Flee scenario, by
// camp node id (flee.Slug of the camp's name), as the source_data files give
// them. Flee's registration corrections (registration_corrections.csv) are
// not applied yet, so scores against these differ from Flee's own.
func FromFlee(s *flee.Scenario) *Observed {
	o := &Observed{}
	for _, c := range s.Observed {
		for _, ob := range c.Obs {
			y, m, d := ob.Date.Date()
			o.Add(flee.Slug(c.Name), scenarios.NewDate(y, m, d), float64(ob.Count))
		}
	}
	return o
}
