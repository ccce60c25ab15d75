package world

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"github.com/paulmach/orb"

	"github.com/borderflow/borderflow/geo"
)

//go:generate go run ../../internal/worldgen -out countries.geojson.gz

//go:embed countries.geojson.gz
var countriesGz []byte

var all = sync.OnceValues(func() ([]geo.Country, error) {
	zr, err := gzip.NewReader(bytes.NewReader(countriesGz))
	if err != nil {
		return nil, fmt.Errorf("world/countries.geojson.gz: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("world/countries.geojson.gz: %w", err)
	}
	return geo.DecodeCountries(raw, "world/countries.geojson")
})

// Countries returns the outlines, sorted by code, of the countries that have
// land in b: each with the polygons of its outline whose bounding box
// intersects b (the rest of, say, Russia, the United States or Fiji across
// the antimeridian is left out). Codes are ISO 3166-1 alpha-3 (Kosovo:
// XKX; the few outlines with no ISO code carry Natural Earth's ADM0_A3
// code); names are Natural Earth's short names ("Bosnia and Herz.",
// "Dem. Rep. Congo"). The outlines are shared: do not modify them.
func Countries(b orb.Bound) ([]geo.Country, error) {
	cs, err := all()
	if err != nil {
		return nil, err
	}
	var out []geo.Country
	for _, c := range cs {
		if !c.Shape.Bound().Intersects(b) {
			continue
		}
		var shape orb.MultiPolygon
		for _, p := range c.Shape {
			if p.Bound().Intersects(b) {
				shape = append(shape, p)
			}
		}
		if len(shape) > 0 {
			out = append(out, geo.Country{Code: c.Code, Name: c.Name, Shape: shape})
		}
	}
	return out, nil
}
