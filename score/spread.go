package score

import (
	"slices"

	"golang.org/x/exp/stats"
)

// Stat summarises one score over replicates.
type Stat struct {
	Mean float64 `json:"mean"`
	// SD is the sample standard deviation (n − 1 in the denominator); 0
	// for a single replicate.
	SD  float64 `json:"sd"`
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// Spread is the scores of a run's replicates: how many, and the summary of
// their ARD and rescaled ARD.
type Spread struct {
	N        int  `json:"n"`
	ARD      Stat `json:"ard"`
	Rescaled Stat `json:"ard_rescaled"`
}

// Summarise returns the spread of scores, one per replicate; the zero
// Spread when there are none.
func Summarise(scores []*Score) Spread {
	if len(scores) == 0 {
		return Spread{}
	}
	ard := make([]float64, len(scores))
	resc := make([]float64, len(scores))
	for i, s := range scores {
		ard[i], resc[i] = s.ARD, s.ARDRescaled
	}
	return Spread{N: len(scores), ARD: summarise(ard), Rescaled: summarise(resc)}
}

// summarise returns the Stat of xs, which has at least one value.
func summarise(xs []float64) Stat {
	s := Stat{Min: slices.Min(xs), Max: slices.Max(xs)}
	if len(xs) == 1 {
		s.Mean = xs[0]
		return s
	}
	s.Mean, s.SD = stats.MeanAndStdDev(xs)
	return s
}
