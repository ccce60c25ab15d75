package report

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/borderflow/borderflow/forecast"
	"github.com/borderflow/borderflow/observe"
	"github.com/borderflow/borderflow/scenarios"
)

// TestForecastReportInBrowser opens a forecast's report.html from disk in
// Chromium: it loads with no error and no request, its warnings table has
// a row per warning, and every fan chart is drawn with its bands, median
// and as-of line, and the map is drawn.
func TestForecastReportInBrowser(t *testing.T) {
	needChromium(t)
	s, err := scenarios.Builtin("balkan-route-2015")
	if err != nil {
		t.Fatal(err)
	}
	asOf, _ := scenarios.ParseDate("2015-10-31")
	obs := []observe.Observation{{Period: observe.Period{From: asOf, To: asOf}, Place: "moria", Metric: observe.Occupancy, Value: 2800}}
	f, err := forecast.Run(context.Background(), s, ".", obs, forecast.Options{AsOf: asOf, Horizon: 45, Members: 8, Scale: 0.1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ws := f.Warnings()
	var html bytes.Buffer
	if err := WriteForecastHTML(&html, f, ws, obs, "test"); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, problems := browserTab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate((&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()), chromedp.WaitVisible(chromedp.CSS(`footer`))); err != nil {
		t.Fatalf("opening the forecast report: %v (problems: %v)", err, problems())
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#warnings-table tbody tr').length`))
	if err != nil || rows != len(ws) {
		t.Errorf("warnings table: %d rows (%v), want %d", rows, err, len(ws))
	}
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.fans svg').length`))
	if err != nil || charts == 0 {
		t.Fatalf("%d fan charts drawn (%v)", charts, err)
	}
	empty, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('.fans svg')).filter(s => s.querySelectorAll('path').length < 4 || s.getBoundingClientRect().height < 50).length`))
	if err != nil || empty != 0 {
		t.Errorf("%d of %d fan charts are empty or collapsed (%v)", empty, charts, err)
	}
	// The map is drawn and big enough to read, with its posts' squares and
	// centres' circles (vgsvg draws both as paths) and Moria's label.
	mapOK, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector('#map svg'); if (!s) return false;
		const r = s.getBoundingClientRect(); return r.width > 600 && r.height > 400 && s.querySelectorAll('path').length > 200 && s.textContent.includes('Moria'); })()`))
	if err != nil || !mapOK {
		t.Errorf("the forecast map is missing, too small or without its symbols and Moria's label (%v)", err)
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("the page reported problems: %v", p)
	}
}
