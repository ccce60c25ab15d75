// Package report turns a run's output folder into what people read: a
// GeoJSON of network loads for QGIS, a Parquet file of the daily tables, a
// static map and charts (PNG and SVG), a self-contained HTML report that
// opens offline, and the comparison of a scenario with a baseline.
//
// Everything starts from Load, which reads the folder borderflow run wrote
// (summary.json, countries.csv, crossings.csv, centres.csv, edges.csv and
// scenario.yaml), so `borderflow report DIR` re-renders an old run and
// `borderflow compare` works on any two runs over the same network.
package report
