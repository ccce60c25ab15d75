package sim

import (
	"fmt"
	"io"
	"math"
	"slices"
)

// ReplicateSeed returns the seed of replicate k (from 0) of a run with the
// given base seed. It depends on k and the base only, so replicate k is the
// same whatever the number of replicates.
func ReplicateSeed(base uint64, k int) uint64 {
	return mix64(base ^ mix64(uint64(k)+0x5eed))
}

// Mean returns a Result whose tables are the replicates' means (rounded to
// whole agents), for reports and scoring of an ensemble, and the bands of
// its main series. The replicates must be runs of one scenario at one scale.
func Mean(rs []*Result) (*Result, *Bands, error) {
	if len(rs) == 0 {
		return nil, nil, fmt.Errorf("no replicates")
	}
	first := rs[0]
	for _, r := range rs[1:] {
		if r.Info.Source != first.Info.Source || r.Info.Model != first.Info.Model || r.Info.Scale != first.Info.Scale || r.Days() != first.Days() {
			return nil, nil, fmt.Errorf("replicates of different runs")
		}
	}
	m := *first
	m.Info.Replicates = len(rs)
	b := &Bands{r: &m}
	mean := func(pick func(r *Result) [][]int64) ([][]int64, [2][][]int64) {
		days := len(pick(first))
		n := len(pick(first)[0])
		out := table(days, n)
		band := [2][][]int64{table(days, n), table(days, n)}
		vals := make([]int64, len(rs))
		for d := range days {
			for i := range n {
				var sum int64
				for k, r := range rs {
					vals[k] = pick(r)[d][i]
					sum += vals[k]
				}
				out[d][i] = int64(math.Round(float64(sum) / float64(len(rs))))
				slices.Sort(vals)
				band[0][d][i] = quantile(vals, 0.05)
				band[1][d][i] = quantile(vals, 0.95)
			}
		}
		return out, band
	}
	m.Entries, b.Entries = mean(func(r *Result) [][]int64 { return r.Entries })
	m.Exits, _ = mean(func(r *Result) [][]int64 { return r.Exits })
	m.Present, b.Present = mean(func(r *Result) [][]int64 { return r.Present })
	m.Stranded, _ = mean(func(r *Result) [][]int64 { return r.Stranded })
	m.Arrived, _ = mean(func(r *Result) [][]int64 { return r.Arrived })
	m.Passed, b.Passed = mean(func(r *Result) [][]int64 { return r.Passed })
	m.Refused, _ = mean(func(r *Result) [][]int64 { return r.Refused })
	m.Queue, _ = mean(func(r *Result) [][]int64 { return r.Queue })
	m.Occupancy, b.Occupancy = mean(func(r *Result) [][]int64 { return r.Occupancy })
	m.Capacity, _ = mean(func(r *Result) [][]int64 { return r.Capacity })
	m.TurnedAway, _ = mean(func(r *Result) [][]int64 { return r.TurnedAway })
	m.EdgeFlow, _ = mean(func(r *Result) [][]int64 { return r.EdgeFlow })
	var ad int64
	for _, r := range rs {
		ad += r.AgentDays
		m.Info.Wall += r.Info.Wall
	}
	m.Info.Wall -= first.Info.Wall
	m.AgentDays = ad
	return &m, b, nil
}

// quantile returns the q-quantile of sorted values (nearest rank).
func quantile(sorted []int64, q float64) int64 {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Bands are the 5th and 95th percentiles, across replicates, of a mean
// run's main series: index 0 the 5th, 1 the 95th, each [day][column] in
// agents like the Result's tables (Entries and Present by country, Passed
// by post, Occupancy by centre).
type Bands struct {
	r                                   *Result
	Entries, Present, Passed, Occupancy [2][][]int64
}

// BandsFile is the file WriteBands fills.
const BandsFile = "bands.csv"

// WriteBands writes date,kind,id,series,mean,p05,p95 rows (in people) for
// each country's entries and presence, each crossing direction's passes
// and each centre's occupancy.
func (b *Bands) WriteBands(w io.Writer) error {
	r := b.r
	net := r.Network
	buf, err := csvRow(w, nil, "date", "kind", "id", "series", "mean", "p05", "p95")
	row := func(date, kind, id, series string, mean int64, band [2][][]int64, d, i int) {
		if err != nil {
			return
		}
		buf, err = csvRow(w, buf, date, kind, id, series, r.people(mean), r.people(band[0][d][i]), r.people(band[1][d][i]))
	}
	for d := range r.Entries {
		date := r.date(d)
		for c, code := range r.Countries {
			row(date, "country", code, "entries", r.Entries[d][c], b.Entries, d, c)
			row(date, "country", code, "present", r.Present[d][c], b.Present, d, c)
		}
		for p, pt := range r.Posts {
			row(date, "crossing", net.Crossing(pt.Crossing).ID+":"+r.Countries[pt.From]+"-"+r.Countries[pt.To], "passed", r.Passed[d][p], b.Passed, d, p)
		}
		for c, v := range r.Centres {
			row(date, "centre", net.Node(v).ID, "occupancy", r.Occupancy[d][c], b.Occupancy, d, c)
		}
	}
	return err
}
