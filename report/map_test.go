package report

import (
	"bytes"
	"context"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
	"github.com/paulmach/orb"
)

var mapRuns sync.Map // "scenario/seed" → *runfolder.Data

// mapTestRun runs a built-in scenario at scale 0.05 (with seed, if not 0),
// writes its folder, loads it back and removes the folder; runs are shared
// by the tests of this binary.
func mapTestRun(t *testing.T, name string, seed uint64) *runfolder.Data {
	t.Helper()
	key := name + "/" + strconv.FormatUint(seed, 10)
	if d, ok := mapRuns.Load(key); ok {
		return d.(*runfolder.Data)
	}
	s, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := borderaware.Run(context.Background(), s, sim.Options{Scale: 0.05, Workers: 2, Seed: seed, SeedSet: seed != 0})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "borderflow-map-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := runfolder.Write(dir, res, "test"); err != nil {
		t.Fatal(err)
	}
	d, err := runfolder.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	mapRuns.Store(key, d)
	return d
}

func decodePNG(t *testing.T, b []byte, w, h int) image.Image {
	t.Helper()
	im, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png: %v", err)
	}
	if got := im.Bounds().Size(); got != (image.Point{w, h}) {
		t.Fatalf("png is %v, want %dx%d", got, w, h)
	}
	colours := map[color.RGBA]bool{}
	for y := 0; y < h; y += 2 {
		for x := 0; x < w; x += 2 {
			colours[color.RGBAModel.Convert(im.At(x, y)).(color.RGBA)] = true
		}
	}
	if len(colours) < 100 {
		t.Errorf("png has %d distinct colours: blank?", len(colours))
	}
	return im
}

// svgElement is an SVG element with its children, as far as the tests need.
type svgElement struct {
	XMLName   xml.Name
	Transform string       `xml:"transform,attr"`
	D         string       `xml:"d,attr"`
	Text      string       `xml:",chardata"`
	Children  []svgElement `xml:",any"`
}

func parseSVG(t *testing.T, b []byte) *svgElement {
	t.Helper()
	var root svgElement
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatalf("svg does not parse: %v", err)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root element %q, want svg", root.XMLName.Local)
	}
	return &root
}

// postElements counts the map's post symbols in the SVG: each is drawn in
// its own translated group whose path is a square (centres are circles,
// whose paths have arcs).
func postElements(e *svgElement) int {
	n := 0
	if e.XMLName.Local == "g" && strings.HasPrefix(e.Transform, "translate(") && len(e.Children) > 0 {
		if c := e.Children[0]; c.XMLName.Local == "path" && !strings.Contains(c.D, "A") && strings.Count(c.D, "L") == 3 {
			n++
		}
	}
	for i := range e.Children {
		n += postElements(&e.Children[i])
	}
	return n
}

// pixelCount counts the pixels of r for which f holds.
func pixelCount(im image.Image, r image.Rectangle, f func(c color.RGBA) bool) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if f(color.RGBAModel.Convert(im.At(x, y)).(color.RGBA)) {
				n++
			}
		}
	}
	return n
}

// toPixel converts a map point (vg points from the bottom left) to PNG
// pixels.
func toPixel(x, y float64) image.Point {
	return image.Point{int(x * dpi / 72), 1200 - int(y*dpi/72)}
}

func TestWriteMap(t *testing.T) {
	d := mapTestRun(t, "hungary-serbia-wall", 0)
	var pngBuf, svgBuf bytes.Buffer
	posts, err := renderMap(&pngBuf, &svgBuf, d, singleSpec(d), nil)
	if err != nil {
		t.Fatal(err)
	}
	var png2, svg2 bytes.Buffer
	if err := WriteMap(&png2, &svg2, d); err != nil {
		t.Fatal(err)
	}
	if png2.Len() == 0 || svg2.Len() == 0 {
		t.Fatal("WriteMap wrote nothing")
	}
	t.Logf("map.png %d bytes, map.svg %d bytes", pngBuf.Len(), svgBuf.Len())
	im := decodePNG(t, pngBuf.Bytes(), 1600, 1200)

	// Around Belgrade, the middle of the route: roads, flows and symbols,
	// not only land, sea and white.
	proj := newProjection(d.Network, mapFrame)
	c := proj.pt(orb.Point{20.46, 44.82})
	at := toPixel(float64(c.X), float64(c.Y))
	area := image.Rectangle{Min: at.Sub(image.Point{150, 150}), Max: at.Add(image.Point{150, 150})}
	base := map[color.RGBA]bool{{255, 255, 255, 255}: true}
	for _, c := range []color.NRGBA{colSea, colLand, colLandOther} {
		base[color.RGBAModel.Convert(c).(color.RGBA)] = true
	}
	if n := pixelCount(im, area, func(c color.RGBA) bool { return !base[c] }); n < 3000 {
		t.Errorf("only %d drawn pixels around Belgrade", n)
	}
	if n := pixelCount(im, area, func(c color.RGBA) bool { return c == color.RGBA{255, 255, 255, 255} }); n > 20000 {
		t.Errorf("%d white pixels around Belgrade: the map is not there", n)
	}

	// The legend: a box at the top right with dark text in it.
	tl := toPixel(float64(legendPanel.Min.X), float64(legendPanel.Max.Y))
	legend := image.Rect(tl.X+4, tl.Y+4, 1600-24, tl.Y+400)
	dark := func(c color.RGBA) bool { return int(c.R)+int(c.G)+int(c.B) < 3*90 }
	if n := pixelCount(im, legend, dark); n < 500 {
		t.Errorf("legend area has %d dark pixels, want text", n)
	}

	svg := svgBuf.String()
	for _, want := range []string{d.Summary.Scenario, runfolder.Attribution, "Border posts", "Reception centres", "km"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	root := parseSVG(t, svgBuf.Bytes())
	if got := postElements(root); got != posts || posts != len(d.Crossings) {
		t.Errorf("svg has %d post symbols, drew %d, network has %d posts", got, posts, len(d.Crossings))
	}
}

func TestWriteMapNoCapacities(t *testing.T) {
	// Without the scenario text the posts are coloured by share refused.
	d := *mapTestRun(t, "hungary-serbia-wall", 0)
	d.ScenarioYAML = nil
	var svg bytes.Buffer
	if err := WriteMap(nil, &svg, &d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg.String(), "share of people refused") {
		t.Error("legend does not say posts are coloured by share refused")
	}
	parseSVG(t, svg.Bytes())
}

func TestWriteDiffMap(t *testing.T) {
	base := mapTestRun(t, "hungary-serbia-wall", 0)
	scen := mapTestRun(t, "hungary-serbia-wall", 7)
	var pngBuf, svgBuf bytes.Buffer
	if err := WriteDiffMap(&pngBuf, &svgBuf, base, scen); err != nil {
		t.Fatal(err)
	}
	decodePNG(t, pngBuf.Bytes(), 1600, 1200)
	parseSVG(t, svgBuf.Bytes())
	svg := svgBuf.String()
	for _, want := range []string{"hungary-serbia-wall vs hungary-serbia-wall", "scenario − baseline", "blue: lower than baseline", runfolder.Attribution} {
		if !strings.Contains(svg, want) {
			t.Errorf("diff svg lacks %q", want)
		}
	}
	if err := WriteDiffMap(io.Discard, io.Discard, base, nil); err == nil {
		t.Error("diff map with a missing run: no error")
	}
}

func TestMapHelpers(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -45000: "−45,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := legendValues(123456, 3); len(got) != 3 || got[0] != 100000 || got[1] != 20000 || got[2] != 5000 {
		t.Errorf("legendValues = %v", got)
	}
	if got := shortName("Horgoš – Röszke (M5/E75)"); got != "Horgoš – Röszke" {
		t.Errorf("shortName = %q", got)
	}
	if got := wrap("Slavonski Brod winter reception-transit centre", 30); len(got) != 2 {
		t.Errorf("wrap = %q", got)
	}
	for r, want := range map[float64]color.NRGBA{0.5: colGreen, 0.9: colAmber, 1: colRed, 1.7: colRed} {
		if got := loadColour(r); got != want {
			t.Errorf("loadColour(%v) = %v, want %v", r, got, want)
		}
	}
	if diverging(-1) != colLower || diverging(1) != colHigher || diverging(0) != colNeutral {
		t.Error("diverging scale ends")
	}
}
