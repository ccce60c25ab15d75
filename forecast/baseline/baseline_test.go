package baseline

import (
	"strings"
	"testing"

	"github.com/borderflow/borderflow/observe"
)

func read(t *testing.T, rows string) []observe.Observation {
	t.Helper()
	obs, err := observe.Read(strings.NewReader("date,place,metric,value\n"+rows), "h.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	return obs
}

func period(t *testing.T, s string) observe.Period {
	t.Helper()
	p, err := observe.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPersistence(t *testing.T) {
	flows := read(t, "2019-07,BIH,entries,3100\n2019-08,BIH,entries,3100\n2019-09-01..2019-09-10,BIH,entries,1000\n2019-09-10,BIH,entries,50\n")
	// The latest is the single day 10 September (ending as late, shorter): 50 a day.
	if v, ok := Persistence(flows, period(t, "2019-10")); !ok || v != 50*31 {
		t.Errorf("Persistence = %v, %v; want 1550", v, ok)
	}
	stocks := read(t, "2019-10-01,miral,occupancy,613\n2019-10-20,miral,occupancy,700\n")
	if v, ok := Persistence(stocks, period(t, "2019-11-05")); !ok || v != 700 {
		t.Errorf("Persistence of a stock = %v, %v; want 700", v, ok)
	}
	if _, ok := Persistence(nil, period(t, "2019-11")); ok {
		t.Error("Persistence of no history reports a forecast")
	}
}

func TestSeasonalNaive(t *testing.T) {
	h := read(t, "2018-10,BIH,entries,3100\n2019-09,BIH,entries,3812\n")
	if v, ok := SeasonalNaive(h, period(t, "2019-10")); !ok || v != 3100 {
		t.Errorf("SeasonalNaive = %v, %v; want October 2018's 3100", v, ok)
	}
	// No November a year before: persistence of September's rate.
	if v, ok := SeasonalNaive(h, period(t, "2019-11")); !ok || v != 3812.0/30*30 {
		t.Errorf("SeasonalNaive without last year = %v, %v; want persistence", v, ok)
	}
}
