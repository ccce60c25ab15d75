package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/borderflow/borderflow/runfolder"
)

// Formats are the outputs Write can render, by name.
var Formats = []string{"geojson", "parquet", "map", "charts", "html"}

// ParseFormats reads a comma-separated list of formats ("all" for every
// one, "none" for none).
func ParseFormats(s string) ([]string, error) {
	switch strings.TrimSpace(s) {
	case "all":
		return Formats, nil
	case "none", "":
		return nil, nil
	}
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(Formats, f) {
			return nil, fmt.Errorf("unknown format %q (want a comma-separated list of %s, or all, or none)", f, strings.Join(Formats, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// Write renders the formats of a run into dir and returns the files
// written: loads.geojson, daily.parquet, map.png and map.svg, the charts,
// report.html. It renders them side by side, as many at a time as
// GOMAXPROCS, each into its own files: the bytes and the list returned
// are those of rendering them one after the other. On an error it returns
// the error of the first format (in the order given) that failed and the
// files of the formats before it (the others may have been written too).
func Write(dir string, d *runfolder.Data, formats []string) ([]string, error) {
	return writeWith(dir, d, formats, runtime.GOMAXPROCS(0))
}

// writeWith is Write with at most workers renderings at a time.
func writeWith(dir string, d *runfolder.Data, formats []string, workers int) ([]string, error) {
	var jobs []job
	for _, f := range formats {
		fj, err := formatJobs(dir, d, f)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, fj...)
	}
	return runJobs(jobs, workers)
}

// formatJobs are the renderings of one format: one, or one per chart.
func formatJobs(dir string, d *runfolder.Data, f string) ([]job, error) {
	file := func(name string, cost int, write func(io.Writer) error) job {
		return job{format: f, cost: cost, run: func() ([]string, error) {
			return []string{name}, writeFileIn(dir, name, write)
		}}
	}
	switch f {
	case "geojson":
		return []job{file("loads.geojson", 1, func(w io.Writer) error { return WriteLoadsGeoJSON(w, d) })}, nil
	case "parquet":
		return []job{file("daily.parquet", 6, func(w io.Writer) error { return WriteParquet(w, d) })}, nil
	case "map":
		return []job{{format: f, cost: 13, run: func() ([]string, error) {
			var png, svg bytes.Buffer
			if err := WriteMap(&png, &svg, d); err != nil {
				return nil, err
			}
			return writeBoth(dir, "map", png.Bytes(), svg.Bytes())
		}}}, nil
	case "charts":
		return chartJobs(dir, d), nil
	case "html":
		return []job{file("report.html", 1, func(w io.Writer) error { return WriteHTML(w, d) })}, nil
	}
	return nil, fmt.Errorf("unknown format %q", f)
}

func writeBoth(dir, base string, png, svg []byte) ([]string, error) {
	var files []string
	for _, f := range []struct {
		ext string
		b   []byte
	}{{".png", png}, {".svg", svg}} {
		if err := os.WriteFile(filepath.Join(dir, base+f.ext), f.b, 0o644); err != nil {
			return files, err
		}
		files = append(files, base+f.ext)
	}
	return files, nil
}

func writeFileIn(dir, name string, write func(io.Writer) error) error {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}
