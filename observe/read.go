package observe

import (
	"bufio"
	"bytes"
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
	"unicode"
	"unicode/utf8"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/scenarios"
)

// Places is what the places of a file are checked against.
type Places interface {
	// Has reports whether id names a place.
	Has(id string) bool
	// Near returns the ids closest to id, for an error message.
	Near(id string) []string
}

// PlaceSet is a set of place ids; it implements Places. Make one with
// NewPlaceSet.
type PlaceSet struct {
	ids []string
	has map[string]bool
}

// NewPlaceSet returns the set of ids.
func NewPlaceSet(ids ...string) *PlaceSet {
	s := &PlaceSet{ids: slices.Clone(ids), has: make(map[string]bool, len(ids))}
	for _, id := range ids {
		s.has[id] = true
	}
	return s
}

// Has implements Places.
func (s *PlaceSet) Has(id string) bool { return s.has[id] }

// Near implements Places.
func (s *PlaceSet) Near(id string) []string { return geo.Suggest(id, s.ids, 3) }

// MaxBytes is the largest file TextReader reads: a table of counts is
// kilobytes to megabytes, and a line of gigabytes would be held whole.
const MaxBytes = 64 << 20

// sizeLimit reads r and fails once more than left bytes have been read.
type sizeLimit struct {
	r    io.Reader
	name string
	left int64
}

func (l *sizeLimit) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, fmt.Errorf("%s: larger than %d MiB, want a table of counts", l.name, MaxBytes>>20)
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// MaxRows is the most observations a file may hold.
const MaxRows = 1_000_000

// maxValue is the largest value kept exactly by a float64: 2^53.
const maxValue = 1 << 53

// maxCheckWork bounds the comparisons of nested periods (see check), so
// that a hostile file cannot make the check run for hours.
const maxCheckWork = 50_000_000

var header = []string{"date", "place", "metric", "value", "source"}

// ReadFile reads the observations in the file at path (see Read).
func ReadFile(path string, places Places) ([]Observation, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("observations: %w", err)
	}
	defer f.Close()
	return Read(f, path, places)
}

// Read reads observations from r (see the package doc), checking their
// places against places unless it is nil; name is the file's name, for
// errors, which name it and a line. The observations are in file order.
func Read(r io.Reader, name string, places Places) ([]Observation, error) {
	br, err := TextReader(r, name)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var obs []Observation
	fields := 0 // the header's: 4 or 5
	line := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			if pe.StartLine != 0 && pe.StartLine != pe.Line {
				// A quoted field ran on over lines: name the line it began on.
				return nil, fmt.Errorf("%s:%d: a quoted field that starts on this line runs on to line %d: %w", name, pe.StartLine, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("%s:%d:%d: %w", name, pe.Line, pe.Column, pe.Err)
		}
		if err != nil {
			return nil, fmt.Errorf("%s:%d: reading the line after: %w", name, line, err)
		}
		line, _ = cr.FieldPos(0)
		if fields == 0 {
			if err := checkHeader(rec); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
			fields = len(rec)
			continue
		}
		if len(rec) != fields {
			hint := ""
			if slices.ContainsFunc(rec, func(f string) bool { return strings.Contains(f, ";") }) {
				hint = " (separated by semicolons? want commas)"
			}
			return nil, fmt.Errorf("%s:%d: %d fields (%q), want %d as in the header: %s%s", name, line, len(rec), strings.Join(rec, ","), fields, strings.Join(header[:fields], ","), hint)
		}
		if len(obs) == MaxRows {
			return nil, fmt.Errorf("%s:%d: more than %d observations", name, line, MaxRows)
		}
		o, err := parseRow(rec, places)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		o.Line = line
		obs = append(obs, o)
	}
	switch {
	case fields == 0:
		return nil, fmt.Errorf("%s:1: empty file, want a %s header and rows", name, strings.Join(header, ","))
	case len(obs) == 0:
		return nil, fmt.Errorf("%s:%d: no observations, only the header", name, line)
	}
	if err := check(obs); err != nil {
		return nil, fmt.Errorf("%s:%w", name, err)
	}
	return obs, nil
}

// checkHeader checks a header: date,place,metric,value and optionally
// source, in any case.
func checkHeader(rec []string) error {
	ok := len(rec) == 4 || len(rec) == 5
	for i := 0; ok && i < len(rec); i++ {
		ok = strings.EqualFold(strings.TrimSpace(rec[i]), header[i])
	}
	if !ok {
		msg := fmt.Sprintf("header %q, want %s (source optional)", strings.Join(rec, ","), strings.Join(header, ","))
		if len(rec) == 3 && strings.EqualFold(strings.TrimSpace(rec[2]), "count") {
			msg += "; a date,place,count table is read by score, not as observations"
		}
		return errors.New(msg)
	}
	return nil
}

// parseRow reads one observation.
func parseRow(rec []string, places Places) (Observation, error) {
	var o Observation
	p, err := ParsePeriod(strings.TrimSpace(rec[0]))
	if err != nil {
		return o, err
	}
	o.Period = p
	o.Place = strings.TrimSpace(rec[1])
	switch {
	case o.Place == "":
		return o, errors.New("empty place, want a country code, crossing id, centre id or entry")
	case !utf8.ValidString(o.Place) || strings.ContainsFunc(o.Place, unicode.IsControl):
		return o, fmt.Errorf("place %q has control characters or is not UTF-8", o.Place)
	case places != nil && !places.Has(o.Place):
		msg := fmt.Sprintf("unknown place %q, want a country code, crossing id, centre id or entry of the network", o.Place)
		if near := places.Near(o.Place); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		return o, errors.New(msg)
	}
	if o.Metric, err = ParseMetric(strings.TrimSpace(rec[2])); err != nil {
		return o, err
	}
	if o.Metric.Stock() && p.Days() > 1 {
		return o, fmt.Errorf("%s is counted on one day, not over %s (%d days)", o.Metric, p, p.Days())
	}
	if o.Value, err = ParsePeople("value", strings.TrimSpace(rec[3])); err != nil {
		return o, err
	}
	if len(rec) == 5 {
		o.Source = strings.TrimSpace(rec[4])
		if !utf8.ValidString(o.Source) {
			return o, errors.New("source is not UTF-8")
		}
	}
	return o, nil
}

// TextReader returns r without its UTF-8 byte-order mark, as Excel writes
// one, and failing past MaxBytes; UTF-16 text (from Excel's "Unicode
// text") is an error naming file name, for a table to be read with
// encoding/csv.
func TextReader(r io.Reader, name string) (io.Reader, error) {
	br := bufio.NewReader(&sizeLimit{r: r, name: name, left: MaxBytes})
	if b, _ := br.Peek(3); bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	} else if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		return nil, fmt.Errorf("%s:1: UTF-16 text, want UTF-8 (in Excel: save as \"CSV UTF-8\")", name)
	}
	return br, nil
}

// ParsePeople reads a number of people written in field (its name, for
// the error): a decimal number (digits, an optional fraction and
// exponent; no thousands separator, NaN or infinity), 0 or more and at
// most 2^53, the largest a float64 keeps exactly.
func ParsePeople(field, s string) (float64, error) {
	decimal := s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !strings.ContainsRune("0123456789.eE+-", r)
	})
	if !decimal {
		return 0, fmt.Errorf("%s %q, want a decimal number of people, 0 or more", field, s)
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case errors.Is(err, strconv.ErrRange), err == nil && math.Abs(v) > maxValue:
		return 0, fmt.Errorf("%s %q does not fit: want at most 2^53 (%d) and no finer than 1e-300", field, s, int64(maxValue))
	case err != nil:
		return 0, fmt.Errorf("%s %q, want a decimal number of people, 0 or more", field, s)
	case v < 0:
		return 0, fmt.Errorf("%s %q is negative, want a number of people, 0 or more", field, s)
	}
	return v, nil
}

// check finds observations that contradict each other: the same place,
// metric and period twice, or a flow over a period whose contained
// observations of the same place and metric, taken without overlap, add
// up to more than it (the largest such sum, by weighted interval
// scheduling). The error starts with the line, for Read to put the file
// in front.
func check(obs []Observation) error {
	idx := make([]int, len(obs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := &obs[a], &obs[b]
		return cmp.Or(strings.Compare(x.Place, y.Place), cmp.Compare(x.Metric, y.Metric),
			cmp.Compare(x.Period.From, y.Period.From), cmp.Compare(x.Period.To, y.Period.To))
	})
	work := 0
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		for hi < len(idx) && obs[idx[hi]].Place == obs[idx[lo]].Place && obs[idx[hi]].Metric == obs[idx[lo]].Metric {
			hi++
		}
		group := idx[lo:hi]
		for k := 1; k < len(group); k++ {
			a, b := &obs[group[k-1]], &obs[group[k]]
			if a.Period == b.Period {
				first, second := a, b
				if first.Line > second.Line {
					first, second = second, first
				}
				return fmt.Errorf("%d: %s %s over %s already given at line %d", second.Line, second.Place, second.Metric, second.Period, first.Line)
			}
		}
		if !obs[group[0]].Metric.Stock() {
			if err := checkNested(obs, group, &work); err != nil {
				return err
			}
		}
		lo = hi
	}
	return nil
}

// checkNested checks each multi-day flow of group (sorted by start) against
// the observations within it.
func checkNested(obs []Observation, group []int, work *int) error {
	var inside []int
	var best []float64
	start := 0 // the first of group starting on c's day
	for k, ci := range group {
		c := &obs[ci]
		if obs[group[start]].Period.From != c.Period.From {
			start = k
		}
		if c.Period.Days() == 1 {
			continue
		}
		inside = inside[:0]
		for _, j := range group[start:] {
			if j == ci {
				continue
			}
			o := &obs[j]
			if o.Period.From > c.Period.To {
				break
			}
			if *work++; *work > maxCheckWork {
				return fmt.Errorf("%d: too many nested periods for %s %s to check against each other", c.Line, c.Place, c.Metric)
			}
			if c.Period.Contains(o.Period) {
				inside = append(inside, j)
			}
		}
		if len(inside) == 0 {
			continue
		}
		// The most people the contained figures can add up to without
		// counting a day twice.
		slices.SortStableFunc(inside, func(a, b int) int { return cmp.Compare(obs[a].Period.To, obs[b].Period.To) })
		best = append(best[:0], 0)
		for n, j := range inside {
			o := &obs[j]
			prev, _ := slices.BinarySearchFunc(inside[:n], o.Period.From, func(x int, from scenarios.Date) int {
				if obs[x].Period.To < from {
					return -1
				}
				return 1
			})
			best = append(best, max(best[n], o.Value+best[prev]))
		}
		if sum := best[len(inside)]; sum > c.Value {
			return fmt.Errorf("%d: %s %s over %s is %v, but figures within it (line %d and others) add up to %v", c.Line, c.Place, c.Metric, c.Period, c.Value, obs[inside[0]].Line, sum)
		}
	}
	return nil
}

// IsObservationsFile reports whether the file at path starts with this
// package's header (date,place,metric,value[,source]), as opposed to
// another table such as score's date,place,count.
func IsObservationsFile(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("observations: %w", err)
	}
	defer f.Close()
	br, err := TextReader(f, path)
	if err != nil {
		return false, err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return false, nil // not a table this package reads; the caller's reader says why
	}
	return checkHeader(rec) == nil, nil
}
