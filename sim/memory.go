package sim

import (
	"fmt"
	"math"
	"runtime/debug"
)

// fallbackMemory is the memory assumed where the machine's cannot be read:
// an ordinary laptop's 8 GiB.
const fallbackMemory = 8 << 30

// MemoryBudget returns the bytes a run's per-agent state may take: the Go
// memory limit (GOMEMLIMIT) where one is set, else half the machine's
// physical memory (8 GiB assumed where it cannot be read), so that a run
// too large for the machine stops with a message before it allocates,
// instead of being killed.
func MemoryBudget() int64 {
	if l := debug.SetMemoryLimit(-1); l < math.MaxInt64 {
		return l
	}
	if m := physicalMemory(); m > 0 {
		return m / 2
	}
	return fallbackMemory / 2
}

// CheckAgentMemory checks that n agents of bytesPerAgent each fit the
// MemoryBudget, and names the figures and the ways out when they do not.
func CheckAgentMemory(n int64, bytesPerAgent int) error {
	need, budget := n*int64(bytesPerAgent), MemoryBudget()
	if need > budget {
		return fmt.Errorf("%d agents need %s (%d bytes each), more than the %s this run may use (half the machine's memory, or GOMEMLIMIT): use --scale, or the cohort engine",
			n, bytesText(need), bytesPerAgent, bytesText(budget))
	}
	return nil
}

// bytesText writes a size in GiB, or MiB under one GiB.
func bytesText(n int64) string {
	if n < 1<<30 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}
