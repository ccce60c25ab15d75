package observe

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
)

var places = NewPlaceSet("HUN", "SRB", "horgos-roszke", "miral", "lipa", "mytilene")

func TestParsePeriod(t *testing.T) {
	d := func(s string) scenarios.Date {
		v, err := scenarios.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		in       string
		from, to string
		days     int
	}{
		{"2015-10-16", "2015-10-16", "2015-10-16", 1},
		{"2015-10", "2015-10-01", "2015-10-31", 31},
		{"2016-02", "2016-02-01", "2016-02-29", 29},
		{"2015-12", "2015-12-01", "2015-12-31", 31},
		{"2015-09-16..2015-11-02", "2015-09-16", "2015-11-02", 48},
		{"2015-09-16 .. 2015-09-16", "2015-09-16", "2015-09-16", 1},
	} {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Errorf("ParsePeriod(%q): %v", c.in, err)
			continue
		}
		if p.From != d(c.from) || p.To != d(c.to) || p.Days() != c.days {
			t.Errorf("ParsePeriod(%q) = %v (%d days), want %s..%s (%d days)", c.in, p, p.Days(), c.from, c.to, c.days)
		}
	}
	for _, in := range []string{"", "2015", "2015-13", "2015-10-32", "16/10/2015", "2015-11-02..2015-09-16", "2015-10..2015-11", "..2015-10-01"} {
		if p, err := ParsePeriod(in); err == nil {
			t.Errorf("ParsePeriod(%q) = %v, want an error", in, p)
		}
	}
}

func TestRead(t *testing.T) {
	in := "\ufeffDate,Place,Metric,Value,Source\r\n" +
		"2015-10-16,HUN,entries,8500,Hungarian police\r\n" +
		"2015-10,horgos-roszke,entries,0,\r\n" +
		"2019-05-01,miral,occupancy,780,IOM DTM\r\n" +
		"2015-10-01..2015-10-31,HUN,entries,200000,\r\n" +
		"2015-10-17,HUN,present,1200,\r\n"
	obs, err := Read(strings.NewReader(in), "obs.csv", places)
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 5 {
		t.Fatalf("%d observations, want 5", len(obs))
	}
	o := obs[0]
	if o.Place != "HUN" || o.Metric != Entries || o.Value != 8500 || o.Source != "Hungarian police" || o.Line != 2 || o.Period.Days() != 1 {
		t.Errorf("first observation %+v", o)
	}
	if obs[1].Period.Days() != 31 || obs[2].Metric != Occupancy || obs[4].Metric != Present {
		t.Errorf("observations %+v", obs)
	}
	// Four columns are enough.
	if _, err := Read(strings.NewReader("date,place,metric,value\n2015-10-16,SRB,arrivals,5\n"), "four.csv", nil); err != nil {
		t.Errorf("four columns: %v", err)
	}
}

// TestReadErrors checks that every bad file gets a message naming the
// file, the line and what was wanted.
func TestReadErrors(t *testing.T) {
	const h = "date,place,metric,value,source\n"
	for _, c := range []struct {
		name, in, want string
	}{
		{"empty", "", "obs.csv:1: empty file"},
		{"only header", h, "obs.csv:1: no observations"},
		{"old form", "date,place,count\n2015-10-16,HUN,4\n", `obs.csv:1: header "date,place,count", want date,place,metric,value,source (source optional); a date,place,count table is read by score`},
		{"bad header", "day,place,metric,value\n", `obs.csv:1: header "day,place,metric,value"`},
		{"utf-16", "\xff\xfed\x00a\x00", "obs.csv:1: UTF-16 text"},
		{"bad date", h + "2015-10-16,HUN,entries,1,\n2015-13-01,HUN,entries,4,\n", `obs.csv:3: "2015-13-01" is not a date (want YYYY-MM-DD, a month YYYY-MM or a period FROM..TO)`},
		{"reversed period", h + "2015-11-02..2015-09-16,HUN,entries,4,\n", `obs.csv:2: period "2015-11-02..2015-09-16" ends before it starts`},
		{"unknown place", h + "2015-10-16,horgos-roske,entries,4,\n", `obs.csv:2: unknown place "horgos-roske", want a country code, crossing id, centre id or entry of the network; did you mean horgos-roszke?`},
		{"empty place", h + "2015-10-16,,entries,4,\n", "obs.csv:2: empty place"},
		{"unknown metric", h + "2015-10-16,HUN,arrived,4,\n", `obs.csv:2: metric "arrived", want one of entries, arrivals, refused, turned_away, present, occupancy`},
		{"stock over a month", h + "2019-05,miral,occupancy,780,\n", "obs.csv:2: occupancy is counted on one day, not over 2019-05-01..2019-05-31 (31 days)"},
		{"negative", h + "2015-10-16,HUN,entries,-4,\n", `obs.csv:2: value "-4" is negative`},
		{"not a number", h + "2015-10-16,HUN,entries,4 000,\n", `obs.csv:2: value "4 000", want a decimal number`},
		{"too big", h + "2015-10-16,HUN,entries,1e300,\n", `obs.csv:2: value "1e300" does not fit`},
		{"semicolons", h + "2015-10-16;HUN;entries;4;x\n", "obs.csv:2: 1 fields (\"2015-10-16;HUN;entries;4;x\"), want 5 as in the header: date,place,metric,value,source (separated by semicolons? want commas)"},
		{"bad quote", h + "2015-10-16,\"HUN,entries,4,\n", "obs.csv:2:28: extraneous or missing \" in quoted-field"},
		{"twice", h + "2015-10-16,HUN,entries,4,\n2015-10-17,HUN,entries,4,\n2015-10-16,HUN,entries,5,\n", "obs.csv:4: HUN entries over 2015-10-16 already given at line 2"},
		{"month below its days", h + "2015-10-16,HUN,entries,400,\n2015-10,HUN,entries,500,\n2015-10-17,HUN,entries,300,\n2015-10-16..2015-10-17,HUN,entries,650,\n", "obs.csv:3: HUN entries over 2015-10-01..2015-10-31 is 500, but figures within it (line 2 and others) add up to 700"},
		{"period below a day", h + "2015-10-16..2015-10-20,HUN,entries,10,\n2015-10-16,HUN,entries,11,\n", "obs.csv:2: HUN entries over 2015-10-16..2015-10-20 is 10, but figures within it (line 3 and others) add up to 11"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.in), "obs.csv", places)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("Read = %v, want an error starting %q", err, c.want)
			}
		})
	}
}

// TestNestedFiguresThatAgree checks that figures within a period are
// taken without counting a day twice: a week and its days, all within the
// month, agree with it.
func TestNestedFiguresThatAgree(t *testing.T) {
	in := "date,place,metric,value\n" +
		"2015-10,HUN,entries,1000\n" +
		"2015-10-01..2015-10-07,HUN,entries,700\n" +
		"2015-10-01,HUN,entries,100\n" +
		"2015-10-02,HUN,entries,100\n" +
		"2015-10-08,HUN,entries,300\n" +
		"2015-10-08,HUN,present,5000\n"
	if _, err := Read(strings.NewReader(in), "obs.csv", places); err != nil {
		t.Fatal(err)
	}
}

// TestNestedCheckIsBounded gives thousands of periods nested in each
// other: the check stops with an error instead of running for hours.
func TestNestedCheckIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,place,metric,value\n")
	start := scenarios.NewDate(2015, 1, 1)
	for i := range 12000 {
		fmt.Fprintf(&b, "%s..%s,HUN,entries,%d\n", start, start+scenarios.Date(i+1), 1000+i)
	}
	_, err := Read(strings.NewReader(b.String()), "nested.csv", places)
	if err == nil || !strings.Contains(err.Error(), "too many nested periods for HUN entries") {
		t.Errorf("Read = %v, want the nested-period check to give up", err)
	}
}

// TestFileTooLarge feeds an endless line: the read stops at MaxBytes with
// an error naming the file.
func TestFileTooLarge(t *testing.T) {
	endless := io.MultiReader(strings.NewReader("date,place,metric,value\n2015-10-16,"), letters{})
	_, err := Read(endless, "big.csv", nil)
	if err == nil || !strings.Contains(err.Error(), "big.csv") || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Errorf("Read = %v, want the size limit", err)
	}
}

// letters is an endless stream of the letter a.
type letters struct{}

func (letters) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}
