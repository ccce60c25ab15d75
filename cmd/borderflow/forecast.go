package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/borderflow/borderflow/calibrate"
	"github.com/borderflow/borderflow/forecast"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/report"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/schollz/progressbar/v3"
)

// Files of a forecast folder.
const (
	forecastCSV  = "forecast.csv"
	warningsCSV  = "warnings.csv"
	forecastJSON = "forecast.json"
)

// runForecast is the forecast command: an ensemble forecast of every
// centre, crossing and country from the observations known on a day.
func runForecast(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("forecast", "forecast SCENARIO --as-of DATE [--observed FILE[,FILE]] [--horizon DAYS] [--members N] [--no-future-events] [--no-correction] [--calibrate [--params LIST]] [--out DIR] [--seed N] [--scale F] [--workers N] [--force]\n\n"+
		"Forecasts the scenario's load DAYS past DATE with an ensemble of --members runs\n"+
		"(go doc ./forecast): each arrival stream's history up to DATE (the scenario's counts and\n"+
		"the observations' arrivals) is fitted with a damped-trend model and every member draws\n"+
		"its own arrivals after it; the scenario's events after DATE are the what-if\n"+
		"(--no-future-events drops them). Each member's state on DATE is set to the stocks\n"+
		"observed in the week up to it (centre occupancy, present in a country; --no-correction\n"+
		"keeps the model's own). With --calibrate the free parameters (--params, as for calibrate)\n"+
		"are first fitted to the observations known on DATE and each member draws its own values\n"+
		"from the fit's spread. Writes DIR/forecast.csv (date,kind,id,metric,part,\n"+
		"p05,p25,p50,p75,p95 for every country, crossing and centre, every day), warnings.csv\n"+
		"(centres and posts over capacity with probability 0.2 or more), forecast.json, map.png,\n"+
		"map.svg and report.html (the warnings, the map, then fan charts of the centres, posts and\n"+
		"countries under most load).", stderr)
	observed := fs.String("observed", "", "observed counts: `files` of date,place,metric,value[,source] rows, comma-separated (their arrivals extend the streams' history)")
	asOfFlag := fs.String("as-of", "", "the last `date` (YYYY-MM-DD) whose counts are known")
	horizon := fs.Int("horizon", 60, "`days` to forecast after the as-of date")
	members := fs.Int("members", 100, "ensemble members")
	noFuture := fs.Bool("no-future-events", false, "drop the scenario's events dated after the as-of date")
	noCorrection := fs.Bool("no-correction", false, "keep the model's state on the as-of date instead of setting it to the occupancy and present observed in the week up to it")
	doCalibrate := fs.Bool("calibrate", false, "fit the scenario's free parameters to the observations known on the as-of date first; members draw theirs from the fit")
	paramList := fs.String("params", "", "with --calibrate: comma-separated `names` of the parameters to fit (default: all the scenario has)")
	out := fs.String("out", "", "write the forecast to this `folder` (default out/SCENARIO-forecast)")
	seed := fs.Uint64("seed", 1, "base seed of the members")
	scale := fs.Float64("scale", 1, "agents per person, as for run")
	workers := fs.Int("workers", 0, "members run side by side (default: one per CPU)")
	force := fs.Bool("force", false, "replace a borderflow folder of another kind or name at --out")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one scenario (a built-in name or a file), got %d arguments", len(pos))
	case *asOfFlag == "":
		return usagef("--as-of is required")
	case *horizon < 1 || *horizon > forecast.MaxHorizon:
		return usagef("--horizon %d: want 1 to %d days", *horizon, forecast.MaxHorizon)
	case *members < 1 || *members > forecast.MaxMembers:
		return usagef("--members %d: want 1 to %d", *members, forecast.MaxMembers)
	case !(*scale > 0):
		return usagef("--scale %v: want a positive number", *scale)
	}
	asOf, err := scenarios.ParseDate(*asOfFlag)
	if err != nil {
		return usagef("--as-of: %v", err)
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
	var obs []observe.Observation
	if *observed != "" {
		if obs, err = readObservations(*observed, s); err != nil {
			return err
		}
	}
	outDir := *out
	if outDir == "" {
		outDir = filepath.Join("out", s.Name+"-forecast")
	}
	ctx, stop := signalContext()
	defer stop()
	tx, err := runfolder.Create(outDir, runfolder.Options{Name: s.Name, Kind: runfolder.KindForecast, Replace: *force, Version: version,
		Data: []string{forecastCSV, warningsCSV, forecastJSON, "map.png", "map.svg"}})
	if err != nil {
		return outDirError("--out ", err)
	}
	defer tx.Abort() // a no-op once committed
	bar := progressbar.NewOptions(*members, progressbar.OptionSetWriter(stderr), progressbar.OptionSetVisibility(isTerminal(stderr)),
		progressbar.OptionSetDescription("forecasting"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	f, err := forecast.Run(ctx, s, dir, obs, forecast.Options{AsOf: asOf, Horizon: *horizon, Members: *members, Seed: *seed,
		Scale: *scale, Workers: *workers, NoFutureEvents: *noFuture, NoCorrection: *noCorrection, Calibrate: cal, Progress: func(done, _ int) { bar.Set(done) }})
	bar.Finish()
	if err != nil {
		if err := interrupted(ctx, "nothing written to "+outDir); err != nil {
			return err
		}
		return fmt.Errorf("forecast %s as of %s: %w", pos[0], asOf, err)
	}
	warnings := f.Warnings()
	var csvb, wb, jb, html bytes.Buffer
	if err := f.WriteCSV(&csvb); err != nil {
		return err
	}
	if err := forecast.WriteWarnings(&wb, warnings); err != nil {
		return err
	}
	enc := json.NewEncoder(&jb)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f.Summary(len(warnings))); err != nil {
		return err
	}
	if err := report.WriteForecastHTML(&html, f, warnings, obs, version); err != nil {
		return err
	}
	var mapPNG, mapSVG bytes.Buffer
	if err := report.WriteForecastMap(&mapPNG, &mapSVG, f, warnings, version); err != nil {
		return err
	}
	for name, b := range map[string][]byte{forecastCSV: csvb.Bytes(), warningsCSV: wb.Bytes(), forecastJSON: jb.Bytes(), "report.html": html.Bytes(),
		"map.png": mapPNG.Bytes(), "map.svg": mapSVG.Bytes()} {
		if err := os.WriteFile(filepath.Join(tx.Dir(), name), b, 0o644); err != nil {
			return err
		}
	}
	if err := interrupted(ctx, "nothing written to "+outDir); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s forecast as of %s for %d days (to %s): %d members in %.1f s\n", s.Name, asOf, *horizon, f.End, f.Members, f.Seconds)
	for _, st := range f.Streams {
		fmt.Fprintf(stdout, "  arrivals %-20s known to %s, %d months from %s (%d observed), %s model\n", st.Name, st.KnownUntil, st.Months, st.FirstMonth, st.Observed, st.Model)
	}
	if fit := f.Fit; fit != nil {
		fmt.Fprintf(stdout, "  calibrated to %d observations known on %s in %d evaluations (%.1f s): deviance %.1f → %.1f, dispersion %.1f\n",
			fit.Observations, asOf, fit.Evaluations, fit.Seconds, fit.Before, fit.After, fit.Dispersion)
		for _, sp := range fit.Spread {
			fmt.Fprintf(stdout, "    %-42s %10.4g  (±1 SD %.4g – %.4g)\n", sp.Name, sp.Value, sp.Low, sp.High)
		}
		if len(fit.Skipped) > 0 {
			fmt.Fprintf(stdout, "    left out (their events take effect after %s): %s\n", asOf, strings.Join(fit.Skipped, ", "))
		}
	}
	for _, c := range f.Corrections {
		what := "set to"
		if c.Skipped {
			what = "not set to"
		}
		fmt.Fprintf(stdout, "  state on %s: %s %s %s %s %g observed %s (line %d)", asOf, c.Kind, c.ID, c.Metric, what, c.People, c.Observed, c.Line)
		if c.Note != "" {
			fmt.Fprintf(stdout, ": %s", c.Note)
		}
		fmt.Fprintln(stdout)
	}
	printForecastWarnings(stdout, warnings)
	fmt.Fprintf(stdout, "wrote %s\n", outDir)
	return nil
}

// calibration returns the forecast's calibration settings from the
// --calibrate and --params flags (nil without --calibrate), checking the
// parameter names against scenario s.
func calibration(s *scenarios.Scenario, on bool, list, observed string) (*forecast.Calibration, error) {
	switch {
	case !on && list != "":
		return nil, usagef("--params %s: give --calibrate too", list)
	case !on:
		return nil, nil
	case observed == "":
		return nil, usagef("--calibrate needs --observed: the counts to fit to")
	}
	var names []string
	if list != "" {
		names = strings.Split(list, ",")
	}
	if _, err := calibrate.Select(calibrate.Params(s), names); err != nil {
		return nil, usagef("--params: %v", err)
	}
	return &forecast.Calibration{Params: names, Options: calibrate.Options{Members: 4}}, nil
}

// printForecastWarnings prints the warnings table, at most 20 rows.
func printForecastWarnings(w io.Writer, ws []forecast.Warning) {
	if len(ws) == 0 {
		fmt.Fprintf(w, "no centre or post exceeds its capacity with probability %.1f or more\n", forecast.WarningProbability)
		return
	}
	fmt.Fprintf(w, "\n%-9s %-28s %-10s %8s  %-10s  %s\n", "kind", "id", "metric", "limit", "first", "probability")
	for i, x := range ws {
		if i == 20 {
			fmt.Fprintf(w, "… and %d more in %s\n", len(ws)-20, warningsCSV)
			break
		}
		first := "—"
		if x.FirstDate != 0 {
			first = x.FirstDate.String()
		}
		fmt.Fprintf(w, "%-9s %-28s %-10s %8.0f  %-10s  %.2f\n", x.Kind, x.ID, x.Metric, x.Limit, first, x.Probability)
	}
	fmt.Fprintln(w)
}

// placesOfScenario returns the places observations for scenario s may
// name: its network's (placesOf) and its arrival streams' names and
// entries.
func placesOfScenario(s *scenarios.Scenario) *observe.PlaceSet {
	l := placeIDs(s.Network)
	for _, a := range s.File.Arrivals {
		if a.Name != "" {
			l = append(l, a.Name)
		}
		if a.Entry != "" {
			l = append(l, a.Entry)
		}
		for e := range a.Entries {
			l = append(l, e)
		}
	}
	return observe.NewPlaceSet(l...)
}
