package score

import (
	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/scenarios"
)

// FromFlee returns the observed camp populations of a Flee scenario, by
// camp node id (flee.Slug of the camp's name), one value per day of the
// scenario's period: the source_data series with the registration
// corrections applied and interpolated as Flee's data tooling does
// (flee.Scenario.ObservedCamps), so that scores match Flee's own.
// Warnings on them name the scenario's folder, with no line.
func FromFlee(s *flee.Scenario) (*Observed, error) {
	camps, err := s.ObservedCamps()
	if err != nil {
		return nil, err
	}
	start := scenarios.NewDate(s.Period.Start.Date())
	o := &Observed{file: s.Dir}
	for name, v := range camps {
		for d, n := range v {
			o.Add(flee.Slug(name), start+scenarios.Date(d), float64(n))
		}
	}
	return o, nil
}
