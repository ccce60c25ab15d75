package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/report"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
	"github.com/borderflow/borderflow/sim/fleemodel"
	"github.com/pkg/profile"
)

// exitError carries a specific exit status (128 + the signal's number
// after a signal).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

func runRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "run [SCENARIO|FILE|FLEE_DIR] [--model M] [--network FILE] [--out DIR] [--seed N] [--workers N] [--scale F] [--replicates N] [--engine E] [--force] [--check] [--formats LIST] [--profile cpu|mem]\n\nSimulates a scenario (a built-in name or a YAML file; default "+scenarios.DefaultName+";\nwith --model flee, a Flee scenario folder run under Flee's rules, on the network\nthe folder brings: --network is for border-aware scenarios)\nand writes countries.csv, crossings.csv, centres.csv, edges.csv, summary.json,\nscenario.yaml (network.geojson for any network but westernbalkans), manifest.json and the reports\n(loads.geojson, daily.parquet, map, charts, report.html) to DIR (default ./out/<scenario>), all at\nonce: an interrupted or failed run leaves no DIR, and DIR is replaced only if it holds a\nborderflow run (of the same scenario, or of another with --force).", stderr)
	out := fs.String("out", "", "output `dir` (default ./out/<scenario>)")
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's)")
	workers := fs.Int("workers", min(runtime.NumCPU(), sim.MaxWorkers), "goroutines moving agents; the output does not depend on it")
	scale := fs.Float64("scale", 1, "agents per person: 0.1 simulates one agent per 10 people (results are in people)")
	force := fs.Bool("force", false, "replace DIR if it holds a borderflow run of another scenario (a previous run of the same one is replaced anyway; a folder borderflow did not write never is)")
	check := fs.Bool("check", false, "verify every day that no agent is lost or duplicated")
	prof := fs.String("profile", "", "write a `cpu` or mem profile (pprof) to the current folder")
	replicates := fs.Int("replicates", 1, "run `N` seeds derived from the base seed; DIR gets their mean (and bands.csv, 5–95%), DIR/replicates/r00001… each run")
	engine := fs.String("engine", "", "how agents are stepped: "+sim.EngineCohorts+" (agents alike in every respect step together as one; the default) or "+sim.EngineAgents+" (one by one, the reference)")
	model := fs.String("model", sim.ModelBorderAware, "the agents' rules: "+sim.ModelBorderAware+", or "+sim.ModelFlee+" (Flee's rules; SCENARIO is then a Flee scenario folder)")
	netName := scenarioNetworkFlag(fs)
	formats := fs.String("formats", "all", "reports to write besides the tables: comma-separated `list` of "+strings.Join(report.Formats, ", ")+", all or none")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	seedSet := false
	if *engine == "" {
		*engine = sim.EngineCohorts
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "seed" {
			seedSet = true
		}
	})
	switch {
	case len(pos) > 1:
		return usagef("one scenario at a time, got %d", len(pos))
	case *replicates < 1 || *replicates > 10000:
		return usagef("--replicates %d: want 1 to 10000", *replicates)
	case *workers < 1 || *workers > sim.MaxWorkers:
		return usagef("--workers %d: want 1 to %d", *workers, sim.MaxWorkers)
	case !(*scale > 0) || *scale > 1e6:
		return usagef("--scale %v: want a positive number of agents per person (e.g. 0.1)", *scale)
	case *prof != "" && *prof != "cpu" && *prof != "mem":
		return usagef("--profile %q: want cpu or mem", *prof)
	case *engine != sim.EngineAgents && *engine != sim.EngineCohorts:
		return usagef("--engine %q: want %s or %s", *engine, sim.EngineCohorts, sim.EngineAgents)
	case *model != sim.ModelBorderAware && *model != sim.ModelFlee:
		return usagef("--model %q: want %s or %s", *model, sim.ModelBorderAware, sim.ModelFlee)
	case *model == sim.ModelFlee && len(pos) == 0:
		return usagef("--model flee needs a Flee scenario folder (e.g. testdata/flee/mali2012)")
	case *model == sim.ModelFlee && *netName != "":
		return usagef("--network %s: a Flee scenario folder brings its own network", *netName)
	case len(pos) == 1 && pos[0] == "":
		return usagef("empty scenario name (want a built-in name, a YAML file or, with --model flee, a Flee folder)")
	case len(pos) == 1 && *model != sim.ModelFlee && isDir(pos[0]):
		return usagef("%s is a folder: run a Flee scenario folder with --model flee, or give a scenario YAML file", pos[0])
	}
	fl, err := report.ParseFormats(*formats)
	if err != nil {
		return usagef("--formats: %v", err)
	}
	var (
		runOnce  func(context.Context, sim.Options) (*sim.Result, error)
		baseSeed uint64
		runName  string
	)
	if *model == sim.ModelFlee {
		fsc, err := flee.Read(pos[0])
		if err != nil {
			return err
		}
		for _, w := range fsc.Warnings {
			fmt.Fprintf(stderr, "warning: %v\n", w)
		}
		runOnce = func(ctx context.Context, o sim.Options) (*sim.Result, error) { return fleemodel.Run(ctx, fsc, o) }
		baseSeed, runName = fleemodel.DefaultSeed, fleemodel.RunName(pos[0])
	} else {
		name := scenarios.DefaultName
		if len(pos) == 1 {
			name = pos[0]
		}
		net, nn, err := scenarioNetwork(*netName)
		if err != nil {
			return err
		}
		s, err := loadScenario(name, net, nn)
		if err != nil {
			return err
		}
		runOnce = func(ctx context.Context, o sim.Options) (*sim.Result, error) { return borderaware.Run(ctx, s, o) }
		baseSeed, runName = s.Seed, s.Name
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", runName)
	}
	// Catch the signals first: from Create on, they must abort the Tx.
	ctx, stop := signalContext()
	defer stop()
	tx, err := runfolder.Create(dir, runfolder.Options{Name: runName, Replace: *force, Version: version})
	if err != nil {
		return outDirError("--out ", err)
	}
	defer tx.Abort() // a no-op once committed

	if *prof != "" {
		mode := profile.CPUProfile
		if *prof == "mem" {
			mode = profile.MemProfile
		}
		defer profile.Start(mode, profile.ProfilePath("."), profile.Quiet).Stop()
	}

	opts := sim.Options{Workers: *workers, Scale: *scale, Seed: *seed, SeedSet: seedSet, Check: *check, Engine: *engine}
	bar := newProgress(stderr)
	opts.Progress = bar.update
	res, err := runReplicates(ctx, runOnce, baseSeed, opts, *replicates, tx.Dir())
	bar.done()
	if err := interrupted(ctx, "nothing written to "+dir); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	if len(fl) > 0 {
		d, err := runfolder.Read(tx.Dir())
		if err != nil {
			return err
		}
		d.Dir = dir
		if _, err := report.Write(tx.Dir(), d, fl); err != nil {
			return err
		}
	}
	if err := interrupted(ctx, "nothing written to "+dir); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	printRunSummary(stdout, res, dir)
	return nil
}

// outDirError turns a refusal of runfolder.Create into a usage error (exit
// status 2), suggesting --force only for a borderflow folder of another
// run; flag prefixes the message ("--out ").
func outDirError(flag string, err error) error {
	switch {
	case errors.Is(err, runfolder.ErrOtherRun):
		return usageError{fmt.Errorf("%s%w (use --force to replace it)", flag, err)}
	case errors.Is(err, runfolder.ErrNotRun), errors.Is(err, runfolder.ErrProtected):
		return usageError{fmt.Errorf("%s%w", flag, err)}
	}
	return err
}

// runReplicates runs the scenario once, or n times with seeds derived from
// the base seed, and writes the run folder into dir: the run, or each
// replicate under dir/replicates and their mean with bands.csv. It returns
// the run, or the replicates' mean.
func runReplicates(ctx context.Context, run func(context.Context, sim.Options) (*sim.Result, error), base uint64, opts sim.Options, n int, dir string) (*sim.Result, error) {
	mean, bands, err := sim.RunReplicates(ctx, run, base, opts, n, func(k int, r *sim.Result) error {
		rd := runfolder.ReplicateDir(dir, k+1)
		if err := os.MkdirAll(rd, 0o755); err != nil {
			return err
		}
		return runfolder.Write(rd, r, version)
	})
	switch {
	case err != nil:
		return nil, err
	case bands == nil:
		return mean, runfolder.Write(dir, mean, version)
	}
	return mean, runfolder.WriteMean(dir, mean, bands, version)
}

// progress draws a one-line progress bar on a terminal, and nothing otherwise.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	last  time.Time
	alive int
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) update(day, days, alive int) {
	if !p.on {
		return
	}
	p.alive += alive
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && day+1 < days {
		return
	}
	p.last = now
	const width = 30
	done := width * (day + 1) / days
	rate := float64(p.alive) / now.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "\r[%-*s] day %d/%d  %d agents alive  %.1f M agent-days/s ", width, bar(done), day+1, days, alive, rate/1e6)
}

func bar(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '='
	}
	return string(b)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}

func printRunSummary(w io.Writer, r *sim.Result, dir string) {
	s := runfolder.NewSummary(r, version)
	fmt.Fprintf(w, "%s: %v – %v, %d agents (scale %g), %d agent-days in %.2f s (%.1f M agent-days/s)\n",
		s.Scenario, s.Period.Start, s.Period.End, s.Agents, s.Scale, s.AgentDays, s.WallSeconds, s.AgentDaysPerSecond/1e6)
	posts := slices.Clone(s.PeakPosts)
	slices.SortStableFunc(posts, func(a, b runfolder.Peak) int { return int(b.Total - a.Total) })
	fmt.Fprintln(w, "\nbusiest border posts (people passed)")
	fmt.Fprintf(w, "  %-34s %10s %10s  %s\n", "crossing", "total", "peak/day", "peak date")
	for _, p := range posts[:min(8, len(posts))] {
		if p.Total == 0 {
			break
		}
		fmt.Fprintf(w, "  %-34s %10d %10d  %s\n", p.ID, p.Total, p.Value, p.Date)
	}
	fmt.Fprintln(w, "\ncentres full or over capacity")
	lines := centreCapacityLines(r)
	for _, l := range lines {
		fmt.Fprintln(w, "  "+l)
	}
	if len(lines) == 0 {
		fmt.Fprintln(w, "  none")
	}
	if len(s.PeakStranded) > 0 {
		fmt.Fprintln(w, "\npeople stranded (every way onward closed)")
		for _, p := range s.PeakStranded {
			fmt.Fprintf(w, "  %-34s peak %d on %s\n", p.ID, p.Value, p.Date)
		}
	}
	fmt.Fprintf(w, "\nwrote %s\n", dir)
}

// centreCapacityLines describes, one line each in the network's centre
// order, the centres that were full (occupancy equal to the day's
// capacity) or over capacity (above it) on some day, or that turned people
// away: which of the two, on how many days, and the day of the highest
// occupancy against capacity. Centres of unknown capacity that turned no
// one away are left out.
func centreCapacityLines(r *sim.Result) []string {
	var out []string
	for c, v := range r.Centres {
		var full, over int
		var turned int64
		best, bestOcc, bestCap := -1, int64(0), int64(0)
		for d := range r.Occupancy {
			occ, capacity := r.People(r.Occupancy[d][c]), r.Capacity[d][c]
			turned += r.TurnedAway[d][c]
			if capacity <= 0 {
				continue
			}
			switch {
			case occ > capacity:
				over++
			case occ == capacity:
				full++
			}
			// The day of the highest occupancy against capacity, the first
			// of ties: occ/capacity > bestOcc/bestCap, in integers.
			if best < 0 || occ*bestCap > bestOcc*capacity {
				best, bestOcc, bestCap = d, occ, capacity
			}
		}
		turned = r.People(turned)
		if full == 0 && over == 0 && turned == 0 {
			continue
		}
		id := r.Network.Node(v).ID
		var l string
		switch {
		case over > 0:
			l = fmt.Sprintf("%-34s over  %d people in %d places on %s; over capacity on %s, full on %d more", id, bestOcc, bestCap, date(r, best), days(over), full)
		case full > 0:
			l = fmt.Sprintf("%-34s full  %d people in %d places on %s; full on %s, never over", id, bestOcc, bestCap, date(r, best), days(full))
		case best < 0:
			l = fmt.Sprintf("%-34s capacity unknown", id)
		default:
			l = fmt.Sprintf("%-34s never full", id)
		}
		out = append(out, fmt.Sprintf("%s; %d turned away in all", l, turned))
	}
	return out
}

// date is the date of day d of the run.
func date(r *sim.Result, d int) string { return (r.Info.Start + scenarios.Date(d)).String() }

// days writes a count of days: "1 day", "2 days".
func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}
