package bench

import (
	"flag"
	"os"
	"testing"

	"github.com/borderflow/borderflow/sim"
)

// engine is the engine the border-aware tests run: with -engine, that
// one; without, TestMain runs every test under each engine in turn.
// Benchmarks compare both side by side whatever it is.
var engine = flag.String("engine", "", "engine the tests run: cohorts or agents (default: both in turn)")

func TestMain(m *testing.M) {
	flag.Parse()
	if *engine != "" || flag.Lookup("test.bench").Value.String() != "" {
		// One engine asked for, or benchmarks (which compare both).
		os.Exit(m.Run())
	}
	for _, e := range []string{sim.EngineCohorts, sim.EngineAgents} {
		*engine = e
		if code := m.Run(); code != 0 {
			os.Exit(code)
		}
	}
	os.Exit(0)
}
