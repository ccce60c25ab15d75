package report

import "github.com/borderflow/borderflow/runfolder"

// Data is a run read back from its folder (see package runfolder).
type Data = runfolder.Data

// CountrySeries is one country's daily figures.
type CountrySeries = runfolder.CountrySeries

// CrossingSeries is one crossing's daily figures, by direction.
type CrossingSeries = runfolder.CrossingSeries

// CentreSeries is one centre's daily figures.
type CentreSeries = runfolder.CentreSeries

// EdgeSeries is the people setting out along one road segment each day.
type EdgeSeries = runfolder.EdgeSeries

// Load reads a run folder; it is runfolder.Read.
func Load(dir string) (*Data, error) { return runfolder.Read(dir) }
