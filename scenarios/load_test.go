package scenarios

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/internal/yamlguard"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestBrokenFiles loads every file in testdata/bad and compares the errors
// with testdata/bad/errors.golden (regenerate with -update).
func TestBrokenFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil || len(files) < 20 {
		t.Fatalf("want at least 20 broken files, found %d (%v)", len(files), err)
	}
	var got bytes.Buffer
	for _, f := range files {
		_, err := LoadFile(f)
		if err == nil {
			t.Errorf("%s: loaded without error", f)
			continue
		}
		fmt.Fprintf(&got, "%s\n", err)
	}
	golden := "testdata/bad/errors.golden"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -update)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("errors differ from %s:\ngot:\n%s\nwant:\n%s", golden, got.Bytes(), want)
	}
}

// TestOversizedFile is generated rather than committed.
func TestOversizedFile(t *testing.T) {
	data := bytes.Repeat([]byte("# padding padding padding padding\n"), yamlguard.Default.MaxBytes/30)
	_, err := Load(data, "huge.yaml", ".")
	if err == nil || !strings.Contains(err.Error(), "huge.yaml: larger than") {
		t.Errorf("oversized file: %v", err)
	}
}

// TestAllErrorsReported checks that one file with several problems gets
// them all, in file order, not just the first.
func TestAllErrorsReported(t *testing.T) {
	src := `name: several
period: {start: 2015-09-01, end: 2015-10-31}
arrivals:
  - entry: mytilini
    monthly: {2015-09: -5}
destinations:
  - {exit: pasau, share: 1}
events:
  - date: 2016-01-01
    close_crossing: horgos-roszke
`
	_, err := Load([]byte(src), "several.yaml", ".")
	list, ok := err.(ErrorList)
	if !ok || len(list) != 4 {
		t.Fatalf("want 4 errors, got %v", err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Line < list[i-1].Line {
			t.Errorf("errors not in file order: %v", err)
		}
	}
}

// FuzzLoad checks that no input makes the scenario loader panic.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	lib, _ := filepath.Glob("library/*.yaml")
	for _, file := range append(files, lib...) {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load(data, "fuzz.yaml", t.TempDir())
		if err == nil && s.Timeline == nil {
			t.Fatal("loaded without a timeline")
		}
	})
}

// TestHostileYAML checks that files built to exhaust the decoder are
// refused before decoding, with the place and the limit.
func TestHostileYAML(t *testing.T) {
	laughs := "name: x\ndescription: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	prev := "a"
	for _, k := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		laughs += "x" + k + ": &" + k + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n"
		prev = k
	}
	for _, c := range []struct{ name, doc, want string }{
		{"flow, 20000 levels", "name: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000),
			"deep.yaml:1:38: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"flow, 200 KB unclosed", "name: x\nevents:\n  - " + strings.Repeat("{a: ", 50000),
			"deep.yaml:3:121: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"block sequences", "arrivals:\n  - " + strings.Repeat("- ", 5000) + "x\n",
			"deep.yaml:2:65: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"billion laughs", laughs, "deep.yaml:7:9: alias *e expands the document past 100000 YAML nodes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, load := range []func() error{
				func() error { _, err := Load([]byte(c.doc), "deep.yaml", "."); return err },
				func() error { _, err := Parse([]byte(c.doc), "deep.yaml"); return err },
			} {
				if err := load(); err == nil || err.Error() != c.want {
					t.Errorf("got %v\nwant %s", err, c.want)
				}
			}
		})
	}
}

// TestCountsThatDoNotFit checks that counts and capacities the engine's
// int64 tallies could not hold are refused where they are written.
func TestCountsThatDoNotFit(t *testing.T) {
	const base = `name: t
period: {start: 2015-09-01, end: 2018-12-31}
arrivals:
  - entry: mytilene
    ARRIVALS
destinations: [{exit: passau, share: 1}]
params: {PARAMS}
events:
  - {date: 2015-09-02, EVENT}
`
	var months string
	for m := range 36 {
		months += fmt.Sprintf("%d-%02d: 2.8e10, ", 2016+m/12, 1+m%12)
	}
	for _, c := range []struct{ name, arrivals, params, event, want string }{
		{"1e23 a day", "daily: {2015-09-01: 1e23}", "", "close_centre: lipa",
			"t.yaml:5:25: count 1e+23 is more than 1e+09 people a day, the most a scenario may give"},
		{"a month too many", "monthly: {2015-09: 1e11}", "", "close_centre: lipa",
			"t.yaml:5:24: count 1e+11 is more than 3e+10 people a month, the most a scenario may give"},
		{"infinite", "daily: {2015-09-01: .inf}", "", "close_centre: lipa",
			"t.yaml:5:25: count +Inf: want a number of people, 0 or more"},
		{"not a number", "daily: {2015-09-01: .nan}", "", "close_centre: lipa",
			"t.yaml:5:25: count NaN: want a number of people, 0 or more"},
		{"scaled past a day's limit", "daily: {2015-09-05: 1e8}", "", "arrivals_change: {stream: mytilene, scale: 1e3}",
			`t.yaml:4:5: stream "mytilene" brings 1e+11 people on 2015-09-05, more than 1e+09 a day, the most a scenario may give`},
		{"infinite scale", "daily: {2015-09-05: 1}", "", "arrivals_change: {stream: mytilene, scale: .inf}",
			"t.yaml:9:67: scale +Inf, want 0 or more"},
		{"a total past the limit", "monthly: {" + months + "}", "", "close_centre: lipa",
			`t.yaml:4:5: stream "mytilene" brings 1.008e+12 people over the period, more than 1e+12, the most a scenario may give`},
		{"crossing capacity", "daily: {2015-09-01: 1}", "", "crossing_capacity: {crossing: horgos-roszke, per_day: 9000000000000}",
			"t.yaml:9:78: per_day is 9000000000000, more than 1e+09, the most a scenario may give"},
		{"centre capacity", "daily: {2015-09-01: 1}", "", "centre_capacity: {centre: lipa, capacity: 2000000000}",
			"t.yaml:9:66: capacity is 2000000000, more than 1e+09, the most a scenario may give"},
		{"negative centre capacity", "daily: {2015-09-01: 1}", "", "centre_capacity: {centre: lipa, capacity: -1}",
			"t.yaml:9:66: capacity is -1, want 0 or more"},
		{"schengen capacity", "daily: {2015-09-01: 1}", "schengen_capacity_per_day: 5000000000", "close_centre: lipa",
			"t.yaml:7:37: schengen_capacity_per_day is 5000000000, more than 1e+09, the most a scenario may give"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.NewReplacer("ARRIVALS", c.arrivals, "PARAMS", c.params, "EVENT", c.event).Replace(base)
			_, err := Load([]byte(src), "t.yaml", t.TempDir())
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

// FuzzParse checks that no input makes the strict decoder panic or take
// more than the guard allows; the seeds include hostile nesting.
func FuzzParse(f *testing.F) {
	lib, _ := filepath.Glob("library/*.yaml")
	for _, file := range lib {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b)
		}
	}
	for _, seed := range []string{
		"name: " + strings.Repeat("[", 100),
		"events:\n  - " + strings.Repeat("{a: ", 40),
		strings.Repeat("- ", 40) + "x",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"description: |\n  " + strings.Repeat("[", 50) + "\nname: x\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse(data, "fuzz.yaml")
	})
}
