package score

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestCRPSByHand(t *testing.T) {
	for _, c := range []struct {
		members []float64
		y, want float64
	}{
		{[]float64{3}, 5, 2},      // one member: the absolute error
		{[]float64{1, 3}, 2, 0.5}, // E|X−y| = 1, ½E|X−X′| = ½·(2·2/4)
		{[]float64{3, 1}, 2, 0.5}, // any order
		{[]float64{2, 2, 2}, 2, 0},
		{[]float64{0, 0, 10}, 0, 10.0/3 - 0.5*(40.0/9)},
	} {
		if got := CRPS(c.members, c.y); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("CRPS(%v, %v) = %v, want %v", c.members, c.y, got, c.want)
		}
	}
	if !math.IsNaN(CRPS(nil, 1)) {
		t.Error("CRPS of no members is not NaN")
	}
}

// TestCRPSNormal checks a large normal ensemble against the closed form
// for N(μ, σ²): σ(z(2Φ(z) − 1) + 2φ(z) − 1/√π), z = (y − μ)/σ.
func TestCRPSNormal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	members := make([]float64, 200000)
	for i := range members {
		members[i] = 10 + 3*r.NormFloat64()
	}
	for _, y := range []float64{10, 13, 2} {
		z := (y - 10) / 3
		phi := math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
		Phi := 0.5 * (1 + math.Erf(z/math.Sqrt2))
		want := 3 * (z*(2*Phi-1) + 2*phi - 1/math.Sqrt(math.Pi))
		if got := CRPS(members, y); math.Abs(got-want) > 0.03 { // 4.5 standard errors of the mean |X − y|
			t.Errorf("CRPS of N(10, 9) at %v = %.4f, want %.4f", y, got, want)
		}
	}
}

func TestBandAndCoverage(t *testing.T) {
	members := make([]float64, 101)
	for i := range members {
		members[i] = float64(100 - i) // 0..100, in reverse
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if lo, hi := Band(members, 0.9); !near(lo, 5) || !near(hi, 95) {
		t.Errorf("90%% band (%v, %v), want (5, 95)", lo, hi)
	}
	if lo, hi := Band(members, 0.5); !near(lo, 25) || !near(hi, 75) {
		t.Errorf("50%% band (%v, %v), want (25, 75)", lo, hi)
	}
	if !Covered(members, 94.99, 0.9) || Covered(members, 96, 0.9) || Covered(members, 4.9, 0.9) {
		t.Error("coverage of the 90% band's ends")
	}
}

func TestPointErrorsAndSkill(t *testing.T) {
	e := PointErrors([]float64{10, 20, 5}, []float64{12, 20, 0})
	if e.N != 3 || math.Abs(e.MAE-7.0/3) > 1e-12 || math.Abs(e.MAPE-(2.0/12)/2) > 1e-12 {
		t.Errorf("PointErrors = %+v", e)
	}
	base := PointErrors([]float64{0, 0, 0}, []float64{12, 20, 0})
	if s := Skill(e, base); math.Abs(s-(1-(7.0/3)/(32.0/3))) > 1e-12 {
		t.Errorf("Skill = %v", s)
	}
	if s := Skill(e, Errors{N: 3}); !math.IsNaN(s) {
		t.Errorf("Skill against a perfect baseline = %v, want NaN", s)
	}
}
