package borderaware_test

import (
	"context"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// stocked is a summer 2020 in Bosnia and Herzegovina that starts with
// people already in the country: residents of Ušivak and Miral, people
// outside the centres at Bihać, and a country stock near the open centres.
func stocked(t *testing.T) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Load([]byte(`name: stocked
period: {start: 2020-06-01, end: 2020-08-31}
arrivals: [{name: bih, entries: {zvornik: 0.7, hum: 0.3}, monthly: {2020-06: 2000, 2020-07: 2000, 2020-08: 2300}}]
destinations: [{exit: passau, share: 0.7}, {exit: trieste, share: 0.3}]
params: {rest_days: 30}
initial:
  - {centre: usivak, people: 730}
  - {centre: miral, people: 613}
  - {place: bihac, people: 500}
  - {country: BIH, people: 1000.5}
`), "stocked.yaml", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func runStocked(t *testing.T, s *scenarios.Scenario, workers int, scale float64) *sim.Result {
	t.Helper()
	r, err := borderaware.Run(context.Background(), s, sim.Options{Workers: workers, Scale: scale, Engine: *engine, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestInitialStocks: the initial stocks are in the network on the first
// day, in the centres and the country they name, and counted in it.
func TestInitialStocks(t *testing.T) {
	s := stocked(t)
	r := runStocked(t, s, 2, 1)
	bih := countryCol(t, r, r.Placed, "BIH")
	if got, want := bih[0], int64(730+613+500+1001); got != want {
		t.Errorf("placed in BIH on day 0: %d, want %d (the stocks, 2,843.5 people rounded once)", got, want)
	}
	if got := sum(bih[1:]); got != 0 {
		t.Errorf("placed after day 0: %d, want 0", got)
	}
	// rest_days 30: the residents placed on day 0 are still there on day 29.
	for _, c := range []struct {
		id   string
		want int64
	}{{"usivak", 730}, {"miral", 613}} {
		if got := centreCol(t, r, r.Occupancy, c.id)[29]; got < c.want {
			t.Errorf("%s on day 29 holds %d, want at least its %d residents of day 0", c.id, got, c.want)
		}
	}
	present := countryCol(t, r, r.Present, "BIH")
	entries := countryCol(t, r, r.Entries, "BIH")
	exits := countryCol(t, r, r.Exits, "BIH")
	if got, want := present[0], bih[0]+entries[0]-exits[0]; got != want {
		t.Errorf("present in BIH on day 0: %d, want the stocks plus day 0's entries less exits, %d", got, want)
	}
	tenth := runStocked(t, s, 1, 0.1)
	if got, want := countryCol(t, tenth, tenth.Placed, "BIH")[0], int64(2840); got != want {
		t.Errorf("placed at scale 0.1: %d people, want %d (284 agents: 2,843.5 × 0.1 rounded once)", got, want)
	}
}

// TestCorrections: on a correction's day the centre holds, and the country
// has present, exactly the corrected figure, whether people are added or
// taken out, and the run stays conserved and the same on any number of
// workers.
func TestCorrections(t *testing.T) {
	s := stocked(t)
	day, err := scenarios.ParseDate("2020-07-15")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name            string
		usivak, country float64
	}{
		{"up", 2000, 12000},
		{"down", 10, 1500},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs := *s
			usivak, err := s.Network.Lookup("usivak")
			if err != nil {
				t.Fatal(err)
			}
			cs.Corrections = []scenarios.Correction{
				{Date: day, Centre: usivak, People: c.usivak},
				{Date: day, Centre: geo.None, Country: "BIH", Towns: s.TownsNear("BIH", day), People: c.country},
			}
			r := runStocked(t, &cs, 1, 1)
			d := int(day - s.Start)
			if got := centreCol(t, r, r.Occupancy, "usivak")[d]; got != int64(c.usivak) {
				t.Errorf("Ušivak on %v holds %d, want the corrected %v", day, got, c.usivak)
			}
			if got := countryCol(t, r, r.Present, "BIH")[d]; got != int64(c.country) {
				t.Errorf("present in BIH on %v: %d, want the corrected %v", day, got, c.country)
			}
			if r4 := runStocked(t, &cs, 4, 1); !sameTables(r, r4) {
				t.Error("1 and 4 workers differ with corrections")
			}
		})
	}
}
