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
		if r.Scenario.Source != first.Scenario.Source || r.Model != first.Model || r.Scale != first.Scale || r.Days() != first.Days() {
			return nil, nil, fmt.Errorf("replicates of different runs")
		}
	}
	m := *first
	m.Replicates = len(rs)
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
	m.entries, b.entries = mean(func(r *Result) [][]int64 { return r.entries })
	m.exits, _ = mean(func(r *Result) [][]int64 { return r.exits })
	m.present, b.present = mean(func(r *Result) [][]int64 { return r.present })
	m.stranded, _ = mean(func(r *Result) [][]int64 { return r.stranded })
	m.arrived, _ = mean(func(r *Result) [][]int64 { return r.arrived })
	m.passed, b.passed = mean(func(r *Result) [][]int64 { return r.passed })
	m.refused, _ = mean(func(r *Result) [][]int64 { return r.refused })
	m.queue, _ = mean(func(r *Result) [][]int64 { return r.queue })
	m.occupancy, b.occupancy = mean(func(r *Result) [][]int64 { return r.occupancy })
	m.capacity, _ = mean(func(r *Result) [][]int64 { return r.capacity })
	m.turnedAway, _ = mean(func(r *Result) [][]int64 { return r.turnedAway })
	m.edgeFlow, _ = mean(func(r *Result) [][]int64 { return r.edgeFlow })
	var ad int64
	for _, r := range rs {
		ad += r.agentDays
		m.Wall += r.Wall
	}
	m.Wall -= first.Wall
	m.agentDays = ad
	return &m, b, nil
}

// quantile returns the q-quantile of sorted values (nearest rank).
func quantile(sorted []int64, q float64) int64 {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Bands are the 5th and 95th percentiles, across replicates, of a mean
// run's main series.
type Bands struct {
	r                                   *Result
	entries, present, passed, occupancy [2][][]int64
}

// BandsFile is the file WriteBands fills.
const BandsFile = "bands.csv"

// WriteBands writes date,kind,id,series,mean,p05,p95 rows (in people) for
// each country's entries and presence, each crossing direction's passes
// and each centre's occupancy.
func (b *Bands) WriteBands(w io.Writer) error {
	r := b.r
	net := r.Scenario.Network
	buf, err := csvRow(w, nil, "date", "kind", "id", "series", "mean", "p05", "p95")
	row := func(date, kind, id, series string, mean int64, band [2][][]int64, d, i int) {
		if err != nil {
			return
		}
		buf, err = csvRow(w, buf, date, kind, id, series, r.people(mean), r.people(band[0][d][i]), r.people(band[1][d][i]))
	}
	for d := range r.entries {
		date := r.date(d)
		for c, code := range r.countries {
			row(date, "country", code, "entries", r.entries[d][c], b.entries, d, c)
			row(date, "country", code, "present", r.present[d][c], b.present, d, c)
		}
		for p, pt := range r.posts {
			row(date, "crossing", net.Crossing(pt.crossing).ID+":"+r.countries[pt.from]+"-"+r.countries[pt.to], "passed", r.passed[d][p], b.passed, d, p)
		}
		for c, v := range r.centres {
			row(date, "centre", net.Node(v).ID, "occupancy", r.occupancy[d][c], b.occupancy, d, c)
		}
	}
	return err
}
