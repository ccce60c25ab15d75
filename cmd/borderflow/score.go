package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/score"
)

// runScore is the score command: a run folder scored against observed
// counts, with the spread over its replicates when it has some.
func runScore(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("score", "score RUN_DIR --observed FILE|FLEE_DIR [--cumulative] [--strict] [--json]\n\n"+
		"Scores a run against observed counts (a CSV of date,place,count, where a place is a\n"+
		"centre id, an ISO country code or a crossing id; or a Flee scenario folder, whose\n"+
		"camp series are read with Flee's registration corrections) with the averaged relative\n"+
		"difference (ARD) of refugee-model validation, normal and rescaled, plus the\n"+
		"relative error and the peak-day error of each site.\n\n"+
		"The CSV may come from Excel (UTF-8 byte-order mark, CRLF line ends); a count is a\n"+
		"decimal number, 0 or more; the same place on the same date twice is an error.\n"+
		"Observations dated outside the run's period, and those of places the run does not\n"+
		"have, are not scored: a warning on stderr names each such row (each such place) by\n"+
		"file:line (all of them in --json), as observed series often span more than one\n"+
		"scenario; --strict makes them an error. The network is the run's, read from the\n"+
		"run folder.\n\n"+
		"A CSV of date,place,metric,value[,source] (days, months YYYY-MM or periods\n"+
		"FROM..TO; metrics entries, present, refused, turned_away, occupancy) is scored\n"+
		"figure by figure instead: each observation against the run's figure for the same\n"+
		"place and period (flows summed, stocks on the day), with the weighted absolute\n"+
		"percentage error (WAPE) overall and per metric.", stderr)
	observed := fs.String("observed", "", "observed counts: a `file` of date,place,count or date,place,metric,value rows, or a Flee scenario folder")
	cumulative := fs.Bool("cumulative", false, "the observed counts of countries and crossings are totals to date, not daily")
	asJSON := fs.Bool("json", false, "print the score as JSON")
	strict := fs.Bool("strict", false, "fail when an observation is outside the run's period or for a place the run does not have")
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
	d, err := runfolder.Read(pos[0])
	if err != nil {
		return err
	}
	fi, statErr := os.Stat(*observed)
	isDir := statErr == nil && fi.IsDir()
	if statErr == nil && !isDir {
		figures, err := observe.IsObservationsFile(*observed)
		if err != nil {
			return err
		}
		if figures {
			if *cumulative {
				return usagef("--cumulative is for date,place,count tables; %s gives its periods", *observed)
			}
			return scoreFigures(d, pos[0], *observed, *strict, *asJSON, stdout, stderr)
		}
	}
	var obs *score.Observed
	if isDir {
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
	if *strict {
		if err := sc.Strict(); err != nil {
			return fmt.Errorf("%s against %s: %w", pos[0], *observed, err)
		}
	}
	printWarnings(stderr, sc.Warnings)
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
	return nil
}

// scoreFigures scores run folder d (at dir) against the observations file
// at path, figure by figure (score.CompareFigures).
func scoreFigures(d *runfolder.Data, dir, path string, strict, asJSON bool, stdout, stderr io.Writer) error {
	obs, err := observe.ReadFile(path, nil)
	if err != nil {
		return err
	}
	sc, err := score.CompareFigures(d, obs, path)
	if err != nil {
		return fmt.Errorf("%s against %s: %w", dir, path, err)
	}
	if strict {
		if err := sc.Strict(); err != nil {
			return fmt.Errorf("%s against %s: %w", dir, path, err)
		}
	}
	printWarnings(stderr, sc.Warnings)
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sc)
	}
	fmt.Fprintf(stdout, "%s (%s) against %s, %d figures scored\n", d.Summary.Scenario, dir, path, len(sc.Figures))
	fmt.Fprintf(stdout, "WAPE          %.3f  (people misplaced per person observed)\n", sc.WAPE)
	fmt.Fprintf(stdout, "deviance      %.1f  (Poisson)\n\n", sc.Deviance)
	fmt.Fprintf(stdout, "  %-12s %8s %14s %8s\n", "metric", "figures", "observed", "WAPE")
	for _, m := range sc.ByMetric {
		fmt.Fprintf(stdout, "  %-12s %8d %14.0f %8.3f\n", m.Metric, m.Figures, m.Observed, m.WAPE)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "  %-6s %-26s %-12s %-23s %12s %12s\n", "line", "place", "metric", "period", "observed", "run")
	for _, f := range sc.Figures {
		fmt.Fprintf(stdout, "  %-6d %-26s %-12s %-23s %12.0f %12.0f\n", f.Line, f.Place, f.Metric, f.Period, f.Observed, f.Simulated)
	}
	return nil
}

// replicateScores scores each replicate of a run folder; nil when the
// folder has none.
func replicateScores(dir string, obs *score.Observed, cumulative bool) (*score.Spread, error) {
	reps, err := runfolder.Replicates(dir)
	if err != nil || len(reps) == 0 {
		return nil, err
	}
	scores := make([]*score.Score, 0, len(reps))
	for _, r := range reps {
		d, err := runfolder.Read(r)
		if err != nil {
			return nil, err
		}
		sc, err := score.Compute(score.FromRun(d, cumulative), obs)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r, err)
		}
		scores = append(scores, sc)
	}
	spread := score.Summarise(scores)
	return &spread, nil
}

// warningsShown is how many warnings score prints to stderr; --json has all.
const warningsShown = 10

// printWarnings writes the score's warnings to stderr, the first
// warningsShown of them and how many more.
func printWarnings(stderr io.Writer, ws []score.Warning) {
	for _, w := range ws[:min(len(ws), warningsShown)] {
		fmt.Fprintf(stderr, "borderflow score: warning: %v\n", w)
	}
	if n := len(ws) - warningsShown; n > 0 {
		fmt.Fprintf(stderr, "borderflow score: warning: and %d more (all in --json)\n", n)
	}
}
