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
	Name string        // the location name as written in data_layout.csv, or "total"
	File string        // the file's path
	Obs  []Observation // in file order
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

// Read reads the Flee scenario in directory dir. It returns the first problem
// found, as an *Error naming the file and line.
func Read(dir string) (*Scenario, error) {
	s := &Scenario{Dir: dir}
	path := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }

	var err error
	if s.Locations, err = withFile(path(LocationsFile), true, parseLocations); err != nil {
		return nil, err
	}
	names := make(map[string]bool, len(s.Locations))
	countries := map[string]bool{}
	for _, l := range s.Locations {
		names[l.Name] = true
		countries[l.Country] = true
	}
	if s.Routes, err = withFile(path(RoutesFile), true, func(f string, r io.Reader) ([]Route, error) {
		return parseRoutes(f, r, names)
	}); err != nil {
		return nil, err
	}
	if s.Closures, err = withFile(path(ClosuresFile), true, func(f string, r io.Reader) ([]Closure, error) {
		return parseClosures(f, r, names, countries)
	}); err != nil {
		return nil, err
	}
	if s.Conflicts, err = withFile(path(ConflictsFile), false, func(f string, r io.Reader) (*Conflicts, error) {
		return parseConflicts(f, r, names)
	}); err != nil {
		return nil, err
	}
	if s.Period, err = withFile(path(SimPeriodFile), true, parseSimPeriod); err != nil {
		return nil, err
	}
	if s.Corrections, err = withFile(path(CorrectionsFile), false, func(f string, r io.Reader) ([]RegistrationCorrection, error) {
		return parseCorrections(f, r, names)
	}); err != nil {
		return nil, err
	}
	if s.Settings, err = withFile(path(SettingsFile), false, parseSettings); err != nil {
		return nil, err
	}
	if err := s.readObserved(path(DataLayoutFile), names); err != nil {
		return nil, err
	}
	if s.Refugees, err = withFile(path(RefugeesFile), false, parseSeries); err != nil {
		return nil, err
	}
	if _, _, err := s.CampSeries(); err != nil {
		return nil, err // a registration correction that does not fit its series
	}
	return s, nil
}

// withFile opens file and parses it. A missing optional file gives the zero
// value and no error.
func withFile[T any](file string, required bool, parse func(string, io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if !required {
				return zero, nil
			}
			return zero, &Error{File: file, Err: errors.New("missing (a Flee scenario needs this file)")}
		}
		return zero, &Error{File: file, Err: err}
	}
	defer f.Close()
	return parse(file, f)
}

func (s *Scenario) readObserved(layout string, names map[string]bool) error {
	type entry struct {
		name, file string
		line       int
	}
	entries, err := withFile(layout, false, func(file string, r io.Reader) ([]entry, error) {
		recs, err := readCSV(file, r)
		if err != nil {
			return nil, err
		}
		var out []entry
		seen := map[string]int{}
		for _, rec := range recs {
			if rec.comment {
				continue
			}
			if len(rec.fields) < 2 || rec.fields[1] == "" {
				return nil, errAt(file, rec.line, "want name,file; got %d column(s)", len(rec.fields))
			}
			name := rec.fields[0]
			if name != "total" && !names[name] {
				return nil, errAt(file, rec.line, "unknown location %q (not in %s)", name, LocationsFile)
			}
			if prev, dup := seen[name]; dup {
				return nil, errAt(file, rec.line, "%q listed twice (also line %d)", name, prev)
			}
			seen[name] = rec.line
			if strings.Contains(rec.fields[1], "..") || filepath.IsAbs(rec.fields[1]) {
				return nil, errAt(file, rec.line, "file %q must lie inside source_data", rec.fields[1])
			}
			out = append(out, entry{name, rec.fields[1], rec.line})
		}
		return out, nil
	})
	if err != nil {
		return err
	}
	dir := filepath.Dir(layout)
	for _, e := range entries {
		file := filepath.Join(dir, filepath.FromSlash(e.file))
		obs, err := withFile(file, false, parseSeries)
		if err != nil {
			return err
		}
		if obs == nil {
			if _, statErr := os.Stat(file); statErr != nil {
				return errAt(layout, e.line, "%s: file %s is missing", e.name, file)
			}
		}
		cs := CampSeries{Name: e.name, File: file, Obs: obs}
		if e.name == "total" {
			s.Total = &cs
		} else {
			s.Observed = append(s.Observed, cs)
		}
	}
	return nil
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

func parseLocations(file string, r io.Reader) ([]Location, error) {
	recs, err := readCSV(file, r)
	if err != nil {
		return nil, err
	}
	attrName := headerNames(recs, 8)
	var out []Location
	seen := map[string]int{}
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		bad := func(format string, args ...any) error { return errAt(file, rec.line, format, args...) }
		if len(rec.fields) < 8 {
			return nil, bad("want 8 columns (name,region,country,latitude,longitude,location_type,conflict_date,population), got %d", len(rec.fields))
		}
		l := Location{
			Name: rec.fields[0], Region: rec.fields[1], Country: rec.fields[2],
			Type: rec.fields[5], ConflictDay: -1, Line: rec.line,
		}
		if prev, dup := seen[l.Name]; dup {
			return nil, bad("location %q defined twice (also line %d)", l.Name, prev)
		}
		seen[l.Name] = rec.line
		if l.Country == "" {
			return nil, bad("%s: no country", l.Name)
		}
		if l.Type == "" {
			return nil, bad("%s: no location_type", l.Name)
		}
		if rec.fields[3] == "" || rec.fields[4] == "" {
			return nil, bad("%s: latitude and longitude are required", l.Name)
		}
		if l.Lat, err = parseFloat(rec.fields[3]); err != nil {
			return nil, bad("%s: latitude: %v", l.Name, err)
		}
		if l.Lon, err = parseFloat(rec.fields[4]); err != nil {
			return nil, bad("%s: longitude: %v", l.Name, err)
		}
		if l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180 {
			return nil, bad("%s: latitude %v, longitude %v out of range", l.Name, l.Lat, l.Lon)
		}
		if cd := rec.fields[6]; cd != "" {
			if l.ConflictDay, err = parseInt(cd); err != nil {
				return nil, bad("%s: conflict_date: %v", l.Name, err)
			}
			if l.ConflictDay < 0 {
				return nil, bad("%s: conflict_date %d is negative", l.Name, l.ConflictDay)
			}
		} else if l.IsConflictZone() {
			return nil, bad("%s: conflict zone without a conflict_date", l.Name)
		}
		if p := rec.fields[7]; p != "" {
			if l.Population, err = parseInt(p); err != nil {
				return nil, bad("%s: population: %v", l.Name, err)
			}
			if l.Population < 0 {
				return nil, bad("%s: negative population %d", l.Name, l.Population)
			}
		}
		if len(rec.fields) > 8 {
			l.Attributes = map[string]string{}
			for i := 8; i < len(rec.fields); i++ {
				l.Attributes[attrName(i)] = rec.fields[i]
			}
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, &Error{File: file, Err: errors.New("no locations")}
	}
	return out, nil
}

func parseRoutes(file string, r io.Reader, names map[string]bool) ([]Route, error) {
	recs, err := readCSV(file, r)
	if err != nil {
		return nil, err
	}
	attrName := headerNames(recs, 4)
	var out []Route
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		bad := func(format string, args ...any) error { return errAt(file, rec.line, format, args...) }
		if len(rec.fields) < 3 {
			return nil, bad("want at least 3 columns (name1,name2,distance[,forced_redirection]), got %d", len(rec.fields))
		}
		rt := Route{From: rec.fields[0], To: rec.fields[1], Line: rec.line}
		for col, n := range [2]string{rt.From, rt.To} {
			if !names[n] {
				return nil, bad("unknown location %q in name%d (not in %s)", n, col+1, LocationsFile)
			}
		}
		km, err := parseFloat(rec.fields[2])
		if err != nil {
			return nil, bad("%s–%s: distance: %v", rt.From, rt.To, err)
		}
		if km < 0 {
			return nil, bad("%s–%s: negative distance %v", rt.From, rt.To, km)
		}
		rt.Km = geo.Km(km)
		if fr := rec.field(3); fr != "" {
			if rt.ForcedRedirection, err = parseInt(fr); err != nil || rt.ForcedRedirection < 0 || rt.ForcedRedirection > 2 {
				return nil, bad("%s–%s: forced_redirection %q (want 0, 1 or 2)", rt.From, rt.To, fr)
			}
		}
		if len(rec.fields) > 4 {
			rt.Attributes = map[string]string{}
			for i := 4; i < len(rec.fields); i++ {
				rt.Attributes[attrName(i)] = rec.fields[i]
			}
		}
		out = append(out, rt)
	}
	return out, nil
}

func parseClosures(file string, r io.Reader, names, countries map[string]bool) ([]Closure, error) {
	recs, err := readCSV(file, r)
	if err != nil {
		return nil, err
	}
	var out []Closure
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		bad := func(format string, args ...any) error { return errAt(file, rec.line, format, args...) }
		if len(rec.fields) < 5 {
			return nil, bad("want 5 columns (closure_type,name1,name2,closure_start,closure_end), got %d", len(rec.fields))
		}
		c := Closure{Type: rec.fields[0], From: rec.fields[1], To: rec.fields[2], Line: rec.line}
		if c.Type == "" {
			return nil, bad("no closure_type")
		}
		for col, n := range [2]string{c.From, c.To} {
			if c.Type == "country" {
				if !countries[n] {
					return nil, bad("unknown country %q in name%d (no location of %s lies in it)", n, col+1, LocationsFile)
				}
			} else if !names[n] {
				return nil, bad("unknown location %q in name%d of a %s closure (not in %s)", n, col+1, c.Type, LocationsFile)
			}
		}
		if c.Start, err = parseInt(rec.fields[3]); err != nil {
			return nil, bad("closure_start: %v", err)
		}
		if c.End, err = parseInt(rec.fields[4]); err != nil {
			return nil, bad("closure_end: %v", err)
		}
		out = append(out, c)
	}
	return out, nil
}

func parseConflicts(file string, r io.Reader, names map[string]bool) (*Conflicts, error) {
	recs, err := readCSV(file, r)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, &Error{File: file, Err: errors.New("empty: want a header row (#Day, then location names)")}
	}
	hdr := recs[0]
	if len(hdr.fields) < 2 {
		return nil, errAt(file, hdr.line, "header has no location columns")
	}
	c := &Conflicts{Names: hdr.fields[1:]}
	seen := map[string]int{}
	for j, n := range c.Names {
		switch {
		case n == "":
			return nil, errAt(file, hdr.line, "column %d has no name", j+2)
		case !names[n]:
			return nil, errAt(file, hdr.line, "column %d: unknown location %q (not in %s)", j+2, n, LocationsFile)
		}
		if prev, dup := seen[n]; dup {
			return nil, errAt(file, hdr.line, "columns %d and %d both name %q", prev+2, j+2, n)
		}
		seen[n] = j
	}
	for _, rec := range recs[1:] {
		bad := func(format string, args ...any) error { return errAt(file, rec.line, format, args...) }
		if len(rec.fields) != len(hdr.fields) {
			return nil, bad("%d columns, but the header has %d", len(rec.fields), len(hdr.fields))
		}
		day, err := parseInt(strings.TrimPrefix(rec.fields[0], "#"))
		if err != nil {
			return nil, bad("day: %v", err)
		}
		if want := len(c.Days); day != want {
			return nil, bad("day %d out of sequence (want %d: days count up from 0)", day, want)
		}
		row := make([]float64, len(c.Names))
		for j := range row {
			v, err := parseFloat(rec.fields[j+1])
			if err != nil {
				return nil, bad("%s: %v", c.Names[j], err)
			}
			if v < 0 {
				return nil, bad("%s: negative intensity %v", c.Names[j], v)
			}
			row[j] = v
		}
		c.Days = append(c.Days, day)
		c.Values = append(c.Values, row)
	}
	return c, nil
}

func parseSimPeriod(file string, r io.Reader) (SimPeriod, error) {
	var p SimPeriod
	recs, err := readCSV(file, r)
	if err != nil {
		return p, err
	}
	var haveStart, haveLen bool
	for _, rec := range recs {
		switch rec.fields[0] {
		case "StartDate":
			if p.Start, err = parseDate(rec.field(1)); err != nil {
				return p, errAt(file, rec.line, "StartDate: %v", err)
			}
			haveStart = true
		case "Length":
			if p.Days, err = parseInt(rec.field(1)); err != nil {
				return p, errAt(file, rec.line, "Length: %v", err)
			}
			if p.Days <= 0 {
				return p, errAt(file, rec.line, "Length %d: want a positive number of days", p.Days)
			}
			haveLen = true
		}
	}
	if !haveStart {
		return p, &Error{File: file, Err: errors.New("no StartDate row")}
	}
	if !haveLen {
		return p, &Error{File: file, Err: errors.New("no Length row")}
	}
	return p, nil
}

func parseCorrections(file string, r io.Reader, names map[string]bool) ([]RegistrationCorrection, error) {
	recs, err := readCSV(file, r)
	if err != nil {
		return nil, err
	}
	var out []RegistrationCorrection
	for _, rec := range recs {
		if rec.comment {
			continue
		}
		if len(rec.fields) < 3 {
			return nil, errAt(file, rec.line, "want 3 columns (location,date,correction), got %d", len(rec.fields))
		}
		c := RegistrationCorrection{Location: rec.fields[0], Action: rec.fields[2], Line: rec.line}
		if !names[c.Location] {
			return nil, errAt(file, rec.line, "unknown location %q (not in %s)", c.Location, LocationsFile)
		}
		if c.Date, err = parseDate(rec.fields[1]); err != nil {
			return nil, errAt(file, rec.line, "%v", err)
		}
		out = append(out, c)
	}
	return out, nil
}

// parseSeries reads a date,count file.
func parseSeries(file string, r io.Reader) ([]Observation, error) {
	recs, err := readCSV(file, r)
	if err != nil {
		return nil, err
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
			return nil, errAt(file, rec.line, "want date,count; got %d column(s)", len(rec.fields))
		}
		d, err := parseDate(rec.fields[0])
		if err != nil {
			return nil, errAt(file, rec.line, "%v", err)
		}
		n, err := parseCount(rec.fields[1])
		if err != nil {
			return nil, errAt(file, rec.line, "count: %v", err)
		}
		if n < 0 {
			return nil, errAt(file, rec.line, "negative count %d", n)
		}
		out = append(out, Observation{Date: d, Count: n})
	}
	return out, nil
}
