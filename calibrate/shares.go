package calibrate

import (
	"maps"
	"slices"

	"github.com/borderflow/borderflow/scenarios"
)

// Weights of shares: a share parameter multiplies one entry's (or exit's)
// share by a weight between these bounds, and the shares are then brought
// back to a sum of 1. The first entry of a stream (by id) and the first
// exit keep weight 1: k shares have k − 1 free values.
const (
	minWeight = 0.1
	maxWeight = 10
)

// shareParams returns the entry-share parameters of every stream with
// several entries, arrivals.NAME.share.ENTRY, and the destination
// parameters, destinations.EXIT.weight, each but the first.
func shareParams(s *scenarios.Scenario) []Param {
	var ps []Param
	for i, a := range s.File.Arrivals {
		if len(a.Entries) < 2 {
			continue
		}
		ids := slices.Sorted(maps.Keys(a.Entries))
		group := "arrivals." + a.Name + ".share."
		norm := func(f *scenarios.File) { normaliseMap(f.Arrivals[i].Entries) }
		for _, id := range ids[1:] {
			ps = append(ps, Param{Name: group + id, Min: minWeight, Max: maxWeight, start: 1, normalise: norm, group: group,
				set: func(f *scenarios.File, v float64) {
					e := maps.Clone(f.Arrivals[i].Entries)
					e[id] *= v
					f.Arrivals[i].Entries = e
				}})
		}
	}
	if len(s.File.Destinations) > 1 {
		norm := func(f *scenarios.File) {
			var sum float64
			for _, d := range f.Destinations {
				sum += d.Share
			}
			for j := range f.Destinations {
				f.Destinations[j].Share /= sum
			}
		}
		for j, d := range s.File.Destinations[1:] {
			ps = append(ps, Param{Name: "destinations." + d.Exit + ".weight", Min: minWeight, Max: maxWeight, start: 1, normalise: norm, group: "destinations",
				set: func(f *scenarios.File, v float64) {
					f.Destinations = slices.Clone(f.Destinations)
					f.Destinations[j+1].Share *= v
				}})
		}
	}
	return ps
}

// registers reports whether the scenario's network has a registration
// point (registrations a day) for registration_scale to act on.
func registers(s *scenarios.Scenario) bool {
	for _, c := range s.Network.Centres() {
		if info := s.Network.Node(c).Centre; info != nil && info.RegistrationsPerDay > 0 {
			return true
		}
	}
	return false
}

func normaliseMap(m map[string]float64) {
	var sum float64
	for _, v := range m {
		sum += v
	}
	for k := range m {
		m[k] /= sum
	}
}
