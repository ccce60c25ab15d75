package report

import (
	"bytes"
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/runfolder"
	"github.com/paulmach/orb"
)

func codes(cs []geo.Country) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

// TestFleeMapShowsItsRegion draws the map of a run of Flee's mali2012
// scenario: it must show Mali's land, not sea, under the network, and none
// of the Balkan outlines.
func TestFleeMapShowsItsRegion(t *testing.T) {
	d := fleeTestRun(t, "../testdata/flee/mali2012")
	got := codes(d.Kind.Outlines)
	for _, code := range []string{"MLI", "NER", "BFA", "MRT"} {
		if !slices.Contains(got, code) {
			t.Errorf("no outline of %s among %v", code, got)
		}
	}
	for _, code := range []string{"SRB", "HRV", "HUN", "GRC", "MKD"} {
		if slices.Contains(got, code) {
			t.Errorf("a Balkan outline (%s) on the map of a Mali run", code)
		}
	}

	var pngBuf, svgBuf bytes.Buffer
	if err := WriteMap(&pngBuf, &svgBuf, d); err != nil {
		t.Fatal(err)
	}
	im := decodePNG(t, pngBuf.Bytes(), 1600, 1200)
	proj := newProjection(d.Network, mapFrame)
	land := color.RGBAModel.Convert(colLand).(color.RGBA)
	// The Sahara north of Timbuktu and Bourem, inside Mali, away from the
	// network's roads.
	for _, at := range []orb.Point{{-2.0, 17.8}, {-6.0, 16.5}} {
		p := proj.pt(at)
		if !rectContains(mapFrame, p) {
			t.Fatalf("%v is outside the map's frame", at)
		}
		c := toPixel(float64(p.X), float64(p.Y))
		box := image.Rectangle{Min: c.Sub(image.Point{3, 3}), Max: c.Add(image.Point{4, 4})}
		if n := pixelCount(im, box, func(c color.RGBA) bool { return c == land }); n < 40 {
			t.Errorf("%d of 49 pixels around %v (Mali) have the land colour %v; the centre is %v",
				n, at, land, color.RGBAModel.Convert(im.At(c.X, c.Y)))
		}
	}
	text := strings.Join(svgText(t, svgBuf.Bytes()), "\n")
	for _, want := range []string{"MALI", runfolder.FleeAttribution} {
		if !strings.Contains(text, want) {
			t.Errorf("the map's SVG lacks %q", want)
		}
	}
	if strings.Contains(text, "SERBIA") {
		t.Error("the map of a Mali run names Serbia")
	}
}
