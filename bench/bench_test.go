package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

func load(b *testing.B, nameOrFile string) *scenarios.Scenario {
	b.Helper()
	var s *scenarios.Scenario
	var err error
	if nameOrFile == scenarios.DefaultName {
		s, err = scenarios.Builtin(nameOrFile)
	} else {
		s, err = scenarios.LoadFile(nameOrFile)
	}
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// runBench runs a scenario once per iteration and reports agent-days per
// second of the engine (setup and daily loop; no output files) and the
// engine's state per agent.
func runBench(b *testing.B, s *scenarios.Scenario, workers int) {
	var agentDays int64
	var agents int
	var wall time.Duration
	for b.Loop() {
		r, err := borderaware.Run(context.Background(), s, sim.Options{Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		agentDays, agents, wall = r.AgentDays, r.Info.Agents, wall+r.Info.Wall
	}
	b.ReportMetric(float64(agentDays)*float64(b.N)/wall.Seconds(), "agent-days/s")
	b.ReportMetric(float64(agents), "agents")
	b.ReportMetric(float64(agentDays), "agent-days")
	b.ReportMetric(borderaware.BytesPerAgent, "bytes/agent")
}

// BenchmarkBalkanRoute2015 is the default scenario at scale 1 (about a
// million people), with 1 and 2 workers. Target: the whole run under 10 s.
func BenchmarkBalkanRoute2015(b *testing.B) {
	s := load(b, scenarios.DefaultName)
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) { runBench(b, s, w) })
	}
}

// BenchmarkSynthetic10M is ten million agents walking for 120 days
// (bench/synthetic-10m.yaml). Target: at least 50 million agent-days/s on
// two cores.
func BenchmarkSynthetic10M(b *testing.B) {
	s := load(b, "synthetic-10m.yaml")
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) { runBench(b, s, w) })
	}
}
