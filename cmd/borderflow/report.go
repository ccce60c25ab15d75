package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/borderflow/borderflow/report"
)

// renderInto renders a run folder's reports through a temporary folder
// beside it, moving each finished file in: a failure leaves the folder as
// it was.
func renderInto(dir string, d *report.Data, formats []string) ([]string, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), "."+filepath.Base(dir)+".report-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	files, err := report.Write(tmp, d, formats)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := os.Rename(filepath.Join(tmp, f), filepath.Join(dir, f)); err != nil {
			return nil, err
		}
	}
	return files, nil
}

func runReport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", "report DIR [--formats LIST]\n\nRe-renders the reports of a run folder written by borderflow run: loads.geojson,\ndaily.parquet, map.png/svg, charts, report.html. The network is the run's,\nread from the run folder.", stderr)
	formats := fs.String("formats", "all", "comma-separated `list` of "+strings.Join(report.Formats, ", ")+", or all")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one run folder, got %d arguments", len(pos))
	}
	fl, err := report.ParseFormats(*formats)
	if err != nil {
		return usagef("--formats: %v", err)
	}
	d, err := report.Load(pos[0])
	if err != nil {
		return err
	}
	files, err := renderInto(pos[0], d, fl)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s in %s\n", strings.Join(files, ", "), pos[0])
	return nil
}

func runCompare(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compare", "compare BASELINE_DIR SCENARIO_DIR [--out DIR] [--force] [--top N]\n\nCompares two runs over the same network (read from the run folders), place by place: the difference in\ntotal and peak load and in the date of the peak, per border post, centre and\ncountry. Prints a table and writes compare.csv, compare_map.png/svg and\ncompare.html to DIR (default ./out/compare-<scenario>-vs-<baseline>).", stderr)
	out := fs.String("out", "", "output `dir`")
	force := fs.Bool("force", false, "replace DIR if it exists and is not empty")
	top := fs.Int("top", 10, "rows per kind in the printed table")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("want two run folders (baseline, scenario), got %d", len(pos))
	}
	if *top < 0 {
		return usagef("--top %d: want 0 or more rows", *top)
	}
	base, err := report.Load(pos[0])
	if err != nil {
		return err
	}
	scen, err := report.Load(pos[1])
	if err != nil {
		return err
	}
	rows, err := report.Compare(base, scen)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", "compare-"+scen.Summary.Scenario+"-vs-"+base.Summary.Scenario)
	}
	if err := checkOutDir(dir, *force); err != nil {
		return usageError{err}
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".partial-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var png, svg, csvb, html bytes.Buffer
	if err := report.WriteDiffMap(&png, &svg, base, scen); err != nil {
		return err
	}
	if err := report.WriteCompareCSV(&csvb, rows); err != nil {
		return err
	}
	if err := report.WriteCompareHTML(&html, base, scen, rows, svgBody(svg.Bytes())); err != nil {
		return err
	}
	for name, b := range map[string][]byte{"compare.csv": csvb.Bytes(), "compare_map.png": png.Bytes(), "compare_map.svg": svg.Bytes(), "compare.html": html.Bytes()} {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := replaceDir(tmp, dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s compared with %s\n\n", scen.Summary.Scenario, base.Summary.Scenario)
	report.WriteCompareTable(stdout, rows, *top)
	fmt.Fprintf(stdout, "wrote %s\n", dir)
	return nil
}

// svgBody drops an XML declaration and doctype, so the SVG can sit inside HTML.
func svgBody(b []byte) []byte {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		return b[i:]
	}
	return b
}
