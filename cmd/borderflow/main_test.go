package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/score"
	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/borderflow -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestNetworkSummaryGolden(t *testing.T) {
	out, errOut, code := runCLI(t, "network")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "network.golden", out)
	out, _, code = runCLI(t, "network", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	golden(t, "network-json.golden", out)
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"centres", "countries", "crossings", "edges", "nodes"}; !slices.Equal(keys, want) {
		t.Errorf("network --json keys %v, want %v", keys, want)
	}
}

func TestNetworkExportReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "net.geojson")
	if _, e, code := runCLI(t, "network", "--geojson", path); code != 0 {
		t.Fatalf("export: exit %d: %s", code, e)
	}
	a, _, _ := runCLI(t, "network", "--json")
	b, e, code := runCLI(t, "network", "--json", "--network", path)
	if code != 0 {
		t.Fatalf("reading the export: exit %d: %s", code, e)
	}
	if a != b {
		t.Errorf("exported network differs:\n%s\n%s", a, b)
	}
}

func TestRouteJSON(t *testing.T) {
	out, e, code := runCLI(t, "route", "--from", "Athens", "--to", "Vienna", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	var r struct {
		Km        float64  `json:"km"`
		Countries []string `json:"countries"`
		Crossings []struct {
			ID, From, To string
		} `json:"crossings"`
		Nodes []string `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !slices.Equal(r.Countries, []string{"GRC", "MKD", "SRB", "HUN", "AUT"}) {
		t.Errorf("countries %v", r.Countries)
	}
	if len(r.Crossings) != 4 || r.Crossings[0].From != "GRC" || r.Crossings[0].To != "MKD" || r.Crossings[2].From != "SRB" || r.Crossings[2].To != "HUN" {
		t.Errorf("crossings %+v", r.Crossings)
	}
	if r.Nodes[0] != "athens" || r.Nodes[len(r.Nodes)-1] != "vienna" || r.Km < 1584 || r.Km > 1936 {
		t.Errorf("route %v km from %s to %s", r.Km, r.Nodes[0], r.Nodes[len(r.Nodes)-1])
	}

	out, _, code = runCLI(t, "route", "--from", "Athens", "--to", "Vienna", "--json", "--close-border", "SRB-HUN", "--close-border", "hrv-hun")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(r.Countries, "HRV") || !slices.Contains(r.Countries, "SVN") || slices.Contains(r.Countries, "HUN") {
		t.Errorf("with SRB-HUN and HRV-HUN closed: countries %v, want HRV and SVN, no HUN", r.Countries)
	}

	out, _, code = runCLI(t, "route", "--from", "Presevo", "--to", "Roszke", "--close-crossing", "horgos-roszke", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Crossings {
		if c.ID == "horgos-roszke" {
			t.Errorf("route uses the closed crossing: %+v", r.Crossings)
		}
	}
}

func TestRouteText(t *testing.T) {
	out, e, code := runCLI(t, "route", "--from", "Athens", "--to", "Vienna")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	golden(t, "route-athens-vienna.golden", out)
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.geojson")
	os.WriteFile(broken, []byte(`{"type":"FeatureCollection","features":[`+"\n"+`{"type":"Feature"`), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"route", "--from", "Belgrad", "--to", "Vienna"}, 2, `--from: unknown place "Belgrad"; did you mean "Belgrade", "Beograd"?`},
		{[]string{"route", "--from", "Athens"}, 2, "both --from and --to are required"},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--close-border", "SRB"}, 2, `--close-border: "SRB": want two ISO alpha-3 country codes joined by '-'`},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--close-border", "SRB-FRA"}, 2, `the network has no country "FRA"`},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--close-border", "GRC-AUT"}, 2, `no crossings between GRC and AUT`},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--close-crossing", "horgos-rozke"}, 2, `unknown crossing "horgos-rozke"; did you mean "horgos-roszke"?`},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--speed", "3"}, 2, "flag provided but not defined: -speed"},
		{[]string{"network", "--network", broken}, 1, broken + ":2:17: invalid JSON: unexpected EOF"},
		{[]string{"network", "--network", filepath.Join(dir, "missing.geojson")}, 1, "missing.geojson: no such file"},
		{[]string{"network", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"route", "--from", "Lesvos", "--to", "Athens", "--close-border", "GRC-MKD", "--network", "westernbalkans"}, 2, `unknown place "Lesvos"`},
		{[]string{"run", "--model", "nonsense", "--out", filepath.Join(dir, "out")}, 2, `--model "nonsense": want`},
		{[]string{"run", "--model", "flee", "--out", filepath.Join(dir, "out")}, 2, "needs a Flee scenario folder"},
		{[]string{"run", "--model", "flee", "/nonexistent/dir", "--out", filepath.Join(dir, "out")}, 1, "/nonexistent/dir/input_csv/locations.csv"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"network", "--help"}, {"route", "-h"}, {"network", "import-osm", "--help"}} {
		out, errOut, code := runCLI(t, args...)
		if code != 0 || !strings.Contains(out+errOut, "Usage") && !strings.Contains(out+errOut, "usage") {
			t.Errorf("%v: exit %d, output %q", args, code, out+errOut)
		}
	}
}

// TestImportOSMAndorra imports the real OpenStreetMap extract of Andorra and
// finds its road crossings into Spain at La Farga de Moles (CG-1 / N-145)
// and into France at Pas de la Casa (CG-2 / N-22).
func TestImportOSMAndorra(t *testing.T) {
	out := filepath.Join(t.TempDir(), "andorra.geojson")
	stdout, e, code := runCLI(t, "network", "import-osm", "../../testdata/osm/andorra.osm.pbf",
		"--countries", "../../testdata/osm/ne10m_admin0_and_esp_fra_mco_ita.geojson", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	net, err := loadNetwork(out)
	if err != nil {
		t.Fatalf("reading the import back: %v", err)
	}
	near := func(a, b string, lat, lon float64) bool {
		for _, c := range net.CrossingsBetween(a, b) {
			for _, e := range net.Crossing(c).Edges {
				p := net.Node(net.Edge(e).From).Point
				if geo.GreatCircle(p, orb.Point{lon, lat}) < 3 {
					return true
				}
			}
		}
		return false
	}
	if !near("AND", "ESP", 42.4357, 1.4752) {
		t.Errorf("no AND–ESP crossing within 3 km of La Farga de Moles:\n%s", stdout)
	}
	if !near("AND", "FRA", 42.5428, 1.7332) {
		t.Errorf("no AND–FRA crossing within 3 km of Pas de la Casa:\n%s", stdout)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"network", "import-osm", "--out", out}, 2, "no OpenStreetMap file given"},
		{[]string{"network", "import-osm", "../../testdata/osm/andorra.osm.pbf"}, 2, "--out is required"},
		{[]string{"network", "import-osm", "nope.osm.pbf", "--out", out}, 1, "nope.osm.pbf"},
		{[]string{"network", "import-osm", "main.go", "--out", out}, 1, "main.go"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

// TestScenariosCommands lists the built-ins, exports each and validates
// the export, and validates every broken file of the scenarios package.
func TestScenariosCommands(t *testing.T) {
	out, e, code := runCLI(t, "scenarios")
	if code != 0 {
		t.Fatalf("scenarios: exit %d: %s", code, e)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 6 {
		t.Errorf("scenarios lists %d built-ins, want at least 6:\n%s", len(lines), out)
	}
	dir := t.TempDir()
	var files []string
	for _, l := range lines {
		name := strings.Fields(l)[0]
		src, e, code := runCLI(t, "scenarios", "export", name)
		if code != 0 {
			t.Fatalf("export %s: exit %d: %s", name, code, e)
		}
		f := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	out, e, code = runCLI(t, append([]string{"validate"}, files...)...)
	if code != 0 {
		t.Errorf("validate of the exported built-ins: exit %d\n%s%s", code, out, e)
	}
	bad, _ := filepath.Glob("../../scenarios/testdata/bad/*.yaml")
	out, _, code = runCLI(t, append([]string{"validate"}, bad...)...)
	if code != 1 || strings.Count(out, ": ok (") != 0 {
		t.Errorf("validate of broken files: exit %d\n%s", code, out)
	}
	golden, err := os.ReadFile("../../scenarios/testdata/bad/errors.golden")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(golden)), "\n") {
		if !strings.Contains(out, strings.ReplaceAll(l, "testdata/bad/", "../../scenarios/testdata/bad/")) {
			t.Errorf("validate does not report %q", l)
		}
	}
	out, _, code = runCLI(t, "scenarios", "schema")
	if code != 0 || !strings.Contains(out, `"$schema"`) {
		t.Errorf("scenarios schema: exit %d", code)
	}
	out, _, code = runCLI(t, "scenarios", "show", "balkan-route-2015", "--on", "2015-09-16")
	if code != 0 || !strings.Contains(out, "horgos-roszke") {
		t.Errorf("scenarios show --on: exit %d\n%s", code, out)
	}
	_, e, code = runCLI(t, "scenarios", "show", "balkan-route-2051")
	if code != 1 || !strings.Contains(e, `did you mean "balkan-route-2015"`) {
		t.Errorf("unknown scenario: exit %d, %s", code, e)
	}
}

// TestReadmeScenarioValidates keeps the README's annotated scenario true.
func TestReadmeScenarioValidates(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(section string) string {
		_, after, ok := strings.Cut(string(readme), "\n## "+section+"\n")
		if !ok {
			t.Fatalf("README has no section %q", section)
		}
		_, rest, ok := strings.Cut(after, "```yaml\n")
		if !ok {
			t.Fatalf("README's %s section has no yaml example", section)
		}
		example, _, _ := strings.Cut(rest, "```")
		return example
	}
	f := filepath.Join(t.TempDir(), "example.yaml")
	if err := os.WriteFile(f, []byte(block("Scenarios")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, e, code := runCLI(t, "validate", f); code != 0 {
		t.Errorf("README example does not validate: %s%s", out, e)
	}
	// The sweep example resolves against its scenario, and its Slurm job
	// names its 50 tasks.
	sf := filepath.Join(t.TempDir(), "grid.yaml")
	if err := os.WriteFile(sf, []byte(block("Sweeps")), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, e, code := runCLI(t, "sweep", sf, "--out", t.TempDir(), "--emit", "slurm", "--shards", "50"); code != 0 || !strings.Contains(out, "#SBATCH --array=0-49") {
		t.Errorf("README sweep example: exit %d: %s%s", code, out, e)
	}
}

// TestRunWritesTables runs a small scenario and checks the four files and
// their columns, which are a public contract.
func TestRunWritesTables(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	stdout, e, code := runCLI(t, "run", "hungary-serbia-wall", "--out", out, "--scale", "0.05", "--check", "--workers", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	if !strings.Contains(stdout, "busiest border posts") || !strings.Contains(stdout, "wrote "+out) {
		t.Errorf("run summary:\n%s", stdout)
	}
	for f, header := range map[string]string{
		"countries.csv": "date,country,entries,exits,present",
		"crossings.csv": "date,crossing,from,to,arrived,passed,refused,queue",
		"centres.csv":   "date,centre,country,occupancy,capacity,turned_away,registered",
	} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if first, _, _ := strings.Cut(string(b), "\n"); first != header {
			t.Errorf("%s header %q, want %q", f, first, header)
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scenario", "seed", "scale", "workers", "period", "agents", "agent_days", "wall_seconds", "agent_days_per_second", "peak_posts", "peak_centres", "version"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary.json has no %q", k)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("run left %d entries beside the output folder, want only it", len(entries))
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
		t.Errorf("run wrote no manifest.json: %v", err)
	}

	// Refusals: an existing non-empty folder, bad numbers, unknown names.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--out", out, "--scale", "0.05"}, 2, `holds a borderflow run of "hungary-serbia-wall", not of "balkan-route-2015" (use --force to replace it)`},
		{[]string{"run", "--out", file}, 2, "is a file, not a folder"},
		{[]string{"run", "--out", filepath.Dir(file), "--force"}, 2, "is not a borderflow run folder (no manifest.json): borderflow never replaces it"},
		{[]string{"run", "--out", ".", "--force"}, 2, "is or holds the current folder"},
		{[]string{"run", "--workers", "0", "--out", out + "2"}, 2, "--workers 0: want 1 to 1024"},
		{[]string{"run", "--scale", "0", "--out", out + "2"}, 2, "--scale 0: want a positive number"},
		{[]string{"run", "--scale", "-1", "--out", out + "2"}, 2, "--scale -1: want a positive number"},
		{[]string{"run", "balkan-route-2051", "--out", out + "2"}, 1, `did you mean "balkan-route-2015"`},
		{[]string{"run", "nope.yaml", "--out", out + "2"}, 1, "nope.yaml"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(out + "2"); err == nil {
		t.Error("a refused run created its output folder")
	}
	if _, e, code := runCLI(t, "run", "hungary-serbia-wall", "--out", out, "--scale", "0.05"); code != 0 {
		t.Errorf("the same scenario again: exit %d: %s", code, e)
	}
	if _, e, code := runCLI(t, "run", "--out", out, "--scale", "0.02", "--formats", "none", "--force"); code != 0 {
		t.Errorf("--force: exit %d: %s", code, e)
	}
	if b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "file")); err != nil || string(b) != "x" {
		t.Errorf("a refused --force touched a folder that is not a run: %q %v", b, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("replacing left %d entries beside the output folder, want only it", len(entries))
	}
}

// TestRunDefaultTwice: the default output of the default command is
// replaced by a second run, and nothing else is left.
func TestRunDefaultTwice(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for i := range 2 {
		if _, e, code := runCLI(t, "run", "--scale", "0.01", "--formats", "none"); code != 0 {
			t.Fatalf("run %d: exit %d: %s", i+1, code, e)
		}
	}
	if got, _ := os.ReadDir("out"); len(got) != 1 || got[0].Name() != "balkan-route-2015" {
		t.Errorf("./out holds %v, want only balkan-route-2015", got)
	}
}

// buildBinary builds borderflow into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "borderflow")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startLongRun starts a run of the 10-million-agent benchmark into
// parent/out and returns once its staging folder exists (the run is under
// way, holding the lock).
func startLongRun(t *testing.T, bin, parent string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, "run", "../../bench/synthetic-10m.yaml", "--out", filepath.Join(parent, "out"), "--workers", "1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		if m, _ := filepath.Glob(filepath.Join(parent, ".out.partial-*")); len(m) > 0 {
			return cmd, &stderr
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the run made no staging folder in a minute; stderr: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRunSignals sends SIGINT, SIGTERM and SIGHUP to a running borderflow:
// it must stop, exit 128 + the signal's number and leave nothing beside
// the output folder, which it never made. A second run on the same --out
// meanwhile fails at once.
func TestRunSignals(t *testing.T) {
	bin := buildBinary(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			parent := t.TempDir()
			cmd, stderr := startLongRun(t, bin, parent)
			if tc.sig == syscall.SIGINT {
				_, e, code := runCLI(t, "run", "--out", filepath.Join(parent, "out"), "--scale", "0.01")
				if code != 1 || !strings.Contains(e, "another run is writing "+filepath.Join(parent, "out")) {
					t.Errorf("a second run on the same --out: exit %d, %q", code, e)
				}
			}
			cmd.Process.Signal(tc.sig)
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("exit: %v, want status %d; stderr: %s", err, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr %q does not say it was interrupted", stderr.String())
			}
			if left, _ := os.ReadDir(parent); len(left) > 0 {
				t.Errorf("the interrupted run left %v", left)
			}
		})
	}
}

// TestReportAndCompare re-renders a run folder and compares the 2015 route
// with its no-fence counterfactual from the command line.
func TestReportAndCompare(t *testing.T) {
	dir := t.TempDir()
	base, scen := filepath.Join(dir, "base"), filepath.Join(dir, "nofence")
	for _, r := range [][]string{{"balkan-route-2015", base}, {"balkan-route-2015-no-fence", scen}} {
		if _, e, code := runCLI(t, "run", r[0], "--out", r[1], "--scale", "0.02", "--formats", "none"); code != 0 {
			t.Fatalf("run %s: exit %d: %s", r[0], code, e)
		}
	}
	if _, err := os.Stat(filepath.Join(base, "report.html")); err == nil {
		t.Error("--formats none wrote report.html")
	}
	if out, e, code := runCLI(t, "report", base, "--formats", "geojson,html"); code != 0 || !strings.Contains(out, "report.html") {
		t.Fatalf("report: exit %d: %s%s", code, out, e)
	}
	for _, f := range []string{"loads.geojson", "report.html"} {
		if _, err := os.Stat(filepath.Join(base, f)); err != nil {
			t.Errorf("report did not write %s", f)
		}
	}
	m, err := os.ReadFile(filepath.Join(base, "manifest.json"))
	if err != nil || !strings.Contains(string(m), `"name": "report.html"`) || !strings.Contains(string(m), `"name": "loads.geojson"`) {
		t.Errorf("the manifest does not list the reports: %v\n%s", err, m)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("report left %v", left)
	}
	out := filepath.Join(dir, "cmp")
	if _, e, code := runCLI(t, "compare", base, scen, "--out", out); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, e)
	}
	stdout, e, code := runCLI(t, "compare", base, scen, "--out", out)
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, e)
	}
	if !strings.Contains(stdout, "HUN") || !strings.Contains(stdout, "countries: entries") {
		t.Errorf("compare table:\n%s", stdout)
	}
	for _, f := range []string{"compare.csv", "compare_map.png", "compare_map.svg", "compare.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("compare did not write %s", f)
		}
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"compare", base}, 2, "want two run folders"},
		{[]string{"compare", base, filepath.Join(dir, "nothing")}, 1, "not a borderflow run folder"},
		{[]string{"report", base, "--formats", "pdf"}, 2, `unknown format "pdf"`},
		{[]string{"compare", scen, base, "--out", out}, 2, `holds a borderflow compare of "compare-balkan-route-2015-no-fence-vs-balkan-route-2015", not of "compare-balkan-route-2015-vs-balkan-route-2015-no-fence" (use --force`},
		{[]string{"compare", base, scen, "--out", dir}, 2, "is not a borderflow run folder (no manifest.json): borderflow never replaces it"},
		{[]string{"report", out}, 1, "a borderflow compare folder, not a run"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

// TestScoreFigures scores a run against a file of dated figures
// (date,place,metric,value): each against the run's, flows summed over
// their periods, with the warnings on stderr and --strict refusing them.
func TestScoreFigures(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if _, e, code := runCLI(t, "run", "hungary-serbia-wall", "--out", run, "--scale", "0.02", "--formats", "none"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, e)
	}
	obs := filepath.Join(dir, "figures.csv")
	os.WriteFile(obs, []byte("date,place,metric,value,source\n2015-10,HRV,entries,181000,UNHCR\n2015-10-20,HRV,present,5000,\n2014-10,HRV,entries,4,\n"), 0o644)
	out, e, code := runCLI(t, "score", run, "--observed", obs, "--json")
	if code != 0 || !strings.Contains(e, "figures.csv:4: HRV entries over 2014-10-01..2014-10-31 is not within the run's period") {
		t.Fatalf("score: exit %d: %s", code, e)
	}
	var sc score.FigureScore
	if err := json.Unmarshal([]byte(out), &sc); err != nil || len(sc.Figures) != 2 || len(sc.Warnings) != 1 || !(sc.WAPE > 0) {
		t.Fatalf("score --json: %v\n%s", err, out)
	}
	// The month's figure is the run's entries summed over October.
	d, err := runfolder.Read(run)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	for day := range d.Days {
		if dt := d.Date(day); dt >= scenarios.NewDate(2015, 10, 1) && dt <= scenarios.NewDate(2015, 10, 31) {
			for _, c := range d.Countries {
				if c.Code == "HRV" {
					want += c.Entries[day]
				}
			}
		}
	}
	if got := sc.Figures[0].Simulated; got != float64(want) || want == 0 {
		t.Errorf("HRV entries in October: %v, want the run's %d", got, want)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"score", run, "--observed", obs, "--strict"}, 1, "1 warnings on the observations (strict):\n  " + obs + ":4:"},
		{[]string{"score", run, "--observed", obs, "--cumulative"}, 2, "--cumulative is for date,place,count tables"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestScore(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	if _, e, code := runCLI(t, "run", "hungary-serbia-wall", "--out", run, "--scale", "0.02", "--formats", "none"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, e)
	}
	obs := filepath.Join(dir, "obs.csv")
	os.WriteFile(obs, []byte("date,place,count\n2015-09-01,HRV,100\n2015-10-01,HRV,5000\n2015-10-01,moria,2000\n"), 0o644)
	dup := filepath.Join(dir, "dup.csv")
	os.WriteFile(dup, []byte("date,place,count\r\n2015-09-01,HRV,100\r\n2015-10-01,HRV,5000\r\n2015-09-01,HRV,200\r\n"), 0o644)
	stray := filepath.Join(dir, "stray.csv")
	os.WriteFile(stray, []byte("\xef\xbb\xbfdate,place,count\r\n2010-01-01,HRV,9000\r\n2015-09-01,HRV,100\r\n2015-10-01,HRV,5000\r\n2015-10-01,atlantis,2000\r\n"), 0o644)
	out, e, code := runCLI(t, "score", run, "--observed", obs, "--json")
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, e)
	}
	var sc struct {
		ARD   float64 `json:"ard"`
		Sites []any   `json:"sites"`
	}
	if err := json.Unmarshal([]byte(out), &sc); err != nil || len(sc.Sites) != 2 || !(sc.ARD > 0) {
		t.Errorf("score --json: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"score", run}, 2, "--observed is required"},
		{[]string{"score", run, "--observed", filepath.Join(dir, "none.csv")}, 1, "none.csv"},
		{[]string{"score", filepath.Join(dir, "nope"), "--observed", obs}, 1, "not a borderflow run folder"},
		{[]string{"score", run, "--observed", dup}, 1, "dup.csv:4: HRV on 2015-09-01 already given at line 2"},
		{[]string{"score", run, "--observed", stray, "--strict"}, 1, "stray.csv:2: HRV on 2010-01-01 is outside the run's period"},
		{[]string{"score", run, "--observed", stray, "--strict"}, 1, "stray.csv:5: atlantis is not a site of the run"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	// Without --strict, the stray rows are warnings on stderr and are not
	// scored: the score is that of the file without them.
	clean := filepath.Join(dir, "clean.csv")
	os.WriteFile(clean, []byte("date,place,count\n2015-09-01,HRV,100\n2015-10-01,HRV,5000\n"), 0o644)
	want, e, code := runCLI(t, "score", run, "--observed", clean)
	if code != 0 || e != "" {
		t.Fatalf("score %s: exit %d, stderr %q", clean, code, e)
	}
	got, e, code := runCLI(t, "score", run, "--observed", stray)
	if code != 0 || !strings.Contains(e, "warning: "+stray+":2: HRV on 2010-01-01 is outside the run's period") || !strings.Contains(e, stray+":5: atlantis is not a site of the run") {
		t.Errorf("score %s: exit %d, stderr %q; want warnings naming lines 2 and 5", stray, code, e)
	}
	if strings.ReplaceAll(got, stray, clean) != want {
		t.Errorf("score with stray rows:\n%s\nwithout:\n%s", got, want)
	}
	out, _, _ = runCLI(t, "score", run, "--observed", stray, "--json")
	var ws struct {
		Warnings []struct {
			Kind string `json:"kind"`
			Line int    `json:"line"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &ws); err != nil || len(ws.Warnings) != 2 || ws.Warnings[0].Kind != "outside_run" || ws.Warnings[0].Line != 2 || ws.Warnings[1].Kind != "unknown_site" {
		t.Errorf("score --json warnings: %v\n%s", err, out)
	}
}

// TestReplicates: replicate k is the same whatever the number of
// replicates, and the folder holds their mean and its bands.
func TestReplicates(t *testing.T) {
	dir := t.TempDir()
	two, three := filepath.Join(dir, "two"), filepath.Join(dir, "three")
	for _, r := range [][]string{{"2", two}, {"3", three}} {
		if _, e, code := runCLI(t, "run", "hungary-serbia-wall", "--replicates", r[0], "--scale", "0.02", "--formats", "none", "--out", r[1]); code != 0 {
			t.Fatalf("--replicates %s: exit %d: %s", r[0], code, e)
		}
	}
	a, err := os.ReadFile(filepath.Join(two, "replicates", "r00002", "countries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(three, "replicates", "r00002", "countries.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("replicate 2 differs between runs of 2 and 3 replicates")
	}
	c, _ := os.ReadFile(filepath.Join(three, "replicates", "r00001", "countries.csv"))
	if bytes.Equal(b, c) {
		t.Error("replicates 1 and 2 are identical: seeds not derived per replicate")
	}
	bands, err := os.ReadFile(filepath.Join(three, "bands.csv"))
	if err != nil || !strings.HasPrefix(string(bands), "date,kind,id,series,mean,p05,p95\n") {
		t.Errorf("bands.csv: %v", err)
	}
	obs := filepath.Join(dir, "obs.csv")
	os.WriteFile(obs, []byte("date,place,count\n2015-09-01,HRV,100\n2015-10-01,HRV,5000\n"), 0o644)
	if out, e, code := runCLI(t, "score", three, "--observed", obs); code != 0 || !strings.Contains(out, "over 3 replicates: ARD") {
		t.Errorf("score of replicates: exit %d\n%s%s", code, out, e)
	}
	if _, e, code := runCLI(t, "run", "--replicates", "0", "--out", filepath.Join(dir, "x")); code != 2 || !strings.Contains(e, "--replicates 0") {
		t.Errorf("--replicates 0: exit %d, %s", code, e)
	}
}

// fleeMali is the real Flee scenario of the 2012 Mali conflict.
const fleeMali = "../../testdata/flee/mali2012"

// fleeCamps are the camps with observed series in fleeMali.
var fleeCamps = []string{"abala", "bobo-dioulasso", "fassala-mbera", "mangaize", "mentao", "niamey", "tabareybarey"}

// scoreLine reads the number after label on its own line of score's text
// output ("ARD           0.347").
func scoreLine(t *testing.T, out, label string) float64 {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && strings.Join(f[:len(f)-1], " ") == label {
			x, err := strconv.ParseFloat(f[len(f)-1], 64)
			if err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			return x
		}
	}
	t.Fatalf("score prints no %q line:\n%s", label, out)
	return 0
}

// TestRunFlee runs the Mali 2012 Flee scenario under Flee's rules and scores
// it against the scenario's own camp series: within 0.05 of Flee's scores.
func TestRunFlee(t *testing.T) {
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	stdout, e, code := runCLI(t, "run", "--model", "flee", fleeMali, "--out", run, "--formats", "none")
	if code != 0 {
		t.Fatalf("run --model flee: exit %d: %s", code, e)
	}
	if !strings.Contains(stdout, "89991 agents") || !strings.Contains(stdout, "wrote "+run) {
		t.Errorf("run summary:\n%s", stdout)
	}
	for _, f := range []string{"centres.csv", "countries.csv", "crossings.csv", "edges.csv", "summary.json", "network.geojson"} {
		if _, err := os.Stat(filepath.Join(run, f)); err != nil {
			t.Errorf("run --model flee did not write %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(run, "scenario.yaml")); err == nil {
		t.Error("run --model flee wrote scenario.yaml")
	}
	b, err := os.ReadFile(filepath.Join(run, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	if sum["model"] != "flee" {
		t.Errorf("summary.json model %v, want flee", sum["model"])
	}

	out, e, code := runCLI(t, "score", run, "--observed", fleeMali)
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, e)
	}
	// Flee itself scores 0.347, and 0.316 rescaled.
	if ard := scoreLine(t, out, "ARD"); math.Abs(ard-0.347) > 0.05 {
		t.Errorf("ARD %.3f, want 0.347 ± 0.05\n%s", ard, out)
	}
	if r := scoreLine(t, out, "ARD rescaled"); math.Abs(r-0.316) > 0.05 {
		t.Errorf("ARD rescaled %.3f, want 0.316 ± 0.05\n%s", r, out)
	}
	_, table, _ := strings.Cut(out, "peak-day error\n")
	var sites []string
	for _, l := range strings.Split(strings.TrimSpace(table), "\n") {
		if f := strings.Fields(l); len(f) == 3 {
			sites = append(sites, f[0])
		}
	}
	for _, c := range fleeCamps {
		if !slices.Contains(sites, c) {
			t.Errorf("score's site table has no %s:\n%s", c, out)
		}
	}

	out, e, code = runCLI(t, "score", run, "--observed", fleeMali, "--json")
	if code != 0 {
		t.Fatalf("score --json: exit %d: %s", code, e)
	}
	var sc struct {
		ARD         *float64 `json:"ard"`
		ARDRescaled *float64 `json:"ard_rescaled"`
		Days        int      `json:"days"`
		Sites       []struct {
			Site string `json:"site"`
		} `json:"sites"`
	}
	if err := json.Unmarshal([]byte(out), &sc); err != nil {
		t.Fatalf("score --json: %v\n%s", err, out)
	}
	if sc.ARD == nil || sc.ARDRescaled == nil || math.Abs(*sc.ARD-0.347) > 0.05 || math.Abs(*sc.ARDRescaled-0.316) > 0.05 || sc.Days != 300 || len(sc.Sites) != len(fleeCamps) {
		t.Errorf("score --json:\n%s", out)
	}

	_, e, code = runCLI(t, "score", run, "--observed", "/nonexistent/dir")
	if code != 1 || !strings.Contains(e, "/nonexistent/dir") {
		t.Errorf("score --observed /nonexistent/dir: exit %d, stderr %q; want exit 1 naming the path", code, e)
	}
}

// TestRunFleeReplicates scores the replicates of a Flee run.
func TestRunFleeReplicates(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if _, e, code := runCLI(t, "run", "--model", "flee", fleeMali, "--replicates", "3", "--formats", "none", "--out", run); code != 0 {
		t.Fatalf("run --model flee --replicates 3: exit %d: %s", code, e)
	}
	if out, e, code := runCLI(t, "score", run, "--observed", fleeMali); code != 0 || !strings.Contains(out, "over 3 replicates: ARD") {
		t.Errorf("score of Flee replicates: exit %d\n%s%s", code, out, e)
	}
}

// TestRunFleeBrokenFolder: a Flee folder with a broken file is refused with
// the file, line and reason, and nothing is written.
func TestRunFleeBrokenFolder(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "mali2012")
	if err := os.CopyFS(src, os.DirFS(fleeMali)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "input_csv", "registration_corrections.csv"), []byte("Mentao,2012-05-05,normalize\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	_, e, code := runCLI(t, "run", "--model", "flee", src, "--out", out, "--formats", "none")
	if code != 1 || !strings.Contains(e, "registration_corrections.csv:1") || !strings.Contains(e, "no observation on 2012-05-05") {
		t.Errorf("broken registration_corrections.csv: exit %d, stderr %q", code, e)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused Flee run created its output folder")
	}
}

// TestValidateFleeFolders checks validate on Flee scenario folders: mali2012
// is described, bangladesh is refused for its flood rules, and a broken
// folder reports the file and line.
func TestValidateFleeFolders(t *testing.T) {
	out, e, code := runCLI(t, "validate", fleeMali)
	if code != 0 || !strings.Contains(out, "ok (Flee scenario: 23 locations, 35 routes, 7 camps, 300 days from 2012-02-29, 89991 people)") {
		t.Errorf("validate mali2012: exit %d\n%s%s", code, out, e)
	}
	out, _, code = runCLI(t, "validate", "../../testdata/flee/bangladesh")
	if code != 1 || !strings.Contains(out, "simsetting.yml: not implemented by borderflow's Flee model: spawn_rules.flood_driven_spawning") {
		t.Errorf("validate bangladesh: exit %d\n%s", code, out)
	}
	dir := filepath.Join(t.TempDir(), "mali")
	if err := os.CopyFS(dir, os.DirFS(fleeMali)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "input_csv", "routes.csv"), []byte("#name1,name2,distance,forced_redirection\nMopti,Mentao,far,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = runCLI(t, "validate", dir)
	if code != 1 || !strings.Contains(out, "routes.csv:2: Mopti–Mentao: distance: \"far\" is not a number") {
		t.Errorf("validate broken folder: exit %d\n%s", code, out)
	}
}

// TestScoreSourcedSeries scores the default run against the project's
// sourced series in testdata/observed (converted by internal/obsgen): the
// Greek sea arrivals the scenario's streams are built from must come out
// of the engine as Greece's monthly entries (within 2% of the people, the
// scenario adding a small land stream), and the Bosnian series, which the
// 2015 run does not cover, is read whole and left out with a warning per
// figure.
func TestScoreSourcedSeries(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run")
	if _, e, code := runCLI(t, "run", "--out", run, "--formats", "none"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, e)
	}
	out, e, code := runCLI(t, "score", run, "--observed", "../../testdata/observed/greece_sea_arrivals.csv", "--json")
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, e)
	}
	var sc score.FigureScore
	if err := json.Unmarshal([]byte(out), &sc); err != nil {
		t.Fatal(err)
	}
	if len(sc.Figures) != 10 || !(sc.WAPE < 0.02) {
		t.Errorf("Greek sea arrivals: %d figures scored, WAPE %.3f; want the run's 10 months within 0.02", len(sc.Figures), sc.WAPE)
	}
	_, e, code = runCLI(t, "score", run, "--observed", "../../testdata/observed/bih_registered_arrivals.csv")
	if code != 1 || !strings.Contains(e, "none of the 18 observations can be scored") {
		t.Errorf("BiH series against a 2015 run: exit %d, stderr %q; want none scored", code, e)
	}
}

// TestCalibrate fits the Bulgarian stream's scale to July and August 2022
// entries made 1.4 times the scenario's: the fitted file validates and
// says 1.4, fit.json has the objective, and bad input is refused by name.
func TestCalibrate(t *testing.T) {
	dir := t.TempDir()
	obs := filepath.Join(dir, "obs.csv")
	os.WriteFile(obs, []byte("date,place,metric,value\n2022-07,BGR,entries,1396\n2022-08,BGR,entries,3203\n2022-09,BGR,entries,99999\n"), 0o644)
	fit := filepath.Join(dir, "fit.yaml")
	out, e, code := runCLI(t, "calibrate", "bulgaria-surge", "--observed", obs, "--until", "2022-08-31", "--params", "arrivals.bulgaria.scale", "--out", fit)
	if code != 0 {
		t.Fatalf("calibrate: exit %d: %s", code, e)
	}
	var f struct {
		Values map[string]float64 `json:"values"`
		Before float64            `json:"objective_before"`
		After  float64            `json:"objective_after"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "fit.json"))
	if err != nil || json.Unmarshal(b, &f) != nil {
		t.Fatalf("fit.json: %v\n%s", err, b)
	}
	if v := f.Values["arrivals.bulgaria.scale"]; math.Abs(v-1.4) > 0.02 || !(f.After < f.Before) {
		t.Errorf("fitted scale %v (deviance %v → %v), want 1.4 and a lower deviance; stdout %s", v, f.Before, f.After, out)
	}
	if _, e, code := runCLI(t, "validate", fit); code != 0 {
		t.Errorf("the fitted scenario does not validate: %s", e)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("date,place,metric,value\n2022-07,BGRR,entries,1396\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"calibrate", "bulgaria-surge", "--observed", obs, "--until", "2022-08-31", "--out", fit}, 1, "fit.yaml exists; --force replaces it"},
		{[]string{"calibrate", "bulgaria-surge", "--observed", obs, "--until", "2022-08-31", "--out", filepath.Join(dir, "x", "f.yaml"), "--params", "walk"}, 2, `no free parameter "walk"`},
		{[]string{"calibrate", "bulgaria-surge", "--observed", bad, "--until", "2022-08-31", "--out", filepath.Join(dir, "y.yaml"), "--force"}, 1, `bad.csv:2: unknown place "BGRR"`},
		{[]string{"calibrate", "bulgaria-surge", "--observed", obs, "--until", "2021-01-01", "--out", filepath.Join(dir, "z.yaml"), "--force"}, 1, "no observation ends on or before 2021-01-01"},
		{[]string{"calibrate", "bulgaria-surge", "--observed", obs, "--out", fit}, 2, "--until is required"},
		{[]string{"calibrate", "bulgaria-surge", "--observed", obs, "--until", "2022-13-01", "--out", fit}, 2, `"2022-13-01" is not a date`},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args[1:], code, errOut, tc.code, tc.want)
		}
	}
}

// TestForecast forecasts the default scenario from 31 October 2015 with
// the Aegean stream's observed history: the folder holds forecast.csv
// (every series, every day, fit then forecast), warnings.csv and
// forecast.json, the same seed gives the same bytes, and bad input is
// refused by name.
func TestForecast(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "fc")
	obs := "../../testdata/observed/aegean_islands_arrivals.csv"
	args := []string{"forecast", "balkan-route-2015", "--as-of", "2015-10-31", "--horizon", "45", "--members", "8", "--scale", "0.1", "--observed", obs, "--out", out}
	stdout, e, code := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("forecast: exit %d: %s", code, e)
	}
	if !strings.Contains(stdout, "aegean-islands       known to 2015-10-31, 10 months from 2015-01 (10 observed), ets model") {
		t.Errorf("stdout %s: want the Aegean stream's history", stdout)
	}
	first, err := os.ReadFile(filepath.Join(out, "forecast.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(first)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "date,kind,id,metric,part,p05,p25,p50,p75,p95" {
		t.Errorf("header %v", rows[0])
	}
	parts := map[string]int{}
	for _, r := range rows[1:] {
		if r[1] == "country" && r[2] == "GRC" && r[3] == "entries" {
			parts[r[4]]++
			lo, _ := strconv.Atoi(r[5])
			hi, _ := strconv.Atoi(r[9])
			if lo > hi {
				t.Errorf("row %v: p05 above p95", r)
			}
		}
	}
	// 2015-06-01 to 2015-10-31 is 153 days of fit, then 45 of forecast.
	if parts["fit"] != 153 || parts["forecast"] != 45 {
		t.Errorf("GRC entries rows by part %v, want fit 153 and forecast 45", parts)
	}
	var sum struct {
		Streams []struct {
			Name     string `json:"name"`
			Months   int    `json:"months"`
			Observed int    `json:"months_observed"`
		} `json:"streams"`
		Members int `json:"members"`
	}
	b, err := os.ReadFile(filepath.Join(out, "forecast.json"))
	if err != nil || json.Unmarshal(b, &sum) != nil {
		t.Fatalf("forecast.json: %v\n%s", err, b)
	}
	if sum.Members != 8 || len(sum.Streams) != 3 || sum.Streams[0].Months != 10 || sum.Streams[0].Observed != 10 {
		t.Errorf("forecast.json %+v: want 8 members and the Aegean stream's 10 months, all observed", sum)
	}
	if w, err := os.ReadFile(filepath.Join(out, "warnings.csv")); err != nil || !strings.HasPrefix(string(w), "kind,id,metric,limit,first_date,probability\n") {
		t.Errorf("warnings.csv: %v %q", err, w)
	}
	if _, e, code := runCLI(t, args...); code != 0 {
		t.Fatalf("forecast again: exit %d: %s", code, e)
	}
	if again, _ := os.ReadFile(filepath.Join(out, "forecast.csv")); !bytes.Equal(again, first) {
		t.Error("the same seed gave another forecast.csv")
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("date,place,metric,value\n2015-07,aegean-isles,arrivals,1\n"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"forecast", "balkan-route-2015", "--as-of", "2014-10-31"}, 1, "as-of day 2014-10-31 is outside the scenario's period"},
		{[]string{"forecast", "balkan-route-2015"}, 2, "--as-of is required"},
		{[]string{"forecast", "balkan-route-2015", "--as-of", "2015-10-31", "--horizon", "0"}, 2, "--horizon 0: want 1 to 366 days"},
		{[]string{"forecast", "balkan-route-2015", "--as-of", "2015-10-31", "--members", "5000"}, 2, "--members 5000: want 1 to 1000"},
		{[]string{"forecast", "balkan-route-2015", "--as-of", "2015-10-31", "--observed", bad, "--out", filepath.Join(dir, "b")}, 1, `bad.csv:2: unknown place "aegean-isles"`},
		{[]string{"forecast", "balkan-route-2015", "--as-of", "2015-10-31", "--observed", obs + ",", "--out", filepath.Join(dir, "b")}, 2, "an empty file name in the list"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args[1:], code, errOut, tc.code, tc.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); err == nil {
		t.Error("a refused forecast left its folder")
	}
}

// TestBacktest back-tests the default scenario against the Greek monthly
// series from four as-of days: --json has the scores per lead with the
// keys the issue names, and the table prints.
func TestBacktest(t *testing.T) {
	obs := "../../testdata/observed/greece_sea_arrivals.csv,../../testdata/observed/aegean_islands_arrivals.csv"
	args := []string{"backtest", "balkan-route-2015", "--observed", obs, "--from", "2015-08-31", "--to", "2015-11-30", "--every", "30", "--members", "6", "--scale", "0.1", "--horizon", "60"}
	stdout, e, code := runCLI(t, append(args, "--json")...)
	if code != 0 {
		t.Fatalf("backtest: exit %d: %s", code, e)
	}
	var bt struct {
		Origins  []string `json:"as_of_days"`
		Horizons []struct {
			Days        int                `json:"days"`
			N           int                `json:"n"`
			Coverage    map[string]float64 `json:"coverage"`
			Persistence map[string]any     `json:"persistence"`
			Skill       *float64           `json:"skill"`
		} `json:"horizons"`
	}
	if err := json.Unmarshal([]byte(stdout), &bt); err != nil {
		t.Fatalf("--json: %v\n%s", err, stdout)
	}
	if len(bt.Origins) != 4 || len(bt.Horizons) != 3 || bt.Horizons[1].Days != 30 {
		t.Fatalf("as-of days %v, horizons %+v", bt.Origins, bt.Horizons)
	}
	for _, h := range bt.Horizons {
		_, c50 := h.Coverage["50"]
		_, c90 := h.Coverage["90"]
		if h.N == 0 || !c50 || !c90 || h.Persistence["mae"] == nil || h.Skill == nil {
			t.Errorf("lead %d: %+v; want observations scored with coverage, persistence and skill", h.Days, h)
		}
	}
	stdout, e, code = runCLI(t, args...)
	if code != 0 || !strings.Contains(stdout, "skill") || !strings.Contains(stdout, "1–14 d") {
		t.Errorf("table: exit %d, %s %s", code, stdout, e)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"backtest", "balkan-route-2015", "--observed", obs, "--from", "2015-10-01", "--to", "2015-09-01"}, "--to 2015-09-01 is before --from 2015-10-01"},
		{[]string{"backtest", "balkan-route-2015", "--observed", obs, "--from", "2015-10-01"}, "--from and --to are required"},
		{[]string{"backtest", "balkan-route-2015", "--from", "2015-10-01", "--to", "2015-11-01"}, "--observed is required"},
		{[]string{"backtest", "balkan-route-2015", "--observed", obs, "--from", "2000-01-01", "--to", "2015-11-01", "--every", "1"}, "forecasts, want at most 1000"},
	} {
		_, errOut, code := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args[1:], code, errOut, tc.want)
		}
	}
}
