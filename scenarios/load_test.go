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
