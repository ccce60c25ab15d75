package observe_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/observe"
)

var update = flag.Bool("update", false, "rewrite the golden .err files of testdata/bad from what ReadFile returns")

// badPlaces are the places the files of testdata/bad are read against.
var badPlaces = observe.NewPlaceSet("GRC", "SRB", "HUN", "horgos-roszke", "presevo-rc", "aegean-islands")

// TestBadFilesGolden reads every file of testdata/bad, each wrong in one
// way, and checks that ReadFile fails with the message kept beside it in
// X.err, naming the file and a line of it. With -update it writes the
// messages instead.
func TestBadFilesGolden(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "bad", "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no testdata/bad/*.csv files")
	}
	slices.Sort(paths)
	for _, path := range paths {
		// Slashes, so that the message is the same on every system.
		path = filepath.ToSlash(path)
		name := strings.TrimSuffix(filepath.Base(path), ".csv")
		t.Run(name, func(t *testing.T) {
			obs, err := observe.ReadFile(path, badPlaces)
			if err == nil {
				t.Fatalf("ReadFile(%s) read %d observations, want an error", path, len(obs))
			}
			got := err.Error()
			checkNamesLine(t, path, got)
			golden := strings.TrimSuffix(path, ".csv") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(golden)
			if errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("no %s; run go test -run TestBadFilesGolden -update to write it, and read it", golden)
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.TrimRight(string(b), "\r\n"); got != want {
				t.Errorf("ReadFile(%s):\n got %s\nwant %s", path, got, want)
			}
		})
	}
}

// checkNamesLine checks that msg starts with path, a colon and a line
// (and optionally a column) that the file has, so that a message that
// loses the file or its line is caught.
func checkNamesLine(t *testing.T, path, msg string) {
	t.Helper()
	m := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `:([0-9]+)(:[0-9]+)?: `).FindStringSubmatch(msg)
	if m == nil {
		t.Errorf("message %q does not start %s:LINE: ", msg, path)
		return
	}
	line, _ := strconv.Atoi(m[1])
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := max(1, bytes.Count(data, []byte("\n"))+1-boolInt(bytes.HasSuffix(data, []byte("\n"))))
	if line < 1 || line > lines {
		t.Errorf("message %q names line %d, want one of the file's lines 1 to %d", msg, line, lines)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestBadFilesNoOrphans checks that every golden message of testdata/bad
// has its file, so that a fixture removed leaves no message behind.
func TestBadFilesNoOrphans(t *testing.T) {
	errs, err := filepath.Glob(filepath.Join("testdata", "bad", "*.err"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		csv := strings.TrimSuffix(e, ".err") + ".csv"
		if _, err := os.Stat(csv); err != nil {
			t.Errorf("%s has no %s: %v", filepath.ToSlash(e), filepath.ToSlash(csv), err)
		}
	}
}
