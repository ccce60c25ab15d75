package score

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/scenarios"
)

// TestFleeReferenceARD scores Flee's own output for mali2012
// (flee_reference_out.csv: per camp and day the simulated population and the
// observed one as Flee's data tooling prepared it) with this package, and
// must find the values Flee's validation reports for that run: ARD 0.347
// and 0.316 rescaled. The observed series come from the scenario's
// source_data through FromFlee (registration corrections applied), not from
// the reference file's data columns.
func TestFleeReferenceARD(t *testing.T) {
	const dir = "../testdata/flee/mali2012"
	fs, err := flee.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir + "/flee_reference_out.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := rows[0]
	// Flee's Date column is one day late: day 0 is the period's start.
	start := scenarios.NewDate(fs.Period.Start.Date())
	sim := &Simulated{Start: start, Days: len(rows) - 1, Sites: map[string][]float64{}}
	for col, h := range head {
		camp, ok := strings.CutSuffix(h, " sim")
		if !ok {
			continue
		}
		series := make([]float64, sim.Days)
		for i, r := range rows[1:] {
			v, err := strconv.ParseFloat(r[col], 64)
			if err != nil {
				t.Fatal(err)
			}
			series[i] = v
		}
		sim.Sites[flee.Slug(camp)] = series
	}
	obs, err := FromFlee(fs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(obs.Sites()); n != len(sim.Sites) {
		t.Errorf("source_data has %d camps, the reference output %d", n, len(sim.Sites))
	}
	sc, err := Compute(sim, obs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("ARD %.4f, rescaled %.4f", sc.ARD, sc.ARDRescaled)
	if math.Abs(sc.ARD-0.347) > 0.005 || math.Abs(sc.ARDRescaled-0.316) > 0.005 {
		t.Errorf("Flee's reference output scores ARD %.4f / rescaled %.4f, want 0.347 / 0.316", sc.ARD, sc.ARDRescaled)
	}
}
