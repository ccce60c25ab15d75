package arrivals

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// synthetic returns months of arrivals from a known process: a level of
// about 5,000 a month, a trend that dies away, a seasonal swing of ±40%
// (summer high) and log-normal noise of sd sd.
func synthetic(r *rand.Rand, months int, sd float64) []float64 {
	out := make([]float64, months)
	level, trend := math.Log(5000), 0.08
	for t := range out {
		trend *= 0.9
		level += trend
		season := 0.4 * math.Sin(2*math.Pi*float64(t%12-3)/12)
		out[t] = math.Expm1(level + season + sd*r.NormFloat64())
	}
	return out
}

// TestBandsCoverHeldBackTruth fits 60 synthetic histories of 36 months,
// forecasts the next 3 and checks that the 90% band of 200 paths holds
// at least 80% of the months held back, and the 50% band 35% or more.
func TestBandsCoverHeldBackTruth(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var in90, in50, n int
	for range 60 {
		series := synthetic(r, 39, 0.15)
		m, err := Fit(series[:36], time.January)
		if err != nil {
			t.Fatal(err)
		}
		if !m.Seasonal {
			t.Fatal("36 months, want a seasonal model")
		}
		paths, err := m.Paths(3, 200, 1)
		if err != nil {
			t.Fatal(err)
		}
		for h := range 3 {
			col := make([]float64, len(paths))
			for k, p := range paths {
				col[k] = p[h]
			}
			slices.Sort(col)
			truth := series[36+h]
			n++
			if col[10] <= truth && truth <= col[189] {
				in90++
			}
			if col[50] <= truth && truth <= col[149] {
				in50++
			}
		}
	}
	c90, c50 := float64(in90)/float64(n), float64(in50)/float64(n)
	t.Logf("coverage of %d held-back months: 90%% band %.2f, 50%% band %.2f", n, c90, c50)
	if c90 < 0.8 || c50 < 0.35 {
		t.Errorf("coverage 90%% band %.2f (want ≥ 0.80), 50%% band %.2f (want ≥ 0.35)", c90, c50)
	}
}

// TestMedianFollowsSeason checks that a seasonal history's forecast
// median keeps its season: the summer month above the winter one.
func TestMedianFollowsSeason(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	series := synthetic(r, 36, 0.02)
	m, err := Fit(series, time.January)
	if err != nil {
		t.Fatal(err)
	}
	med := m.Median(12) // January to December of year 4
	if !(med[6] > 1.5*med[0]) {
		t.Errorf("median July %.0f, January %.0f: want the summer high kept", med[6], med[0])
	}
}

func TestPathsDeterministic(t *testing.T) {
	m, err := Fit([]float64{100, 120, 130, 160, 150, 170, 200, 210}, time.March)
	if err != nil {
		t.Fatal(err)
	}
	if m.Seasonal {
		t.Error("8 months, want no seasonality")
	}
	a, _ := m.Paths(6, 20, 42)
	b, _ := m.Paths(6, 20, 42)
	c, _ := m.Paths(6, 20, 43)
	for k := range a {
		if !slices.Equal(a[k], b[k]) {
			t.Fatal("the same seed gave other paths")
		}
	}
	if slices.Equal(a[0], c[0]) {
		t.Error("another seed gave the same first path")
	}
	for _, p := range a {
		for _, v := range p {
			if !(v >= 0) {
				t.Fatalf("path value %v, want 0 or more", v)
			}
		}
	}
}

func TestFitErrors(t *testing.T) {
	for _, c := range []struct {
		totals []float64
		first  time.Month
	}{
		{[]float64{1, 2, 3}, time.January},
		{[]float64{1, 2, 3, 4, 5, -6}, time.January},
		{[]float64{1, 2, 3, 4, 5, math.NaN()}, time.January},
		{[]float64{1, 2, 3, 4, 5, math.Inf(1)}, time.January},
		{[]float64{1, 2, 3, 4, 5, 6}, 13},
	} {
		if _, err := Fit(c.totals, c.first); err == nil {
			t.Errorf("Fit(%v, %v): no error", c.totals, c.first)
		}
	}
	m, _ := Fit([]float64{1, 2, 3, 4, 5, 6}, time.June)
	if _, err := m.Paths(0, 3, 1); err == nil {
		t.Error("Paths with horizon 0: no error")
	}
}

func TestRandomWalkCarriesTheLastMonth(t *testing.T) {
	m, err := RandomWalk([]float64{1000, 2000, 4000}, time.June)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Median(3); math.Abs(got[0]-4000) > 1e-6 || math.Abs(got[2]-4000) > 1e-6 {
		t.Errorf("median path %v, want 4000 every month", got)
	}
	// Changes of about log 2 each time: (almost) no spread of the changes.
	if m.Sigma > 1e-3 {
		t.Errorf("sigma %v for steady doubling, want 0", m.Sigma)
	}
	m, err = RandomWalk([]float64{500}, time.June)
	if err != nil {
		t.Fatal(err)
	}
	if m.Sigma != DefaultWalkSigma {
		t.Errorf("sigma %v from one month, want the default %v", m.Sigma, DefaultWalkSigma)
	}
	paths, err := m.Paths(6, 400, 1)
	if err != nil {
		t.Fatal(err)
	}
	var first, last []float64
	for _, p := range paths {
		first, last = append(first, p[0]), append(last, p[5])
	}
	spread := func(v []float64) float64 {
		slices.Sort(v)
		return math.Log(v[len(v)*95/100]) - math.Log(v[len(v)*5/100])
	}
	if r := spread(last) / spread(first); r < 1.8 || r > 3 {
		t.Errorf("90%% band grows %.2f× from month 1 to month 6, want about √6 = 2.45", r)
	}
	if _, err := RandomWalk(nil, time.June); err == nil {
		t.Error("no history: no error")
	}
	if m, err := FitAny(make([]float64, MinMonths), time.June); err != nil || m.Alpha == 1 && m.Beta == 0 && m.Phi == 1 {
		t.Errorf("FitAny of %d months: %v, %+v; want the fitted model", MinMonths, err, m)
	}
}
