package osmimport

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

// format is the encoding of an extract.
type format int

const (
	formatXML format = iota
	formatPBF
)

// source opens an extract for one pass; each call starts from the beginning.
type source struct {
	name   string
	format format
	open   func() (io.ReadCloser, error)
}

// fileSource returns the source of the file at path, with its format and
// compression taken from its name (.osm.pbf/.pbf, .osm/.xml, .osm.gz,
// .osm.bz2) or, for other names, from its first bytes.
func fileSource(path string) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	var head [4]byte
	n, _ := io.ReadFull(f, head[:])
	f.Close()
	lower := strings.ToLower(path)
	h := head[:n]
	comp := ""
	switch {
	case strings.HasSuffix(lower, ".pbf"):
	case strings.HasSuffix(lower, ".gz"), bytes.HasPrefix(h, []byte{0x1f, 0x8b}):
		comp = "gz"
	case strings.HasSuffix(lower, ".bz2"), bytes.HasPrefix(h, []byte("BZh")):
		comp = "bz2"
	}
	fm := formatXML
	switch {
	case strings.HasSuffix(lower, ".pbf"):
		fm = formatPBF
	case comp != "", strings.HasSuffix(lower, ".osm"), strings.HasSuffix(lower, ".xml"):
	default:
		// Not named after a format: XML starts with '<' (after spaces or a
		// byte-order mark), PBF with a 4-byte length.
		if t := bytes.TrimLeft(h, " \t\r\n\xef\xbb\xbf"); len(t) > 0 && t[0] != '<' {
			fm = formatPBF
		}
	}
	open := func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		var r io.Reader = bufio.NewReaderSize(f, 1<<16)
		switch comp {
		case "gz":
			zr, err := gzip.NewReader(r)
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			r = zr
		case "bz2":
			r = bzip2.NewReader(r)
		}
		return readCloser{r, f}, nil
	}
	return &source{name: path, format: fm, open: open}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// bytesSource is an in-memory XML extract (for tests and fuzzing).
func bytesSource(name string, data []byte) *source {
	return &source{name: name, format: formatXML, open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// rawWay is a kept highway way as read in the first pass.
type rawWay struct {
	id    osm.WayID
	class int // index into keptHighways' classes, via classOf
	hw    string
	ref   string
	name  string
	nodes []osm.NodeID
}

// label is how the way is referred to in names: its ref, else its name.
func (w *rawWay) label() string {
	if w.ref != "" {
		return w.ref
	}
	return w.name
}

// scanner is the part of osm.Scanner both readers share.
type scanner interface {
	Scan() bool
	Object() osm.Object
	Err() error
	Close() error
}

// scan runs one pass over the source, calling f for each object. For PBF,
// nodes or ways are skipped at the decoding level; keepNode, when not nil,
// filters nodes before they are fully decoded.
func (s *source) scan(wantNodes, wantWays bool, keepNode func(*osm.Node) bool, f func(osm.Object)) (err error) {
	rc, err := s.open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var sc scanner
	switch s.format {
	case formatPBF:
		ps := osmpbf.New(context.Background(), rc, runtime.GOMAXPROCS(0))
		ps.SkipNodes = !wantNodes
		ps.SkipWays = !wantWays
		ps.SkipRelations = true
		if keepNode != nil {
			ps.FilterNode = keepNode
		}
		sc = ps
	default:
		sc = osmxml.New(context.Background(), rc)
	}
	defer func() {
		if cerr := sc.Close(); err == nil && cerr != nil && cerr != osm.ErrScannerClosed {
			err = fmt.Errorf("%s: %w", s.name, cerr)
		}
	}()
	for sc.Scan() {
		switch o := sc.Object().(type) {
		case *osm.Node:
			if wantNodes && (keepNode == nil || keepNode(o)) {
				f(o)
			}
		case *osm.Way:
			if wantWays {
				f(o)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

// highwayClass maps the kept highway values to an index into classes.
var highwayClass = map[string]int{
	"motorway": 0, "motorway_link": 0,
	"trunk": 1, "trunk_link": 1, "primary": 1, "primary_link": 1,
	"secondary": 2, "secondary_link": 2,
}

// readWays is the first pass: the kept highway ways, sorted by id.
func (s *source) readWays() ([]rawWay, error) {
	var ways []rawWay
	err := s.scan(false, true, nil, func(o osm.Object) {
		w := o.(*osm.Way)
		hw := w.Tags.Find("highway")
		cl, ok := highwayClass[hw]
		if !ok {
			return
		}
		nodes := make([]osm.NodeID, len(w.Nodes))
		for i, wn := range w.Nodes {
			nodes[i] = wn.ID
		}
		ways = append(ways, rawWay{
			id: w.ID, class: cl, hw: hw, nodes: nodes,
			ref:  strings.TrimSpace(w.Tags.Find("ref")),
			name: strings.TrimSpace(w.Tags.Find("name")),
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ways, func(a, b rawWay) int { return cmpInt(a.id, b.id) })
	return ways, nil
}

func cmpInt[T ~int64 | ~int32 | ~int](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// landmark is a named OSM node that can name a crossing: a border control
// post or a place.
type landmark struct {
	id      osm.NodeID
	name    string
	lon     float64
	lat     float64
	control bool // barrier=border_control (else a place)
}

// readNodes is the second pass: the coordinates (and name tags) of the nodes
// in need, and every named border control or place node.
func (s *source) readNodes(need map[osm.NodeID]int32, pts [][2]float64, found []bool, names []string) ([]landmark, error) {
	isLandmark := func(n *osm.Node) bool {
		if len(n.Tags) == 0 {
			return false
		}
		return n.Tags.Find("barrier") == "border_control" || (n.Tags.Find("place") != "" && n.Tags.Find("name") != "")
	}
	keep := func(n *osm.Node) bool {
		_, ok := need[n.ID]
		return ok || isLandmark(n)
	}
	var marks []landmark
	err := s.scan(true, false, keep, func(o osm.Object) {
		n := o.(*osm.Node)
		if i, ok := need[n.ID]; ok && !found[i] {
			found[i] = true
			pts[i] = [2]float64{n.Lon, n.Lat}
			names[i] = strings.TrimSpace(n.Tags.Find("name"))
		}
		if isLandmark(n) {
			marks = append(marks, landmark{
				id: n.ID, name: strings.TrimSpace(n.Tags.Find("name")),
				lon: n.Lon, lat: n.Lat,
				control: n.Tags.Find("barrier") == "border_control",
			})
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(marks, func(a, b landmark) int { return cmpInt(a.id, b.id) })
	return marks, nil
}
