package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/forecast"
	"github.com/borderflow/borderflow/observe"
)

// TestHostileNamesInForecast: a forecast over the hostile network, with an
// observation of its centre, writes its map and report.html with the
// names as text: the map's SVG parses and holds no script or event
// attribute, and the page holds none of the names as markup.
func TestHostileNamesInForecast(t *testing.T) {
	s := hostileScenario(t, 1)
	asOf := s.Start + 9
	august, err := observe.ParsePeriod("2015-08")
	if err != nil {
		t.Fatal(err)
	}
	obs := []observe.Observation{
		{Period: august, Place: "entry", Metric: observe.Arrivals, Value: 1500, Line: 2},
		{Period: observe.Period{From: asOf, To: asOf}, Place: "centre", Metric: observe.Occupancy, Value: 30, Line: 3},
	}
	f, err := forecast.Run(context.Background(), s, ".", obs, forecast.Options{AsOf: asOf, Horizon: 10, Members: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ws := f.Warnings()
	var svg, html bytes.Buffer
	if err := WriteForecastMap(nil, &svg, f, ws, "test"); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(svgText(t, svg.Bytes()), "\n")
	for _, id := range []string{"centre", "crossing"} {
		if name := hostileNames[id]; !strings.Contains(text, name[:12]) {
			t.Errorf("the forecast map does not show %q as text", name)
		}
	}
	if err := WriteForecastHTML(&html, f, ws, obs, "test"); err != nil {
		t.Fatal(err)
	}
	page := html.String()
	for id, name := range hostileNames {
		if strings.Contains(page, name) {
			t.Errorf("report.html holds the %s's name %q as written, unescaped", id, name)
		}
	}
	for _, bad := range []string{"<script", "<img", "<svg onload", "<b onclick"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("report.html holds %q", bad)
		}
	}
}
