package score

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
)

// FigureScore compares a run with observations in package observe's
// form, figure by figure: each observation against the run's figure for
// the same place, metric and period — a flow summed over the period's
// days, a stock on its day. The error of a set of figures is
//
//	WAPE = Σ |sim − obs| / max(Σ obs, 1),
//
// the weighted absolute percentage error: the people the run misplaces
// per person observed, so that a large figure weighs by its size and a
// small one cannot blow the score up as a mean of ratios would.
//
// Deviance is the Poisson deviance of the figures, the objective a
// calibration minimises (see PoissonDeviance).
type FigureScore struct {
	WAPE     float64       `json:"wape"`
	Deviance float64       `json:"poisson_deviance"`
	ByMetric []MetricScore `json:"by_metric"` // in metric order
	Figures  []Figure      `json:"figures"`   // in file order
	Warnings []Warning     `json:"warnings"`
}

// MetricScore is the error over the figures of one metric.
type MetricScore struct {
	Metric   string  `json:"metric"`
	Figures  int     `json:"figures"`
	Observed float64 `json:"observed"`
	WAPE     float64 `json:"wape"`
}

// Figure is one observation and the run's figure for it.
type Figure struct {
	Line      int     `json:"line,omitempty"`
	Place     string  `json:"place"`
	Metric    string  `json:"metric"`
	Period    string  `json:"period"`
	Observed  float64 `json:"observed"`
	Simulated float64 `json:"simulated"`
}

// CompareFigures scores run d against obs, read from file (for the
// warnings). The run's figures are, for a country (ISO code): entries
// summed, people present on the day, refused at its crossings into it and
// turned away by its centres, summed; for a crossing (id): people passed
// and refused, both directions, summed; for a centre (id): occupancy on
// the day and people turned away, summed. An observation whose period is
// not within the run's, whose place the run does not have, or whose
// metric the run does not record for its place is left out with a
// Warning; when none is left, CompareFigures fails.
func CompareFigures(d *runfolder.Data, obs []observe.Observation, file string) (*FigureScore, error) {
	if d.Days <= 0 {
		return nil, errors.New("the run has no days")
	}
	places := figureSeries(d)
	first, last := d.Start, d.Start+scenarios.Date(d.Days-1)
	s := &FigureScore{}
	for _, o := range obs {
		w := Warning{File: file, Line: o.Line, Site: o.Place, Date: o.Period.From, Rows: 1}
		series, known := places[o.Place]
		v, has := series[o.Metric]
		switch {
		case o.Period.From < first || o.Period.To > last:
			w.Kind = OutsideRun
			w.Message = fmt.Sprintf("%s %s over %s is not within the run's period %s – %s: not scored", o.Place, o.Metric, o.Period, first, last)
		case !known:
			w.Kind = UnknownSite
			w.Message = fmt.Sprintf("the run has no place %q: not scored", o.Place)
		case !has:
			w.Kind = NoFigure
			w.Message = fmt.Sprintf("the run records no %s for %s: not scored", o.Metric, o.Place)
		default:
			lo, hi := int(o.Period.From-d.Start), int(o.Period.To-d.Start)
			var sim float64
			if o.Metric.Stock() {
				sim = float64(v[lo])
			} else {
				for day := lo; day <= hi; day++ {
					sim += float64(v[day])
				}
			}
			s.Figures = append(s.Figures, Figure{Line: o.Line, Place: o.Place, Metric: o.Metric.String(), Period: o.Period.String(), Observed: o.Value, Simulated: sim})
			continue
		}
		s.Warnings = append(s.Warnings, w)
	}
	if len(s.Figures) == 0 {
		return nil, fmt.Errorf("none of the %d observations can be scored against the run (%d warnings; the first: %v)", len(obs), len(s.Warnings), s.Warnings[0])
	}
	s.WAPE, _ = wape(s.Figures)
	for _, f := range s.Figures {
		s.Deviance += PoissonDeviance(f.Observed, f.Simulated)
	}
	byMetric := map[string][]Figure{}
	for _, f := range s.Figures {
		byMetric[f.Metric] = append(byMetric[f.Metric], f)
	}
	for m, fs := range byMetric {
		e, total := wape(fs)
		s.ByMetric = append(s.ByMetric, MetricScore{Metric: m, Figures: len(fs), Observed: total, WAPE: e})
	}
	slices.SortFunc(s.ByMetric, func(a, b MetricScore) int {
		x, _ := observe.ParseMetric(a.Metric)
		y, _ := observe.ParseMetric(b.Metric)
		return cmp.Compare(x, y)
	})
	return s, nil
}

// wape returns the figures' weighted absolute percentage error and the
// people observed.
func wape(fs []Figure) (float64, float64) {
	var diff, total float64
	for _, f := range fs {
		diff += math.Abs(f.Simulated - f.Observed)
		total += f.Observed
	}
	return diff / max(total, 1), total
}

// figureSeries returns the run's daily series by place and metric.
func figureSeries(d *runfolder.Data) map[string]map[observe.Metric][]int64 {
	out := map[string]map[observe.Metric][]int64{}
	sum := func(dst []int64, src []int64) {
		for i, v := range src {
			dst[i] += v
		}
	}
	for _, c := range d.Countries {
		out[c.Code] = map[observe.Metric][]int64{
			observe.Entries:    c.Entries,
			observe.Present:    c.Present,
			observe.Refused:    make([]int64, d.Days),
			observe.TurnedAway: make([]int64, d.Days),
		}
	}
	for _, c := range d.Crossings {
		passed, refused := make([]int64, d.Days), make([]int64, d.Days)
		for dir := range 2 {
			sum(passed, c.Passed[dir])
			sum(refused, c.Refused[dir])
		}
		out[c.ID] = map[observe.Metric][]int64{observe.Entries: passed, observe.Refused: refused}
		// Refused into a country: A → B refuses entry to B, B → A to A.
		if m, ok := out[c.B]; ok {
			sum(m[observe.Refused], c.Refused[0])
		}
		if m, ok := out[c.A]; ok {
			sum(m[observe.Refused], c.Refused[1])
		}
	}
	for _, c := range d.Centres {
		out[c.ID] = map[observe.Metric][]int64{observe.Occupancy: c.Occupancy, observe.TurnedAway: c.TurnedAway}
		if m, ok := out[c.Country]; ok {
			sum(m[observe.TurnedAway], c.TurnedAway)
		}
	}
	return out
}

// minMean is the smallest run figure PoissonDeviance takes: half a
// person, so that a figure the run puts at 0 costs much but not infinity.
const minMean = 0.5

// PoissonDeviance returns the Poisson deviance of observed count y
// against the run's mean mu: 2 (y log(y/mu) − (y − mu)), with mu at least
// minMean. It is the objective calibration minimises over the figures:
// counts of people vary about in proportion to their size, and the
// deviance weighs an error by that (about (y − mu)²/mu near the fit),
// where squared errors would let the largest figures decide alone and
// relative errors would let the smallest.
func PoissonDeviance(y, mu float64) float64 {
	mu = max(mu, minMean)
	if y <= 0 {
		return 2 * mu
	}
	return 2 * (y*math.Log(y/mu) - (y - mu))
}
