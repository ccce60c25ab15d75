package fleemodel_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/fleemodel"
)

// Equivalence of the two engines. The cohort engine draws with other
// random numbers than the agents do, so the runs differ seed by seed; what
// must agree is their distribution. TestFleeEnginesAgree runs mali2012
// with equivSeeds seeds under each engine and compares the means of
// figures the validation looks at, each with the two-sample statistic
//
//	z = |mean_agents − mean_cohorts| / sqrt(se_agents² + se_cohorts²),
//
// se being the standard error of a mean over the seeds. The figures are,
// per camp, its occupancy summed over the run and averaged over each
// 30-day month; per crossing and direction, the people who passed; per
// country, its entries: 99 figures. Where the engines draw from the same
// distribution, z is about normal (with 50 seeds a Student t of ~98
// degrees of freedom); P(|z| > 5) is under 3·10⁻⁶ per figure, so under
// 3·10⁻⁴ that any of the 99 passes equivZ by chance (a union bound: the
// figures are correlated), while a rule that moves a figure by five of
// its standard errors of the difference (a few per cent of a camp's
// occupancy) shows. A figure the same in every run of both (a closed
// crossing's zero) must be the same in both. The test logs how many
// figures have z > 2, against the 4.5 of chance.
//
// The runs are at equivScale (one agent per two people, 44,996 agents) so
// that the hundred runs take about half a minute on two cores; the rules
// and the network are the whole run's.
const (
	equivSeeds = 50
	equivScale = 0.5
	equivZ     = 5.0
)

// figures returns r's figures for the comparison, by name.
func figures(r *sim.Result) map[string]float64 {
	f := map[string]float64{}
	for c, v := range r.Centres {
		id := r.Network.Node(v).ID
		for d := range r.Days() {
			occ := float64(r.Occupancy[d][c])
			f["occupancy summed, "+id] += occ
			f[fmt.Sprintf("occupancy month %d, %s", d/30, id)] += occ / 30
		}
	}
	for p, post := range r.Posts {
		name := fmt.Sprintf("passed %s from %s", r.Network.Crossing(post.Crossing).ID, r.Countries[post.From])
		for d := range r.Days() {
			f[name] += float64(r.Passed[d][p])
		}
	}
	for c, name := range r.Countries {
		for d := range r.Days() {
			f["entries "+name] += float64(r.Entries[d][c])
		}
	}
	return f
}

// moments are a figure's sum and sum of squares over the seeds.
type moments struct{ sum, sq float64 }

func (m moments) mean() float64 { return m.sum / equivSeeds }

// se is the standard error of the mean over the seeds.
func (m moments) se() float64 {
	v := (m.sq - m.sum*m.sum/equivSeeds) / (equivSeeds - 1)
	return math.Sqrt(max(0, v) / equivSeeds)
}

func TestFleeEnginesAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("a hundred runs of mali2012")
	}
	fs := readMali(t)
	stats := map[string]map[string]moments{}
	for _, eng := range []string{sim.EngineAgents, sim.EngineCohorts} {
		st := map[string]moments{}
		for k := range equivSeeds {
			r, err := fleemodel.Run(context.Background(), fs, sim.Options{
				Scale: equivScale, Seed: sim.ReplicateSeed(fleemodel.DefaultSeed, k), SeedSet: true, Engine: eng,
			})
			if err != nil {
				t.Fatal(err)
			}
			for name, v := range figures(r) {
				m := st[name]
				m.sum += v
				m.sq += v * v
				st[name] = m
			}
		}
		stats[eng] = st
	}
	a, c := stats[sim.EngineAgents], stats[sim.EngineCohorts]
	worst, worstName, over2 := 0.0, "", 0
	for name, ma := range a {
		mc, ok := c[name]
		if !ok {
			t.Errorf("%s: in the agents' runs only", name)
			continue
		}
		se := math.Hypot(ma.se(), mc.se())
		if se == 0 {
			if ma.mean() != mc.mean() {
				t.Errorf("%s: %.6g with agents, %.6g with cohorts, the same in every run of each", name, ma.mean(), mc.mean())
			}
			continue
		}
		z := math.Abs(ma.mean()-mc.mean()) / se
		if z > 2 {
			over2++
		}
		if z > worst {
			worst, worstName = z, name
		}
		if z > equivZ {
			t.Errorf("%s: %.6g ± %.3g with agents, %.6g ± %.3g with cohorts: z = %.2f > %v", name, ma.mean(), ma.se(), mc.mean(), mc.se(), z, equivZ)
		}
	}
	t.Logf("%d figures over %d seeds at scale %v; %d with z > 2 (%.1f expected by chance); the largest z is %.2f (%s)",
		len(a), equivSeeds, equivScale, over2, 0.0455*float64(len(a)), worst, worstName)
}
