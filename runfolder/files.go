package runfolder

import "slices"

// The files of a run folder. Their names and the CSV columns below are a
// public contract.
const (
	CountriesFile = "countries.csv"
	CrossingsFile = "crossings.csv"
	CentresFile   = "centres.csv"
	EdgesFile     = "edges.csv"
	BandsFile     = "bands.csv"
	SummaryFile   = "summary.json"
	ScenarioFile  = "scenario.yaml"
	NetworkFile   = "network.geojson"
	ManifestFile  = "manifest.json"
	// ReplicatesDir is the sub-folder holding one run folder per replicate.
	ReplicatesDir = "replicates"
)

// headers are the CSV tables' columns, by file.
var headers = map[string][]string{
	CountriesFile: {"date", "country", "entries", "exits", "present"},
	CrossingsFile: {"date", "crossing", "from", "to", "arrived", "passed", "refused", "queue"},
	CentresFile:   {"date", "centre", "country", "occupancy", "capacity", "turned_away", "registered"},
	EdgesFile:     {"date", "from", "to", "people"},
	BandsFile:     {"date", "kind", "id", "series", "mean", "p05", "p95"},
}

// Header returns the columns of a CSV table of a run folder, by file name
// (CountriesFile, CrossingsFile, CentresFile, EdgesFile or BandsFile); nil
// for any other name.
func Header(file string) []string { return slices.Clone(headers[file]) }
