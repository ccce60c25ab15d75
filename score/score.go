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
//
// # Observations the run cannot score
//
// Two kinds of observation are left out of the score, each with a
// [Warning] in [Score.Warnings] that names the file and line (when the
// observations were read from a file), the site and the date:
//
//   - an observation dated outside the run's period (its first day to its
//     last) is not scored and takes no part in the interpolation: a 2010
//     count does not stretch the scored days of a 2015 run nor bend its
//     first weeks (one warning per row, naming the run's period);
//   - the observations of a site the run does not have (a centre id, ISO
//     country code or crossing id it does not know) are not scored (one
//     warning per site, naming its first line and how many rows it has).
//
// They are warnings, not errors, because an observed series commonly spans
// more than the period one scenario simulates (a year of UNHCR counts
// scored against a three-month run) and holds sites one scenario leaves
// out; refusing them would make every user trim the file by hand before
// scoring. They were silent before, which let a stray row change the score
// unseen; now they are returned so that the caller shows them, and
// [Score.Strict] turns them into an error for callers (borderflow score
// --strict) that want a file to match its run exactly. When no observation
// is left to score, Compute fails.
//
// # Figures
//
// Observations in package observe's form (date,place,metric,value[,source]:
// days, months and periods, flows and stocks) are scored figure by figure
// instead, by [CompareFigures]: each against the run's figure for the same
// place, metric and period, with the weighted absolute percentage error
// over them (see [FigureScore]).
//
// # Ensembles
//
// [CRPS], [Band], [Covered], [PointErrors] and [Skill] score an ensemble
// forecast (one value per member) against what happened: the continuous
// ranked probability score, the coverage of its central bands, the mean
// absolute and percentage errors of a point forecast (its median) and the
// skill against a baseline such as persistence.
//
// # The CSV format
//
// [ParseCSV] (and [ReadCSV]) read a header date,place,count and one row per
// observation, through encoding/csv: quoted fields, a UTF-8 byte-order mark
// and CRLF line endings (as Excel writes them) are accepted. A count is a
// decimal number of people, 0 or more, at most 2^53 (fractions, such as
// averages, are kept as they are). The same place on the same date twice is
// an error naming both lines. Every error names the file and line.
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
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
)

// point is one observation.
type point struct {
	date  scenarios.Date
	count float64
	line  int // line of the file it was read from; 0 when not read from one
}

// comparePoint orders points by date, for binary searches.
func comparePoint(p point, d scenarios.Date) int { return cmp.Compare(p.date, d) }

// Observed holds observed counts per site.
type Observed struct {
	file  string             // where the observations were read from; "" when added by hand
	sites map[string][]point // sorted by date
}

// Add records an observation; later ones on the same date replace earlier ones.
func (o *Observed) Add(site string, d scenarios.Date, count float64) {
	o.add(site, point{date: d, count: count})
}

// add records p for site; a later point on the same date replaces an earlier one.
func (o *Observed) add(site string, p point) {
	if o.sites == nil {
		o.sites = map[string][]point{}
	}
	ps := o.sites[site]
	i, found := slices.BinarySearchFunc(ps, p.date, comparePoint)
	if found {
		ps[i] = p
		return
	}
	o.sites[site] = slices.Insert(ps, i, p)
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
	return at(ps, d), true
}

// at interpolates the points ps (sorted by date, at least one) on date d,
// holding the first and last values outside them.
func at(ps []point, d scenarios.Date) float64 {
	i, found := slices.BinarySearchFunc(ps, d, comparePoint)
	switch {
	case found:
		return ps[i].count
	case i == 0:
		return ps[0].count
	case i == len(ps):
		return ps[len(ps)-1].count
	}
	a, b := ps[i-1], ps[i]
	f := float64(d-a.date) / float64(b.date-a.date)
	return a.count + f*(b.count-a.count)
}

// ReadCSV reads observations from the file at path, in the format of
// [ParseCSV]; errors name the file and line.
func ReadCSV(path string) (*Observed, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("observed counts: %w", err)
	}
	defer f.Close()
	return ParseCSV(f, path)
}

// header is the header ParseCSV wants.
var header = []string{"date", "place", "count"}

// ParseCSV reads observations from r, a table of date,place,count rows
// under that header (see the package doc); name is the file's name, for
// errors, which all name it and a line.
func ParseCSV(r io.Reader, name string) (*Observed, error) {
	br, err := observe.TextReader(r, name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = true
	o := &Observed{file: name}
	type key struct {
		place string
		date  scenarios.Date
	}
	seen := map[key]int{}    // line of each place and date
	headerLine, line := 0, 0 // the header's line; the last record's
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				hint := ""
				if slices.ContainsFunc(rec, func(f string) bool { return strings.Contains(f, ";") }) {
					hint = " (separated by semicolons? want commas)"
				}
				return nil, fmt.Errorf("%s:%d: wrong number of fields: %d (%q), want %d: %s%s", name, pe.Line, len(rec), strings.Join(rec, ","), len(header), strings.Join(header, ","), hint)
			}
			return nil, fmt.Errorf("%s:%d:%d: %w", name, pe.Line, pe.Column, pe.Err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: reading the line after: %w", name, line, err)
		}
		line, _ = cr.FieldPos(0)
		if headerLine == 0 {
			headerLine = line
			for i, h := range header {
				if !strings.EqualFold(strings.TrimSpace(rec[i]), h) {
					return nil, fmt.Errorf("%s:%d: header %q, want %s", name, line, strings.Join(rec, ","), strings.Join(header, ","))
				}
			}
			continue
		}
		d, err := scenarios.ParseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		place := strings.TrimSpace(rec[1])
		if place == "" {
			return nil, fmt.Errorf("%s:%d: empty place, want a centre id, ISO country code or crossing id", name, line)
		}
		if !utf8.ValidString(place) || strings.ContainsFunc(place, unicode.IsControl) {
			return nil, fmt.Errorf("%s:%d: place %q has control characters or is not UTF-8", name, line, place)
		}
		v, err := observe.ParsePeople("count", strings.TrimSpace(rec[2]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		k := key{place, d}
		if first, dup := seen[k]; dup {
			return nil, fmt.Errorf("%s:%d: %s on %v already given at line %d", name, line, place, d, first)
		}
		seen[k] = line
		o.add(place, point{date: d, count: v, line: line})
	}
	switch {
	case headerLine == 0:
		return nil, fmt.Errorf("%s:1: empty file, want a %s header and rows", name, strings.Join(header, ","))
	case len(o.sites) == 0:
		return nil, fmt.Errorf("%s:%d: no observations, only the header", name, headerLine)
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

// WarningKind says why observations were not scored.
type WarningKind int

const (
	// OutsideRun marks an observation dated outside the run's period.
	OutsideRun WarningKind = iota + 1
	// UnknownSite marks the observations of a site the run does not have.
	UnknownSite
	// NoFigure marks an observation of a metric the run does not record
	// for its place (see CompareFigures).
	NoFigure
)

// String returns the kind as JSON writes it: outside_run, unknown_site or
// no_figure.
func (k WarningKind) String() string {
	switch k {
	case OutsideRun:
		return "outside_run"
	case UnknownSite:
		return "unknown_site"
	case NoFigure:
		return "no_figure"
	}
	return fmt.Sprintf("WarningKind(%d)", int(k))
}

// MarshalText writes the kind as String does.
func (k WarningKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind written by MarshalText.
func (k *WarningKind) UnmarshalText(b []byte) error {
	for _, c := range []WarningKind{OutsideRun, UnknownSite, NoFigure} {
		if c.String() == string(b) {
			*k = c
			return nil
		}
	}
	return fmt.Errorf("warning kind %q, want outside_run, unknown_site or no_figure", b)
}

// Warning reports observations that Compute left out of the score.
type Warning struct {
	Kind WarningKind `json:"kind"`
	// File is the file the observations were read from; empty when they
	// were added by hand.
	File string `json:"file,omitempty"`
	// Line is the observation's line in File (for UnknownSite, the site's
	// first line); 0 when they were not read from a file.
	Line int    `json:"line,omitempty"`
	Site string `json:"site"`
	// Date is the observation's date (for UnknownSite, the site's first).
	Date scenarios.Date `json:"date"`
	// Rows is how many observations the warning leaves out: 1 for
	// OutsideRun, all of the site's for UnknownSite.
	Rows int `json:"rows"`
	// Message says what was left out and why, without File and Line.
	Message string `json:"message"`
}

// String returns the warning as "file:line: message".
func (w Warning) String() string {
	switch {
	case w.File != "" && w.Line > 0:
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Message)
	case w.File != "":
		return w.File + ": " + w.Message
	}
	return w.Message
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
	// Warnings are the observations left out of the score (see the
	// package doc), in the order of the sites and then of the dates.
	Warnings  []Warning `json:"warnings,omitempty"`
	dailyARD  []float64
	dailyResc []float64
}

// DailyARD returns ARD(t) for every scored day, from From.
func (s *Score) DailyARD() []float64 { return s.dailyARD }

// strictShown is how many warnings Strict's error lists.
const strictShown = 10

// Strict returns nil when every observation was scored, and otherwise an
// error listing the warnings (the first ten, and how many more).
func (s *Score) Strict() error { return strictError(s.Warnings) }

// Strict returns nil when every observation was scored, and otherwise an
// error listing the warnings (the first ten, and how many more).
func (s *FigureScore) Strict() error { return strictError(s.Warnings) }

// strictError is Strict's error for warnings ws; nil for none.
func strictError(ws []Warning) error {
	if len(ws) == 0 {
		return nil
	}
	lines := make([]string, 0, strictShown+2)
	lines = append(lines, fmt.Sprintf("%d warnings on the observations (strict):", len(ws)))
	for _, w := range ws[:min(len(ws), strictShown)] {
		lines = append(lines, "  "+w.String())
	}
	if n := len(ws) - strictShown; n > 0 {
		lines = append(lines, fmt.Sprintf("  and %d more", n))
	}
	return errors.New(strings.Join(lines, "\n"))
}

// Compute scores sim against obs over sim's days, on the sites both have
// and the observations within sim's period; the others are in the score's
// Warnings.
func Compute(sim *Simulated, obs *Observed) (*Score, error) {
	if sim.Days <= 0 {
		return nil, errors.New("the run has no days")
	}
	runEnd := sim.Start + scenarios.Date(sim.Days-1)
	sc := &Score{}
	var sites []string
	in := map[string][]point{} // each scored site's observations within the run
	for _, s := range obs.Sites() {
		ps := obs.sites[s]
		series, ok := sim.Sites[s]
		if !ok {
			sc.Unmatched = append(sc.Unmatched, s)
			first := slices.MinFunc(ps, func(a, b point) int { return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.date, b.date)) })
			sc.Warnings = append(sc.Warnings, Warning{
				Kind: UnknownSite, File: obs.file, Line: first.line, Site: s, Date: first.date, Rows: len(ps),
				Message: fmt.Sprintf("%s is not a site of the run (a centre id, ISO country code or crossing id): its %d observations are not scored", s, len(ps)),
			})
			continue
		}
		if len(series) < sim.Days {
			return nil, fmt.Errorf("the run's series of %s has %d days, want %d", s, len(series), sim.Days)
		}
		var kept []point
		for _, p := range ps {
			if p.date >= sim.Start && p.date <= runEnd {
				kept = append(kept, p)
				continue
			}
			sc.Warnings = append(sc.Warnings, Warning{
				Kind: OutsideRun, File: obs.file, Line: p.line, Site: s, Date: p.date, Rows: 1,
				Message: fmt.Sprintf("%s on %v is outside the run's period (%v – %v): not scored", s, p.date, sim.Start, runEnd),
			})
		}
		if len(kept) > 0 {
			sites = append(sites, s)
			in[s] = kept
		}
	}
	if len(sites) == 0 {
		if len(sc.Unmatched) == len(obs.sites) {
			return nil, fmt.Errorf("no observed site is in the run (observed: %s)", strings.Join(obs.Sites(), ", "))
		}
		return nil, fmt.Errorf("no observation of the run's sites is within the run's period (%v – %v)", sim.Start, runEnd)
	}
	// The scored days: from the first observation of any scored site to
	// the last, all within the run.
	lo, hi := runEnd, sim.Start
	for _, s := range sites {
		ps := in[s]
		lo, hi = min(lo, ps[0].date), max(hi, ps[len(ps)-1].date)
	}
	sc.From, sc.To, sc.Days = lo.String(), hi.String(), int(hi-lo)+1
	type acc struct {
		sim, obs, simPeak, obsPeak float64
		simDay, obsDay             int
	}
	per := make([]acc, len(sites))
	obsT := make([]float64, len(sites))
	for t := int(lo - sim.Start); t <= int(hi-sim.Start); t++ {
		d := sim.Start + scenarios.Date(t)
		var sumSim, sumObs float64
		for k, s := range sites {
			o := at(in[s], d)
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
