package flee

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/borderflow/borderflow/geo"
)

// Scenario is the content of a Flee scenario directory.
type Scenario struct {
	Dir         string                   // the directory read
	Locations   []Location               // input_csv/locations.csv, in file order
	Routes      []Route                  // input_csv/routes.csv, in file order
	Closures    []Closure                // input_csv/closures.csv, in file order
	Conflicts   *Conflicts               // input_csv/conflicts.csv; nil when absent
	Period      SimPeriod                // input_csv/sim_period.csv
	Corrections []RegistrationCorrection // input_csv/registration_corrections.csv; nil when absent
	Settings    *Settings                // simsetting.yml; nil when absent
	// Observed holds the registration series of each camp listed in
	// source_data/data_layout.csv, in that file's order, without "total".
	Observed []CampSeries
	// Total is the "total" entry of data_layout.csv; nil when there is none.
	Total *CampSeries
	// Refugees is source_data/refugees.csv (total registered refugees); nil
	// when absent.
	Refugees []Observation
	// Warnings are the inputs Read accepted as Flee does but that probably
	// mean something else (a conflicts.csv column naming no location, a
	// data_layout.csv row naming no location), each naming its file and
	// line. Read never fails on a warning.
	Warnings []*Error
}

// Location is one row of locations.csv.
type Location struct {
	Name    string
	Region  string
	Country string // the country's name as Flee writes it (e.g. "Burkina_Faso")
	Lat     float64
	Lon     float64
	Type    string // location_type as written: conflict_zone, town, camp, forwarding_hub, marker, …
	// ConflictDay is the simulation day the conflict starts (conflict_date);
	// −1 when the column is blank.
	ConflictDay int
	// Population is the population column: the number of inhabitants, or for
	// a camp its capacity. 0 when blank.
	Population int
	// Attributes holds the columns after the eighth, keyed by the names in
	// the header row (or "column N" where the header names none).
	Attributes map[string]string
	Line       int // line in locations.csv
}

// IsCamp reports whether the location is a camp, as Flee decides it (its type
// contains "camp", which includes idpcamp).
func (l *Location) IsCamp() bool { return strings.Contains(strings.ToLower(l.Type), "camp") }

// IsConflictZone reports whether the location is a conflict zone, as Flee
// decides it (its type contains "conflict").
func (l *Location) IsConflictZone() bool {
	return strings.Contains(strings.ToLower(l.Type), "conflict")
}

// Capacity returns a camp's capacity (its population column), or 0 for a
// location that is not a camp.
func (l *Location) Capacity() int {
	if l.IsCamp() {
		return l.Population
	}
	return 0
}

// Route is one row of routes.csv: a road link between two locations.
type Route struct {
	From, To string // name1 and name2
	Km       geo.Km // distance
	// ForcedRedirection is the forced_redirection column: 0 for none, 1 or 2
	// for a forced redirection along the link.
	ForcedRedirection int
	// Attributes holds the columns after the fourth, keyed by header name.
	Attributes map[string]string
	Line       int // line in routes.csv
}

// Closure is one row of closures.csv.
type Closure struct {
	Type       string // closure_type: location, country, link, camp, …
	From, To   string // name1 and name2: countries for type "country", locations otherwise
	Start, End int    // closure_start and closure_end, in simulation days
	Line       int    // line in closures.csv
}

// Conflicts is conflicts.csv: the conflict intensity of some locations per
// simulation day.
type Conflicts struct {
	Names []string // the location columns, in file order
	Days  []int    // the day column: 0, 1, 2, …
	// Values[d][j] is the intensity of location Names[j] on day Days[d].
	Values [][]float64
}

// Series returns the intensities of location name, one per day, or nil when
// the file has no column for it.
func (c *Conflicts) Series(name string) []float64 {
	for j, n := range c.Names {
		if n == name {
			s := make([]float64, len(c.Values))
			for d, row := range c.Values {
				s[d] = row[j]
			}
			return s
		}
	}
	return nil
}

// SimPeriod is sim_period.csv.
type SimPeriod struct {
	Start time.Time // StartDate: the date of simulation day 0
	Days  int       // Length: the number of simulated days
}

// RegistrationCorrection is one row of registration_corrections.csv.
type RegistrationCorrection struct {
	Location string    // a location name
	Date     time.Time // the date the correction applies to
	Action   string    // the correction as written (e.g. "normalize")
	Line     int       // line in registration_corrections.csv
}

// Observation is one registration count.
type Observation struct {
	Date  time.Time
	Count int
}

// CampSeries is the observed registration series of one camp (or the total).
type CampSeries struct {
	Name string // the location name as written in data_layout.csv, or "total"
	File string // the file's path
	// Added are the paths of the further files on the data_layout.csv row
	// (e.g. a camp's count of people living outside it), already summed
	// into Obs as Flee sums them (see AddSeries).
	Added []string
	Obs   []Observation // in file order, or merged with Added's
}

// The files of a scenario directory, relative to it.
const (
	LocationsFile   = "input_csv/locations.csv"
	RoutesFile      = "input_csv/routes.csv"
	ClosuresFile    = "input_csv/closures.csv"
	ConflictsFile   = "input_csv/conflicts.csv"
	SimPeriodFile   = "input_csv/sim_period.csv"
	CorrectionsFile = "input_csv/registration_corrections.csv"
	SettingsFile    = "simsetting.yml"
	DataLayoutFile  = "source_data/data_layout.csv"
	RefugeesFile    = "source_data/refugees.csv"
)

// Read reads the Flee scenario in directory dir. It reads every file it
// can and returns every problem found, as Problems (each an *Error naming
// the file and line); the scenario is returned only when there is none.
// Inputs Flee accepts but that look like mistakes are kept in
// Scenario.Warnings.
func Read(dir string) (*Scenario, error) {
	s := &Scenario{Dir: dir}
	path := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	p := &problems{}

	s.Locations = withFile(p, path(LocationsFile), true, parseLocations)
	names := make(map[string]bool, len(s.Locations))
	countries := map[string]bool{}
	for _, l := range p.named {
		names[l.Name] = true
		countries[l.Country] = true
	}
	s.Routes = withFile(p, path(RoutesFile), true, func(f string, r io.Reader, p *problems) []Route {
		return parseRoutes(f, r, names, p)
	})
	s.Closures = withFile(p, path(ClosuresFile), true, func(f string, r io.Reader, p *problems) []Closure {
		return parseClosures(f, r, names, countries, p)
	})
	s.Conflicts = withFile(p, path(ConflictsFile), false, func(f string, r io.Reader, p *problems) *Conflicts {
		return parseConflicts(f, r, names, p)
	})
	s.Period = withFile(p, path(SimPeriodFile), true, parseSimPeriod)
	s.Corrections = withFile(p, path(CorrectionsFile), false, func(f string, r io.Reader, p *problems) []RegistrationCorrection {
		return parseCorrections(f, r, names, p)
	})
	s.Settings = withFile(p, path(SettingsFile), false, func(f string, r io.Reader, p *problems) *Settings {
		set, err := parseSettings(f, r)
		p.add(err)
		return set
	})
	s.readObserved(path(DataLayoutFile), names, p)
	s.Refugees = withFile(p, path(RefugeesFile), false, parseSeries)
	if len(p.errs) == 0 {
		if _, _, err := s.CampSeries(); err != nil {
			p.add(err) // a registration correction that does not fit its series
		}
	}
	s.Warnings = p.warns
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return s, nil
}

// Problems is every problem found in a scenario, in the order found.
type Problems []*Error

// Error returns the problems one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, e := range ps {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.As and errors.Is.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, e := range ps {
		out[i] = e
	}
	return out
}

// problems collects the errors and warnings of a read.
type problems struct {
	errs  Problems
	warns []*Error
	// named holds the name and country of every locations.csv row that has
	// them, valid or not, so that a bad row's name is not also reported
	// as unknown wherever it is used.
	named []Location
}

// add records err (an *Error, Problems, or any other error); nil is ignored.
func (p *problems) add(err error) {
	var ps Problems
	var fe *Error
	switch {
	case err == nil:
	case errors.As(err, &ps):
		p.errs = append(p.errs, ps...)
	case errors.As(err, &fe):
		p.errs = append(p.errs, fe)
	default:
		p.errs = append(p.errs, &Error{Err: err})
	}
}

// warn records a warning at file:line.
func (p *problems) warn(file string, line int, format string, args ...any) {
	p.warns = append(p.warns, &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)})
}

// withFile opens file and parses it. A missing optional file gives the zero
// value and no problem.
func withFile[T any](p *problems, file string, required bool, parse func(string, io.Reader, *problems) T) T {
	var zero T
	f, err := os.Open(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				p.add(&Error{File: file, Err: errors.New("missing (a Flee scenario needs this file)")})
			}
			return zero
		}
		p.add(&Error{File: file, Err: err})
		return zero
	}
	defer f.Close()
	return parse(file, f, p)
}

func (s *Scenario) readObserved(layout string, names map[string]bool, p *problems) {
	type entry struct {
		name  string
		files []string
		line  int
	}
	entries := withFile(p, layout, false, func(file string, r io.Reader, p *problems) []entry {
		recs, err := readCSV(file, r)
		if err != nil {
			p.add(err)
			return nil
		}
		var out []entry
		seen := map[string]int{}
	rows:
		for _, rec := range recs {
			if rec.comment {
				continue
			}
			if len(rec.fields) < 2 || rec.fields[1] == "" {
				p.add(errAt(file, rec.line, "want name,file[,file…]; got %d column(s)", len(rec.fields)))
				continue
			}
			name := rec.fields[0]
			if prev, dup := seen[name]; dup {
				p.add(errAt(file, rec.line, "%q listed twice (also line %d)", name, prev))
				continue
			}
			seen[name] = rec.line
			var files []string
			for _, f := range rec.fields[1:] {
				if f == "" {
					continue // a trailing comma
				}
				if strings.Contains(f, "..") || filepath.IsAbs(f) {
					p.add(errAt(file, rec.line, "file %q must lie inside source_data", f))
					continue rows
				}
				files = append(files, f)
			}
			if name != "total" && !names[name] {
				p.warn(file, rec.line, "%q is not a location of %s: its series counts towards the spawn total, as in Flee, but no camp is compared with it", name, LocationsFile)
			}
			out = append(out, entry{name, files, rec.line})
		}
		return out
	})
	dir := filepath.Dir(layout)
	for _, e := range entries {
		cs := CampSeries{Name: e.name}
		ok := true
		for k, rel := range e.files {
			file := filepath.Join(dir, filepath.FromSlash(rel))
			before := len(p.errs)
			obs := withFile(p, file, false, parseSeries)
			if len(p.errs) > before {
				ok = false
				continue
			}
			if obs == nil {
				p.add(errAt(layout, e.line, "%s: file %s is missing", e.name, file))
				ok = false
				continue
			}
			if k == 0 {
				cs.File, cs.Obs = file, obs
				continue
			}
			cs.Added = append(cs.Added, file)
			if len(cs.Obs) == 0 || len(obs) == 0 {
				p.add(errAt(layout, e.line, "%s: cannot add %s to %s: both need at least one observation (Flee cannot sum an empty series)", e.name, file, cs.File))
				ok = false
				continue
			}
			if ok {
				cs.Obs = AddSeries(cs.Obs, obs)
			}
		}
		if !ok {
			continue
		}
		if e.name == "total" {
			s.Total = &cs
		} else {
			s.Observed = append(s.Observed, cs)
		}
	}
}

// AddSeries returns the sum of series a and b (each in date order) as
// Flee's data tables form it for a data_layout.csv row with further files
// (datamanager AddCSVTables), which is not a sum of the interpolated
// series: walking b's rows, each row of a dated before b's row gets b's
// latest earlier value added; a row of b on a date of a gets that row of
// a added; a row of b dated between two rows of a gets a's next row added.
// The result ends where b ends: rows of a after b's last date are dropped
// (and once a is exhausted its last row is repeated, a harmless duplicate
// for interpolation). Flee's results depend on these choices, so they are
// kept.
func AddSeries(a, b []Observation) []Observation {
	if len(a) == 0 {
		return nil
	}
	var out []Observation
	k := 0
	last := 0 // b's latest value added so far
	for _, ob := range b {
		for ob.Date.After(a[k].Date) {
			out = append(out, Observation{a[k].Date, last + a[k].Count})
			if k == len(a)-1 {
				break
			}
			k++
		}
		switch {
		case ob.Date.Equal(a[k].Date):
			out = append(out, Observation{ob.Date, ob.Count + a[k].Count})
			k = min(k+1, len(a)-1)
			last = ob.Count
		case ob.Date.Before(a[k].Date):
			out = append(out, Observation{ob.Date, ob.Count + a[k].Count})
			last = ob.Count
		}
	}
	return out
}

// Location returns the location named name, or nil.
func (s *Scenario) Location(name string) *Location {
	for i := range s.Locations {
		if s.Locations[i].Name == name {
			return &s.Locations[i]
		}
	}
	return nil
}

// Camps returns the camps among the locations, in file order.
func (s *Scenario) Camps() []*Location {
	var out []*Location
	for i := range s.Locations {
		if s.Locations[i].IsCamp() {
			out = append(out, &s.Locations[i])
		}
	}
	return out
}

// ConflictZones returns the conflict zones among the locations, in file order.
func (s *Scenario) ConflictZones() []*Location {
	var out []*Location
	for i := range s.Locations {
		if s.Locations[i].IsConflictZone() {
			out = append(out, &s.Locations[i])
		}
	}
	return out
}

// headerNames returns the names of columns from index from on of the first
// header row, for attribute keys.
func headerNames(recs []record, from int) func(i int) string {
	var hdr []string
	for _, r := range recs {
		if r.comment {
			hdr = r.fields
			break
		}
	}
	return func(i int) string {
		if i < len(hdr) && hdr[i] != "" && i >= from {
			return hdr[i]
		}
		return fmt.Sprintf("column %d", i+1)
	}
}

func parseLocations(file string, r io.Reader, p *problems) []Location {
	recs, err := readCSV(file, r)
	if err != nil {
		p.add(err)
		return nil
	}
	attrName := headerNames(recs, 8)
	var out []Location
	seen := map[string]int{}
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		if len(rec.fields) >= 3 {
			p.named = append(p.named, Location{Name: rec.fields[0], Country: rec.fields[2]})
		}
		l, err := parseLocation(file, rec, attrName, seen)
		if err != nil {
			p.add(err)
			continue
		}
		out = append(out, l)
	}
	if len(out) == 0 && len(p.errs) == 0 {
		p.add(&Error{File: file, Err: errors.New("no locations")})
	}
	return out
}

func parseLocation(file string, rec record, attrName func(int) string, seen map[string]int) (Location, error) {
	bad := func(format string, args ...any) (Location, error) {
		return Location{}, errAt(file, rec.line, format, args...)
	}
	if len(rec.fields) < 8 {
		return bad("want 8 columns (name,region,country,latitude,longitude,location_type,conflict_date,population), got %d", len(rec.fields))
	}
	l := Location{
		Name: rec.fields[0], Region: rec.fields[1], Country: rec.fields[2],
		Type: rec.fields[5], ConflictDay: -1, Line: rec.line,
	}
	if prev, dup := seen[l.Name]; dup {
		return bad("location %q defined twice (also line %d)", l.Name, prev)
	}
	seen[l.Name] = rec.line
	var err error
	switch {
	case l.Country == "":
		return bad("%s: no country", l.Name)
	case l.Type == "":
		return bad("%s: no location_type", l.Name)
	case rec.fields[3] == "" || rec.fields[4] == "":
		return bad("%s: latitude and longitude are required", l.Name)
	}
	if l.Lat, err = parseFloat(rec.fields[3]); err != nil {
		return bad("%s: latitude: %v", l.Name, err)
	}
	if l.Lon, err = parseFloat(rec.fields[4]); err != nil {
		return bad("%s: longitude: %v", l.Name, err)
	}
	if l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180 {
		return bad("%s: latitude %v, longitude %v out of range", l.Name, l.Lat, l.Lon)
	}
	if cd := rec.fields[6]; cd != "" {
		if l.ConflictDay, err = parseInt(cd); err != nil {
			return bad("%s: conflict_date: %v", l.Name, err)
		}
		if l.ConflictDay < 0 {
			return bad("%s: conflict_date %d is negative", l.Name, l.ConflictDay)
		}
	} else if l.IsConflictZone() {
		return bad("%s: conflict zone without a conflict_date", l.Name)
	}
	if pop := rec.fields[7]; pop != "" {
		if l.Population, err = parseInt(pop); err != nil {
			return bad("%s: population: %v", l.Name, err)
		}
		if l.Population < 0 {
			return bad("%s: negative population %d", l.Name, l.Population)
		}
	}
	if len(rec.fields) > 8 {
		l.Attributes = map[string]string{}
		for i := 8; i < len(rec.fields); i++ {
			l.Attributes[attrName(i)] = rec.fields[i]
		}
	}
	return l, nil
}

func parseRoutes(file string, r io.Reader, names map[string]bool, p *problems) []Route {
	recs, err := readCSV(file, r)
	if err != nil {
		p.add(err)
		return nil
	}
	attrName := headerNames(recs, 4)
	var out []Route
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		rt, err := parseRoute(file, rec, names, attrName)
		if err != nil {
			p.add(err)
			continue
		}
		out = append(out, rt)
	}
	return out
}

func parseRoute(file string, rec record, names map[string]bool, attrName func(int) string) (Route, error) {
	bad := func(format string, args ...any) (Route, error) {
		return Route{}, errAt(file, rec.line, format, args...)
	}
	if len(rec.fields) < 3 {
		return bad("want at least 3 columns (name1,name2,distance[,forced_redirection]), got %d", len(rec.fields))
	}
	rt := Route{From: rec.fields[0], To: rec.fields[1], Line: rec.line}
	for col, n := range [2]string{rt.From, rt.To} {
		if !names[n] {
			return bad("unknown location %q in name%d (not in %s)", n, col+1, LocationsFile)
		}
	}
	km, err := parseFloat(rec.fields[2])
	if err != nil {
		return bad("%s–%s: distance: %v", rt.From, rt.To, err)
	}
	if km < 0 {
		return bad("%s–%s: negative distance %v", rt.From, rt.To, km)
	}
	rt.Km = geo.Km(km)
	if fr := rec.field(3); fr != "" {
		if rt.ForcedRedirection, err = parseInt(fr); err != nil || rt.ForcedRedirection < 0 || rt.ForcedRedirection > 2 {
			return bad("%s–%s: forced_redirection %q (want 0, 1 or 2)", rt.From, rt.To, fr)
		}
	}
	if len(rec.fields) > 4 {
		rt.Attributes = map[string]string{}
		for i := 4; i < len(rec.fields); i++ {
			rt.Attributes[attrName(i)] = rec.fields[i]
		}
	}
	return rt, nil
}

// closureNames returns how many of a closure's names Flee reads for its
// type (flee.py enact_border_closures): one (name1) for location, camp and
// idpcamp closures, two otherwise.
func closureNames(typ string) int {
	switch strings.ToLower(typ) {
	case "location", "camp", "idpcamp":
		return 1
	}
	return 2
}

func parseClosures(file string, r io.Reader, names, countries map[string]bool, p *problems) []Closure {
	recs, err := readCSV(file, r)
	if err != nil {
		p.add(err)
		return nil
	}
	var out []Closure
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		c, err := parseClosure(file, rec, names, countries)
		if err != nil {
			p.add(err)
			continue
		}
		out = append(out, c)
	}
	return out
}

func parseClosure(file string, rec record, names, countries map[string]bool) (Closure, error) {
	bad := func(format string, args ...any) (Closure, error) {
		return Closure{}, errAt(file, rec.line, format, args...)
	}
	if len(rec.fields) < 5 {
		return bad("want 5 columns (closure_type,name1,name2,closure_start,closure_end), got %d", len(rec.fields))
	}
	c := Closure{Type: rec.fields[0], From: rec.fields[1], To: rec.fields[2], Line: rec.line}
	if c.Type == "" {
		return bad("no closure_type")
	}
	for col, n := range []string{c.From, c.To}[:closureNames(c.Type)] {
		if c.Type == "country" {
			if !countries[n] {
				return bad("unknown country %q in name%d (no location of %s lies in it)", n, col+1, LocationsFile)
			}
		} else if !names[n] {
			return bad("unknown location %q in name%d of a %s closure (not in %s)", n, col+1, c.Type, LocationsFile)
		}
	}
	var err error
	if c.Start, err = parseInt(rec.fields[3]); err != nil {
		return bad("closure_start: %v", err)
	}
	if c.End, err = parseInt(rec.fields[4]); err != nil {
		return bad("closure_end: %v", err)
	}
	return c, nil
}

// parseConflicts reads conflicts.csv as Flee's ReadConflictInputCSV does:
// a header column with no name (as after a trailing comma) is skipped with
// its values, and a column naming no location is kept out of the table
// with a warning (Flee logs it when it looks the name up, and goes on).
func parseConflicts(file string, r io.Reader, names map[string]bool, p *problems) *Conflicts {
	recs, err := readCSV(file, r)
	if err != nil {
		p.add(err)
		return nil
	}
	if len(recs) == 0 {
		p.add(&Error{File: file, Err: errors.New("empty: want a header row (#Day, then location names)")})
		return nil
	}
	hdr := recs[0]
	c := &Conflicts{}
	var cols []int // the columns kept, in the order of c.Names
	seen := map[string]int{}
	bad := false
	for j, n := range hdr.fields[1:] {
		switch {
		case n == "":
			continue
		case !names[n]:
			p.warn(file, hdr.line, "column %d: %q is not a location of %s; its values are ignored, as Flee ignores them", j+2, n, LocationsFile)
			continue
		}
		if prev, dup := seen[n]; dup {
			p.add(errAt(file, hdr.line, "columns %d and %d both name %q", prev+2, j+2, n))
			bad = true
			continue
		}
		seen[n] = j
		c.Names = append(c.Names, n)
		cols = append(cols, j+1)
	}
	if len(c.Names) == 0 {
		if !bad {
			p.add(errAt(file, hdr.line, "header has no location columns"))
		}
		return nil
	}
	for _, rec := range recs[1:] {
		row, err := conflictRow(file, rec, len(hdr.fields), len(c.Days), c.Names, cols)
		if err != nil {
			p.add(err)
			bad = true
			continue
		}
		c.Days = append(c.Days, len(c.Days))
		c.Values = append(c.Values, row)
	}
	if bad {
		return nil
	}
	return c
}

func conflictRow(file string, rec record, width, want int, names []string, cols []int) ([]float64, error) {
	bad := func(format string, args ...any) ([]float64, error) {
		return nil, errAt(file, rec.line, format, args...)
	}
	// As in Flee, a row may stop short of the header's trailing unnamed
	// columns (the header's trailing comma), but must give every named one.
	if need := cols[len(cols)-1] + 1; len(rec.fields) < need || len(rec.fields) > width {
		return bad("%d columns, but the header has %d", len(rec.fields), width)
	}
	day, err := parseInt(strings.TrimPrefix(rec.fields[0], "#"))
	if err != nil {
		return bad("day: %v", err)
	}
	if day != want {
		return bad("day %d out of sequence (want %d: days count up from 0)", day, want)
	}
	row := make([]float64, len(names))
	for j, col := range cols {
		v, err := parseFloat(rec.fields[col])
		if err != nil {
			return bad("%s: %v", names[j], err)
		}
		if v < 0 {
			return bad("%s: negative intensity %v", names[j], v)
		}
		row[j] = v
	}
	return row, nil
}

func parseSimPeriod(file string, r io.Reader, p *problems) SimPeriod {
	var sp SimPeriod
	recs, err := readCSV(file, r)
	if err != nil {
		p.add(err)
		return sp
	}
	var haveStart, haveLen bool
	for _, rec := range recs {
		switch rec.fields[0] {
		case "StartDate":
			haveStart = true
			if sp.Start, err = parseDate(rec.field(1)); err != nil {
				p.add(errAt(file, rec.line, "StartDate: %v", err))
			}
		case "Length":
			haveLen = true
			if sp.Days, err = parseInt(rec.field(1)); err != nil {
				p.add(errAt(file, rec.line, "Length: %v", err))
			} else if sp.Days <= 0 {
				p.add(errAt(file, rec.line, "Length %d: want a positive number of days", sp.Days))
			}
		}
	}
	if !haveStart {
		p.add(&Error{File: file, Err: errors.New("no StartDate row")})
	}
	if !haveLen {
		p.add(&Error{File: file, Err: errors.New("no Length row")})
	}
	return sp
}

func parseCorrections(file string, r io.Reader, names map[string]bool, p *problems) []RegistrationCorrection {
	recs, err := readCSV(file, r)
	if err != nil {
		p.add(err)
		return nil
	}
	var out []RegistrationCorrection
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		if len(rec.fields) < 3 {
			p.add(errAt(file, rec.line, "want 3 columns (location,date,correction), got %d", len(rec.fields)))
			continue
		}
		c := RegistrationCorrection{Location: rec.fields[0], Action: rec.fields[2], Line: rec.line}
		if !names[c.Location] {
			p.add(errAt(file, rec.line, "unknown location %q (not in %s)", c.Location, LocationsFile))
			continue
		}
		if c.Date, err = parseDate(rec.fields[1]); err != nil {
			p.add(errAt(file, rec.line, "%v", err))
			continue
		}
		out = append(out, c)
	}
	return out
}

// parseSeries reads a date,count file.
func parseSeries(file string, r io.Reader, p *problems) []Observation {
	recs, err := readCSV(file, r)
	if err != nil {
		p.add(err)
		return nil
	}
	out := []Observation{}
	for k, rec := range recs {
		if rec.comment {
			continue
		}
		if k == 0 && (strings.EqualFold(rec.fields[0], "date") || strings.EqualFold(rec.fields[0], "datetime")) {
			continue // a header row, as Flee allows
		}
		if len(rec.fields) < 2 {
			p.add(errAt(file, rec.line, "want date,count; got %d column(s)", len(rec.fields)))
			continue
		}
		d, err := parseDate(rec.fields[0])
		if err != nil {
			p.add(errAt(file, rec.line, "%v", err))
			continue
		}
		n, err := parseCount(rec.fields[1])
		if err != nil {
			p.add(errAt(file, rec.line, "count: %v", err))
			continue
		}
		if n < 0 {
			p.add(errAt(file, rec.line, "negative count %d", n))
			continue
		}
		out = append(out, Observation{Date: d, Count: n})
	}
	return out
}
