// Command obsgen converts the project's sourced reference series of
// observed counts into the observations format of package observe
// (date,place,metric,value,source), for the back-tests and their tests:
//
//	go run ./internal/obsgen -shared ../shared/data -out testdata/observed
//
// It reads flows/bih_registered_arrivals.csv (registered arrivals in
// Bosnia and Herzegovina, 2017–2024: years, months and periods) and
// flows/greece_sea_arrivals_monthly_2015_2016.csv (sea arrivals in Greece
// per month, UNHCR and IOM), and writes bih_registered_arrivals.csv and
// greece_sea_arrivals.csv, one row per figure with its source (and, for
// Greece, the reference file's verification status). Both are arrivals
// into a country, so their metric is entries and their place the
// country's ISO code. One figure's period is not its month: the source of
// December 2015 in Greece (UNHCR's Greece update) counts 29 November to
// 31 December, and the row says so. The Greek series is written a second
// time as aegean_islands_arrivals.csv, as the arrivals of the default
// scenario's aegean-islands stream (its place), which a forecast takes as
// that stream's history. The output is deterministic.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	shared := flag.String("shared", "../shared/data", "the reference data folder")
	out := flag.String("out", "testdata/observed", "the folder to write")
	flag.Parse()
	if err := run(*shared, *out); err != nil {
		fmt.Fprintln(os.Stderr, "obsgen:", err)
		os.Exit(1)
	}
}

func run(shared, out string) error {
	bih, err := readTable(filepath.Join(shared, "flows", "bih_registered_arrivals.csv"), "period", "granularity", "registered_arrivals", "source")
	if err != nil {
		return err
	}
	rows := [][]string{}
	for _, r := range bih {
		date := r[0]
		switch r[1] {
		case "annual":
			date = r[0] + "-01-01.." + r[0] + "-12-31"
		case "month", "period":
		default:
			return fmt.Errorf("bih_registered_arrivals.csv: granularity %q, want annual, month or period", r[1])
		}
		rows = append(rows, []string{date, "BIH", "entries", r[2], "registered arrivals: " + r[3]})
	}
	if err := writeTable(filepath.Join(out, "bih_registered_arrivals.csv"), rows); err != nil {
		return err
	}
	grc, err := readTable(filepath.Join(shared, "flows", "greece_sea_arrivals_monthly_2015_2016.csv"), "month", "arrivals", "source", "status")
	if err != nil {
		return err
	}
	rows = rows[:0]
	var aegean [][]string
	prev := ""
	for _, r := range grc {
		date, source := r[0], r[2]
		switch {
		case source == "same":
			source = prev
		case strings.HasPrefix(source, "same;"):
			source = prev + source[len("same"):]
		default:
			prev = source
		}
		if strings.HasPrefix(r[3], "verified (period 29 Nov-31 Dec)") && date == "2015-12" {
			date = "2015-11-29..2015-12-31"
		}
		rows = append(rows, []string{date, "GRC", "entries", r[1], "sea arrivals: " + source + " [" + r[3] + "]"})
		aegean = append(aegean, []string{date, "aegean-islands", "arrivals", r[1], "sea arrivals in Greece: " + source + " [" + r[3] + "]"})
	}
	if err := writeTable(filepath.Join(out, "greece_sea_arrivals.csv"), rows); err != nil {
		return err
	}
	return writeTable(filepath.Join(out, "aegean_islands_arrivals.csv"), aegean)
}

// readTable reads a CSV file with the given header and returns its rows.
func readTable(path string, header ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = len(header)
	h, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if strings.Join(h, ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("%s: header %q, want %q", path, strings.Join(h, ","), strings.Join(header, ","))
	}
	var rows [][]string
	for {
		r, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, r)
	}
}

// writeTable writes rows under the observations header.
func writeTable(path string, rows [][]string) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"date", "place", "metric", "value", "source"})
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
