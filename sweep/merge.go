package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/parquet-go/parquet-go"
	"golang.org/x/exp/stats"
)

// MergedHeader is sweep.csv's header before the parameters' columns;
// MergedStats after them.
var (
	MergedHeader = []string{"point", "event_set"}
	MergedStats  = []string{"kind", "id", "metric", "replicates", "mean", "p05", "p50", "p95"}
)

// MergedRow is one row of sweep.parquet: one output of one point, over
// its replicates. Values are the point's parameter values in the order of
// sweep.json's params.
type MergedRow struct {
	Point      int32     `parquet:"point"`
	EventSet   string    `parquet:"event_set,dict"`
	Values     []float64 `parquet:"values,list"`
	Kind       string    `parquet:"kind,dict"`
	ID         string    `parquet:"id,dict"`
	Metric     string    `parquet:"metric,dict"`
	Replicates int32     `parquet:"replicates"`
	Mean       float64   `parquet:"mean"`
	P05        float64   `parquet:"p05"`
	P50        float64   `parquet:"p50"`
	P95        float64   `parquet:"p95"`
}

// Merged is the result of Merge.
type Merged struct {
	Name          string
	Items, Points int
	Batches       int
	Shards        int // the shard count the batches were written with
}

// Merge checks that the batches under dir hold every item of its sweep
// exactly once, each batch whole (its manifest there and its file's
// SHA-256 as listed), and writes dir/merged/sweep.csv and sweep.parquet.
// A missing item is named with the shard that owed it, a duplicated one
// with the batches that hold it.
func Merge(dir string) (*Merged, error) {
	res, err := ReadItems(dir)
	if err != nil {
		return nil, err
	}
	def, values := &res.def, res.Values
	var csvb, pqb, sensb bytes.Buffer
	if err := writeMerged(&csvb, &pqb, def, values); err != nil {
		return nil, err
	}
	var html bytes.Buffer
	if err := writeMergedHTML(&html, def, values); err != nil {
		return nil, err
	}
	files := map[string][]byte{"sweep.csv": csvb.Bytes(), "sweep.parquet": pqb.Bytes(), "report.html": html.Bytes()}
	if d := def.File.Design; d != nil && d.Method != DesignLHS {
		if err := writeSensitivity(&sensb, def, values); err != nil {
			return nil, err
		}
		files["sensitivity.csv"] = sensb.Bytes()
	}
	out := filepath.Join(dir, MergedDir)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	for name, data := range files {
		if err := renameio.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	return &Merged{Name: def.Name, Items: def.Items, Points: len(def.Points), Batches: res.Batches, Shards: res.Shards}, nil
}

// Items are a sweep folder's items, read and checked (see Merge).
type Items struct {
	Name    string
	Params  []string
	Points  []Point
	Outputs []Output
	// Replicates is the replicates of each point; Values[k] item k's
	// outputs, in the order of Outputs (item k is point k / Replicates).
	Replicates int
	Values     [][]float64
	Batches    int
	Shards     int
	// EventSets are the sweep file's event sets.
	EventSets []EventSet

	def definition
}

// ReadItems reads every item of the sweep in dir, checked as Merge checks
// them: each exactly once, each batch whole and of this sweep.
func ReadItems(dir string) (*Items, error) {
	defPath := filepath.Join(dir, DefinitionFile)
	b, err := os.ReadFile(defPath)
	if err != nil {
		return nil, fmt.Errorf("%s is not a sweep folder: %w", dir, err)
	}
	var def definition
	if err := json.Unmarshal(b, &def); err != nil {
		return nil, fmt.Errorf("%s: %w", defPath, err)
	}
	if def.Items <= 0 || def.Items > MaxItems || def.Replicates <= 0 || len(def.Points)*def.Replicates != def.Items {
		return nil, fmt.Errorf("%s: %d items of %d points × %d replicates: not a sweep this borderflow wrote", defPath, def.Items, len(def.Points), def.Replicates)
	}
	manifests, err := filepath.Glob(filepath.Join(dir, ItemsDir, "*.json"))
	if err != nil {
		return nil, err
	}
	slices.Sort(manifests)
	owner := make([]string, def.Items)
	values := make([][]float64, def.Items)
	index := map[[3]string]int{}
	for o, out := range def.Outputs {
		index[[3]string{out.Kind, out.ID, out.Metric}] = o
	}
	shards := 0
	for _, mpath := range manifests {
		m, rows, err := readBatch(mpath, def.Sweep)
		if err != nil {
			return nil, err
		}
		if shards == 0 {
			shards = m.ShardCount
		}
		for _, r := range rows {
			k := int(r.Item)
			if k < 0 || k >= def.Items {
				return nil, fmt.Errorf("%s: item %d: the sweep has items 0 to %d", mpath, k, def.Items-1)
			}
			o, ok := index[[3]string{r.Kind, r.ID, r.Metric}]
			if !ok {
				return nil, fmt.Errorf("%s: item %d has an output %s %s %s the sweep does not", mpath, k, r.Kind, r.ID, r.Metric)
			}
			if owner[k] != "" && owner[k] != mpath {
				return nil, fmt.Errorf("item %d is in two batches, %s and %s: the folder holds shards of two runs (shard counts %d and %d?); remove one run's items", k, filepath.Base(owner[k]), filepath.Base(mpath), shards, m.ShardCount)
			}
			if values[k] == nil {
				values[k] = make([]float64, len(def.Outputs))
				for j := range values[k] {
					values[k][j] = -1
				}
			}
			owner[k] = mpath
			values[k][o] = r.Value
		}
	}
	var missing []string
	for k := range def.Items {
		if values[k] == nil {
			owed := ""
			if shards > 0 {
				owed = fmt.Sprintf(" (shard %d of %d)", k%shards, shards)
			}
			missing = append(missing, fmt.Sprintf("%d%s", k, owed))
			if len(missing) == 10 {
				missing = append(missing, "…")
				break
			}
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: items missing: %s; run the shards that owe them again", dir, strings.Join(missing, ", "))
	}
	for k, v := range values {
		if j := slices.Index(v, -1); j >= 0 {
			out := def.Outputs[j]
			return nil, fmt.Errorf("%s: item %d has no %s %s %s", filepath.Base(owner[k]), k, out.Kind, out.ID, out.Metric)
		}
	}
	return &Items{Name: def.Name, Params: def.Params, Points: def.Points, Outputs: def.Outputs, Replicates: def.Replicates,
		Values: values, Batches: len(manifests), Shards: shards, EventSets: def.File.EventSets, def: def}, nil
}

// readBatch reads and checks a batch's manifest and its Parquet file.
func readBatch(mpath, sweepHash string) (*BatchManifest, []Row, error) {
	mb, err := os.ReadFile(mpath)
	if err != nil {
		return nil, nil, err
	}
	var m BatchManifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", mpath, err)
	}
	switch {
	case m.Format != batchFormat:
		return nil, nil, fmt.Errorf("%s: not a sweep batch manifest (format %q)", mpath, m.Format)
	case m.Sweep != sweepHash:
		return nil, nil, fmt.Errorf("%s: a batch of sweep %s, but the folder's sweep.json is %s", mpath, m.Sweep, sweepHash)
	case filepath.Base(m.File) != m.File || !strings.HasSuffix(m.File, ".parquet"):
		return nil, nil, fmt.Errorf("%s: batch file %q: want a .parquet file beside the manifest", mpath, m.File)
	}
	path := filepath.Join(filepath.Dir(mpath), m.File)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: its batch file: %w", mpath, err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != m.SHA256 || int64(len(data)) != m.Size {
		return nil, nil, fmt.Errorf("%s: %d bytes with SHA-256 %s, but the manifest lists %d bytes and %s: a half-written or changed batch; run its shard (%d of %d) again",
			path, len(data), got[:12], m.Size, m.SHA256[:min(12, len(m.SHA256))], m.ShardIndex, m.ShardCount)
	}
	rows, err := readRows(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(rows)) != m.Rows {
		return nil, nil, fmt.Errorf("%s: %d rows, the manifest lists %d", path, len(rows), m.Rows)
	}
	return &m, rows, nil
}

// writeMerged writes sweep.csv and sweep.parquet: per point and output,
// the replicates' mean and 5th, 50th and 95th percentiles.
func writeMerged(csvw, pqw io.Writer, def *definition, values [][]float64) error {
	cw := csv.NewWriter(csvw)
	header := append(slices.Clone(MergedHeader), def.Params...)
	header = append(header, MergedStats...)
	if err := cw.Write(header); err != nil {
		return err
	}
	pw := parquet.NewGenericWriter[MergedRow](pqw)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	buf := make([]float64, def.Replicates)
	var rows []MergedRow
	for p, pt := range def.Points {
		rows = rows[:0]
		for o, out := range def.Outputs {
			var sum float64
			for r := range def.Replicates {
				buf[r] = values[p*def.Replicates+r][o]
				sum += buf[r]
			}
			sorted := slices.Clone(buf)
			slices.Sort(sorted)
			q := stats.Quantiles(sorted, 0.05, 0.5, 0.95)
			mean := sum / float64(def.Replicates)
			rec := []string{strconv.Itoa(p), pt.EventSet}
			for _, v := range pt.Values {
				rec = append(rec, strconv.FormatFloat(v, 'g', -1, 64))
			}
			rec = append(rec, out.Kind, out.ID, out.Metric, strconv.Itoa(def.Replicates), num(mean), num(q[0]), num(q[1]), num(q[2]))
			if err := cw.Write(rec); err != nil {
				return err
			}
			rows = append(rows, MergedRow{Point: int32(p), EventSet: pt.EventSet, Values: pt.Values, Kind: out.Kind, ID: out.ID, Metric: out.Metric,
				Replicates: int32(def.Replicates), Mean: mean, P05: q[0], P50: q[1], P95: q[2]})
		}
		if _, err := pw.Write(rows); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return pw.Close()
}

// SensitivityHeader is sensitivity.csv's header.
var SensitivityHeader = []string{"event_set", "kind", "id", "metric", "parameter", "method", "mu_star", "sigma", "first_order", "total_order"}

// writeSensitivity writes sensitivity.csv: for a Morris design each
// parameter's μ* and σ, for a Sobol design its first and total order
// index, of each output that varies, for each event set, from the
// points' means over their replicates.
func writeSensitivity(w io.Writer, def *definition, values [][]float64) error {
	d := def.File.Design
	k := len(def.Params)
	unit := d.unitPoints(k, def.File.Seed)
	perSet := len(unit)
	cw := csv.NewWriter(w)
	if err := cw.Write(SensitivityHeader); err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	y := make([]float64, perSet)
	for set := 0; set*perSet < len(def.Points); set++ {
		for o, out := range def.Outputs {
			varies := false
			for i := range perSet {
				p := set*perSet + i
				var sum float64
				for r := range def.Replicates {
					sum += values[p*def.Replicates+r][o]
				}
				y[i] = sum / float64(def.Replicates)
				varies = varies || y[i] != y[0]
			}
			if !varies {
				continue
			}
			var idx []Index
			if d.Method == DesignMorris {
				idx = morris(unit, y, k)
			} else {
				idx = sobol(y, k)
			}
			for j, ix := range idx {
				rec := []string{def.Points[set*perSet].EventSet, out.Kind, out.ID, out.Metric, def.Params[j], d.Method}
				if d.Method == DesignMorris {
					rec = append(rec, num(ix.MuStar), num(ix.Sigma), "", "")
				} else {
					rec = append(rec, "", "", num(ix.First), num(ix.Total))
				}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// readRows reads a batch file's rows; a panic in the Parquet reader (on a
// file crafted to match its manifest) becomes an error.
func readRows(data []byte) (rows []Row, err error) {
	defer func() {
		if r := recover(); r != nil {
			rows, err = nil, fmt.Errorf("not a batch file this borderflow can read (%v)", r)
		}
	}()
	return parquet.Read[Row](bytes.NewReader(data), int64(len(data)))
}
