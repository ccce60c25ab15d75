package report

import (
	"image/color"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/borderflow/borderflow/scenarios"
)

// TestCapShareNamesItsDay checks that a post's label compares passes with
// the cap in force on the same day: every share of a cap it quotes names
// the day, and is that day's passes over that day's cap.
func TestCapShareNamesItsDay(t *testing.T) {
	d := mapTestRun(t, "balkan-route-2015", 0)
	tl := timeline(d)
	if tl == nil {
		t.Fatal("no timeline for the run")
	}
	spec := singleSpec(d)
	peakLine := regexp.MustCompile(`^peak [\d,]+/day \((\d+ \w+ \d+)\), (\d+)% of the cap$`)
	shareLine := regexp.MustCompile(`^highest: (\d+)% of the cap, ([\d,]+) of ([\d,]+) \((\d+ \w+ \d+)\)$`)
	quoted := 0
	for i, sym := range spec.posts {
		c := d.Crossings[i]
		for _, l := range sym.details {
			if !strings.Contains(l, "cap") {
				continue
			}
			quoted++
			var date string
			var pct int
			if m := peakLine.FindStringSubmatch(l); m != nil {
				date, pct = m[1], atoi(t, m[2])
			} else if m := shareLine.FindStringSubmatch(l); m != nil {
				date, pct = m[4], atoi(t, m[1])
			} else {
				t.Errorf("%s: %q names no day for its share of the cap", c.ID, l)
				continue
			}
			day := dayOf(t, d.Start, date)
			st := tl.Crossing(d.Date(day), c.Crossing)
			if st.Status != scenarios.Checked || st.CapacityPerDay <= 0 {
				t.Errorf("%s: %q: no cap on %s", c.ID, l, date)
				continue
			}
			if want := int(math.Round(100 * float64(c.PassedOn(day)) / float64(st.CapacityPerDay))); pct != want {
				t.Errorf("%s: %q: %d passed against a cap of %d on %s is %d%%", c.ID, l, c.PassedOn(day), st.CapacityPerDay, date, want)
			}
		}
	}
	if quoted == 0 {
		t.Error("no label quotes a share of a cap: the test checks nothing")
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// dayOf is the day of the run of a label's date ("22 Oct 2015").
func dayOf(t *testing.T, start scenarios.Date, s string) int {
	t.Helper()
	tm, err := time.Parse("2 Jan 2006", s)
	if err != nil {
		t.Fatal(err)
	}
	d, err := scenarios.ParseDate(tm.Format("2006-01-02"))
	if err != nil {
		t.Fatal(err)
	}
	return int(d - start)
}

// TestDiffLabelsAgreeWithTheirSymbols checks the comparison map's labels:
// each sits nearest to the symbol it names, and the sign of its figure
// (scenario − baseline) agrees with that symbol's colour (red higher, blue
// lower) and with its own text colour.
func TestDiffLabelsAgreeWithTheirSymbols(t *testing.T) {
	base := mapTestRun(t, "balkan-route-2015", 0)
	scen := mapTestRun(t, "balkan-route-2015-no-fence", 0)
	var labels []placedLabel
	if _, err := renderMap(io.Discard, nil, base, diffSpec(base, scen), &labels); err != nil {
		t.Fatal(err)
	}
	if len(labels) < 4 {
		t.Fatalf("%d labels on the comparison map, want several", len(labels))
	}
	proj := newProjection(base.Network, mapFrame)
	spec := diffSpec(base, scen)
	all := append(slices.Clone(spec.posts), spec.centres...)
	for _, l := range labels {
		p := proj.pt(l.sym.at)
		own := symbolGap(l.box, p, l.sym.half)
		for _, o := range all {
			q := proj.pt(o.at)
			if o.name == l.sym.name || !rectContains(mapFrame, q) || math.Hypot(float64(q.X-p.X), float64(q.Y-p.Y)) <= float64(l.sym.half) {
				continue
			}
			if g := symbolGap(l.box, q, o.half); g <= own {
				t.Errorf("the label of %s (%q) is nearer %s (%.1f pt) than its own symbol (%.1f pt)", l.sym.name, l.sym.details, o.name, g, own)
			}
		}
		text := strings.Join(l.sym.details, " ")
		fill := l.sym.fill.(color.NRGBA)
		switch {
		case strings.HasPrefix(text, "+"):
			if fill.R <= fill.B || l.sym.detailCol != color.Color(colHigher) {
				t.Errorf("%s: %q beside a symbol coloured %v, text %v: want red for a rise", l.sym.name, text, fill, l.sym.detailCol)
			}
		case strings.HasPrefix(text, "−"):
			if fill.B <= fill.R || l.sym.detailCol != color.Color(colLower) {
				t.Errorf("%s: %q beside a symbol coloured %v, text %v: want blue for a fall", l.sym.name, text, fill, l.sym.detailCol)
			}
		}
	}
}
