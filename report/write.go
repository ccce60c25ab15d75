package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
// report.html.
func Write(dir string, d *runfolder.Data, formats []string) ([]string, error) {
	var files []string
	file := func(name string, write func(io.Writer) error) error {
		files = append(files, name)
		return writeFileIn(dir, name, write)
	}
	for _, f := range formats {
		var err error
		switch f {
		case "geojson":
			err = file("loads.geojson", func(w io.Writer) error { return WriteLoadsGeoJSON(w, d) })
		case "parquet":
			err = file("daily.parquet", func(w io.Writer) error { return WriteParquet(w, d) })
		case "map":
			var png, svg bytes.Buffer
			if err = WriteMap(&png, &svg, d); err == nil {
				err = writeBoth(dir, "map", png.Bytes(), svg.Bytes(), &files)
			}
		case "charts":
			var names []string
			names, err = WriteCharts(dir, d)
			files = append(files, names...)
		case "html":
			err = file("report.html", func(w io.Writer) error { return WriteHTML(w, d) })
		default:
			err = fmt.Errorf("unknown format %q", f)
		}
		if err != nil {
			return files, fmt.Errorf("%s: %w", f, err)
		}
	}
	return files, nil
}

func writeBoth(dir, base string, png, svg []byte, files *[]string) error {
	for ext, b := range map[string][]byte{".png": png, ".svg": svg} {
		if err := os.WriteFile(filepath.Join(dir, base+ext), b, 0o644); err != nil {
			return err
		}
	}
	*files = append(*files, base+".png", base+".svg")
	return nil
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
