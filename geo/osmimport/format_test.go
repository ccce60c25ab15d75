package osmimport

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFormatFromContent checks that the format comes from the first bytes,
// whatever the name, and that a file of no OSM format is refused with what
// it looks like.
func TestFormatFromContent(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(dir + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	chain, pbf, geojson := read("chain.osm"), read("andorra.osm.pbf"), read("countries.geojson")
	for _, c := range []struct {
		name string
		data []byte
		want string // "" when the import must succeed, else a part of the error
	}{
		{"xml-named.pbf", chain, ""},
		{"xml-gzipped.dat", gzipped(t, chain), ""},
		{"pbf-named.osm", pbf, ""},
		{"countries.osm.pbf", geojson, `not an OpenStreetMap file (want .osm.pbf, .osm, .osm.gz or .osm.bz2; first bytes look like JSON (GeoJSON?): "{\"type\":\"FeatureCollecti"`},
		{"empty.osm", nil, "first bytes look like an empty file"},
		{"notes.osm", []byte("Grenzdorf – Borderville, the A1 crossing\n"), `first bytes look like text: "Grenzdorf – Bordervill"`},
		{"page.osm", []byte("<!DOCTYPE html><html><body>404</body></html>"), "first bytes look like XML or HTML without an <osm> element"},
		{"archive.osm.pbf", []byte("PK\x03\x04\x14\x00\x00\x00"), "first bytes look like a ZIP archive"},
		{"blob.osm.pbf", []byte{0, 0, 0, 13, 0x0a, 9, 'N', 'o', 't', 'H', 'e', 'a', 'd', 'e', 'r'}, "first bytes look like binary data"},
		{"json.osm.gz", gzipped(t, geojson), "first bytes look like gz-compressed JSON (GeoJSON?)"},
		{"broken.osm.gz", []byte{0x1f, 0x8b, 0, 0}, "the first bytes are a gz header"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			net, _, err := ImportFile(path, Options{Countries: squares(t)})
			if c.want == "" {
				// andorra.osm.pbf lies outside the squares: its roads are read, then dropped.
				if err != nil && !errors.Is(err, ErrNoRoads) {
					t.Fatalf("ImportFile: %v", err)
				}
				if err == nil && net.NumNodes() == 0 {
					t.Error("empty network")
				}
				return
			}
			if err == nil || !errors.Is(err, ErrNotOSM) || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("ImportFile: %v\nwant an error wrapping ErrNotOSM, naming the file, containing %q", err, c.want)
			}
		})
	}
}
