package observe_test

import (
	"fmt"
	"strings"

	"github.com/borderflow/borderflow/observe"
)

func ExampleRead() {
	in := `date,place,metric,value,source
2019-05-01,miral,occupancy,780,IOM DTM
2019-05,BIH,arrivals,2490,Service for Foreigners' Affairs
`
	obs, err := observe.Read(strings.NewReader(in), "dtm.csv", observe.NewPlaceSet("miral", "BIH"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range obs {
		fmt.Printf("%s %s %s: %v (%d days)\n", o.Period, o.Place, o.Metric, o.Value, o.Period.Days())
	}
	_, err = observe.Read(strings.NewReader("date,place,metric,value\n2019-05,mirall,occupancy,780\n"), "dtm.csv", observe.NewPlaceSet("miral", "BIH"))
	fmt.Println(err)
	// Output:
	// 2019-05-01 miral occupancy: 780 (1 days)
	// 2019-05-01..2019-05-31 BIH arrivals: 2490 (31 days)
	// dtm.csv:2: unknown place "mirall", want a country code, crossing id, centre id or entry of the network; did you mean miral?
}
