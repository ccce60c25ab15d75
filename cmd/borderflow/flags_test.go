package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/sim"
)

// runNoPanic runs the CLI, turning a panic into a test error.
func runNoPanic(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%q panicked: %v", args, p)
			code = -1
		}
	}()
	return runCLI(t, args...)
}

// TestHostileFlags gives every command hostile flag values and arguments:
// each must end in a usage error (2) or a failure (1) that names the flag
// or the value, never a panic, a hang or a huge allocation.
func TestHostileFlags(t *testing.T) {
	dir := t.TempDir()
	runDir := filepath.Join(dir, "run")
	if _, e, code := runCLI(t, "run", "hungary-serbia-wall", "--out", runDir, "--scale", "0.01", "--formats", "none"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, e)
	}
	obs := filepath.Join(dir, "obs.csv")
	os.WriteFile(obs, []byte("date,place,count\n2015-09-10,presevo-rc,100\n"), 0o644)
	yaml := filepath.Join(dir, "s.yaml")
	src, _, _ := runCLI(t, "scenarios", "export", "hungary-serbia-wall")
	os.WriteFile(yaml, []byte(src), 0o644)
	out := func(name string) string { return filepath.Join(dir, name) }
	osm := "../../testdata/osm/andorra.osm.pbf"
	mali := "../../testdata/flee/mali2012"
	missing := out("missing.geojson")
	if _, e, code := runCLI(t, "network", "--geojson", out("net.geojson")); code != 0 {
		t.Fatalf("export: exit %d: %s", code, e)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		// run
		{[]string{"run", "--workers", "1000000000", "--out", out("w")}, 2, fmt.Sprintf("--workers 1000000000: want 1 to %d", sim.MaxWorkers)},
		{[]string{"run", "--workers", "0", "--out", out("w")}, 2, "--workers 0: want 1 to"},
		{[]string{"run", "--workers", "-3", "--out", out("w")}, 2, "--workers -3"},
		{[]string{"run", "--workers", "99999999999999999999"}, 2, `invalid value "99999999999999999999" for flag -workers`},
		{[]string{"run", "--scale", "NaN"}, 2, `invalid value "NaN" for flag -scale: want a finite number`},
		{[]string{"run", "--scale", "-Inf"}, 2, `"-Inf" for flag -scale: want a finite number`},
		{[]string{"run", "--scale", "0"}, 2, "--scale 0: want a positive number"},
		{[]string{"run", "--seed", "-1"}, 2, `invalid value "-1" for flag -seed`},
		{[]string{"run", "--replicates", "0"}, 2, "--replicates 0: want 1 to 10000"},
		{[]string{"run", "--replicates", "1000000"}, 2, "--replicates 1000000: want 1 to 10000"},
		{[]string{"run", "--model", ""}, 2, `invalid value "" for flag -model: empty`},
		{[]string{"run", "--formats", "bogus"}, 2, `--formats: unknown format "bogus"`},
		{[]string{"run", "--formats", ""}, 2, `invalid value "" for flag -formats: empty`},
		{[]string{"run", "--profile", "gpu"}, 2, `--profile "gpu": want cpu or mem`},
		{[]string{"run", "--out", ""}, 2, `invalid value "" for flag -out: empty`},
		{[]string{"run", "--out", out("a"), "--out", out("b")}, 2, `invalid value "` + out("b") + `" for flag -out: given twice`},
		{[]string{"run", "--out", obs}, 2, "--out " + obs + " is a file, not a folder"},
		{[]string{"run", "--out", runDir}, 2, "not of \"balkan-route-2015\" (use --force to replace it)"},
		{[]string{"run", ""}, 2, "empty scenario name"},
		{[]string{"run", "a", "b"}, 2, "one scenario at a time, got 2"},
		{[]string{"run", "balkan-route-2051"}, 1, `no built-in scenario "balkan-route-2051"; did you mean "balkan-route-2015"?`},
		{[]string{"run", dir}, 2, dir + " is a folder: run a Flee scenario folder with --model flee"},
		{[]string{"run", "/dev/zero"}, 2, `argument "/dev/zero": /dev/zero is a device`},
		{[]string{"run", "--network", "/dev/zero"}, 2, `"/dev/zero" for flag -network: /dev/zero is a device, not a regular file`},
		{[]string{"run", "--network", dir}, 1, "--network " + dir + " is a folder"},
		{[]string{"run", "--network", missing}, 1, "--network " + missing + ": no such file"},
		{[]string{"run", "--model", "flee", mali, "--network", missing}, 2, "a Flee scenario folder brings its own network"},
		{[]string{"run", "--model", "flee", obs, "--out", out("f")}, 1, obs},
		{[]string{"run", "--wokers", "2"}, 2, "flag provided but not defined: -wokers; did you mean --workers?"},
		// report, compare, score
		{[]string{"report", dir}, 1, dir + ": not a borderflow run folder"},
		{[]string{"report", runDir, "--formats", "png"}, 2, `unknown format "png"`},
		{[]string{"report", runDir, runDir}, 2, "want one run folder, got 2"},
		{[]string{"compare", runDir, runDir, "--top", "-5", "--out", out("c")}, 2, "--top -5: want 0 or more"},
		{[]string{"compare", runDir, runDir, "--top", "1e9"}, 2, `invalid value "1e9" for flag -top`},
		{[]string{"compare", runDir}, 2, "want two run folders"},
		{[]string{"compare", runDir, runDir, "--out", obs}, 2, "is a file, not a folder"},
		{[]string{"score", runDir}, 2, "--observed is required"},
		{[]string{"score", runDir, "--observed", "/dev/zero"}, 2, "/dev/zero is a device"},
		{[]string{"score", runDir, "--observed", missing}, 1, missing},
		{[]string{"score", runDir, "--observed", obs, "--observed", obs}, 2, "-observed: given twice"},
		// network, import-osm, route
		{[]string{"network", "--network", ""}, 2, `invalid value "" for flag -network: empty`},
		{[]string{"network", "--network", "/dev/zero"}, 2, "/dev/zero is a device"},
		{[]string{"network", "--geojson", dir}, 1, "--geojson " + dir + " is a folder"},
		{[]string{"network", "--geojson", filepath.Join(missing, "x.geojson")}, 1, "--geojson " + filepath.Join(missing, "x.geojson") + ": cannot write there"},
		{[]string{"network", "import-osm", osm, "--out", out("o.geojson"), "--open-end-km", "NaN"}, 2, `"NaN" for flag -open-end-km: want a finite number`},
		{[]string{"network", "import-osm", osm, "--out", out("o.geojson"), "--open-end-km", "-1"}, 2, "--open-end-km is -1"},
		{[]string{"network", "import-osm", osm, "--out", out("o.geojson"), "--countries", "/dev/zero"}, 2, "/dev/zero is a device"},
		{[]string{"network", "import-osm", "/dev/zero", "--out", out("o.geojson")}, 2, "/dev/zero is a device"},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--from", "Belgrade"}, 2, `invalid value "Belgrade" for flag -from: given twice`},
		{[]string{"route", "--from", "", "--to", "Vienna"}, 2, `invalid value "" for flag -from: empty`},
		{[]string{"route", "--from", "Athens", "--to", "Viena"}, 2, `unknown place "Viena"; did you mean`},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--close-crossing", ""}, 2, "-close-crossing: empty"},
		{[]string{"route", "--from", "Athens", "--to", "Vienna", "--network", dir}, 1, "is a folder"},
		// scenarios, validate, version
		{[]string{"scenarios", "show", "hungary-serbia-wal"}, 1, `did you mean "hungary-serbia-wall"?`},
		{[]string{"scenarios", "show", "hungary-serbia-wall", "--on", "2015-02-30"}, 2, `--on: "2015-02-30"`},
		{[]string{"scenarios", "show", "hungary-serbia-wall", "--on", "1900-01-01"}, 2, "outside the period"},
		{[]string{"scenarios", "show", "/dev/zero"}, 2, "/dev/zero is a device"},
		{[]string{"scenarios", "list", "--on", "2015-09-01"}, 2, "--on and --network go with scenarios show"},
		{[]string{"scenarios", "show", yaml, "--network", missing}, 1, "--network " + missing + ": no such file"},
		{[]string{"scenarios", "frobnicate"}, 2, `unknown sub-command "frobnicate"`},
		{[]string{"validate"}, 2, "no scenario files given"},
		{[]string{"validate", "/dev/zero"}, 2, "/dev/zero is a device"},
		{[]string{"validate", missing}, 1, "1 of 1 file(s) have problems"},
		{[]string{"validate", "--network", out("net.geojson"), mali}, 2, "brings its own network"},
		{[]string{"version", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"rnu"}, 2, `unknown command "rnu"; did you mean "run"?`},
	} {
		if tc.want == "" {
			t.Fatalf("%q: no message to check", tc.args)
		}
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errOut, code := runNoPanic(t, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
			}
		})
	}
}

// TestNetworkFlag runs a scenario, shows it and validates it on a network
// file given with --network, and checks that the run folder records that
// network so that report reads it back.
func TestNetworkFlag(t *testing.T) {
	dir := t.TempDir()
	net := filepath.Join(dir, "net.geojson")
	if _, e, code := runCLI(t, "network", "--geojson", net); code != 0 {
		t.Fatalf("export: exit %d: %s", code, e)
	}
	runDir := filepath.Join(dir, "run")
	if _, e, code := runCLI(t, "run", "hungary-serbia-wall", "--network", net, "--out", runDir, "--scale", "0.01", "--formats", "none"); code != 0 {
		t.Fatalf("run --network: exit %d: %s", code, e)
	}
	sum, err := os.ReadFile(filepath.Join(runDir, runfolder.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(sum), fmt.Sprintf("%q", net)) {
		t.Errorf("summary.json does not name the --network file %s:\n%s", net, sum)
	}
	if _, e, code := runCLI(t, "report", runDir, "--formats", "geojson"); code != 0 {
		t.Errorf("report of a --network run: exit %d: %s", code, e)
	}
	out, e, code := runCLI(t, "scenarios", "show", "hungary-serbia-wall", "--network", net)
	if code != 0 || !strings.Contains(out, "network   "+net) {
		t.Errorf("scenarios show --network: exit %d: %s%s", code, out, e)
	}
	src, _, _ := runCLI(t, "scenarios", "export", "hungary-serbia-wall")
	yaml := filepath.Join(dir, "s.yaml")
	os.WriteFile(yaml, []byte(src), 0o644)
	if out, e, code := runCLI(t, "validate", "--network", net, yaml); code != 0 || !strings.Contains(out, "ok") {
		t.Errorf("validate --network: exit %d: %s%s", code, out, e)
	}

	// A network without the scenario's places fails with the place named.
	tiny := filepath.Join(dir, "tiny.geojson")
	os.WriteFile(tiny, []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[20.4,44.8]},"properties":{"id":"a","country":"SRB"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[19.0,47.5]},"properties":{"id":"b","country":"SRB"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[20.4,44.8],[19.0,47.5]]},"properties":{"from":"a","to":"b","km":300}}
]}`), 0o644)
	if out, e, code := runCLI(t, "validate", "--network", tiny, yaml); code != 1 || !strings.Contains(out, "mytilene") {
		t.Errorf("validate on a network without the scenario's places: exit %d: %s%s", code, out, e)
	}
}

func TestBuildVersion(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "devel"},
		{"go install @tag", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true, "v1.2.3"},
		{"tagged checkout with changes", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3+dirty"}, Settings: vcs("true")}, true, "v1.2.3+dirty"},
		{"checkout, clean", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102150405-0123456789ab"}, Settings: vcs("false")}, true, "devel-0123456789ab"},
		{"checkout, dirty", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102150405-0123456789ab+dirty"}, Settings: vcs("true")}, true, "devel-0123456789ab+dirty"},
		{"after a tag, pre-release pseudo-version", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.4-0.20260102150405-0123456789ab"}, Settings: vcs("false")}, true, "devel-0123456789ab"},
		{"-buildvcs=false", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true, "devel"},
		{"devel with vcs", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("true")}, true, "devel-0123456789ab+dirty"},
		{"go install @commit", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102150405-0123456789ab"}}, true, "v0.0.0-20260102150405-0123456789ab"},
		{"short revision", &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}}, true, "devel-abc"},
	} {
		if got := buildVersion(tc.bi, tc.ok); got != tc.want {
			t.Errorf("%s: buildVersion = %q, want %q", tc.name, got, tc.want)
		}
	}
	out, _, code := runCLI(t, "version")
	if code != 0 || out != "borderflow "+version+"\n" || version == "dev" {
		t.Errorf("version: exit %d, %q (version %q)", code, out, version)
	}
}

// commandPaths are every command and sub-command with flags of its own.
var commandPaths = func() [][]string {
	var ps [][]string
	for _, c := range commands() {
		ps = append(ps, []string{c.name})
	}
	return append(ps, []string{"network", "import-osm"})
}()

// helpFlags returns the flags a command defines, read from its --help
// (the flag package's "  -name" lines), and its synopsis lines.
func helpFlags(t *testing.T, path []string) (flags, synopsis []string) {
	t.Helper()
	var o, e bytes.Buffer
	if code := run(append(path, "--help"), &o, &e); code != 0 {
		t.Fatalf("%v --help: exit %d", path, code)
	}
	help := o.String() + e.String()
	for _, m := range regexp.MustCompile(`(?m)^  -(\S+)`).FindAllStringSubmatch(help, -1) {
		flags = append(flags, m[1])
	}
	syn, _, _ := strings.Cut(help, "\n\n")
	return flags, strings.Split(syn, "\n")
}

// TestUsageListsEveryFlag checks that every flag a command defines appears
// in its synopsis (so in the top-level usage, which is built from the
// synopses) and in the README's Commands section.
func TestUsageListsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, commandsSection, _ := strings.Cut(string(readme), "\n## Commands\n")
	commandsSection, _, _ = strings.Cut(commandsSection, "\n## ")
	var top bytes.Buffer
	mainUsage(&top)
	for _, p := range commandPaths {
		name := strings.Join(p, " ")
		flags, syn := helpFlags(t, p)
		var readmeLines []string
		for _, l := range strings.Split(commandsSection, "\n") {
			if strings.HasPrefix(l, "borderflow "+name+" ") || l == "borderflow "+name ||
				strings.Contains(l, "./cmd/borderflow "+name+" ") || strings.HasSuffix(l, "./cmd/borderflow "+name) {
				if name == "network" && strings.Contains(l, "import-osm") {
					continue
				}
				readmeLines = append(readmeLines, l)
			}
		}
		if len(readmeLines) == 0 {
			t.Errorf("README's Commands section has no line for borderflow %s", name)
		}
		if !strings.Contains(top.String(), "borderflow "+name) {
			t.Errorf("top-level usage lacks borderflow %s:\n%s", name, top.String())
		}
		for _, f := range flags {
			re := regexp.MustCompile(`--` + regexp.QuoteMeta(f) + `\b`)
			if !re.MatchString(strings.Join(syn, "\n")) {
				t.Errorf("%s --help: synopsis %q lacks --%s", name, syn, f)
			}
			if !re.MatchString(strings.Join(readmeLines, "\n")) {
				t.Errorf("README's Commands section lacks --%s of borderflow %s (lines %q)", f, name, readmeLines)
			}
		}
	}
}

// TestParseKeepsFlagValues checks that parse hands back the flag set with
// its own values (so --help and later look-ups see them), and that list
// flags stay repeatable.
func TestParseKeepsFlagValues(t *testing.T) {
	var e bytes.Buffer
	fs := newFlags("x", "x", &e)
	s := fs.String("s", "d", "")
	var l listFlag
	fs.Var(&l, "l", "")
	pos, err := parse(fs, []string{"a", "--s", "v", "--l", "1", "b", "--l", "2", "--", "--c"})
	if err != nil {
		t.Fatal(err)
	}
	if *s != "v" || l.String() != "1,2" || strings.Join(pos, " ") != "a b --c" {
		t.Errorf("s %q, l %q, positional %q", *s, l.String(), pos)
	}
	if f := fs.Lookup("s"); f.Value.String() != "v" {
		t.Errorf("flag value %T after parse", f.Value)
	}
	if _, ok := fs.Lookup("l").Value.(*listFlag); !ok {
		t.Errorf("list flag is a %T after parse", fs.Lookup("l").Value)
	}
	if _, err := parse(fs, []string{"--help"}); err != flag.ErrHelp || !strings.Contains(e.String(), "Usage: borderflow x") {
		t.Errorf("--help: %v, %q", err, e.String())
	}
}

// FuzzParse feeds parse arbitrary arguments: it must never panic, and must
// hand the flag set back with its own values.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"a\x00--s\x00v", "--f\x00NaN", "--l\x00x\x00--l\x00y", "--b\x00--b=false\x00--\x00--s", "--s\x00\x00", "--i\x0099999999999999999999", "-h", "--nope"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var e bytes.Buffer
		fs := newFlags("x", "x", &e)
		fs.String("s", "", "")
		fs.Int("i", 0, "")
		fs.Float64("f", 0, "")
		fs.Bool("b", false, "")
		var l listFlag
		fs.Var(&l, "l", "")
		pos, err := parse(fs, strings.Split(in, "\x00"))
		fs.VisitAll(func(fl *flag.Flag) {
			if _, ok := fl.Value.(*checkedValue); ok {
				t.Errorf("flag -%s left wrapped", fl.Name)
			}
		})
		if err == nil {
			for _, p := range pos {
				if checkPath(p) != nil {
					t.Errorf("device %q accepted as an argument", p)
				}
			}
		}
	})
}
