package flee_test

import (
	"fmt"
	"log"

	"github.com/borderflow/borderflow/flee"
)

// Example reads the Mali 2012 scenario of FabFlee and builds its network.
func Example() {
	s, err := flee.Read("../testdata/flee/mali2012")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d locations (%d camps, %d conflict zones), %d routes\n",
		len(s.Locations), len(s.Camps()), len(s.ConflictZones()), len(s.Routes))
	fmt.Printf("from %s for %d days\n", s.Period.Start.Format(flee.DateLayout), s.Period.Days)
	fmt.Printf("%s: %d observations\n", s.Observed[0].Name, len(s.Observed[0].Obs))

	n, err := s.Network()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("network: %d nodes, %d edges, %d crossings, countries %v\n",
		n.NumNodes(), n.NumEdges(), n.NumCrossings(), n.Countries())
	// Output:
	// 23 locations (7 camps, 12 conflict zones), 35 routes
	// from 2012-02-29 for 300 days
	// Bobo-Dioulasso: 13 observations
	// network: 23 nodes, 35 edges, 9 crossings, countries [BFA MLI MRT NER]
}
