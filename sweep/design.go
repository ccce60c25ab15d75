package sweep

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Sampling designs for sensitivity analysis.
const (
	DesignLHS    = "lhs"    // Latin hypercube: Samples points, each range cut in Samples strata
	DesignMorris = "morris" // Morris elementary effects: Samples trajectories on a Levels grid
	DesignSobol  = "sobol"  // Saltelli's scheme for Sobol indices: Samples × (k + 2) points
)

// Design is a sampling design over parameter ranges (instead of Vary's
// grid): the points, and for Morris and Sobol designs the sensitivity
// indices Merge computes from them.
type Design struct {
	Method  string `json:"method"`
	Samples int    `json:"samples"`
	// Levels is the Morris grid's number of levels (default 4).
	Levels int `json:"levels,omitempty"`
	// Ranges gives each parameter's low and high value (names as in Vary).
	Ranges map[string][2]float64 `json:"ranges"`
}

// MaxSamples bounds a design's samples.
const MaxSamples = 100_000

// check checks the design's settings (the ranges against the scenario's
// bounds are checked with the parameters).
func (d *Design) check() error {
	switch d.Method {
	case DesignLHS, DesignMorris, DesignSobol:
	default:
		return fmt.Errorf("design method %q: want lhs, morris or sobol", d.Method)
	}
	if d.Samples < 2 || d.Samples > MaxSamples {
		return fmt.Errorf("design samples %d: want 2 to %d", d.Samples, MaxSamples)
	}
	if d.Method == DesignMorris {
		if d.Levels == 0 {
			d.Levels = 4
		}
		if d.Levels < 2 || d.Levels > 100 || d.Levels%2 != 0 {
			return fmt.Errorf("design levels %d: want an even number from 2 to 100", d.Levels)
		}
	}
	if len(d.Ranges) == 0 {
		return fmt.Errorf("a design needs ranges: each parameter's [low, high]")
	}
	for k, r := range d.Ranges {
		if !(r[0] < r[1]) || math.IsInf(r[0], 0) || math.IsInf(r[1], 0) {
			return fmt.Errorf("range of %s %v: want [low, high] with low < high", k, r)
		}
	}
	return nil
}

// size returns the number of points the design has over k parameters.
func (d *Design) size(k int) float64 {
	switch d.Method {
	case DesignMorris:
		return float64(d.Samples) * float64(k+1)
	case DesignSobol:
		return float64(d.Samples) * float64(k+2)
	}
	return float64(d.Samples)
}

// unitPoints returns the design's points in the unit cube over k
// parameters, drawn from a stream given by seed: for Morris, Samples
// trajectories of k + 1 points, each moving one coordinate by Δ = p/(2(p−1))
// of a p-level grid in a random order; for Sobol, Saltelli's blocks A, B
// and AB_i (A with column i from B) for each sample; for LHS, one point in
// each stratum of each coordinate, the strata shuffled.
func (d *Design) unitPoints(k int, seed uint64) [][]float64 {
	r := rand.New(rand.NewPCG(seed, 0x5eed5a1e))
	var out [][]float64
	switch d.Method {
	case DesignLHS:
		cols := make([][]float64, k)
		for j := range k {
			perm := r.Perm(d.Samples)
			cols[j] = make([]float64, d.Samples)
			for i := range d.Samples {
				cols[j][i] = (float64(perm[i]) + r.Float64()) / float64(d.Samples)
			}
		}
		for i := range d.Samples {
			p := make([]float64, k)
			for j := range k {
				p[j] = cols[j][i]
			}
			out = append(out, p)
		}
	case DesignMorris:
		p := d.Levels
		delta := float64(p) / (2 * float64(p-1))
		for range d.Samples {
			x := make([]float64, k)
			for j := range k {
				// A start from which the step up stays on the grid.
				x[j] = float64(r.IntN(p/2)) / float64(p-1)
			}
			out = append(out, slices.Clone(x))
			for _, j := range r.Perm(k) {
				x[j] += delta
				out = append(out, slices.Clone(x))
			}
		}
	case DesignSobol:
		for range d.Samples {
			a, b := make([]float64, k), make([]float64, k)
			for j := range k {
				a[j], b[j] = r.Float64(), r.Float64()
			}
			out = append(out, a, b)
			for i := range k {
				ab := slices.Clone(a)
				ab[i] = b[i]
				out = append(out, ab)
			}
		}
	}
	return out
}

// Index is one sensitivity index of one output to one parameter.
type Index struct {
	Param string
	// Morris: MuStar (mean absolute elementary effect, in the output's
	// units per the parameter's whole range) and Sigma (their standard
	// deviation). Sobol: First and Total order.
	MuStar, Sigma float64
	First, Total  float64
}

// morris returns each parameter's μ* and σ from the outputs y of a Morris
// design's points (unit points u, in the design's order) over k
// parameters.
func morris(u [][]float64, y []float64, k int) []Index {
	out := make([]Index, k)
	effects := make([][]float64, k)
	for t := 0; t+k < len(u); t += k + 1 {
		for s := range k {
			a, b := u[t+s], u[t+s+1]
			j := -1
			for i := range k {
				if a[i] != b[i] {
					j = i
				}
			}
			if j < 0 {
				continue
			}
			effects[j] = append(effects[j], (y[t+s+1]-y[t+s])/(b[j]-a[j]))
		}
	}
	for j, ee := range effects {
		var sum, abs float64
		for _, e := range ee {
			sum += e
			abs += math.Abs(e)
		}
		n := float64(len(ee))
		if n == 0 {
			continue
		}
		mean := sum / n
		var v float64
		for _, e := range ee {
			v += (e - mean) * (e - mean)
		}
		if n > 1 {
			v /= n - 1
		}
		out[j].MuStar, out[j].Sigma = abs/n, math.Sqrt(v)
	}
	return out
}

// sobol returns each parameter's first-order (Saltelli 2010) and total
// (Jansen) Sobol index from the outputs y of a Sobol design (blocks of
// A, B, AB_1 … AB_k) over k parameters.
func sobol(y []float64, k int) []Index {
	out := make([]Index, k)
	n := len(y) / (k + 2)
	if n < 2 {
		return out
	}
	var mean, sq float64
	for s := range n {
		a, b := y[s*(k+2)], y[s*(k+2)+1]
		mean += a + b
		sq += a*a + b*b
	}
	mean /= float64(2 * n)
	variance := sq/float64(2*n) - mean*mean
	if !(variance > 0) {
		return out
	}
	for i := range k {
		var first, total float64
		for s := range n {
			base := s * (k + 2)
			a, b, ab := y[base], y[base+1], y[base+2+i]
			first += b * (ab - a)
			total += (a - ab) * (a - ab)
		}
		out[i].First = first / float64(n) / variance
		out[i].Total = total / float64(2*n) / variance
	}
	return out
}
