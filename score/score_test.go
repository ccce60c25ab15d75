package score

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/scenarios"
)

// TestARDByHand checks the definitions on two camps over three days,
// against values worked out by hand.
func TestARDByHand(t *testing.T) {
	d0 := scenarios.NewDate(2012, 3, 1)
	var o Observed
	o.Add("a", d0, 10)
	o.Add("a", d0+2, 30) // interpolated: 10, 20, 30
	o.Add("b", d0, 0)    // held: 0, 0, 0
	sim := &Simulated{Start: d0, Days: 3, Sites: map[string][]float64{
		"a": {10, 10, 10},
		"b": {0, 10, 20},
	}}
	s, err := Compute(sim, &o)
	if err != nil {
		t.Fatal(err)
	}
	// day 0: |10−10|+|0−0| = 0 → 0/10 = 0
	// day 1: |10−20|+|10−0| = 20 → 20/20 = 1
	// day 2: |10−30|+|20−0| = 40 → 40/30
	want := (0 + 1 + 40.0/30) / 3
	if math.Abs(s.ARD-want) > 1e-12 {
		t.Errorf("ARD = %v, want %v", s.ARD, want)
	}
	// rescaled: day 0 scale 10/10 → 0; day 1 scale 20/20 → 1;
	// day 2 scale 30/30 → 40/30: the same here, as Σsim = Σobs every day.
	if math.Abs(s.ARDRescaled-want) > 1e-12 {
		t.Errorf("rescaled ARD = %v, want %v", s.ARDRescaled, want)
	}
	// Rescaling matters when the simulation has fewer people in camps.
	sim.Sites["a"] = []float64{5, 10, 15}
	sim.Sites["b"] = []float64{0, 0, 0}
	s, _ = Compute(sim, &o)
	if s.ARDRescaled != 0 || s.ARD <= 0 {
		t.Errorf("half the people in the right shares: ARD %v, rescaled %v; want > 0 and 0", s.ARD, s.ARDRescaled)
	}
	if s.Sites[0].Site != "a" || math.Abs(s.Sites[0].RelativeError-0.5) > 1e-12 || s.Sites[0].PeakDayError != 0 {
		t.Errorf("site a: %+v", s.Sites[0])
	}
}

// TestReadCSVErrors: every broken table is refused with the file, the
// line and what was wanted.
func TestReadCSVErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content, want string }{
		{"bad header", "day,place,count\n", "obs.csv:1: header"},
		{"bad date", "date,place,count\n2015-13-01,HUN,4\n", `obs.csv:2: "2015-13-01" is not a date`},
		{"negative", "date,place,count\n2015-09-01,HUN,-4\n", `obs.csv:2: count "-4" is negative`},
		{"NaN", "date,place,count\n2015-09-01,HUN,NaN\n", `obs.csv:2: count "NaN", want a decimal number`},
		{"Inf", "date,place,count\n2015-09-01,HUN,+Inf\n", `obs.csv:2: count "+Inf", want a decimal number`},
		{"hex", "date,place,count\n2015-09-01,HUN,0x10\n", `obs.csv:2: count "0x10"`},
		{"overflow", "date,place,count\n2015-09-01,HUN,1e400\n", `obs.csv:2: count "1e400" does not fit`},
		{"beyond 2^53", "date,place,count\n2015-09-01,HUN,1e17\n", `obs.csv:2: count "1e17" does not fit`},
		{"empty count", "date,place,count\n2015-09-01,HUN,\n", `obs.csv:2: count ""`},
		{"thousands separator", "date,place,count\n2015-09-01,HUN,\"1,234\"\n", `obs.csv:2: count "1,234"`},
		{"empty place", "date,place,count\n2015-09-01,,4\n", "obs.csv:2: empty place"},
		{"control character", "date,place,count\n2015-09-01,\"a\x01\",4\n", "obs.csv:2: place"},
		{"two fields", "date,place,count\n2015-09-01,HUN\n", "obs.csv:2: wrong number of fields: 2"},
		{"semicolons", "date;place;count\n", "obs.csv:1: wrong number of fields: 1 (\"date;place;count\"), want 3: date,place,count (separated by semicolons"},
		{"bare quote", "date,place,count\n2015-09-01,H\"UN,4\n", "obs.csv:2:13: bare \""},
		{"empty file", "", "obs.csv:1: empty file"},
		{"blank lines only", "\n\r\n\n", "obs.csv:1: empty file"},
		{"header only", "date,place,count\r\n", "obs.csv:1: no observations, only the header"},
		{"UTF-16", "\xff\xfed\x00a\x00", "obs.csv:1: UTF-16"},
		{"duplicate", "date,place,count\n2015-10-01,moria,1\n2015-10-02,moria,2\n2015-10-01,HUN,3\n 2015-10-01 , moria ,4\n", "obs.csv:5: moria on 2015-10-01 already given at line 2"},
		{"multi-line place", "date,place,count\n2015-10-01,\"mo\nria\",1\n", `obs.csv:2: place "mo\nria" has control characters`},
		{"duplicate after blank lines", "date,place,count\n\n2015-10-01,moria,1\r\n\r\n2015-10-01,moria,1\n", "obs.csv:5: moria on 2015-10-01 already given at line 3"},
	} {
		p := filepath.Join(dir, "obs.csv")
		if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadCSV(p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %q: error %v, want %q", tc.name, tc.content, err, tc.want)
		}
	}
	if _, err := ReadCSV(filepath.Join(dir, "none.csv")); err == nil || !strings.Contains(err.Error(), "none.csv") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestParseCSVExcel: a table as Excel saves it (byte-order mark, CRLF,
// quoted fields, capitalised header, exponents) reads as the plain one.
func TestParseCSVExcel(t *testing.T) {
	plain := "date,place,count\n2015-09-01,HUN,4\n2015-09-03,HUN,1200\n2015-09-01,GRC,0.5\n"
	d0 := scenarios.NewDate(2015, 9, 1)
	for _, tc := range []struct{ name, content string }{
		{"plain", plain},
		{"BOM", "\xef\xbb\xbf" + plain},
		{"CRLF", strings.ReplaceAll(plain, "\n", "\r\n")},
		{"Excel", "\xef\xbb\xbfDate,Place,Count\r\n\"2015-09-01\",\"HUN\",4\r\n2015-09-03,HUN,1.2E3\r\n2015-09-01, GRC ,.5\r\n"},
		{"blank lines", "\n" + strings.ReplaceAll(plain, "\n", "\n\n")},
	} {
		o, err := ParseCSV(strings.NewReader(tc.content), "obs.csv")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		hun, _ := o.At("HUN", d0+1)
		grc, _ := o.At("GRC", d0)
		if got := o.Sites(); !slices.Equal(got, []string{"GRC", "HUN"}) || hun != 602 || grc != 0.5 {
			t.Errorf("%s: sites %v, HUN on day 1 %v, GRC %v; want [GRC HUN], 602, 0.5", tc.name, got, hun, grc)
		}
	}
}

// TestScoredDays checks that only the days from the first observation to
// the last are scored, and that observations outside the run are refused.
func TestScoredDays(t *testing.T) {
	d0 := scenarios.NewDate(2015, 6, 1)
	flat := make([]float64, 100)
	for i := range flat {
		flat[i] = 100
	}
	sim := &Simulated{Start: d0, Days: 100, Sites: map[string][]float64{"GRC": flat}}
	var o Observed
	o.Add("GRC", d0+10, 100)
	o.Add("GRC", d0+14, 200) // 100, 125, 150, 175, 200
	s, err := Compute(sim, &o)
	if err != nil {
		t.Fatal(err)
	}
	want := (0 + 25.0/125 + 50.0/150 + 75.0/175 + 100.0/200) / 5
	if s.Days != 5 || s.From != (d0+10).String() || s.To != (d0+14).String() || math.Abs(s.ARD-want) > 1e-12 {
		t.Errorf("scored %d days %s – %s, ARD %v; want 5 days %v – %v, ARD %v", s.Days, s.From, s.To, s.ARD, d0+10, d0+14, want)
	}
	var late Observed
	late.Add("GRC", d0+200, 5)
	if _, err := Compute(sim, &late); err == nil || !strings.Contains(err.Error(), "within the run's period (2015-06-01 – 2015-09-08)") {
		t.Errorf("observations after the run: %v", err)
	}
}

// TestOutsideRun: observations dated outside the run's period are left
// out of the score (its days and its interpolation), each with a warning
// naming its line, its date and the run's period; those of a site the run
// does not have are left out with one warning naming the site's first line.
func TestOutsideRun(t *testing.T) {
	d0 := scenarios.NewDate(2015, 6, 1)
	flat := make([]float64, 100)
	for i := range flat {
		flat[i] = 100
	}
	sim := &Simulated{Start: d0, Days: 100, Sites: map[string][]float64{"GRC": flat, "HUN": flat}}
	const in = "2015-06-11,GRC,100\n2015-06-15,GRC,200\n"
	inRun, err := ParseCSV(strings.NewReader("date,place,count\n"+in), "in.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Compute(sim, inRun)
	if err != nil {
		t.Fatal(err)
	}
	period := "outside the run's period (2015-06-01 – 2015-09-08)"
	for _, tc := range []struct {
		name, rows string
		warnings   []string
	}{
		{"none", in, nil},
		{"2010", "2010-01-01,GRC,9000\n" + in, []string{"obs.csv:2: GRC on 2010-01-01 is " + period + ": not scored"}},
		{"the day before and after", "2015-05-31,GRC,9000\n" + in + "2015-09-09,GRC,0\n2015-09-08,GRC,200\n", []string{
			"obs.csv:2: GRC on 2015-05-31 is " + period + ": not scored",
			"obs.csv:5: GRC on 2015-09-09 is " + period + ": not scored",
		}},
		{"unknown site", "2015-06-01,moria,5\n" + in + "2015-06-02,moria,6\n2015-05-01,moria,6\n", []string{
			"obs.csv:2: moria is not a site of the run (a centre id, ISO country code or crossing id): its 3 observations are not scored",
		}},
		{"a site with none in the run", "2016-01-01,HUN,5\n" + in, []string{"obs.csv:2: HUN on 2016-01-01 is " + period + ": not scored"}},
	} {
		obs, err := ParseCSV(strings.NewReader("date,place,count\n"+tc.rows), "obs.csv")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		s, err := Compute(sim, obs)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var got []string
		for _, w := range s.Warnings {
			got = append(got, w.String())
		}
		if !slices.Equal(got, tc.warnings) {
			t.Errorf("%s: warnings\n%s\nwant\n%s", tc.name, strings.Join(got, "\n"), strings.Join(tc.warnings, "\n"))
		}
		if tc.name == "the day before and after" {
			// The last row, on the run's last day, is scored.
			if s.To != "2015-09-08" {
				t.Errorf("%s: scored to %s, want 2015-09-08", tc.name, s.To)
			}
			continue
		}
		if s.Days != want.Days || s.From != want.From || s.ARD != want.ARD || s.ARDRescaled != want.ARDRescaled || len(s.Sites) != 1 {
			t.Errorf("%s: scored %d days %s – %s, ARD %v / %v, %d sites; want %d days %s – %s, ARD %v / %v, 1 site",
				tc.name, s.Days, s.From, s.To, s.ARD, s.ARDRescaled, len(s.Sites), want.Days, want.From, want.To, want.ARD, want.ARDRescaled)
		}
		if err := s.Strict(); (err != nil) != (len(tc.warnings) > 0) || err != nil && !strings.Contains(err.Error(), tc.warnings[0]) {
			t.Errorf("%s: Strict() = %v", tc.name, err)
		}
	}
}

// TestWarningsByHand: warnings on observations added by hand have no file
// or line, and Strict lists the first ten.
func TestWarningsByHand(t *testing.T) {
	d0 := scenarios.NewDate(2015, 6, 1)
	sim := &Simulated{Start: d0, Days: 2, Sites: map[string][]float64{"GRC": {1, 2}}}
	var o Observed
	o.Add("GRC", d0, 1)
	for i := range 12 {
		o.Add("GRC", d0+scenarios.Date(10+i), 1)
	}
	s, err := Compute(sim, &o)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 12 || s.Warnings[0].String() != "GRC on 2015-06-11 is outside the run's period (2015-06-01 – 2015-06-02): not scored" {
		t.Errorf("%d warnings, the first %q", len(s.Warnings), s.Warnings[0])
	}
	err = s.Strict()
	if err == nil || !strings.HasPrefix(err.Error(), "12 warnings") || !strings.HasSuffix(err.Error(), "\n  and 2 more") {
		t.Errorf("Strict() = %v", err)
	}
}
