package report

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot/vg"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/world"
)

// TestCountryLabels checks that every country of the network with area
// in view is named, in full or a sensible abbreviation (never cut), inside
// the frame, clear of every symbol, and that the points are computed once
// per network.
func TestCountryLabels(t *testing.T) {
	d := mapTestRun(t, "balkan-route-2015", 0)
	labels := countryLabelsFor(d.Network, d.Kind.Outlines)
	byCode := map[string]countryLabel{}
	for _, l := range labels {
		byCode[l.code] = l
		if !inside(l.box, mapFrame) {
			t.Errorf("%s: label %v leaves the frame", l.code, l.box)
		}
	}
	for _, c := range []struct{ code, text string }{
		{"HUN", "HUNGARY"}, {"HRV", "CROATIA"}, {"SRB", "SERBIA"}, {"GRC", "GREECE"},
		{"MKD", "NORTH MACEDONIA"}, {"ALB", "ALBANIA"}, {"MNE", "MONTENEGRO"}, {"SVN", "SLOVENIA"}, {"AUT", "AUSTRIA"},
	} {
		l, ok := byCode[c.code]
		if !ok {
			t.Errorf("%s has no label", c.code)
			continue
		}
		if got := strings.Join(l.lines, " "); got != c.text {
			t.Errorf("%s is labelled %q, want %q", c.code, got, c.text)
		}
	}
	if l, ok := byCode["BIH"]; !ok {
		t.Error("BIH has no label")
	} else if got := strings.Join(l.lines, " "); got != "BOSNIA AND HERZEGOVINA" && got != "BOS. & HERZ." {
		t.Errorf("BIH is labelled %q", got)
	}
	spec := singleSpec(d)
	proj := newProjection(d.Network, mapFrame)
	for _, s := range append(spec.posts, spec.centres...) {
		p := proj.pt(s.at)
		r := squareAt(p, s.half)
		for _, l := range labels {
			if overlaps(r, l.box) {
				t.Errorf("%s's symbol covers the label of %s", s.name, l.code)
			}
		}
	}
	if again := countryLabelsFor(d.Network, d.Kind.Outlines); len(again) == 0 || &again[0] != &labels[0] {
		t.Error("country labels computed again for the same network")
	}
}

func squareAt(p vg.Point, h vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: p.X - h, Y: p.Y - h}, Max: vg.Point{X: p.X + h, Y: p.Y + h}}
}

// TestCountryLabelsCachedByValue checks that the labels are placed once
// for a network read twice (new network, new outline slices), apart for
// another network, and once when many goroutines ask at the same time.
func TestCountryLabelsCachedByValue(t *testing.T) {
	nets := make([]*geo.Network, 2)
	outlines := make([][]geo.Country, 2)
	for i := range nets {
		n, err := loadTinyNetwork()
		if err != nil {
			t.Fatal(err)
		}
		nets[i] = n
		b := networkBound(n).Pad(3)
		if outlines[i], err = world.Countries(b); err != nil {
			t.Fatal(err)
		}
	}
	d := mapTestRun(t, "balkan-route-2015", 0)
	const callers = 8
	got := make([][]countryLabel, 2*callers)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			if i%2 == 0 {
				got[i] = countryLabelsFor(nets[i/2%2], outlines[i/2%2])
			} else {
				got[i] = countryLabelsFor(d.Network, slices.Clone(d.Kind.Outlines))
			}
		})
	}
	wg.Wait()
	for i, l := range got {
		if len(l) == 0 {
			t.Fatalf("caller %d: no labels", i)
		}
		if &l[0] != &got[i%2][0] {
			t.Errorf("caller %d: labels placed again for the same network", i)
		}
	}
	if &got[0][0] == &got[1][0] {
		t.Error("two networks share their labels")
	}
}
