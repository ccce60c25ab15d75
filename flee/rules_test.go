package flee_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/borderflow/borderflow/flee"
)

// edit replaces the first occurrence of old in file rel of dir.
func edit(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", rel, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func warningsContain(s *flee.Scenario, want string) bool {
	for _, w := range s.Warnings {
		if strings.Contains(w.Error(), want) {
			return true
		}
	}
	return false
}

// TestFleeReaderRules checks each rule by which Flee reads a scenario that
// the reader once refused or misread, on a copy of mali2012 changed to
// need it.
func TestFleeReaderRules(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, dir string)
		check  func(t *testing.T, s *flee.Scenario)
	}{
		{
			// InputGeography.ReadConflictInputCSV skips empty header names;
			// the rows stop short of the trailing comma.
			"conflicts header ends in a comma",
			func(t *testing.T, dir string) { edit(t, dir, flee.ConflictsFile, "Tabareybarey\n", "Tabareybarey,\n") },
			func(t *testing.T, s *flee.Scenario) {
				if n := len(s.Conflicts.Names); n != 23 {
					t.Errorf("%d conflict columns, want 23", n)
				}
			},
		},
		{
			// flee.py enact_border_closures reads only name1 of location
			// and camp closures.
			"location and camp closures with a blank or country name2",
			func(t *testing.T, dir string) {
				if err := os.WriteFile(filepath.Join(dir, flee.ClosuresFile), []byte("#closure_type,name1,name2,closure_start,closure_end\nlocation,Gao,,3,9\ncamp,Mentao,Niger,0,5\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			func(t *testing.T, s *flee.Scenario) {
				if len(s.Closures) != 2 || s.Closures[0].From != "Gao" || s.Closures[1].From != "Mentao" {
					t.Errorf("closures %+v", s.Closures)
				}
			},
		},
		{
			// Flee's countries are labels: one outside the ISO table gets a
			// user-assigned code in the network and keeps its label.
			"country outside the ISO table",
			func(t *testing.T, dir string) {
				edit(t, dir, flee.LocationsFile, "Hodh_Ech,Mauritania", "Hodh_Ech,Atlantis")
			},
			func(t *testing.T, s *flee.Scenario) {
				if c := s.Location("Fassala-Mbera").Country; c != "Atlantis" {
					t.Errorf("country %q, want the label Atlantis", c)
				}
				net, err := s.Network()
				if err != nil {
					t.Fatal(err)
				}
				v, ok := net.NodeByID("fassala-mbera")
				if !ok {
					t.Fatal("no node fassala-mbera")
				}
				if c := net.Node(v).Country; c != "QMA" {
					t.Errorf("network country %q, want QMA (the first user-assigned code)", c)
				}
			},
		},
		{
			// datamanager DataTable keeps every data_layout.csv row, a
			// location or not, and sums it into the spawn total.
			"data_layout name that is not a location",
			func(t *testing.T, dir string) { edit(t, dir, flee.DataLayoutFile, "Niamey,", "Niamy,") },
			func(t *testing.T, s *flee.Scenario) {
				if !warningsContain(s, `data_layout.csv:8: "Niamy" is not a location`) {
					t.Errorf("warnings %v, want one for Niamy at data_layout.csv:8", s.Warnings)
				}
				plan, err := s.SpawnPlan()
				if err != nil {
					t.Fatal(err)
				}
				total := 0
				for _, n := range plan.Daily {
					total += n
				}
				// TestSpawnPlanMali: 89,991 people of whom 10,838 on day 0.
				if total != 89991-10838 {
					t.Errorf("spawned after day 0 %d, want %d (Niamy's series still counts)", total, 89991-10838)
				}
			},
		},
		{
			// Flee looks a conflicts.csv column up by name, logs a miss and
			// goes on.
			"conflicts column naming no location",
			func(t *testing.T, dir string) { edit(t, dir, flee.ConflictsFile, " Gao,", " Gaoo,") },
			func(t *testing.T, s *flee.Scenario) {
				if !warningsContain(s, `conflicts.csv:1: column 3: "Gaoo" is not a location`) {
					t.Errorf("warnings %v, want one for column 3", s.Warnings)
				}
				if slices.Contains(s.Conflicts.Names, "Gaoo") || len(s.Conflicts.Names) != 22 {
					t.Errorf("conflict columns %v, want the 22 others", s.Conflicts.Names)
				}
			},
		},
		{
			// datamanager DataTable adds a row's further files with
			// AddCSVTables. Expected: Flee's RefugeeTable over this
			// data_layout.csv, ReadL1Corrections, get_field("Mentao", d).
			"further files on a data_layout row",
			func(t *testing.T, dir string) {
				edit(t, dir, flee.DataLayoutFile, "bf-mentao.csv", "bf-mentao.csv,bf-bobo.csv")
			},
			func(t *testing.T, s *flee.Scenario) {
				obs, err := s.ObservedCamps()
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range []struct{ day, want int }{{0, 0}, {20, 0}, {150, 7188}, {299, 8756}} {
					if got := obs["Mentao"][c.day]; got != c.want {
						t.Errorf("Mentao on day %d: %d, want %d (Flee; 5876 and 6881 without the further file)", c.day, got, c.want)
					}
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyMali(t)
			tc.mutate(t, dir)
			s, err := flee.Read(dir)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			tc.check(t, s)
		})
	}
}

// TestReadListsEveryProblem checks that Read goes on past a problem and
// reports every one, each naming its file and line.
func TestReadListsEveryProblem(t *testing.T) {
	dir := copyMali(t)
	edit(t, dir, flee.LocationsFile, "16.78026", "north")
	edit(t, dir, flee.RoutesFile, "Mopti,Mentao,360", "Mopti,Mentao,far")
	edit(t, dir, flee.RoutesFile, "Douentza,Mentao", "Douentza,Mentau")
	edit(t, dir, "source_data/bf-bobo.csv", "2012-03-24,950", "2012-03-24,lots")
	_, err := flee.Read(dir)
	var ps flee.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T), want flee.Problems", err, err)
	}
	for _, want := range []string{
		`locations.csv:3: Timbuktu: latitude: "north" is not a number`,
		`routes.csv:2: unknown location "Mentau" in name2`,
		`routes.csv:3: Mopti–Mentao: distance: "far" is not a number`,
		`bf-bobo.csv:3: count: "lots" is not a whole number`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("problems\n%v\nlack %q", err, want)
		}
	}
	if len(ps) != 4 {
		t.Errorf("%d problems, want 4:\n%v", len(ps), err)
	}
}

// TestAddSeries checks the sum of a data_layout row's files against the
// tables Flee's AddCSVTables (flee/datamanager/DataTable.py) returns for
// the same inputs (days as dates from 2020-01-01).
func TestAddSeries(t *testing.T) {
	day0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	series := func(rows ...[2]int) []flee.Observation {
		out := []flee.Observation{}
		for _, r := range rows {
			out = append(out, flee.Observation{Date: day0.AddDate(0, 0, r[0]), Count: r[1]})
		}
		return out
	}
	tests := []struct {
		name string
		a, b []flee.Observation
		want []flee.Observation
	}{
		{"same dates", series([2]int{0, 0}, [2]int{3, 410}, [2]int{67, 458}), series([2]int{0, 0}, [2]int{3, 6095}, [2]int{67, 6116}),
			series([2]int{0, 0}, [2]int{3, 6505}, [2]int{67, 6574})},
		{"b between a's dates", series([2]int{0, 0}, [2]int{10, 100}, [2]int{20, 200}), series([2]int{0, 0}, [2]int{5, 50}, [2]int{20, 70}),
			series([2]int{0, 0}, [2]int{5, 150}, [2]int{10, 150}, [2]int{20, 270})},
		{"a between b's dates", series([2]int{0, 0}, [2]int{5, 100}, [2]int{20, 200}), series([2]int{0, 0}, [2]int{10, 7}, [2]int{20, 9}),
			series([2]int{0, 0}, [2]int{5, 100}, [2]int{10, 207}, [2]int{20, 209})},
		{"b ends first", series([2]int{0, 0}, [2]int{10, 100}, [2]int{20, 200}, [2]int{30, 300}), series([2]int{0, 0}, [2]int{10, 5}),
			series([2]int{0, 0}, [2]int{10, 105})},
		{"a ends first", series([2]int{0, 0}, [2]int{10, 100}), series([2]int{0, 0}, [2]int{10, 5}, [2]int{20, 6}, [2]int{30, 7}),
			series([2]int{0, 0}, [2]int{10, 105}, [2]int{10, 105}, [2]int{10, 105})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := flee.AddSeries(tc.a, tc.b); !slices.Equal(got, tc.want) {
				t.Errorf("AddSeries\n got %v\nwant %v", got, tc.want)
			}
		})
	}
}
