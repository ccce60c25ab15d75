package flee_test

import (
	"encoding/csv"
	"github.com/borderflow/borderflow/flee"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestObservedCampsMatchFlee checks the corrected, interpolated camp series
// against the data columns of Flee's own output for mali2012, day by day.
func TestObservedCampsMatchFlee(t *testing.T) {
	s, err := flee.Read(mali)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := s.ObservedCamps()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(mali, "flee_reference_out.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for j, h := range recs[0] {
		name, ok := strings.CutSuffix(h, " data")
		if !ok {
			continue
		}
		got, ok := obs[name]
		if !ok {
			t.Errorf("no observed series for %s", name)
			continue
		}
		for _, rec := range recs[1:] {
			day, _ := strconv.Atoi(rec[0])
			want, _ := strconv.Atoi(rec[j])
			if got[day] != want {
				t.Errorf("%s day %d: %d, Flee %d", name, day, got[day], want)
			}
			checked++
		}
	}
	if checked != 7*300 {
		t.Errorf("checked %d values, want 2100", checked)
	}
}

// TestSpawnPlanMali checks the day-0 camp populations and that the agents
// over the period add up to the camps' observed total on the last day (the
// observed total only falls by debts that later growth repays).
func TestSpawnPlanMali(t *testing.T) {
	s, err := flee.Read(mali)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.SpawnPlan()
	if err != nil {
		t.Fatal(err)
	}
	obs, err := s.ObservedCamps()
	if err != nil {
		t.Fatal(err)
	}
	var day0, spawned, first, last int
	for _, n := range p.Day0 {
		day0 += n
	}
	for _, n := range p.Daily {
		spawned += n
	}
	for _, v := range obs {
		first += v[0]
		last += v[len(v)-1]
	}
	if day0 != first || day0 != 10838 {
		t.Errorf("day 0: %d agents in camps, observed %d (Flee's output: 10838)", day0, first)
	}
	if p.Daily[0] != 0 {
		t.Errorf("day 0 spawns %d, want 0 with insert_day0", p.Daily[0])
	}
	if day0+spawned < last {
		t.Errorf("%d agents in all, fewer than the %d observed on the last day", day0+spawned, last)
	}
	t.Logf("day 0 %d, spawned %d, observed on the last day %d", day0, spawned, last)
}

// TestBangladeshReads reads FabFlee's bangladesh scenario, a flood scenario
// with Windows line ends, a key given twice in simsetting.yml (the last
// wins, as in Flee) and a Date header row in refugees.csv, and finds the
// flood rules it switches on listed as unsupported.
func TestBangladeshReads(t *testing.T) {
	s, err := flee.Read("../testdata/flee/bangladesh")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.Camps()); n != 3 {
		t.Errorf("%d camps, want 3", n)
	}
	if len(s.Refugees) == 0 || s.Refugees[0].Date.Format("2006-01-02") != "2017-07-31" {
		t.Errorf("refugees.csv: %v", s.Refugees)
	}
	spawn, _ := s.Settings.Raw["spawn_rules"].(map[string]any)
	if _, isMap := spawn["flood_driven_spawning"].(map[string]any); !isMap {
		t.Errorf("spawn_rules.flood_driven_spawning = %v, want the later (mapping) value", spawn["flood_driven_spawning"])
	}
	if s.Settings.Hasten != 1000 || !s.Settings.TakeFromPopulation {
		t.Errorf("settings: hasten %d, take_from_population %v", s.Settings.Hasten, s.Settings.TakeFromPopulation)
	}
	got := strings.Join(s.Settings.Unsupported(), "; ")
	for _, want := range []string{"spawn_rules.flood_driven_spawning (flood-driven spawning)", "move_rules.flood_rules (flood move rules)"} {
		if !strings.Contains(got, want) {
			t.Errorf("Unsupported() = %q, want it to list %q", got, want)
		}
	}
	if u := mustRead(t).Settings.Unsupported(); len(u) != 0 {
		t.Errorf("mali2012: unsupported %v", u)
	}
}

func mustRead(t *testing.T) *flee.Scenario {
	t.Helper()
	s, err := flee.Read(mali)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
