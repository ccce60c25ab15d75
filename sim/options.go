package sim

import (
	"fmt"
	"math"
	"runtime"
)

// Options control a run of either engine.
type Options struct {
	// Workers is the number of goroutines that move agents; 0 means one per
	// CPU (at most MaxWorkers). An engine starts no more workers than it
	// has agents. The output does not depend on it.
	Workers int
	// Scale is the number of agents per person: 0.1 simulates one agent for
	// ten people and reports people. 0 means 1.
	Scale float64
	// Seed overrides the scenario's seed when SeedSet is true.
	Seed    uint64
	SeedSet bool
	// Check verifies at the end of every day that every agent is accounted
	// for (each engine says how).
	Check bool
	// Progress, if set, is called after every day.
	Progress Progress
	// Engine is how the agents are stepped: EngineCohorts (agents alike in
	// every respect step together as one cohort with a count; the default)
	// or EngineAgents (one by one, the reference). An engine that has no
	// cohort form for a model runs it agent by agent.
	Engine string
}

// Progress is called after every simulated day with the day's index (from
// 0), the number of days and the agents alive (spawned and not gone).
type Progress func(day, days, alive int)

// Normalise checks o and fills in its defaults: a scale of 1 and a worker
// per CPU, at most MaxWorkers.
func (o *Options) Normalise() error {
	if o.Scale == 0 {
		o.Scale = 1
	}
	if !(o.Scale > 0) || math.IsInf(o.Scale, 0) {
		return fmt.Errorf("scale %v: want a positive number of agents per person", o.Scale)
	}
	switch {
	case o.Workers < 0:
		return fmt.Errorf("workers %d: want 1 or more (0: one per CPU)", o.Workers)
	case o.Workers > MaxWorkers:
		return fmt.Errorf("workers %d: want at most MaxWorkers (%d)", o.Workers, MaxWorkers)
	case o.Workers == 0:
		o.Workers = min(runtime.NumCPU(), MaxWorkers)
	}
	switch o.Engine {
	case "":
		o.Engine = EngineCohorts
	case EngineAgents, EngineCohorts:
	default:
		return fmt.Errorf("engine %q: want %s or %s", o.Engine, EngineAgents, EngineCohorts)
	}
	return nil
}

// WorkersFor returns the workers to start for n units of work (agents, or
// chunks of them): o.Workers, but no more than n and at least 1.
func (o *Options) WorkersFor(n int) int {
	return max(1, min(o.Workers, n))
}
