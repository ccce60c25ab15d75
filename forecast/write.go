package forecast

import (
	"cmp"
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"

	"golang.org/x/exp/stats"

	"github.com/borderflow/borderflow/calibrate"
	"github.com/borderflow/borderflow/scenarios"
)

// Quantiles are the quantiles forecast.csv gives of each figure.
var Quantiles = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// CSVHeader is forecast.csv's header.
var CSVHeader = []string{"date", "kind", "id", "metric", "part", "p05", "p25", "p50", "p75", "p95"}

// WarningsHeader is warnings.csv's header.
var WarningsHeader = []string{"kind", "id", "metric", "limit", "first_date", "probability"}

// Part returns the part of the forecast day d is in: "fit" up to the
// as-of day, "forecast" after it.
func (f *Forecast) Part(d scenarios.Date) string {
	if d <= f.AsOf {
		return "fit"
	}
	return "forecast"
}

// Band returns the quantiles qs of series s's members on day d (linear
// between order statistics, as golang.org/x/exp/stats computes them).
func (s *Series) Band(d int, qs ...float64) []float64 {
	v := s.Day(d, nil)
	slices.Sort(v)
	return stats.Quantiles(v, qs...)
}

// WriteCSV writes forecast.csv: for every series of a country, crossing
// or centre and every day from the start to the end, the members'
// Quantiles rounded to whole people, series by series.
func (f *Forecast) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	row := make([]string, len(CSVHeader))
	buf := make([]float64, 0, f.Members)
	for _, s := range f.Series {
		if s.Kind == KindStream {
			continue
		}
		for d := range f.Days() {
			date := f.Start + scenarios.Date(d)
			buf = s.Day(d, buf)
			slices.Sort(buf)
			q := stats.Quantiles(buf, Quantiles...)
			row = append(row[:0], date.String(), s.Kind, s.ID, s.Metric, f.Part(date))
			for _, v := range q {
				row = append(row, strconv.FormatFloat(math.Round(v), 'f', 0, 64))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WarningProbability is the least probability of exceeding a limit in the
// horizon that makes a warning.
const WarningProbability = 0.2

// Warning is a centre or post that may exceed its capacity after the
// as-of day.
type Warning struct {
	Kind, ID, Metric string
	// Limit is the capacity (people; a day's passes for a post) in force
	// on FirstDate, or the least in the horizon when the median never
	// exceeds it.
	Limit float64
	// FirstDate is the first day the members' median exceeds the limit;
	// zero (written empty) if it never does.
	FirstDate scenarios.Date
	// Probability is the share of members that exceed it on some day of
	// the horizon.
	Probability float64
}

// Warnings returns the centres and posts that exceed their capacity in
// the horizon in at least WarningProbability of the members: a centre
// whose occupancy reaches its capacity (a full centre turns people away),
// a post whose queue is more than nobody (people reached it beyond what
// its cap lets through). They are ordered by probability, highest first,
// then by first date (those whose median never exceeds last), kind and id.
func (f *Forecast) Warnings() []Warning {
	var out []Warning
	first := int(f.AsOf-f.Start) + 1
	buf := make([]float64, 0, f.Members)
	for _, s := range f.Series {
		var over func(d int, v float64) bool
		switch {
		case s.Limit == nil:
			continue
		case s.Kind == KindCentre && s.Metric == "occupancy":
			over = func(d int, v float64) bool { return s.Limit[d] > 0 && v >= s.Limit[d] }
		case s.Kind == KindCrossing && s.Metric == "queue":
			over = func(d int, v float64) bool { return s.Limit[d] > 0 && v > 0 }
		default:
			continue
		}
		exceeded, limit := 0, math.Inf(1)
		for k := range f.Members {
			for d := first; d < f.Days(); d++ {
				if over(d, s.Value(d, k)) {
					exceeded++
					break
				}
			}
		}
		p := float64(exceeded) / float64(f.Members)
		if p < WarningProbability {
			continue
		}
		w := Warning{Kind: s.Kind, ID: s.ID, Metric: s.Metric, Probability: p}
		for d := first; d < f.Days(); d++ {
			if s.Limit[d] > 0 {
				limit = min(limit, s.Limit[d])
			}
			buf = s.Day(d, buf)
			slices.Sort(buf)
			if w.FirstDate == 0 && over(d, stats.Quantiles(buf, 0.5)[0]) {
				w.FirstDate, w.Limit = f.Start+scenarios.Date(d), s.Limit[d]
			}
		}
		if w.FirstDate == 0 {
			w.Limit = limit
		}
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(b.Probability, a.Probability),
			cmp.Compare(b2i(a.FirstDate == 0), b2i(b.FirstDate == 0)),
			cmp.Compare(a.FirstDate, b.FirstDate), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// WriteWarnings writes ws as warnings.csv.
func WriteWarnings(w io.Writer, ws []Warning) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(WarningsHeader); err != nil {
		return err
	}
	for _, x := range ws {
		date := ""
		if x.FirstDate != 0 {
			date = x.FirstDate.String()
		}
		if err := cw.Write([]string{x.Kind, x.ID, x.Metric, strconv.FormatFloat(x.Limit, 'f', -1, 64), date, strconv.FormatFloat(x.Probability, 'f', 2, 64)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Summary is what forecast.json holds: how the forecast was made.
type Summary struct {
	Scenario       string    `json:"scenario"`
	Start          string    `json:"start"`
	AsOf           string    `json:"as_of"`
	End            string    `json:"end"`
	Horizon        int       `json:"horizon_days"`
	Members        int       `json:"members"`
	Seed           uint64    `json:"seed"`
	Scale          float64   `json:"scale"`
	NoFutureEvents bool      `json:"no_future_events"`
	Quantiles      []float64 `json:"quantiles"`
	Streams        []*Stream `json:"streams"`
	// Corrections are the stocks observed by the as-of day that the
	// members' state was set to.
	Corrections []Correction `json:"corrections"`
	// Fit is the calibration the members drew their parameters from.
	Fit      *calibrate.Fit `json:"fit,omitempty"`
	Warnings int            `json:"warnings"`
	Seconds  float64        `json:"seconds"`
}

// Summary returns the forecast's summary, with nw warnings.
func (f *Forecast) Summary(nw int) Summary {
	if f.Corrections == nil {
		f.Corrections = []Correction{}
	}
	return Summary{Scenario: f.Name, Start: f.Start.String(), AsOf: f.AsOf.String(), End: f.End.String(), Horizon: int(f.End - f.AsOf),
		Members: f.Members, Seed: f.Seed, Scale: f.Scale, NoFutureEvents: f.NoFutureEvents, Quantiles: Quantiles, Streams: f.Streams, Corrections: f.Corrections, Fit: f.Fit,
		Warnings: nw, Seconds: f.Seconds}
}
