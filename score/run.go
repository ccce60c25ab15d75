package score

import "github.com/borderflow/borderflow/runfolder"

// FromRun takes a run's series per site: each centre's occupancy (by centre
// id), each country's daily entries (by ISO code) and each crossing's
// people passed, both directions (by crossing id). With cumulative, the
// entries and passes are summed from the start, for observations that count
// totals to date; occupancy is a stock and stays as it is.
func FromRun(d *runfolder.Data, cumulative bool) *Simulated {
	s := &Simulated{Start: d.Start, Days: d.Days, Sites: map[string][]float64{}}
	flow := func(v []int64) []float64 {
		out := make([]float64, len(v))
		var acc float64
		for i, x := range v {
			if cumulative {
				acc += float64(x)
				out[i] = acc
			} else {
				out[i] = float64(x)
			}
		}
		return out
	}
	for _, c := range d.Centres {
		occ := make([]float64, d.Days)
		for i, x := range c.Occupancy {
			occ[i] = float64(x)
		}
		s.Sites[c.ID] = occ
	}
	for _, c := range d.Countries {
		s.Sites[c.Code] = flow(c.Entries)
	}
	for _, c := range d.Crossings {
		passed := make([]int64, d.Days)
		for i := range passed {
			passed[i] = c.PassedOn(i)
		}
		s.Sites[c.ID] = flow(passed)
	}
	return s
}
