package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/borderflow/borderflow/report"
	"github.com/borderflow/borderflow/runfolder"
)

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
	ctx, stop := signalContext()
	defer stop()
	tx, err := runfolder.Update(pos[0], version)
	if err != nil {
		return err
	}
	defer tx.Abort() // a no-op once committed
	d, err := runfolder.Read(tx.Dir())
	if err != nil {
		return err
	}
	d.Dir = pos[0]
	files, err := report.Write(tx.Dir(), d, fl)
	if err != nil {
		return err
	}
	if err := interrupted(ctx, pos[0]+" left as it was"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s in %s\n", strings.Join(files, ", "), pos[0])
	return nil
}

func runCompare(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compare", "compare BASELINE_DIR SCENARIO_DIR [--out DIR] [--force] [--top N]\n\nCompares two runs over the same network (read from the run folders), place by place: the difference in\ntotal and peak load and in the date of the peak, per border post, centre and\ncountry. Prints a table and writes compare.csv, compare_map.png/svg and\ncompare.html to DIR (default ./out/compare-<scenario>-vs-<baseline>).", stderr)
	out := fs.String("out", "", "output `dir`")
	force := fs.Bool("force", false, "replace DIR if it holds another borderflow folder (an earlier comparison of the same name is replaced anyway; a folder borderflow did not write never is)")
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
	base, err := runfolder.Read(pos[0])
	if err != nil {
		return err
	}
	scen, err := runfolder.Read(pos[1])
	if err != nil {
		return err
	}
	rows, err := report.Compare(base, scen)
	if err != nil {
		return err
	}
	name := "compare-" + scen.Summary.Scenario + "-vs-" + base.Summary.Scenario
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", name)
	}
	ctx, stop := signalContext()
	defer stop()
	tx, err := runfolder.Create(dir, runfolder.Options{Name: name, Kind: runfolder.KindCompare, Replace: *force, Version: version})
	if err != nil {
		return outDirError("--out ", err)
	}
	defer tx.Abort() // a no-op once committed
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
		if err := os.WriteFile(filepath.Join(tx.Dir(), name), b, 0o644); err != nil {
			return err
		}
	}
	if err := interrupted(ctx, "nothing written to "+dir); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
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
