package runfolder

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// entries returns the names in dir, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// commitTiny writes tinyResult through a Tx at dir.
func commitTiny(t *testing.T, dir string, o Options) error {
	t.Helper()
	tx, err := Create(dir, o)
	if err != nil {
		return err
	}
	defer tx.Abort()
	if err := Write(tx.Dir(), tinyResult(t, tinyNetwork(t), 0), "test"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tx.Dir(), "report.html"), []byte("<p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	return tx.Commit()
}

func TestCreateCommit(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "deep", "tiny")
	if err := commitTiny(t, dir, Options{Name: "tiny"}); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, filepath.Dir(dir)); !slices.Equal(got, []string{"tiny"}) {
		t.Errorf("beside the folder: %v, want only it", got)
	}
	m, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Reports) != 1 || m.Reports[0].Name != "report.html" || m.Reports[0].Size != 3 {
		t.Errorf("reports %+v, want report.html", m.Reports)
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o755 {
		t.Errorf("folder mode %v", fi.Mode())
	}
	// The same run again replaces it, without asking.
	if err := commitTiny(t, dir, Options{Name: "tiny"}); err != nil {
		t.Errorf("second run of the same scenario: %v", err)
	}
	// Another scenario needs Replace.
	err = commitTiny(t, dir, Options{Name: "other"})
	if !errors.Is(err, ErrOtherRun) || !strings.Contains(err.Error(), `holds a borderflow run of "tiny", not of "other"`) {
		t.Errorf("another scenario: %v", err)
	}
	if err := commitTiny(t, dir, Options{Name: "other", Replace: true}); err != nil {
		t.Errorf("another scenario with Replace: %v", err)
	}
	if got := entries(t, filepath.Dir(dir)); !slices.Equal(got, []string{"tiny"}) {
		t.Errorf("after refusals, beside the folder: %v", got)
	}
}

// TestCreateRefuses: what is not a borderflow folder is never replaced,
// and the error never suggests forcing it.
func TestCreateRefuses(t *testing.T) {
	home, _ := os.UserHomeDir()
	wd, _ := os.Getwd()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		kind  error
		want  string
	}{
		{"not a run", func(t *testing.T, dir string) {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("x"), 0o644)
		}, ErrNotRun, "is not a borderflow run folder (no manifest.json): borderflow never replaces it"},
		{"a file", func(t *testing.T, dir string) { os.WriteFile(dir, []byte("x"), 0o644) }, ErrNotRun, "is a file, not a folder"},
		{"foreign manifest", func(t *testing.T, dir string) {
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, ManifestFile), []byte(`{"format":"npm"}`), 0o644)
		}, ErrNotRun, "holds a manifest.json that borderflow did not write"},
		{"unlisted file in a run", func(t *testing.T, dir string) {
			if err := commitTiny(t, dir, Options{Name: "tiny"}); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
		}, ErrNotRun, "holds notes.txt, which borderflow did not write"},
		{"read-only run", func(t *testing.T, dir string) {
			if err := commitTiny(t, dir, Options{Name: "tiny"}); err != nil {
				t.Fatal(err)
			}
			os.Chmod(dir, 0o555)
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		}, ErrNotRun, "is read-only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			tc.setup(t, dir)
			before, _ := os.ReadDir(filepath.Dir(dir))
			for _, replace := range []bool{false, true} {
				err := commitTiny(t, dir, Options{Name: "tiny", Replace: replace})
				if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "force") {
					t.Errorf("Replace %v: %v; want %v and %q", replace, err, tc.kind, tc.want)
				}
			}
			after, _ := os.ReadDir(filepath.Dir(dir))
			if len(after) != len(before) {
				t.Errorf("left %d entries beside it, had %d", len(after), len(before))
			}
		})
	}
	for _, dir := range []string{"/", home, wd, filepath.Dir(wd), "."} {
		_, err := Create(dir, Options{Name: "tiny", Replace: true})
		if !errors.Is(err, ErrProtected) || strings.Contains(err.Error(), "force") {
			t.Errorf("Create(%s): %v, want ErrProtected", dir, err)
		}
	}
}

// TestLockAndAbort: a second Tx on the folder fails at once; Abort leaves
// nothing: no staging folder, no lock file, no parent it made.
func TestLockAndAbort(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "a", "b", "run")
	tx, err := Create(dir, Options{Name: "tiny"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Create(dir, Options{Name: "tiny"}); !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), "another run is writing "+dir) {
		t.Errorf("second Create: %v", err)
	}
	if err := Write(tx.Dir(), tinyResult(t, tinyNetwork(t), 0), "test"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, parent); len(got) != 0 {
		t.Errorf("Abort left %v", got)
	}
	// The lock is free again.
	if err := commitTiny(t, dir, Options{Name: "tiny"}); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, filepath.Dir(dir)); !slices.Equal(got, []string{"run"}) {
		t.Errorf("beside the folder: %v", got)
	}
	u, err := Update(dir, "v2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Create(dir, Options{Name: "tiny"}); !errors.Is(err, ErrBusy) {
		t.Errorf("Create during Update: %v", err)
	}
	u.Abort()
}

// TestUpdate adds a report to a run folder: the data and the old reports
// stay, the manifest lists both reports, and the old files are never
// written through their links.
func TestUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if err := commitTiny(t, dir, Options{Name: "tiny"}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, CountriesFile))
	tx, err := Update(dir, "v2")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tx.Dir(), "loads.geojson"), []byte("{}"), 0o644)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	m, err := Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range m.Reports {
		names = append(names, e.Name)
	}
	if !slices.Equal(names, []string{"loads.geojson", "report.html"}) || m.Version != "v2" {
		t.Errorf("reports %v by %s, want loads.geojson and report.html by v2", names, m.Version)
	}
	after, _ := os.ReadFile(filepath.Join(dir, CountriesFile))
	if string(before) != string(after) {
		t.Error("Update changed countries.csv")
	}
	if _, err := Read(dir); err != nil {
		t.Error(err)
	}
	// An aborted update leaves the folder as it was.
	tx, err = Update(dir, "v3")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(tx.Dir(), "report.html"), []byte("new"), 0o644)
	tx.Abort()
	if b, _ := os.ReadFile(filepath.Join(dir, "report.html")); string(b) != "<p>" {
		t.Errorf("aborted Update changed report.html to %q", b)
	}
	if got := entries(t, filepath.Dir(dir)); !slices.Equal(got, []string{"run"}) {
		t.Errorf("beside the folder: %v", got)
	}
	if _, err := Update(filepath.Join(t.TempDir(), "none"), "v"); err == nil || !strings.Contains(err.Error(), "not a borderflow run folder") {
		t.Errorf("Update of nothing: %v", err)
	}
}

// TestCompareFolder: a folder of reports only gets a manifest at Commit,
// and replaces an earlier compare of the same name.
func TestCompareFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	for range 2 {
		tx, err := Create(dir, Options{Name: "a-vs-b", Kind: KindCompare, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(tx.Dir(), "compare.csv"), []byte("kind\n"), 0o644)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Verify(dir)
	if err != nil || m.Kind != KindCompare || len(m.Reports) != 1 {
		t.Fatalf("%+v %v", m, err)
	}
	if _, err := Read(dir); err == nil || !strings.Contains(err.Error(), "a borderflow compare folder, not a run") {
		t.Errorf("Read of a compare folder: %v", err)
	}
	if err := commitTiny(t, dir, Options{Name: "tiny"}); !errors.Is(err, ErrOtherRun) {
		t.Errorf("a run over a compare folder: %v", err)
	}
}

func TestForecastFolderVerifiesItsData(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fc")
	for range 2 { // the second replaces the first: same kind and name
		tx, err := Create(dir, Options{Name: "s", Kind: KindForecast, Version: "test", Data: []string{"forecast.csv"}})
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(tx.Dir(), "forecast.csv"), []byte("date\n2015-01-01\n"), 0o644)
		os.WriteFile(filepath.Join(tx.Dir(), "report.html"), []byte("<p>"), 0o644)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	m, err := Verify(dir)
	if err != nil || m.Kind != KindForecast || len(m.Files) != 1 || m.Files[0].Name != "forecast.csv" || len(m.Reports) != 1 || m.Reports[0].Name != "report.html" {
		t.Fatalf("%+v %v", m, err)
	}
	os.WriteFile(filepath.Join(dir, "forecast.csv"), []byte("date\n2015-01-02\n"), 0o644)
	if _, err := Verify(dir); err == nil || !strings.Contains(err.Error(), "forecast.csv: content differs") {
		t.Errorf("an edited forecast.csv: %v", err)
	}
	if err := commitTiny(t, dir, Options{Name: "s"}); !errors.Is(err, ErrOtherRun) {
		t.Errorf("a run over a forecast folder: %v", err)
	}
}
