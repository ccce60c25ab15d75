package sweep

import "testing"

// FuzzParse: no sweep file makes Parse panic or hang; it returns a sweep
// or an error.
func FuzzParse(f *testing.F) {
	f.Add([]byte(testSweep))
	f.Add([]byte("name: m\nscenario: s\ndesign: {method: morris, samples: 3, ranges: {a: [0, 1]}}\n"))
	f.Add([]byte("name: x\nscenario: y\nvary: {a: [1e308, -1e308]}\nreplicates: 99999999999\n"))
	f.Add([]byte("&a [*a, *a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sw, err := Parse(data, "fuzz.yaml")
		if err == nil && (sw.Name == "" || sw.Replicates < 1 || sw.items() > MaxItems) {
			t.Errorf("Parse accepted %+v", sw)
		}
	})
}
