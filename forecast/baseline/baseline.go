package baseline

import (
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
)

// Persistence forecasts target from history (one place and metric's
// observations known on the as-of day, any order): for a stock, the
// latest value (by its day); for a flow, the latest observation's rate
// per day (value over its days, the latest by end, then by shortest
// period) times the target's days. It reports false when history is
// empty.
func Persistence(history []observe.Observation, target observe.Period) (float64, bool) {
	var last *observe.Observation
	for i := range history {
		o := &history[i]
		if last == nil || o.Period.To > last.Period.To || o.Period.To == last.Period.To && o.Period.Days() < last.Period.Days() {
			last = o
		}
	}
	if last == nil {
		return 0, false
	}
	if last.Metric.Stock() {
		return last.Value, true
	}
	return last.Value / float64(last.Period.Days()) * float64(target.Days()), true
}

// SeasonalNaive forecasts target from history as the same period a year
// before (365 days, 366 across a 29 February) would: an observation of
// exactly that period, or for a stock of that day, if history has one;
// otherwise Persistence.
func SeasonalNaive(history []observe.Observation, target observe.Period) (float64, bool) {
	back := func(d scenarios.Date) scenarios.Date {
		t := d.Time()
		return scenarios.NewDate(t.Year()-1, t.Month(), t.Day())
	}
	prev := observe.Period{From: back(target.From), To: back(target.To)}
	for _, o := range history {
		if o.Period == prev {
			if o.Metric.Stock() {
				return o.Value, true
			}
			return o.Value / float64(prev.Days()) * float64(target.Days()), true
		}
	}
	return Persistence(history, target)
}
