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
	"strings"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
)

const testSweep = `name: refusal-grid
scenario: bulgaria-surge
scale: 0.5
replicates: 3
seed: 7
vary:
  refusal.BGR-SRB.2022-07-01: [0.05, 0.3]
  info_delay_days: [1, 4]
event_sets:
  - name: as-is
  - name: serbia-closed-in-october
    events:
      - {date: 2022-10-01, close_border: {between: [BGR, SRB]}}
`

func newTestSweep(t testing.TB, text string) *Sweep {
	t.Helper()
	f, err := Parse([]byte(text), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Builtin(f.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	sw, err := New(f, s, ".", "test.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

// runShards runs the sweep in count shards into a new folder and merges
// it, returning the folder and the merged files.
func runShards(t *testing.T, sw *Sweep, count int) (string, []byte, []byte) {
	t.Helper()
	dir := t.TempDir()
	for i := range count {
		if _, err := sw.Run(context.Background(), dir, Shard{Index: i, Count: count}, Options{Workers: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Merge(dir); err != nil {
		t.Fatal(err)
	}
	pq := append(mustRead(t, filepath.Join(dir, MergedDir, "sweep.parquet")), mustRead(t, filepath.Join(dir, MergedDir, "report.html"))...)
	return dir, mustRead(t, filepath.Join(dir, MergedDir, "sweep.csv")), pq
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestShardedIsUnsharded: the merged files are the same bytes whether the
// sweep ran as one shard or as 2, 3 or 7, and a point's figures move with
// its parameters.
func TestShardedIsUnsharded(t *testing.T) {
	sw := newTestSweep(t, testSweep)
	if got := sw.Items(); got != 2*2*2*3 {
		t.Fatalf("%d items, want 24 (2 × 2 values × 2 event sets × 3 replicates)", got)
	}
	_, csv1, pq1 := runShards(t, sw, 1)
	for _, n := range []int{2, 3, 7} {
		_, csvN, pqN := runShards(t, sw, n)
		if !bytes.Equal(csv1, csvN) || !bytes.Equal(pq1, pqN) {
			t.Errorf("%d shards merge to other bytes than one", n)
		}
	}
	// Refusing 30% at the Serbian border refuses more than 5%.
	refused := map[string]string{}
	for _, line := range strings.Split(string(csv1), "\n") {
		f := strings.Split(line, ",")
		// point, event_set, params.info_delay_days, refusal…, kind, id, metric, replicates, mean
		if len(f) > 8 && f[4] == "crossing" && f[6] == "refused" && f[1] == "as-is" && f[2] == "1" && f[8] != "0.00" {
			refused[f[5]+"@"+f[3]] = f[8]
		}
	}
	t.Logf("refused at the Bulgarian–Serbian crossings (mean): %v", refused)
	if len(refused) == 0 {
		t.Fatal("no refusals in the merged table")
	}
	var low, high float64
	for k, v := range refused {
		var x float64
		fmt.Sscan(v, &x)
		if strings.HasSuffix(k, "@0.05") {
			low += x
		} else {
			high += x
		}
	}
	if !(high > 3*low) || low == 0 {
		t.Errorf("refused at 30%%: %v, at 5%%: %v; want the first several times the second", high, low)
	}
}

// TestRetriedShardChangesNothing: running a shard again rewrites the same
// bytes, and the merge is the same.
func TestRetriedShardChangesNothing(t *testing.T) {
	sw := newTestSweep(t, testSweep)
	dir, csv1, _ := runShards(t, sw, 3)
	before := mustRead(t, filepath.Join(dir, ItemsDir, batchName(Shard{Index: 1, Count: 3}, 0)+".parquet"))
	if _, err := sw.Run(context.Background(), dir, Shard{Index: 1, Count: 3}, Options{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	after := mustRead(t, filepath.Join(dir, ItemsDir, batchName(Shard{Index: 1, Count: 3}, 0)+".parquet"))
	if !bytes.Equal(before, after) {
		t.Error("a retried shard wrote other bytes")
	}
	if _, err := Merge(dir); err != nil {
		t.Fatal(err)
	}
	if got := mustRead(t, filepath.Join(dir, MergedDir, "sweep.csv")); !bytes.Equal(got, csv1) {
		t.Error("the merge after a retry differs")
	}
}

// TestMergeRefuses: missing items (named with the shard that owed them),
// items twice (shards of two runs in one folder) and a half-written batch
// are errors.
func TestMergeRefuses(t *testing.T) {
	sw := newTestSweep(t, testSweep)
	dir := t.TempDir()
	for _, i := range []int{0, 2} {
		if _, err := sw.Run(context.Background(), dir, Shard{Index: i, Count: 3}, Options{Workers: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Merge(dir); err == nil || !strings.Contains(err.Error(), "items missing: 1 (shard 1 of 3), 4 (shard 1 of 3)") {
		t.Errorf("merge with shard 1 of 3 missing: %v", err)
	}
	if _, err := sw.Run(context.Background(), dir, Shard{Index: 0, Count: 2}, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(dir); err == nil || !strings.Contains(err.Error(), "is in two batches") {
		t.Errorf("merge with shards of two runs: %v", err)
	}
	dir = t.TempDir()
	if _, err := sw.Run(context.Background(), dir, Shard{}, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	batch := filepath.Join(dir, ItemsDir, batchName(Shard{Index: 0, Count: 1}, 0)+".parquet")
	b := mustRead(t, batch)
	if err := os.WriteFile(batch, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(dir); err == nil || !strings.Contains(err.Error(), "a half-written or changed batch; run its shard (0 of 1) again") {
		t.Errorf("merge with a half-written batch: %v", err)
	}
	// A manifest that lists garbage with its true SHA-256, or a file
	// outside the folder, is refused too.
	garbage := []byte("PAR1 not really parquet PAR1")
	if err := os.WriteFile(batch, garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, ItemsDir, batchName(Shard{Index: 0, Count: 1}, 0)+".json")
	var m BatchManifest
	if err := json.Unmarshal(mustRead(t, manifest), &m); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(garbage)
	m.SHA256, m.Size = hex.EncodeToString(sum[:]), int64(len(garbage))
	write := func() {
		b, _ := json.Marshal(&m)
		if err := os.WriteFile(manifest, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write()
	if _, err := Merge(dir); err == nil {
		t.Error("merge read a garbage batch")
	}
	m.File = "../../../etc/passwd.parquet"
	write()
	if _, err := Merge(dir); err == nil || !strings.Contains(err.Error(), "want a .parquet file beside the manifest") {
		t.Errorf("merge with a batch file outside the folder: %v", err)
	}
	if _, err := Merge(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is not a sweep folder") {
		t.Errorf("merge of an empty folder: %v", err)
	}
}

// TestOtherSweepInFolder: a shard of another sweep does not write into a
// folder that holds a sweep.
func TestOtherSweepInFolder(t *testing.T) {
	sw := newTestSweep(t, testSweep)
	dir := t.TempDir()
	if _, err := sw.Run(context.Background(), dir, Shard{Index: 0, Count: 5}, Options{}); err != nil {
		t.Fatal(err)
	}
	other := newTestSweep(t, strings.Replace(testSweep, "seed: 7", "seed: 8", 1))
	if _, err := other.Run(context.Background(), dir, Shard{Index: 1, Count: 5}, Options{}); err == nil || !strings.Contains(err.Error(), "holds another sweep") {
		t.Errorf("a shard of another sweep into the folder: %v", err)
	}
}

// TestBadSweepFiles: every problem is named at its line and column.
func TestBadSweepFiles(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"unknown key", "name: x\nscenario: bulgaria-surge\nvarry: {}\n", "test.yaml:3:1: unknown field \"varry\""},
		{"no scenario", "name: x\n", "test.yaml: no scenario"},
		{"bad replicates", "name: x\nscenario: bulgaria-surge\nreplicates: -2\n", `test.yaml:3:1: replicates is "-2", want a whole number`},
		{"empty values", "name: x\nscenario: bulgaria-surge\nvary:\n  info_delay_days: []\n", "test.yaml:4:3: info_delay_days has 0 values"},
		{"too many items", "name: x\nscenario: bulgaria-surge\nreplicates: 10000\nvary:\n  info_delay_days: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0]\nevent_sets: [{name: a}, {name: b}, {name: c}, {name: d}, {name: e}, {name: f}, {name: g}]\n", "1050000 items"},
		{"twice", "name: x\nscenario: bulgaria-surge\nevent_sets: [{name: a}, {name: a}]\n", "test.yaml:3:25: event set \"a\" is named twice"},
		{"wrong type", "name: x\nscenario: bulgaria-surge\nscale: lots\n", "test.yaml:3:8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.text), "test.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse = %v, want an error containing %q", err, c.want)
			}
		})
	}
	for _, c := range []struct{ name, vary, want string }{
		{"unknown parameter", "vary:\n  walking_speed: [10]\n", "test.yaml:2:3: no free parameter \"params.walking_speed\""},
		{"out of bounds", "vary:\n  info_delay_days: [1, 99]\n", "test.yaml:2:3: params.info_delay_days = 99: want 0 to 14"},
		{"not whole", "vary:\n  rest_days: [1.5]\n", "params.rest_days = 1.5: want a whole number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := "name: x\nscenario: bulgaria-surge\n" + c.vary
			text = strings.Replace(text, "vary:", "vary:", 1)
			f, err := Parse([]byte(text), "test.yaml")
			if err != nil {
				t.Fatal(err)
			}
			s, _ := scenarios.Builtin(f.Scenario)
			_, err = New(f, s, ".", "test.yaml", []byte(text))
			if err == nil || !strings.Contains(err.Error(), strings.Replace(c.want, "test.yaml:2:", "test.yaml:4:", 1)) {
				t.Errorf("New = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestMorrisSweep: a Morris design over the Bulgarian branch ranks the
// refusal rate above the information delay for the people refused at
// Kalotina–Gradina, in merged/sensitivity.csv.
func TestMorrisSweep(t *testing.T) {
	sw := newTestSweep(t, `name: morris
scenario: bulgaria-surge
scale: 0.5
seed: 3
design:
  method: morris
  samples: 4
  ranges:
    refusal.BGR-SRB.2022-07-01: [0, 0.5]
    info_delay_days: [0, 6]
`)
	if got := sw.Items(); got != 4*3 {
		t.Fatalf("%d items, want 12 (4 trajectories of 3 points)", got)
	}
	dir, _, _ := runShards(t, sw, 2)
	sens := string(mustRead(t, filepath.Join(dir, MergedDir, "sensitivity.csv")))
	mu := map[string]float64{}
	for _, line := range strings.Split(sens, "\n") {
		f := strings.Split(line, ",")
		if len(f) == 10 && f[2] == "kalotina-gradina" && f[3] == "refused" {
			var x float64
			fmt.Sscan(f[6], &x)
			mu[f[4]] = x
		}
	}
	t.Logf("μ* of the people refused at Kalotina–Gradina: %v", mu)
	if !(mu["refusal.BGR-SRB.2022-07-01"] > 10*mu["params.info_delay_days"]) {
		t.Errorf("μ* %v: want the refusal rate's far above the information delay's", mu)
	}
}
