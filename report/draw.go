package report

// Shared drawing helpers for the map and the charts: a canvas that renders
// PNG and SVG from the same drawing calls, fonts, colours, number formats
// and a label placer.

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	xfont "golang.org/x/image/font"
)

// dpi is the resolution of the PNG outputs: vg lengths are in points
// (1/72 inch), so a canvas of W points is W×96/72 pixels wide.
const dpi = 96

// px converts pixels of the PNG output to vg lengths.
func px(n float64) vg.Length { return vg.Length(n * 72 / dpi) }

// twinCanvas renders the same drawing calls to a raster (PNG) and a vector
// (SVG) canvas.
type twinCanvas struct {
	img *vgimg.Canvas
	svg *vgsvg.Canvas
	dc  draw.Canvas
}

// newTwinCanvas returns a w×h canvas with a white background in both
// outputs.
func newTwinCanvas(w, h vg.Length) *twinCanvas {
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	svg := vgsvg.NewWith(vgsvg.UseWH(w, h))
	t := &twinCanvas{img: img, svg: svg, dc: draw.NewCanvas(vg.MultiCanvas(img, svg), w, h)}
	// The SVG starts transparent; the raster is already white.
	fillRect(svg, t.dc.Rectangle, color.White)
	return t
}

// writeTo writes the PNG to png and the SVG to svg; either may be nil.
func (t *twinCanvas) writeTo(png, svg io.Writer) error {
	if png != nil {
		if err := encodePNG(png, t.img.Image()); err != nil {
			return fmt.Errorf("png: %w", err)
		}
	}
	if svg != nil {
		if _, err := t.svg.WriteTo(svg); err != nil {
			return fmt.Errorf("svg: %w", err)
		}
	}
	return nil
}

// sans returns the Liberation Sans face (shipped with gonum/plot, so nothing
// is downloaded) at size points.
func sans(size vg.Length, bold bool) font.Face {
	f := sansFont(bold)
	return font.DefaultCache.Lookup(f, size)
}

func sansFont(bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// The text is registered by the plot package; referring to it here makes
// sure its fonts are in font.DefaultCache whatever else is linked.
var _ = plot.DefaultFont

// Alignments of text relative to its anchor point.
const (
	alignLeft   = 0.0
	alignCenter = -0.5
	alignRight  = -1.0
)

// drawText draws s with its left edge at x+xalign×width and its baseline
// such that the text's box (ascent to descent) is vertically centred on y
// when valign is -0.5, bottom-aligned when 0 and top-aligned when -1.
func drawText(c vg.Canvas, f font.Face, col color.Color, x, y vg.Length, s string, xalign, valign float64) {
	e := f.Extents()
	w := f.Width(s)
	h := e.Ascent + e.Descent
	bx := x + vg.Length(xalign)*w
	by := y + vg.Length(valign)*h + e.Descent
	c.Push()
	c.SetColor(col)
	c.FillString(f, vg.Point{X: bx, Y: by}, s)
	c.Pop()
}

// textBox returns the size of s in face f.
func textBox(f font.Face, s string) (w, h vg.Length) {
	e := f.Extents()
	return f.Width(s), e.Ascent + e.Descent
}

func fillRect(c vg.Canvas, r vg.Rectangle, col color.Color) {
	c.Push()
	c.SetColor(col)
	c.Fill(rectPath(r))
	c.Pop()
}

func strokeRect(c vg.Canvas, r vg.Rectangle, col color.Color, w vg.Length) {
	c.Push()
	c.SetColor(col)
	c.SetLineWidth(w)
	c.Stroke(rectPath(r))
	c.Pop()
}

func rectPath(r vg.Rectangle) vg.Path {
	var p vg.Path
	p.Move(r.Min)
	p.Line(vg.Point{X: r.Max.X, Y: r.Min.Y})
	p.Line(r.Max)
	p.Line(vg.Point{X: r.Min.X, Y: r.Max.Y})
	p.Close()
	return p
}

func circlePath(at vg.Point, r vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: at.X + r, Y: at.Y})
	p.Arc(at, r, 0, 2*math.Pi)
	p.Close()
	return p
}

func linePath(pts []vg.Point) vg.Path {
	var p vg.Path
	for i, q := range pts {
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	return p
}

// strokeLine draws a polyline in colour col, width w, with an optional
// dash pattern.
func strokeLine(c vg.Canvas, pts []vg.Point, col color.Color, w vg.Length, dash []vg.Length) {
	if len(pts) < 2 {
		return
	}
	c.Push()
	c.SetColor(col)
	c.SetLineWidth(w)
	c.SetLineDash(dash, 0)
	c.Stroke(linePath(pts))
	c.Pop()
}

// rgb returns the opaque colour 0xRRGGBB.
func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 255}
}

// withAlpha returns c with opacity a (0–1).
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(a * 255))
	return c
}

// mix interpolates linearly between a (t=0) and b (t=1).
func mix(a, b color.NRGBA, t float64) color.NRGBA {
	t = math.Max(0, math.Min(1, t))
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.NRGBA{R: l(a.R, b.R), G: l(a.G, b.G), B: l(a.B, b.B), A: l(a.A, b.A)}
}

// The palette of the map and charts.
var (
	colInk       = rgb(0x222222)
	colMuted     = rgb(0x5F5F5F)
	colSea       = rgb(0xDCE8F2)
	colLand      = rgb(0xE9E7E2) // countries of the network
	colLandOther = rgb(0xF4F3F0) // neighbours outside it
	colBorder    = rgb(0xA3A19C)
	colFlow      = rgb(0x2B6CB0)
	colGreen     = rgb(0x1A9850)
	colAmber     = rgb(0xF39C12)
	colRed       = rgb(0xD7301F)
	colUnknown   = rgb(0xA6A6A6)
	colLower     = rgb(0x2166AC) // diverging scale: lower than baseline
	colNeutral   = rgb(0xE3E3E3)
	colHigher    = rgb(0xB2182B) // higher than baseline
)

// refusalColours are the classes of share refused (RdPu), for posts that
// have no daily cap: none, < 10 %, 10–30 %, ≥ 30 %.
var refusalColours = []color.NRGBA{rgb(0xFFFFFF), rgb(0xFCC5C0), rgb(0xF768A1), rgb(0xAE017E)}

var refusalLabels = []string{"none refused", "< 10 % refused", "10–30 % refused", "≥ 30 % refused"}

func refusalColour(share float64) color.NRGBA {
	switch {
	case share <= 0:
		return refusalColours[0]
	case share < 0.10:
		return refusalColours[1]
	case share < 0.30:
		return refusalColours[2]
	}
	return refusalColours[3]
}

// loadColour classes a ratio of load to capacity: green below 80 %, amber
// below 100 %, red at or above; grey when the ratio is unknown (NaN).
func loadColour(ratio float64) color.NRGBA {
	switch {
	case math.IsNaN(ratio):
		return colUnknown
	case ratio < 0.8:
		return colGreen
	case ratio < 1:
		return colAmber
	}
	return colRed
}

// diverging maps t in [-1, 1] to blue (lower), grey (no change) and red
// (higher).
func diverging(t float64) color.NRGBA {
	if math.IsNaN(t) {
		return colNeutral
	}
	if t < 0 {
		return mix(colNeutral, colLower, -t)
	}
	return mix(colNeutral, colHigher, t)
}

// seriesColours are distinct colours for chart lines (Tableau 10 and a few
// more).
var seriesColours = []color.NRGBA{
	rgb(0x4E79A7), rgb(0xF28E2B), rgb(0xE15759), rgb(0x76B7B2), rgb(0x59A14F),
	rgb(0xEDC948), rgb(0xB07AA1), rgb(0xFF9DA7), rgb(0x9C755F), rgb(0xBAB0AC),
	rgb(0x1F3A93), rgb(0x8E6C8A), rgb(0x2E8B57), rgb(0x8B0000), rgb(0x556B2F), rgb(0x000000),
}

// thousands formats n with thin-space-free comma grouping: 1234567 →
// "1,234,567".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// compact formats n briefly: 950, 12k, 1.2M.
func compact(n float64) string {
	sign := ""
	if n < 0 {
		sign, n = "−", -n
	}
	switch {
	case n >= 1e6:
		return sign + trimZero(strconv.FormatFloat(n/1e6, 'f', 1, 64)) + "M"
	case n >= 1e4:
		return sign + strconv.FormatFloat(math.Round(n/1e3), 'f', 0, 64) + "k"
	case n >= 1e3:
		return sign + trimZero(strconv.FormatFloat(n/1e3, 'f', 1, 64)) + "k"
	}
	return sign + strconv.FormatFloat(math.Round(n), 'f', 0, 64)
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// niceBelow returns the largest 1, 2 or 5 × 10^k not above x (x > 0).
func niceBelow(x float64) float64 {
	if x <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= x {
			return m * p
		}
	}
	return p
}

// labelPlacer places labels without overlap: a label is kept only where
// its box lies inside bounds and hits no box placed or reserved before it;
// boxes reserved as soft (minor symbols) are avoided where possible and
// covered only when every candidate hits one.
type labelPlacer struct {
	bounds      vg.Rectangle
	taken, soft []vg.Rectangle
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

func inside(a, b vg.Rectangle) bool {
	return a.Min.X >= b.Min.X && a.Max.X <= b.Max.X && a.Min.Y >= b.Min.Y && a.Max.Y <= b.Max.Y
}

// reserve marks r as taken (a symbol that labels must not cover).
func (l *labelPlacer) reserve(r vg.Rectangle) { l.taken = append(l.taken, r) }

// reserveSoft marks r as to be avoided if possible.
func (l *labelPlacer) reserveSoft(r vg.Rectangle) { l.soft = append(l.soft, r) }

// place tries the candidate boxes in order and takes the first free one.
func (l *labelPlacer) place(cands []vg.Rectangle) (vg.Rectangle, bool) {
	free := func(r vg.Rectangle, boxes []vg.Rectangle) bool {
		for _, t := range boxes {
			if overlaps(r, t) {
				return false
			}
		}
		return true
	}
	for pass := range 2 {
		for _, r := range cands {
			if inside(r, l.bounds) && free(r, l.taken) && (pass == 1 || free(r, l.soft)) {
				l.taken = append(l.taken, r)
				return r, true
			}
		}
	}
	return vg.Rectangle{}, false
}

// candidates returns boxes of size w×h around a symbol of radius r at p:
// right, left, above, below and the four diagonals, first next to the
// symbol, then a little further out (for a label with a leader line).
func candidates(p vg.Point, r, w, h vg.Length) []vg.Rectangle {
	box := func(x, y vg.Length) vg.Rectangle {
		return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
	}
	var out []vg.Rectangle
	for _, g := range []vg.Length{r + 3, r + 16, r + 32} {
		d := g * 0.75
		out = append(out,
			box(p.X+g, p.Y-h/2),
			box(p.X-g-w, p.Y-h/2),
			box(p.X-w/2, p.Y+g),
			box(p.X-w/2, p.Y-g-h),
			box(p.X+d, p.Y+d),
			box(p.X-d-w, p.Y+d),
			box(p.X+d, p.Y-d-h),
			box(p.X-d-w, p.Y-d-h),
		)
	}
	return out
}

// nearestOn returns the point of r nearest to p.
func nearestOn(r vg.Rectangle, p vg.Point) vg.Point {
	return vg.Point{X: min(max(p.X, r.Min.X), r.Max.X), Y: min(max(p.Y, r.Min.Y), r.Max.Y)}
}

// monthTicks puts axis ticks on the first of months: labelled every k-th
// month (k chosen for about six labels), unlabelled minor ticks on the
// others; for spans under two months, on Mondays. Values are Unix seconds.
type monthTicks struct{}

// Ticks implements plot.Ticker.
func (monthTicks) Ticks(lo, hi float64) []plot.Tick {
	t0, t1 := unixDay(lo), unixDay(hi)
	var ticks []plot.Tick
	if t1.Sub(t0).Hours() < 24*60 {
		for t := t0.Truncate(24 * 3600e9); !t.After(t1); t = t.AddDate(0, 0, 1) {
			if t.Before(t0) {
				continue
			}
			label := ""
			if t.Weekday() == 1 {
				label = t.Format("2 Jan")
			}
			ticks = append(ticks, plot.Tick{Value: float64(t.Unix()), Label: label})
		}
		return ticks
	}
	first := monthStart(t0)
	months := 0
	for t := first; !t.After(t1); t = t.AddDate(0, 1, 0) {
		months++
	}
	k := max(1, int(math.Ceil(float64(months)/6)))
	for i, t := 0, first; !t.After(t1); i, t = i+1, t.AddDate(0, 1, 0) {
		if t.Before(t0) {
			continue
		}
		label := ""
		if int(t.Month()-1)%k == 0 {
			label = t.Format("Jan 2006")
			if k == 1 && t.Month() != 1 && i > 0 {
				label = t.Format("Jan")
			}
		}
		ticks = append(ticks, plot.Tick{Value: float64(t.Unix()), Label: label})
	}
	return ticks
}

// countTicks are plot.DefaultTicks with labels grouped by thousands.
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = thousands(int64(math.Round(ticks[i].Value)))
		}
	}
	return ticks
}

// unixDay returns the UTC time of Unix seconds s.
func unixDay(s float64) time.Time { return time.Unix(int64(math.Round(s)), 0).UTC() }

// monthStart returns the first of t's month.
func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func rectCenter(r vg.Rectangle) vg.Point {
	return vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
}

func rectContains(r vg.Rectangle, p vg.Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}
