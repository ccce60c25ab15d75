package fleemodel

import (
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/borderflow/borderflow/sim"
)

// smallBinomial is the largest count drawn trial by trial.
const smallBinomial = 16

// binomial returns a draw from Binomial(n, p) with x as its source: exact
// (gonum's sampler).
func binomial(x *sim.SplitSource, n int64, p float64) int64 {
	switch {
	case n <= 0 || !(p > 0):
		return 0
	case p >= 1:
		return n
	case n <= smallBinomial:
		// n Bernoulli trials: exact, and cheaper than the sampler for the
		// small cohorts.
		var k int64
		for range n {
			if float64(x.Uint64()>>11)*(1.0/(1<<53)) < p {
				k++
			}
		}
		return k
	}
	return int64(distuv.Binomial{N: float64(n), P: p, Src: x}.Rand())
}

// drawSeed is the seed of the draw for purpose p at decision k of the
// cohort part with stream id.
func drawSeed(id, p uint64, k int) uint64 {
	return sim.Mix64(id ^ sim.Mix64(p<<8|uint64(k)+0x6a09e667f3bcc909))
}

// childID is the stream id of part j of a split drawn from seed.
func childID(seed uint64, j int) uint64 {
	return sim.Mix64(seed ^ uint64(j+1)*0xd6e8feb86659fd93)
}
