package flee

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCSV feeds arbitrary bytes to every CSV reader, and to the
// simsetting.yml reader: none may panic.
func FuzzCSV(f *testing.F) {
	dir := "../testdata/flee/mali2012"
	for _, rel := range []string{
		LocationsFile, RoutesFile, ClosuresFile, ConflictsFile, SimPeriodFile,
		CorrectionsFile, DataLayoutFile, RefugeesFile, "source_data/bf-bobo.csv",
	} {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 4000 {
			b = b[:4000]
		}
		f.Add(b)
	}
	f.Add([]byte("#Day,Kidal\n0,1\n1,\"0\n"))
	f.Add([]byte("\xef\xbb\xbfa,b,c\n\n,,\n#x"))
	names := map[string]bool{"Kidal": true, "Gao": true, "Mentao": true}
	countries := map[string]bool{"Mali": true, "Niger": true}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := func() *bytes.Reader { return bytes.NewReader(data) }
		p := &problems{}
		if locs := parseLocations("l.csv", r(), p); len(p.errs) == 0 {
			for _, l := range locs {
				if l.Name == "" && l.Line <= 0 {
					t.Errorf("location without line: %+v", l)
				}
			}
		}
		_ = parseRoutes("r.csv", r(), names, &problems{})
		_ = parseClosures("c.csv", r(), names, countries, &problems{})
		if c := parseConflicts("k.csv", r(), names, &problems{}); c != nil {
			for _, row := range c.Values {
				if len(row) != len(c.Names) {
					t.Errorf("row of %d values for %d names", len(row), len(c.Names))
				}
			}
		}
		_ = parseSimPeriod("p.csv", r(), &problems{})
		_ = parseCorrections("x.csv", r(), names, &problems{})
		obs := parseSeries("s.csv", r(), &problems{})
		if sum := AddSeries(obs, obs); len(obs) > 0 && len(sum) < len(obs) {
			t.Errorf("a series added to itself has %d rows, want at least %d", len(sum), len(obs))
		}
		if s, err := parseSettings("y.yml", r()); err == nil {
			_ = s.Unsupported()
		}
	})
}
