package sweep

import (
	"math"
	"testing"
)

// linear is a synthetic model whose ranking is known: x0 matters most,
// then x1 (with an interaction with x0), x2 not at all.
func linear(x []float64) float64 { return 10*x[0] + 3*x[1] + 2*x[0]*x[1] + 0*x[2] }

func outputsOf(pts [][]float64) []float64 {
	y := make([]float64, len(pts))
	for i, p := range pts {
		y[i] = linear(p)
	}
	return y
}

// TestMorrisRanking: μ* ranks the parameters as the model weighs them, and
// the parameter the model ignores gets none.
func TestMorrisRanking(t *testing.T) {
	d := &Design{Method: DesignMorris, Samples: 40, Levels: 4, Ranges: map[string][2]float64{"a": {0, 1}, "b": {0, 1}, "c": {0, 1}}}
	if err := d.check(); err != nil {
		t.Fatal(err)
	}
	u := d.unitPoints(3, 5)
	if len(u) != 40*4 {
		t.Fatalf("%d points, want 160 (40 trajectories of 4)", len(u))
	}
	idx := morris(u, outputsOf(u), 3)
	t.Logf("μ*: %.2f %.2f %.2f; σ: %.2f %.2f %.2f", idx[0].MuStar, idx[1].MuStar, idx[2].MuStar, idx[0].Sigma, idx[1].Sigma, idx[2].Sigma)
	if !(idx[0].MuStar > idx[1].MuStar && idx[1].MuStar > idx[2].MuStar) || idx[2].MuStar != 0 {
		t.Errorf("μ* %v: want x0 > x1 > x2 = 0", idx)
	}
	// x0's effect is 10 + 2 x1, between 10 and 12; x1's 3 + 2 x0.
	if idx[0].MuStar < 10 || idx[0].MuStar > 12 || idx[1].MuStar < 3 || idx[1].MuStar > 5 || idx[1].Sigma == 0 {
		t.Errorf("μ* of x0 %.2f (want 10–12), of x1 %.2f (want 3–5, with a spread from the interaction)", idx[0].MuStar, idx[1].MuStar)
	}
}

// TestSobolIndices: the first and total order indices of the synthetic
// model are close to their analytic values, and x2's are 0.
func TestSobolIndices(t *testing.T) {
	d := &Design{Method: DesignSobol, Samples: 40000, Ranges: map[string][2]float64{"a": {0, 1}, "b": {0, 1}, "c": {0, 1}}}
	if err := d.check(); err != nil {
		t.Fatal(err)
	}
	u := d.unitPoints(3, 9)
	idx := sobol(outputsOf(u), 3)
	// y = 10 a + 3 b + 2 a b with a, b uniform: Var(E[y|a]) = 11²/12,
	// Var(E[y|b]) = 4²/12, Var(y) = (121 + 16)/12 + 4/144.
	v := (121.0+16)/12 + 4.0/144
	wantA, wantB := 121.0/12/v, 16.0/12/v
	t.Logf("first order %.3f %.3f %.3f (want %.3f %.3f 0); total %.3f %.3f %.3f", idx[0].First, idx[1].First, idx[2].First, wantA, wantB, idx[0].Total, idx[1].Total, idx[2].Total)
	if math.Abs(idx[0].First-wantA) > 0.05 || math.Abs(idx[1].First-wantB) > 0.05 || math.Abs(idx[2].First) > 0.02 || idx[2].Total != 0 {
		t.Errorf("indices %+v: want first order %.3f, %.3f, 0 within 0.05 and no total for x2", idx, wantA, wantB)
	}
	if !(idx[0].Total >= idx[0].First-0.02 && idx[1].Total >= idx[1].First-0.02) {
		t.Errorf("total order below first order: %+v", idx)
	}
}

// TestLatinHypercube: each coordinate has one point in each stratum.
func TestLatinHypercube(t *testing.T) {
	d := &Design{Method: DesignLHS, Samples: 50, Ranges: map[string][2]float64{"a": {0, 1}, "b": {0, 1}}}
	u := d.unitPoints(2, 1)
	for j := range 2 {
		seen := make([]bool, 50)
		for _, p := range u {
			seen[int(p[j]*50)] = true
		}
		for s, ok := range seen {
			if !ok {
				t.Errorf("coordinate %d has no point in stratum %d", j, s)
			}
		}
	}
}
