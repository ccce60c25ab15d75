package score

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
)

// TestARDByHand checks the definitions on two camps over three days,
// against values worked out by hand.
func TestARDByHand(t *testing.T) {
	d0 := scenarios.NewDate(2012, 3, 1)
	var o Observed
	o.Add("a", d0, 10)
	o.Add("a", d0+2, 30) // interpolated: 10, 20, 30
	o.Add("b", d0, 0)    // held: 0, 0, 0
	sim := &Simulated{Start: d0, Days: 3, Sites: map[string][]float64{
		"a": {10, 10, 10},
		"b": {0, 10, 20},
	}}
	s, err := Compute(sim, &o)
	if err != nil {
		t.Fatal(err)
	}
	// day 0: |10−10|+|0−0| = 0 → 0/10 = 0
	// day 1: |10−20|+|10−0| = 20 → 20/20 = 1
	// day 2: |10−30|+|20−0| = 40 → 40/30
	want := (0 + 1 + 40.0/30) / 3
	if math.Abs(s.ARD-want) > 1e-12 {
		t.Errorf("ARD = %v, want %v", s.ARD, want)
	}
	// rescaled: day 0 scale 10/10 → 0; day 1 scale 20/20 → 1;
	// day 2 scale 30/30 → 40/30: the same here, as Σsim = Σobs every day.
	if math.Abs(s.ARDRescaled-want) > 1e-12 {
		t.Errorf("rescaled ARD = %v, want %v", s.ARDRescaled, want)
	}
	// Rescaling matters when the simulation has fewer people in camps.
	sim.Sites["a"] = []float64{5, 10, 15}
	sim.Sites["b"] = []float64{0, 0, 0}
	s, _ = Compute(sim, &o)
	if s.ARDRescaled != 0 || s.ARD <= 0 {
		t.Errorf("half the people in the right shares: ARD %v, rescaled %v; want > 0 and 0", s.ARD, s.ARDRescaled)
	}
	if s.Sites[0].Site != "a" || math.Abs(s.Sites[0].RelativeError-0.5) > 1e-12 || s.Sites[0].PeakDayError != 0 {
		t.Errorf("site a: %+v", s.Sites[0])
	}
}

func TestReadCSVErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ content, want string }{
		{"day,place,count\n", "header"},
		{"date,place,count\n2015-13-01,HUN,4\n", ":2: \"2015-13-01\" is not a date"},
		{"date,place,count\n2015-09-01,HUN,-4\n", ":2: count \"-4\""},
		{"date,place,count\n2015-09-01,,4\n", ":2: empty place"},
		{"date,place,count\n2015-09-01,HUN\n", "wrong number of fields"},
		{"date,place,count\n", "no observations"},
	} {
		p := filepath.Join(dir, "obs.csv")
		os.WriteFile(p, []byte(tc.content), 0o644)
		if _, err := ReadCSV(p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.content, err, tc.want)
		}
	}
}

// TestScoredDays checks that only the days from the first observation to
// the last are scored, and that observations outside the run are refused.
func TestScoredDays(t *testing.T) {
	d0 := scenarios.NewDate(2015, 6, 1)
	flat := make([]float64, 100)
	for i := range flat {
		flat[i] = 100
	}
	sim := &Simulated{Start: d0, Days: 100, Sites: map[string][]float64{"GRC": flat}}
	var o Observed
	o.Add("GRC", d0+10, 100)
	o.Add("GRC", d0+14, 200) // 100, 125, 150, 175, 200
	s, err := Compute(sim, &o)
	if err != nil {
		t.Fatal(err)
	}
	want := (0 + 25.0/125 + 50.0/150 + 75.0/175 + 100.0/200) / 5
	if s.Days != 5 || s.From != (d0+10).String() || s.To != (d0+14).String() || math.Abs(s.ARD-want) > 1e-12 {
		t.Errorf("scored %d days %s – %s, ARD %v; want 5 days %v – %v, ARD %v", s.Days, s.From, s.To, s.ARD, d0+10, d0+14, want)
	}
	var late Observed
	late.Add("GRC", d0+200, 5)
	if _, err := Compute(sim, &late); err == nil || !strings.Contains(err.Error(), "do not overlap the run") {
		t.Errorf("observations after the run: %v", err)
	}
}
