// Package osmimport builds a borderflow road-and-border network (a
// *geo.Network) from an OpenStreetMap extract: an .osm.pbf file, or OSM XML
// (.osm, .osm.gz, .osm.bz2).
//
// # What is kept
//
// Ways tagged highway=motorway, trunk, primary or secondary, and their _link
// variants. Motorways become geo.Motorway edges, trunk and primary roads
// geo.MainRoad, secondary roads geo.LocalRoad. Every road is treated as
// two-way, whatever its oneway tag: the people the simulation moves walk.
//
// The graph nodes are the ends of the ways, the OSM nodes that two or more
// kept ways share (junctions), and both ends of every segment whose two OSM
// nodes lie in different countries. Each chain of the other nodes is
// contracted into one edge whose Line is the road's full geometry and whose
// Km is the sum of the great-circle lengths of its segments: a measured road
// length (geo.RoadKm), sourced "OpenStreetMap way <id> …". Node ids are
// "osm-<node id>"; names come from the node's name tag, else from the roads
// that meet there ("CG-1 junction"), else "OSM node <id>".
//
// # Countries
//
// An extract says nothing reliable about which country a node is in, so
// each node's country comes from country polygons (see LoadCountries) by
// point-in-polygon. This is the only place in borderflow where a country is
// derived rather than stated: the hand-curated default network states every
// node's country, because Natural Earth outlines are one to three kilometres
// off at borders. A node outside every polygon takes the country of the
// nearest outline within Options.MaxOutsideKm (5 km); the segments of a node
// farther out are dropped and counted in the Report.
//
// # Crossings
//
// Every segment between two countries is a crossing edge, and both its ends
// are geo.Border nodes. Crossing edges of the same two countries whose
// midpoints lie within Options.GroupKm (1 km) of each other form one
// geo.Crossing, so that a dual carriageway is one border post. A crossing is
// named after the nearest named barrier=border_control node within
// Options.NameKm (2 km), else after the nearest named place on each side
// ("La Farga de Moles – Sant Julià de Lòria"), else after its roads; its id
// is the name folded to a slug, or "<a>-<b>-<n>" (e.g. "and-esp-1") when
// nothing names it.
//
// An extract clipped at a border has no segment across it: the road just
// ends. With Options.OpenEndKm set, a road end near another country's
// outline becomes an inferred crossing to a node on that outline, marked as
// such (geo.Circuity length, a Source starting "inferred"). It is off in
// the zero Options, because a road that ends at a mountain pass looks the
// same; `borderflow network import-osm` turns it on at 1 km
// (--open-end-km) and lists every inferred crossing for the user to check.
//
// # Reading
//
// The file is read in two passes: the kept ways first, then the coordinates
// of only the nodes those ways use (and of named border posts and places), so
// that a country-sized extract needs neither the whole file nor every node
// in memory. The output is deterministic: nodes are in OSM node id order,
// edges in way id order, and the same input gives the same network, and so
// byte-identical GeoJSON from geo.(*Network).WriteGeoJSON.
package osmimport
