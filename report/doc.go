// Package report turns a run's output folder into what people read: a
// GeoJSON of network loads for QGIS, a Parquet file of the daily tables, a
// static map and charts (PNG and SVG), a self-contained HTML report that
// opens offline, and the comparison of a scenario with a baseline.
//
// Everything starts from Load, which reads the folder borderflow run wrote
// (summary.json, countries.csv, crossings.csv, centres.csv, edges.csv and
// scenario.yaml), so `borderflow report DIR` re-renders an old run and
// `borderflow compare` works on any two runs over the same network.
//
// Data flows one way: report reads a runfolder.Data and writes files; it
// never changes the run. Write renders the formats (and each chart) side by
// side, at most GOMAXPROCS at a time, each into its own files, so the bytes
// written do not depend on the number of cores. The map's country labels
// depend only on the network and the outlines: they are placed once per
// process for each (compared by value) and shared by concurrent renderings.
package report
