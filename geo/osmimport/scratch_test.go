package osmimport

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/borderflow/borderflow/geo"
)

func TestScratch(t *testing.T) {
	cs, err := LoadCountries("../../testdata/osm/ne10m_admin0_and_esp_fra_mco_ita.geojson")
	if err != nil { t.Fatal(err) }
	for _, f := range []string{"andorra.osm.pbf", "monaco.osm.gz"} {
		t0 := time.Now()
		net, rep, err := ImportFile("../../testdata/osm/"+f, Options{Countries: cs})
		if err != nil { t.Fatal(err) }
		fmt.Println(time.Since(t0))
		fmt.Print(rep)
		for i := 0; i < net.NumCrossings(); i++ {
			c := net.Crossing(geo.CrossingID(i))
			e := net.Edge(c.Edges[0])
			fmt.Println(c.ID, "|", c.Name, c.A, c.B, len(c.Edges), net.Node(e.From).Point, net.Node(e.From).Name, e.Km)
		}
		o, _ := os.Create("/tmp/oi/"+f+".geojson"); net.WriteGeoJSON(o); o.Close()
	}
}
