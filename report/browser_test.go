package report

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/fleemodel"
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
	needChromium(t)

	t.Run("balkan", func(t *testing.T) {
		checkReportInBrowser(t, htmlTestRun(t, true), hostile)
	})
	t.Run("flee-mali2012", func(t *testing.T) {
		checkReportInBrowser(t, fleeTestRun(t, "../testdata/flee/mali2012"), "")
	})
}

// chromiumMissing is the skip message of the browser tests.
const chromiumMissing = "Chromium not found: install it (apt-get install chromium) to run the report's browser test; CI=true makes this a failure"

// needChromium skips the test, saying so plainly, where there is no
// Chromium, and fails it instead under CI=true.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s (no Chromium at %s: %v)", chromiumMissing, chromiumPath, err)
		}
		t.Skipf("SKIP: %s (no Chromium at %s)", chromiumMissing, chromiumPath)
	}
}

// fleeTestRun runs a Flee scenario folder and loads the run folder back.
func fleeTestRun(t *testing.T, scenarioDir string) *runfolder.Data {
	t.Helper()
	fs, err := flee.Read(scenarioDir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fleemodel.Run(context.Background(), fs, sim.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := runfolder.Write(dir, res, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := runfolder.Read(dir)
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
func checkReportInBrowser(t *testing.T, d *runfolder.Data, description string) {
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

	ctx, problems := browserTab(t)

	start := time.Now()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(pageURL),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
	); err != nil {
		t.Fatalf("opening %s: %v (problems: %v)", pageURL, err, problems())
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
	if err != nil || outlines < len(d.Kind.Outlines) {
		t.Errorf("%d country outlines drawn, want %d (%v)", outlines, len(d.Kind.Outlines), err)
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

	for _, p := range problems() {
		t.Error(p)
	}
}

// browserTab starts headless Chromium with a fresh profile and returns a
// tab's context, which ends with the test (or after 90 s), and a function
// that returns what went wrong in the tab so far: console errors, uncaught
// exceptions, errors in the browser's log, requests to the network and
// JavaScript dialogs (which it closes, so that the page goes on).
func browserTab(t *testing.T) (context.Context, func() []string) {
	t.Helper()
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
	t.Cleanup(cancelAlloc)

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
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab() })
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
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems)
	}
}

// injectedJS installs a watch on the page for elements that hostile text
// would create as markup (images, scripts, SVG, bold text, anything with
// an event attribute or a javascript: link); injectedCountJS reads what
// it saw.
const (
	injectedJS = `(() => {
		window.__injected = [];
		const bad = el => el.nodeType === 1 && (
			['IMG', 'SCRIPT', 'B', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) ||
			(el.tagName.toLowerCase() === 'svg' && !(el.parentNode && el.parentNode.closest && el.parentNode.closest('.leaflet-pane, #legend, #panel, .map'))) ||
			Array.from(el.attributes).some(a => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)));
		new MutationObserver(records => {
			for (const r of records) for (const n of r.addedNodes) {
				if (bad(n)) window.__injected.push(n.outerHTML.slice(0, 120));
				if (n.querySelectorAll) for (const m of n.querySelectorAll('*')) if (bad(m)) window.__injected.push(m.outerHTML.slice(0, 120));
			}
		}).observe(document.documentElement, {childList: true, subtree: true});
		return true;
	})()`
	staticInjectedJS = `Array.from(document.querySelectorAll('img, b, iframe, object, embed, [onerror], [onload], [onclick], [onmouseover], a[href^="javascript:"]')).map(e => e.outerHTML.slice(0, 120))`
)

// TestHostileNamesInBrowser renders report.html and compare.html of two
// runs over a network whose place, crossing and centre names (and network
// file name) are hostile, opens both in headless Chromium, hovers every
// interactive element of the map (each road, post and centre has a
// tooltip), opens the panel of the post and of the centre, and fails on
// any JavaScript dialog, any element the names would have injected, any
// script beyond the page's own, or a tooltip or panel that does not show
// the names as text.
func TestHostileNamesInBrowser(t *testing.T) {
	needChromium(t)
	base, scen := hostileRun(t, 1), hostileRun(t, 2)
	dir := t.TempDir()
	reportFile := filepath.Join(dir, "report.html")
	if err := os.WriteFile(reportFile, []byte(renderHTML(t, base)), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := Compare(base, scen)
	if err != nil {
		t.Fatal(err)
	}
	var diffSVG, compare bytes.Buffer
	if err := WriteDiffMap(nil, &diffSVG, base, scen); err != nil {
		t.Fatal(err)
	}
	svg := diffSVG.Bytes()
	svg = svg[max(0, bytes.Index(svg, []byte("<svg"))):]
	if err := WriteCompareHTML(&compare, base, scen, rows, svg); err != nil {
		t.Fatal(err)
	}
	compareFile := filepath.Join(dir, "compare.html")
	if err := os.WriteFile(compareFile, compare.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fileURL := func(f string) string { return (&url.URL{Scheme: "file", Path: filepath.ToSlash(f)}).String() }

	ctx, problems := browserTab(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL(reportFile)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
	); err != nil {
		t.Fatalf("opening report.html: %v (problems: %v)", err, problems())
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](injectedJS)); err != nil {
		t.Fatal(err)
	}

	// Hover every interactive element; each opens its tooltip, and the
	// tooltips stay open (no mouseout), so that markup in any of them would
	// be in the page together.
	hovered, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
		document.getElementById('map').scrollIntoView({block: 'center'});
		const els = Array.from(document.querySelectorAll('#map .leaflet-interactive'));
		for (const el of els) {
			const r = el.getBoundingClientRect();
			const o = {bubbles: true, cancelable: true, view: window, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2};
			el.dispatchEvent(new MouseEvent('mouseover', o));
			el.dispatchEvent(new MouseEvent('mousemove', o));
		}
		return els.length;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if want := base.Network.NumEdges() + len(base.Crossings) + len(base.Centres); hovered != want {
		t.Errorf("hovered %d interactive elements, want %d (roads, posts, centres)", hovered, want)
	}
	// Let every image the tooltips made load or fail (and so run its
	// onerror), then read the tooltips.
	tips, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Promise.all(Array.from(document.images).map(i => i.complete ? 0 :
		new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })))
		.then(() => new Promise(r => setTimeout(r, 0)))
		.then(() => Array.from(document.querySelectorAll('.leaflet-tooltip')).map(t => t.textContent))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(tips) != hovered {
		t.Errorf("%d tooltips open after hovering %d elements", len(tips), hovered)
	}
	all := strings.Join(tips, "\n")
	for _, key := range []string{"entry", "town", "centre", "crossing", "side", "exit"} {
		if !strings.Contains(all, hostileNames[key]) {
			t.Errorf("no tooltip shows the %s's name %q as text; tooltips:\n%s", key, hostileNames[key], all)
		}
	}

	// The side panel of the centre and of the post: headed by the name.
	for _, c := range []struct{ sel, want string }{
		{"path.mk-centre-0", hostileNames["centre"]},
		{"path.mk-post-0", hostileNames["crossing"]},
	} {
		heading, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			document.querySelector(%q).dispatchEvent(new MouseEvent('click', {bubbles: true, view: window}));
			return document.querySelector('#panel h4').textContent;
		})()`, c.sel)))
		if err != nil || heading != c.want {
			t.Errorf("after clicking %s the panel is headed %q, want %q (%v)", c.sel, heading, c.want, err)
		}
	}

	checkInjected := func(name string, scripts int) {
		t.Helper()
		seen, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__injected || []`))
		if err != nil {
			t.Fatal(err)
		}
		static, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](staticInjectedJS))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range append(seen, static...) {
			t.Errorf("%s: an element made from a name: %s", name, s)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scripts.length`))
		if err != nil || n != scripts {
			t.Errorf("%s: %d script elements, want %d (%v)", name, n, scripts, err)
		}
	}
	checkInjected("report.html", 3)

	// compare.html: the diff map's SVG and the tables.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL(compareFile)),
		chromedp.WaitVisible(chromedp.CSS(`.map svg`)),
	); err != nil {
		t.Fatalf("opening compare.html: %v (problems: %v)", err, problems())
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Promise.all(Array.from(document.images).map(i => i.complete ? 0 :
		new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); }))).then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	checkInjected("compare.html", 0)
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.map svg').textContent`))
	if err != nil || !strings.Contains(text, "hostile-names vs hostile-names") {
		t.Errorf("the diff map's text: %q (%v)", text, err)
	}

	for _, p := range problems() {
		t.Error(p)
	}
}
