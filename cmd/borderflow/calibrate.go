package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/borderflow/borderflow/calibrate"
	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/schollz/progressbar/v3"
)

// runCalibrate is the calibrate command: a scenario's free parameters
// fitted to observed counts up to a date.
func runCalibrate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("calibrate", "calibrate SCENARIO --observed FILE --until DATE --out FIT.yaml [--params LIST] [--members N] [--seed N] [--scale F] [--workers N] [--force]\n\n"+
		"Fits the scenario's free parameters (each arrival stream's scale and entry shares, the\n"+
		"destination shares, each refusal_rate event's rate, params.registration_scale,\n"+
		"params.walk_km_per_day, params.info_delay_days, params.rest_days, params.transport_km_per_day;\n"+
		"--params names some) to the observations (date,place,metric,value\n"+
		"rows) that end by DATE, minimising their Poisson deviance against the mean of an ensemble of\n"+
		"--members runs (go doc ./calibrate). Writes FIT.yaml, the scenario with the fitted values,\n"+
		"and fit.json beside it: the objective before and after, the values and their spread, the\n"+
		"evaluations and the time. The same seed gives the same fit.", stderr)
	observed := fs.String("observed", "", "observed counts: a `file` of date,place,metric,value[,source] rows")
	untilFlag := fs.String("until", "", "fit to the observations that end on or before this `date` (YYYY-MM-DD)")
	out := fs.String("out", "", "write the fitted scenario to this `file` (and fit.json beside it)")
	paramList := fs.String("params", "", "comma-separated `names` of the parameters to fit (default: all the scenario has)")
	members := fs.Int("members", 4, "runs averaged per evaluation")
	seed := fs.Uint64("seed", 1, "base seed of the members")
	scale := fs.Float64("scale", 1, "agents per person, as for run")
	workers := fs.Int("workers", 0, "worker goroutines (default: one per CPU)")
	force := fs.Bool("force", false, "replace FIT.yaml and fit.json if they exist")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one scenario (a built-in name or a file), got %d arguments", len(pos))
	case *observed == "":
		return usagef("--observed is required")
	case *untilFlag == "":
		return usagef("--until is required")
	case *out == "":
		return usagef("--out is required")
	case *members < 1 || *members > 1000:
		return usagef("--members %d: want 1 to 1000", *members)
	case !(*scale > 0):
		return usagef("--scale %v: want a positive number", *scale)
	}
	until, err := scenarios.ParseDate(*untilFlag)
	if err != nil {
		return usagef("--until: %v", err)
	}
	fitJSON := filepath.Join(filepath.Dir(*out), "fit.json")
	if !*force {
		for _, p := range []string{*out, fitJSON} {
			if _, err := os.Stat(p); err == nil {
				return fmt.Errorf("%s exists; --force replaces it", p)
			}
		}
	}
	s, err := loadScenario(pos[0], nil, "")
	if err != nil {
		return err
	}
	dir := scenarioDir(pos[0])
	obs, err := observe.ReadFile(*observed, placesOfScenario(s))
	if err != nil {
		return err
	}
	all := calibrate.Params(s)
	var names []string
	if *paramList != "" {
		names = strings.Split(*paramList, ",")
	}
	params, err := calibrate.Select(all, names)
	if err != nil {
		return usagef("--params: %v", err)
	}
	// A progress bar on a terminal (schollz/progressbar, the well-kept
	// one: a fit of many members takes minutes); nothing in a log.
	const maxEvaluations = 200
	bar := progressbar.NewOptions(maxEvaluations+2*len(params), progressbar.OptionSetWriter(stderr), progressbar.OptionSetVisibility(isTerminal(stderr)),
		progressbar.OptionSetDescription("calibrating"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
	fit, err := calibrate.Run(context.Background(), s, dir, obs, until, params, calibrate.Options{
		Members: *members, Seed: *seed, Scale: *scale, Workers: *workers, MaxEvaluations: maxEvaluations,
		Progress: func(done, _ int) { bar.Set(done) },
	})
	bar.Finish()
	if err != nil {
		return fmt.Errorf("calibrate %s against %s: %w", pos[0], *observed, err)
	}
	y, err := fit.ScenarioYAML(*observed, until)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, func(w io.Writer) error { _, err := w.Write(y); return err }); err != nil {
		return err
	}
	if err := writeFileAtomic(fitJSON, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(fit)
	}); err != nil {
		return errors.Join(err, os.Remove(*out))
	}
	fmt.Fprintf(stdout, "%s fitted to %d observations of %s up to %s: Poisson deviance %.1f → %.1f (%d evaluations, %.1f s)\n",
		s.File.Name, fit.Observations, *observed, until, fit.Before, fit.After, fit.Evaluations, fit.Seconds)
	for _, sp := range fit.Spread {
		fmt.Fprintf(stdout, "  %-42s %10.4g  (±1 SD %.4g – %.4g)\n", sp.Name, sp.Value, sp.Low, sp.High)
	}
	if len(fit.Skipped) > 0 {
		fmt.Fprintf(stdout, "  left out (their events take effect after %s): %s\n", until, strings.Join(fit.Skipped, ", "))
	}
	fmt.Fprintf(stdout, "wrote %s and %s\n", *out, fitJSON)
	return nil
}

// isTerminal reports whether w is a terminal, where a progress bar can
// redraw itself.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// placesOf returns the places observations of a run on net may name: its
// countries, crossings and centres.
func placesOf(net *geo.Network) *observe.PlaceSet { return observe.NewPlaceSet(placeIDs(net)...) }

// placeIDs returns the ids of net's countries, crossings and centres.
func placeIDs(net *geo.Network) []string {
	l := slices.Clone(net.Countries()) // the network's own slice: not to be appended to
	for c := range geo.CrossingID(net.NumCrossings()) {
		l = append(l, net.Crossing(c).ID)
	}
	for _, v := range net.Centres() {
		l = append(l, net.Node(v).ID)
	}
	return l
}
