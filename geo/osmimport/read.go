package osmimport

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// ErrNotOSM is wrapped by the error for a file that is none of the
// OpenStreetMap formats ImportFile reads.
var ErrNotOSM = errors.New("not an OpenStreetMap file")

// sniffLen is how many bytes (decompressed) tell the format of a file.
const sniffLen = 4096

// fileSource returns the source of the file at path, with its format and
// compression told from its first bytes, whatever its name: gzip or bzip2
// compression, then an OSM XML document (an <osm> element) or an OSM PBF
// file (a BlobHeader of type OSMHeader). Other files are an error that wraps
// ErrNotOSM and says what the first bytes look like.
func fileSource(path string) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, sniffLen))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	comp := ""
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		comp = "gz"
	case bytes.HasPrefix(head, []byte("BZh")):
		comp = "bz2"
	}
	inner := head
	if comp != "" {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		zr, err := decompress(comp, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w (want .osm.pbf, .osm, .osm.gz or .osm.bz2; the first bytes are a %s header)", path, ErrNotOSM, comp)
		}
		// A short or corrupt stream still shows its first bytes; its error
		// comes when it is read in full.
		inner, _ = io.ReadAll(io.LimitReader(zr, sniffLen))
	}
	fm, ok := sniffFormat(inner)
	if !ok {
		what := describe(inner)
		if comp != "" {
			what = comp + "-compressed " + what
		}
		return nil, fmt.Errorf("%s: %w (want .osm.pbf, .osm, .osm.gz or .osm.bz2; first bytes look like %s)", path, ErrNotOSM, what)
	}
	open := func() (io.ReadCloser, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		var r io.Reader = bufio.NewReaderSize(f, 1<<16)
		if comp != "" {
			if r, err = decompress(comp, r); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		return readCloser{r, f}, nil
	}
	return &source{name: path, format: fm, open: open}, nil
}

// decompress returns a reader of the gzip ("gz") or bzip2 ("bz2") stream r.
func decompress(comp string, r io.Reader) (io.Reader, error) {
	if comp == "gz" {
		return gzip.NewReader(r)
	}
	return bzip2.NewReader(r), nil
}

// sniffFormat tells the format from a file's first (decompressed) bytes: OSM
// XML begins with '<' (after spaces or a byte-order mark) and has an <osm
// element early; PBF begins with the 4-byte big-endian length (under 64 KiB)
// of a BlobHeader whose first field, the type, is "OSMHeader" or "OSMData".
func sniffFormat(b []byte) (format, bool) {
	if t := bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf"); len(t) > 0 && t[0] == '<' {
		return formatXML, bytes.Contains(t, []byte("<osm"))
	}
	if len(b) < 6 {
		return 0, false
	}
	size := binary.BigEndian.Uint32(b)
	if size == 0 || size >= 64<<10 || b[4] != 0x0a { // 0x0a: field 1, length-delimited
		return 0, false
	}
	typ := b[6:min(len(b), 6+int(b[5]))]
	return formatPBF, string(typ) == "OSMHeader" || string(typ) == "OSMData"
}

// describe says what the first bytes b of a file look like, for errors.
func describe(b []byte) string {
	if len(b) == 0 {
		return "an empty file"
	}
	shown := b[:min(len(b), 24)]
	t := bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")
	kind := "binary data"
	switch {
	case len(t) > 0 && (t[0] == '{' || t[0] == '['):
		kind = "JSON (GeoJSON?)"
	case len(t) > 0 && t[0] == '<':
		kind = "XML or HTML without an <osm> element"
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		kind = "a ZIP archive"
	case bytes.HasPrefix(b, []byte("%PDF")):
		kind = "a PDF document"
	case bytes.HasPrefix(b, []byte("\x89PNG")):
		kind = "a PNG image"
	case isText(shown):
		kind = "text"
	}
	return fmt.Sprintf("%s: %q", kind, shown)
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
			ref:  tagText(w.Tags.Find("ref")),
			name: tagText(w.Tags.Find("name")),
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ways, func(a, b rawWay) int { return cmp.Compare(a.id, b.id) })
	return ways, nil
}

// tagText is a tag's value as a name: valid UTF-8, control characters (which
// geo.Builder refuses in names) turned into spaces, outer spaces trimmed.
func tagText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
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
			names[i] = tagText(n.Tags.Find("name"))
		}
		if isLandmark(n) {
			marks = append(marks, landmark{
				id: n.ID, name: tagText(n.Tags.Find("name")),
				lon: n.Lon, lat: n.Lat,
				control: n.Tags.Find("barrier") == "border_control",
			})
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(marks, func(a, b landmark) int { return cmp.Compare(a.id, b.id) })
	return marks, nil
}

// isText reports whether b is UTF-8 text without control characters other
// than tabs and line breaks; b may end in the middle of a character.
func isText(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1 && !utf8.FullRune(b):
			return true
		case r == utf8.RuneError && n == 1, r < ' ' && r != '\n' && r != '\r' && r != '\t', r == 0x7f:
			return false
		}
		b = b[n:]
	}
	return true
}
