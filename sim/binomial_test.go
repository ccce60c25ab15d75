package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestBinomialDistribution draws Binomial(n, p) for means on both sides
// of inversionMean and with p on both sides of ½, and checks the counts
// of each outcome against the exact probabilities with a chi-square test
// (outcomes pooled until each expects at least 20 draws) at the 10⁻⁴
// level.
func TestBinomialDistribution(t *testing.T) {
	cases := []struct {
		n int64
		p float64
	}{
		{1, 0.3}, {5, 0.5}, {16, 0.1}, {17, 0.5}, {40, 0.25}, {200, 0.01}, {1000, 0.015}, {45, 0.3}, {1000, 0.2}, {7, 0.93}, {100000, 0.0001}, {64, 0.999}, {100, 0.5}, {30, 0.4}, {1e6, 0.3}, {1e9, 0.01}, {1e7, 0.9},
	}
	const draws = 200000
	for _, c := range cases {
		t.Run(fmt.Sprintf("n=%d,p=%g", c.n, c.p), func(t *testing.T) {
			src := &SplitSource{S: uint64(c.n)*7919 + math.Float64bits(c.p)}
			counts := map[int64]float64{}
			for range draws {
				x := Binomial(src, c.n, c.p)
				if x < 0 || x > c.n {
					t.Fatalf("draw %d outside [0, %d]", x, c.n)
				}
				counts[x]++
			}
			d := distuv.Binomial{N: float64(c.n), P: c.p}
			// Outcomes beyond 15 standard deviations of the mean are
			// pooled into the ends; none is expected.
			mean, sd := float64(c.n)*c.p, math.Sqrt(float64(c.n)*c.p*(1-c.p))
			lo, hi := max(0, int64(mean-15*sd-1)), min(c.n, int64(mean+15*sd+1))
			var chi, obs, exp float64
			for x, k := range counts {
				if x < lo || x > hi {
					t.Fatalf("draw %d (%d times), more than 15 standard deviations from the mean %g", x, int(k), mean)
				}
			}
			cells := 0
			for x := lo; x <= hi; x++ {
				obs += counts[x]
				exp += d.Prob(float64(x)) * draws
				if exp >= 20 || x == hi {
					chi += (obs - exp) * (obs - exp) / max(exp, 1e-300)
					cells++
					obs, exp = 0, 0
				}
			}
			if cells < 2 {
				return // one cell: nothing to test
			}
			q := distuv.ChiSquared{K: float64(cells - 1)}
			if pv := 1 - q.CDF(chi); pv < 1e-4 {
				t.Errorf("chi² %.1f on %d cells (p-value %.2g): draws do not follow Binomial(%d, %g)", chi, cells, pv, c.n, c.p)
			}
		})
	}
}

// TestStirlingTail checks the table and the series of stirlingTail
// against log-gamma.
func TestStirlingTail(t *testing.T) {
	for k := 0.0; k < 40; k++ {
		lg, _ := math.Lgamma(k + 1)
		want := lg - ((k+0.5)*math.Log(k+1) - (k + 1) + 0.5*math.Log(2*math.Pi))
		if got := stirlingTail(k); math.Abs(got-want) > 1e-10 {
			t.Errorf("stirlingTail(%v) = %v, want %v", k, got, want)
		}
	}
}

func TestBinomialEdges(t *testing.T) {
	src := &SplitSource{}
	for _, c := range []struct {
		n    int64
		p    float64
		want int64
	}{{0, 0.5, 0}, {-3, 0.5, 0}, {10, 0, 0}, {10, math.NaN(), 0}, {10, 1, 10}, {10, 2, 10}} {
		if got := Binomial(src, c.n, c.p); got != c.want {
			t.Errorf("Binomial(%d, %v) = %d, want %d", c.n, c.p, got, c.want)
		}
	}
}

// BenchmarkBinomial compares Binomial with gonum's sampler alone, for a
// cohort engine's typical draws.
func BenchmarkBinomial(b *testing.B) {
	for _, c := range []struct {
		n int64
		p float64
	}{{8, 0.3}, {100, 0.05}, {1000, 0.3}, {1000000, 0.3}} {
		b.Run(fmt.Sprintf("n=%d,p=%g", c.n, c.p), func(b *testing.B) {
			src := &SplitSource{S: 1}
			var sum int64
			for b.Loop() {
				sum += Binomial(src, c.n, c.p)
			}
			_ = sum
		})
		b.Run(fmt.Sprintf("gonum/n=%d,p=%g", c.n, c.p), func(b *testing.B) {
			src := &SplitSource{S: 1}
			var sum float64
			for b.Loop() {
				sum += distuv.Binomial{N: float64(c.n), P: c.p, Src: src}.Rand()
			}
			_ = sum
		})
	}
}
