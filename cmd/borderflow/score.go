package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/report"
	"github.com/borderflow/borderflow/score"
)

func runScore(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("score", "score RUN_DIR --observed FILE|FLEE_DIR [--cumulative] [--json]\n\nScores a run against observed counts (a CSV of date,place,count, where a place is a\ncentre id, an ISO country code or a crossing id; or a Flee scenario folder, whose\ncamp series are read with Flee's registration corrections) with the averaged relative\ndifference (ARD) of refugee-model validation, normal and rescaled, plus the\nrelative error and the peak-day error of each site. The network is the run's,\nread from the run folder.", stderr)
	observed := fs.String("observed", "", "observed counts: a `file` of date,place,count rows, or a Flee scenario folder")
	cumulative := fs.Bool("cumulative", false, "the observed counts of countries and crossings are totals to date, not daily")
	asJSON := fs.Bool("json", false, "print the score as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1:
		return usagef("want one run folder, got %d arguments", len(pos))
	case *observed == "":
		return usagef("--observed is required")
	}
	d, err := report.Load(pos[0])
	if err != nil {
		return err
	}
	var obs *score.Observed
	if fi, err := os.Stat(*observed); err == nil && fi.IsDir() {
		fsc, err := flee.Read(*observed)
		if err != nil {
			return err
		}
		if obs, err = score.FromFlee(fsc); err != nil {
			return err
		}
	} else if obs, err = score.ReadCSV(*observed); err != nil {
		return err
	}
	sc, err := score.Compute(score.FromRun(d, *cumulative), obs)
	if err != nil {
		return fmt.Errorf("%s against %s: %w", pos[0], *observed, err)
	}
	spread, err := replicateScores(pos[0], obs, *cumulative)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if spread != nil {
			return enc.Encode(map[string]any{"mean_run": sc, "replicates": spread})
		}
		return enc.Encode(sc)
	}
	fmt.Fprintf(stdout, "%s (%s) against %s, %d days scored (%s – %s)\n", d.Summary.Scenario, pos[0], *observed, sc.Days, sc.From, sc.To)
	fmt.Fprintf(stdout, "ARD           %.3f\nARD rescaled  %.3f\n", sc.ARD, sc.ARDRescaled)
	if spread != nil {
		fmt.Fprintf(stdout, "over %d replicates: ARD %.3f ± %.3f (min %.3f, max %.3f), rescaled %.3f ± %.3f\n",
			spread.N, spread.ARD.Mean, spread.ARD.SD, spread.ARD.Min, spread.ARD.Max, spread.Rescaled.Mean, spread.Rescaled.SD)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "  %-34s %15s %15s\n", "site", "relative error", "peak-day error")
	for _, s := range sc.Sites {
		fmt.Fprintf(stdout, "  %-34s %15.3f %+14dd\n", s.Site, s.RelativeError, s.PeakDayError)
	}
	if len(sc.Unmatched) > 0 {
		fmt.Fprintf(stdout, "\nnot in the run (ignored): %v\n", sc.Unmatched)
	}
	return nil
}

// stat summarises one score over replicates.
type stat struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// spread is the scores of a run folder's replicates.
type spread struct {
	N        int  `json:"n"`
	ARD      stat `json:"ard"`
	Rescaled stat `json:"ard_rescaled"`
}

func summarise(xs []float64) stat {
	s := stat{Min: math.Inf(1), Max: math.Inf(-1)}
	for _, x := range xs {
		s.Mean += x
		s.Min, s.Max = math.Min(s.Min, x), math.Max(s.Max, x)
	}
	s.Mean /= float64(len(xs))
	for _, x := range xs {
		s.SD += (x - s.Mean) * (x - s.Mean)
	}
	if len(xs) > 1 {
		s.SD = math.Sqrt(s.SD / float64(len(xs)-1))
	}
	return s
}

// replicateScores scores each replicate of a run folder written with
// --replicates; nil when the folder has none.
func replicateScores(dir string, obs *score.Observed, cumulative bool) (*spread, error) {
	reps, err := filepath.Glob(filepath.Join(dir, "replicates", "r[0-9][0-9][0-9]"))
	if err != nil || len(reps) == 0 {
		return nil, err
	}
	var ard, resc []float64
	for _, r := range reps {
		d, err := report.Load(r)
		if err != nil {
			return nil, err
		}
		sc, err := score.Compute(score.FromRun(d, cumulative), obs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r, err)
		}
		ard, resc = append(ard, sc.ARD), append(resc, sc.ARDRescaled)
	}
	return &spread{N: len(reps), ARD: summarise(ard), Rescaled: summarise(resc)}, nil
}
