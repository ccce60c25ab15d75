package sim_test

import (
	"slices"
	"testing"

	"github.com/borderflow/borderflow/sim"
)

// TestSharerShare: a count shared in proportion, the remainders to the
// largest fractions (ties to the earlier), all of each when it covers the
// sum; the parts always add up to what was shared.
func TestSharerShare(t *testing.T) {
	var s sim.Sharer
	for _, c := range []struct {
		counts []int64
		m      int64
		want   []int64
	}{
		{[]int64{40, 30}, 50, []int64{29, 21}},
		{[]int64{40, 30}, 70, []int64{40, 30}},
		{[]int64{40, 30}, 1000, []int64{40, 30}},
		{[]int64{1, 1, 1}, 2, []int64{1, 1, 0}},
		{[]int64{0, 5, 0}, 3, []int64{0, 3, 0}},
		{[]int64{10, 20}, 0, []int64{0, 0}},
		{[]int64{1 << 40, 1 << 40}, 1 << 41, []int64{1 << 40, 1 << 40}},
		{[]int64{3 << 40, 1 << 40}, 1 << 40, []int64{3 << 38, 1 << 38}},
	} {
		got := s.Share(c.counts, c.m)
		if !slices.Equal(got, c.want) {
			t.Errorf("Share(%v, %d) = %v, want %v", c.counts, c.m, got, c.want)
		}
	}
}

func TestChance(t *testing.T) {
	for _, c := range []struct{ s, left, want float64 }{
		{1, 4, 0.25}, {4, 4, 1}, {5, 4, 1}, {0, 4, 0}, {1, 0, 1}, {-1, 4, 0},
	} {
		if got := sim.Chance(c.s, c.left); got != c.want {
			t.Errorf("Chance(%v, %v) = %v, want %v", c.s, c.left, got, c.want)
		}
	}
}
