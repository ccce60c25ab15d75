package sweep_test

import (
	"fmt"

	"github.com/borderflow/borderflow/sweep"
)

// A Slurm array task finds its shard in its environment.
func ExampleShardFromEnv() {
	env := map[string]string{"SLURM_ARRAY_TASK_ID": "13", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "8"}
	sh, err := sweep.ShardFromEnv(-1, 0, func(k string) string { return env[k] })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("shard %d of %d, from %s\n", sh.Index, sh.Count, sh.From)
	// Output: shard 3 of 8, from slurm
}

// A sweep file: a grid over two parameters, two event sets, replicates.
func ExampleParse() {
	f, err := sweep.Parse([]byte(`name: delay-grid
scenario: balkan-route-2015
scale: 0.1
replicates: 5
vary:
  info_delay_days: [1, 2, 4]
  arrivals.aegean-islands.scale: [0.8, 1.2]
event_sets:
  - name: as-is
  - name: tabanovce-cap
    events:
      - {date: 2015-10-15, crossing_capacity: {crossing: tabanovce-presevo, per_day: 3000}}
`), "grid.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Name, f.Scenario, f.Replicates, len(f.Vary), len(f.EventSets))
	_, err = sweep.Parse([]byte("name: x\nscenario: y\nreplicates: 0.5\n"), "bad.yaml")
	fmt.Println(err)
	// Output:
	// delay-grid balkan-route-2015 5 2 2
	// bad.yaml:3:1: replicates is "0.5", want a whole number
}
