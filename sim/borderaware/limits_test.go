package borderaware_test

import (
	"context"
	"errors"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// small is 2,000 people arriving at Mytilene on 1 September 2015, bound
// for Passau.
func small(t *testing.T) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Load([]byte(`name: small
period: {start: 2015-09-01, end: 2015-09-20}
arrivals: [{entry: mytilene, daily: {2015-09-01: 2000}}]
destinations: [{exit: passau, share: 1}]
`), "small.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRunLimits: options and counts a run cannot take are errors naming
// them, never a panic or an empty run.
func TestRunLimits(t *testing.T) {
	for _, c := range []struct {
		name        string
		opts        sim.Options
		errContains string
	}{
		{"too many workers", sim.Options{Workers: sim.MaxWorkers + 1}, "want at most MaxWorkers (1024)"},
		{"scale too small", sim.Options{Scale: 1e-20}, "--scale 1e-20: no agent to simulate: the scenario's 2000 people"},
		{"agents overflow", sim.Options{Scale: 1e306}, "2015-09-01 at mytilene: +Inf agents: the count overflows"},
		{"too many agents", sim.Options{Scale: 1e7}, "2015-09-01 at mytilene: 20000000000 agents: more than the 2147483647"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := borderaware.Run(context.Background(), small(t), c.opts)
			if err == nil || !strings.Contains(err.Error(), c.errContains) {
				t.Errorf("Run = %v, want an error containing %q", err, c.errContains)
			}
		})
	}
}

// TestAgentMemoryBudget: a run whose agents' columns would not fit the
// memory it may use stops before it allocates them, naming the figures;
// the cohort engine, which has no per-agent state, runs it.
func TestAgentMemoryBudget(t *testing.T) {
	old := debug.SetMemoryLimit(32 << 20) // 32 MiB: room for 1.6 M agents
	defer debug.SetMemoryLimit(old)
	_, err := borderaware.Run(context.Background(), small(t), sim.Options{Scale: 1000, Engine: sim.EngineAgents})
	if want := "2000000 agents need 38.1 MiB (20 bytes each), more than the 32.0 MiB this run may use"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Run = %v, want an error containing %q", err, want)
	}
	if _, err := borderaware.Run(context.Background(), small(t), sim.Options{Scale: 1000, Engine: sim.EngineCohorts}); err != nil {
		t.Errorf("the cohort engine: %v", err)
	}
}

// TestWorkersCappedByAgents: a run starts no more workers than it has
// agents, whatever it is asked for.
func TestWorkersCappedByAgents(t *testing.T) {
	r, err := borderaware.Run(context.Background(), small(t), sim.Options{Workers: sim.MaxWorkers, Scale: 0.001, Check: true, Engine: *engine})
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.Agents != 2 || r.Info.Workers != 2 {
		t.Errorf("%d agents on %d workers, want 2 on 2", r.Info.Agents, r.Info.Workers)
	}
}

// cancelling is BorderAware that cancels the run at its first move on
// day cancelDay, and counts the moves asked for after that.
type cancelling struct {
	borderaware.BorderAware
	cancel   context.CancelFunc
	day      *atomic.Int32 // the day in progress, set by Progress
	after    atomic.Int64
	canceled atomic.Bool
}

const cancelDay = 3

func (m *cancelling) NextArc(c *borderaware.Context, i int32, v geo.NodeID, step int) int32 {
	if m.day.Load() == cancelDay {
		if m.canceled.Swap(true) {
			m.after.Add(1)
		}
		m.cancel()
	}
	return m.BorderAware.NextArc(c, i, v, step)
}

// TestCancelStopsWithinADay: a run cancelled while it moves the agents
// stops within the block of agents under way, without finishing the day.
func TestCancelStopsWithinADay(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var day atomic.Int32
	m := &cancelling{cancel: cancel, day: &day}
	var days []int
	opts := sim.Options{Workers: 1, Progress: func(d, _, _ int) {
		days = append(days, d)
		day.Store(int32(d + 1))
	}}
	s, err := scenarios.Load([]byte(`name: busy
period: {start: 2015-09-01, end: 2015-09-10}
arrivals: [{entry: mytilene, daily: {2015-09-01: 200000}}]
destinations: [{exit: passau, share: 1}]
`), "busy.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = borderaware.RunModel(ctx, s, opts, m)
	if !errors.Is(err, context.Canceled) || len(days) != cancelDay {
		t.Errorf("Run = %v after days %v, want context.Canceled during day %d", err, days, cancelDay)
	}
	if n := m.after.Load(); n >= sim.Block {
		t.Errorf("%d moves after the cancel, want fewer than a block (%d)", n, sim.Block)
	}
}
