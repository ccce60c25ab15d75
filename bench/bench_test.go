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

// engines are the two engines, compared side by side in each benchmark.
var engines = []string{sim.EngineAgents, sim.EngineCohorts}

// runBench runs a scenario once per iteration and reports people-days
// per second of the engine (setup and daily loop; no output files), the
// engine's state per agent or per cohort and, for cohorts, the most
// cohorts on a day.
func runBench(b *testing.B, s *scenarios.Scenario, engine string, workers int) {
	var agentDays int64
	var agents, cohorts int
	var wall time.Duration
	for b.Loop() {
		r, err := borderaware.Run(context.Background(), s, sim.Options{Workers: workers, Engine: engine})
		if err != nil {
			b.Fatal(err)
		}
		agentDays, agents, cohorts, wall = r.AgentDays, r.Info.Agents, r.Info.Cohorts, wall+r.Info.Wall
	}
	b.ReportMetric(float64(agentDays)*float64(b.N)/wall.Seconds(), "agent-days/s")
	b.ReportMetric(float64(agents), "agents")
	b.ReportMetric(float64(agentDays), "agent-days")
	if engine == sim.EngineCohorts {
		b.ReportMetric(float64(cohorts), "cohorts")
		b.ReportMetric(float64(borderaware.BytesPerCohort), "bytes/cohort")
	} else {
		b.ReportMetric(borderaware.BytesPerAgent, "bytes/agent")
	}
}

// benchEngines runs the scenario under both engines with 1 and 2 workers.
func benchEngines(b *testing.B, s *scenarios.Scenario) {
	for _, engine := range engines {
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("engine=%s/workers=%d", engine, w), func(b *testing.B) { runBench(b, s, engine, w) })
		}
	}
}

// BenchmarkBalkanRoute2015 is the default scenario at scale 1 (about a
// million people). Targets: cohorts at least 20× faster than agents, and
// 250 M agent-days/s on two cores.
func BenchmarkBalkanRoute2015(b *testing.B) { benchEngines(b, load(b, scenarios.DefaultName)) }

// BenchmarkSynthetic10M is ten million people walking for 120 days
// (bench/synthetic-10m.yaml). Target: cohorts under 1 s.
func BenchmarkSynthetic10M(b *testing.B) { benchEngines(b, load(b, "synthetic-10m.yaml")) }

// BenchmarkSynthetic100M is a hundred million people on the same network
// and rules (bench/synthetic-100m.yaml), with cohorts only: its cost grows
// with the distinct states, not the people (agents would need 2 GB).
func BenchmarkSynthetic100M(b *testing.B) {
	s := load(b, "synthetic-100m.yaml")
	b.Run("engine=cohorts/workers=2", func(b *testing.B) { runBench(b, s, sim.EngineCohorts, 2) })
}

// BenchmarkReplicates20 is 20 replicates of the default scenario, run side
// by side on two workers, as run --replicates 20 does (without writing).
// Target: cohorts under 2 s.
func BenchmarkReplicates20(b *testing.B) {
	s := load(b, scenarios.DefaultName)
	for _, engine := range engines {
		b.Run("engine="+engine, func(b *testing.B) {
			run := func(ctx context.Context, o sim.Options) (*sim.Result, error) { return borderaware.Run(ctx, s, o) }
			for b.Loop() {
				if _, _, err := sim.RunReplicates(context.Background(), run, s.Seed, sim.Options{Workers: 2, Engine: engine}, 20, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
