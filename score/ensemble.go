package score

import (
	"encoding/json"
	"math"
	"slices"

	"golang.org/x/exp/stats"
)

// The scores of an ensemble forecast (its members, one value each) against
// what happened, for forecasts and back-tests.

// CRPS returns the continuous ranked probability score of the ensemble
// members for the outcome y: E|X − y| − ½ E|X − X′| over the members'
// empirical distribution (Gneiting and Raftery, "Strictly proper scoring
// rules, prediction, and estimation", JASA 2007), in the outcome's units.
// It is the mean absolute error for a single member, rewards a sharp
// ensemble only where it is also right, and is what a back-test averages
// over its forecasts. NaN for no members.
func CRPS(members []float64, y float64) float64 {
	n := len(members)
	if n == 0 {
		return math.NaN()
	}
	x := slices.Clone(members)
	slices.Sort(x)
	var abs, spread float64
	for i, v := range x {
		abs += math.Abs(v - y)
		// Σ_{i<j} (x_j − x_i) = Σ_i (2i − n + 1) x_i over the sorted
		// members (i from 0).
		spread += float64(2*i-n+1) * v
	}
	fn := float64(n)
	return abs/fn - spread/(fn*fn)
}

// Band returns the central band of the members holding the given share of
// them (0.9: the 5th to the 95th percentile), by x/exp/stats' quantiles
// (linear between order statistics). NaN, NaN for no members.
func Band(members []float64, level float64) (lo, hi float64) {
	if len(members) == 0 {
		return math.NaN(), math.NaN()
	}
	q := stats.Quantiles(members, (1-level)/2, (1+level)/2)
	return q[0], q[1]
}

// Covered reports whether y lies within the members' central band of the
// given level (see Band), ends included.
func Covered(members []float64, y, level float64) bool {
	lo, hi := Band(members, level)
	return lo <= y && y <= hi
}

// Errors are a set of point forecasts' errors against what happened.
type Errors struct {
	N int `json:"n"`
	// MAE is the mean absolute error.
	MAE float64 `json:"mae"`
	// MAPE is the mean absolute percentage error over the outcomes that
	// are not 0 (a share: 0.1 is 10%); NaN if every outcome is 0.
	MAPE float64 `json:"mape"`
}

// MarshalJSON writes e with null for a figure that is not a number (the
// MAPE of outcomes that are all 0, the MAE of no forecast): JSON has no NaN.
func (e Errors) MarshalJSON() ([]byte, error) {
	num := func(v float64) any {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	return json.Marshal(struct {
		N    int `json:"n"`
		MAE  any `json:"mae"`
		MAPE any `json:"mape"`
	}{e.N, num(e.MAE), num(e.MAPE)})
}

// PointErrors returns the errors of forecasts f against outcomes y, pair
// by pair.
func PointErrors(f, y []float64) Errors {
	if len(f) != len(y) {
		panic("score: PointErrors of unequal lengths")
	}
	e := Errors{N: len(f)}
	var mape float64
	nonzero := 0
	for i := range f {
		d := math.Abs(f[i] - y[i])
		e.MAE += d
		if y[i] != 0 {
			mape += d / math.Abs(y[i])
			nonzero++
		}
	}
	if e.N > 0 {
		e.MAE /= float64(e.N)
	}
	e.MAPE = math.NaN()
	if nonzero > 0 {
		e.MAPE = mape / float64(nonzero)
	}
	return e
}

// Skill returns a forecast's skill against a baseline by their mean
// absolute errors: 1 − MAE/MAE_baseline, 1 for a perfect forecast, 0 for
// one no better than the baseline, negative for a worse one; NaN when the
// baseline is perfect.
func Skill(forecast, baseline Errors) float64 {
	if baseline.MAE == 0 {
		return math.NaN()
	}
	return 1 - forecast.MAE/baseline.MAE
}
