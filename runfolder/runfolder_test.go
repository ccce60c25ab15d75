package runfolder

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// The tiny network's ids (geo refuses ids a CSV would need to quote).
const (
	idEntry    = "entry-a"
	idTown     = "town"
	idCentre   = "centre.c"
	idExit     = "exit"
	idCrossing = "x_1"
)

// tinyNetwork is AAA (an entry and a town) and BBB (a centre and an exit)
// joined by one crossing.
func tinyNetwork(t testing.TB) *geo.Network {
	t.Helper()
	var b geo.Builder
	a := b.AddNode(geo.Node{ID: idEntry, Country: "AAA", Kind: geo.Entry, Point: [2]float64{20, 40}})
	tw := b.AddNode(geo.Node{ID: idTown, Country: "AAA", Kind: geo.Town, Point: [2]float64{20.5, 40.5}})
	c := b.AddNode(geo.Node{ID: idCentre, Country: "BBB", Kind: geo.Centre, Point: [2]float64{21, 41}, Centre: &geo.CentreInfo{Capacity: 50}})
	x := b.AddNode(geo.Node{ID: idExit, Country: "BBB", Kind: geo.Exit, Point: [2]float64{21.5, 41.5}})
	b.AddEdge(geo.Edge{From: a, To: tw, Km: 60})
	e := b.AddEdge(geo.Edge{From: tw, To: c, Km: 70})
	b.AddEdge(geo.Edge{From: c, To: x, Km: 80})
	b.AddCrossing(geo.Crossing{ID: idCrossing, Edges: []geo.EdgeID{e}})
	net, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func grid(days, n int, f func(d, i int) int64) [][]int64 {
	t := make([][]int64, days)
	for d := range t {
		t[d] = make([]int64, n)
		for i := range t[d] {
			t[d][i] = f(d, i)
		}
	}
	return t
}

// tinyResult is a 5-day run on tinyNetwork whose figures are made from
// the day, the column and seed.
func tinyResult(t testing.TB, net *geo.Network, seed int64) *sim.Result {
	t.Helper()
	start, err := scenarios.ParseDate("2015-09-01")
	if err != nil {
		t.Fatal(err)
	}
	const days = 5
	v := func(k int64) func(d, i int) int64 {
		return func(d, i int) int64 { return (int64(d)*7+int64(i)*3+k+seed)%11 + int64(d)*k }
	}
	cx, _ := net.CrossingByID(idCrossing)
	r := &sim.Result{
		Info: sim.RunInfo{Name: "tiny", Source: "test", Model: sim.ModelBorderAware, NetworkName: "tiny.geojson",
			Start: start, End: start + days - 1, Seed: 7, Scale: 1, Workers: 1, Agents: 100},
		Network:   net,
		Countries: []string{"AAA", "BBB"},
		Posts:     []sim.Post{{Crossing: cx, From: 0, To: 1}, {Crossing: cx, From: 1, To: 0}},
		Centres:   net.Centres(),
		AgentDays: 321,
	}
	r.Entries, r.Exits, r.Present, r.Stranded = grid(days, 2, v(1)), grid(days, 2, v(2)), grid(days, 2, v(3)), grid(days, 2, v(0))
	r.Arrived, r.Passed, r.Refused, r.Queue = grid(days, 2, v(4)), grid(days, 2, v(5)), grid(days, 2, v(6)), grid(days, 2, v(7))
	r.Occupancy, r.Capacity, r.TurnedAway, r.Registered = grid(days, 1, v(8)), grid(days, 1, func(int, int) int64 { return 50 }), grid(days, 1, v(9)), grid(days, 1, v(10))
	r.EdgeFlow = grid(days, net.NumEdges(), func(d, i int) int64 { return int64((d + i) % 3) })
	return r
}

// writeTiny writes tinyResult into a new folder and returns it.
func writeTiny(t testing.TB) (string, *sim.Result) {
	t.Helper()
	r := tinyResult(t, tinyNetwork(t), 0)
	dir := filepath.Join(t.TempDir(), "tiny")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, r, "test"); err != nil {
		t.Fatal(err)
	}
	return dir, r
}

// TestWriteReadRoundTrip: Read gives back every figure Write wrote.
func TestWriteReadRoundTrip(t *testing.T) {
	dir, r := writeTiny(t)
	d, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Days != r.Days() || d.Start != r.Info.Start || d.Summary.Scenario != "tiny" || d.Summary.Version != "test" {
		t.Fatalf("read %d days from %v of %q (version %q)", d.Days, d.Start, d.Summary.Scenario, d.Summary.Version)
	}
	for c, cs := range d.Countries {
		for day := range d.Days {
			if got, want := []int64{cs.Entries[day], cs.Exits[day], cs.Present[day]}, []int64{r.Entries[day][c], r.Exits[day][c], r.Present[day][c]}; !slices.Equal(got, want) {
				t.Errorf("%s day %d: %v, want %v", cs.Code, day, got, want)
			}
		}
	}
	if len(d.Crossings) != 1 || d.Crossings[0].ID != idCrossing {
		t.Fatalf("crossings %+v", d.Crossings)
	}
	x := d.Crossings[0]
	for p := range 2 {
		for day := range d.Days {
			got := []int64{x.Arrived[p][day], x.Passed[p][day], x.Refused[p][day], x.Queue[p][day]}
			want := []int64{r.Arrived[day][p], r.Passed[day][p], r.Refused[day][p], r.Queue[day][p]}
			if !slices.Equal(got, want) {
				t.Errorf("crossing direction %d day %d: %v, want %v", p, day, got, want)
			}
		}
	}
	if len(d.Centres) != 1 || d.Centres[0].ID != idCentre {
		t.Fatalf("centres %+v", d.Centres)
	}
	for day := range d.Days {
		c := d.Centres[0]
		if got, want := []int64{c.Occupancy[day], c.Capacity[day], c.TurnedAway[day], c.Registered[day]}, []int64{r.Occupancy[day][0], r.Capacity[day][0], r.TurnedAway[day][0], r.Registered[day][0]}; !slices.Equal(got, want) {
			t.Errorf("centre day %d: %v, want %v", day, got, want)
		}
		for e, es := range d.Edges {
			if es.People[day] != r.EdgeFlow[day][e] {
				t.Errorf("edge %d day %d: %d, want %d", e, day, es.People[day], r.EdgeFlow[day][e])
			}
		}
	}
	if e, ok := d.Manifest.File(CountriesFile); !ok || e.Rows != int64(r.Days()*2) {
		t.Errorf("manifest lists countries.csv as %+v, want %d rows", e, r.Days()*2)
	}
	if _, ok := d.Manifest.File(NetworkFile); !ok {
		t.Error("a run on another network than westernbalkans has no network.geojson")
	}
}

// TestWriteMeanBands: the mean of replicates gets bands.csv, listed in the
// manifest, and the top manifest seals the replicates' manifests.
func TestWriteMeanBands(t *testing.T) {
	net := tinyNetwork(t)
	dir := t.TempDir()
	var rs []*sim.Result
	for k := range 3 {
		r := tinyResult(t, net, int64(k))
		rd := ReplicateDir(dir, k+1)
		if err := os.MkdirAll(rd, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := Write(rd, r, "test"); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	mean, bands, err := sim.Mean(rs)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteMean(dir, mean, bands, "test"); err != nil {
		t.Fatal(err)
	}
	m, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	// 5 days × (2 countries × 2 series + 2 directions + 1 centre).
	if e, ok := m.File(BandsFile); !ok || e.Rows != 5*7 {
		t.Errorf("bands.csv in the manifest: %+v, want 35 rows", e)
	}
	for k := 1; k <= 3; k++ {
		if _, ok := m.File("replicates/r0000" + string(rune('0'+k)) + "/manifest.json"); !ok {
			t.Errorf("the manifest does not list replicate %d's", k)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, BandsFile))
	if !strings.HasPrefix(string(b), "date,kind,id,series,mean,p05,p95\n") {
		t.Errorf("bands.csv starts %q", b[:min(len(b), 60)])
	}
	// A replicate's manifest edited: the top folder no longer verifies.
	rm := filepath.Join(ReplicateDir(dir, 2), ManifestFile)
	mb, _ := os.ReadFile(rm)
	os.WriteFile(rm, append(mb, ' '), 0o644)
	if _, err := Verify(dir); err == nil || !strings.Contains(err.Error(), "replicates/r00002/manifest.json") {
		t.Errorf("edited replicate manifest: %v", err)
	}
}

// TestVerifyRefuses: a folder that is not what borderflow wrote is refused
// with the file and what differs.
func TestVerifyRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(dir string)
		want   string
	}{
		{"no manifest", func(dir string) {
			os.Remove(filepath.Join(dir, ManifestFile))
			os.Remove(filepath.Join(dir, SummaryFile))
		}, ": not a borderflow run folder (no manifest.json)"},
		{"written before manifests", func(dir string) { os.Remove(filepath.Join(dir, ManifestFile)) }, ": written by a borderflow older than run-folder format 1 (it has summary.json but no manifest.json): re-run it"},
		{"truncated", func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, CentresFile))
			os.WriteFile(filepath.Join(dir, CentresFile), b[:len(b)-20], 0o644)
		}, "centres.csv: "},
		{"edited, same size", func(dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, CountriesFile))
			i := strings.LastIndexAny(string(b), "0123456789")
			b[i] = '0' + (b[i]-'0'+1)%10
			os.WriteFile(filepath.Join(dir, CountriesFile), b, 0o644)
		}, "countries.csv: content differs from manifest.json"},
		{"missing", func(dir string) { os.Remove(filepath.Join(dir, EdgesFile)) }, "edges.csv: missing (listed in manifest.json)"},
		{"foreign manifest", func(dir string) {
			os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{"name":"my-app","version":"1.0"}`), 0o644)
		}, `manifest.json: not a borderflow run-folder manifest (format ""`},
		{"other format", func(dir string) {
			editManifest(t, dir, func(m *Manifest) { m.FormatVersion = 1; m.Version = "v9" })
		}, ": written by borderflow v9 in run-folder format 1; this borderflow reads format 2: re-run it"},
		{"path outside", func(dir string) {
			editManifest(t, dir, func(m *Manifest) { m.Files[0].Name = "../x.csv" })
		}, `file name "../x.csv" is not a plain path inside the folder`},
		{"not JSON", func(dir string) { os.WriteFile(filepath.Join(dir, ManifestFile), []byte("{"), 0o644) }, "manifest.json: not a borderflow run-folder manifest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := writeTiny(t)
			tc.change(dir)
			_, err := Read(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), dir) {
				t.Errorf("Read: %v; want an error naming %s and %q", err, dir, tc.want)
			}
		})
	}
}

func editManifest(t testing.TB, dir string, edit func(*Manifest)) {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	edit(m)
	if err := writeManifest(dir, m); err != nil {
		t.Fatal(err)
	}
}

// reseal lists dir's files in its manifest again as they are now, so
// that a test can reach the table readers with a changed table.
func reseal(t testing.TB, dir string) {
	t.Helper()
	editManifest(t, dir, func(m *Manifest) {
		for i, e := range m.Files {
			got, err := hashFile(filepath.Join(dir, e.Name))
			if err != nil {
				t.Fatal(err)
			}
			got.Name, got.Rows = e.Name, e.Rows
			m.Files[i] = got
		}
	})
}

// TestReadBadRows: a table that verifies but is wrong names file:line.
func TestReadBadRows(t *testing.T) {
	for _, tc := range []struct {
		file, replace, with, want string
	}{
		{CountriesFile, "date,country", "day,country", "countries.csv:1: header"},
		{CountriesFile, "2015-09-02,AAA", "2015-13-02,AAA", "countries.csv:4: "},
		{CountriesFile, "2015-09-02,AAA", "2016-09-02,AAA", "countries.csv:4: date 2016-09-02 outside the run's period"},
		{CountriesFile, "2015-09-02,AAA", "2015-09-02,ZZZ", `countries.csv:4: country "ZZZ" is not in the network`},
		{CentresFile, "2015-09-01,centre.c,BBB,", "2015-09-01,centre.c,BBB,-", `centres.csv:2: column 4: "-`},
		{CrossingsFile, "2015-09-01,x_1,AAA,BBB", "2015-09-01,x_1,AAA,AAA", "crossings.csv:2: crossing"},
		{EdgesFile, "2015-09-01,town", "2015-09-01,city", "edges.csv:"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			dir, _ := writeTiny(t)
			path := filepath.Join(dir, tc.file)
			b, _ := os.ReadFile(path)
			if !strings.Contains(string(b), tc.replace) {
				t.Fatalf("%s has no %q:\n%s", tc.file, tc.replace, b)
			}
			os.WriteFile(path, []byte(strings.Replace(string(b), tc.replace, tc.with, 1)), 0o644)
			reseal(t, dir)
			if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Read: %v; want %q", err, tc.want)
			}
		})
	}
}

func TestReplicateDirs(t *testing.T) {
	root := t.TempDir()
	if got := ReplicateDir(root, 1); got != filepath.Join(root, "replicates", "r00001") {
		t.Errorf("ReplicateDir(1) = %s", got)
	}
	for _, tc := range []struct {
		dirs    []string
		want    []string
		wantErr string
	}{
		{nil, nil, ""},
		{[]string{"r2", "r10", "r1000", "r001", "notes", "r1x", "r0"}, []string{"r001", "r2", "r10", "r1000"}, ""},
		{[]string{ReplicateDir("", 9999)[len("replicates/"):], ReplicateDir("", 10000)[len("replicates/"):]}, []string{"r09999", "r10000"}, ""},
		{[]string{"r001", "r1"}, nil, "are both replicate 1"},
	} {
		root := t.TempDir()
		for _, d := range tc.dirs {
			os.MkdirAll(filepath.Join(root, "replicates", d), 0o755)
		}
		got, err := Replicates(root)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%v: %v, want %q", tc.dirs, err, tc.wantErr)
			}
			continue
		}
		var names []string
		for _, g := range got {
			names = append(names, filepath.Base(g))
		}
		if err != nil || !slices.Equal(names, tc.want) {
			t.Errorf("%v: %v %v, want %v", tc.dirs, names, err, tc.want)
		}
	}
}
