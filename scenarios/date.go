package scenarios

import (
	"fmt"
	"time"
)

// Date is a calendar day, counted in days since 1 January 1970. Scenario files
// write it as YYYY-MM-DD. Dates, not day numbers, appear at every interface;
// a Day is an index into a scenario's period.
type Date int32

// Day is a day's index in a scenario's period: 0 is the start date.
type Day int32

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

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return d + Date(n) }

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

// Month is a calendar month, written YYYY-MM.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads a month written YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, fmt.Errorf("%q is not a month (want YYYY-MM)", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// First returns the month's first day.
func (m Month) First() Date { return NewDate(m.Year, m.Month, 1) }

// Days returns the number of days in the month.
func (m Month) Days() int { return int(NewDate(m.Year, m.Month+1, 1) - m.First()) }

// String returns the month as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }
