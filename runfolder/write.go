package runfolder

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/sim"
)

// Write writes a run's folder into dir, which must exist: the tables,
// summary.json, scenario.yaml (border-aware runs), network.geojson (any
// network but the embedded westernbalkans one), and last manifest.json,
// which also lists the manifests of the replicate folders already under
// dir. version is the borderflow version recorded. Write does not make the
// folder appear atomically: write into a Tx's Dir for that.
func Write(dir string, r *sim.Result, version string) error {
	return write(dir, r, nil, version)
}

// WriteMean is Write for the mean of replicates, adding bands.csv: the
// 5th and 95th percentiles of the main series across the replicates.
func WriteMean(dir string, mean *sim.Result, b *sim.Bands, version string) error {
	if b == nil {
		return errors.New("runfolder: WriteMean without bands")
	}
	return write(dir, mean, b, version)
}

func write(dir string, r *sim.Result, b *sim.Bands, version string) error {
	if !(r.Info.Scale > 0) || r.Network == nil {
		return fmt.Errorf("runfolder: result without a network or a positive scale (%v)", r.Info.Scale)
	}
	m := &Manifest{Format: formatName, FormatVersion: FormatVersion, Version: version, Kind: KindRun, Name: r.Info.Name}
	table := func(name string, rows func(row func(...string) error) error) error {
		e, err := writeFile(dir, name, func(w io.Writer) (int64, error) {
			cw := csv.NewWriter(w)
			var n int64
			err := cw.Write(headers[name])
			row := func(fields ...string) error {
				if err != nil {
					return err
				}
				n++
				err = cw.Write(fields)
				return err
			}
			if err := rows(row); err != nil {
				return 0, err
			}
			if err != nil {
				return 0, err
			}
			cw.Flush()
			return n, cw.Error()
		})
		m.Files = append(m.Files, e)
		return err
	}
	file := func(name string, write func(io.Writer) error) error {
		e, err := writeFile(dir, name, func(w io.Writer) (int64, error) { return 0, write(w) })
		m.Files = append(m.Files, e)
		return err
	}
	n := func(agents int64) string { return strconv.FormatInt(r.People(agents), 10) }
	net := r.Network
	if err := table(CountriesFile, func(row func(...string) error) error {
		for d := range r.Entries {
			day := date(r, d)
			for c, code := range r.Countries {
				if err := row(day, code, n(r.Entries[d][c]), n(r.Exits[d][c]), n(r.Present[d][c])); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := table(CrossingsFile, func(row func(...string) error) error {
		for d := range r.Arrived {
			day := date(r, d)
			for p, pt := range r.Posts {
				if err := row(day, net.Crossing(pt.Crossing).ID, r.Countries[pt.From], r.Countries[pt.To],
					n(r.Arrived[d][p]), n(r.Passed[d][p]), n(r.Refused[d][p]), n(r.Queue[d][p])); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := table(CentresFile, func(row func(...string) error) error {
		for d := range r.Occupancy {
			day := date(r, d)
			for c, v := range r.Centres {
				nd := net.Node(v)
				if err := row(day, nd.ID, nd.Country, n(r.Occupancy[d][c]), strconv.FormatInt(r.Capacity[d][c], 10), n(r.TurnedAway[d][c]), n(r.Registered[d][c])); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// edges.csv: for every day and road segment anyone set out along, the
	// people who did (both directions together), the segment named by the
	// ids of its two ends in the network's order.
	if err := table(EdgesFile, func(row func(...string) error) error {
		for d := range r.EdgeFlow {
			day := date(r, d)
			for k, v := range r.EdgeFlow[d] {
				if v == 0 {
					continue
				}
				e := net.Edge(geo.EdgeID(k))
				if err := row(day, net.Node(e.From).ID, net.Node(e.To).ID, n(v)); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if b != nil {
		if err := table(BandsFile, func(row func(...string) error) error { return bandRows(r, b, row) }); err != nil {
			return err
		}
	}
	if err := file(SummaryFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(NewSummary(r, version))
	}); err != nil {
		return err
	}
	if len(r.Info.ScenarioYAML) > 0 {
		if err := file(ScenarioFile, func(w io.Writer) error { _, err := w.Write(r.Info.ScenarioYAML); return err }); err != nil {
			return err
		}
	}
	if r.Info.NetworkName != westernbalkans.Name && r.Info.NetworkName != "" {
		if err := file(NetworkFile, net.WriteGeoJSON); err != nil {
			return err
		}
	}
	reps, err := Replicates(dir)
	if err != nil {
		return err
	}
	for _, rd := range reps {
		rel, err := filepath.Rel(dir, filepath.Join(rd, ManifestFile))
		if err != nil {
			return err
		}
		e, err := hashFile(filepath.Join(rd, ManifestFile))
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(rd, ManifestFile), err)
		}
		e.Name = filepath.ToSlash(rel)
		m.Files = append(m.Files, e)
	}
	return writeManifest(dir, m)
}

// bandRows writes date,kind,id,series,mean,p05,p95 rows (in people) for
// each country's entries and presence, each crossing direction's passes
// and each centre's occupancy.
func bandRows(r *sim.Result, b *sim.Bands, row func(...string) error) error {
	net := r.Network
	n := func(agents int64) string { return strconv.FormatInt(r.People(agents), 10) }
	band := func(day, kind, id, series string, mean int64, bd [2][][]int64, d, i int) error {
		return row(day, kind, id, series, n(mean), n(bd[0][d][i]), n(bd[1][d][i]))
	}
	for d := range r.Entries {
		day := date(r, d)
		for c, code := range r.Countries {
			if err := band(day, "country", code, "entries", r.Entries[d][c], b.Entries, d, c); err != nil {
				return err
			}
			if err := band(day, "country", code, "present", r.Present[d][c], b.Present, d, c); err != nil {
				return err
			}
		}
		for p, pt := range r.Posts {
			id := net.Crossing(pt.Crossing).ID + ":" + r.Countries[pt.From] + "-" + r.Countries[pt.To]
			if err := band(day, "crossing", id, "passed", r.Passed[d][p], b.Passed, d, p); err != nil {
				return err
			}
		}
		for c, v := range r.Centres {
			if err := band(day, "centre", net.Node(v).ID, "occupancy", r.Occupancy[d][c], b.Occupancy, d, c); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeFile creates dir/name and fills it through a hashing writer,
// returning its manifest entry; write returns the rows it wrote (0 for
// files that are not tables). Errors name the file.
func writeFile(dir, name string, write func(io.Writer) (int64, error)) (Entry, error) {
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return Entry{}, err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	hw := newHashWriter(bw)
	rows, err := write(hw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Entry{}, fmt.Errorf("%s: %w", path, err)
	}
	e := hw.entry(name)
	e.Rows = rows
	return e, nil
}
