package fleemodel

import "github.com/borderflow/borderflow/sim"

// binomial returns a draw from Binomial(n, p) with x as its source.
func binomial(x *sim.SplitSource, n int64, p float64) int64 { return sim.Binomial(x, n, p) }

// drawSeed is the seed of the draw for purpose p at decision k of the
// cohort part with stream id.
func drawSeed(id, p uint64, k int) uint64 {
	return sim.Mix64(id ^ sim.Mix64(p<<8|uint64(k)+0x6a09e667f3bcc909))
}

// childID is the stream id of part j of a split drawn from seed.
func childID(seed uint64, j int) uint64 {
	return sim.Mix64(seed ^ uint64(j+1)*0xd6e8feb86659fd93)
}
