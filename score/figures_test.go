package score

import (
	"math"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
)

// figureRun is a four-day run by hand: Serbia and Hungary, one crossing
// between them (A = SRB, B = HUN) and one centre in Serbia.
func figureRun() *runfolder.Data {
	return &runfolder.Data{
		Start: scenarios.NewDate(2015, 9, 1),
		Days:  4,
		Countries: []*runfolder.CountrySeries{
			{Code: "HUN", Entries: []int64{10, 20, 30, 40}, Exits: make([]int64, 4), Present: []int64{10, 25, 40, 60}},
			{Code: "SRB", Entries: []int64{100, 100, 100, 100}, Exits: make([]int64, 4), Present: []int64{90, 170, 240, 300}},
		},
		Crossings: []*runfolder.CrossingSeries{{
			ID: "horgos-roszke", A: "SRB", B: "HUN",
			Passed:  [2][]int64{{10, 20, 30, 40}, {0, 0, 1, 0}},
			Refused: [2][]int64{{5, 5, 0, 0}, {0, 1, 0, 0}},
		}},
		Centres: []*runfolder.CentreSeries{{ID: "presevo", Country: "SRB", Occupancy: []int64{50, 60, 70, 80}, TurnedAway: []int64{0, 2, 0, 3}}},
	}
}

// TestCompareFiguresByHand checks each kind of figure against sums done
// by hand, and the WAPE.
func TestCompareFiguresByHand(t *testing.T) {
	in := "date,place,metric,value\n" +
		"2015-09-01..2015-09-04,HUN,entries,120\n" + // run: 100
		"2015-09-02,SRB,present,170\n" + // run: 170
		"2015-09-01..2015-09-02,horgos-roszke,entries,30\n" + // run: 30
		"2015-09-01..2015-09-04,HUN,refused,12\n" + // run: 10 (A → B)
		"2015-09-01..2015-09-04,SRB,refused,1\n" + // run: 1 (B → A)
		"2015-09-03,presevo,occupancy,60\n" + // run: 70
		"2015-08,HUN,entries,1\n" + // outside the run
		"2015-09-02,kelebija-tompa,entries,3\n" + // unknown place
		"2015-09-02,presevo,entries,3\n" // no such figure
	obs, err := observe.Read(strings.NewReader(in), "obs.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := CompareFigures(figureRun(), obs, "obs.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{100, 170, 30, 10, 1, 70}
	if len(s.Figures) != len(want) {
		t.Fatalf("%d figures, want %d: %+v", len(s.Figures), len(want), s.Figures)
	}
	for i, f := range s.Figures {
		if f.Simulated != want[i] {
			t.Errorf("line %d (%s %s %s): run %v, want %v", f.Line, f.Place, f.Metric, f.Period, f.Simulated, want[i])
		}
	}
	obsd := []float64{120, 170, 30, 12, 1, 60}
	var dev float64
	for i := range want {
		dev += PoissonDeviance(obsd[i], want[i])
	}
	if math.Abs(s.Deviance-dev) > 1e-9 || !(s.Deviance > 0) {
		t.Errorf("deviance %v, want %v", s.Deviance, dev)
	}
	// |100−120| + 0 + 0 + |10−12| + 0 + |70−60| over 120+170+30+12+1+60.
	if w := 32.0 / 393; math.Abs(s.WAPE-w) > 1e-12 {
		t.Errorf("WAPE %v, want %v", s.WAPE, w)
	}
	if len(s.ByMetric) != 4 || s.ByMetric[0].Metric != "entries" || s.ByMetric[0].Figures != 2 || math.Abs(s.ByMetric[0].WAPE-20.0/150) > 1e-12 {
		t.Errorf("by metric %+v", s.ByMetric)
	}
	kinds := []WarningKind{OutsideRun, UnknownSite, NoFigure}
	if len(s.Warnings) != len(kinds) {
		t.Fatalf("warnings %v, want %d", s.Warnings, len(kinds))
	}
	for i, w := range s.Warnings {
		if w.Kind != kinds[i] || w.Line != 8+i || !strings.HasPrefix(w.String(), "obs.csv:") {
			t.Errorf("warning %d: %v (%v), want %v at line %d", i, w, w.Kind, kinds[i], 8+i)
		}
	}
}

func TestCompareFiguresNothingToScore(t *testing.T) {
	obs, err := observe.Read(strings.NewReader("date,place,metric,value\n2016-01-01,HUN,entries,4\n"), "obs.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CompareFigures(figureRun(), obs, "obs.csv"); err == nil || !strings.Contains(err.Error(), "none of the 1 observations") {
		t.Errorf("CompareFigures = %v, want an error", err)
	}
}

func TestPoissonDeviance(t *testing.T) {
	for _, c := range []struct{ y, mu, want float64 }{
		{10, 10, 0},
		{0, 4, 8},
		{0, 0, 1}, // mu floored at half a person
		{5, 0, 2 * (5*math.Log(5/0.5) - (5 - 0.5))}, // likewise
		{100, 110, 2 * (100*math.Log(100.0/110) + 10)},
	} {
		if got := PoissonDeviance(c.y, c.mu); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("PoissonDeviance(%v, %v) = %v, want %v", c.y, c.mu, got, c.want)
		}
	}
	// Near the fit it is about the squared error over the mean.
	if got, approx := PoissonDeviance(1000, 1010), 100.0/1010; math.Abs(got-approx)/approx > 0.01 {
		t.Errorf("PoissonDeviance(1000, 1010) = %v, want about %v", got, approx)
	}
}
