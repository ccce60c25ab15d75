package calibrate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"gonum.org/v1/gonum/optimize"

	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/score"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// Param is a free parameter of a scenario.
type Param struct {
	Name     string  `json:"name"`
	Min, Max float64 `json:"-"`
	// Whole is whether the parameter takes whole numbers (it is rounded).
	Whole bool `json:"-"`
	// start is the scenario's value, where a fit starts.
	start float64
	// stream is 1 + the index of the arrival stream a scale multiplies
	// (0: not a stream's scale).
	stream int
	// from is the day an event's parameter takes effect (0: from the
	// start): observations before it cannot tell its value.
	from scenarios.Date
	// normalise, if set, is called once all values are set, once for the
	// parameters of the same group: shares given as weights are brought
	// back to a sum of 1.
	normalise func(*scenarios.File)
	group     string
	set       func(*scenarios.File, float64)
}

// Params returns the free parameters scenario s has (see the package
// doc), in a fixed order: the streams', then the model's, each starting
// from the scenario's value (its stated one or the default it resolved).
func Params(s *scenarios.Scenario) []Param {
	var ps []Param
	for i, a := range s.File.Arrivals {
		if len(a.Daily) == 0 && len(a.Monthly) == 0 {
			continue // counts from a CSV file: not scaled here
		}
		name := a.Name
		if name == "" {
			name = a.Entry
		}
		ps = append(ps, Param{
			Name: "arrivals." + name + ".scale", Min: 0.2, Max: 5, start: 1, stream: i + 1,
			set: func(f *scenarios.File, v float64) {
				a := &f.Arrivals[i]
				for k := range a.Daily {
					a.Daily[k] *= v
				}
				for k := range a.Monthly {
					a.Monthly[k] *= v
				}
			},
		})
	}
	ps = append(ps,
		Param{Name: "params.walk_km_per_day", Min: 5, Max: 60, start: s.Params.WalkKmPerDay,
			set: func(f *scenarios.File, v float64) { f.Params.WalkKmPerDay = &v }},
		Param{Name: "params.info_delay_days", Min: 0, Max: 14, Whole: true, start: float64(s.Params.InfoDelayDays),
			set: func(f *scenarios.File, v float64) { n := int(math.Round(v)); f.Params.InfoDelayDays = &n }},
		Param{Name: "params.rest_days", Min: 0, Max: 14, Whole: true, start: float64(s.Params.RestDays),
			set: func(f *scenarios.File, v float64) { n := int(math.Round(v)); f.Params.RestDays = &n }},
		Param{Name: "params.transport_km_per_day", Min: 50, Max: 1000, start: s.Params.TransportKmPerDay,
			set: func(f *scenarios.File, v float64) { f.Params.TransportKmPerDay = &v }},
	)
	ps = append(ps, shareParams(s)...)
	for i, ev := range s.File.Events {
		if rr := ev.RefusalRate; rr != nil {
			target := rr.Crossing
			if target == "" {
				target = strings.Join(rr.Between, "-")
			}
			from, _ := scenarios.ParseDate(ev.Date)
			ps = append(ps, Param{Name: "refusal." + target + "." + ev.Date, Min: 0, Max: 0.99, start: rr.Rate, from: from,
				set: func(f *scenarios.File, v float64) {
					r := *f.Events[i].RefusalRate
					r.Rate = v
					f.Events[i].RefusalRate = &r
				}})
		}
	}
	if s.File.Params.SchengenRefusal != nil {
		ps = append(ps, Param{Name: "params.schengen_refusal", Min: 0, Max: 0.99, start: s.Params.SchengenRefusal,
			set: func(f *scenarios.File, v float64) { f.Params.SchengenRefusal = &v }})
	}
	if registers(s) {
		ps = append(ps, Param{Name: "params.registration_scale", Min: 0.1, Max: 10, start: s.Params.RegistrationScale,
			set: func(f *scenarios.File, v float64) { f.Params.RegistrationScale = &v }})
	}
	return ps
}

// Select returns the parameters of ps named in names (all of ps for none),
// or an error naming one that is not there.
func Select(ps []Param, names []string) ([]Param, error) {
	if len(names) == 0 {
		return ps, nil
	}
	var out []Param
	for _, n := range names {
		found := false
		for _, p := range ps {
			if p.Name == n {
				out = append(out, p)
				found = true
			}
		}
		if !found {
			have := make([]string, len(ps))
			for i, p := range ps {
				have[i] = p.Name
			}
			return nil, fmt.Errorf("no free parameter %q; this scenario has %s", n, strings.Join(have, ", "))
		}
	}
	return out, nil
}

// Options are a fit's settings.
type Options struct {
	// Members is the ensemble each evaluation runs (default 4), Seed
	// their base seed, Scale and Workers as for a run.
	Members int
	Seed    uint64
	Scale   float64
	Workers int
	// MaxEvaluations bounds the objective's evaluations (default 200).
	MaxEvaluations int
	// Progress, if not nil, is called after each evaluation with the
	// evaluations done and MaxEvaluations.
	Progress func(done, max int)
}

// Fit is a fitted scenario.
type Fit struct {
	// Values are the fitted values, by parameter.
	Values      map[string]float64 `json:"values"`
	Before      float64            `json:"objective_before"`
	After       float64            `json:"objective_after"`
	Evaluations int                `json:"evaluations"`
	Seconds     float64            `json:"seconds"`
	// Skipped are the parameters asked for that were left out: those of
	// events that take effect after the date, which no observation up to
	// it can tell.
	Skipped []string `json:"skipped,omitempty"`
	// Observations is how many observations end by the date; those
	// outside the run or of figures it lacks are left out of the
	// objective (see score.CompareFigures).
	Observations int `json:"observations"`
	// Spread is each parameter's uncertainty, in the order fitted, and
	// Dispersion the factor by which the observations scatter more than
	// Poisson counts (at least 1; see Spread).
	Spread     []Spread `json:"spread"`
	Dispersion float64  `json:"dispersion"`
	// File is the scenario with the fitted values.
	File *scenarios.File `json:"-"`

	base   *scenarios.File // the scenario file the fit started from
	params []Param
	x      []float64 // the fit in search space
}

// Run fits params of scenario s (loaded from dir) to the observations obs
// dated up to until, each evaluation running the ensemble of opts.
func Run(ctx context.Context, s *scenarios.Scenario, dir string, obs []observe.Observation, until scenarios.Date, params []Param, opts Options) (*Fit, error) {
	if opts.Members <= 0 {
		opts.Members = 4
	}
	if opts.MaxEvaluations <= 0 {
		opts.MaxEvaluations = 200
	}
	if opts.Scale == 0 {
		opts.Scale = 1
	}
	var known []observe.Observation
	for _, o := range obs {
		if o.Period.To <= until {
			known = append(known, o)
		}
	}
	if len(known) == 0 {
		return nil, fmt.Errorf("no observation ends on or before %s", until)
	}
	var skipped []string
	params = slices.DeleteFunc(slices.Clone(params), func(p Param) bool {
		if p.from > until {
			skipped = append(skipped, p.Name)
			return true
		}
		return false
	})
	if len(params) == 0 {
		if len(skipped) > 0 {
			return nil, fmt.Errorf("no parameters to fit: %s take effect after %s", strings.Join(skipped, ", "), until)
		}
		return nil, errors.New("no parameters to fit")
	}
	start := time.Now()
	base := s.File
	x0 := make([]float64, len(params))
	for i, p := range params {
		x0[i] = toSearch(p, p.start)
	}
	evals, figures := 0, 0
	var lastErr error
	objective := func(x []float64) float64 {
		evals++
		if opts.Progress != nil {
			defer opts.Progress(evals, opts.MaxEvaluations+2*len(params))
		}
		f, err := apply(&base, params, x)
		if err == nil {
			var dev float64
			if dev, figures, err = deviance(ctx, f, dir, known, opts); err == nil {
				return dev
			}
		}
		lastErr = err
		return math.Inf(1)
	}
	before := objective(x0)
	if math.IsInf(before, 1) {
		return nil, fmt.Errorf("the scenario as given: %w", lastErr)
	}
	// Nelder–Mead's simplex shrinks along the directions that matter
	// little to the objective (a small stream beside a large one) and
	// stops there; a restart from the best point with a fresh simplex
	// takes them up again. Restart while the last run gained more than
	// 1%, within the evaluations allowed.
	var res *optimize.Result
	for x := x0; ; {
		left := opts.MaxEvaluations - (evals - 1)
		if left < 2*len(params)+2 {
			break
		}
		r, err := optimize.Minimize(optimize.Problem{Func: objective}, x,
			&optimize.Settings{
				FuncEvaluations: left,
				// Done when ten iterations in a row improve the deviance by
				// less than 0.01% (or 0.01 of it absolute, near a perfect fit).
				Converger: &optimize.FunctionConverge{Relative: 1e-4, Absolute: 1e-2, Iterations: 10},
			}, &optimize.NelderMead{})
		if err != nil && r == nil {
			return nil, fmt.Errorf("fitting: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		gained := res == nil || r.F < res.F*0.99
		if res == nil || r.F < res.F {
			res = r
		}
		if !gained {
			break
		}
		x = res.X
	}
	if res == nil {
		return nil, fmt.Errorf("fitting: %d evaluations are too few for %d parameters", opts.MaxEvaluations, len(params))
	}
	fit := &Fit{Values: map[string]float64{}, Before: before, After: res.F, Observations: len(known), Skipped: skipped}
	if res.F > before {
		res.X, fit.After = x0, before
	}
	res.X, fit.After = compass(params, res.X, fit.After, objective, func() bool { return evals >= opts.MaxEvaluations || ctx.Err() != nil })
	res.X, fit.After = wholeSteps(params, res.X, fit.After, objective)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var err error
	if fit.File, err = apply(&base, params, res.X); err != nil {
		return nil, err
	}
	for i, p := range params {
		fit.Values[p.Name] = fromSearch(p, res.X[i])
	}
	fit.base, fit.params, fit.x = &base, params, res.X
	fit.Spread, fit.Dispersion = spreads(params, res.X, fit.After, figures, objective)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fit.Evaluations = evals
	fit.Seconds = time.Since(start).Seconds()
	return fit, nil
}

// compass polishes the fit x (objective fx) of the parameters that are
// not whole by a compass search: each in turn tries a step up and down
// in the search space and moves to the better of the two if it lowers
// the objective (both are tried: on a plateau the first may gain a
// trifle while the second gains much);
// when no parameter gains, the step halves, from 1.6 down to 0.025 (a
// logit step of 0.025 moves a parameter in the middle of its range by
// about 0.6% of the range). Nelder–Mead's simplex collapses along a
// direction that matters little next to the others (a small stream
// beside a large one) and leaves it where it was; the compass takes each
// direction on its own. It stops early when stop says so.
func compass(params []Param, x []float64, fx float64, objective func([]float64) float64, stop func() bool) ([]float64, float64) {
	x = slices.Clone(x)
	for step := 1.6; step >= 0.025; {
		improved := false
		for i, p := range params {
			if p.Whole {
				continue
			}
			best, bestF := []float64(nil), fx
			for _, s := range []float64{step, -step} {
				if stop() {
					return x, fx
				}
				probe := slices.Clone(x)
				probe[i] += s
				if f := objective(probe); f < bestF {
					best, bestF = probe, f
				}
			}
			if best != nil {
				x, fx, improved = best, bestF, true
			}
		}
		if !improved {
			step /= 2
		}
	}
	return x, fx
}

// wholeSteps improves the fit x (objective fx) of the whole parameters
// one value at a time: Nelder–Mead moves in the search space, where a
// whole parameter's objective is flat between roundings, so its simplex
// shrinks on a step and stops there. Each whole parameter tries the
// values one and two away, in turn, keeping any that lowers the
// objective, until a pass changes nothing (at most three passes).
func wholeSteps(params []Param, x []float64, fx float64, objective func([]float64) float64) ([]float64, float64) {
	x = slices.Clone(x)
	for range 3 {
		improved := false
		for i, p := range params {
			if !p.Whole {
				continue
			}
			v := fromSearch(p, x[i])
			for _, step := range []float64{-1, 1, -2, 2} {
				nv := v + step
				if nv < p.Min || nv > p.Max {
					continue
				}
				probe := slices.Clone(x)
				probe[i] = toSearch(p, nv)
				if f := objective(probe); f < fx {
					x, fx, improved = probe, f, true
					break
				}
			}
		}
		if !improved {
			break
		}
	}
	return x, fx
}

// toSearch maps a parameter's value into the unconstrained search space;
// fromSearch maps it back into [Min, Max] (rounded for a whole parameter).
func toSearch(p Param, v float64) float64 {
	u := (min(max(v, p.Min), p.Max) - p.Min) / (p.Max - p.Min)
	u = min(max(u, 1e-6), 1-1e-6)
	return math.Log(u / (1 - u))
}

func fromSearch(p Param, x float64) float64 {
	v := p.Min + (p.Max-p.Min)/(1+math.Exp(-x))
	if p.Whole {
		v = math.Round(v)
	}
	return v
}

// apply returns a copy of base with params set to the values at x.
func apply(base *scenarios.File, params []Param, x []float64) (*scenarios.File, error) {
	values := make([]float64, len(x))
	for i, p := range params {
		values[i] = fromSearch(p, x[i])
	}
	return applyValues(base, params, values)
}

// applyValues returns a copy of base with params set to values.
func applyValues(base *scenarios.File, params []Param, values []float64) (*scenarios.File, error) {
	b, err := json.Marshal(base)
	if err != nil {
		return nil, err
	}
	var f scenarios.File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	for i, p := range params {
		p.set(&f, values[i])
	}
	done := map[string]bool{}
	for _, p := range params {
		if p.normalise != nil && !done[p.group] {
			p.normalise(&f)
			done[p.group] = true
		}
	}
	return &f, nil
}

// deviance runs scenario file f as an ensemble and returns the Poisson
// deviance of known against the members' mean, and the number of figures
// it compared.
func deviance(ctx context.Context, f *scenarios.File, dir string, known []observe.Observation, opts Options) (float64, int, error) {
	b, err := jsonOf(f)
	if err != nil {
		return 0, 0, err
	}
	s, err := scenarios.Load(b, "calibrated "+f.Name, dir)
	if err != nil {
		return 0, 0, err
	}
	run := func(ctx context.Context, o sim.Options) (*sim.Result, error) { return borderaware.Run(ctx, s, o) }
	mean, _, err := sim.RunReplicates(ctx, run, opts.Seed, sim.Options{Scale: opts.Scale, Workers: opts.Workers, Seed: opts.Seed, SeedSet: true}, opts.Members, nil)
	if err != nil {
		return 0, 0, err
	}
	sc, err := score.CompareFigures(runfolder.FromResult(mean), known, "")
	if err != nil {
		return 0, 0, err
	}
	return sc.Deviance, len(sc.Figures), nil
}

// jsonOf writes f as JSON, which is YAML: the file goes through the
// loader's checks as a user's would.
func jsonOf(f *scenarios.File) ([]byte, error) { return json.Marshal(f) }

// ScenarioYAML returns the fitted scenario as a YAML file, headed by a
// comment saying what was fitted against what. The original file's
// comments and sources do not survive; its values do.
func (f *Fit) ScenarioYAML(observed string, until scenarios.Date) ([]byte, error) {
	b, err := jsonOf(f.File)
	if err != nil {
		return nil, err
	}
	y, err := yaml.JSONToYAML(b)
	if err != nil {
		return nil, err
	}
	var head strings.Builder
	fmt.Fprintf(&head, "# Calibrated by borderflow calibrate against %s up to %s\n# (%d observations; Poisson deviance %.1f before, %.1f after):\n", observed, until, f.Observations, f.Before, f.After)
	for _, name := range slices.Sorted(maps.Keys(f.Values)) {
		fmt.Fprintf(&head, "#   %s = %g\n", name, f.Values[name])
	}
	return append([]byte(head.String()), y...), nil
}
