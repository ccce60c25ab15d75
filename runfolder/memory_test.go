package runfolder_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
	"github.com/borderflow/borderflow/sim/fleemodel"
)

// TestFromResultIsRead checks FromResult against Read of the folder
// written from the same result, table by table, for a border-aware run
// at a scale other than 1 (so that agents are turned into people) and a
// Flee run with its own network.
func TestFromResultIsRead(t *testing.T) {
	s, err := scenarios.Builtin("croatia-schengen-2023")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := flee.Read("../testdata/flee/mali2012")
	if err != nil {
		t.Fatal(err)
	}
	for name, run := range map[string]func() (*sim.Result, error){
		"border-aware": func() (*sim.Result, error) {
			return borderaware.Run(context.Background(), s, sim.Options{Scale: 0.1})
		},
		"flee": func() (*sim.Result, error) { return fleemodel.Run(context.Background(), fs, sim.Options{Scale: 0.5}) },
	} {
		t.Run(name, func(t *testing.T) {
			r, err := run()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := runfolder.Write(dir, r, "test"); err != nil {
				t.Fatal(err)
			}
			want, err := runfolder.Read(dir)
			if err != nil {
				t.Fatal(err)
			}
			got := runfolder.FromResult(r)
			if got.Start != want.Start || got.Days != want.Days {
				t.Errorf("period %v + %d days, want %v + %d", got.Start, got.Days, want.Start, want.Days)
			}
			for table, pair := range map[string][2]any{
				"countries": {got.Countries, want.Countries},
				"crossings": {got.Crossings, want.Crossings},
				"centres":   {got.Centres, want.Centres},
				"edges":     {got.Edges, want.Edges},
			} {
				if !reflect.DeepEqual(pair[0], pair[1]) {
					t.Errorf("%s differ from the folder's", table)
				}
			}
		})
	}
}
