package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWriteParallelIsSerial checks that rendering the formats side by
// side writes the same files, byte for byte, and lists them in the same
// order as rendering them one after the other.
func TestWriteParallelIsSerial(t *testing.T) {
	d := mapTestRun(t, "balkan-route-2015", 0)
	serialDir, parallelDir := t.TempDir(), t.TempDir()
	serial, err := writeWith(serialDir, d, Formats, 1)
	if err != nil {
		t.Fatal(err)
	}
	parallel, err := writeWith(parallelDir, d, Formats, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"loads.geojson", "daily.parquet", "map.png", "map.svg",
		"centres.png", "centres.svg", "posts.png", "posts.svg", "countries.png", "countries.svg", "report.html"}
	if !slices.Equal(serial, want) {
		t.Errorf("serial files %v, want %v", serial, want)
	}
	if !slices.Equal(parallel, serial) {
		t.Errorf("parallel files %v, serial %v", parallel, serial)
	}
	for _, name := range serial {
		a, err := os.ReadFile(filepath.Join(serialDir, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(parallelDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between serial and parallel rendering", name)
		}
	}
}

// TestRunJobs checks the files and the error runJobs returns, whatever
// the number of workers.
func TestRunJobs(t *testing.T) {
	errA, errB := errors.New("a failed"), errors.New("b failed")
	ok := func(names ...string) func() ([]string, error) {
		return func() ([]string, error) { return names, nil }
	}
	fail := func(err error, names ...string) func() ([]string, error) {
		return func() ([]string, error) { return names, err }
	}
	for _, c := range []struct {
		name      string
		jobs      []job
		wantFiles []string
		wantErr   error
	}{
		{"none", nil, nil, nil},
		{"all fine, cheapest first", []job{{"x", 1, ok("1")}, {"y", 5, ok("2", "3")}, {"z", 3, ok("4")}}, []string{"1", "2", "3", "4"}, nil},
		{"first failure in order wins", []job{{"x", 1, ok("1")}, {"y", 1, fail(errA, "2")}, {"z", 9, fail(errB)}}, []string{"1", "2"}, errA},
		{"failure first", []job{{"x", 1, fail(errB)}, {"y", 1, ok("2")}}, nil, errB},
	} {
		for _, workers := range []int{0, 1, 2, 8} {
			files, err := runJobs(c.jobs, workers)
			if !slices.Equal(files, c.wantFiles) {
				t.Errorf("%s, %d workers: files %v, want %v", c.name, workers, files, c.wantFiles)
			}
			if !errors.Is(err, c.wantErr) || (err == nil) != (c.wantErr == nil) {
				t.Errorf("%s, %d workers: error %v, want %v", c.name, workers, err, c.wantErr)
			}
		}
	}
}
