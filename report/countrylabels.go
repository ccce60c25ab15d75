package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/borderflow/borderflow/geo"
)

// countryLabel is a country's name as the map writes it: one or two lines
// centred on at, in a face of size points.
type countryLabel struct {
	code  string
	lines []string
	at    vg.Point
	size  vg.Length
	box   vg.Rectangle
}

// countryAbbrev are the short forms of long country names, used where the
// full name fits nowhere.
var countryAbbrev = map[string]string{
	"BOSNIA AND HERZEGOVINA": "BOS. & HERZ.",
	"NORTH MACEDONIA":        "N. MACEDONIA",
	"CZECH REPUBLIC":         "CZECHIA",
	"UNITED KINGDOM":         "UK",
}

// countryFull are the full names behind the outlines' short ones.
var countryFull = map[string]string{
	"BOSNIA AND HERZ.": "BOSNIA AND HERZEGOVINA",
	"MACEDONIA":        "NORTH MACEDONIA",
}

// labelInputs are all that country labels depend on: the map's
// projection, the places a post or centre symbol can be drawn (and the
// scale bar), the network's countries and the outlines; never the run.
type labelInputs struct {
	proj      projection
	obstacles []vg.Rectangle
	inNet     map[string]bool
	outlines  []geo.Country
}

func labelInputsOf(net *geo.Network, outlines []geo.Country) labelInputs {
	in := labelInputs{proj: newProjection(net, mapFrame), inNet: map[string]bool{}, outlines: outlines}
	square := func(p vg.Point, h vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: p.X - h, Y: p.Y - h}, Max: vg.Point{X: p.X + h, Y: p.Y + h}}
	}
	for c := range geo.CrossingID(net.NumCrossings()) {
		in.obstacles = append(in.obstacles, square(in.proj.pt(postPoint(net, c)), postMaxHalf+2))
	}
	for _, v := range net.Centres() {
		in.obstacles = append(in.obstacles, square(in.proj.pt(net.Node(v).Point), centreMaxR+2))
	}
	// The scale bar's corner (see scaleBar).
	in.obstacles = append(in.obstacles, vg.Rectangle{Min: mapFrame.Min, Max: vg.Point{X: mapFrame.Min.X + 240, Y: mapFrame.Min.Y + 44}})
	for _, c := range net.Countries() {
		in.inNet[c] = true
	}
	return in
}

// key is a digest of the inputs' values, so that the same network read
// twice (a new *geo.Network, new outline slices) finds its labels.
func (in labelInputs) key() [sha256.Size]byte {
	h := sha256.New()
	var buf []byte
	num := func(fs ...float64) {
		for _, f := range fs {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
		}
	}
	text := func(s string) {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	flush := func() {
		h.Write(buf)
		buf = buf[:0]
	}
	p := in.proj
	num(p.lon0, p.lat0, p.cosLat, p.k, float64(p.centre.X), float64(p.centre.Y), float64(len(in.obstacles)))
	for _, r := range in.obstacles {
		num(float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y))
	}
	num(float64(len(in.outlines)))
	for _, c := range in.outlines {
		text(c.Code)
		text(c.Name)
		if in.inNet[c.Code] {
			text("in network")
		}
		num(float64(len(c.Shape)))
		for _, poly := range c.Shape {
			num(float64(len(poly)))
			if len(poly) > 0 {
				num(float64(len(poly[0])))
				for _, q := range poly[0] {
					num(q[0], q[1])
				}
			}
			flush()
		}
	}
	flush()
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// labelEntry is one network's labels, placed once by whichever caller
// asks first while the others wait.
type labelEntry struct {
	once   sync.Once
	labels []countryLabel
}

var (
	labelCacheMu sync.Mutex
	labelCache   = map[[sha256.Size]byte]*labelEntry{}
)

// countryLabelsFor returns the country labels of a network's map,
// computed once per network and outlines (by value) in a process and then
// shared: callers must not modify them. It is safe for concurrent use.
func countryLabelsFor(net *geo.Network, outlines []geo.Country) []countryLabel {
	in := labelInputsOf(net, outlines)
	k := in.key()
	labelCacheMu.Lock()
	e, ok := labelCache[k]
	if !ok {
		if len(labelCache) >= 16 { // a long-lived process rendering many networks
			clear(labelCache)
		}
		e = &labelEntry{}
		labelCache[k] = e
	}
	labelCacheMu.Unlock()
	e.once.Do(func() { e.labels = in.place() })
	return e.labels
}

// placeCountryLabels places a network's country labels, uncached.
func placeCountryLabels(net *geo.Network, outlines []geo.Country) []countryLabel {
	return labelInputsOf(net, outlines).place()
}

// place names every country whose outline has area in the map's frame,
// the network's countries first: each where its name (full, on two lines,
// or abbreviated; 11 points, else 9) fits wholly inside the country's
// visible outline and the frame, clear of every place a post or centre
// symbol of the network can be drawn (at its largest), of the scale bar
// and of the other names, as far from the outline's edge as it can.
func (in labelInputs) place() []countryLabel {
	obstacles := slices.Clip(in.obstacles)
	order := make([]int, 0, len(in.outlines))
	for pass := range 2 {
		for i, c := range in.outlines {
			if in.inNet[c.Code] == (pass == 0) {
				order = append(order, i)
			}
		}
	}
	proj := in.proj
	view := orb.Bound{Min: proj.lonLat(mapFrame.Min), Max: proj.lonLat(mapFrame.Max)}
	var out []countryLabel
	for _, i := range order {
		c := in.outlines[i]
		if !c.Shape.Bound().Intersects(view) {
			continue
		}
		if l, ok := fitCountryLabel(c.Code, strings.ToUpper(c.Name), visibleRings(c, proj, view), obstacles); ok {
			out = append(out, l)
			obstacles = append(obstacles, l.box)
		}
	}
	return out
}

// visibleRings are the outer rings of a country's polygons in view,
// projected to map points, clipped to the frame and indexed.
func visibleRings(c geo.Country, proj projection, view orb.Bound) []*ringIndex {
	clip := draw.Canvas{Rectangle: mapFrame}
	var rings []*ringIndex
	for _, poly := range c.Shape {
		if len(poly) == 0 || !poly.Bound().Intersects(view) {
			continue
		}
		pts := make([]vg.Point, 0, len(poly[0]))
		for _, q := range poly[0] {
			pts = append(pts, proj.pt(q))
		}
		if pts = clip.ClipPolygonXY(pts); len(pts) >= 3 {
			rings = append(rings, newRingIndex(toRing(pts)))
		}
	}
	return rings
}

// nameForms are the ways to write a name, best first: one line, two
// lines split at the most even space, the abbreviation.
func nameForms(name string) [][]string {
	name = cmp.Or(countryFull[name], name)
	forms := [][]string{{name}}
	words := strings.Fields(name)
	if len(words) > 1 {
		best, bestD := 0, math.MaxInt
		for k := 1; k < len(words); k++ {
			a, b := len([]rune(strings.Join(words[:k], " "))), len([]rune(strings.Join(words[k:], " ")))
			if d := max(a, b); d < bestD {
				best, bestD = k, d
			}
		}
		forms = append(forms, []string{strings.Join(words[:best], " "), strings.Join(words[best:], " ")})
	}
	if a, ok := countryAbbrev[name]; ok {
		forms = append(forms, []string{a})
	}
	return forms
}

// fitCountryLabel finds the best place for a name in the rings.
func fitCountryLabel(code, name string, rings []*ringIndex, obstacles []vg.Rectangle) (countryLabel, bool) {
	for _, size := range []vg.Length{countryLabelSz, 9} {
		f := sans(size, false)
		for _, lines := range nameForms(name) {
			var w, lh vg.Length
			for _, l := range lines {
				lw, h := textBox(f, l)
				w, lh = max(w, lw), h
			}
			w, h := w+4, lh*vg.Length(len(lines))+2
			best, bestD := countryLabel{}, -1.0
			for _, r := range rings {
				b := r.bound
				const n = 40
				for i := range n {
					for j := range n {
						x := b.Min[0] + (b.Max[0]-b.Min[0])*(float64(i)+0.5)/n
						y := b.Min[1] + (b.Max[1]-b.Min[1])*(float64(j)+0.5)/n
						box := vg.Rectangle{Min: vg.Point{X: vg.Length(x) - w/2, Y: vg.Length(y) - h/2}, Max: vg.Point{X: vg.Length(x) + w/2, Y: vg.Length(y) + h/2}}
						if !inside(box, mapFrame) || hitsAny(box, obstacles) || !boxInRing(box, r) {
							continue
						}
						if d := planar.DistanceFrom(r.ring, orb.Point{x, y}); d > bestD {
							best = countryLabel{code: code, lines: lines, at: vg.Point{X: vg.Length(x), Y: vg.Length(y)}, size: size, box: box}
							bestD = d
						}
					}
				}
			}
			if bestD >= 0 {
				return best, true
			}
		}
	}
	return countryLabel{}, false
}

// boxInRing reports whether box lies inside the ring: no point of the
// ring inside the box, and its corners and the middles of its sides inside
// the ring.
func boxInRing(box vg.Rectangle, r *ringIndex) bool {
	x0, y0, x1, y1 := float64(box.Min.X), float64(box.Min.Y), float64(box.Max.X), float64(box.Max.Y)
	if r.vertexIn(x0, y0, x1, y1) {
		return false
	}
	for _, p := range [...]orb.Point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {(x0 + x1) / 2, y0}, {(x0 + x1) / 2, y1}, {x0, (y0 + y1) / 2}, {x1, (y0 + y1) / 2}} {
		if !r.contains(p) {
			return false
		}
	}
	return true
}

func hitsAny(r vg.Rectangle, boxes []vg.Rectangle) bool {
	for _, b := range boxes {
		if overlaps(r, b) {
			return true
		}
	}
	return false
}
