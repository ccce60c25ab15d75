package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/schollz/progressbar/v3"

	"github.com/borderflow/borderflow/plan"
	"github.com/borderflow/borderflow/sweep"
)

// runPlan is the plan command: where an addition of beds or of passes a
// day cuts the people turned away or queued most.
func runPlan(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("plan", "plan SCENARIO --beds N | --passes N | --budget N [--bed-cost C] [--pass-cost C] [--steps K] [--replicates R] [--seed N] [--scale F] [--workers N] [--json] [--report FILE.html]\n"+
		"       borderflow plan SCENARIO --beds N | --passes N --emit-sweep [--replicates R] [--seed N] [--scale F] > plan.yaml\n"+
		"       borderflow plan --from-sweep DIR [--json] [--report FILE.html]\n\n"+
		"Capacity planning (go doc ./plan): tries N more beds at every centre that turns people away\n"+
		"(or N more passes a day at every capped post where people queue), each over the same\n"+
		"replicates, and ranks them by the cut in people turned away (or person-days queued), with the\n"+
		"5–95% band of the cut over the replicates. --steps K also splits N into K parts, each given\n"+
		"to the place that gains most on top of the parts before. To run it on a cluster, --emit-sweep\n"+
		"prints it as a sweep file (go doc ./sweep): run that sweep in shards, then --from-sweep ranks\n"+
		"its items as the plan here would.", stderr)
	beds := fs.Int("beds", 0, "extra places at one centre")
	passes := fs.Int("passes", 0, "extra passes a day at one capped border post (more staff there)")
	budget := fs.Int("budget", 0, "units to spend on beds or passes a day, at --bed-cost and --pass-cost (the gain: nights turned away plus person-days queued)")
	bedCost := fs.Float64("bed-cost", 1, "with --budget: units a bed costs")
	passCost := fs.Float64("pass-cost", 1, "with --budget: units a pass a day costs")
	steps := fs.Int("steps", 1, "parts of the greedy combination (1: none)")
	replicates := fs.Int("replicates", 10, "runs per placement")
	seed := fs.Uint64("seed", 1, "base seed of the replicates")
	scale := fs.Float64("scale", 1, "agents per person, as for run")
	workers := fs.Int("workers", 0, "replicates run side by side (default: one per CPU)")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	emitSweep := fs.Bool("emit-sweep", false, "print the plan as a sweep file (the scenario as it is and with the addition at each candidate) instead of running it")
	fromSweep := fs.String("from-sweep", "", "rank the placements of a plan's sweep run into this `folder`")
	reportFile := fs.String("report", "", "also write the plan as an HTML page to this `file` (the ranking, the load before and after at each place)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *fromSweep != "" {
		if len(pos) > 0 || *beds > 0 || *passes > 0 || *budget > 0 || *emitSweep {
			return usagef("--from-sweep takes no scenario, --beds, --passes or --emit-sweep: the sweep holds them")
		}
		items, err := sweep.ReadItems(*fromSweep)
		if err != nil {
			return err
		}
		p, err := plan.FromItems(items)
		if err != nil {
			return err
		}
		return printPlan(stdout, p, *asJSON, *reportFile, 0)
	}
	opts := plan.Options{Steps: *steps, Replicates: *replicates, Seed: *seed, Scale: *scale, Workers: *workers, BedCost: *bedCost, PassCost: *passCost}
	given := 0
	for _, n := range []int{*beds, *passes, *budget} {
		if n > 0 {
			given++
		}
	}
	switch {
	case len(pos) != 1:
		return usagef("want one scenario (a built-in name or a file), got %d arguments", len(pos))
	case given != 1:
		return usagef("give one of --beds N, --passes N and --budget N (a positive number)")
	case !(*bedCost > 0) || !(*passCost > 0):
		return usagef("--bed-cost %v, --pass-cost %v: want positive numbers", *bedCost, *passCost)
	case *budget > 0:
		opts.What, opts.Amount = plan.Budget, *budget
	case *replicates < 2 || *replicates > 1000:
		return usagef("--replicates %d: want 2 to 1000 (the band needs several)", *replicates)
	case *steps < 1 || *steps > 20:
		return usagef("--steps %d: want 1 to 20", *steps)
	case !(*scale > 0):
		return usagef("--scale %v: want a positive number", *scale)
	case *beds > 0:
		opts.What, opts.Amount = plan.Beds, *beds
	default:
		opts.What, opts.Amount = plan.Passes, *passes
	}
	s, err := loadScenario(pos[0], nil, "")
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	if *emitSweep {
		ref := pos[0]
		if isScenarioFile(ref) {
			if ref, err = filepath.Abs(ref); err != nil {
				return err
			}
		}
		f, err := plan.SweepFile(ctx, s, ref, opts)
		if err != nil {
			return fmt.Errorf("plan %s: %w", pos[0], err)
		}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		y, err := yaml.JSONToYAML(b)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "# borderflow plan %s --%s %d as a sweep: run it (borderflow sweep FILE --out DIR, in shards),\n# then rank it with borderflow plan --from-sweep DIR.\n", pos[0], opts.What, opts.Amount)
		_, err = stdout.Write(y)
		return err
	}
	bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetVisibility(isTerminal(stderr)),
		progressbar.OptionSetDescription("planning (runs)"), progressbar.OptionClearOnFinish())
	opts.Progress = func(done, _ int) { bar.Set(done) }
	began := time.Now()
	p, err := plan.Run(ctx, s, opts)
	bar.Finish()
	if err != nil {
		if err := interrupted(ctx, "nothing planned"); err != nil {
			return err
		}
		return fmt.Errorf("plan %s: %w", pos[0], err)
	}
	return printPlan(stdout, p, *asJSON, *reportFile, time.Since(began).Seconds())
}

// printPlan prints plan p as a table or JSON, and writes its page to
// reportFile if given.
func printPlan(stdout io.Writer, p *plan.Plan, asJSON bool, reportFile string, seconds float64) error {
	if reportFile != "" {
		if err := writeFileAtomic(reportFile, func(w io.Writer) error { return plan.WriteHTML(w, p) }); err != nil {
			return err
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	}
	took := fmt.Sprintf("%.1f s", seconds)
	if seconds == 0 {
		took = "from the sweep's items"
	}
	what := fmt.Sprintf("%d more %s", p.Amount, p.What)
	if p.What == plan.Budget {
		what = fmt.Sprintf("a budget of %d units", p.Amount)
	}
	fmt.Fprintf(stdout, "%s: %s, %d replicates each (%d runs, %s)\n", p.Scenario, what, p.Replicates, p.Runs, took)
	fmt.Fprintf(stdout, "as it is: %s %s (mean over the replicates)\n\n", plan.Count(p.Baseline), p.Metric)
	if len(p.Ranked) == 0 {
		fmt.Fprintf(stdout, "no %s to gain anywhere: nobody is %s\n", p.What, p.Metric)
		return nil
	}
	fmt.Fprintf(stdout, "%-4s %-34s %12s %22s %20s\n", "rank", "place", "cut", "band (5–95%)", "at the place")
	for i, c := range p.Ranked {
		if i == 15 {
			fmt.Fprintf(stdout, "… %d more in --json\n", len(p.Ranked)-i)
			break
		}
		place := c.ID
		if p.What == plan.Budget {
			unit := " beds"
			if c.Kind == "crossing" {
				unit = "/day"
			}
			place += " +" + plan.Count(float64(c.Amount)) + unit
		}
		fmt.Fprintf(stdout, "%-4d %-34s %12s %10s – %-10s %9s → %-9s\n", i+1, place, plan.Count(c.Reduction), plan.Count(c.ReductionP05), plan.Count(c.ReductionP95), plan.Count(c.PlaceBefore), plan.Count(c.PlaceAfter))
	}
	if len(p.Greedy) > 0 {
		fmt.Fprintf(stdout, "\ngreedy, %d parts of %d:\n", len(p.Greedy), p.Greedy[0].Amount)
		for i, c := range p.Greedy {
			fmt.Fprintf(stdout, "  %d. %-32s total cut %s (band %s – %s)\n", i+1, c.ID, plan.Count(c.Reduction), plan.Count(c.ReductionP05), plan.Count(c.ReductionP95))
		}
	}
	return nil
}
