package report

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/runfolder"
)

// CompareRow is the difference between a scenario and a baseline for one
// border post (people passed, both directions), centre (occupancy) or
// country (entries): totals over each run's period, daily peaks and the
// dates of the peaks.
type CompareRow struct {
	Kind         string // "post", "centre" or "country"
	ID           string
	BaseTotal    int64
	ScenTotal    int64
	BasePeak     int64
	ScenPeak     int64
	BasePeakDate string
	ScenPeakDate string
	// PeakShiftDays is the scenario's peak date minus the baseline's, in
	// days; 0 when either run has no load.
	PeakShiftDays int
}

// TotalDiff returns the scenario's total minus the baseline's.
func (r CompareRow) TotalDiff() int64 { return r.ScenTotal - r.BaseTotal }

// PeakDiff returns the scenario's peak minus the baseline's.
func (r CompareRow) PeakDiff() int64 { return r.ScenPeak - r.BasePeak }

// SameNetwork reports whether two networks have the same nodes, edges and
// crossings (by id and by the ids of their ends), so that two runs on them
// can be compared place by place.
func SameNetwork(a, b *geo.Network) bool {
	if a == b {
		return true
	}
	if a.NumNodes() != b.NumNodes() || a.NumEdges() != b.NumEdges() || a.NumCrossings() != b.NumCrossings() {
		return false
	}
	for v := range geo.NodeID(a.NumNodes()) {
		if a.Node(v).ID != b.Node(v).ID {
			return false
		}
	}
	for e := range geo.EdgeID(a.NumEdges()) {
		ea, eb := a.Edge(e), b.Edge(e)
		if ea.From != eb.From || ea.To != eb.To {
			return false
		}
	}
	for c := range geo.CrossingID(a.NumCrossings()) {
		if a.Crossing(c).ID != b.Crossing(c).ID {
			return false
		}
	}
	return true
}

// Compare returns one row per post, centre and country, in that order and
// in network order within each. The runs must share a network.
func Compare(base, scen *runfolder.Data) ([]CompareRow, error) {
	if !SameNetwork(base.Network, scen.Network) {
		return nil, fmt.Errorf("%s (network %s) and %s (network %s) do not share a network: compare needs the same places",
			base.Dir, base.Summary.Network, scen.Dir, scen.Summary.Network)
	}
	row := func(kind, id string, b, s []int64, bd, sd *runfolder.Data) CompareRow {
		bp, bday, bt := peakOf(b)
		sp, sday, st := peakOf(s)
		r := CompareRow{Kind: kind, ID: id, BaseTotal: bt, ScenTotal: st, BasePeak: bp, ScenPeak: sp,
			BasePeakDate: bd.Date(bday).String(), ScenPeakDate: sd.Date(sday).String()}
		if bp > 0 && sp > 0 {
			r.PeakShiftDays = int(sd.Date(sday) - bd.Date(bday))
		}
		return r
	}
	var rows []CompareRow
	for i, b := range base.Crossings {
		s := scen.Crossings[i]
		rows = append(rows, row("post", b.ID, sumSeries(base.Days, b.Passed[0], b.Passed[1]), sumSeries(scen.Days, s.Passed[0], s.Passed[1]), base, scen))
	}
	for i, b := range base.Centres {
		rows = append(rows, row("centre", b.ID, b.Occupancy, scen.Centres[i].Occupancy, base, scen))
	}
	for i, b := range base.Countries {
		rows = append(rows, row("country", b.Code, b.Entries, scen.Countries[i].Entries, base, scen))
	}
	return rows, nil
}

// WriteCompareCSV writes the rows as compare.csv, through encoding/csv.
func WriteCompareCSV(w io.Writer, rows []CompareRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kind", "id", "base_total", "scenario_total", "total_diff", "base_peak", "scenario_peak", "peak_diff", "base_peak_date", "scenario_peak_date", "peak_shift_days"})
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	for _, r := range rows {
		cw.Write([]string{r.Kind, r.ID, n(r.BaseTotal), n(r.ScenTotal), n(r.TotalDiff()),
			n(r.BasePeak), n(r.ScenPeak), n(r.PeakDiff()), r.BasePeakDate, r.ScenPeakDate, n(int64(r.PeakShiftDays))})
	}
	cw.Flush()
	return cw.Error()
}

// WriteCompareTable writes, per kind, the n rows whose totals changed most,
// as an aligned text table.
func WriteCompareTable(w io.Writer, rows []CompareRow, n int) {
	for _, kind := range []string{"country", "post", "centre"} {
		var ks []CompareRow
		for _, r := range rows {
			if r.Kind == kind && (r.BaseTotal != 0 || r.ScenTotal != 0) {
				ks = append(ks, r)
			}
		}
		slices.SortStableFunc(ks, func(a, b CompareRow) int { return cmp.Compare(abs(b.TotalDiff()), abs(a.TotalDiff())) })
		title := map[string]string{"country": "countries: entries", "post": "border posts: people passed", "centre": "centres: occupancy (person-nights)"}[kind]
		fmt.Fprintf(w, "%s, scenario − baseline\n", title)
		fmt.Fprintf(w, "  %-34s %12s %12s %12s %10s %10s %8s\n", "", "baseline", "scenario", "difference", "peak base", "peak scen", "shift")
		for _, r := range ks[:min(n, len(ks))] {
			fmt.Fprintf(w, "  %-34s %12d %12d %+12d %10d %10d %+7dd\n", r.ID, r.BaseTotal, r.ScenTotal, r.TotalDiff(), r.BasePeak, r.ScenPeak, r.PeakShiftDays)
		}
		fmt.Fprintln(w)
	}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
