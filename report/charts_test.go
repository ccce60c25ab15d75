package report

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/borderflow/borderflow/scenarios"
)

func TestWriteCharts(t *testing.T) {
	d := mapTestRun(t, "hungary-serbia-wall", 0)
	dir := t.TempDir()
	files, err := WriteCharts(dir, d)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"centres.png", "centres.svg", "posts.png", "posts.svg", "countries.png", "countries.svg"}
	if !slices.Equal(files, want) {
		t.Fatalf("files %v, want %v", files, want)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d bytes", f, len(b))
		if strings.HasSuffix(f, ".png") {
			decodePNG(t, b, 1600, 1000)
			continue
		}
		parseSVG(t, b)
		if !strings.Contains(string(b), d.Summary.Scenario) {
			t.Errorf("%s lacks the scenario name", f)
		}
	}
}

func TestSmallChartSVGs(t *testing.T) {
	d := mapTestRun(t, "hungary-serbia-wall", 0)
	ci := busiest(len(d.Centres), 1, func(i int) int64 { return slices.Max(d.Centres[i].Occupancy) })
	pi := busiest(len(d.Crossings), 1, func(i int) int64 { return d.Crossings[i].PassedOn(0) + 1 })
	if len(ci) == 0 || len(pi) == 0 {
		t.Fatal("no busy centre or post in the test run")
	}
	c := d.Centres[ci[0]]
	var b bytes.Buffer
	if err := WriteCentreChartSVG(&b, d, c); err != nil {
		t.Fatal(err)
	}
	parseSVG(t, b.Bytes())
	for _, want := range []string{"occupancy", d.Network.Node(c.Node).Name} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("centre chart lacks %q", want)
		}
	}
	b.Reset()
	if err := WritePostChartSVG(&b, d, d.Crossings[pi[0]]); err != nil {
		t.Fatal(err)
	}
	parseSVG(t, b.Bytes())
	if !strings.Contains(b.String(), "refused") {
		t.Error("post chart lacks its legend")
	}
	if WriteCentreChartSVG(&b, d, nil) == nil || WritePostChartSVG(&b, d, nil) == nil {
		t.Error("nil series: no error")
	}
}

func TestMonthTicks(t *testing.T) {
	x := func(s string) float64 {
		d, err := scenarios.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return float64(d.Time().Unix())
	}
	ticks := monthTicks{}.Ticks(x("2015-06-01"), x("2016-03-31"))
	var labels []string
	for _, tk := range ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
		if got := time.Unix(int64(tk.Value), 0).UTC().Day(); got != 1 {
			t.Errorf("tick on day %d of the month", got)
		}
	}
	if len(ticks) != 10 || !slices.Equal(labels, []string{"Jul 2015", "Sep 2015", "Nov 2015", "Jan 2016", "Mar 2016"}) {
		t.Errorf("%d ticks, labels %v", len(ticks), labels)
	}
	short := monthTicks{}.Ticks(x("2015-06-01"), x("2015-06-30"))
	if len(short) != 30 {
		t.Errorf("a month: %d daily ticks, want 30", len(short))
	}
}

// TestCentreChartsShowTheCentresUnderLoad checks that centres.png picks
// the centres where people met the most load, crowds or people turned
// away (Moria in the Balkan route) or registered (the registration points),
// and gives their capacity.
func TestCentreChartsShowTheCentresUnderLoad(t *testing.T) {
	d := mapTestRun(t, "balkan-route-2015", 0)
	tc := newTwinCanvas(chartW, chartH)
	drawCentreCharts(tc.dc, d)
	var svg bytes.Buffer
	if err := tc.writeTo(nil, &svg); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Moria reception and identification centre", "2,800 places", "turned away", "registered without a place"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("centres chart lacks %q", want)
		}
	}
	for _, c := range []struct {
		capacity []int64
		want     string
	}{
		{[]int64{300, 300}, "300 places"},
		{[]int64{0, 300}, "up to 300 places"},
		{[]int64{100, 300}, "100–300 places"},
		{[]int64{0, 0}, "capacity unknown"},
	} {
		if got := capacityRange(c.capacity); got != c.want {
			t.Errorf("capacityRange(%v) = %q, want %q", c.capacity, got, c.want)
		}
	}
}

// TestCountryChartIsSmallMultiples checks that countries.png gives every
// country anyone entered a panel of its own, titled with its total.
func TestCountryChartIsSmallMultiples(t *testing.T) {
	d := mapTestRun(t, "balkan-route-2015", 0)
	tc := newTwinCanvas(chartW, chartH)
	drawCountryChart(tc.dc, d)
	var svg bytes.Buffer
	if err := tc.writeTo(nil, &svg); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, c := range d.Countries {
		if slices.Max(c.Entries) > 0 {
			want++
		}
	}
	if got := strings.Count(svg.String(), " entered</text>"); got != want || want < 5 {
		t.Errorf("%d country panels, want %d (one per country entered)", got, want)
	}
}
