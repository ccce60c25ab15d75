package fleemodel_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/fleemodel"
)

// limitsScenario is a camp of 1,000 people on day 0 with a town next to
// it, for ten days.
func limitsScenario(t *testing.T) *flee.Scenario {
	t.Helper()
	fs, err := flee.Read(writeScenario(t, tiny{
		locs:     []string{loc("B", "Mali", "camp", "", 100000), loc("T", "Mali", "town", "", 1000)},
		routes:   []string{"B,T,100"},
		days:     10,
		move:     []string{"awareness_level: 1"},
		observed: map[string][][2]int{"B": {{0, 1000}}},
	}.files()))
	if err != nil {
		t.Fatal(err)
	}
	return fs
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
		{"scale too small", sim.Options{Scale: 1e-20}, "--scale 1e-20: no agent to simulate: the scenario's 1000 people"},
		{"agents overflow", sim.Options{Scale: 1e306}, "day 0 at B: +Inf agents: the count overflows"},
		{"too many agents", sim.Options{Scale: 1e7}, "day 0 at B: 10000000000 agents: more than the 2147483647"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := fleemodel.Run(context.Background(), limitsScenario(t), c.opts)
			if err == nil || !strings.Contains(err.Error(), c.errContains) {
				t.Errorf("Run = %v, want an error containing %q", err, c.errContains)
			}
		})
	}
}

// TestWorkersCappedByChunks: a run starts no more workers than it has
// chunks of agents to hand out, whatever it is asked for.
func TestWorkersCappedByChunks(t *testing.T) {
	r, err := fleemodel.Run(context.Background(), limitsScenario(t), sim.Options{Workers: sim.MaxWorkers, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Info.Agents != 1000 || r.Info.Workers != 1 {
		t.Errorf("%d agents on %d workers, want 1000 on 1", r.Info.Agents, r.Info.Workers)
	}
}

// TestCancelStopsBetweenDays: a run cancelled after a day simulates no
// other.
func TestCancelStopsBetweenDays(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var days []int
	_, err := fleemodel.Run(ctx, limitsScenario(t), sim.Options{Progress: func(day, _, _ int) {
		days = append(days, day)
		if day == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || len(days) != 3 {
		t.Errorf("Run = %v after days %v, want context.Canceled after days 0–2", err, days)
	}
}
