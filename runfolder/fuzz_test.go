package runfolder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead replaces one table of a valid folder by the input, re-seals the
// manifest and reads the folder: never a panic, and any error names a file.
func FuzzRead(f *testing.F) {
	dir, _ := writeTiny(f)
	tables := []string{CountriesFile, CrossingsFile, CentresFile, EdgesFile, SummaryFile}
	for i, name := range tables {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(i), b)
	}
	f.Add(uint8(0), []byte("date,country,entries,exits,present\n2015-09-01,AAA,1,2\n"))
	f.Add(uint8(4), []byte(`{"period":{"start":"2015-09-01","end":"9999-12-31"},"scale":1}`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := tables[int(which)%len(tables)]
		d := filepath.Join(t.TempDir(), "run")
		if err := os.CopyFS(d, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		reseal(t, d)
		if _, err := Read(d); err != nil && !strings.Contains(err.Error(), d) {
			t.Errorf("error names no file: %v", err)
		}
	})
}

// FuzzManifest parses any bytes as a manifest: never a panic, and an
// accepted manifest names only plain paths inside the folder.
func FuzzManifest(f *testing.F) {
	dir, _ := writeTiny(f)
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"format":"borderflow run folder","format_version":1,"kind":"run","files":[{"name":"../x","sha256":""}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest(data, "dir")
		if err != nil {
			if !strings.Contains(err.Error(), "dir") {
				t.Errorf("error names no folder: %v", err)
			}
			return
		}
		for _, e := range append(m.Files, m.Reports...) {
			if !filepath.IsLocal(filepath.FromSlash(e.Name)) || strings.Contains(e.Name, "..") && !validName(e.Name) {
				t.Errorf("accepted %q", e.Name)
			}
		}
	})
}
