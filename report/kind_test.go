package report

import (
	"bytes"
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/sim"
)

func codes(cs []geo.Country) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

func TestKindOf(t *testing.T) {
	wb, err := westernbalkans.Network()
	if err != nil {
		t.Fatal(err)
	}
	tiny, err := loadTinyNetwork() // two nodes in southern Serbia
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		summary     sim.Summary
		net         *geo.Network
		title       string
		attribution string
		network     string
		has, hasNot []string // outline codes
	}{
		{"embedded network", sim.Summary{Model: sim.ModelBorderAware, Network: westernbalkans.Name}, wb,
			"Western Balkans route", Attribution, westernbalkans.Name, []string{"SRB", "HUN", "GRC"}, []string{"MLI"}},
		{"old run with no model or network", sim.Summary{}, wb,
			"Western Balkans route", Attribution, westernbalkans.Name, []string{"SRB"}, nil},
		{"Flee run", sim.Summary{Model: sim.ModelFlee, Network: sim.FleeNetworkFile}, tiny,
			"Flee scenario, Flee's rules", FleeAttribution, sim.FleeNetworkFile, []string{"SRB", "MKD"}, []string{"MLI"}},
		{"network file of the user's", sim.Summary{Network: "/data/my-roads.geojson"}, tiny,
			"Network my-roads.geojson", "Network: my-roads.geojson; outlines: Natural Earth", "/data/my-roads.geojson", []string{"SRB", "XKX"}, []string{"FRA"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			k, err := KindOf(c.summary, c.net)
			if err != nil {
				t.Fatal(err)
			}
			if k.Title != c.title || k.Attribution != c.attribution || k.Network != c.network || k.PageAttribution == "" {
				t.Errorf("KindOf = title %q, attribution %q, network %q, page %q; want %q, %q, %q",
					k.Title, k.Attribution, k.Network, k.PageAttribution, c.title, c.attribution, c.network)
			}
			got := codes(k.Outlines)
			for _, code := range c.has {
				if !slices.Contains(got, code) {
					t.Errorf("no outline of %s among %v", code, got)
				}
			}
			for _, code := range c.hasNot {
				if slices.Contains(got, code) {
					t.Errorf("an outline of %s among %v", code, got)
				}
			}
		})
	}
	if _, err := KindOf(sim.Summary{}, nil); err == nil {
		t.Error("KindOf with no network: no error")
	}
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
	for _, want := range []string{"MALI", FleeAttribution} {
		if !strings.Contains(text, want) {
			t.Errorf("the map's SVG lacks %q", want)
		}
	}
	if strings.Contains(text, "SERBIA") {
		t.Error("the map of a Mali run names Serbia")
	}
}
