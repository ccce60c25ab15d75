package osmimport

import (
	"bytes"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/paulmach/orb"
)

const dir = "../../testdata/osm/"

var (
	neOnce sync.Once
	ne     *Countries
	neErr  error
)

// naturalEarth returns the Natural Earth outlines of the test extracts.
func naturalEarth(t testing.TB) *Countries {
	neOnce.Do(func() { ne, neErr = LoadCountries(dir + "ne10m_admin0_and_esp_fra_mco_ita.geojson") })
	if neErr != nil {
		t.Fatal(neErr)
	}
	return ne
}

func squares(t testing.TB) *Countries {
	cs, err := LoadCountries(dir + "countries.geojson")
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestLoadCountries(t *testing.T) {
	cs := squares(t)
	if got := strings.Join(cs.Codes(), ","); got != "HUN,SRB,XKX" {
		t.Errorf("codes %s, want HUN,SRB,XKX (ADM0_A3 when ISO_A3 is -99, KOS as XKX, -99 and points skipped)", got)
	}
	for _, c := range []struct {
		p    orb.Point
		want string
		ok   bool
	}{
		{orb.Point{0.5, 0.5}, "SRB", true},
		{orb.Point{1.5, 0.5}, "HUN", true},
		{orb.Point{0.5, 1.5}, "XKX", true},
		{orb.Point{-0.02, 0.5}, "SRB", true}, // 2.2 km outside
		{orb.Point{-0.1, 0.5}, "", false},    // 11 km outside
		{orb.Point{5.5, 5.5}, "", false},     // inside a polygon without a code
	} {
		code, _, ok := cs.Locate(c.p, DefaultMaxOutsideKm)
		if code != c.want || ok != c.ok {
			t.Errorf("Locate(%v) = %q, %v; want %q, %v", c.p, code, ok, c.want, c.ok)
		}
	}
	ne := naturalEarth(t)
	if got := strings.Join(ne.Codes(), ","); got != "AND,ESP,FRA,ITA,MCO" {
		t.Errorf("Natural Earth codes %s", got)
	}
	if code, _, _ := ne.Locate(orb.Point{1.52, 42.51}, 5); code != "AND" {
		t.Errorf("Andorra la Vella is in %q", code)
	}

	_, err := LoadCountries(dir + "nopolygons.geojson")
	if err == nil || !strings.Contains(err.Error(), "nopolygons.geojson") {
		t.Errorf("polygon file without usable features: err = %v, want one naming the file", err)
	}
	_, err = LoadCountries(dir + "absent.geojson")
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "absent.geojson") {
		t.Errorf("missing polygon file: err = %v", err)
	}
}

func TestFixture(t *testing.T) {
	net, rep, err := ImportFile(dir+"chain.osm", Options{Countries: squares(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep)
	// Graph nodes: way ends 1, 5, 21, 40 (before the missing node), 61;
	// junctions 3, 7; crossing ends 9, 20; 22 splits the roundabout.
	var ids []string
	for v := range net.NumNodes() {
		ids = append(ids, net.Node(geo.NodeID(v)).ID)
	}
	want := "osm-1 osm-3 osm-5 osm-7 osm-9 osm-20 osm-21 osm-22 osm-40 osm-61"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("nodes %s\nwant  %s", got, want)
	}
	if net.NumEdges() != 10 || net.NumCrossings() != 1 || net.Components() != 1 {
		t.Errorf("%d edges, %d crossings, %d components; want 10, 1, 1", net.NumEdges(), net.NumCrossings(), net.Components())
	}
	if rep.Ways != 7 || rep.Nodes != 10 || rep.Edges != 10 || rep.Crossings != 1 || rep.CrossingEdges != 1 || rep.Components != 1 || rep.Largest != 10 {
		t.Errorf("report %+v", rep)
	}
	if rep.MissingNodes != 1 || rep.DroppedSegments(DropMissingNode) != 1 || rep.DroppedSegments(DropOutside) != 1 || rep.DroppedSegments("") != 2 {
		t.Errorf("dropped %+v, missing %d; want one segment for the missing node, one outside", rep.Dropped, rep.MissingNodes)
	}
	for _, d := range rep.Dropped {
		if d.Reason == DropMissingNode && (len(d.Ways) != 1 || d.Ways[0] != 15) {
			t.Errorf("missing node reported for ways %v, want [15]", d.Ways)
		}
	}

	node := func(id string) *geo.Node {
		v, ok := net.NodeByID(id)
		if !ok {
			t.Fatalf("no node %s", id)
		}
		return net.Node(v)
	}
	if n := node("osm-1"); n.Name != "Westend" || n.Country != "SRB" || n.Kind != geo.Town {
		t.Errorf("osm-1 = %+v", n)
	}
	if n := node("osm-3"); n.Name != "M1/Side Road junction" {
		t.Errorf("osm-3 named %q", n.Name)
	}
	if n := node("osm-61"); n.Country != "SRB" {
		t.Errorf("osm-61, 2 km outside SRB, is in %q", n.Country)
	}

	// The chain 1-2-3 is one edge with the full geometry and summed length.
	for e := range geo.EdgeID(net.NumEdges()) {
		ed := net.Edge(e)
		from, to := net.Node(ed.From).ID, net.Node(ed.To).ID
		if ed.Method != geo.RoadKm || !strings.HasPrefix(ed.Source, "OpenStreetMap way ") {
			t.Errorf("edge %s–%s: method %v, source %q", from, to, ed.Method, ed.Source)
		}
		if from == "osm-1" && to == "osm-3" {
			wantKm := geo.GreatCircle(orb.Point{0.2, 0.5}, orb.Point{0.3, 0.5}) + geo.GreatCircle(orb.Point{0.3, 0.5}, orb.Point{0.4, 0.5})
			if len(ed.Line) != 3 || math.Abs(float64(ed.Km-wantKm)) > 1e-9 || ed.Class != geo.MainRoad || ed.Road != "M1" {
				t.Errorf("edge osm-1–osm-3 = %+v, want 3 points, %.6f km, main road M1", ed, wantKm)
			}
		}
		if from == "osm-5" && to == "osm-9" && ed.Class != geo.Motorway {
			t.Errorf("motorway edge has class %v", ed.Class)
		}
		if from == "osm-3" && to == "osm-7" && ed.Class != geo.LocalRoad {
			t.Errorf("secondary edge has class %v", ed.Class)
		}
	}

	c := net.Crossing(0)
	if c.A != "HUN" || c.B != "SRB" || len(c.Edges) != 1 {
		t.Fatalf("crossing %+v, want HUN–SRB with one edge", c)
	}
	if c.ID != "grenzdorf-borderville" || c.Name != "Grenzdorf – Borderville (A1)" {
		t.Errorf("crossing %q %q, want grenzdorf-borderville, named after the places on both sides", c.ID, c.Name)
	}
	e := net.Edge(c.Edges[0])
	from, to := net.Node(e.From), net.Node(e.To)
	if from.ID != "osm-20" || to.ID != "osm-9" || from.Kind != geo.Border || to.Kind != geo.Border || from.Country != "HUN" || to.Country != "SRB" {
		t.Errorf("crossing edge %+v – %+v", from, to)
	}
	if want := geo.GreatCircle(orb.Point{0.99, 0.5}, orb.Point{1.01, 0.5}); math.Abs(float64(e.Km-want)) > 1e-12 {
		t.Errorf("crossing edge %.6f km, want the segment's great-circle length %.6f", e.Km, want)
	}
	if from.Name != "Grenzdorf – Borderville (A1) (HUN side)" {
		t.Errorf("border node named %q", from.Name)
	}
}

func TestErrors(t *testing.T) {
	cs := squares(t)
	for _, c := range []struct {
		file string
		want []string
		is   error
	}{
		{"absent.osm", []string{"absent.osm"}, fs.ErrNotExist},
		{"malformed.osm", []string{"malformed.osm: ", "XML syntax error"}, nil},
		{"noroads.osm", []string{"noroads.osm: ", "no motorway/trunk/primary/secondary roads found"}, ErrNoRoads},
		{"countries.geojson", []string{"countries.geojson: "}, nil}, // not OSM: PBF by sniffing, fails
	} {
		_, _, err := ImportFile(dir+c.file, Options{Countries: cs})
		if err == nil {
			t.Errorf("%s: no error", c.file)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.file, err, w)
			}
		}
		if c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%s: error %q does not wrap %v", c.file, err, c.is)
		}
	}
	if _, _, err := ImportFile(dir+"chain.osm", Options{}); err == nil {
		t.Error("no countries: no error")
	}
	// Every segment outside the polygons: no roads left.
	far, err := NewCountries([]geo.Country{{Code: "ITA", Shape: orb.MultiPolygon{{{{10, 10}, {11, 10}, {11, 11}, {10, 11}, {10, 10}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ImportFile(dir+"chain.osm", Options{Countries: far}); !errors.Is(err, ErrNoRoads) {
		t.Errorf("all outside: err = %v", err)
	}
}

// importBytes imports an extract and returns its GeoJSON.
func importBytes(t *testing.T, path string, opts Options) (*geo.Network, *Report, []byte) {
	t.Helper()
	net, rep, err := ImportFile(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := net.WriteGeoJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return net, rep, buf.Bytes()
}

// checkRoundTrip reads the GeoJSON back and compares the counts.
func checkRoundTrip(t *testing.T, net *geo.Network, data []byte) {
	t.Helper()
	back, err := geo.Decode(data, "import.geojson")
	if err != nil {
		t.Fatalf("the imported network does not read back: %v", err)
	}
	if back.NumNodes() != net.NumNodes() || back.NumEdges() != net.NumEdges() || back.NumCrossings() != net.NumCrossings() || back.Components() != net.Components() {
		t.Errorf("read back %d nodes, %d edges, %d crossings; imported %d, %d, %d",
			back.NumNodes(), back.NumEdges(), back.NumCrossings(), net.NumNodes(), net.NumEdges(), net.NumCrossings())
	}
	path := filepath.Join(t.TempDir(), "net.geojson")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if back, err := geo.ReadFile(path); err != nil || back.NumNodes() != net.NumNodes() || back.NumEdges() != net.NumEdges() {
		t.Errorf("geo.ReadFile: %v", err)
	}
}

// crossingNear returns the first crossing between a and b with an edge
// within km of p (lon, lat) and, if road is not empty, on that road; or nil.
func crossingNear(net *geo.Network, a, b, road string, p orb.Point, km float64) *geo.Crossing {
	for _, c := range net.CrossingsBetween(a, b) {
		x := net.Crossing(c)
		for _, e := range x.Edges {
			if road != "" && net.Edge(e).Road != road {
				continue
			}
			for _, q := range net.Line(e) {
				if float64(geo.GreatCircle(p, q)) <= km {
					return x
				}
			}
		}
	}
	return nil
}

func TestAndorra(t *testing.T) {
	cs := naturalEarth(t)
	pasDeLaCasa := orb.Point{1.73, 42.54}
	laFargaDeMoles := orb.Point{1.45, 42.44}

	net, rep, data := importBytes(t, dir+"andorra.osm.pbf", Options{Countries: cs})
	t.Log(rep)
	if c := crossingNear(net, "AND", "FRA", "CG-2", pasDeLaCasa, 3); c == nil {
		t.Error("no AND–FRA crossing near Pas de la Casa")
	} else {
		t.Logf("AND–FRA: %s %q", c.ID, c.Name)
	}
	// The extract is clipped at Andorra's border: the CG-1 ends at La Farga
	// de Moles, 0.7 km inside Natural Earth's Andorra, and no Spanish road
	// continues it, so only an open end finds that crossing.
	if c := crossingNear(net, "AND", "ESP", "CG-1", laFargaDeMoles, 3); c != nil {
		t.Errorf("AND–ESP crossing %q found without open ends", c.ID)
	}
	checkRoundTrip(t, net, data)

	opts := Options{Countries: cs, OpenEndKm: 1}
	net, rep, data = importBytes(t, dir+"andorra.osm.pbf", opts)
	t.Log(rep)
	c := crossingNear(net, "AND", "ESP", "CG-1", laFargaDeMoles, 3)
	if c == nil {
		t.Fatal("no AND–ESP crossing near La Farga de Moles with open ends")
	}
	t.Logf("AND–ESP: %s %q", c.ID, c.Name)
	if len(c.Edges) != 2 || net.Edge(c.Edges[0]).Method != geo.Circuity || net.Edge(c.Edges[0]).Road != "CG-1" {
		t.Errorf("La Farga de Moles: %+v, want the two CG-1 carriageways, inferred", c)
	}
	if crossingNear(net, "AND", "FRA", "CG-2", pasDeLaCasa, 3) == nil {
		t.Error("no AND–FRA crossing near Pas de la Casa with open ends")
	}
	checkRoundTrip(t, net, data)

	_, _, again := importBytes(t, dir+"andorra.osm.pbf", opts)
	if !bytes.Equal(data, again) {
		t.Error("importing Andorra twice gives different GeoJSON")
	}
}

func TestMonaco(t *testing.T) {
	net, rep, data := importBytes(t, dir+"monaco.osm.gz", Options{Countries: naturalEarth(t)})
	t.Log(rep)
	if len(net.CrossingsBetween("MCO", "FRA")) == 0 {
		t.Error("no MCO–FRA crossing")
	}
	for _, c := range net.CrossingsBetween("MCO", "FRA") {
		t.Logf("MCO–FRA: %s %q, %d edges", net.Crossing(c).ID, net.Crossing(c).Name, len(net.Crossing(c).Edges))
	}
	checkRoundTrip(t, net, data)
}

func TestFixtureDeterministic(t *testing.T) {
	cs := squares(t)
	_, _, a := importBytes(t, dir+"chain.osm", Options{Countries: cs})
	_, _, b := importBytes(t, dir+"chain.osm", Options{Countries: cs})
	if !bytes.Equal(a, b) {
		t.Error("importing twice gives different GeoJSON")
	}
	net, _, _ := importBytes(t, dir+"chain.osm", Options{Countries: cs})
	checkRoundTrip(t, net, a)
}
