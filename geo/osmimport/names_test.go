package osmimport

import (
	"strings"
	"testing"
	"unicode"

	"github.com/borderflow/borderflow/geo"
)

// TestNamesInAnyScript checks that crossings named after places in Cyrillic
// or Greek get ids that geo.CheckID accepts, and that control characters in
// OSM tags do not reach node, edge or crossing names.
func TestNamesInAnyScript(t *testing.T) {
	for _, c := range []struct {
		srb, hun string // the names of the places on either side, as XML
		id, name string
	}{
		{"Хоргош", "Röszke", "roszke-horgos", "Röszke – Хоргош (M5)"},
		{"Ειδομένη", "Гевгелија", "gevgelija-eidomeni", "Гевгелија – Ειδομένη (M5)"},
		{"多&#9;A", "B&#10;C&#13;", "b-c-x591a-a", "B C – 多 A (M5)"},
	} {
		src := `<osm>
<node id="1" lat="0.5" lon="0.9"/><node id="2" lat="0.5" lon="0.99"/><node id="3" lat="0.5" lon="1.01"/><node id="4" lat="0.5" lon="1.1"/>
<node id="50" lat="0.505" lon="0.995"><tag k="place" v="village"/><tag k="name" v="` + c.srb + `"/></node>
<node id="51" lat="0.505" lon="1.005"><tag k="place" v="village"/><tag k="name" v="` + c.hun + `"/></node>
<way id="7"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="trunk"/><tag k="ref" v="M5&#9;"/></way>
</osm>`
		net, _, err := importSource(bytesSource("names.osm", []byte(src)), Options{Countries: squares(t)})
		if err != nil {
			t.Fatalf("%s/%s: %v", c.srb, c.hun, err)
		}
		if net.NumCrossings() != 1 {
			t.Fatalf("%s/%s: %d crossings, want 1", c.srb, c.hun, net.NumCrossings())
		}
		x := net.Crossing(0)
		if err := geo.CheckID(x.ID); err != nil || x.ID != c.id || x.Name != c.name {
			t.Errorf("crossing %q %q (%v), want %q %q", x.ID, x.Name, err, c.id, c.name)
		}
		for v := range geo.NodeID(net.NumNodes()) {
			if n := net.Node(v).Name; strings.ContainsFunc(n, unicode.IsControl) {
				t.Errorf("node %s named %q", net.Node(v).ID, n)
			}
		}
	}
}
