package arrivals_test

import (
	"fmt"
	"time"

	"github.com/borderflow/borderflow/forecast/arrivals"
)

// Sea arrivals in Greece, January to September 2015 (UNHCR; see
// testdata/observed), forecast for October to December. The median
// follows the summer's growth, damped: October's 211,663 is near it, but
// November's 151,249 fell, which no history of growth foretells; the band
// widens month by month, and the model knows the growth, not when it
// stops.
func ExampleFit() {
	history := []float64{1694, 2873, 7874, 13556, 17889, 31318, 54899, 107843, 147123}
	m, err := arrivals.Fit(history, time.January)
	if err != nil {
		fmt.Println(err)
		return
	}
	paths, _ := m.Paths(3, 1000, 1)
	for h, med := range m.Median(3) {
		lo, hi := band(paths, h)
		fmt.Printf("%s: median %.0fk, 90%% band %.0fk–%.0fk\n", time.Month(10+h), med/1000, lo/1000, hi/1000)
	}
	// Output:
	// October: median 197k, 90% band 89k–417k
	// November: median 248k, 90% band 48k–1209k
	// December: median 301k, 90% band 24k–3616k
}
