package score

import (
	"regexp"
	"strings"
	"testing"
)

// namesLine matches an error that names the file and a line.
var namesLine = regexp.MustCompile(`^obs\.csv:[1-9][0-9]*:`)

// FuzzParseCSV: ParseCSV never panics, every error names the file and a
// line, and what it reads scores without panicking.
func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{
		"",
		"date,place,count\n",
		"date,place,count\n2015-09-01,HUN,4\n2015-09-03,HUN,1200\n",
		"\xef\xbb\xbfDate,Place,Count\r\n\"2015-09-01\",\"HUN\",4\r\n",
		"date,place,count\n2015-10-01,moria,1\n2015-10-01,moria,2\n",
		"date,place,count\n2015-09-01,HUN,1e400\n",
		"date,place,count\n2015-09-01,H\"UN,4\n",
		"date;place;count\n",
		"\xff\xfed\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseCSV(strings.NewReader(s), "obs.csv")
		if err != nil {
			if !namesLine.MatchString(err.Error()) {
				t.Errorf("error names no line: %v", err)
			}
			return
		}
		if len(o.Sites()) == 0 {
			t.Fatal("no error and no observations")
		}
		for _, ps := range o.sites {
			for _, p := range ps {
				if p.line < 2 || p.count < 0 || p.count > 1<<53 {
					t.Fatalf("observation %+v", p)
				}
			}
		}
		sim := &Simulated{Start: 16000, Days: 30, Sites: map[string][]float64{}}
		for _, site := range o.Sites()[:1] {
			sim.Sites[site] = make([]float64, sim.Days)
		}
		if sc, err := Compute(sim, o); err == nil {
			for _, w := range sc.Warnings {
				if !namesLine.MatchString(w.String()) {
					t.Errorf("warning names no line: %v", w)
				}
			}
		}
	})
}
