package forecast

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/borderflow/borderflow/forecast/baseline"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/score"
)

// DefaultHorizons are the leads a back-test reports, in days.
var DefaultHorizons = []int{14, 30, 60}

// MaxOrigins bounds a back-test's as-of days.
const MaxOrigins = 1000

// BacktestOptions are a back-test's settings.
type BacktestOptions struct {
	// From and To bound the as-of days, every Every days (default 7) from
	// From on.
	From, To scenarios.Date
	Every    int
	// Horizon is the longest lead scored (default 60 days); Horizons the
	// upper ends of the leads reported (default DefaultHorizons, those
	// within Horizon, and Horizon itself).
	Horizon  int
	Horizons []int
	// Members, Seed, Scale and Workers are each forecast's (Members
	// default 50).
	Members int
	Seed    uint64
	Scale   float64
	Workers int
	// Calibrate, if set, calibrates each forecast to the observations
	// known on its as-of day (see Options.Calibrate).
	Calibrate *Calibration
	// Progress, if set, is called after each as-of day's forecast.
	Progress func(done, total int)
}

// Scored is one observation scored against one forecast.
type Scored struct {
	AsOf     scenarios.Date `json:"as_of"`
	Line     int            `json:"line"`
	Place    string         `json:"place"`
	Metric   string         `json:"metric"`
	Period   string         `json:"period"`
	Lead     int            `json:"lead_days"`
	Observed float64        `json:"observed"`
	// Median, P05..P95 and CRPS are the forecast's; Persistence and
	// Seasonal the baselines'.
	Median      float64 `json:"median"`
	P05, P25    float64 `json:"-"`
	P75, P95    float64 `json:"-"`
	CRPS        float64 `json:"crps"`
	Persistence float64 `json:"persistence"`
	Seasonal    float64 `json:"seasonal_naive"`
}

// Number is a figure that JSON writes as null when it is not a number (a
// lead with no observation, a skill against a perfect baseline).
type Number float64

// MarshalJSON implements json.Marshaler.
func (n Number) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(n))
}

// Coverage is the share of observations inside the forecast's central
// 50% and 90% bands.
type Coverage struct {
	Band50 Number `json:"50"`
	Band90 Number `json:"90"`
}

// HorizonScore is a back-test's scores at one lead: the observations
// whose period ends more than the previous lead and at most Days after
// their forecast's as-of day.
type HorizonScore struct {
	Days int `json:"days"`
	N    int `json:"n"`
	// Model is the median's MAE and MAPE; CRPS the mean CRPS.
	Model    score.Errors `json:"model"`
	CRPS     Number       `json:"crps"`
	Coverage Coverage     `json:"coverage"`
	// Persistence and Seasonal are the baselines' errors on the same
	// observations.
	Persistence score.Errors `json:"persistence"`
	Seasonal    score.Errors `json:"seasonal_naive"`
	// Skill is 1 − MAE/MAE of persistence, SkillSeasonal against the
	// seasonal naive: above 0, the model beats the baseline.
	Skill         Number `json:"skill"`
	SkillSeasonal Number `json:"skill_seasonal"`
}

// Backtest is a back-test's result.
type Backtest struct {
	Scenario string           `json:"scenario"`
	Origins  []scenarios.Date `json:"as_of_days"`
	Members  int              `json:"members"`
	Horizons []HorizonScore   `json:"horizons"`
	// Scored is every observation scored, by as-of day and line.
	Scored []Scored `json:"scored"`
	// Unscored counts observations left out: of figures the forecast has
	// no series for, or with no history for the baselines by the as-of day.
	Unscored int     `json:"unscored"`
	Seconds  float64 `json:"seconds"`
}

// RunBacktest forecasts scenario s from each as-of day in the window with
// only what was known then (the observations ending by it, no later
// event) and scores each forecast against the observations that end after
// it, within the horizon, and for which the baselines have history.
func RunBacktest(ctx context.Context, s *scenarios.Scenario, dir string, obs []observe.Observation, opts BacktestOptions) (*Backtest, error) {
	if opts.Every == 0 {
		opts.Every = 7
	}
	if opts.Horizon == 0 {
		opts.Horizon = 60
	}
	if opts.Members == 0 {
		opts.Members = 50
	}
	switch {
	case opts.Every < 1:
		return nil, fmt.Errorf("every %d days: want 1 or more", opts.Every)
	case opts.To < opts.From:
		return nil, fmt.Errorf("as-of days from %s to %s: the first is after the last", opts.From, opts.To)
	case int(opts.To-opts.From)/opts.Every+1 > MaxOrigins:
		return nil, fmt.Errorf("as-of days from %s to %s every %d days: %d forecasts, want at most %d", opts.From, opts.To, opts.Every, int(opts.To-opts.From)/opts.Every+1, MaxOrigins)
	case len(obs) == 0:
		return nil, errors.New("no observations to score against")
	}
	horizons := opts.Horizons
	if horizons == nil {
		for _, h := range DefaultHorizons {
			if h < opts.Horizon {
				horizons = append(horizons, h)
			}
		}
		horizons = append(horizons, opts.Horizon)
	}
	if !slices.IsSorted(horizons) || horizons[0] < 1 || horizons[len(horizons)-1] > opts.Horizon {
		return nil, fmt.Errorf("horizons %v: want rising leads from 1 to the horizon, %d", horizons, opts.Horizon)
	}
	bt := &Backtest{Scenario: s.Name, Members: opts.Members}
	for t := opts.From; t <= opts.To; t += scenarios.Date(opts.Every) {
		bt.Origins = append(bt.Origins, t)
	}
	var seconds float64
	for i, t := range bt.Origins {
		f, err := Run(ctx, s, dir, obs, Options{AsOf: t, Horizon: opts.Horizon, Members: opts.Members, Seed: opts.Seed,
			Scale: opts.Scale, Workers: opts.Workers, NoFutureEvents: true, Calibrate: opts.Calibrate})
		if err != nil {
			return nil, fmt.Errorf("as of %s: %w", t, err)
		}
		seconds += f.Seconds
		bt.scoreOrigin(f, obs)
		if opts.Progress != nil {
			opts.Progress(i+1, len(bt.Origins))
		}
	}
	bt.Seconds = seconds
	bt.aggregate(horizons)
	return bt, nil
}

// scoreOrigin scores forecast f against the observations that end after
// its as-of day and by its end.
func (bt *Backtest) scoreOrigin(f *Forecast, obs []observe.Observation) {
	var members []float64
	for _, o := range obs {
		if o.Period.To <= f.AsOf || o.Period.To > f.End || o.Period.From < f.Start {
			continue
		}
		s := f.seriesFor(o)
		var hist []observe.Observation
		for _, h := range obs {
			if h.Place == o.Place && h.Metric == o.Metric && h.Period.To <= f.AsOf {
				hist = append(hist, h)
			}
		}
		p, okP := baseline.Persistence(hist, o.Period)
		sn, _ := baseline.SeasonalNaive(hist, o.Period)
		if s == nil || !okP {
			bt.Unscored++
			continue
		}
		from, to := int(o.Period.From-f.Start), int(o.Period.To-f.Start)
		if o.Metric.Stock() {
			members = s.Day(from, members)
		} else {
			members = s.Sum(from, to, members)
		}
		slices.Sort(members)
		q := s.quantiles(members)
		bt.Scored = append(bt.Scored, Scored{AsOf: f.AsOf, Line: o.Line, Place: o.Place, Metric: o.Metric.String(), Period: o.Period.String(),
			Lead: int(o.Period.To - f.AsOf), Observed: o.Value, Median: q[2], P05: q[0], P25: q[1], P75: q[3], P95: q[4],
			CRPS: score.CRPS(members, o.Value), Persistence: p, Seasonal: sn})
	}
}

// quantiles returns Quantiles of sorted members.
func (s *Series) quantiles(sorted []float64) []float64 {
	out := make([]float64, len(Quantiles))
	for i, q := range Quantiles {
		out[i] = quantile(sorted, q)
	}
	return out
}

// quantile interpolates linearly between the order statistics of sorted
// (Hyndman and Fan's definition 7, as golang.org/x/exp/stats does).
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// seriesFor returns the series an observation is of, or nil: a country's
// entries, present or refused into it; a crossing's passes (entries) or
// refusals; a centre's occupancy or turned away; a stream's arrivals.
func (f *Forecast) seriesFor(o observe.Observation) *Series {
	metric := o.Metric.String()
	for _, kind := range []string{KindCountry, KindCrossing, KindCentre, KindStream} {
		m := metric
		if kind == KindCrossing && o.Metric == observe.Entries {
			m = "passed"
		}
		if s := f.Lookup(kind, o.Place, m); s != nil {
			return s
		}
	}
	for _, st := range f.Streams {
		if o.Metric == observe.Arrivals && st.entry != "" && st.entry == o.Place {
			return f.Lookup(KindStream, st.Name, "arrivals")
		}
	}
	return nil
}

// aggregate sums the scored observations up by lead.
func (bt *Backtest) aggregate(horizons []int) {
	slices.SortStableFunc(bt.Scored, func(a, b Scored) int {
		if a.AsOf != b.AsOf {
			return int(a.AsOf - b.AsOf)
		}
		return a.Line - b.Line
	})
	prev := 0
	for _, h := range horizons {
		hs := HorizonScore{Days: h}
		var med, pers, seas, y []float64
		var in50, in90 int
		var crps float64
		for _, x := range bt.Scored {
			if x.Lead <= prev || x.Lead > h {
				continue
			}
			hs.N++
			med, pers, seas, y = append(med, x.Median), append(pers, x.Persistence), append(seas, x.Seasonal), append(y, x.Observed)
			crps += x.CRPS
			if x.P25 <= x.Observed && x.Observed <= x.P75 {
				in50++
			}
			if x.P05 <= x.Observed && x.Observed <= x.P95 {
				in90++
			}
		}
		hs.Model, hs.Persistence, hs.Seasonal = score.PointErrors(med, y), score.PointErrors(pers, y), score.PointErrors(seas, y)
		if n := float64(hs.N); n > 0 {
			hs.CRPS = Number(crps / n)
			hs.Coverage = Coverage{Number(float64(in50) / n), Number(float64(in90) / n)}
		} else {
			hs.CRPS, hs.Model.MAE = Number(math.NaN()), math.NaN()
			hs.Coverage = Coverage{Number(math.NaN()), Number(math.NaN())}
		}
		hs.Skill, hs.SkillSeasonal = Number(score.Skill(hs.Model, hs.Persistence)), Number(score.Skill(hs.Model, hs.Seasonal))
		bt.Horizons = append(bt.Horizons, hs)
		prev = h
	}
}
