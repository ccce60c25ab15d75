package geo

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// Country is a country's outline, for maps and sanity checks. Outlines come
// from Natural Earth at 1:10m and are one to three kilometres off at borders:
// never use them to decide which country a place near a border is in.
type Country struct {
	Code  string // ISO 3166-1 alpha-3 (Kosovo: XKX)
	Name  string
	Shape orb.MultiPolygon
}

// Contains reports whether p lies inside the country's outline.
func (c *Country) Contains(p orb.Point) bool {
	return c.Shape.Bound().Contains(p) && planar.MultiPolygonContains(c.Shape, p)
}

// DistanceKm returns how far p lies from the country's outline: 0 inside,
// otherwise the distance to the nearest point of its boundary.
func (c *Country) DistanceKm(p orb.Point) Km {
	if c.Contains(p) {
		return 0
	}
	best := math.Inf(1)
	scale := math.Cos(p[1] * math.Pi / 180)
	for _, poly := range c.Shape {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				best = math.Min(best, planar.DistanceFromSegment(equirect(p, ring[i], scale), equirect(p, ring[i+1], scale), orb.Point{}))
			}
		}
	}
	return Km(best * kmPerDegree)
}

// equirect projects q onto the plane of an equirectangular projection centred
// on p, in degrees of latitude, with longitude scaled by scale (the cosine of
// p's latitude): near p, planar distances there are distances on the Earth.
func equirect(p, q orb.Point, scale float64) orb.Point {
	return orb.Point{(q[0] - p[0]) * scale, q[1] - p[1]}
}

// DecodeCountries reads country outlines from a GeoJSON FeatureCollection of
// Polygon or MultiPolygon features, such as Natural Earth's admin-0
// countries. A feature's code is the first valid ISO 3166-1 alpha-3 code
// among its properties iso_a3, ISO_A3, ADM0_A3 and adm0_a3 (Natural Earth
// writes "-99" where a country has no ISO code, and "KOS" for Kosovo, which
// becomes XKX); its name comes from "name" or "NAME". Features without a code
// and other geometries are skipped; a file with no usable feature is an error.
func DecodeCountries(data []byte, name string) ([]Country, error) {
	if err := checkJSON(data, name); err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, fmt.Errorf("%s: not a GeoJSON FeatureCollection: %w", name, err)
	}
	var out []Country
	for _, f := range fc.Features {
		var shape orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			shape = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			shape = g
		default:
			continue
		}
		code := ""
		for _, k := range []string{"iso_a3", "ISO_A3", "ADM0_A3", "adm0_a3"} {
			s, _ := f.Properties[k].(string)
			if s == "KOS" {
				s = "XKX"
			}
			if ValidCountry(s) {
				code = s
				break
			}
		}
		if code == "" {
			continue
		}
		cname, _ := f.Properties["name"].(string)
		if cname == "" {
			cname, _ = f.Properties["NAME"].(string)
		}
		out = append(out, Country{Code: code, Name: cname, Shape: shape})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no Polygon or MultiPolygon features with an ISO alpha-3 code (in iso_a3, ISO_A3 or ADM0_A3)", name)
	}
	slices.SortFunc(out, func(a, b Country) int { return cmp.Compare(a.Code, b.Code) })
	return out, nil
}

// EncodeCountries writes outlines as a GeoJSON FeatureCollection with
// properties iso_a3 and name, one feature per line.
func EncodeCountries(cs []Country) ([]byte, error) {
	var buf []byte
	buf = append(buf, `{"type":"FeatureCollection","features":[`+"\n"...)
	for i, c := range cs {
		f := geojson.NewFeature(c.Shape)
		f.Properties = geojson.Properties{"iso_a3": c.Code, "name": c.Name}
		b, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf = append(buf, ",\n"...)
		}
		buf = append(buf, b...)
	}
	return append(buf, "\n]}\n"...), nil
}
