package sim

// Random numbers come from counter-based generators: each draw is a hash
// of the seed and of what it decides (agent, day, purpose), so an agent's
// draws do not depend on which worker moves it, in which order, or on how
// many other agents there are. The hash is Mix64.

// Mix64 is SplitMix64's finaliser: a bijective hash of 64 bits whose every
// output bit depends on every input bit. The engines build their draws
// from it.
func Mix64(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}
