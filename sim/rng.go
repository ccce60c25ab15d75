package sim

// Random numbers come from a counter-based generator: each draw is a hash of
// (seed, agent, day, purpose), so an agent's draws do not depend on which
// worker moves it, in which order, or on how many other agents there are.
// The hash is SplitMix64's finaliser, applied to a combination of the keys.

func mix64(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}

// Purposes of draws, so that different decisions on the same day use
// independent numbers.
const (
	drawDest uint64 = iota + 1
	drawRefuse
	drawRoute // + step number
)

// draw returns a uniform number in [0, 1) for (seed, agent, day, purpose).
func draw(seed uint64, agent int32, day int32, purpose uint64) float64 {
	h := mix64(seed ^ mix64(uint64(uint32(agent))<<32|uint64(uint32(day))) ^ mix64(purpose*0x9e3779b97f4a7c15))
	return float64(h>>11) * (1.0 / (1 << 53))
}
