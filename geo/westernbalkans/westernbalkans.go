// Package westernbalkans embeds borderflow's default network: the road and
// border graph of the 2015–16 Balkan route (Greece → North Macedonia → Serbia
// → Hungary / Croatia → Slovenia → Austria, with the Bulgaria and Kosovo
// links) and of the later route through Albania, Montenegro and Bosnia and
// Herzegovina toward Croatia, with its border crossings, reception and transit
// centres, entry points and exits, and the Natural Earth outlines of the
// region's countries.
//
// The files are generated from the sourced tables in data/westernbalkans by
// internal/netgen (go generate ./geo/westernbalkans); every node names the
// source of its coordinates, every edge the source of its length, every
// centre the source of its capacity. See data/westernbalkans/SOURCES.md and
// the licences beside the data.
package westernbalkans

import (
	_ "embed"
	"sync"

	"github.com/borderflow/borderflow/geo"
)

//go:generate go run ../../internal/netgen -data ../../data -out .

// Name is the name by which commands and scenario files refer to this network.
const Name = "westernbalkans"

//go:embed network.geojson
var networkGeoJSON []byte

//go:embed countries.geojson
var countriesGeoJSON []byte

var (
	network   = sync.OnceValues(func() (*geo.Network, error) { return geo.Decode(networkGeoJSON, Name+"/network.geojson") })
	countries = sync.OnceValues(func() ([]geo.Country, error) {
		return geo.DecodeCountries(countriesGeoJSON, Name+"/countries.geojson")
	})
)

// Network returns the embedded network, decoded on first use and shared
// afterwards (a Network is immutable).
func Network() (*geo.Network, error) { return network() }

// Countries returns the outlines of the region's countries (Natural Earth
// 1:10m), sorted by code, for maps and sanity checks.
func Countries() ([]geo.Country, error) { return countries() }

// GeoJSON returns the embedded network file, for export.
func GeoJSON() []byte { return networkGeoJSON }
