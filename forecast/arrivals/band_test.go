package arrivals_test

import "slices"

// band returns the 5th and 95th percentiles of month h over the paths.
func band(paths [][]float64, h int) (float64, float64) {
	col := make([]float64, len(paths))
	for k, p := range paths {
		col[k] = p[h]
	}
	slices.Sort(col)
	return col[len(col)/20], col[len(col)-1-len(col)/20]
}
