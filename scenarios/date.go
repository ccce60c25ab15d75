package scenarios

import (
	"fmt"
	"time"
)

// Date is a calendar day, counted in days since 1 January 1970. Scenario files
// write it as YYYY-MM-DD. Dates, not day numbers, appear at every interface.
type Date int32

// NewDate returns the date of year, month and day (normalised as time.Date does).
func NewDate(year int, month time.Month, day int) Date {
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate reads a date written YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return Date(t.Unix() / 86400), nil
}

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String returns the date as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// MarshalText writes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// calMonth is a calendar month, written YYYY-MM.
type calMonth struct {
	Year  int
	Month time.Month
}

// parseMonth reads a month written YYYY-MM.
func parseMonth(s string) (calMonth, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return calMonth{}, fmt.Errorf("%q is not a month (want YYYY-MM)", s)
	}
	return calMonth{t.Year(), t.Month()}, nil
}

// First returns the month's first day.
func (m calMonth) First() Date { return NewDate(m.Year, m.Month, 1) }

// Days returns the number of days in the month.
func (m calMonth) Days() int { return int(NewDate(m.Year, m.Month+1, 1) - m.First()) }

// String returns the month as YYYY-MM.
func (m calMonth) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }
