package geo

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestBadNetworkFiles reads every file in testdata/bad and compares the
// error with testdata/bad/errors.golden (regenerate with -update).
func TestBadNetworkFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.geojson")
	if err != nil || len(files) < 10 {
		t.Fatalf("want at least 10 bad files, found %d (%v)", len(files), err)
	}
	var got bytes.Buffer
	for _, f := range files {
		_, err := ReadFile(f)
		if err == nil {
			t.Errorf("%s: read without error", f)
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
		t.Fatalf("%v (run go test ./geo -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("errors differ from %s:\ngot:\n%s\nwant:\n%s", golden, got.Bytes(), want)
	}
}

func TestReadFileMissing(t *testing.T) {
	_, err := ReadFile("testdata/no-such-file.geojson")
	if err == nil || !strings.Contains(err.Error(), "no-such-file.geojson") {
		t.Errorf("missing file: error %v does not name the file", err)
	}
}

func TestGeoJSONRoundTrip(t *testing.T) {
	n := smallNetwork(t)
	var a bytes.Buffer
	if err := n.WriteGeoJSON(&a); err != nil {
		t.Fatal(err)
	}
	m, err := Decode(a.Bytes(), "round-trip")
	if err != nil {
		t.Fatalf("reading back what WriteGeoJSON wrote: %v\n%s", err, a.Bytes())
	}
	var b bytes.Buffer
	if err := m.WriteGeoJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("write → read → write differs:\n%s\n%s", a.Bytes(), b.Bytes())
	}
	if m.NumNodes() != n.NumNodes() || m.NumEdges() != n.NumEdges() || m.NumCrossings() != n.NumCrossings() {
		t.Errorf("counts changed: %d/%d/%d → %d/%d/%d", n.NumNodes(), n.NumEdges(), n.NumCrossings(), m.NumNodes(), m.NumEdges(), m.NumCrossings())
	}
	if got := m.Node(3).Aliases; len(got) != 1 || got[0] != "Vienna" {
		t.Errorf("aliases lost: %v", got)
	}
}

func TestCircuityEdgeWithoutKm(t *testing.T) {
	src := `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.649,42.309]},"properties":{"id":"a","country":"SRB"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.898,42.556]},"properties":{"id":"b","country":"SRB"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[21.649,42.309],[21.898,42.556]]},"properties":{"from":"a","to":"b","class":"local","km_method":"circuity"}}
]}`
	n, err := Decode([]byte(src), "x")
	if err != nil {
		t.Fatal(err)
	}
	want := GreatCircle(n.Node(0).Point, n.Node(1).Point) * Km(CircuityFactor(LocalRoad))
	if got := n.Edge(0).Km; got != want {
		t.Errorf("circuity km = %v, want %v", got, want)
	}
}

// FuzzDecode checks that no input makes the network reader panic, and that
// whatever it accepts it writes back in a form it accepts again.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/bad/*.geojson")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err == nil {
			f.Add(b)
		}
	}
	var ok bytes.Buffer
	n, err := Decode([]byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.649,42.309]},"properties":{"id":"a","country":"SRB","kind":"entry"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.898,42.556]},"properties":{"id":"b","country":"MKD","kind":"exit"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[21.649,42.309],[21.898,42.556]]},"properties":{"from":"a","to":"b","km":3,"crossing":"x"}}]}`), "seed")
	if err != nil {
		f.Fatal(err)
	}
	n.WriteGeoJSON(&ok)
	f.Add(ok.Bytes())
	long := strings.Repeat("a", MaxIDLen)
	f.Add(bytes.Replace(ok.Bytes(), []byte(`"a"`), []byte(`"`+long+`"`), -1))
	f.Add(bytes.Replace(ok.Bytes(), []byte(`"a"`), []byte(`"`+long+`b"`), -1))
	f.Add(bytes.Replace(ok.Bytes(), []byte(`"km":3`), []byte(`"km":5000`), 1))
	f.Add(bytes.Replace(ok.Bytes(), []byte(`"crossing":"x"`), []byte(`"crossing":"=x"`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Decode(data, "fuzz")
		if err != nil {
			return
		}
		for v := range NodeID(n.NumNodes()) {
			if err := CheckID(n.Node(v).ID); err != nil {
				t.Fatalf("accepted node %d: %v", v, err)
			}
		}
		for c := range CrossingID(n.NumCrossings()) {
			if err := CheckID(n.Crossing(c).ID); err != nil {
				t.Fatalf("accepted crossing %d: %v", c, err)
			}
		}
		for e := range EdgeID(n.NumEdges()) {
			if km := n.Edge(e).Km; !(km > 0 && km <= MaxEdgeKm) {
				t.Fatalf("accepted edge %d of %v km", e, km)
			}
		}
		var buf bytes.Buffer
		if err := n.WriteGeoJSON(&buf); err != nil {
			t.Fatalf("write: %v", err)
		}
		if _, err := Decode(buf.Bytes(), "again"); err != nil {
			t.Fatalf("cannot read back what was accepted: %v\n%s", err, buf.Bytes())
		}
	})
}

// FuzzDecodeCountries checks that no input makes the outline reader panic.
func FuzzDecodeCountries(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ADM0_A3":"KOS"},"geometry":{"type":"Polygon","coordinates":[[[20,42],[21,42],[21,43],[20,42]]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := DecodeCountries(data, "fuzz")
		if err != nil {
			return
		}
		for _, c := range cs {
			if !ValidCountry(c.Code) {
				t.Fatalf("accepted invalid code %q", c.Code)
			}
			c.DistanceKm([2]float64{20.5, 42.5})
		}
	})
}
