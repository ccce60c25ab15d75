package sim

import (
	"cmp"
	"math/bits"
	"slices"
)

// The cohort engines' shared pieces: the random source of a cohort's
// splits, the chance of a category among those left, and the split of a
// capacity among cohorts that arrive together.

// SplitSource is the random source of a cohort's splits (a rand.Source):
// a counter hashed with Mix64, started from S, a seed derived from the
// cohort's stream.
type SplitSource struct{ S uint64 }

// Uint64 implements rand.Source.
func (x *SplitSource) Uint64() uint64 {
	x.S += 0x9e3779b97f4a7c15
	return Mix64(x.S)
}

// Chance is the probability of a category of weight s among those left
// (weights summing to left), for drawing a multinomial as a sequence of
// binomials: s/left, within [0, 1].
func Chance(s, left float64) float64 {
	if !(left > s) {
		return 1
	}
	return max(0, s/left)
}

// Sharer splits a count among parts in proportion to their sizes, by
// largest remainder: how many of each of several cohorts arriving
// together a post lets through or a centre or camp takes in, which is
// what a random order among their agents gives on average. Its zero value
// is ready to use; it reuses its buffers, so the slice Share returns is
// valid until the next call.
type Sharer struct {
	take []int64
	rems []remainder
}

// remainder is a part's remainder in Share.
type remainder struct {
	r uint64
	i int
}

// Share splits m among counts in proportion (all of each when m covers
// their sum), the remainders going to the largest fractions, ties to the
// earlier part.
func (s *Sharer) Share(counts []int64, m int64) []int64 {
	s.take = append(s.take[:0], counts...)
	var total int64
	for _, c := range counts {
		total += c
	}
	if m >= total {
		return s.take
	}
	var given int64
	s.rems = s.rems[:0]
	for i, c := range counts {
		hi, lo := bits.Mul64(uint64(m), uint64(c))
		q, r := bits.Div64(hi, lo, uint64(total))
		s.take[i] = int64(q)
		given += int64(q)
		s.rems = append(s.rems, remainder{r, i})
	}
	slices.SortStableFunc(s.rems, func(a, b remainder) int { return cmp.Compare(b.r, a.r) })
	for j := 0; given < m; j++ {
		s.take[s.rems[j].i]++
		given++
	}
	return s.take
}
