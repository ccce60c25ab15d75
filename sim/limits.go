package sim

import (
	"fmt"
	"math"
)

// MaxWorkers is the most workers a run may ask for (Options.Workers).
const MaxWorkers = 1024

// MaxAgents is the most agents a run may simulate: agents are numbered
// with int32.
const MaxAgents = math.MaxInt32

// AgentCount checks a count of agents computed in floating point (people
// × scale, rounded) before it is used as one: it must be a whole number
// from 0 to MaxAgents. what names the count in the error, e.g. "agents on
// 2015-09-01 at mytilene".
func AgentCount(n float64, what string) (int32, error) {
	switch {
	case math.IsNaN(n) || math.IsInf(n, 0):
		return 0, fmt.Errorf("%s: %v agents: the count overflows (use --scale)", what, n)
	case n < 0:
		return 0, fmt.Errorf("%s: %v agents: want 0 or more", what, n)
	case n > 1e15:
		return 0, fmt.Errorf("%s: %g agents: more than the %d one run handles (use --scale)", what, n, MaxAgents)
	case n > MaxAgents:
		return 0, fmt.Errorf("%s: %.0f agents: more than the %d one run handles (use --scale)", what, n, MaxAgents)
	}
	return int32(n), nil
}

// NoAgents is the error of a run whose people, at the run's scale, round
// to no agent at all: people is the number of people the scenario brings
// and scale the agents per person asked for.
func NoAgents(people, scale float64) error {
	return fmt.Errorf("--scale %v: no agent to simulate: the scenario's %.0f people at %v agents per person round to none (one agent takes a scale of about %.1g)",
		scale, people, scale, 1/people)
}

// addCounts returns a + b, or an error naming the operands when the sum
// does not fit in an int64.
func addCounts(a, b int64) (int64, error) {
	s := a + b
	if (s > a) != (b > 0) {
		return 0, fmt.Errorf("%d + %d overflows int64", a, b)
	}
	return s, nil
}
