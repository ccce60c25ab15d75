package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/borderflow/borderflow/forecast"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/schollz/progressbar/v3"
)

// runBacktest is the backtest command: forecasts from each as-of day in a
// window, scored against what was observed after.
func runBacktest(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backtest", "backtest SCENARIO --observed FILE[,FILE] --from DATE --to DATE [--every DAYS] [--horizon DAYS] [--members N] [--calibrate [--params LIST]] [--seed N] [--scale F] [--workers N] [--json]\n\n"+
		"Forecasts the scenario from every --every days from --from to --to with only what was known\n"+
		"then (the observations ending by the day, none of the scenario's later events), scores each\n"+
		"forecast against the observations that end after it, within --horizon days, and prints per\n"+
		"lead: the median's MAE and MAPE, the CRPS, the coverage of the 50% and 90% bands, the same\n"+
		"errors of persistence (the last observed rate carried on) and of a seasonal naive (the same\n"+
		"period a year before), and skill = 1 − MAE/MAE_persistence (go doc ./forecast).", stderr)
	observed := fs.String("observed", "", "observed counts: `files` of date,place,metric,value[,source] rows, comma-separated")
	fromFlag := fs.String("from", "", "the first as-of `date` (YYYY-MM-DD)")
	toFlag := fs.String("to", "", "the last as-of `date` (YYYY-MM-DD)")
	every := fs.Int("every", 7, "`days` between as-of dates")
	horizon := fs.Int("horizon", 60, "the longest lead scored, in `days`")
	members := fs.Int("members", 50, "ensemble members of each forecast")
	seed := fs.Uint64("seed", 1, "base seed of the members")
	scale := fs.Float64("scale", 1, "agents per person, as for run")
	workers := fs.Int("workers", 0, "members run side by side (default: one per CPU)")
	doCalibrate := fs.Bool("calibrate", false, "calibrate each forecast to the observations known on its as-of date (as forecast --calibrate)")
	paramList := fs.String("params", "", "with --calibrate: comma-separated `names` of the parameters to fit (default: all the scenario has)")
	asJSON := fs.Bool("json", false, "print the scores as JSON (keys horizons[].coverage, .persistence, .skill, …)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one scenario (a built-in name or a file), got %d arguments", len(pos))
	case *observed == "":
		return usagef("--observed is required")
	case *fromFlag == "" || *toFlag == "":
		return usagef("--from and --to are required")
	case *every < 1 || *every > 366:
		return usagef("--every %d: want 1 to 366 days", *every)
	case *horizon < 1 || *horizon > forecast.MaxHorizon:
		return usagef("--horizon %d: want 1 to %d days", *horizon, forecast.MaxHorizon)
	case *members < 1 || *members > forecast.MaxMembers:
		return usagef("--members %d: want 1 to %d", *members, forecast.MaxMembers)
	case !(*scale > 0):
		return usagef("--scale %v: want a positive number", *scale)
	}
	from, err := scenarios.ParseDate(*fromFlag)
	if err != nil {
		return usagef("--from: %v", err)
	}
	to, err := scenarios.ParseDate(*toFlag)
	if err != nil {
		return usagef("--to: %v", err)
	}
	if to < from {
		return usagef("--to %s is before --from %s", to, from)
	}
	if n := int(to-from) / *every + 1; n > forecast.MaxOrigins {
		return usagef("--from %s --to %s --every %d: %d forecasts, want at most %d", from, to, *every, n, forecast.MaxOrigins)
	}
	s, err := loadScenario(pos[0], nil, "")
	if err != nil {
		return err
	}
	dir := scenarioDir(pos[0])
	cal, err := calibration(s, *doCalibrate, *paramList, *observed)
	if err != nil {
		return err
	}
	obs, err := readObservations(*observed, s)
	if err != nil {
		return err
	}
	ctx, stop := signalContext()
	defer stop()
	n := int(to-from) / *every + 1
	bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(stderr), progressbar.OptionSetVisibility(isTerminal(stderr)),
		progressbar.OptionSetDescription("back-testing"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	bt, err := forecast.RunBacktest(ctx, s, dir, obs, forecast.BacktestOptions{From: from, To: to, Every: *every, Horizon: *horizon,
		Members: *members, Seed: *seed, Scale: *scale, Workers: *workers, Calibrate: cal, Progress: func(done, _ int) { bar.Set(done) }})
	bar.Finish()
	if err != nil {
		if err := interrupted(ctx, "back-test stopped"); err != nil {
			return err
		}
		return fmt.Errorf("backtest %s against %s: %w", pos[0], *observed, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(bt)
	}
	fmt.Fprintf(stdout, "%s back-tested from %d as-of days, %s to %s every %d days, %d members each (%.1f s)\n",
		s.Name, len(bt.Origins), from, to, *every, *members, bt.Seconds)
	fmt.Fprintf(stdout, "%d forecasts of observations scored; %d left out (no series for the figure, or no history for the baselines)\n\n", len(bt.Scored), bt.Unscored)
	writeBacktestTable(stdout, bt)
	return nil
}

// writeBacktestTable prints a back-test's scores, a row per lead.
func writeBacktestTable(w io.Writer, bt *forecast.Backtest) {
	num := func(v float64, format string) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return "—"
		}
		return fmt.Sprintf(format, v)
	}
	fmt.Fprintf(w, "%-9s %5s %10s %7s %10s %6s %6s %12s %8s %10s %8s %7s %9s\n",
		"lead", "n", "MAE", "MAPE", "CRPS", "50%", "90%", "persist MAE", "MAPE", "seasonal", "MAPE", "skill", "skill(sn)")
	prev := 0
	for _, h := range bt.Horizons {
		fmt.Fprintf(w, "%-9s %5d %10s %7s %10s %6s %6s %12s %8s %10s %8s %7s %9s\n",
			fmt.Sprintf("%d–%d d", prev+1, h.Days), h.N,
			num(h.Model.MAE, "%.0f"), num(h.Model.MAPE*100, "%.0f%%"), num(float64(h.CRPS), "%.0f"),
			num(float64(h.Coverage.Band50)*100, "%.0f%%"), num(float64(h.Coverage.Band90)*100, "%.0f%%"),
			num(h.Persistence.MAE, "%.0f"), num(h.Persistence.MAPE*100, "%.0f%%"),
			num(h.Seasonal.MAE, "%.0f"), num(h.Seasonal.MAPE*100, "%.0f%%"),
			num(float64(h.Skill), "%+.2f"), num(float64(h.SkillSeasonal), "%+.2f"))
		prev = h.Days
	}
}

// readObservations reads comma-separated observation files for scenario
// s, in turn.
func readObservations(list string, s *scenarios.Scenario) ([]observe.Observation, error) {
	places := placesOfScenario(s)
	var all []observe.Observation
	for _, path := range strings.Split(list, ",") {
		if path == "" {
			return nil, usagef("--observed %q: an empty file name in the list", list)
		}
		obs, err := observe.ReadFile(path, places)
		if err != nil {
			return nil, err
		}
		all = append(all, obs...)
	}
	return all, nil
}

// scenarioDir returns the folder a scenario argument's relative paths are
// read against: a scenario file's own, or the current one for a built-in.
func scenarioDir(arg string) string {
	if isScenarioFile(arg) {
		return filepath.Dir(arg)
	}
	return "."
}
