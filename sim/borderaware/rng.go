package borderaware

import "github.com/borderflow/borderflow/sim"

// Purposes of draws, so that different decisions on the same day use
// independent numbers.
const (
	drawDest uint64 = iota + 1
	drawRefuse
	drawRoute // + step number
)

// draw returns a uniform number in [0, 1) for (seed, agent, day, purpose):
// the same whatever the worker that moves the agent.
func draw(seed uint64, agent int32, day int32, purpose uint64) float64 {
	h := sim.Mix64(seed ^ sim.Mix64(uint64(uint32(agent))<<32|uint64(uint32(day))) ^ sim.Mix64(purpose*0x9e3779b97f4a7c15))
	return float64(h>>11) * (1.0 / (1 << 53))
}
