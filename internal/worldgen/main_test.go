package main

import (
	"testing"

	"github.com/paulmach/orb"
)

// A quantised topology of two squares sharing an edge: Mali (466) and
// Kosovo (no numeric code), the second with its arcs reversed.
const tinyTopology = `{"type":"Topology",
"transform":{"scale":[0.5,0.25],"translate":[10,20]},
"arcs":[[[0,0],[0,4]],[[0,4],[2,0],[0,-4],[-2,0]],[[0,0],[-2,0],[0,4],[2,0]]],
"objects":{"countries":{"type":"GeometryCollection","geometries":[
{"type":"Polygon","arcs":[[0,1]],"id":"466","properties":{"name":"Mali"}},
{"type":"MultiPolygon","arcs":[[[2,-1]]],"properties":{"name":"Kosovo"}}]}}}`

func TestCountries(t *testing.T) {
	cs, err := countries([]byte(tinyTopology), "tiny")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		code, name string
		ring       orb.Ring
	}{
		{"MLI", "Mali", orb.Ring{{10, 20}, {10, 21}, {11, 21}, {11, 20}, {10, 20}}},
		{"XKX", "Kosovo", orb.Ring{{10, 20}, {9, 20}, {9, 21}, {10, 21}, {10, 20}}},
	}
	if len(cs) != len(want) {
		t.Fatalf("%d countries, want %d", len(cs), len(want))
	}
	for i, w := range want {
		c := cs[i]
		if c.Code != w.code || c.Name != w.name || len(c.Shape) != 1 || len(c.Shape[0]) != 1 || !c.Shape[0][0].Equal(w.ring) {
			t.Errorf("country %d = %s %q %v, want %s %q %v", i, c.Code, c.Name, c.Shape, w.code, w.name, w.ring)
		}
	}
}

func TestCountriesErrors(t *testing.T) {
	for _, c := range []struct{ name, topo string }{
		{"not JSON", `{`},
		{"not a topology", `{"type":"FeatureCollection"}`},
		{"no countries", `{"type":"Topology","arcs":[],"objects":{}}`},
		{"unknown numeric code", `{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[0]],"id":"999"}]}}}`},
		{"no code, unknown name", `{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,0]]],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[0]],"properties":{"name":"Atlantis"}}]}}}`},
		{"arc out of range", `{"type":"Topology","arcs":[],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[3]],"id":"466"}]}}}`},
		{"open ring", `{"type":"Topology","arcs":[[[0,0],[1,0],[1,1],[0,2]]],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[0]],"id":"466"}]}}}`},
		{"a point", `{"type":"Topology","arcs":[],"objects":{"countries":{"geometries":[{"type":"Point","id":"466"}]}}}`},
	} {
		if _, err := countries([]byte(c.topo), "t"); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func FuzzCountries(f *testing.F) {
	f.Add([]byte(tinyTopology))
	f.Add([]byte(`{"type":"Topology","arcs":[[[0,0]]],"objects":{"countries":{"geometries":[{"type":"Polygon","arcs":[[-1]],"id":"466"}]}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := countries(b, "fuzz")
		if err != nil {
			return
		}
		for _, c := range cs {
			for _, p := range c.Shape {
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("%s: ring of %d points, closed %v", c.Code, len(r), len(r) > 0 && r[0] == r[len(r)-1])
					}
				}
			}
		}
	})
}
