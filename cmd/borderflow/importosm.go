package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/osmimport"
	"github.com/borderflow/borderflow/geo/westernbalkans"
)

func runImportOSM(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("network import-osm", "network import-osm FILE.osm.pbf|.osm|.osm.gz|.osm.bz2 --out net.geojson [--countries FILE] [--open-end-km KM]\n\nBuilds a network from an OpenStreetMap extract: motorway, trunk, primary and\nsecondary roads, degree-2 chains contracted, border crossings where a road\nleaves one country for another. Countries come from point-in-polygon on the\noutlines given by --countries (default: the embedded Western Balkans outlines).", stderr)
	out := fs.String("out", "", "write the network to this GeoJSON `file` (required)")
	countries := fs.String("countries", "", "country outlines: a GeoJSON `file` of (Multi)Polygons with ISO_A3 or ADM0_A3 codes (default: the embedded Western Balkans outlines)")
	openEnd := fs.Float64("open-end-km", 1, "a road that ends within this many `km` of another country is taken for a crossing cut off by the extract's edge (0: off)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usagef("no OpenStreetMap file given")
	case len(pos) > 1:
		return usagef("one OpenStreetMap file at a time, got %d", len(pos))
	case *out == "":
		return usagef("--out is required")
	case *openEnd < 0:
		return usagef("--open-end-km is %v, want 0 or more", *openEnd)
	}
	opts := osmimport.Options{OpenEndKm: *openEnd}
	if *countries != "" {
		if opts.Countries, err = osmimport.LoadCountries(*countries); err != nil {
			return err
		}
	} else {
		cs, err := westernbalkans.Countries()
		if err != nil {
			return err
		}
		if opts.Countries, err = osmimport.NewCountries(cs); err != nil {
			return err
		}
	}
	net, rep, err := osmimport.ImportFile(pos[0], opts)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*out, net.WriteGeoJSON); err != nil {
		return err
	}
	fmt.Fprint(stdout, rep.String())
	for c := range geo.CrossingID(net.NumCrossings()) {
		x := net.Crossing(c)
		e := net.Edge(x.Edges[0])
		a, b := net.Node(e.From), net.Node(e.To)
		note := ""
		if strings.HasPrefix(e.Source, "inferred") {
			note = "  (inferred from a road cut off near the border: check it)"
		}
		fmt.Fprintf(stdout, "crossing %s %s–%s %q at %.4f N %.4f E%s\n", x.ID, x.A, x.B, x.Name, (a.Point[1]+b.Point[1])/2, (a.Point[0]+b.Point[0])/2, note)
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return nil
}
