package geo

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseCentreDate(t *testing.T) {
	for _, tc := range []struct {
		in          string
		prec        DatePrecision
		first, last time.Time
	}{
		{"", NoDate, time.Time{}, time.Time{}},
		{"2015-11-03", ExactDay, day(2015, 11, 3), day(2015, 11, 3)},
		{"2015-11", MonthOnly, day(2015, 11, 1), day(2015, 11, 30)},
		{"2016-02", MonthOnly, day(2016, 2, 1), day(2016, 2, 29)},
		{"2015-12", MonthOnly, day(2015, 12, 1), day(2015, 12, 31)},
		{"2016", YearOnly, day(2016, 1, 1), day(2016, 12, 31)},
	} {
		d, err := ParseCentreDate(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if d.Precision != tc.prec || !d.FirstDay().Equal(tc.first) || !d.LastDay().Equal(tc.last) || d.String() != tc.in {
			t.Errorf("%q: precision %v, days %v – %v, written %q; want %v, %v – %v", tc.in, d.Precision, d.FirstDay(), d.LastDay(), d, tc.prec, tc.first, tc.last)
		}
		if err := d.check(); err != nil {
			t.Errorf("%q: %v", tc.in, err)
		}
	}
	for _, bad := range []string{"2015-13", "2015-02-30", "3 Nov 2015", "15", "+201", "-201", "2015-1", "2015/11/03", "2015-11-03T00:00", " 2015"} {
		if d, err := ParseCentreDate(bad); err == nil || !strings.Contains(err.Error(), "want YYYY-MM-DD") {
			t.Errorf("%q: %v, %v; want an error saying what is wanted", bad, d, err)
		}
	}
}

func TestCentreOperating(t *testing.T) {
	must := func(s string) CentreDate {
		d, err := ParseCentreDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	opatovac := &CentreInfo{Opened: must("2015-09-20"), Closed: must("2015-11-03")}
	dobova := &CentreInfo{Opened: must("2015-10"), Closed: must("2016-03")}
	kos := &CentreInfo{Opened: must("2016")}
	always := &CentreInfo{}
	for _, tc := range []struct {
		name string
		c    *CentreInfo
		on   time.Time
		want bool
	}{
		{"opatovac before", opatovac, day(2015, 9, 19), false},
		{"opatovac opening day", opatovac, day(2015, 9, 20), true},
		{"opatovac closing day", opatovac, day(2015, 11, 3), true},
		{"opatovac after", opatovac, day(2015, 11, 4), false},
		{"dobova month before", dobova, day(2015, 9, 30), false},
		{"dobova first of month", dobova, day(2015, 10, 1).Add(13 * time.Hour), true},
		{"dobova last of closing month", dobova, day(2016, 3, 31), true},
		{"dobova after closing month", dobova, day(2016, 4, 1), false},
		{"kos 2015", kos, day(2015, 12, 31), false},
		{"kos 2016", kos, day(2016, 1, 1), true},
		{"no dates", always, day(1990, 1, 1), true},
	} {
		if got := tc.c.Operating(tc.on); got != tc.want {
			t.Errorf("%s: Operating(%v) = %v, want %v", tc.name, tc.on, got, tc.want)
		}
	}
}

func TestBuildChecksCentreDates(t *testing.T) {
	for _, tc := range []struct {
		name     string
		c        CentreInfo
		contains string
	}{
		{"closed before opened", CentreInfo{Opened: DayDate(2015, 11, 3), Closed: CentreDate{Year: 2015, Month: 10, Precision: MonthOnly}}, "closed 2015-10 before it opened 2015-11-03"},
		{"day 31 Feb", CentreInfo{Opened: DayDate(2015, 2, 31)}, "opened: "},
		{"month without precision", CentreInfo{Closed: CentreDate{Year: 2015, Month: 3}}, "closed: "},
		{"registrations negative", CentreInfo{RegistrationsPerDay: -1}, "-1 registrations a day"},
		{"registrations huge", CentreInfo{RegistrationsPerDay: MaxCapacity + 1}, "want 0 to 10000000 people"},
		{"registrations source with newline", CentreInfo{RegistrationsSource: "a\nb"}, "registrations source"},
	} {
		var b Builder
		c := tc.c
		b.AddNode(Node{ID: "a", Country: "SRB", Point: orb.Point{21.6, 42.3}})
		b.AddNode(Node{ID: "c", Country: "SRB", Kind: Centre, Point: orb.Point{21.7, 42.3}, Centre: &c})
		b.AddEdge(Edge{From: 0, To: 1, Km: 10})
		_, err := b.Build()
		if err == nil || !strings.Contains(err.Error(), tc.contains) {
			t.Errorf("%s: Build: %v, want an error containing %q", tc.name, err, tc.contains)
		}
	}
}

// TestCentreGeoJSONRoundTrip writes a centre with every property and reads
// it back unchanged.
func TestCentreGeoJSONRoundTrip(t *testing.T) {
	want := CentreInfo{
		Type: "transit_centre", Capacity: 4000, CapacityBasis: "observed_peak", CapacitySource: "dalje.com",
		Period: "~20 Sep-3 Nov 2015", Opened: DayDate(2015, 9, 20), Closed: CentreDate{Year: 2015, Month: time.November, Precision: MonthOnly},
		DatesSource: "hina.hr 9062630", RegistrationsPerDay: 10000, RegistrationsSource: "net.hr",
	}
	year := want
	year.Opened, year.Closed, year.RegistrationsPerDay = CentreDate{Year: 2016, Precision: YearOnly}, CentreDate{}, 0
	var b Builder
	b.AddNode(Node{ID: "a", Country: "HRV", Point: orb.Point{19.1, 45.2}})
	b.AddNode(Node{ID: "opatovac", Country: "HRV", Kind: Centre, Point: orb.Point{19.17, 45.26}, Centre: &want})
	b.AddNode(Node{ID: "kos", Country: "HRV", Kind: Centre, Point: orb.Point{19.2, 45.3}, Centre: &year})
	b.AddEdge(Edge{From: 0, To: 1, Km: 10})
	b.AddEdge(Edge{From: 0, To: 2, Km: 20})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := n.WriteGeoJSON(&buf); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"opened":"2015-09-20"`, `"closed":"2015-11"`, `"opened":"2016"`, `"registrations_per_day":10000`, `"dates_source":"hina.hr 9062630"`} {
		if !bytes.Contains(buf.Bytes(), []byte(s)) {
			t.Errorf("written network lacks %s:\n%s", s, buf.Bytes())
		}
	}
	m, err := Decode(buf.Bytes(), "round-trip")
	if err != nil {
		t.Fatal(err)
	}
	for id, w := range map[string]CentreInfo{"opatovac": want, "kos": year} {
		v, err := m.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := *m.Node(v).Centre; got != w {
			t.Errorf("%s read back as %+v, want %+v", id, got, w)
		}
	}
}

func FuzzParseCentreDate(f *testing.F) {
	for _, s := range []string{"", "2015-11-03", "2015-11", "2016", "2015-13", "+201"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseCentreDate(s)
		if err != nil {
			return
		}
		if err := d.check(); err != nil {
			t.Fatalf("%q parsed to %+v: %v", s, d, err)
		}
		if d.String() != s {
			t.Fatalf("%q parsed to %+v, written %q", s, d, d)
		}
		if d.LastDay().Before(d.FirstDay()) {
			t.Fatalf("%q: last day %v before first %v", s, d.LastDay(), d.FirstDay())
		}
	})
}
