package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/borderflow/borderflow/report"
	"github.com/borderflow/borderflow/score"
)

func runScore(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("score", "score RUN_DIR --observed FILE [--cumulative] [--json]\n\nScores a run against observed counts (a CSV of date,place,count; a place is a\ncentre id, an ISO country code or a crossing id) with the averaged relative\ndifference (ARD) of refugee-model validation, normal and rescaled, plus the\nrelative error and the peak-day error of each site.", stderr)
	observed := fs.String("observed", "", "observed counts: a `file` of date,place,count rows")
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
	if fi, err := os.Stat(*observed); err == nil && fi.IsDir() {
		return usagef("--observed %s is a folder; Flee scenario folders are not read yet: give a date,place,count file", *observed)
	}
	d, err := report.Load(pos[0])
	if err != nil {
		return err
	}
	obs, err := score.ReadCSV(*observed)
	if err != nil {
		return err
	}
	sc, err := score.Compute(score.FromRun(d, *cumulative), obs)
	if err != nil {
		return fmt.Errorf("%s against %s: %w", pos[0], *observed, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sc)
	}
	fmt.Fprintf(stdout, "%s (%s) against %s, %d days\n", d.Summary.Scenario, pos[0], *observed, sc.Days)
	fmt.Fprintf(stdout, "ARD           %.3f\nARD rescaled  %.3f\n\n", sc.ARD, sc.ARDRescaled)
	fmt.Fprintf(stdout, "  %-34s %15s %15s\n", "site", "relative error", "peak-day error")
	for _, s := range sc.Sites {
		fmt.Fprintf(stdout, "  %-34s %15.3f %+14dd\n", s.Site, s.RelativeError, s.PeakDayError)
	}
	if len(sc.Unmatched) > 0 {
		fmt.Fprintf(stdout, "\nnot in the run (ignored): %v\n", sc.Unmatched)
	}
	return nil
}
