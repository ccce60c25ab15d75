package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/report"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/pkg/profile"
)

// exitError carries a specific exit status (130 after an interrupt).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

func runRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "run [SCENARIO|FILE|FLEE_DIR] [--model M] [--network FILE] [--out DIR] [--seed N] [--workers N] [--scale F] [--replicates N] [--force] [--check] [--formats LIST] [--profile cpu|mem]\n\nSimulates a scenario (a built-in name or a YAML file; default "+scenarios.DefaultName+";\nwith --model flee, a Flee scenario folder run under Flee's rules, on the network\nthe folder brings: --network is for border-aware scenarios)\nand writes countries.csv, crossings.csv, centres.csv, edges.csv, summary.json,\nscenario.yaml (network.geojson for Flee runs) and the reports (loads.geojson, daily.parquet, map, charts,\nreport.html) to DIR (default ./out/<scenario>), all at once: an interrupted or\nfailed run leaves no DIR.", stderr)
	out := fs.String("out", "", "output `dir` (default ./out/<scenario>)")
	seed := fs.Uint64("seed", 0, "random seed (default: the scenario's)")
	workers := fs.Int("workers", min(runtime.NumCPU(), sim.MaxWorkers), "goroutines moving agents; the output does not depend on it")
	scale := fs.Float64("scale", 1, "agents per person: 0.1 simulates one agent per 10 people (results are in people)")
	force := fs.Bool("force", false, "replace DIR if it exists and is not empty")
	check := fs.Bool("check", false, "verify every day that no agent is lost or duplicated")
	prof := fs.String("profile", "", "write a `cpu` or mem profile (pprof) to the current folder")
	replicates := fs.Int("replicates", 1, "run `N` seeds derived from the base seed; DIR gets their mean (and bands.csv, 5–95%), DIR/replicates/rNNN each run")
	model := fs.String("model", sim.ModelBorderAware, "the agents' rules: "+sim.ModelBorderAware+", or "+sim.ModelFlee+" (Flee's rules; SCENARIO is then a Flee scenario folder)")
	netName := scenarioNetworkFlag(fs)
	formats := fs.String("formats", "all", "reports to write besides the tables: comma-separated `list` of "+strings.Join(report.Formats, ", ")+", all or none")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	seedSet := false
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
		runOnce = func(ctx context.Context, o sim.Options) (*sim.Result, error) { return sim.RunFlee(ctx, fsc, o) }
		baseSeed, runName = sim.FleeDefaultSeed, sim.FleeRunName(pos[0])
	} else {
		name := scenarios.DefaultName
		if len(pos) == 1 {
			name = pos[0]
		}
		net, nn, err := scenarioNetwork(*netName)
		if err != nil {
			return err
		}
		s, err := loadScenarioOn(name, net, nn)
		if err != nil {
			return err
		}
		runOnce = func(ctx context.Context, o sim.Options) (*sim.Result, error) { return sim.Run(ctx, s, o) }
		baseSeed, runName = s.Seed, s.Name
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", runName)
	}
	if err := checkOutDir(dir, *force); err != nil {
		return usageError{err}
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".partial-")
	if err != nil {
		return fmt.Errorf("--out %s: cannot write there: %w", dir, err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed into place

	if *prof != "" {
		mode := profile.CPUProfile
		if *prof == "mem" {
			mode = profile.MemProfile
		}
		defer profile.Start(mode, profile.ProfilePath("."), profile.Quiet).Stop()
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := sim.Options{Workers: *workers, Scale: *scale, Seed: *seed, SeedSet: seedSet, Check: *check}
	bar := newProgress(stderr)
	opts.Progress = bar.update
	res, err := runReplicates(ctx, runOnce, baseSeed, opts, *replicates, tmp)
	bar.done()
	if errors.Is(err, context.Canceled) {
		return exitError{130, fmt.Errorf("interrupted; nothing written to %s", dir)}
	}
	if err != nil {
		return err
	}
	if err := res.WriteDir(tmp, version); err != nil {
		return err
	}
	if len(fl) > 0 {
		d, err := report.Load(tmp)
		if err != nil {
			return err
		}
		if _, err := report.Write(tmp, d, fl); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := replaceDir(tmp, dir); err != nil {
		return err
	}
	printRunSummary(stdout, res, dir)
	return nil
}

// runReplicates runs the scenario once, or n times with seeds derived from
// the base seed, writing each replicate's tables under dir/replicates and
// bands.csv into dir; it returns the run, or the replicates' mean.
func runReplicates(ctx context.Context, run func(context.Context, sim.Options) (*sim.Result, error), base uint64, opts sim.Options, n int, dir string) (*sim.Result, error) {
	if n == 1 {
		return run(ctx, opts)
	}
	if opts.SeedSet {
		base = opts.Seed
	}
	var rs []*sim.Result
	for k := range n {
		o := opts
		o.Seed, o.SeedSet = sim.ReplicateSeed(base, k), true
		r, err := run(ctx, o)
		if err != nil {
			return nil, err
		}
		rd := filepath.Join(dir, "replicates", fmt.Sprintf("r%03d", k+1))
		if err := os.MkdirAll(rd, 0o755); err != nil {
			return nil, err
		}
		if err := r.WriteDir(rd, version); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	mean, bands, err := sim.Mean(rs)
	if err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, sim.BandsFile))
	if err != nil {
		return nil, err
	}
	if err := bands.WriteBands(f); err != nil {
		f.Close()
		return nil, err
	}
	return mean, f.Close()
}

// checkOutDir refuses an output path that is a file, or a folder that is
// not empty unless force is set.
func checkOutDir(dir string, force bool) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--out %s: %w", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("--out %s is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	if len(entries) > 0 && !force {
		return fmt.Errorf("--out %s exists and is not empty (use --force to replace it)", dir)
	}
	return nil
}

// replaceDir moves the finished folder tmp to dir, replacing what is there.
func replaceDir(tmp, dir string) error {
	if _, err := os.Stat(dir); err == nil {
		old := tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("--out %s: %w", dir, err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(old, dir)
			return fmt.Errorf("--out %s: %w", dir, err)
		}
		return os.RemoveAll(old)
	}
	return os.Rename(tmp, dir)
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
	s := r.Summary(version)
	fmt.Fprintf(w, "%s: %v – %v, %d agents (scale %g), %d agent-days in %.2f s (%.1f M agent-days/s)\n",
		s.Scenario, s.Period.Start, s.Period.End, s.Agents, s.Scale, s.AgentDays, s.WallSeconds, s.AgentDaysPerSecond/1e6)
	posts := slices.Clone(s.PeakPosts)
	slices.SortStableFunc(posts, func(a, b sim.Peak) int { return int(b.Total - a.Total) })
	fmt.Fprintln(w, "\nbusiest border posts (people passed)")
	fmt.Fprintf(w, "  %-34s %10s %10s  %s\n", "crossing", "total", "peak/day", "peak date")
	for _, p := range posts[:min(8, len(posts))] {
		if p.Total == 0 {
			break
		}
		fmt.Fprintf(w, "  %-34s %10d %10d  %s\n", p.ID, p.Total, p.Value, p.Date)
	}
	net := r.Network
	fmt.Fprintln(w, "\ncentres over capacity")
	any := false
	for _, c := range s.PeakCentres {
		v, _ := net.NodeByID(c.ID)
		capacity := net.Node(v).Centre.Capacity
		if c.TurnedAway == 0 && (capacity == 0 || c.Value < int64(capacity)) {
			continue
		}
		any = true
		fmt.Fprintf(w, "  %-34s peak %d of %d places on %s; %d turned away in all\n", c.ID, c.Value, capacity, c.Date, c.TurnedAway)
	}
	if !any {
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
