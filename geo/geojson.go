package geo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The network file format is a GeoJSON FeatureCollection (see README.md,
// "Network schema"): Point features are nodes, LineString features are edges.
// Border crossings are named by the edges that belong to them.

// FileError reports a problem in a network file, naming the file and, where
// known, the line and column or the feature.
type FileError struct {
	File    string
	Line    int    // 1-based; 0 when not known
	Column  int    // 1-based; 0 when not known
	Feature int    // 0-based index in "features"; -1 when not about one feature
	What    string // e.g. `node "presevo"` or `edge presevo–vranje`
	Err     error
}

// Error returns the message, prefixed with the file and position.
func (e *FileError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d:%d", e.Line, e.Column)
	}
	if e.Feature >= 0 {
		s += fmt.Sprintf(": feature %d", e.Feature)
		if e.What != "" {
			s += " (" + e.What + ")"
		}
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// MaxFileSize is the largest network file Read and ReadFile accept: 256 MiB,
// several times the size of a country's main roads imported from
// OpenStreetMap. Decode holds the file and one feature at a time.
const MaxFileSize = 256 << 20

// ReadFile reads a network from a GeoJSON file.
func ReadFile(path string) (*Network, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxFileSize {
		return nil, tooLarge(path, st.Size())
	}
	return Read(f, path)
}

func tooLarge(name string, size int64) error {
	what := "more than"
	if size > 0 {
		what = fmt.Sprintf("%d bytes,", size)
	}
	return &FileError{File: name, Feature: -1, Err: fmt.Errorf("%s larger than %d MiB, the limit for a network file (want a GeoJSON FeatureCollection of at most %d bytes)", what, MaxFileSize>>20, MaxFileSize)}
}

// Read reads a network in the GeoJSON schema from r; name is used in errors.
func Read(r io.Reader, name string) (*Network, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(name, 0)
	}
	return Decode(data, name)
}

// pendingEdge is an edge feature read before all nodes are known.
type pendingEdge struct {
	feature  int
	from, to string
	edge     Edge
	crossing string
	xname    string
	kmGiven  bool
}

// Decode parses a network from the bytes of a GeoJSON file; name is used in errors.
// Features are decoded one at a time, so memory stays a small multiple of
// the file's size whatever the file holds.
func Decode(data []byte, name string) (*Network, error) {
	fail := func(feature int, what string, err error) error {
		return &FileError{File: name, Feature: feature, What: what, Err: err}
	}
	if len(data) > MaxFileSize {
		return nil, tooLarge(name, int64(len(data)))
	}
	if err := checkJSON(data, name); err != nil {
		return nil, err
	}
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fail(-1, "", fmt.Errorf("not a GeoJSON FeatureCollection: %v", err))
	}
	if head.Type != "FeatureCollection" {
		return nil, fail(-1, "", fmt.Errorf("type is %q, want \"FeatureCollection\"", head.Type))
	}
	var b Builder
	var nodeFeature []int
	var edges []pendingEdge
	err := eachFeature(data, func(i int, raw json.RawMessage) error {
		f, err := geojson.UnmarshalFeature(raw)
		if err != nil {
			return fail(i, "", fmt.Errorf("not a GeoJSON feature: %v", err))
		}
		p := props{f.Properties}
		switch g := f.Geometry.(type) {
		case orb.Point:
			nd, what, err := decodeNode(p, g)
			if err != nil {
				return fail(i, what, err)
			}
			b.AddNode(nd)
			nodeFeature = append(nodeFeature, i)
		case orb.LineString:
			pe, what, err := decodePendingEdge(p, g)
			if err != nil {
				return fail(i, what, err)
			}
			pe.feature = i
			edges = append(edges, pe)
		case nil:
			return fail(i, "", errors.New("has no geometry (want a Point for a node or a LineString for an edge)"))
		default:
			return fail(i, "", fmt.Errorf("geometry is a %s, want a Point (node) or a LineString (edge)", g.GeoJSONType()))
		}
		return nil
	})
	if err != nil {
		var fe *FileError
		if !errors.As(err, &fe) {
			err = fail(-1, "", fmt.Errorf("not a GeoJSON FeatureCollection: %v", err))
		}
		return nil, err
	}
	ids := make(map[string]NodeID, b.NumNodes())
	for v, nd := range b.nodes {
		if prev, dup := ids[nd.ID]; dup {
			return nil, fail(nodeFeature[v], fmt.Sprintf("node %q", nd.ID), fmt.Errorf("duplicate id (also feature %d)", nodeFeature[prev]))
		}
		ids[nd.ID] = NodeID(v)
	}
	crossings := map[string]CrossingID{}
	edgeFeature := make([]int, 0, len(edges))
	var crossingFeature []int // per crossing: the feature of its first edge
	for _, pe := range edges {
		what := "edge " + pe.from + "–" + pe.to
		from, ok := ids[pe.from]
		if !ok {
			return nil, fail(pe.feature, what, fmt.Errorf("from: no node has id %q", pe.from))
		}
		to, ok := ids[pe.to]
		if !ok {
			return nil, fail(pe.feature, what, fmt.Errorf("to: no node has id %q", pe.to))
		}
		e := pe.edge
		e.From, e.To = from, to
		if !pe.kmGiven {
			line := e.Line
			if len(line) < 2 {
				line = orb.LineString{b.nodes[from].Point, b.nodes[to].Point}
			}
			e.Km = lineKm(line) * Km(CircuityFactor(e.Class))
		}
		if len(e.Line) == 2 && e.Line[0] == b.nodes[from].Point && e.Line[1] == b.nodes[to].Point {
			e.Line = nil
		}
		id := b.AddEdge(e)
		edgeFeature = append(edgeFeature, pe.feature)
		if pe.crossing != "" {
			c, ok := crossings[pe.crossing]
			if !ok {
				c = b.AddCrossing(Crossing{ID: pe.crossing, Name: pe.xname})
				crossings[pe.crossing] = c
				crossingFeature = append(crossingFeature, pe.feature)
			}
			xc := &b.crossings[c]
			if xc.Name == "" {
				xc.Name = pe.xname
			}
			xc.Edges = append(xc.Edges, id)
		}
	}
	net, err := b.Build()
	if err != nil {
		var be *BuildError
		if errors.As(err, &be) {
			switch {
			case be.Elem == "node" && be.Index >= 0 && be.Index < len(nodeFeature):
				return nil, fail(nodeFeature[be.Index], "", be.Err) // the error names the node
			case be.Elem == "edge" && be.Index >= 0 && be.Index < len(edgeFeature):
				return nil, fail(edgeFeature[be.Index], "", be.Err)
			case be.Elem == "crossing" && be.Index >= 0 && be.Index < len(crossingFeature):
				return nil, fail(crossingFeature[be.Index], "", fmt.Errorf("crossing: %w", be.Err))
			}
		}
		return nil, fail(-1, "", err)
	}
	return net, nil
}

// lineKm returns the great-circle length of a polyline.
func lineKm(l orb.LineString) Km {
	var km Km
	for i := 0; i+1 < len(l); i++ {
		km += GreatCircle(l[i], l[i+1])
	}
	return km
}

// eachFeature calls f with each element of the top-level "features" array
// of data, a JSON object checked by checkJSON, without holding them all.
func eachFeature(data []byte, f func(i int, raw json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // the object's '{'
		return err
	}
	seen := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		if key != "features" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
			continue
		}
		if seen {
			return errors.New(`"features" given twice`)
		}
		seen = true
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok == nil {
			continue
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			if d == '{' {
				tok = "an object"
			}
			return fmt.Errorf("features is %v, want an array of features", tok)
		}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return err
			}
			if err := f(i, raw); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // the array's ']'
			return err
		}
	}
	return nil
}

// decodePendingEdge reads an edge feature; it returns what names the edge in errors.
func decodePendingEdge(p props, g orb.LineString) (pe pendingEdge, what string, err error) {
	if pe.from, err = p.str("from", true); err == nil {
		pe.to, err = p.str("to", true)
	}
	if err != nil {
		return pe, "edge", err
	}
	what = "edge " + pe.from + "–" + pe.to
	if pe.edge, pe.kmGiven, err = decodeEdge(p, g); err != nil {
		return pe, what, err
	}
	if pe.crossing, err = p.str("crossing", false); err != nil {
		return pe, what, err
	}
	if pe.crossing != "" {
		if err := CheckID(pe.crossing); err != nil {
			return pe, what, fmt.Errorf("crossing: %w", err)
		}
	}
	if pe.xname, err = p.str("crossing_name", false); err != nil {
		return pe, what, err
	}
	return pe, what, nil
}

func decodeNode(p props, pt orb.Point) (Node, string, error) {
	id, err := p.str("id", true)
	if err != nil {
		return Node{}, "node", err
	}
	what := fmt.Sprintf("node %q", id)
	if err := CheckID(id); err != nil {
		return Node{}, what, err
	}
	if !validLonLat(pt[0], pt[1]) {
		return Node{}, what, fmt.Errorf("coordinates %v are not a longitude in [-180,180] and a latitude in [-90,90]", pt)
	}
	nd := Node{ID: id, Point: pt}
	if nd.Name, err = p.str("name", false); err != nil {
		return nd, what, err
	}
	if nd.Aliases, err = p.strs("aliases"); err != nil {
		return nd, what, err
	}
	if nd.Country, err = p.str("country", true); err != nil {
		return nd, what, err
	}
	kind, err := p.str("kind", false)
	if err != nil {
		return nd, what, err
	}
	if kind != "" {
		if nd.Kind, err = ParseNodeKind(kind); err != nil {
			return nd, what, fmt.Errorf("kind: %w", err)
		}
	}
	if nd.Source, err = p.str("source", false); err != nil {
		return nd, what, err
	}
	if nd.Kind == Centre {
		c := &CentreInfo{}
		if c.Type, err = p.str("centre_type", false); err != nil {
			return nd, what, err
		}
		capacity, ok, err := p.num("capacity")
		if err != nil {
			return nd, what, err
		}
		if ok {
			if !(capacity >= 0 && capacity <= MaxCapacity) || capacity != math.Trunc(capacity) {
				return nd, what, fmt.Errorf("capacity is %v, want a whole number of places from 0 to %d", capacity, MaxCapacity)
			}
			c.Capacity = int(capacity)
		}
		regs, ok, err := p.num("registrations_per_day")
		if err != nil {
			return nd, what, err
		}
		if ok {
			if !(regs >= 0 && regs <= MaxCapacity) || regs != math.Trunc(regs) {
				return nd, what, fmt.Errorf("registrations_per_day is %v, want a whole number of people from 0 to %d", regs, MaxCapacity)
			}
			c.RegistrationsPerDay = int(regs)
		}
		for key, dst := range map[string]*string{"capacity_basis": &c.CapacityBasis, "capacity_source": &c.CapacitySource, "period": &c.Period,
			"dates_source": &c.DatesSource, "registrations_source": &c.RegistrationsSource} {
			if *dst, err = p.str(key, false); err != nil {
				return nd, what, err
			}
		}
		for key, dst := range map[string]*CentreDate{"opened": &c.Opened, "closed": &c.Closed} {
			s, err := p.str(key, false)
			if err != nil {
				return nd, what, err
			}
			if *dst, err = ParseCentreDate(s); err != nil {
				return nd, what, fmt.Errorf("%s: %w", key, err)
			}
		}
		if err := c.checkDates(); err != nil {
			return nd, what, err
		}
		nd.Centre = c
	}
	return nd, what, nil
}

func decodeEdge(p props, line orb.LineString) (e Edge, kmGiven bool, err error) {
	if len(line) < 2 {
		return e, false, fmt.Errorf("LineString has %d points, want at least 2", len(line))
	}
	e.Line = line
	class, err := p.str("class", false)
	if err != nil {
		return e, false, err
	}
	if class != "" {
		if e.Class, err = ParseClass(class); err != nil {
			return e, false, fmt.Errorf("class: %w", err)
		}
	}
	method, err := p.str("km_method", false)
	if err != nil {
		return e, false, err
	}
	if method != "" {
		if e.Method, err = ParseKmMethod(method); err != nil {
			return e, false, err
		}
	}
	km, ok, err := p.num("km")
	if err != nil {
		return e, false, err
	}
	switch {
	case !ok && e.Method != Circuity:
		return e, false, errors.New(`no "km" (want the road length in km, or "km_method": "circuity" to estimate it)`)
	case ok && !(km > 0 && km <= float64(MaxEdgeKm)):
		return e, false, fmt.Errorf("km is %v, want a length of more than 0 and at most %v km", km, float64(MaxEdgeKm))
	}
	e.Km = Km(km)
	if e.Source, err = p.str("km_source", false); err != nil {
		return e, false, err
	}
	if e.Road, err = p.str("road", false); err != nil {
		return e, false, err
	}
	return e, ok, nil
}

// props reads typed feature properties with clear errors.
type props struct{ m geojson.Properties }

func (p props) str(key string, required bool) (string, error) {
	v, ok := p.m[key]
	if !ok || v == nil {
		if required {
			return "", fmt.Errorf("no %q property", key)
		}
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s is %s, want a string", key, jsonText(v))
	}
	if required && s == "" {
		return "", fmt.Errorf("%s is empty", key)
	}
	return s, nil
}

func (p props) strs(key string) ([]string, error) {
	v, ok := p.m[key]
	if !ok || v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s is %s, want a list of strings", key, jsonText(v))
	}
	out := make([]string, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("%s[%d] is %s, want a string", key, i, jsonText(x))
		}
		out[i] = s
	}
	return out, nil
}

func (p props) num(key string) (float64, bool, error) {
	v, ok := p.m[key]
	if !ok || v == nil {
		return 0, false, nil
	}
	f, ok := v.(float64)
	if !ok {
		return 0, false, fmt.Errorf("%s is %s, want a number", key, jsonText(v))
	}
	return f, true, nil
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 60 {
		b = append(b[:57], "..."...)
	}
	return string(b)
}

// checkJSON reports a JSON syntax error with its line and column.
func checkJSON(data []byte, name string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &FileError{File: name, Feature: -1, Err: errors.New("empty file (want a GeoJSON FeatureCollection)")}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var v json.RawMessage // checks the syntax without building the values
	err := dec.Decode(&v)
	if err == nil {
		if _, err2 := dec.Token(); err2 != io.EOF {
			off := dec.InputOffset()
			line, col := lineCol(data, off)
			return &FileError{File: name, Line: line, Column: col, Feature: -1, Err: errors.New("unexpected data after the top-level JSON value")}
		}
		return nil
	}
	var se *json.SyntaxError
	var off int64
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(data))
	default:
		return &FileError{File: name, Feature: -1, Err: err}
	}
	line, col := lineCol(data, off)
	return &FileError{File: name, Line: line, Column: col, Feature: -1, Err: fmt.Errorf("invalid JSON: %v", err)}
}

func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col == 0 {
		col = 1
	}
	return line, col
}

// WriteGeoJSON writes the network in the GeoJSON schema that Read reads:
// one feature per line, nodes first, in id order, so that files diff well.
func (n *Network) WriteGeoJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	first := true
	put := func(f *geojson.Feature) error {
		b, err := f.MarshalJSON()
		if err != nil {
			return err
		}
		if !first {
			bw.WriteString(",\n")
		}
		first = false
		_, err = bw.Write(b)
		return err
	}
	for i := range n.nodes {
		nd := &n.nodes[i]
		f := geojson.NewFeature(nd.Point)
		f.Properties = geojson.Properties{"id": nd.ID, "name": nd.Name, "country": nd.Country, "kind": nd.Kind.String()}
		if nd.Source != "" {
			f.Properties["source"] = nd.Source
		}
		if len(nd.Aliases) > 0 {
			f.Properties["aliases"] = nd.Aliases
		}
		if c := nd.Centre; c != nil {
			if c.Type != "" {
				f.Properties["centre_type"] = c.Type
			}
			if c.Capacity > 0 {
				f.Properties["capacity"] = c.Capacity
			}
			if c.RegistrationsPerDay > 0 {
				f.Properties["registrations_per_day"] = c.RegistrationsPerDay
			}
			for k, v := range map[string]string{"capacity_basis": c.CapacityBasis, "capacity_source": c.CapacitySource, "period": c.Period,
				"opened": c.Opened.String(), "closed": c.Closed.String(), "dates_source": c.DatesSource, "registrations_source": c.RegistrationsSource} {
				if v != "" {
					f.Properties[k] = v
				}
			}
		}
		if err := put(f); err != nil {
			return err
		}
	}
	for i := range n.edges {
		e := &n.edges[i]
		f := geojson.NewFeature(n.Line(EdgeID(i)))
		f.Properties = geojson.Properties{
			"from": n.nodes[e.From].ID, "to": n.nodes[e.To].ID,
			"km": math.Round(float64(e.Km)*1000) / 1000, "class": e.Class.String(), "km_method": e.Method.String(),
		}
		if e.Source != "" {
			f.Properties["km_source"] = e.Source
		}
		if e.Road != "" {
			f.Properties["road"] = e.Road
		}
		if c := n.edgeCrossing[i]; c != None {
			f.Properties["crossing"] = n.crossings[c].ID
			f.Properties["crossing_name"] = n.crossings[c].Name
		}
		if err := put(f); err != nil {
			return err
		}
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}
