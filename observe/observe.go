package observe

import (
	"fmt"
	"strings"
	"time"

	"github.com/borderflow/borderflow/scenarios"
)

// Metric is what an observation counts.
type Metric uint8

// The metrics.
const (
	Entries    Metric = iota + 1 // people entering a country, passing a crossing or arriving at a centre
	Arrivals                     // new arrivals at an entry point
	Refused                      // people refused at a crossing
	TurnedAway                   // people a centre turned away
	Present                      // people in a country on a day
	Occupancy                    // people in a centre on a day
)

var metricNames = [...]string{Entries: "entries", Arrivals: "arrivals", Refused: "refused", TurnedAway: "turned_away", Present: "present", Occupancy: "occupancy"}

// String returns the metric's name as files write it.
func (m Metric) String() string {
	if m == 0 || int(m) >= len(metricNames) {
		return fmt.Sprintf("Metric(%d)", uint8(m))
	}
	return metricNames[m]
}

// Stock reports whether the metric is a level on one day (present,
// occupancy) rather than a flow summed over a period.
func (m Metric) Stock() bool { return m == Present || m == Occupancy }

// ParseMetric reads a metric's name.
func ParseMetric(s string) (Metric, error) {
	for m, name := range metricNames {
		if name != "" && strings.EqualFold(s, name) {
			return Metric(m), nil
		}
	}
	return 0, fmt.Errorf("metric %q, want one of %s", s, strings.Join(metricNames[1:], ", "))
}

// Period is an inclusive range of days.
type Period struct{ From, To scenarios.Date }

// Days returns the number of days in the period.
func (p Period) Days() int { return int(p.To-p.From) + 1 }

// Contains reports whether q lies within p.
func (p Period) Contains(q Period) bool { return p.From <= q.From && q.To <= p.To }

// Overlaps reports whether p and q share a day.
func (p Period) Overlaps(q Period) bool { return p.From <= q.To && q.From <= p.To }

// String writes the period as files do: a day, or FROM..TO.
func (p Period) String() string {
	if p.From == p.To {
		return p.From.String()
	}
	return p.From.String() + ".." + p.To.String()
}

// ParsePeriod reads a day (YYYY-MM-DD), a month (YYYY-MM) or an inclusive
// period (FROM..TO, each a day).
func ParsePeriod(s string) (Period, error) {
	if from, to, ok := strings.Cut(s, ".."); ok {
		a, err := scenarios.ParseDate(strings.TrimSpace(from))
		if err != nil {
			return Period{}, fmt.Errorf("period %q: %w", s, err)
		}
		b, err := scenarios.ParseDate(strings.TrimSpace(to))
		if err != nil {
			return Period{}, fmt.Errorf("period %q: %w", s, err)
		}
		if b < a {
			return Period{}, fmt.Errorf("period %q ends before it starts", s)
		}
		return Period{a, b}, nil
	}
	if len(s) == len("2006-01") {
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return Period{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD, a month YYYY-MM or a period FROM..TO)", s)
		}
		first := scenarios.NewDate(t.Year(), t.Month(), 1)
		return Period{first, scenarios.NewDate(t.Year(), t.Month()+1, 1) - 1}, nil
	}
	d, err := scenarios.ParseDate(s)
	if err != nil {
		return Period{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD, a month YYYY-MM or a period FROM..TO)", s)
	}
	return Period{d, d}, nil
}

// Observation is one observed figure: value people for metric at place
// over period, from line Line of its file.
type Observation struct {
	Period Period
	Place  string
	Metric Metric
	Value  float64
	Source string
	Line   int
}
