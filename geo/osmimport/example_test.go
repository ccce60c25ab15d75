package osmimport_test

import (
	"fmt"
	"log"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/osmimport"
)

func ExampleImportFile() {
	countries, err := osmimport.LoadCountries("../../testdata/osm/countries.geojson")
	if err != nil {
		log.Fatal(err)
	}
	net, rep, err := osmimport.ImportFile("../../testdata/osm/chain.osm", osmimport.Options{Countries: countries})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d ways → %d nodes, %d edges, %d crossing, %d component\n",
		rep.Ways, net.NumNodes(), net.NumEdges(), net.NumCrossings(), net.Components())
	fmt.Printf("dropped: %d segment (missing node), %d segment (outside)\n",
		rep.DroppedSegments(osmimport.DropMissingNode), rep.DroppedSegments(osmimport.DropOutside))
	c := net.Crossing(0)
	e := net.Edge(c.Edges[0])
	fmt.Printf("%s: %s–%s, %.3f km\n", c.Name, c.A, c.B, e.Km)
	fmt.Println(net.Node(e.From).ID, net.Node(e.From).Kind == geo.Border)
	// Output:
	// 7 ways → 10 nodes, 10 edges, 1 crossing, 1 component
	// dropped: 1 segment (missing node), 1 segment (outside)
	// Grenzdorf – Borderville (A1): HUN–SRB, 2.224 km
	// osm-20 true
}
