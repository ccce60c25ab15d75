package forecast

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// TestCorrectionToObservedStocks: in the truth, arrivals on the Aegean
// islands were three times the scenario's in the week to the as-of day (a
// surge the model's streams do not know of yet). Observing Greece's
// present and Opatovac's occupancy on the as-of day sets every member's
// state to them, and the forecast of the entries into North Macedonia
// over the next week follows the truth where the uncorrected one misses
// it.
func TestCorrectionToObservedStocks(t *testing.T) {
	model := builtin(t, "balkan-route-2015")
	asOf := date(t, "2015-10-10")
	file := model.File
	three := 3.0
	file.Events = append(slices.Clone(file.Events), scenarios.Event{Date: (asOf - 6).String(), End: asOf.String(),
		ArrivalsChange: &scenarios.ArrivalsChange{Stream: "aegean-islands", Scale: &three}})
	b, err := json.Marshal(&file)
	if err != nil {
		t.Fatal(err)
	}
	truthScenario, err := scenarios.LoadWithNetwork(b, "surge.json", ".", model.Network, model.NetworkName)
	if err != nil {
		t.Fatal(err)
	}
	const scale = 0.1
	truth, err := borderaware.Run(context.Background(), truthScenario, sim.Options{Workers: 1, Scale: scale, Check: true})
	if err != nil {
		t.Fatal(err)
	}
	d := int(asOf - model.Start)
	grc, mkd := slices.Index(truth.Countries, "GRC"), slices.Index(truth.Countries, "MKD")
	opatovac := slices.Index(truth.Centres, mustNode(t, model, "opatovac-camp"))
	people := func(agents int64) float64 { return float64(truth.People(agents)) }
	obs := []observe.Observation{
		{Period: observe.Period{From: asOf - 3, To: asOf - 3}, Place: "GRC", Metric: observe.Present, Value: people(truth.Present[d-3][grc]), Line: 2},
		{Period: observe.Period{From: asOf, To: asOf}, Place: "GRC", Metric: observe.Present, Value: people(truth.Present[d][grc]), Line: 3},
		{Period: observe.Period{From: asOf, To: asOf}, Place: "opatovac-camp", Metric: observe.Occupancy, Value: people(truth.Occupancy[d][opatovac]), Line: 4},
		{Period: observe.Period{From: asOf - 30, To: asOf - 30}, Place: "GRC", Metric: observe.Present, Value: 1, Line: 5},
	}
	opts := Options{AsOf: asOf, Horizon: 14, Members: 8, Seed: 3, Scale: scale}
	corrected, err := Run(context.Background(), model, ".", obs, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.NoCorrection = true
	plain, err := Run(context.Background(), model, ".", obs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(corrected.Corrections) != 2 || len(plain.Corrections) != 0 {
		t.Fatalf("corrections %+v (uncorrected: %+v), want Opatovac's occupancy and Greece's latest present, line 3", corrected.Corrections, plain.Corrections)
	}
	if c := corrected.Corrections[0]; c.ID != "GRC" || c.Line != 3 || c.Note != "" {
		t.Errorf("Greece's correction: %+v, want the as-of day's (line 3), applied", c)
	}
	median := func(f *Forecast, kind, id, metric string, day int) float64 {
		return f.Lookup(kind, id, metric).Band(day, 0.5)[0]
	}
	if got, want := median(corrected, KindCountry, "GRC", "present", d), obs[1].Value; got != want {
		t.Errorf("Greece's present on the as-of day: median %v, want the observed %v in every member", got, want)
	}
	if got, want := median(corrected, KindCentre, "opatovac-camp", "occupancy", d), obs[2].Value; got != want {
		t.Errorf("Opatovac on the as-of day: median %v, want the observed %v in every member", got, want)
	}
	var want, withC, without float64
	for lead := 1; lead <= 7; lead++ {
		want += people(truth.Entries[d+lead][mkd])
		withC += median(corrected, KindCountry, "MKD", "entries", d+lead)
		without += median(plain, KindCountry, "MKD", "entries", d+lead)
	}
	t.Logf("entries into North Macedonia in the week after %v: truth %v, corrected %v, uncorrected %v", asOf, want, withC, without)
	if math.Abs(withC-want) > 0.5*math.Abs(without-want) {
		t.Errorf("corrected forecast of the week's entries into North Macedonia %v is not twice as close to the truth %v as the uncorrected %v", withC, want, without)
	}
}

func mustNode(t *testing.T, s *scenarios.Scenario, id string) geo.NodeID {
	t.Helper()
	v, err := s.Network.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestForecastCalibrates: the truth brings 1.4 times the scenario's
// arrivals at Svilengrad; a forecast that calibrates to the monthly
// entries into Serbia known on the as-of day finds the scale, draws each
// member's from its spread, and its members follow the truth over the
// months fitted where the uncalibrated ones do not.
func TestForecastCalibrates(t *testing.T) {
	model := builtin(t, "bulgaria-surge")
	file := model.File
	file.Arrivals = slices.Clone(file.Arrivals)
	monthly := map[string]float64{}
	for k, v := range file.Arrivals[0].Monthly {
		monthly[k] = 1.4 * v
	}
	file.Arrivals[0].Monthly = monthly
	b, err := json.Marshal(&file)
	if err != nil {
		t.Fatal(err)
	}
	truthScenario, err := scenarios.LoadWithNetwork(b, "truth.json", ".", model.Network, model.NetworkName)
	if err != nil {
		t.Fatal(err)
	}
	truth, err := borderaware.Run(context.Background(), truthScenario, sim.Options{Workers: 1, Seed: 99, SeedSet: true})
	if err != nil {
		t.Fatal(err)
	}
	srb := slices.Index(truth.Countries, "SRB")
	monthTotal := func(from, to scenarios.Date) float64 {
		var n int64
		for d := from; d <= to; d++ {
			n += truth.Entries[d-model.Start][srb]
		}
		return float64(n)
	}
	var obs []observe.Observation
	months := []string{"2022-07", "2022-08", "2022-09", "2022-10", "2022-11"}
	for i, m := range months {
		p, err := observe.ParsePeriod(m)
		if err != nil {
			t.Fatal(err)
		}
		obs = append(obs, observe.Observation{Period: p, Place: "SRB", Metric: observe.Entries, Value: monthTotal(p.From, p.To), Line: i + 2})
	}
	asOf := date(t, "2022-10-31")
	opts := Options{AsOf: asOf, Horizon: 30, Members: 10, Seed: 2, Calibrate: &Calibration{Params: []string{"arrivals.bulgaria.scale"}}}
	known := obs[:4]
	cal, err := Run(context.Background(), model, ".", known, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Calibrate = nil
	plain, err := Run(context.Background(), model, ".", known, opts)
	if err != nil {
		t.Fatal(err)
	}
	sp := cal.Fit.Spread[0]
	t.Logf("fitted scale %.3f (±1 SD %.3f – %.3f) in %d evaluations", sp.Value, sp.Low, sp.High, cal.Fit.Evaluations)
	if math.Abs(sp.Value-1.4) > 0.1 || !(sp.SD > 0) {
		t.Errorf("fitted scale %+v, want 1.4 within 0.1 with a spread", sp)
	}
	// October is in the fit: the calibrated members' median entries are
	// the truth's within 10%; the uncalibrated ones a 1.4th of them.
	oct := obs[3]
	entries := func(f *Forecast, o observe.Observation) float64 {
		sums := f.Lookup(KindCountry, "SRB", "entries").Sum(int(o.Period.From-f.Start), int(o.Period.To-f.Start), nil)
		slices.Sort(sums)
		return sums[len(sums)/2]
	}
	withC, without := entries(cal, oct), entries(plain, oct)
	t.Logf("October's entries into Serbia: truth %v, calibrated %v, uncalibrated %v; November: truth %v, calibrated %v, uncalibrated %v",
		oct.Value, withC, without, obs[4].Value, entries(cal, obs[4]), entries(plain, obs[4]))
	if math.Abs(withC-oct.Value) > 0.1*oct.Value || math.Abs(without-oct.Value) < 0.2*oct.Value {
		t.Errorf("October's entries: calibrated %v, uncalibrated %v; want the calibrated within 10%% of the truth %v and the uncalibrated 20%% off", withC, without, oct.Value)
	}
}
