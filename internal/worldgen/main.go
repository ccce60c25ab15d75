// Command worldgen builds geo/world's countries.geojson, the Natural Earth
// 1:50m admin-0 country outlines of the whole world, from the TopoJSON that
// the npm package world-atlas ships (countries-50m.json; the package is ISC,
// © Michael Bostock, and its data is Natural Earth's, public domain). It is
// run by go generate in geo/world:
//
//	go generate ./geo/world
//
// which fetches world-atlas@2.0.2 with `npm pack` (the one registry this
// needs), checks the tarball against the registry's sha512 integrity, and
// writes countries.geojson.gz: the GeoJSON (1.7 MB, one feature a line, read
// it with zcat) gzipped to about 0.6 MB. Give -atlas a tarball or a
// countries-50m.json already on disk to skip npm. Output is deterministic:
// the gzip header holds no name or time.
//
// world-atlas names each country by its ISO 3166-1 numeric code; worldgen
// turns it into the alpha-3 code (golang.org/x/text/language knows the
// table). The five outlines with no numeric code get Natural Earth's own
// ADM0_A3 code (Kosovo: XKX, as in geo.Country). Coordinates are rounded to
// 0.001° (about 100 m; the data is quantised to about 0.004°).
package main

import (
	"archive/tar"
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"golang.org/x/text/language"

	"github.com/borderflow/borderflow/geo"
)

// The npm package read, and its integrity as the registry publishes it.
const (
	atlasPackage   = "world-atlas@2.0.2"
	atlasIntegrity = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
	atlasFile      = "package/countries-50m.json"
)

// noNumeric are Natural Earth's ADM0_A3 codes of the outlines that have no
// ISO 3166-1 numeric code in world-atlas, by world-atlas's name.
var noNumeric = map[string]string{
	"Kosovo":            "XKX",
	"Somaliland":        "SOL",
	"N. Cyprus":         "CYN",
	"Indian Ocean Ter.": "IOA",
	"Siachen Glacier":   "KAS",
}

func main() {
	atlas := flag.String("atlas", "", "world-atlas tarball (.tgz) or countries-50m.json; empty: npm pack "+atlasPackage)
	out := flag.String("out", "countries.geojson.gz", "file to write (gzipped GeoJSON)")
	flag.Parse()
	if err := run(*atlas, *out); err != nil {
		fmt.Fprintln(os.Stderr, "worldgen:", err)
		os.Exit(1)
	}
}

func run(atlas, out string) error {
	raw, err := readAtlas(atlas)
	if err != nil {
		return err
	}
	cs, err := countries(raw, cmp.Or(atlas, atlasPackage))
	if err != nil {
		return err
	}
	b, err := geo.EncodeCountries(cs)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, gz.Bytes(), 0o644)
}

// readAtlas returns countries-50m.json from a JSON file, a tarball, or the
// tarball npm pack fetches when path is empty.
func readAtlas(path string) ([]byte, error) {
	if path == "" {
		dir, err := os.MkdirTemp("", "worldgen-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", atlasPackage, "--pack-destination", dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm pack %s: %w", atlasPackage, err)
		}
		path = filepath.Join(dir, "world-atlas-2.0.2.tgz")
		tgz, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		sum := sha512.Sum512(tgz)
		if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != atlasIntegrity {
			return nil, fmt.Errorf("%s: integrity %s, want %s", path, got, atlasIntegrity)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(path, ".tgz") {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: no %s in the tarball", path, atlasFile)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if h.Name == atlasFile {
			return io.ReadAll(tr)
		}
	}
}

// topology is the part of a TopoJSON file worldgen reads.
type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects map[string]struct {
		Geometries []struct {
			Type       string          `json:"type"`
			Arcs       json.RawMessage `json:"arcs"`
			ID         string          `json:"id"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

// countries decodes the "countries" object of a world-atlas topology into
// outlines sorted by code, one per code (Australia's Ashmore and Cartier
// Islands share its numeric code and join its outline).
func countries(raw []byte, name string) ([]geo.Country, error) {
	var t topology
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, fmt.Errorf("%s: not TopoJSON: %w", name, err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("%s: type %q, want Topology", name, t.Type)
	}
	arcs := decodeArcs(&t)
	obj, ok := t.Objects["countries"]
	if !ok {
		return nil, fmt.Errorf("%s: no countries object", name)
	}
	byCode := map[string]*geo.Country{}
	var codes []string
	for i, g := range obj.Geometries {
		code, err := alpha3(g.ID, g.Properties.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: countries geometry %d: %w", name, i, err)
		}
		shape, err := multiPolygon(g.Type, g.Arcs, arcs)
		if err != nil {
			return nil, fmt.Errorf("%s: countries geometry %d (%s): %w", name, i, g.Properties.Name, err)
		}
		c := byCode[code]
		if c == nil {
			c = &geo.Country{Code: code, Name: g.Properties.Name}
			byCode[code] = c
			codes = append(codes, code)
		}
		c.Shape = append(c.Shape, shape...)
	}
	slices.Sort(codes)
	out := make([]geo.Country, len(codes))
	for i, code := range codes {
		out[i] = *byCode[code]
	}
	return out, nil
}

// alpha3 returns the ISO 3166-1 alpha-3 code of a numeric code, or the
// ADM0_A3 code of an outline without one.
func alpha3(numeric, name string) (string, error) {
	if numeric == "" {
		if c, ok := noNumeric[name]; ok {
			return c, nil
		}
		return "", fmt.Errorf("%q has no numeric code and no known ADM0_A3 code", name)
	}
	r, err := language.ParseRegion(numeric)
	if err != nil {
		return "", fmt.Errorf("%q: numeric code %q: %w", name, numeric, err)
	}
	code := r.ISO3()
	if !r.IsCountry() || !geo.ValidCountry(code) {
		return "", fmt.Errorf("%q: numeric code %q has no alpha-3 code (got %q)", name, numeric, code)
	}
	return code, nil
}

// decodeArcs returns the arcs in degrees: quantised arcs are delta-encoded
// positions scaled by the transform.
func decodeArcs(t *topology) []orb.LineString {
	out := make([]orb.LineString, len(t.Arcs))
	for i, arc := range t.Arcs {
		ls := make(orb.LineString, len(arc))
		var x, y float64
		for j, p := range arc {
			if t.Transform == nil {
				ls[j] = orb.Point{p[0], p[1]}
				continue
			}
			x, y = x+p[0], y+p[1]
			ls[j] = orb.Point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		out[i] = ls
	}
	return out
}

// multiPolygon assembles a Polygon or MultiPolygon geometry from its arc
// indices (~i is arc i reversed) and rounds it to 0.001°.
func multiPolygon(typ string, raw json.RawMessage, arcs []orb.LineString) (orb.MultiPolygon, error) {
	var polys [][][]int
	switch typ {
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, err
		}
		polys = [][][]int{p}
	case "MultiPolygon":
		if err := json.Unmarshal(raw, &polys); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("geometry type %q, want Polygon or MultiPolygon", typ)
	}
	var mp orb.MultiPolygon
	for _, p := range polys {
		var poly orb.Polygon
		for _, idx := range p {
			r, err := ring(idx, arcs)
			if err != nil {
				return nil, err
			}
			if len(r) >= 4 {
				poly = append(poly, r)
			}
		}
		if len(poly) > 0 {
			mp = append(mp, poly)
		}
	}
	if len(mp) == 0 {
		return nil, errors.New("no ring of 4 or more points")
	}
	return mp, nil
}

// ring joins arcs into a closed ring, rounded, with repeated points dropped.
func ring(idx []int, arcs []orb.LineString) (orb.Ring, error) {
	var r orb.Ring
	for _, i := range idx {
		j := i
		if i < 0 {
			j = ^i
		}
		if j >= len(arcs) {
			return nil, fmt.Errorf("arc %d of %d", j, len(arcs))
		}
		a := arcs[j]
		if i < 0 {
			a = slices.Clone(a)
			slices.Reverse(a)
		}
		for _, p := range a {
			q := orb.Point{round3(p[0]), round3(p[1])}
			if n := len(r); n > 0 && r[n-1] == q {
				continue
			}
			r = append(r, q)
		}
	}
	if n := len(r); n > 0 && r[0] != r[n-1] {
		return nil, fmt.Errorf("ring of arcs %v is not closed: %v ≠ %v", idx, r[0], r[n-1])
	}
	return r, nil
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
