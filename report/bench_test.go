package report

import (
	"bytes"
	"context"
	"os"
	"sync"
	"testing"

	"github.com/borderflow/borderflow/runfolder"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
	"github.com/borderflow/borderflow/sim/borderaware"
)

// benchData is the default scenario at full scale, as `borderflow run`
// writes it, read back once per test binary.
var benchData = sync.OnceValues(func() (*runfolder.Data, error) {
	s, err := scenarios.Builtin(scenarios.DefaultName)
	if err != nil {
		return nil, err
	}
	res, err := borderaware.Run(context.Background(), s, sim.Options{Scale: 1, Workers: 2})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "borderflow-report-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := runfolder.Write(dir, res, "bench"); err != nil {
		return nil, err
	}
	return runfolder.Read(dir)
})

func benchRun(b *testing.B) *runfolder.Data {
	b.Helper()
	d, err := benchData()
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkWrite renders every format of the default scenario's run.
func BenchmarkWrite(b *testing.B) {
	d := benchRun(b)
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Write(dir, d, Formats); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCharts renders the three charts, PNG and SVG.
func BenchmarkCharts(b *testing.B) {
	d := benchRun(b)
	dir := b.TempDir()
	for b.Loop() {
		if _, err := WriteCharts(dir, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMap renders the map, PNG and SVG (country labels cached after
// the first call).
func BenchmarkMap(b *testing.B) {
	d := benchRun(b)
	var png, svg bytes.Buffer
	for b.Loop() {
		png.Reset()
		svg.Reset()
		if err := WriteMap(&png, &svg, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCountryLabels places the map's country labels without the
// cache: what the first map of a process pays.
func BenchmarkCountryLabels(b *testing.B) {
	d := benchRun(b)
	for b.Loop() {
		placeCountryLabels(d.Network, d.Kind.Outlines)
	}
}

// BenchmarkCountryLabelsCached is what every later map of the network
// pays: the inputs' digest and the look-up.
func BenchmarkCountryLabelsCached(b *testing.B) {
	d := benchRun(b)
	countryLabelsFor(d.Network, d.Kind.Outlines)
	for b.Loop() {
		countryLabelsFor(d.Network, d.Kind.Outlines)
	}
}

// BenchmarkWriteFormat renders each format alone, on one worker.
func BenchmarkWriteFormat(b *testing.B) {
	d := benchRun(b)
	dir := b.TempDir()
	for _, f := range Formats {
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if _, err := writeWith(dir, d, []string{f}, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteSerial renders every format one after the other: Write
// on one core.
func BenchmarkWriteSerial(b *testing.B) {
	d := benchRun(b)
	dir := b.TempDir()
	for b.Loop() {
		if _, err := writeWith(dir, d, Formats, 1); err != nil {
			b.Fatal(err)
		}
	}
}
