package sweep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/google/renameio/v2"
	"github.com/parquet-go/parquet-go"

	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// BatchItems is the most items one batch file holds.
const BatchItems = 100

// Files of a sweep folder.
const (
	DefinitionFile = "sweep.json" // the sweep as resolved: its points and outputs
	ItemsDir       = "items"
	MergedDir      = "merged"
)

// batchFormat marks a batch manifest.
const batchFormat = "borderflow sweep batch"

// Row is one row of a batch file: one output of one item.
type Row struct {
	Item      int64   `parquet:"item"`
	Point     int32   `parquet:"point"`
	Replicate int32   `parquet:"replicate"`
	Kind      string  `parquet:"kind,dict"`
	ID        string  `parquet:"id,dict"`
	Metric    string  `parquet:"metric,dict"`
	Value     float64 `parquet:"value"`
}

// BatchManifest is a batch's manifest: which sweep and shard it is of,
// its items, and its Parquet file's size and SHA-256.
type BatchManifest struct {
	Format     string `json:"format"`
	Sweep      string `json:"sweep"` // Sweep.Hash
	ShardIndex int    `json:"shard_index"`
	ShardCount int    `json:"shard_count"`
	Batch      int    `json:"batch"`
	Items      []int  `json:"items"`
	File       string `json:"file"`
	Size       int64  `json:"size"`
	Rows       int64  `json:"rows"`
	SHA256     string `json:"sha256"`
}

// definition is what sweep.json holds.
type definition struct {
	Name       string   `json:"name"`
	Sweep      string   `json:"sweep"` // Sweep.Hash
	File       *File    `json:"file"`
	Params     []string `json:"params"`
	Points     []Point  `json:"points"`
	Replicates int      `json:"replicates"`
	Items      int      `json:"items"`
	Outputs    []Output `json:"outputs"`
}

// Options are a shard run's settings.
type Options struct {
	// Workers is the items run side by side (default: one per CPU).
	Workers int
	// Progress, if set, is called as items finish, with the items done
	// and the shard's total.
	Progress func(done, total int)
}

// shardItems returns the items of shard sh, in order.
func (sw *Sweep) shardItems(sh Shard) []int {
	var out []int
	for k := sh.Index; k < sw.Items(); k += sh.Count {
		out = append(out, k)
	}
	return out
}

// Run runs shard sh of the sweep and writes its batches under dir (see
// the package doc), and the sweep's definition (the same from every
// shard). It returns the items it ran.
func (sw *Sweep) Run(ctx context.Context, dir string, sh Shard, opts Options) (int, error) {
	if sh.Count == 0 {
		sh = Shard{Index: 0, Count: 1}
	}
	if err := os.MkdirAll(filepath.Join(dir, ItemsDir), 0o755); err != nil {
		return 0, err
	}
	if err := sw.writeDefinition(dir); err != nil {
		return 0, err
	}
	items := sw.shardItems(sh)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	done := 0
	for b := 0; b*BatchItems < len(items); b++ {
		batch := items[b*BatchItems : min((b+1)*BatchItems, len(items))]
		values, err := sw.runBatch(ctx, batch, workers, func() {
			done++
			if opts.Progress != nil {
				opts.Progress(done, len(items))
			}
		})
		if err != nil {
			return done, err
		}
		if err := sw.writeBatch(dir, sh, b, batch, values); err != nil {
			return done, err
		}
	}
	return len(items), nil
}

// runBatch runs the items of a batch on workers goroutines, each keeping
// the scenario of the last point it loaded, and returns their outputs in
// the batch's order.
func (sw *Sweep) runBatch(ctx context.Context, batch []int, workers int, tick func()) ([][]float64, error) {
	values := make([][]float64, len(batch))
	type cache struct {
		point int
		ps    *scenarios.Scenario
	}
	caches := make([]cache, max(1, min(workers, len(batch))))
	for i := range caches {
		caches[i].point = -1
	}
	var mu sync.Mutex
	err := sim.ForEach(ctx, workers, len(batch), func(ctx context.Context, w, j int) error {
		k := batch[j]
		c := &caches[w]
		if p := k / sw.File.Replicates; p != c.point {
			ps, err := sw.load(p, sw.eventSet(p))
			if err != nil {
				return err
			}
			c.point, c.ps = p, ps
		}
		v, err := sw.runItem(ctx, c.ps, k)
		if err != nil {
			return err
		}
		values[j] = v
		mu.Lock()
		tick()
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return values, nil
}

// batchName returns the base name of batch b of shard sh.
func batchName(sh Shard, b int) string {
	return fmt.Sprintf("shard-%05d-of-%05d-batch-%05d", sh.Index, sh.Count, b)
}

// writeBatch writes batch b of shard sh: the Parquet file, then its
// manifest, each replaced atomically, so that a batch whose manifest is
// there and matches is whole.
func (sw *Sweep) writeBatch(dir string, sh Shard, b int, items []int, values [][]float64) error {
	var buf bytes.Buffer
	pw := parquet.NewGenericWriter[Row](&buf)
	rows := make([]Row, 0, len(sw.Outputs))
	var n int64
	for j, k := range items {
		rows = rows[:0]
		for o, out := range sw.Outputs {
			rows = append(rows, Row{Item: int64(k), Point: int32(k / sw.File.Replicates), Replicate: int32(k % sw.File.Replicates),
				Kind: out.Kind, ID: out.ID, Metric: out.Metric, Value: values[j][o]})
		}
		if _, err := pw.Write(rows); err != nil {
			return err
		}
		n += int64(len(rows))
	}
	if err := pw.Close(); err != nil {
		return err
	}
	name := batchName(sh, b)
	file := filepath.Join(dir, ItemsDir, name+".parquet")
	if err := renameio.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	m := BatchManifest{Format: batchFormat, Sweep: sw.Hash, ShardIndex: sh.Index, ShardCount: sh.Count, Batch: b, Items: items,
		File: name + ".parquet", Size: int64(buf.Len()), Rows: n, SHA256: hex.EncodeToString(sum[:])}
	mb, err := json.MarshalIndent(&m, "", "  ")
	if err != nil {
		return err
	}
	mfile := filepath.Join(dir, ItemsDir, name+".json")
	if err := renameio.WriteFile(mfile, append(mb, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", mfile, err)
	}
	return nil
}

// writeDefinition writes sweep.json; every shard writes the same bytes. A
// sweep.json of another sweep is not replaced: the folder is another
// sweep's.
func (sw *Sweep) writeDefinition(dir string) error {
	def := definition{Name: sw.File.Name, Sweep: sw.Hash, File: sw.File, Params: sw.Params, Points: sw.Points,
		Replicates: sw.File.Replicates, Items: sw.Items(), Outputs: sw.Outputs}
	b, err := json.MarshalIndent(&def, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	path := filepath.Join(dir, DefinitionFile)
	if old, err := os.ReadFile(path); err == nil && !bytes.Equal(old, b) {
		var prev definition
		if json.Unmarshal(old, &prev) != nil || prev.Sweep != sw.Hash {
			return fmt.Errorf("%s holds another sweep (%s %s, this is %s %s): give another --out", path, prev.Name, prev.Sweep, sw.File.Name, sw.Hash)
		}
	}
	return renameio.WriteFile(path, b, 0o644)
}
