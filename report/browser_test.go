package report

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/sim"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// TestReportInBrowser opens report.html from disk in headless Chromium and
// checks that it works offline: the map and its markers render, the date
// slider replays the load, a click on a centre opens its chart, and the
// page logs no error, throws no exception, opens no dialog and requests
// nothing from the network. It does so for a run of a built-in scenario of
// the Western Balkans (whose description is hostile text, which must show
// as text) and for a run of Flee's mali2012 scenario folder. Each writes a
// screenshot; set BORDERFLOW_SCREENSHOT to a file name to keep copies, with
// the subtest's name before the extension (report-balkan.png,
// report-flee-mali2012.png for report.png).
func TestReportInBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but there is no Chromium at %s (.ci/run installs the chromium package): %v", chromiumPath, err)
		}
		t.Skipf("no Chromium at %s: install it (apt-get install chromium) to run the browser test of report.html", chromiumPath)
	}

	t.Run("balkan", func(t *testing.T) {
		checkReportInBrowser(t, htmlTestRun(t, true), hostile)
	})
	t.Run("flee-mali2012", func(t *testing.T) {
		checkReportInBrowser(t, fleeTestRun(t, "../testdata/flee/mali2012"), "")
	})
}

// fleeTestRun runs a Flee scenario folder and loads the run folder back.
func fleeTestRun(t *testing.T, scenarioDir string) *Data {
	t.Helper()
	fs, err := flee.Read(scenarioDir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.RunFlee(context.Background(), fs, sim.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := runfolder.Write(dir, res, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Summary.Model != "flee" {
		t.Fatalf("the run's model is %q, want flee", d.Summary.Model)
	}
	return d
}

// checkReportInBrowser renders d into report.html and runs the checks of
// TestReportInBrowser on it in Chromium. Every check is derived from d,
// except the description's: if description is not empty, the page must
// show it, as text, and hold no b or img element (the hostile text's
// markup).
func checkReportInBrowser(t *testing.T, d *Data, description string) {
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(renderHTML(t, d)), 0o644); err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()

	// The day with the most people passing posts, and the centre fullest
	// on that day: the slider moves there, and the test clicks the centre.
	busiest, best := 0, int64(-1)
	for day := range d.Days {
		var n int64
		for _, c := range d.Crossings {
			n += c.PassedOn(day)
		}
		if n > best {
			busiest, best = day, n
		}
	}
	if best <= 0 {
		t.Fatal("no one passed a post in the test run")
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	defer cancelAlloc()

	var mu sync.Mutex
	var problems []string
	problem := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	dialogs := make(chan string, 4)
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(func(ev any) {
		// Runs in the tab's message loop: record, run no command.
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					if len(a.Value) > 0 {
						args = append(args, string(a.Value))
					} else {
						args = append(args, a.Description)
					}
				}
				problem("console.%s: %s", ev.Type, strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			det := ev.ExceptionDetails
			msg := det.Text
			if det.Exception != nil && det.Exception.Description != "" {
				msg += " " + det.Exception.Description
			}
			problem("uncaught exception at %d:%d: %s", det.LineNumber+1, det.ColumnNumber+1, msg)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				problem("browser log: %s %s", ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; !strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "about:") && !strings.HasPrefix(u, "blob:") {
				problem("network request: %s", u)
			}
		case *page.EventJavascriptDialogOpening:
			problem("a dialog opened (%s): %q", ev.Type, ev.Message)
			select {
			case dialogs <- ev.Message:
			default:
			}
		}
	}))
	defer cancelTab()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()
	go func() { // a dialog would block the page: close it (the test fails anyway)
		for {
			select {
			case <-dialogs:
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			case <-ctx.Done():
				return
			}
		}
	}()

	start := time.Now()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(pageURL),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
	); err != nil {
		t.Fatalf("opening %s: %v (problems: %v)", pageURL, err, problems)
	}

	// The map: outlines and markers drawn, one marker per post and centre.
	markers := len(d.Crossings) + len(d.Centres)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
		`document.querySelectorAll('.leaflet-interactive').length >= %d && document.querySelectorAll('path.mk').length === %d`, markers, markers),
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('path.mk').length`))
		t.Fatalf("markers: %d of %d drawn: %v", n, markers, err)
	}
	outlines, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.leaflet-overlay-pane path:not(.leaflet-interactive)').length`))
	if err != nil || outlines < len(d.Outlines) {
		t.Errorf("%d country outlines drawn, want %d (%v)", outlines, len(d.Outlines), err)
	}
	t.Logf("page ready in %v: %d markers, %d outline paths", time.Since(start).Round(time.Millisecond), markers, outlines)

	// The slider: move it to the busiest day; the date shown and the markers change.
	const markerState = `Array.from(document.querySelectorAll('path.mk')).map(p => p.getAttribute('d') + ' ' + p.getAttribute('fill') + ' ' + p.getAttribute('stroke'))`
	dateBefore, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('date').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	before, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](markerState))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`(() => { const s = document.getElementById('day'); s.value = '%d'; s.dispatchEvent(new Event('input', {bubbles: true})); })()`, busiest))); err != nil {
		t.Fatal(err)
	}
	dateAfter, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('date').textContent`))
	if err != nil {
		t.Fatal(err)
	}
	after, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](markerState))
	if err != nil {
		t.Fatal(err)
	}
	wantDate := d.Date(busiest).Time().Format("Monday 2 January 2006")
	if dateAfter == dateBefore || !strings.HasPrefix(dateAfter, wantDate) {
		t.Errorf("after moving the slider to day %d the date shown is %q (was %q), want %q", busiest, dateAfter, dateBefore, wantDate)
	}
	changed := 0
	for i := range min(len(before), len(after)) {
		if before[i] != after[i] {
			changed++
		}
	}
	if changed == 0 {
		t.Errorf("no marker changed size or colour between day 0 and day %d", busiest)
	}
	t.Logf("slider to %s: %d of %d markers changed", wantDate, changed, len(after))

	// Click the fullest centre that is not under another marker; its chart
	// opens in the side panel.
	centre, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
		const data = JSON.parse(document.getElementById('report-data').textContent);
		const day = +document.getElementById('day').value;
		const order = data.centres.map((c, i) => i).sort((a, b) => data.centres[b].occupancy[day] - data.centres[a].occupancy[day]);
		document.getElementById('map').scrollIntoView({block: 'center'});
		for (const i of order) {
			const el = document.querySelector('path.mk-centre-' + i);
			const q = el.getBoundingClientRect();
			if (document.elementFromPoint(q.left + q.width / 2, q.top + q.height / 2) === el) return i;
		}
		return -1;
	})()`))
	if err != nil || centre < 0 {
		t.Fatalf("no centre marker can be clicked (%d, %v)", centre, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf("path.mk-centre-%d", centre)))); err != nil {
		t.Fatalf("clicking centre %s: %v", d.Centres[centre].ID, err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`#panel svg.chart[data-kind="centre"] path.series`))); err != nil {
		t.Fatalf("no chart after clicking centre %s: %v", d.Centres[centre].ID, err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#panel h4').textContent`))
	if want := d.Network.Node(d.Centres[centre].Node).Name; err != nil || heading != want {
		t.Errorf("the panel is headed %q, want %q (%v)", heading, want, err)
	}
	points, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('#panel svg.chart path.series').getAttribute('d').split('L').length`))
	if err != nil || points != d.Days {
		t.Errorf("the centre's chart has %d points, want %d (%v)", points, d.Days, err)
	}

	// The (hostile) description is shown as text.
	if description != "" {
		desc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('description').textContent`))
		if err != nil || strings.TrimSpace(desc) != description {
			t.Errorf("description shown as %q, want %q (%v)", desc, description, err)
		}
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main b, main img').length`)); n != 0 {
			t.Errorf("%d b or img elements in the page: the hostile text became markup", n)
		}
	}

	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(t.TempDir(), "report.png")
	if err := os.WriteFile(png, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("BORDERFLOW_SCREENSHOT"); keep != "" {
		ext := filepath.Ext(keep)
		keep = strings.TrimSuffix(keep, ext) + "-" + filepath.Base(t.Name()) + ext
		if err := os.WriteFile(keep, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot: %s (%d bytes)", png, len(shot))

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}
