package flee

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Error reports a problem in one file of a scenario, at a line where one
// applies.
type Error struct {
	File   string // the file's path
	Line   int    // 1-based line number; 0 when the problem concerns the whole file
	Column int    // 1-based column, in characters; 0 when not known
	Err    error
}

// Error returns "file:line:column: message", "file:line: message" without a
// column, or "file: message" without a line.
func (e *Error) Error() string {
	if e.Line > 0 && e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func errAt(file string, line int, format string, args ...any) error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// record is one non-blank CSV row with its line number.
type record struct {
	line    int
	fields  []string
	comment bool // the first field begins with '#'
}

// readCSV reads every row of r. Fields are trimmed; a leading UTF-8 BOM is
// dropped.
func readCSV(file string, r io.Reader) ([]record, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{File: file, Err: err}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	var out []record
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, errAt(file, pe.Line, "%v", pe.Err)
			}
			return nil, &Error{File: file, Err: err}
		}
		line, _ := cr.FieldPos(0)
		blank := true
		for i := range row {
			row[i] = strings.TrimSpace(row[i])
			if row[i] != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		out = append(out, record{line: line, fields: row, comment: strings.HasPrefix(row[0], "#")})
	}
	return out, nil
}

// field returns column i of rec, or "" when the row is shorter.
func (rec record) field(i int) string {
	if i < len(rec.fields) {
		return rec.fields[i]
	}
	return ""
}

func parseFloat(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

func parseInt(s string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return v, nil
}

// parseCount accepts an integer or a whole-valued decimal ("1200.0").
func parseCount(s string) (int, error) {
	if v, err := strconv.Atoi(s); err == nil {
		return v, nil
	}
	v, err := parseFloat(s)
	if err != nil || v != math.Trunc(v) || math.Abs(v) > 1e15 {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int(v), nil
}

// DateLayout is the layout of dates in Flee files (YYYY-MM-DD).
const DateLayout = "2006-01-02"

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return t, nil
}
