package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
	"github.com/parquet-go/parquet-go"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var testRuns sync.Map // "name@scale" → *runfolder.Data

// runScenarioForTest runs a built-in scenario, writes its folder and loads
// it back, once per test binary.
func runScenarioForTest(t *testing.T, name string, scale float64) *runfolder.Data {
	t.Helper()
	key := name + "@" + flagFloat(scale)
	if d, ok := testRuns.Load(key); ok {
		return d.(*runfolder.Data)
	}
	s, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := borderaware.Run(context.Background(), s, sim.Options{Scale: scale, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "borderflow-report-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := runfolder.Write(dir, res, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := runfolder.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	testRuns.Store(key, d)
	return d
}

func flagFloat(f float64) string { b, _ := json.Marshal(f); return string(b) }

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	testRuns.Range(func(_, v any) bool { os.RemoveAll(v.(*runfolder.Data).Dir); return true })
	os.Exit(code)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./report -update and review the diff)", path)
	}
}

func TestLoadsGeoJSONGolden(t *testing.T) {
	d := runScenarioForTest(t, "hungary-serbia-wall", 0.02)
	var buf bytes.Buffer
	if err := WriteLoadsGeoJSON(&buf, d); err != nil {
		t.Fatal(err)
	}
	golden(t, "loads.geojson", buf.Bytes())
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if want := d.Network.NumCrossings() + len(d.Centres) + d.Network.NumEdges(); len(fc.Features) != want {
		t.Errorf("%d features, want %d (crossings + centres + roads)", len(fc.Features), want)
	}
}

func TestParquetReadsBack(t *testing.T) {
	d := runScenarioForTest(t, "hungary-serbia-wall", 0.02)
	path := filepath.Join(t.TempDir(), "daily.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteParquet(f, d); err != nil {
		t.Fatal(err)
	}
	f.Close()
	rows, err := parquet.ReadFile[Row](path)
	if err != nil {
		t.Fatal(err)
	}
	var countries, crossings int
	var hunEntries int64
	for _, r := range rows {
		switch r.Kind {
		case "country":
			countries++
			if r.ID == "HUN" {
				hunEntries += *r.Entries
			}
		case "crossing":
			crossings++
		}
	}
	if countries != d.Days*len(d.Countries) || crossings != 2*d.Days*len(d.Crossings) {
		t.Errorf("read back %d country rows and %d crossing rows", countries, crossings)
	}
	var want int64
	for _, c := range d.Countries {
		if c.Code == "HUN" {
			for _, v := range c.Entries {
				want += v
			}
		}
	}
	if hunEntries != want {
		t.Errorf("Hungary's entries from Parquet %d, from the CSV %d", hunEntries, want)
	}
}

// TestCompareNoFence is the acceptance: in the no-fence run
// Hungary's entries are higher and Croatia's lower than in the baseline.
func TestCompareNoFence(t *testing.T) {
	base := runScenarioForTest(t, "balkan-route-2015", 0.02)
	scen := runScenarioForTest(t, "balkan-route-2015-no-fence", 0.02)
	rows, err := Compare(base, scen)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]CompareRow{}
	for _, r := range rows {
		byID[r.Kind+"/"+r.ID] = r
	}
	if r := byID["country/HUN"]; r.TotalDiff() <= 0 {
		t.Errorf("Hungary's entries: baseline %d, no fence %d; want higher without the fence", r.BaseTotal, r.ScenTotal)
	}
	if r := byID["country/HRV"]; r.TotalDiff() >= 0 {
		t.Errorf("Croatia's entries: baseline %d, no fence %d; want lower without the fence", r.BaseTotal, r.ScenTotal)
	}
	var buf bytes.Buffer
	if err := WriteCompareCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	golden(t, "compare.csv", buf.Bytes())
}

func TestCompareRefusesOtherNetworks(t *testing.T) {
	a := runScenarioForTest(t, "hungary-serbia-wall", 0.02)
	net, err := loadTinyNetwork()
	if err != nil {
		t.Fatal(err)
	}
	other := *a
	other.Network = net
	if _, err := Compare(a, &other); err == nil {
		t.Error("runs on different networks compared without error")
	}
}
