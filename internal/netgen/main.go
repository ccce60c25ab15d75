// Command netgen builds the embedded default network, westernbalkans, from
// the curated, sourced tables in data/westernbalkans and the Natural Earth
// outlines in data/naturalearth. It is run by go generate in
// geo/westernbalkans:
//
//	go generate ./geo/westernbalkans
//
// and writes network.geojson and countries.geojson there. Output is
// deterministic: the same tables give byte-identical files.
//
// Inputs (CSV with a header row; see data/westernbalkans/SOURCES.md):
//   - places.csv: id,name,country,kind,lat,lon,coord_source,notes
//   - centres.csv: id,name,country,type,place,link_km,link_km_source,lat,lon,
//     coord_source,capacity,capacity_basis,capacity_source,period,opened,
//     closed,dates_source,registrations_per_day,registrations_source,notes
//     (opened/closed: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known)
//   - crossings.csv: id,name,country_a,country_b,side_a,side_b,km,mode,source,notes
//   - roads.csv: from,to,class,road,km,km_method,km_source
//   - aliases.csv: id,alias (other names a place is known by)
//
// A road or crossing without a sourced km (km_method circuity, or an empty
// km) gets the great-circle distance times geo.CircuityFactor of its class,
// and says so in its km_method. So does a sourced length shorter than the
// straight line between its two places: km posts mark motorway interchanges,
// which can lie between two towns, and such a section is not the distance
// between the towns.
package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/borderflow/borderflow/geo"
	"github.com/paulmach/orb"
)

func main() {
	data := flag.String("data", "../../data", "folder holding westernbalkans/ and naturalearth/")
	out := flag.String("out", ".", "folder to write network.geojson and countries.geojson to")
	flag.Parse()
	if err := run(*data, *out); err != nil {
		fmt.Fprintln(os.Stderr, "netgen:", err)
		os.Exit(1)
	}
}

func run(data, out string) error {
	net, err := build(filepath.Join(data, "westernbalkans"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := net.WriteGeoJSON(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "network.geojson"), buf.Bytes(), 0o644); err != nil {
		return err
	}
	ne := filepath.Join(data, "naturalearth", "ne10m_admin0_balkans_full.geojson")
	raw, err := os.ReadFile(ne)
	if err != nil {
		return err
	}
	countries, err := geo.DecodeCountries(raw, ne)
	if err != nil {
		return err
	}
	for i := range countries {
		countries[i].Shape = roundShape(countries[i].Shape)
	}
	enc, err := geo.EncodeCountries(countries)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "countries.geojson"), enc, 0o644)
}

// roundShape keeps 4 decimals (about 10 m), far finer than Natural Earth's
// 1:10m accuracy, to keep the embedded file small.
func roundShape(m orb.MultiPolygon) orb.MultiPolygon {
	for _, poly := range m {
		for _, ring := range poly {
			for i, p := range ring {
				ring[i] = orb.Point{math.Round(p[0]*1e4) / 1e4, math.Round(p[1]*1e4) / 1e4}
			}
		}
	}
	return m
}

// table is a CSV file read into rows addressed by column name.
type table struct {
	file string
	cols map[string]int
	rows [][]string
	line []int
}

func readTable(path string, required ...string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", path, err)
	}
	t := &table{file: path, cols: map[string]int{}}
	for i, h := range head {
		t.cols[strings.TrimSpace(h)] = i
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			return nil, fmt.Errorf("%s: no column %q", path, c)
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		line, _ := r.FieldPos(0)
		t.rows = append(t.rows, rec)
		t.line = append(t.line, line)
	}
	return t, nil
}

func (t *table) get(row int, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(t.rows[row]) {
		return ""
	}
	return strings.TrimSpace(t.rows[row][i])
}

func (t *table) errf(row int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", t.file, t.line[row], fmt.Sprintf(format, args...))
}

func (t *table) float(row int, col string) (float64, bool, error) {
	s := t.get(row, col)
	if s == "" {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false, t.errf(row, "%s is %q, want a number", col, s)
	}
	return f, true, nil
}

func (t *table) point(row int) (orb.Point, error) {
	lat, okLat, err := t.float(row, "lat")
	if err != nil {
		return orb.Point{}, err
	}
	lon, okLon, err := t.float(row, "lon")
	if err != nil {
		return orb.Point{}, err
	}
	if !okLat || !okLon {
		return orb.Point{}, t.errf(row, "no coordinates")
	}
	return orb.Point{lon, lat}, nil
}

func build(dir string) (*geo.Network, error) {
	var b geo.Builder
	ids := map[string]geo.NodeID{}
	points := map[string]orb.Point{}
	add := func(t *table, row int, n geo.Node) error {
		if _, dup := ids[n.ID]; dup {
			return t.errf(row, "duplicate id %q", n.ID)
		}
		ids[n.ID] = b.AddNode(n)
		points[n.ID] = n.Point
		return nil
	}
	aliases := map[string][]string{}
	if at, err := readTable(filepath.Join(dir, "aliases.csv"), "id", "alias"); err == nil {
		for i := range at.rows {
			aliases[at.get(i, "id")] = append(aliases[at.get(i, "id")], at.get(i, "alias"))
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}

	places, err := readTable(filepath.Join(dir, "places.csv"), "id", "name", "country", "kind", "lat", "lon", "coord_source")
	if err != nil {
		return nil, err
	}
	for i := range places.rows {
		kind, err := geo.ParseNodeKind(places.get(i, "kind"))
		if err != nil {
			return nil, places.errf(i, "%v", err)
		}
		pt, err := places.point(i)
		if err != nil {
			return nil, err
		}
		id := places.get(i, "id")
		if err := add(places, i, geo.Node{
			ID: id, Name: places.get(i, "name"), Country: places.get(i, "country"), Kind: kind,
			Point: pt, Source: places.get(i, "coord_source"), Aliases: aliases[id],
		}); err != nil {
			return nil, err
		}
	}

	centres, err := readTable(filepath.Join(dir, "centres.csv"), "id", "name", "country", "type", "place", "lat", "lon", "capacity", "capacity_source",
		"opened", "closed", "dates_source", "registrations_per_day", "registrations_source")
	if err != nil {
		return nil, err
	}
	type link struct {
		centre, place string
		km            float64
		source        string
	}
	var links []link
	for i := range centres.rows {
		pt, err := centres.point(i)
		if err != nil {
			return nil, err
		}
		info := &geo.CentreInfo{
			Type:                centres.get(i, "type"),
			CapacityBasis:       centres.get(i, "capacity_basis"),
			CapacitySource:      centres.get(i, "capacity_source"),
			Period:              centres.get(i, "period"),
			DatesSource:         centres.get(i, "dates_source"),
			RegistrationsSource: centres.get(i, "registrations_source"),
		}
		if c, ok, err := centres.float(i, "capacity"); err != nil {
			return nil, err
		} else if ok {
			if c < 0 || c != math.Trunc(c) {
				return nil, centres.errf(i, "capacity %v is not a whole number of places", c)
			}
			info.Capacity = int(c)
		}
		if r, ok, err := centres.float(i, "registrations_per_day"); err != nil {
			return nil, err
		} else if ok {
			if r < 0 || r != math.Trunc(r) || r > geo.MaxCapacity {
				return nil, centres.errf(i, "registrations_per_day %v is not a whole number of people from 0 to %d", r, geo.MaxCapacity)
			}
			info.RegistrationsPerDay = int(r)
		}
		for col, dst := range map[string]*geo.CentreDate{"opened": &info.Opened, "closed": &info.Closed} {
			d, err := geo.ParseCentreDate(centres.get(i, col))
			if err != nil {
				return nil, centres.errf(i, "%s: %v", col, err)
			}
			*dst = d
		}
		if !info.Opened.IsZero() && !info.Closed.IsZero() && info.Closed.LastDay().Before(info.Opened.FirstDay()) {
			return nil, centres.errf(i, "closed %s is before opened %s", info.Closed, info.Opened)
		}
		id := centres.get(i, "id")
		if err := add(centres, i, geo.Node{
			ID: id, Name: centres.get(i, "name"), Country: centres.get(i, "country"), Kind: geo.Centre,
			Point: pt, Source: centres.get(i, "coord_source"), Centre: info, Aliases: aliases[id],
		}); err != nil {
			return nil, err
		}
		km, _, err := centres.float(i, "link_km")
		if err != nil {
			return nil, err
		}
		links = append(links, link{id, centres.get(i, "place"), km, centres.get(i, "link_km_source")})
	}
	node := func(t *table, row int, col string) (geo.NodeID, error) {
		id := t.get(row, col)
		v, ok := ids[id]
		if !ok {
			return geo.None, t.errf(row, "%s %q is not a place or centre id", col, id)
		}
		return v, nil
	}
	length := func(from, to string, km float64, class geo.Class, source string) (geo.Km, geo.KmMethod, string) {
		gc := geo.GreatCircle(points[from], points[to])
		if km > 0 && geo.Km(km) >= gc {
			return geo.Km(km), geo.RoadKm, source
		}
		why := "great-circle distance × circuity factor " + strconv.FormatFloat(geo.CircuityFactor(class), 'f', -1, 64)
		if km > 0 {
			// Km posts mark interchanges; when the section between them is
			// shorter than the straight line between the two places, it is
			// not the road distance between the places.
			why += fmt.Sprintf("; the sourced %.1f km is shorter than the straight line between the nodes (%.1f km), so it measures interchanges, not these places", km, gc)
		}
		if source != "" {
			why += " (" + source + ")"
		}
		return gc * geo.Km(geo.CircuityFactor(class)), geo.Circuity, why
	}
	for i, l := range links {
		if l.place == "" {
			continue
		}
		c, p := ids[l.centre], ids[l.place]
		if _, ok := ids[l.place]; !ok {
			return nil, centres.errf(i, "place %q is not a place id", l.place)
		}
		km, method, src := length(l.centre, l.place, l.km, geo.LocalRoad, l.source)
		if km == 0 { // centre at the town's own coordinates
			km, method, src = 1, geo.Circuity, "centre at the town's coordinates; 1 km assumed"
		}
		b.AddEdge(geo.Edge{From: p, To: c, Km: km, Class: geo.LocalRoad, Method: method, Source: src})
	}

	roads, err := readTable(filepath.Join(dir, "roads.csv"), "from", "to", "class", "road", "km", "km_method", "km_source")
	if err != nil {
		return nil, err
	}
	for i := range roads.rows {
		from, err := node(roads, i, "from")
		if err != nil {
			return nil, err
		}
		to, err := node(roads, i, "to")
		if err != nil {
			return nil, err
		}
		class, err := geo.ParseClass(roads.get(i, "class"))
		if err != nil {
			return nil, roads.errf(i, "%v", err)
		}
		km, _, err := roads.float(i, "km")
		if err != nil {
			return nil, err
		}
		if m := roads.get(i, "km_method"); m == "circuity" {
			km = 0
		} else if km <= 0 {
			return nil, roads.errf(i, "km_method %q needs a positive km", m)
		}
		l, method, src := length(roads.get(i, "from"), roads.get(i, "to"), km, class, roads.get(i, "km_source"))
		b.AddEdge(geo.Edge{From: from, To: to, Km: l, Class: class, Method: method, Source: src, Road: roads.get(i, "road")})
	}

	crossings, err := readTable(filepath.Join(dir, "crossings.csv"), "id", "name", "country_a", "country_b", "side_a", "side_b", "km", "mode", "source")
	if err != nil {
		return nil, err
	}
	var order []string
	grouped := map[string]*geo.Crossing{}
	for i := range crossings.rows {
		a, err := node(crossings, i, "side_a")
		if err != nil {
			return nil, err
		}
		bb, err := node(crossings, i, "side_b")
		if err != nil {
			return nil, err
		}
		for _, side := range [][2]string{{"side_a", "country_a"}, {"side_b", "country_b"}} {
			v := ids[crossings.get(i, side[0])]
			if got, want := b.Node(v).Country, crossings.get(i, side[1]); got != want {
				return nil, crossings.errf(i, "%s %q is in %s, but %s is %s", side[0], crossings.get(i, side[0]), got, side[1], want)
			}
		}
		class := geo.MainRoad
		switch crossings.get(i, "mode") {
		case "rail":
			class = geo.Railway
		case "green":
			class = geo.Footpath
		}
		km, _, err := crossings.float(i, "km")
		if err != nil {
			return nil, err
		}
		l, method, src := length(crossings.get(i, "side_a"), crossings.get(i, "side_b"), km, class, crossings.get(i, "source"))
		e := b.AddEdge(geo.Edge{From: a, To: bb, Km: l, Class: class, Method: method, Source: src})
		id := crossings.get(i, "id")
		c, ok := grouped[id]
		if !ok {
			c = &geo.Crossing{ID: id, Name: crossings.get(i, "name")}
			grouped[id] = c
			order = append(order, id)
		}
		c.Edges = append(c.Edges, e)
	}
	for _, id := range order {
		b.AddCrossing(*grouped[id])
	}
	net, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return net, nil
}
