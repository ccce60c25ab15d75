package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// TestEncodePNG checks that what encodePNG writes decodes to the image it
// was given, for the opaque RGBA images it encodes itself and for those it
// hands to image/png.
func TestEncodePNG(t *testing.T) {
	pattern := func(r image.Rectangle, alpha func(x, y int) uint8) *image.RGBA {
		im := image.NewRGBA(r)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				a := alpha(x, y)
				// Premultiplied: no channel above alpha.
				im.SetRGBA(x, y, color.RGBA{uint8(x*7) & a, uint8(y*13) & a, uint8(x*y) & a, a})
			}
		}
		return im
	}
	opaque := func(int, int) uint8 { return 0xFF }
	gray := image.NewGray(image.Rect(0, 0, 5, 3))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 17)
	}
	big := pattern(image.Rect(0, 0, 300, 400), opaque) // more than one IDAT chunk
	for _, c := range []struct {
		name string
		img  image.Image
	}{
		{"opaque", pattern(image.Rect(0, 0, 17, 9), opaque)},
		{"opaque, not at the origin", pattern(image.Rect(-3, 5, 20, 11), opaque)},
		{"opaque sub-image", big.SubImage(image.Rect(10, 20, 50, 31))},
		{"opaque, several IDAT chunks", big},
		{"one pixel", pattern(image.Rect(0, 0, 1, 1), opaque)},
		{"translucent", pattern(image.Rect(0, 0, 8, 8), func(x, y int) uint8 { return uint8(x * 32) })},
		{"gray", gray},
	} {
		var buf bytes.Buffer
		if err := encodePNG(&buf, c.img); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Errorf("%s: decode: %v", c.name, err)
			continue
		}
		b := c.img.Bounds()
		if got.Bounds().Size() != b.Size() {
			t.Errorf("%s: size %v, want %v", c.name, got.Bounds().Size(), b.Size())
			continue
		}
		off := got.Bounds().Min.Sub(b.Min)
	pixels:
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if g, w := color.NRGBAModel.Convert(got.At(x+off.X, y+off.Y)), color.NRGBAModel.Convert(c.img.At(x, y)); g != w {
					t.Errorf("%s: pixel (%d, %d) is %v, want %v", c.name, x, y, g, w)
					break pixels
				}
			}
		}
	}
	if err := encodePNG(&bytes.Buffer{}, image.NewRGBA(image.Rect(0, 0, 0, 4))); err == nil {
		t.Error("an empty image encoded without error")
	}
}
