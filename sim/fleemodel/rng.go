package fleemodel

import (
	"github.com/borderflow/borderflow/sim"
)

// setKeys derives today's draw keys from the seed and the day.
func (e *engine) setKeys() {
	for p := range e.keys {
		for k := range e.keys[p] {
			e.keys[p][k] = sim.Mix64(e.seed ^ sim.Mix64(uint64(e.day)<<16|uint64(p)<<8|uint64(k)+0x51ed))
		}
	}
}

// rand returns agent i's uniform number in [0, 1) for purpose p at
// decision k today: one hash of the day's key and the agent, the same
// whatever the number of workers.
func (e *engine) rand(p uint64, k int, i int32) float64 { return unit(e.keys[p][k], i) }

// unit hashes a key and an agent to a uniform number in [0, 1).
func unit(key uint64, i int32) float64 {
	return float64(sim.Mix64(key^uint64(uint32(i))*0x9e3779b97f4a7c15)>>11) * (1.0 / (1 << 53))
}
