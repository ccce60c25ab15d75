package scenarios

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/internal/yamlguard"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// maxDays is the longest period accepted (about 30 years).
const maxDays = 11000

// Bounds on counts, far above any real flow (the 2015 peak was about 10,000
// people a day on the whole route) and far below where the engine's int64
// tallies could overflow.
const (
	maxPerDay = 1e9  // people arriving in a day; places or passes a day at a crossing or centre
	maxTotal  = 1e12 // people a stream brings over the whole period
)

// LoadFile reads, checks and resolves a scenario file. Paths in it (network,
// CSV arrivals, wall files) are relative to the file's folder. Every problem
// found is reported, as an ErrorList of file:line:column messages.
func LoadFile(path string) (*Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Load(data, path, filepath.Dir(path))
}

// LoadFileWithNetwork is LoadFile against net, named netName, instead of
// the network the file names (see LoadWithNetwork).
func LoadFileWithNetwork(path string, net *geo.Network, netName string) (*Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return LoadWithNetwork(data, path, filepath.Dir(path), net, netName)
}

// readFile reads a scenario file, at most one byte past the size a
// scenario may have (Load refuses a longer one by name).
func readFile(path string) ([]byte, error) { return yamlguard.ReadFile(path, yamlguard.Default) }

// Load checks and resolves a scenario from the bytes of a file; name is
// used in messages and dir is where relative paths in it start.
func Load(data []byte, name, dir string) (*Scenario, error) {
	return load(data, name, dir, nil, "")
}

// LoadWithNetwork is Load against net, named netName in the scenario
// (westernbalkans or the network file's path), instead of the network the
// file names: borderflow's --network flag.
func LoadWithNetwork(data []byte, name, dir string, net *geo.Network, netName string) (*Scenario, error) {
	if net == nil {
		return nil, fmt.Errorf("%s: no network given", name)
	}
	return load(data, name, dir, net, netName)
}

func load(data []byte, name, dir string, net *geo.Network, netName string) (*Scenario, error) {
	whole := func(format string, args ...any) error {
		return ErrorList{{File: name, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(data) > yamlguard.Default.MaxBytes {
		return nil, guard(data, name)
	}
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, whole("empty file (want a scenario: name, period, arrivals, destinations, …)")
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		return nil, whole("not a text file (binary data); want a YAML scenario")
	}
	f, err := Parse(data, name)
	if err != nil {
		return nil, err
	}
	c := &collector{file: name, pos: newPositions(data)}
	s := resolve(f, c, dir, net, netName)
	if err := c.err(); err != nil {
		return nil, err
	}
	s.Source = name
	s.YAML = data
	return s, nil
}

// Parse decodes a scenario file strictly, without checking it against a
// network or resolving it: for tools that only show what a file says.
func Parse(data []byte, name string) (*File, error) {
	if err := guard(data, name); err != nil {
		return nil, err
	}
	if err := rejectTags(data, name); err != nil {
		return nil, err
	}
	var f File
	if err := decodeStrict(data, &f); err != nil {
		return nil, yamlError(name, err)
	}
	if err := rejectFractions(data, name); err != nil {
		return nil, err
	}
	return &f, nil
}

// rejectFractions refuses a number with a fraction or an exponent where
// the format wants a whole one (rest_days: 1.5, seed: 3.9): the decoder
// truncates such a number into the field without a word. It reads the
// token stream: a number token right after a key whose every field in the
// format is a whole number.
func rejectFractions(data []byte, name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = nil // rejectTags has tokenised this input already
		}
	}()
	whole := wholeKeys()
	tokens := lexer.Tokenize(string(data))
	for i := 2; i < len(tokens); i++ {
		tk, colon, key := tokens[i], tokens[i-1], tokens[i-2]
		if tk.Type != token.FloatType || colon.Type != token.MappingValueType || !whole[key.Value] || tk.Position == nil {
			continue
		}
		return ErrorList{{File: name, Line: tk.Position.Line, Column: tk.Position.Column, Msg: fmt.Sprintf("%s is %s, want a whole number", key.Value, tk.Value)}}
	}
	return nil
}

// wholeKeys is the set of the format's keys whose fields are all whole
// numbers (a key that is a whole number in one place and a fraction in
// another is left out).
var wholeKeys = sync.OnceValue(func() map[string]bool {
	kinds := map[string]map[bool]bool{}
	var walk func(t reflect.Type)
	seen := map[reflect.Type]bool{}
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			k, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if k == "" {
				continue
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			isWhole := ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Uint64
			if kinds[k] == nil {
				kinds[k] = map[bool]bool{}
			}
			kinds[k][isWhole] = true
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[File]())
	out := map[string]bool{}
	for k, v := range kinds {
		if v[true] && !v[false] {
			out[k] = true
		}
	}
	return out
})

// guard refuses, before any decoding, a file too large, nested too deep or
// with too many nodes or aliases for the format (see yamlguard.Default).
func guard(data []byte, name string) error {
	err := yamlguard.Check(data, yamlguard.Default)
	var ge *yamlguard.Error
	if !errors.As(err, &ge) {
		return nil
	}
	msg := ge.Msg
	if ge.Line == 0 {
		msg += "; a scenario file is text of a few kilobytes (large arrival series belong in a CSV file)"
	}
	return ErrorList{{File: name, Line: ge.Line, Column: ge.Column, Msg: msg}}
}

// rejectTags refuses YAML tags (!name): the format has no use for them, and
// go-yaml can panic on an unknown tag where it expects a list
// (goccy/go-yaml issue 735). It reads the token stream, which needs no
// parse.
func rejectTags(data []byte, name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = ErrorList{{File: name, Msg: fmt.Sprintf("not valid YAML (the tokenizer failed: %v)", r)}}
		}
	}()
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk.Type == token.TagType && tk.Position != nil {
			return ErrorList{{File: name, Line: tk.Position.Line, Column: tk.Position.Column, Msg: fmt.Sprintf("YAML tag %q: scenario files use no tags", tk.Value)}}
		}
	}
	return nil
}

// decodeStrict decodes with unknown and duplicate keys as errors. A panic
// inside the decoder (a bug there, on input it should reject) becomes an
// error rather than a crash.
func decodeStrict(data []byte, f *File) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the YAML decoder failed on this input (%v); check the file's structure", r)
		}
	}()
	return yaml.UnmarshalWithOptions(data, f, yaml.Strict())
}

// yamlError turns a go-yaml error into file:line:column form, suggesting
// the closest key for an unknown one.
func yamlError(name string, err error) error {
	var ye yaml.Error
	if !errors.As(err, &ye) || ye.GetToken() == nil || ye.GetToken().Position == nil {
		return ErrorList{{File: name, Msg: strings.TrimSpace(err.Error())}}
	}
	pos := ye.GetToken().Position
	msg := ye.GetMessage()
	var te *yaml.TypeError
	if errors.As(err, &te) {
		key := ""
		if te.StructFieldName != nil {
			_, field, _ := strings.Cut(*te.StructFieldName, ".")
			key = formatFields()[field]
		}
		msg = fmt.Sprintf("%s is %q, want %s", cmp.Or(key, "value"), ye.GetToken().Value, kindName(te.DstType))
	}
	var uf *yaml.UnknownFieldError
	if errors.As(err, &uf) {
		key := ye.GetToken().Value
		msg = fmt.Sprintf("unknown key %q", key)
		if s := geo.Suggest(key, formatKeys(), 1); len(s) > 0 {
			msg += fmt.Sprintf("; did you mean %q?", s[0])
		}
	}
	return ErrorList{{File: name, Line: pos.Line, Column: pos.Column, Msg: msg}}
}

// formatFields maps the Go names of the format's fields to their keys, by
// walking File and the types of its fields.
var formatFields = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			k, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if _, seen := m[f.Name]; !seen && k != "" {
				m[f.Name] = k
				walk(f.Type)
			}
		}
	}
	walk(reflect.TypeFor[File]())
	return m
})

// formatKeys lists every key of the scenario format, sorted, for suggestions.
var formatKeys = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var keys []string
	for _, k := range formatFields() {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
})

// kindName says in words what a Go type of the format expects.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint32, reflect.Uint64:
		return "a whole number, 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping of keys to values"
	case reflect.Pointer:
		return kindName(t.Elem())
	}
	return t.String()
}

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// resolver carries what resolving one scenario needs.
type resolver struct {
	f   *File
	c   *collector
	dir string
	s   *Scenario
	net *geo.Network
}

func resolve(f *File, c *collector, dir string, net *geo.Network, netName string) *Scenario {
	r := &resolver{f: f, c: c, dir: dir, s: &Scenario{File: *f, Name: f.Name, Description: f.Description, Seed: f.Seed}}
	r.net, r.s.Network, r.s.NetworkName = net, net, netName
	root := path{}
	switch {
	case f.Name == "":
		c.add(root, "no name (want e.g. name: balkan-route-2015)")
	case !namePattern.MatchString(f.Name):
		c.add(root.key("name"), "name %q: use lower-case letters, digits and '-'", f.Name)
	}
	r.period()
	r.network()
	r.params()
	if r.net == nil || r.s.End < r.s.Start {
		return r.s
	}
	r.arrivals()
	dests := r.destinations(f.Destinations, root.key("destinations"))
	r.groups()
	r.timeline(dests)
	if r.s.Timeline != nil {
		r.initial()
	}
	return r.s
}

func (r *resolver) date(s string, p path, what string) (Date, bool) {
	if s == "" {
		r.c.add(p, "no %s (want YYYY-MM-DD)", what)
		return 0, false
	}
	d, err := ParseDate(s)
	if err != nil {
		r.c.add(p, "%s: %v", what, err)
		return 0, false
	}
	return d, true
}

func (r *resolver) period() {
	p := path{"period"}
	start, ok1 := r.date(r.f.Period.Start, p.key("start"), "period start")
	end, ok2 := r.date(r.f.Period.End, p.key("end"), "period end")
	if !ok1 || !ok2 {
		r.s.Start, r.s.End = 1, 0
		return
	}
	switch {
	case end < start:
		r.c.add(p.key("end"), "period ends (%v) before it starts (%v)", end, start)
	case int(end-start) >= maxDays:
		r.c.add(p.key("end"), "period of %d days is longer than %d", end-start+1, maxDays)
		end = start - 1
	}
	r.s.Start, r.s.End = start, end
}

// inPeriod checks that d lies in the period.
func (r *resolver) inPeriod(d Date, p path, what string) bool {
	if d < r.s.Start || d > r.s.End {
		r.c.add(p, "%s %v is outside the period %v – %v", what, d, r.s.Start, r.s.End)
		return false
	}
	return true
}

func (r *resolver) network() {
	if r.net != nil {
		return
	}
	name := r.f.Network
	r.s.NetworkName = cmp.Or(name, westernbalkans.Name)
	var err error
	if name == "" || name == westernbalkans.Name {
		r.net, err = westernbalkans.Network()
	} else {
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(r.dir, p)
		}
		r.s.NetworkName = p
		if abs, err := filepath.Abs(p); err == nil {
			r.s.NetworkName = abs
		}
		r.net, err = geo.ReadFile(p)
	}
	if err != nil {
		r.c.add(path{"network"}, "network %q: %v", name, err)
		r.net = nil
		return
	}
	r.s.Network = r.net
}

func (r *resolver) params() {
	p := r.f.Params
	m := defaultParams
	pp := path{"params"}
	if v := p.WalkKmPerDay; v != nil {
		if !(*v > 0) || math.IsInf(*v, 0) {
			r.c.add(pp.key("walk_km_per_day"), "walk_km_per_day is %v, want a positive number", *v)
		}
		m.WalkKmPerDay = *v
	}
	if v := p.TransportKmPerDay; v != nil {
		if !(*v > 0) || math.IsInf(*v, 0) {
			r.c.add(pp.key("transport_km_per_day"), "transport_km_per_day is %v, want a positive number", *v)
		}
		m.TransportKmPerDay = *v
	}
	if v := p.InfoDelayDays; v != nil {
		if *v < 0 {
			r.c.add(pp.key("info_delay_days"), "info_delay_days is %d, want 0 or more", *v)
		}
		m.InfoDelayDays = *v
	}
	if v := p.RestDays; v != nil {
		if *v < 0 {
			r.c.add(pp.key("rest_days"), "rest_days is %d, want 0 or more", *v)
		}
		m.RestDays = *v
	}
	if v := p.SchengenCapacityPerDay; v != nil {
		r.checkCapacity(*v, pp.key("schengen_capacity_per_day"), "schengen_capacity_per_day")
		m.SchengenCapacityPerDay = *v
	}
	if v := p.SchengenRefusal; v != nil {
		if !(*v >= 0 && *v <= 1) {
			r.c.add(pp.key("schengen_refusal"), "schengen_refusal is %v, want a probability between 0 and 1", *v)
		}
		m.SchengenRefusal = *v
	}
	if v := p.RegistrationScale; v != nil {
		if !(*v > 0) || *v > 1e6 {
			r.c.add(pp.key("registration_scale"), "registration_scale is %v, want a positive factor (at most 1e6)", *v)
		}
		m.RegistrationScale = *v
	}
	r.s.Params = m
}

// node resolves a node id (or name), reporting unknown ones with suggestions.
func (r *resolver) node(q string, p path, what string) (geo.NodeID, bool) {
	if q == "" {
		r.c.add(p, "no %s id", what)
		return geo.None, false
	}
	v, err := r.net.Lookup(q)
	if err != nil {
		r.c.add(p, "%s: %v", what, err)
		return geo.None, false
	}
	return v, true
}

func (r *resolver) crossing(q string, p path) (geo.CrossingID, bool) {
	c, err := r.net.LookupCrossing(q)
	if err != nil {
		r.c.add(p, "%v", err)
		return geo.None, false
	}
	return c, true
}

func (r *resolver) centre(q string, p path) (geo.NodeID, bool) {
	v, ok := r.node(q, p, "centre")
	if !ok {
		return v, false
	}
	if r.net.Node(v).Kind != geo.Centre {
		var names []string
		for _, c := range r.net.Centres() {
			names = append(names, r.net.Node(c).ID)
		}
		msg := fmt.Sprintf("%q is a %v, not a centre", q, r.net.Node(v).Kind)
		if s := geo.Suggest(q, names, 3); len(s) > 0 {
			msg += fmt.Sprintf("; centres with a similar id: %s", strings.Join(s, ", "))
		}
		r.c.add(p, "%s", msg)
		return geo.None, false
	}
	return v, true
}

func (r *resolver) country(q string, p path) bool {
	if slices.Contains(r.net.Countries(), q) {
		return true
	}
	msg := fmt.Sprintf("unknown country %q", q)
	if s := geo.Suggest(q, r.net.Countries(), 3); len(s) > 0 {
		msg += fmt.Sprintf("; did you mean %s?", strings.Join(s, " or "))
	} else {
		msg += fmt.Sprintf(" (the network has %s)", strings.Join(r.net.Countries(), " "))
	}
	r.c.add(p, "%s", msg)
	return false
}

// border resolves a pair of countries to the crossings between them.
func (r *resolver) border(between []string, p path) ([]geo.CrossingID, bool) {
	if len(between) != 2 {
		r.c.add(p, "between has %d countries, want 2 (e.g. [HUN, SRB])", len(between))
		return nil, false
	}
	ok := r.country(between[0], p.idx(0))
	ok = r.country(between[1], p.idx(1)) && ok
	if !ok {
		return nil, false
	}
	cs := r.net.CrossingsBetween(between[0], between[1])
	if len(cs) == 0 {
		r.c.add(p, "no crossings between %s and %s in the network", between[0], between[1])
		return nil, false
	}
	return cs, true
}

// checkCount checks a count of people written in the file: a number, 0 or
// more and at most limit (what the count covers, a day or a month, is per).
func (r *resolver) checkCount(v float64, p path, limit float64, per string) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
		r.c.add(p, "count %v: want a number of people, 0 or more", v)
		return false
	case v > limit:
		r.c.add(p, "count %g is more than %g people a %s, the most a scenario may give", v, limit, per)
		return false
	}
	return true
}

// checkCapacity checks a capacity (places, or people a day): 0 or more and
// at most maxPerDay.
func (r *resolver) checkCapacity(v int, p path, what string) bool {
	switch {
	case v < 0:
		r.c.add(p, "%s is %d, want 0 or more", what, v)
		return false
	case v > maxPerDay:
		r.c.add(p, "%s is %d, more than %g, the most a scenario may give", what, v, float64(maxPerDay))
		return false
	}
	return true
}

// checkStreams checks each stream's counts once every arrivals_change is
// applied: at most maxPerDay people on any day and maxTotal over the period.
func (r *resolver) checkStreams() {
	for i, st := range r.s.Streams {
		p := path{"arrivals", i}
		var total float64
		for d, v := range st.Daily {
			if v > maxPerDay {
				r.c.add(p, "stream %q brings %.4g people on %v, more than %g a day, the most a scenario may give", st.Name, v, r.s.Start+Date(d), float64(maxPerDay))
				break
			}
			total += v
		}
		if total > maxTotal {
			r.c.add(p, "stream %q brings %.4g people over the period, more than %g, the most a scenario may give", st.Name, total, float64(maxTotal))
		}
	}
}

// counts turns daily or monthly maps (or a CSV file) into people per day of
// the period.
func (r *resolver) counts(daily, monthly map[string]float64, csvPath string, profile []float64, p path) ([]float64, bool) {
	n := 0
	for _, set := range []bool{daily != nil, monthly != nil, csvPath != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		r.c.add(p, "give exactly one of daily, monthly and csv (found %d)", n)
		return nil, false
	}
	out := make([]float64, r.s.Days())
	ok := true
	if csvPath != "" {
		if daily, ok = r.readCSV(csvPath, p.key("csv")); !ok {
			return nil, false
		}
		p = p.key("csv")
	}
	for _, k := range sortedKeys(daily) {
		kp := p.key("daily").key(k)
		if csvPath != "" {
			kp = p
		}
		d, err := ParseDate(k)
		if err != nil {
			r.c.add(kp.keyItself(), "%v", err)
			ok = false
			continue
		}
		if !r.checkCount(daily[k], kp, maxPerDay, "day") || !r.inPeriod(d, kp.keyItself(), "date") {
			ok = false
			continue
		}
		out[d-r.s.Start] += daily[k]
	}
	if len(profile) > 31 {
		r.c.add(p.key("profile"), "profile has %d values, want at most 31 (one per day of the month)", len(profile))
		ok = false
	}
	for i, w := range profile {
		if !(w >= 0) || math.IsInf(w, 0) {
			r.c.add(p.key("profile").idx(i), "profile weight %v, want 0 or more", w)
			ok = false
		}
	}
	for _, k := range sortedKeys(monthly) {
		kp := p.key("monthly").key(k)
		m, err := parseMonth(k)
		if err != nil {
			r.c.add(kp.keyItself(), "%v", err)
			ok = false
			continue
		}
		first, days := m.First(), m.Days()
		if !r.checkCount(monthly[k], kp, maxPerDay*float64(days), "month") {
			ok = false
			continue
		}
		if first+Date(days) <= r.s.Start || first > r.s.End {
			r.c.add(kp.keyItself(), "month %v is outside the period %v – %v", m, r.s.Start, r.s.End)
			ok = false
			continue
		}
		weights := make([]float64, days)
		var sum float64
		for i := range weights {
			weights[i] = 1
			if len(profile) > 0 {
				weights[i] = 0
				if i < len(profile) {
					weights[i] = profile[i]
				}
			}
			sum += weights[i]
		}
		if sum == 0 {
			r.c.add(p.key("profile"), "profile gives month %v no weight", m)
			ok = false
			continue
		}
		for i, w := range weights {
			if d := first + Date(i); d >= r.s.Start && d <= r.s.End {
				out[d-r.s.Start] += monthly[k] * w / sum
			}
		}
	}
	return out, ok
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readCSV reads a date,count file into a daily map.
func (r *resolver) readCSV(name string, p path) (map[string]float64, bool) {
	full := name
	if !filepath.IsAbs(full) {
		full = filepath.Join(r.dir, name)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		r.c.add(p, "csv: %v", err)
		return nil, false
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = 2
	out := map[string]float64{}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.c.add(p, "%s: %v", name, err)
			return nil, false
		}
		if line == 1 && strings.TrimSpace(rec[0]) == "date" {
			continue
		}
		d, err := ParseDate(strings.TrimSpace(rec[0]))
		if err != nil {
			r.c.add(p, "%s:%d: %v", name, line, err)
			return nil, false
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			r.c.add(p, "%s:%d: count %q, want a number of people, 0 or more", name, line, rec[1])
			return nil, false
		}
		if v > maxPerDay {
			r.c.add(p, "%s:%d: count %g is more than %g people a day, the most a scenario may give", name, line, v, float64(maxPerDay))
			return nil, false
		}
		out[d.String()] += v
	}
	return out, true
}

func (r *resolver) arrivals() {
	ap := path{"arrivals"}
	if len(r.f.Arrivals) == 0 {
		r.c.add(path{}, "no arrivals (want at least one stream: entry and daily, monthly or csv counts)")
	}
	names := map[string]int{}
	for i, a := range r.f.Arrivals {
		p := ap.idx(i)
		st := Stream{Name: a.Name}
		switch {
		case a.Entry != "" && a.Entries != nil:
			r.c.add(p, "give entry or entries, not both")
		case a.Entry != "":
			if v, ok := r.node(a.Entry, p.key("entry"), "entry"); ok {
				st.Entries = []EntryShare{{v, 1}}
			}
			st.Name = cmp.Or(st.Name, a.Entry)
		case a.Entries != nil:
			var sum float64
			for _, k := range sortedKeys(a.Entries) {
				if v, ok := r.node(k, p.key("entries").key(k).keyItself(), "entry"); ok {
					st.Entries = append(st.Entries, EntryShare{v, a.Entries[k]})
				}
				if sh := a.Entries[k]; !(sh > 0 && sh <= 1) {
					r.c.add(p.key("entries").key(k), "share %v, want more than 0 and at most 1", sh)
				}
				sum += a.Entries[k]
			}
			if math.Abs(sum-1) > 1e-6 {
				r.c.add(p.key("entries"), "entry shares sum to %v, want 1", round6(sum))
			}
		default:
			r.c.add(p, "no entry (want entry: ID, or entries: {ID: share, …})")
		}
		if st.Name == "" {
			r.c.add(p, "a stream with several entries needs a name")
		} else if prev, dup := names[st.Name]; dup {
			r.c.add(p.key("name"), "stream name %q is used twice (also arrivals[%d])", st.Name, prev)
		}
		names[st.Name] = i
		st.Daily, _ = r.counts(a.Daily, a.Monthly, a.CSV, a.Profile, p)
		r.s.Streams = append(r.s.Streams, st)
	}
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func (r *resolver) destinations(ds []Destination, p path) []ExitShare {
	if len(ds) == 0 {
		r.c.add(p, "no destinations (want a list of exit: ID, share: S)")
		return nil
	}
	var out []ExitShare
	var sum float64
	seen := map[geo.NodeID]bool{}
	for i, d := range ds {
		v, ok := r.node(d.Exit, p.idx(i).key("exit"), "exit")
		if ok && r.net.Node(v).Kind != geo.Exit {
			var exits []string
			for _, x := range r.net.Exits() {
				exits = append(exits, r.net.Node(x).ID)
			}
			r.c.add(p.idx(i).key("exit"), "%q is a %v, not an exit (exits: %s)", d.Exit, r.net.Node(v).Kind, strings.Join(exits, ", "))
			ok = false
		}
		if ok && seen[v] {
			r.c.add(p.idx(i).key("exit"), "exit %q is listed twice", d.Exit)
		}
		if !(d.Share >= 0 && d.Share <= 1) {
			r.c.add(p.idx(i).key("share"), "share %v, want between 0 and 1", d.Share)
		}
		sum += d.Share
		if ok {
			seen[v] = true
			out = append(out, ExitShare{v, d.Share})
		}
	}
	if math.Abs(sum-1) > 1e-6 {
		r.c.add(p, "destination shares sum to %v, want 1", round6(sum))
	}
	return out
}

func (r *resolver) groups() {
	var sum float64
	names := map[string]bool{}
	for i, g := range r.f.Groups {
		p := path{"groups", i}
		if g.Name == "" {
			r.c.add(p, "a group needs a name")
		} else if names[g.Name] {
			r.c.add(p.key("name"), "group %q is defined twice", g.Name)
		}
		names[g.Name] = true
		if !(g.Share > 0 && g.Share <= 1) {
			r.c.add(p.key("share"), "share %v, want more than 0 and at most 1", g.Share)
		}
		sum += g.Share
		spec := GroupSpec{Name: g.Name, Share: g.Share, WalkKmPerDay: r.s.Params.WalkKmPerDay, NeedsCentre: g.NeedsCentre}
		if g.WalkKmPerDay != nil {
			if !(*g.WalkKmPerDay > 0) {
				r.c.add(p.key("walk_km_per_day"), "walk_km_per_day is %v, want a positive number", *g.WalkKmPerDay)
			}
			spec.WalkKmPerDay = *g.WalkKmPerDay
		}
		r.s.Groups = append(r.s.Groups, spec)
	}
	if sum > 1+1e-6 {
		r.c.add(path{"groups"}, "group shares sum to %v, more than 1", round6(sum))
	}
}

// loadWall reads a wall's polyline from its points or its GeoJSON file.
func (r *resolver) loadWall(w *Wall, p path) (orb.LineString, bool) {
	if (len(w.Line) > 0) == (w.File != "") {
		r.c.add(p, "give the wall as line (a list of [longitude, latitude]) or as file, one of them")
		return nil, false
	}
	if w.File != "" {
		full := w.File
		if !filepath.IsAbs(full) {
			full = filepath.Join(r.dir, full)
		}
		data, err := os.ReadFile(full)
		if err != nil {
			r.c.add(p.key("file"), "wall file: %v", err)
			return nil, false
		}
		line, err := wallFromGeoJSON(data)
		if err != nil {
			r.c.add(p.key("file"), "wall file %s: %v", w.File, err)
			return nil, false
		}
		return line, true
	}
	var line orb.LineString
	for i, pt := range w.Line {
		if len(pt) != 2 || !(pt[0] >= -180 && pt[0] <= 180 && pt[1] >= -90 && pt[1] <= 90) {
			r.c.add(p.key("line").idx(i), "point %v: want [longitude, latitude] in degrees", pt)
			return nil, false
		}
		line = append(line, orb.Point{pt[0], pt[1]})
	}
	if len(line) < 2 {
		r.c.add(p.key("line"), "a wall needs at least 2 points")
		return nil, false
	}
	return line, true
}

func wallFromGeoJSON(data []byte) (orb.LineString, error) {
	g, err := geojson.UnmarshalGeometry(data)
	if err == nil {
		if l, ok := g.Geometry().(orb.LineString); ok {
			return l, nil
		}
	}
	f, err := geojson.UnmarshalFeature(data)
	if err == nil {
		if l, ok := f.Geometry.(orb.LineString); ok {
			return l, nil
		}
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err == nil {
		for _, f := range fc.Features {
			if l, ok := f.Geometry.(orb.LineString); ok {
				return l, nil
			}
		}
	}
	return nil, errors.New("no LineString in it (want a GeoJSON LineString, a Feature or a FeatureCollection holding one)")
}
