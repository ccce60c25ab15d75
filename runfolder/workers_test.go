package runfolder_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
	"github.com/borderflow/borderflow/sim/fleemodel"
)

// TestWorkersWriteIdenticalFolders is the determinism contract end to end:
// the same seed writes byte-identical tables with 1 and 4 workers, for
// both models.
func TestWorkersWriteIdenticalFolders(t *testing.T) {
	s, err := scenarios.Builtin("balkan-route-2015")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := flee.Read("../testdata/flee/mali2012")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		run   func(sim.Options) (*sim.Result, error)
		files []string
	}{
		{"border-aware", func(o sim.Options) (*sim.Result, error) {
			o.Scale = 0.1
			return borderaware.Run(context.Background(), s, o)
		}, []string{runfolder.CountriesFile, runfolder.CrossingsFile, runfolder.CentresFile, runfolder.EdgesFile, runfolder.ScenarioFile}},
		{"flee", func(o sim.Options) (*sim.Result, error) {
			return fleemodel.Run(context.Background(), fs, o)
		}, []string{runfolder.CountriesFile, runfolder.CrossingsFile, runfolder.CentresFile, runfolder.EdgesFile, runfolder.NetworkFile}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var first map[string][]byte
			for _, w := range []int{1, 4} {
				r, err := c.run(sim.Options{Workers: w})
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				if err := runfolder.Write(dir, r, "test"); err != nil {
					t.Fatal(err)
				}
				files := map[string][]byte{}
				for _, f := range c.files {
					if files[f], err = os.ReadFile(filepath.Join(dir, f)); err != nil {
						t.Fatal(err)
					}
				}
				if first == nil {
					first = files
					continue
				}
				for f, b := range files {
					if !bytes.Equal(b, first[f]) {
						t.Errorf("%s differs between 1 and %d workers", f, w)
					}
				}
			}
		})
	}
}
