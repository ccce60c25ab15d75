package score

import (
	"math"
	"testing"
)

// TestSummarise checks the spread of replicate scores against values
// worked out by hand.
func TestSummarise(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ard, resc []float64
		want      Spread
	}{
		{"none", nil, nil, Spread{}},
		{"one", []float64{0.3}, []float64{0.2}, Spread{N: 1, ARD: Stat{Mean: 0.3, Min: 0.3, Max: 0.3}, Rescaled: Stat{Mean: 0.2, Min: 0.2, Max: 0.2}}},
		// ARD 1, 2, 3, 6: mean 3, squared deviations 4+1+0+9 = 14, SD √(14/3).
		{"four", []float64{2, 6, 1, 3}, []float64{5, 5, 5, 5}, Spread{N: 4,
			ARD:      Stat{Mean: 3, SD: math.Sqrt(14.0 / 3), Min: 1, Max: 6},
			Rescaled: Stat{Mean: 5, Min: 5, Max: 5}}},
	} {
		var scores []*Score
		for i := range tc.ard {
			scores = append(scores, &Score{ARD: tc.ard[i], ARDRescaled: tc.resc[i]})
		}
		got := Summarise(scores)
		near := func(a, b Stat) bool {
			return math.Abs(a.Mean-b.Mean) < 1e-12 && math.Abs(a.SD-b.SD) < 1e-12 && a.Min == b.Min && a.Max == b.Max
		}
		if got.N != tc.want.N || !near(got.ARD, tc.want.ARD) || !near(got.Rescaled, tc.want.Rescaled) {
			t.Errorf("%s: Summarise = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
