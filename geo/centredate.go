package geo

import (
	"fmt"
	"strconv"
	"time"
)

// DatePrecision says how much of a CentreDate is known.
type DatePrecision uint8

// The precisions of a CentreDate. The zero value, NoDate, means no date.
const (
	NoDate    DatePrecision = iota // no date given
	YearOnly                       // only the year is known ("2016")
	MonthOnly                      // the year and month are known ("2015-11")
	ExactDay                       // the day is known ("2015-11-03")
)

var precisionNames = [...]string{"none", "year", "month", "day"}

// String returns the precision's name: none, year, month or day.
func (p DatePrecision) String() string {
	if int(p) < len(precisionNames) {
		return precisionNames[p]
	}
	return fmt.Sprintf("DatePrecision(%d)", p)
}

// CentreDate is the date a centre opened or closed, known to the day, to the
// month or only to the year, as the sources give it. Network files write it
// YYYY-MM-DD, YYYY-MM or YYYY. The zero value is no date.
//
// A date known only to the month or year stands for a span of days;
// FirstDay and LastDay give its ends. CentreInfo.Operating reads an opening
// date by its first day and a closing date by its last one (see there).
type CentreDate struct {
	Year      int        // e.g. 2015; 0 for no date
	Month     time.Month // 0 unless Precision is MonthOnly or ExactDay
	Day       int        // 0 unless Precision is ExactDay
	Precision DatePrecision
}

// ParseCentreDate reads a date written YYYY-MM-DD, YYYY-MM or YYYY; the
// empty string is the zero CentreDate (no date).
func ParseCentreDate(s string) (CentreDate, error) {
	bad := func() (CentreDate, error) {
		return CentreDate{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known)", s)
	}
	switch len(s) {
	case 0:
		return CentreDate{}, nil
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || s[0] < '0' || s[0] > '9' {
			return bad()
		}
		return CentreDate{Year: y, Precision: YearOnly}, nil
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return bad()
		}
		return CentreDate{Year: t.Year(), Month: t.Month(), Precision: MonthOnly}, nil
	case 10:
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return bad()
		}
		return CentreDate{Year: t.Year(), Month: t.Month(), Day: t.Day(), Precision: ExactDay}, nil
	}
	return bad()
}

// DayDate returns the CentreDate of a day known exactly.
func DayDate(year int, month time.Month, day int) CentreDate {
	return CentreDate{Year: year, Month: month, Day: day, Precision: ExactDay}
}

// IsZero reports whether d is no date.
func (d CentreDate) IsZero() bool { return d == CentreDate{} }

// String returns the date as written in network files (YYYY-MM-DD, YYYY-MM
// or YYYY), or "" for no date.
func (d CentreDate) String() string {
	switch d.Precision {
	case YearOnly:
		return fmt.Sprintf("%04d", d.Year)
	case MonthOnly:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case ExactDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return ""
}

// check reports whether d is the zero date or a date ParseCentreDate could
// have returned.
func (d CentreDate) check() error {
	ok := false
	switch d.Precision {
	case NoDate:
		ok = d.IsZero()
	case YearOnly:
		ok = d.Year >= 0 && d.Year <= 9999 && d.Month == 0 && d.Day == 0
	case MonthOnly:
		ok = d.Year >= 0 && d.Year <= 9999 && d.Month >= time.January && d.Month <= time.December && d.Day == 0
	case ExactDay:
		t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		ok = d.Year >= 0 && d.Year <= 9999 && t.Month() == d.Month && t.Day() == d.Day
	}
	if !ok {
		return fmt.Errorf("%+v is not a date (want a year 0-9999 with a month and day as far as its precision goes)", d)
	}
	return nil
}

// FirstDay returns midnight UTC of the first day d may stand for: the day
// itself, the 1st of the month, or 1 January. It is the zero time.Time for
// no date.
func (d CentreDate) FirstDay() time.Time {
	switch d.Precision {
	case YearOnly:
		return time.Date(d.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
	case MonthOnly:
		return time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC)
	case ExactDay:
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// LastDay returns midnight UTC of the last day d may stand for: the day
// itself, the last of the month, or 31 December. It is the zero time.Time
// for no date.
func (d CentreDate) LastDay() time.Time {
	switch d.Precision {
	case YearOnly:
		return time.Date(d.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	case MonthOnly:
		return time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC)
	case ExactDay:
		return d.FirstDay()
	}
	return time.Time{}
}

// MarshalText writes the date as String does.
func (d CentreDate) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date as ParseCentreDate does.
func (d *CentreDate) UnmarshalText(b []byte) error {
	v, err := ParseCentreDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Operating reports whether the centre was in operation on day (a date; its
// clock time is ignored) by its Opened and Closed dates alone: from
// Opened.FirstDay through Closed.LastDay, both included; an empty Opened
// means open before any day, an empty Closed still open.
//
// A date known only to the month or year counts the centre open for all of
// that month or year: the sources say it was operating at some time then,
// and the model would rather have its places on a day they may not yet (or
// no longer) have existed than turn people away from a centre that was
// running. The closing day itself counts as open, because people were moved
// out during it (Opatovac closed on 3 Nov 2015, the day Slavonski Brod
// opened). A scenario that knows better sets the day with an open_centre or
// close_centre event.
func (c *CentreInfo) Operating(day time.Time) bool {
	y, m, dd := day.Date()
	t := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	if !c.Opened.IsZero() && t.Before(c.Opened.FirstDay()) {
		return false
	}
	if !c.Closed.IsZero() && t.After(c.Closed.LastDay()) {
		return false
	}
	return true
}
