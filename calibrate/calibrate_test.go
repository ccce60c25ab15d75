package calibrate

import (
	"context"
	"math"
	"testing"

	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// truthObservations runs scenario file f with its own seeds and returns
// each country's monthly entries (those that have any) as observations,
// and with centres set, each centre's occupancy on the 15th of each month
// (those with anyone).
func truthObservations(t testing.TB, f *scenarios.File, centres ...bool) []observe.Observation {
	t.Helper()
	s, err := scenarios.Load(mustJSON(t, f), "truth", ".")
	if err != nil {
		t.Fatal(err)
	}
	run := func(ctx context.Context, o sim.Options) (*sim.Result, error) { return borderaware.Run(ctx, s, o) }
	mean, _, err := sim.RunReplicates(context.Background(), run, 99, sim.Options{Seed: 99, SeedSet: true}, 4, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := runfolder.FromResult(mean)
	var obs []observe.Observation
	for _, c := range d.Countries {
		for from := 0; from < d.Days; {
			first := d.Date(from)
			tm := first.Time()
			last := min(scenarios.NewDate(tm.Year(), tm.Month()+1, 1)-1, d.Date(d.Days-1))
			var sum int64
			for day := from; d.Date(day) <= last; day++ {
				sum += c.Entries[day]
			}
			if sum > 0 {
				obs = append(obs, observe.Observation{Period: observe.Period{From: first, To: last}, Place: c.Code, Metric: observe.Entries, Value: float64(sum)})
			}
			from += int(last-first) + 1
		}
	}
	if len(centres) > 0 && centres[0] {
		for _, c := range d.Centres {
			for day := range d.Days {
				if date := d.Date(day); date.Time().Day() == 15 && c.Occupancy[day] > 0 {
					obs = append(obs, observe.Observation{Period: observe.Period{From: date, To: date}, Place: c.ID, Metric: observe.Occupancy, Value: float64(c.Occupancy[day])})
				}
			}
		}
	}
	return obs
}

// BenchmarkCalibrateSix fits six parameters of the default scenario (the
// three streams' scales, walking speed, information delay and rest days)
// to a truth made with other values: countries' monthly entries and
// centres' mid-month occupancy. The target is 60 s.
func BenchmarkCalibrateSix(b *testing.B) {
	s, err := scenarios.Builtin("balkan-route-2015")
	if err != nil {
		b.Fatal(err)
	}
	names := []string{"arrivals.aegean-islands.scale", "arrivals.evros.scale", "arrivals.bulgaria.scale", "params.walk_km_per_day", "params.info_delay_days", "params.rest_days"}
	params, err := Select(Params(s), names)
	if err != nil {
		b.Fatal(err)
	}
	want := []float64{1.2, 0.8, 1.5, 30, 3, 2}
	x := make([]float64, len(want))
	for i, v := range want {
		x[i] = toSearch(params[i], v)
	}
	truth, err := apply(&s.File, params, x)
	if err != nil {
		b.Fatal(err)
	}
	obs := truthObservations(b, truth, true)
	end, _ := scenarios.ParseDate(s.File.Period.End)
	for b.Loop() {
		fit, err := Run(context.Background(), s, ".", obs, end, params, Options{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%d observations, %d evaluations, %.1f s, deviance %.0f → %.0f", fit.Observations, fit.Evaluations, fit.Seconds, fit.Before, fit.After)
		for i, n := range names {
			sp := fit.Spread[i]
			b.Logf("  %-30s %8.3f (truth %g), ±1 SD %.3f – %.3f", n, fit.Values[n], want[i], sp.Low, sp.High)
		}
	}
}

// TestRecoversKnownScale makes a truth with the Bulgarian stream scaled
// by 1.4, observes it (monthly entries per country, other seeds), and
// fits the scale back from 1: within 5%.
func TestRecoversKnownScale(t *testing.T) {
	s, err := scenarios.Builtin("bulgaria-surge")
	if err != nil {
		t.Fatal(err)
	}
	params, err := Select(Params(s), []string{"arrivals.bulgaria.scale"})
	if err != nil {
		t.Fatal(err)
	}
	truth, err := apply(&s.File, params, []float64{toSearch(params[0], 1.4)})
	if err != nil {
		t.Fatal(err)
	}
	obs := truthObservations(t, truth)
	if len(obs) < 6 {
		t.Fatalf("%d observations of the truth", len(obs))
	}
	end, _ := scenarios.ParseDate(s.File.Period.End)
	fit, err := Run(context.Background(), s, ".", obs, end, params, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := fit.Values["arrivals.bulgaria.scale"]
	t.Logf("scale %.3f (truth 1.4) after %d evaluations in %.1f s; deviance %.0f → %.0f over %d observations", got, fit.Evaluations, fit.Seconds, fit.Before, fit.After, fit.Observations)
	if math.Abs(got-1.4) > 0.07 || !(fit.After < fit.Before) {
		t.Errorf("fitted scale %.3f, want 1.4 within 0.07, and a lower objective (%v → %v)", got, fit.Before, fit.After)
	}
	// The fit pins the scale down: its spread is above 0, brackets the
	// truth within two SDs, and is narrower than a tenth of the range.
	sp := fit.Spread[0]
	t.Logf("spread: SD %.4f (logit), %.3f – %.3f, dispersion %.1f", sp.SD, sp.Low, sp.High, fit.Dispersion)
	lo, hi := fromSearch(params[0], fit.x[0]-2*sp.SD), fromSearch(params[0], fit.x[0]+2*sp.SD)
	if !(sp.SD > 0) || lo > 1.4 || hi < 1.4 || sp.High-sp.Low > 0.1*(params[0].Max-params[0].Min) {
		t.Errorf("spread %+v (±2 SD: %.3f – %.3f): want an SD above 0, ±2 SD around the truth 1.4, and ±1 SD within a tenth of the range", sp, lo, hi)
	}
	draws := map[float64]bool{}
	for k := range 20 {
		v := fit.Draw(5, k)[0]
		if v < params[0].Min || v > params[0].Max {
			t.Errorf("member %d draws %v, outside the bounds", k, v)
		}
		draws[v] = true
	}
	if len(draws) < 15 || fit.Draw(5, 3)[0] != fit.Draw(5, 3)[0] {
		t.Errorf("20 members drew %d distinct scales, or a draw is not the same twice", len(draws))
	}
	// The same seed fits the same.
	again, err := Run(context.Background(), s, ".", obs, end, params, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if again.Values["arrivals.bulgaria.scale"] != got || again.After != fit.After {
		t.Errorf("a second fit with the same seed gave %v (%v), want %v (%v)", again.Values, again.After, got, fit.After)
	}
}

func TestSelect(t *testing.T) {
	s, err := scenarios.Builtin("bulgaria-surge")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Select(Params(s), []string{"params.walk_speed"}); err == nil {
		t.Error("an unknown parameter was selected")
	}
}

func mustJSON(t testing.TB, f *scenarios.File) []byte {
	t.Helper()
	b, err := jsonOf(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRecoversRefusalAndDestination makes a truth in which the Serbian
// border refuses 35% (the scenario: 13%) and 25% head for Trieste (the
// scenario: 9%), observes the monthly entries of every country, and fits
// the refusal rate and Trieste's weight back.
func TestRecoversRefusalAndDestination(t *testing.T) {
	s, err := scenarios.Builtin("bulgaria-surge")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"refusal.BGR-SRB.2022-07-01", "destinations.trieste.weight"}
	params, err := Select(Params(s), names)
	if err != nil {
		t.Fatal(err)
	}
	// Trieste's weight w gives it 0.09w / (0.91 + 0.09w): 0.25 at w = 3.37.
	want := []float64{0.35, 3.37}
	x := []float64{toSearch(params[0], want[0]), toSearch(params[1], want[1])}
	truth, err := apply(&s.File, params, x)
	if err != nil {
		t.Fatal(err)
	}
	if got := truth.Destinations[1].Share; math.Abs(got-0.25) > 0.001 || truth.Destinations[0].Share+got != 1 {
		t.Fatalf("the truth's destinations %+v: want Trieste 0.25 and shares summing to 1", truth.Destinations)
	}
	obs := truthObservations(t, truth)
	end, _ := scenarios.ParseDate(s.File.Period.End)
	fit, err := Run(context.Background(), s, ".", obs, end, params, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		sp := fit.Spread[i]
		t.Logf("%s: %.3f (truth %g), ±1 SD %.3f – %.3f", n, fit.Values[n], want[i], sp.Low, sp.High)
	}
	if got := fit.Values[names[0]]; math.Abs(got-0.35) > 0.03 {
		t.Errorf("refusal rate %.3f, want 0.35 within 0.03", got)
	}
	w := fit.Values[names[1]]
	if share := 0.09 * w / (0.91 + 0.09*w); math.Abs(share-0.25) > 0.03 {
		t.Errorf("Trieste's weight %.3f gives a share of %.3f, want 0.25 within 0.03", w, share)
	}
}

// TestRecoversRegistrationScale makes a truth in which the registration
// points register 40% of what the network says a day (Preševo 2,600 of
// its 6,500), observes each centre's monthly turned-away and the
// countries' monthly entries, and fits the factor back from 1.
func TestRecoversRegistrationScale(t *testing.T) {
	s, err := scenarios.Builtin("balkan-route-2015")
	if err != nil {
		t.Fatal(err)
	}
	params, err := Select(Params(s), []string{"params.registration_scale"})
	if err != nil {
		t.Fatal(err)
	}
	truth, err := apply(&s.File, params, []float64{toSearch(params[0], 0.4)})
	if err != nil {
		t.Fatal(err)
	}
	obs := truthObservations(t, truth)
	ts, err := scenarios.Load(mustJSON(t, truth), "truth", ".")
	if err != nil {
		t.Fatal(err)
	}
	r, err := borderaware.Run(context.Background(), ts, sim.Options{Seed: 99, SeedSet: true})
	if err != nil {
		t.Fatal(err)
	}
	d := runfolder.FromResult(r)
	for _, c := range d.Centres {
		var sum int64
		first := 0
		for day := range d.Days {
			sum += c.TurnedAway[day]
			if last := day == d.Days-1 || d.Date(day+1).Time().Day() == 1; last {
				if sum > 0 {
					obs = append(obs, observe.Observation{Period: observe.Period{From: d.Date(first), To: d.Date(day)}, Place: c.ID, Metric: observe.TurnedAway, Value: float64(sum)})
				}
				sum, first = 0, day+1
			}
		}
	}
	end, _ := scenarios.ParseDate(s.File.Period.End)
	fit, err := Run(context.Background(), s, ".", obs, end, params, Options{Seed: 1, Members: 2})
	if err != nil {
		t.Fatal(err)
	}
	got, sp := fit.Values["params.registration_scale"], fit.Spread[0]
	t.Logf("registration_scale %.3f (truth 0.4), ±1 SD %.3f – %.3f, %d observations, %d evaluations", got, sp.Low, sp.High, fit.Observations, fit.Evaluations)
	if math.Abs(got-0.4) > 0.05 {
		t.Errorf("registration_scale %.3f, want 0.4 within 0.05", got)
	}
}
