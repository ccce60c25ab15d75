// Package score compares a run's daily series with observed counts, the way
// refugee-model validation does: the averaged relative difference (ARD) of
// Flee's validation tooling, in its normal and rescaled forms, plus the
// relative error of each site's total and the error in the day of its peak.
//
// Definitions, for the sites that have observations (camps, centres,
// countries, crossings) and every simulated day t:
//
//	ARD(t)          = Σ_sites |sim(t) − obs(t)| / max(Σ_sites obs(t), 1)
//	rescaled ARD(t) = the same with sim(t) first multiplied by
//	                  Σ_sites obs(t) / Σ_sites sim(t) (when Σ sim(t) > 0),
//	                  which discounts people still on the way;
//
// each averaged over the scored days: the run's days from the first
// observation of any scored site to the last. Within them, observations are
// interpolated linearly between their dates and held at a site's first
// (last) value before (after) them, as Flee's data tooling does; days
// before or after every observation are not scored, so that a few dated
// counts are not stretched over a long run.
package score

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/borderflow/borderflow/scenarios"
)

// point is one observation.
type point struct {
	date  scenarios.Date
	count float64
}

// Observed holds observed counts per site.
type Observed struct {
	sites map[string][]point // sorted by date
}

// Add records an observation; later ones on the same date replace earlier ones.
func (o *Observed) Add(site string, d scenarios.Date, count float64) {
	if o.sites == nil {
		o.sites = map[string][]point{}
	}
	ps := o.sites[site]
	i, found := slices.BinarySearchFunc(ps, d, func(p point, d scenarios.Date) int { return cmp.Compare(p.date, d) })
	if found {
		ps[i].count = count
		return
	}
	o.sites[site] = slices.Insert(ps, i, point{d, count})
}

// Sites returns the observed sites, sorted.
func (o *Observed) Sites() []string {
	out := make([]string, 0, len(o.sites))
	for s := range o.sites {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// At returns the observed count of site on date d, interpolated linearly
// between observations and held constant outside them.
func (o *Observed) At(site string, d scenarios.Date) (float64, bool) {
	ps, ok := o.sites[site]
	if !ok || len(ps) == 0 {
		return 0, false
	}
	i, found := slices.BinarySearchFunc(ps, d, func(p point, d scenarios.Date) int { return cmp.Compare(p.date, d) })
	switch {
	case found:
		return ps[i].count, true
	case i == 0:
		return ps[0].count, true
	case i == len(ps):
		return ps[len(ps)-1].count, true
	}
	a, b := ps[i-1], ps[i]
	f := float64(d-a.date) / float64(b.date-a.date)
	return a.count + f*(b.count-a.count), true
}

// ReadCSV reads observations from a file of date,place,count rows with a
// header; errors name the file and line.
func ReadCSV(path string) (*Observed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 3
	o := &Observed{}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if line == 1 {
			if strings.TrimSpace(rec[0]) != "date" || strings.TrimSpace(rec[1]) != "place" || strings.TrimSpace(rec[2]) != "count" {
				return nil, fmt.Errorf("%s:1: header %q, want date,place,count", path, strings.Join(rec, ","))
			}
			continue
		}
		d, err := scenarios.ParseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, fmt.Errorf("%s:%d: count %q, want a number of people, 0 or more", path, line, rec[2])
		}
		place := strings.TrimSpace(rec[1])
		if place == "" {
			return nil, fmt.Errorf("%s:%d: empty place", path, line)
		}
		o.Add(place, d, v)
	}
	if len(o.sites) == 0 {
		return nil, fmt.Errorf("%s: no observations", path)
	}
	return o, nil
}

// Simulated is a run's daily series per site, over days starting at Start.
type Simulated struct {
	Start scenarios.Date
	Days  int
	Sites map[string][]float64
}

// SiteError is how far one site's simulation is from its observations.
type SiteError struct {
	Site string `json:"site"`
	// RelativeError is |Σ sim − Σ obs| / max(Σ obs, 1) over the scored days.
	RelativeError float64 `json:"relative_error"`
	// PeakDayError is the simulated peak's date minus the observed peak's, in days.
	PeakDayError int `json:"peak_day_error"`
}

// Score is the comparison of a run with observations.
type Score struct {
	ARD         float64     `json:"ard"`
	ARDRescaled float64     `json:"ard_rescaled"`
	Days        int         `json:"days"` // days scored
	From        string      `json:"from"` // first day scored
	To          string      `json:"to"`   // last day scored
	Sites       []SiteError `json:"sites"`
	Unmatched   []string    `json:"unmatched,omitempty"` // observed sites the run does not have
	dailyARD    []float64
	dailyResc   []float64
}

// DailyARD returns ARD(t) for every scored day, from From.
func (s *Score) DailyARD() []float64 { return s.dailyARD }

// Compute scores sim against obs over sim's days, on the sites both have.
func Compute(sim *Simulated, obs *Observed) (*Score, error) {
	var sites []string
	sc := &Score{}
	for _, s := range obs.Sites() {
		if _, ok := sim.Sites[s]; ok {
			sites = append(sites, s)
		} else {
			sc.Unmatched = append(sc.Unmatched, s)
		}
	}
	if len(sites) == 0 {
		return nil, fmt.Errorf("no observed site is in the run (observed: %s)", strings.Join(obs.Sites(), ", "))
	}
	if sim.Days == 0 {
		return nil, errors.New("the run has no days")
	}
	// The scored days: from the first observation of any matched site to
	// the last, within the run.
	first, last := scenarios.Date(math.MaxInt32), scenarios.Date(math.MinInt32)
	for _, s := range sites {
		ps := obs.sites[s]
		first, last = min(first, ps[0].date), max(last, ps[len(ps)-1].date)
	}
	runEnd := sim.Start + scenarios.Date(sim.Days-1)
	lo, hi := max(first, sim.Start), min(last, runEnd)
	if lo > hi {
		return nil, fmt.Errorf("the observations (%v – %v) do not overlap the run (%v – %v)", first, last, sim.Start, runEnd)
	}
	sc.From, sc.To, sc.Days = lo.String(), hi.String(), int(hi-lo)+1
	type acc struct {
		sim, obs, simPeak, obsPeak float64
		simDay, obsDay             int
	}
	per := make([]acc, len(sites))
	for t := int(lo - sim.Start); t <= int(hi-sim.Start); t++ {
		d := sim.Start + scenarios.Date(t)
		var sumSim, sumObs float64
		obsT := make([]float64, len(sites))
		for k, s := range sites {
			o, _ := obs.At(s, d)
			obsT[k] = o
			v := sim.Sites[s][t]
			sumSim += v
			sumObs += o
			a := &per[k]
			a.sim += v
			a.obs += o
			if v > a.simPeak {
				a.simPeak, a.simDay = v, t
			}
			if o > a.obsPeak {
				a.obsPeak, a.obsDay = o, t
			}
		}
		var diff, diffResc float64
		scale := 1.0
		if sumSim > 0 {
			scale = sumObs / sumSim
		}
		for k, s := range sites {
			v := sim.Sites[s][t]
			diff += math.Abs(v - obsT[k])
			diffResc += math.Abs(v*scale - obsT[k])
		}
		den := math.Max(sumObs, 1)
		sc.dailyARD = append(sc.dailyARD, diff/den)
		sc.dailyResc = append(sc.dailyResc, diffResc/den)
	}
	for t := range sc.dailyARD {
		sc.ARD += sc.dailyARD[t]
		sc.ARDRescaled += sc.dailyResc[t]
	}
	sc.ARD /= float64(sc.Days)
	sc.ARDRescaled /= float64(sc.Days)
	for k, s := range sites {
		a := per[k]
		sc.Sites = append(sc.Sites, SiteError{Site: s, RelativeError: math.Abs(a.sim-a.obs) / math.Max(a.obs, 1), PeakDayError: a.simDay - a.obsDay})
	}
	return sc, nil
}
