package calibrate

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/borderflow/borderflow/scenarios"
)

// Spread is how well the observations pin a fitted parameter down: the
// standard deviation of an approximate normal around the fit, from the
// curvature of the objective there (see spreads).
type Spread struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	// SD is the standard deviation in the parameter's search space: the
	// logit of its place between its bounds, or for a whole parameter its
	// value. 0 when the objective does not curve up on both sides (the
	// observations do not pin it down): members then keep the fitted
	// value.
	SD float64 `json:"sd"`
	// Low and High are the values one SD below and above the fit.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// spreadStep is the step, in search space, of the differences that
// measure the objective's curvature: a tenth of a logit unit, about 2.5%
// of a parameter's range at its middle.
const spreadStep = 0.1

// spreads measures each parameter's Spread at the optimum x, whose
// objective is fx, with two more evaluations of the objective each (whole
// parameters one value step away). The objective is a Poisson deviance
// D, twice a negative log-likelihood, so the variance is 2 / D” in the
// search space; the observations scatter more than Poisson counts do, so
// it is multiplied by the dispersion D / (n − p), the quasi-Poisson
// estimate, when that is above 1. Each parameter is taken on its own (the
// diagonal of the curvature): correlations between parameters are left
// out, which widens nothing and narrows nothing on average but misses
// trade-offs between them.
func spreads(params []Param, x []float64, fx float64, n int, objective func([]float64) float64) (out []Spread, dispersion float64) {
	dispersion = 1
	if dof := n - len(params); dof > 0 && fx/float64(dof) > 1 {
		dispersion = fx / float64(dof)
	}
	probe := make([]float64, len(x))
	for i, p := range params {
		s := Spread{Name: p.Name, Value: fromSearch(p, x[i])}
		s.Low, s.High = s.Value, s.Value
		at := func(xi float64) float64 {
			copy(probe, x)
			probe[i] = xi
			return objective(probe)
		}
		if p.Whole {
			v := s.Value
			lo, hi := toSearch(p, max(p.Min, v-1)), toSearch(p, min(p.Max, v+1))
			if v-1 >= p.Min && v+1 <= p.Max {
				if c := at(lo) - 2*fx + at(hi); c > 0 {
					s.SD = math.Sqrt(2 * dispersion / c)
					s.Low, s.High = max(p.Min, v-s.SD), min(p.Max, v+s.SD)
				}
			}
		} else {
			h := spreadStep
			if c := (at(x[i]-h) - 2*fx + at(x[i]+h)) / (h * h); c > 0 {
				s.SD = math.Sqrt(2 * dispersion / c)
				s.Low, s.High = fromSearch(p, x[i]-s.SD), fromSearch(p, x[i]+s.SD)
			}
		}
		out = append(out, s)
	}
	return out, dispersion
}

// Draw returns member k's values of the fitted parameters (in the order of
// Fit.Spread): each drawn on its own from the normal of its Spread in its
// search space (whole parameters rounded), from a stream given by seed
// and k. Member 0 of any seed draws too; a parameter whose SD is 0 keeps
// its fitted value.
func (f *Fit) Draw(seed uint64, k int) []float64 {
	r := rand.New(rand.NewPCG(seed^0x6a09e667f3bcc908, uint64(k)))
	v := make([]float64, len(f.params))
	for i, p := range f.params {
		z := r.NormFloat64()
		sd := f.Spread[i].SD
		switch {
		case sd == 0:
			v[i] = f.Spread[i].Value
		case p.Whole:
			v[i] = min(max(math.Round(f.Spread[i].Value+z*sd), p.Min), p.Max)
		default:
			v[i] = fromSearch(p, f.x[i]+z*sd)
		}
	}
	return v
}

// StreamScales returns, for each arrival stream (by index) whose scale is
// among the fitted parameters, the ratio of its value in values to its
// fitted value: what a member drawing values multiplies the stream's
// arrivals by.
func (f *Fit) StreamScales(values []float64) map[int]float64 {
	out := map[int]float64{}
	for i, p := range f.params {
		if p.stream > 0 && f.Spread[i].Value > 0 {
			out[p.stream-1] = values[i] / f.Spread[i].Value
		}
	}
	return out
}

// FileWith returns the scenario file the fit started from with the
// parameters set to values (as Draw gives them).
func (f *Fit) FileWith(values []float64) (*scenarios.File, error) {
	x := make([]float64, len(values))
	for i, p := range f.params {
		x[i] = toSearch(p, values[i])
	}
	return apply(f.base, f.params, x)
}

// WithValues returns scenario s's file with the free parameters named in
// values (as Params names them) set to them, shares brought back to a sum
// of 1: how a sweep sets a point's parameters. A name Params does not
// give for s, or a value outside the parameter's bounds, is an error.
func WithValues(s *scenarios.Scenario, values map[string]float64) (*scenarios.File, error) {
	all := Params(s)
	var ps []Param
	var vs []float64
	for _, name := range slices.Sorted(maps.Keys(values)) {
		i := slices.IndexFunc(all, func(p Param) bool { return p.Name == name })
		if i < 0 {
			_, err := Select(all, []string{name})
			return nil, err
		}
		p, v := all[i], values[name]
		if math.IsNaN(v) || v < p.Min || v > p.Max {
			return nil, fmt.Errorf("%s = %v: want %g to %g", name, v, p.Min, p.Max)
		}
		if p.Whole && v != math.Round(v) {
			return nil, fmt.Errorf("%s = %v: want a whole number", name, v)
		}
		ps, vs = append(ps, p), append(vs, v)
	}
	f := s.File
	return applyValues(&f, ps, vs)
}
