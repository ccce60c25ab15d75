package osmimport

import (
	"os"
	"testing"

	"github.com/borderflow/borderflow/geo"
)

// FuzzImportXML feeds arbitrary bytes to the importer as OSM XML: it may
// fail, but must not panic, and what it builds must be a valid network.
func FuzzImportXML(f *testing.F) {
	for _, name := range []string{"chain.osm", "noroads.osm", "malformed.osm"} {
		data, err := os.ReadFile(dir + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<osm><node id="1" lat="NaN" lon="0.5"/><node id="2" lat="0.5" lon="0.5"/><way id="1"><nd ref="1"/><nd ref="2"/><nd ref="2"/><tag k="highway" v="primary"/></way></osm>`))
	f.Add([]byte(`<osm><node id="1" lat="0.5" lon="0.5"/><node id="1" lat="0.5" lon="1.5"/><way id="1"><nd ref="1"/><nd ref="1"/><tag k="highway" v="motorway"/></way><way id="1"><nd ref="1"/></way></osm>`))
	f.Add([]byte(`<osm><node id="1" lat="0.5" lon="0.99999"/><node id="2" lat="0.5" lon="1.00001"/><way id="7"><nd ref="1"/><nd ref="2"/><nd ref="1"/><tag k="highway" v="trunk"/></way></osm>`))
	f.Add([]byte("not xml at all"))
	f.Add([]byte(`<osm><node id="1" lat="0.5" lon="0.9"/><node id="2" lat="0.5" lon="1.1"/>` +
		`<node id="3" lat="0.5" lon="0.99"><tag k="place" v="town"/><tag k="name" v="Хоргош&#9;"/></node>` +
		`<node id="4" lat="0.5" lon="1.01"><tag k="barrier" v="border_control"/><tag k="name" v="=HYPERLINK(&quot;x&quot;)"/></node>` +
		`<way id="5"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="ref" v="M5&#10;"/></way></osm>`))
	cs := squares(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		net, rep, err := importSource(bytesSource("fuzz.osm", data), Options{Countries: cs, OpenEndKm: 2})
		if err != nil {
			return
		}
		if net.NumNodes() != rep.Nodes || net.NumEdges() != rep.Edges || net.NumCrossings() != rep.Crossings {
			t.Fatalf("report %+v does not match the network", rep)
		}
		for c := range geo.CrossingID(net.NumCrossings()) {
			if err := geo.CheckID(net.Crossing(c).ID); err != nil {
				t.Fatalf("crossing %d: %v", c, err)
			}
		}
	})
}
