// Package geo is borderflow's road-and-border network: places (towns, the two
// sides of each border crossing, reception centres, entry and exit points),
// the road segments between them with their lengths in kilometres, and the
// border crossings as first-class objects that own the edges crossing a border.
//
// A Network is immutable once built (by a Builder, or read from a GeoJSON file
// with ReadFile) and stores its graph as flat arrays: a compressed sparse row
// adjacency with int32 ids. Places are found by id or by name with Lookup,
// which ignores case and diacritics, and by coordinate with Nearest, which
// uses an R-tree (github.com/tidwall/rtree).
//
// Every node states its country (ISO 3166-1 alpha-3, Kosovo XKX). The package
// never decides a node's country by point-in-polygon: Natural Earth borders are
// one to three kilometres off, which is the distance between the two sides of
// a border post.
//
// Routing is a Router: a set of closed edges (a closed crossing, every
// crossing between two countries, or every edge a wall cuts) and one reverse
// shortest-path Tree per exit giving, for every node, the distance to the
// exit and the next hop, in O(1). When closures change, Update repairs only
// the trees, and only the subtrees, that the change touches. Point-to-point
// queries use A* (Router.Route).
package geo
