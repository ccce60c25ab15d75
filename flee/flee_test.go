package flee_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/geo"
)

const mali = "../testdata/flee/mali2012"

func readMali(t *testing.T) *flee.Scenario {
	t.Helper()
	s, err := flee.Read(mali)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadMali2012(t *testing.T) {
	s := readMali(t)
	if got := len(s.Locations); got != 23 {
		t.Errorf("locations: %d, want 23", got)
	}
	if got := len(s.Routes); got != 35 {
		t.Errorf("routes: %d, want 35", got)
	}
	if got := len(s.Camps()); got != 7 {
		t.Errorf("camps: %d, want 7", got)
	}
	if got := len(s.ConflictZones()); got != 12 {
		t.Errorf("conflict zones: %d, want 12", got)
	}
	if got := len(s.Closures); got != 2 {
		t.Errorf("closures: %d, want 2", got)
	}
	c := s.Closures[0]
	if c.Type != "country" || c.From != "Mali" || c.To != "Burkina_Faso" || c.Start != 0 || c.End != 22 || c.Line != 2 {
		t.Errorf("closure 0: %+v", c)
	}

	kidal := s.Location("Kidal")
	if kidal == nil || kidal.Region != "Kidal" || kidal.Country != "Mali" || kidal.Lat != 18.444305 || kidal.Lon != 1.401523 ||
		kidal.Type != "conflict_zone" || kidal.ConflictDay != 0 || kidal.Population != 25617 || kidal.Line != 2 {
		t.Errorf("Kidal: %+v", kidal)
	}
	if m := s.Location("Mopti"); m == nil || m.ConflictDay != -1 || m.IsConflictZone() || m.IsCamp() {
		t.Errorf("Mopti: %+v", m)
	}
	if fm := s.Location("Fassala-Mbera"); fm == nil || !fm.IsCamp() || fm.Capacity() != 75882 {
		t.Errorf("Fassala-Mbera: %+v", fm)
	}
	r := s.Routes[0]
	if r.From != "Douentza" || r.To != "Mentao" || r.Km != 487 || r.ForcedRedirection != 0 || r.Line != 2 {
		t.Errorf("route 0: %+v", r)
	}

	want := flee.SimPeriod{Start: time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC), Days: 300}
	if s.Period != want {
		t.Errorf("period: %+v, want %+v", s.Period, want)
	}

	if s.Conflicts == nil || len(s.Conflicts.Names) != 23 || len(s.Conflicts.Days) != 300 {
		t.Fatalf("conflicts: %v names, %v days", len(s.Conflicts.Names), len(s.Conflicts.Days))
	}
	gao := s.Conflicts.Series("Gao")
	if gao[22] != 0 || gao[23] != 1 {
		t.Errorf("Gao conflict on days 22, 23: %v, %v; want 0, 1", gao[22], gao[23])
	}
	if s.Conflicts.Series("Nowhere") != nil {
		t.Error("Series of an unknown name is not nil")
	}

	if len(s.Corrections) != 5 || s.Corrections[1].Location != "Mentao" || s.Corrections[1].Action != "normalize" ||
		!s.Corrections[1].Date.Equal(time.Date(2012, 10, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("corrections: %+v", s.Corrections)
	}

	if s.Total == nil || len(s.Total.Obs) == 0 {
		t.Error("no total series")
	}
	if len(s.Refugees) != 134 {
		t.Errorf("refugees.csv: %d rows, want 134", len(s.Refugees))
	}
	if o := s.Refugees[1]; o.Count != 20075 || o.Date != time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC) {
		t.Errorf("refugees row 2: %+v", o)
	}
}

func TestObservedMali2012(t *testing.T) {
	s := readMali(t)
	want := map[string]int{
		"Bobo-Dioulasso": 13, "Mentao": 13, "Fassala-Mbera": 66, "Abala": 15,
		"Mangaize": 17, "Tabareybarey": 18, "Niamey": 9,
	}
	if len(s.Observed) != len(want) {
		t.Fatalf("%d observed series, want %d", len(s.Observed), len(want))
	}
	for _, cs := range s.Observed {
		n, ok := want[cs.Name]
		if !ok {
			t.Errorf("unexpected series %q", cs.Name)
			continue
		}
		if len(cs.Obs) != n {
			t.Errorf("%s: %d observations, want %d", cs.Name, len(cs.Obs), n)
		}
		if l := s.Location(cs.Name); l == nil || !l.IsCamp() {
			t.Errorf("%s is not a camp", cs.Name)
		}
		for i := 1; i < len(cs.Obs); i++ {
			if cs.Obs[i].Date.Before(cs.Obs[i-1].Date) {
				t.Errorf("%s: dates out of order at %d", cs.Name, i)
			}
		}
	}
	bobo := s.Observed[0]
	if bobo.Name != "Bobo-Dioulasso" || filepath.Base(bobo.File) != "bf-bobo.csv" ||
		bobo.Obs[2] != (flee.Observation{Date: time.Date(2012, 3, 24, 0, 0, 0, 0, time.UTC), Count: 950}) {
		t.Errorf("Bobo-Dioulasso: %+v", bobo)
	}
}

func TestSettingsMali2012(t *testing.T) {
	st := readMali(t).Settings
	if st == nil {
		t.Fatal("no settings")
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"max_move_speed", st.MaxMoveSpeed, 400},
		{"max_walk_speed", st.MaxWalkSpeed, 35},
		{"camp_weight", st.CampWeight, 1},
		{"conflict_weight", st.ConflictWeight, 0.25},
		{"softening", st.DistanceSoftening, 50},
		{"default_movechance", st.DefaultMoveChance, 0.5},
		{"camp_movechance", st.CampMoveChance, 0.001},
		{"conflict_movechance", st.ConflictMoveChance, 1},
		{"weight_power", st.WeightPower, 1},
		{"distance_power", st.DistancePower, 0.75},
		{"capacity_scaling", st.CapacityScaling, 1.25},
		{"foreign_weight", st.ForeignWeight, 1},
		{"awareness_level", float64(st.AwarenessLevel), 1},
		{"hasten", float64(st.Hasten), 1},
		{"idpcamp_movechance (default)", st.IDPCampMoveChance, 0.1},
		{"conflict_spawn_decay_interval", float64(st.ConflictSpawnDecayInterval), 30},
		{"number_of_steps (absent)", float64(st.NumberOfSteps), -1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if st.StartOnFoot || !st.AvoidShortStints || !st.InsertDay0 || !st.SumFromCamps || st.TakeFromPopulation || st.CampsAreSinks {
		t.Errorf("booleans: %+v", st)
	}
	if len(st.ConflictSpawnDecay) != 5 || st.ConflictSpawnDecay[3] != 0.5 {
		t.Errorf("conflict_spawn_decay: %v", st.ConflictSpawnDecay)
	}
	mr, ok := st.Raw["move_rules"].(map[string]any)
	if !ok || mr["max_move_speed"] == nil {
		t.Errorf("raw move_rules: %v", st.Raw["move_rules"])
	}
}

func TestNetworkMali2012(t *testing.T) {
	s := readMali(t)
	n, err := s.Network()
	if err != nil {
		t.Fatal(err)
	}
	if n.NumNodes() != 23 || n.NumEdges() != 35 || n.NumCrossings() != 9 {
		t.Errorf("%d nodes, %d edges, %d crossings; want 23, 35, 9", n.NumNodes(), n.NumEdges(), n.NumCrossings())
	}
	if c := n.Components(); c != 1 {
		t.Errorf("%d components, want 1 (connected)", c)
	}
	if got := strings.Join(n.Countries(), " "); got != "BFA MLI MRT NER" {
		t.Errorf("countries: %s", got)
	}
	if len(n.Centres()) != 7 {
		t.Errorf("%d centres, want 7", len(n.Centres()))
	}
	v, ok := n.NodeByID("fassala-mbera")
	if !ok {
		t.Fatal("no node fassala-mbera")
	}
	nd := n.Node(v)
	if nd.Name != "Fassala-Mbera" || nd.Country != "MRT" || nd.Kind != geo.Centre || nd.Centre.Capacity != 75882 ||
		nd.Point[0] != -5.751422 || nd.Point[1] != 15.639012 {
		t.Errorf("fassala-mbera: %+v", nd)
	}
	ci, ok := n.CrossingByID("lere-fassala-mbera")
	if !ok {
		t.Fatal("no crossing lere-fassala-mbera")
	}
	cr := n.Crossing(ci)
	e := n.Edge(cr.Edges[0])
	if cr.A != "MLI" || cr.B != "MRT" || e.Km != 98 || e.Method != geo.RoadKm || e.Source != "Flee routes.csv line 36" {
		t.Errorf("crossing: %+v, edge %+v", cr, e)
	}
}

func TestCountryCode(t *testing.T) {
	for name, want := range map[string]string{
		"Mali": "MLI", "Burkina_Faso": "BFA", "Burkina Faso": "BFA", "Niger": "NER",
		"Mauritania": "MRT", "Côte d'Ivoire": "CIV", "South_Sudan": "SSD",
	} {
		if got, ok := flee.CountryCode(name); !ok || got != want {
			t.Errorf("CountryCode(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if _, ok := flee.CountryCode("Atlantis"); ok {
		t.Error("CountryCode(Atlantis) found")
	}
}

// copyMali copies the mali2012 scenario into a temporary directory.
func copyMali(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mali2012")
	if err := os.CopyFS(dir, os.DirFS(mali)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBadInput(t *testing.T) {
	write := func(rel, content string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, rel), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// replace changes the first occurrence of old in file rel.
	replace := func(rel, old, new string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, rel)
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
	}
	remove := func(rel string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, rel)); err != nil {
				t.Fatal(err)
			}
		}
	}
	const (
		loc  = "input_csv/locations.csv"
		rte  = "input_csv/routes.csv"
		clo  = "input_csv/closures.csv"
		con  = "input_csv/conflicts.csv"
		per  = "input_csv/sim_period.csv"
		cor  = "input_csv/registration_corrections.csv"
		lay  = "source_data/data_layout.csv"
		yml  = "simsetting.yml"
		bobo = "source_data/bf-bobo.csv"
	)
	tests := []struct {
		name    string
		mutate  func(t *testing.T, dir string)
		network bool   // the error comes from Network, not Read
		want    string // a substring of the error
	}{
		{"missing locations", remove(loc), false, "locations.csv: missing"},
		{"missing routes", remove(rte), false, "routes.csv: missing"},
		{"missing closures", remove(clo), false, "closures.csv: missing"},
		{"missing sim period", remove(per), false, "sim_period.csv: missing"},
		{"location columns", replace(loc, "Kidal,Kidal,Mali,18.444305,1.401523,conflict_zone,0,25617", "Kidal,Kidal,Mali,18.444305,1.401523,conflict_zone,0"), false, "locations.csv:2: want 8 columns"},
		{"latitude not numeric", replace(loc, "16.78026", "16,78026x"), false, "locations.csv:3:"},
		{"longitude not numeric", replace(loc, "-3.9908", "west"), false, `locations.csv:4: Niafounke: longitude: "west" is not a number`},
		{"latitude blank", replace(loc, "16.78026", ""), false, "locations.csv:3: Timbuktu: latitude and longitude are required"},
		{"latitude out of range", replace(loc, "16.78026", "96.78026"), false, "locations.csv:3: Timbuktu: latitude 96.78026"},
		{"population not numeric", replace(loc, "25617", "many"), false, `locations.csv:2: Kidal: population: "many" is not an integer`},
		{"conflict zone without date", replace(loc, "conflict_zone,0,25617", "conflict_zone,,25617"), false, "locations.csv:2: Kidal: conflict zone without a conflict_date"},
		{"duplicate location", replace(loc, "Timbuktu,Timbuktu,Mali", "Kidal,Timbuktu,Mali"), false, `locations.csv:3: location "Kidal" defined twice (also line 2)`},
		{"route unknown name", replace(rte, "Douentza,Mentao", "Douentza,Mentau"), false, `routes.csv:2: unknown location "Mentau" in name2`},
		{"route distance not numeric", replace(rte, "Mopti,Mentao,360", "Mopti,Mentao,far"), false, `routes.csv:3: Mopti–Mentao: distance: "far" is not a number`},
		{"route negative distance", replace(rte, "Mopti,Mentao,360", "Mopti,Mentao,-360"), false, "routes.csv:3: Mopti–Mentao: negative distance"},
		{"route missing column", replace(rte, "Mopti,Mentao,360,0", "Mopti,Mentao"), false, "routes.csv:3: want at least 3 columns"},
		{"route forced_redirection", replace(rte, "Mopti,Mentao,360,0", "Mopti,Mentao,360,7"), false, "routes.csv:3: Mopti–Mentao: forced_redirection"},
		{"closure unknown country", replace(clo, "Mali,Niger", "Mali,Nigeria"), false, `closures.csv:3: unknown country "Nigeria" in name2`},
		{"closure unknown location", write(clo, "#closure_type,name1,name2,closure_start,closure_end\nlink,Gao,Gaoo,3,9\n"), false, `closures.csv:2: unknown location "Gaoo" in name2 of a link closure`},
		{"location closure unknown name1", write(clo, "#closure_type,name1,name2,closure_start,closure_end\nlocation,Gaoo,,3,9\n"), false, `closures.csv:2: unknown location "Gaoo" in name1 of a location closure`},
		{"closure start not numeric", replace(clo, "Burkina_Faso,0,22", "Burkina_Faso,zero,22"), false, "closures.csv:2: closure_start"},
		{"closure missing column", replace(clo, "Burkina_Faso,0,22", "Burkina_Faso,0"), false, "closures.csv:2: want 5 columns"},
		{"conflicts duplicate column", replace(con, " Gao,", " Kidal,"), false, `conflicts.csv:1: columns 2 and 3 both name "Kidal"`},
		{"conflicts short row", replace(con, "1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0\n", "1, 1, 0, 1\n"), false, "conflicts.csv:3: 4 columns, but the header has 24"},
		{"conflicts bad value", replace(con, "1, 1, 0, 1, 0, 0, 0, 1,", "1, 1, x, 1, 0, 0, 0, 1,"), false, `conflicts.csv:3: Gao: "x" is not a number`},
		{"conflicts day out of sequence", replace(con, "\n2, ", "\n5, "), false, "conflicts.csv:4: day 5 out of sequence (want 2"},
		{"sim period no length", write(per, "StartDate,2012-02-29\n"), false, "sim_period.csv: no Length row"},
		{"sim period bad date", write(per, "StartDate,29-02-2012\nLength,300\n"), false, `sim_period.csv:1: StartDate: "29-02-2012" is not a date`},
		{"sim period bad length", write(per, "StartDate,2012-02-29\nLength,many\n"), false, "sim_period.csv:2: Length:"},
		{"correction unknown location", replace(cor, "Mentao,", "Mentau,"), false, `registration_corrections.csv:2: unknown location "Mentau"`},
		{"correction bad date", replace(cor, "2012-10-03", "2012-13-03"), false, "registration_corrections.csv:2:"},
		{"correction off the series", replace(cor, "2012-10-03", "2012-05-05"), false, "registration_corrections.csv:2: Mentao has no observation on 2012-05-05"},
		{"correction on the first observation", replace(cor, "2012-10-03", "2012-02-29"), false, "registration_corrections.csv:2: Mentao: 2012-02-29 is its first observation"},
		{"correction without series", replace(cor, "Mentao,", "Kidal,"), false, "registration_corrections.csv:2: Kidal has no observed series"},
		{"layout extra file missing", replace(lay, "bf-bobo.csv", "bf-bobo.csv,bf-nowhere.csv"), false, "data_layout.csv:2: Bobo-Dioulasso: file"},
		{"layout extra file escapes", replace(lay, "bf-bobo.csv", "bf-bobo.csv,../x.csv"), false, `data_layout.csv:2: file "../x.csv" must lie inside source_data`}, {"layout missing file", remove(bobo), false, "data_layout.csv:2: Bobo-Dioulasso: file"},
		{"layout escapes", replace(lay, "bf-bobo.csv", "../simsetting.yml"), false, "data_layout.csv:2: file \"../simsetting.yml\" must lie inside source_data"},
		{"series bad count", replace(bobo, "2012-03-24,950", "2012-03-24,lots"), false, `bf-bobo.csv:3: count: "lots" is not a whole number`},
		{"series bad date", replace(bobo, "2012-03-24,950", "24/03/2012,950"), false, "bf-bobo.csv:3:"},
		{"settings bad number", replace(yml, "max_move_speed: 400.0", "max_move_speed: fast"), false, "simsetting.yml: move_rules.max_move_speed: want a number"},
		{"settings bad bool", replace(yml, "start_on_foot: False", "start_on_foot: 3"), false, "simsetting.yml: move_rules.start_on_foot: want true or false"},
		{"settings bad yaml", replace(yml, "move_rules:", "move_rules: [\n"), false, "simsetting.yml: invalid YAML"},
		{"settings nested 20000 deep", write(yml, "move_rules: "+strings.Repeat("[", 20000)+strings.Repeat("]", 20000)+"\n"), false, "simsetting.yml:1:44: YAML nested more than 32 levels deep; the format needs far fewer"},
		{"settings nested in blocks", write(yml, "spawn_rules:\n"+strings.Repeat("  - ", 5000)+"x\n"), false, "simsetting.yml:2:127: YAML nested more than 32 levels deep"},
		{"settings billion laughs", write(yml, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b ["+strings.Repeat("*a, ", 8)+"*a]\nc: &c ["+strings.Repeat("*b, ", 8)+"*b]\nd: &d ["+strings.Repeat("*c, ", 8)+"*c]\ne: &e ["+strings.Repeat("*d, ", 8)+"*d]\nf: &f ["+strings.Repeat("*e, ", 8)+"*e]\n"), false, "simsetting.yml:6:8: alias *e expands the document past 100000 YAML nodes"},
		{"settings too large", write(yml, strings.Repeat("# comment\n", 1<<19)), false, "simsetting.yml: larger than 4194304 bytes"},
		{"network zero distance", replace(rte, "Mopti,Mentao,360", "Mopti,Mentao,0"), true, "routes.csv:3:"},
		{"network self loop", replace(rte, "Mopti,Mentao,360", "Mopti,Mopti,360"), true, "routes.csv:3:"},
		{"network slug clash", replace(loc, "conflict_zone,0,25617\n", "conflict_zone,0,25617\nKIDAL,Kidal,Mali,18.4,1.4,town,,10\n"), true, `locations.csv:3: locations "KIDAL" and "Kidal" (line 2) both give id "kidal"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyMali(t)
			tc.mutate(t, dir)
			s, err := flee.Read(dir)
			if tc.network {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				_, err = s.Network()
			}
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tc.want)
			}
			var fe *flee.Error
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not a *flee.Error", err)
			}
		})
	}
}

func TestOptionalFiles(t *testing.T) {
	dir := copyMali(t)
	for _, rel := range []string{"input_csv/conflicts.csv", "input_csv/registration_corrections.csv", "simsetting.yml", "source_data/data_layout.csv", "source_data/refugees.csv"} {
		if err := os.Remove(filepath.Join(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := flee.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Conflicts != nil || s.Corrections != nil || s.Settings != nil || s.Observed != nil || s.Total != nil || s.Refugees != nil {
		t.Errorf("optional parts not nil: %+v", s)
	}
}

func TestSettingsDefaultsAndMisspeltKey(t *testing.T) {
	dir := copyMali(t)
	yml := "number_of_steps: 20\nspawn_rules:\n  camps_are_sicks: true\n"
	if err := os.WriteFile(filepath.Join(dir, "simsetting.yml"), []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := flee.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := s.Settings
	if !st.CampsAreSinks || st.NumberOfSteps != 20 || st.MaxMoveSpeed != 360 || st.DefaultMoveChance != 0.3 ||
		st.DistanceSoftening != 10 || st.AwarenessLevel != 1 || st.Hasten != 1 || !st.InsertDay0 || st.ConflictSpawnDecay != nil {
		t.Errorf("defaults: %+v", st)
	}
}
