package flee_test

import (
	"path/filepath"
	"testing"

	"github.com/borderflow/borderflow/flee"
)

// campDays is one camp's expected observed population on the days of its
// scenario's row.
type campDays struct {
	name string
	want [4]int
}

// validationScenarios are FabFlee's twelve validation scenarios
// (config_files/validation/SWEEP, testdata/flee/validation). The expected
// observed populations were computed with Flee's own data tooling
// (djgroen/flee at 02cd2cbd, flee/datamanager): a RefugeeTable over
// source_data/data_layout.csv with the scenario's StartDate and
// start_empty False, then ReadL1Corrections(input_csv/
// registration_corrections.csv), then get_field(name, day) for each name
// of data_layout.csv after "total" — which sums a row's further files
// with AddCSVTables (car2013: Mboti, Inke, Betou) and keeps a name that
// is not a location (car2013: Bossobolo).
var validationScenarios = []struct {
	dir   string
	days  [4]int
	camps []campDays
}{
	{"burundi2015", [4]int{0, 20, 198, 395}, []campDays{{"Mahama", [4]int{0, 15216, 45732, 49336}}, {"Nduta", [4]int{0, 219, 20990, 55132}}, {"Nyarugusu", [4]int{191, 36075, 90165, 65563}}, {"Nakivale", [4]int{0, 3700, 12203, 18214}}, {"Lusenda", [4]int{0, 0, 10993, 17200}}}},
	{"car2013", [4]int{0, 20, 410, 819}, []campDays{{"Amboko", [4]int{0, 6989, 7723, 8178}}, {"Belom", [4]int{0, 16568, 18373, 18925}}, {"Dosseye", [4]int{0, 9006, 12325, 12234}}, {"Gondje", [4]int{0, 7122, 7616, 7747}}, {"Moyo", [4]int{0, 5976, 7294, 7292}}, {"East", [4]int{0, 1453, 92620, 179216}}, {"Adamaoua", [4]int{0, 2100, 64691, 71284}}, {"Bili", [4]int{0, 0, 0, 7727}}, {"Bossobolo", [4]int{18054, 18054, 18054, 9325}}, {"Boyabu", [4]int{0, 5339, 11640, 16992}}, {"Mboti", [4]int{0, 6523, 7744, 9294}}, {"Mole", [4]int{0, 9258, 16020, 20454}}, {"Inke", [4]int{0, 18435, 23618, 30905}}, {"Betou", [4]int{0, 14822, 16241, 16653}}, {"Brazaville", [4]int{0, 430, 5046, 8273}}}},
	{"mali2012", [4]int{0, 20, 150, 299}, []campDays{{"Bobo-Dioulasso", [4]int{0, 0, 1290, 1874}}, {"Mentao", [4]int{0, 0, 5876, 6881}}, {"Fassala-Mbera", [4]int{9265, 19045, 50041, 54028}}, {"Abala", [4]int{698, 556, 7289, 11067}}, {"Mangaize", [4]int{875, 867, 2641, 3435}}, {"Tabareybarey", [4]int{0, 0, 4950, 6196}}, {"Niamey", [4]int{0, 0, 6327, 6510}}}},
	{"mali2017_adm1", [4]int{0, 20, 867, 1734}, []campDays{{"Abala", [4]int{12329, 12400, 15318, 16327}}, {"Ayorou", [4]int{0, 55, 457, 9959}}, {"Bobo_Dioulasso", [4]int{0, 58, 482, 434}}, {"Goudoubo", [4]int{4365, 4164, 3680, 11121}}, {"Intikane", [4]int{17733, 17730, 19487, 20631}}, {"Mangaize", [4]int{2160, 2175, 2442, 2446}}, {"Mbera", [4]int{44141, 44790, 56267, 65487}}, {"Mentao", [4]int{0, 737, 5508, 5153}}, {"Niamey", [4]int{3303, 3303, 3664, 3959}}, {"Ouagadougou", [4]int{0, 14, 268, 1372}}, {"Ouallam", [4]int{0, 0, 0, 5688}}, {"Oudalan", [4]int{7040, 7059, 6984, 5772}}, {"Soum", [4]int{0, 102, 745, 4696}}, {"Tabareybarey", [4]int{1437, 1440, 1589, 2067}}}},
	{"nigeria2016", [4]int{0, 20, 942, 1884}, []campDays{{"Niger", [4]int{0, 12271, 118838, 171974}}, {"Cameroon", [4]int{0, 6357, 62856, 115695}}, {"Chad", [4]int{0, 749, 8446, 16294}}}},
	{"nigeria2022_adm2", [4]int{0, 20, 197, 394}, []campDays{{"Minawao", [4]int{0, 27700, 127120, 127919}}, {"Diffa", [4]int{0, 28880, 129961, 129961}}, {"Maradi", [4]int{0, 12684, 57080, 57080}}, {"Chad", [4]int{0, 4530, 20894, 21059}}}},
	{"ssudan2013", [4]int{0, 20, 302, 603}, []campDays{{"Tierkidi", [4]int{0, 0, 48649, 52222}}, {"Pugnido", [4]int{0, 0, 2786, 20707}}, {"Jewi", [4]int{0, 0, 0, 46139}}, {"Kule", [4]int{0, 0, 45999, 47444}}, {"Kakuma", [4]int{0, 2523, 43692, 46457}}, {"Khartoum", [4]int{0, 9, 30308, 34059}}, {"West_Kordofan", [4]int{0, 936, 3327, 22221}}, {"Adjumani", [4]int{0, 13888, 93874, 112734}}, {"Rhino", [4]int{0, 3251, 10966, 14244}}, {"Kiryandongo", [4]int{0, 1070, 28788, 37073}}}},
	{"ssudan2016", [4]int{0, 20, 213, 425}, []campDays{{"Kule", [4]int{0, 48914, 51024, 52624}}, {"Nguenyyiel", [4]int{0, 1006, 25369, 54296}}, {"Okugo", [4]int{0, 716, 7626, 12353}}, {"Pugnido", [4]int{0, 62843, 63828, 65223}}, {"Tierkidi", [4]int{0, 47451, 69597, 70334}}, {"Haut-Uele", [4]int{0, 6923, 12885, 14568}}, {"Ituri", [4]int{0, 583, 27169, 40284}}, {"Meri", [4]int{0, 965, 12458, 23070}}, {"Kakuma", [4]int{0, 84043, 88978, 75489}}, {"Alwaral", [4]int{0, 2101, 9544, 52131}}, {"East_Darfur", [4]int{0, 2644, 28163, 54740}}, {"Khartoum", [4]int{0, 11902, 35707, 35707}}, {"South_Darfur", [4]int{0, 4304, 5710, 37193}}, {"West_Kordofan", [4]int{0, 21551, 25538, 34618}}, {"White_Nile", [4]int{0, 3452, 19424, 24491}}, {"Adjumani", [4]int{0, 51091, 206647, 227857}}, {"Kiryandongo", [4]int{0, 16515, 50496, 56583}}, {"Rhino", [4]int{0, 27528, 78533, 102000}}}},
	{"syria2013", [4]int{0, 20, 547, 1094}, []campDays{{"Turkey", [4]int{0, 12558, 564682, 2167360}}, {"Iraq", [4]int{0, 12836, 151490, 188167}}, {"Lebanon", [4]int{0, 36074, 782456, 894069}}, {"Jordan", [4]int{0, 113404, 533629, 563906}}}},
	{"tigray2020", [4]int{0, 20, 150, 299}, []campDays{{"Hamdayet", [4]int{0, 27920, 45892, 45892}}, {"Um_Rakuba", [4]int{0, 4209, 18521, 18767}}, {"Tunaydbah", [4]int{0, 177, 18259, 19221}}, {"Wad_Al_Mahi", [4]int{0, 647, 655, 655}}}},
	{"ukraine2022", [4]int{0, 20, 277, 553}, []campDays{{"Medyka", [4]int{0, 1916852, 7864854, 14361819}}, {"Beregsurany", [4]int{0, 985054, 2117868, 3387325}}, {"Siret", [4]int{0, 307906, 1640781, 3282280}}, {"Vysne_Nemecke", [4]int{0, 139534, 965779, 1676749}}, {"Ocnita", [4]int{0, 175443, 344030, 452526}}, {"Palanca", [4]int{0, 175443, 344030, 452526}}}},
	{"venezuela2022", [4]int{0, 20, 151, 302}, []campDays{{"Pacaraima", [4]int{0, 8626, 28590, 36500}}, {"Cucuta", [4]int{0, 15326, 39107, 50000}}, {"Medellin", [4]int{0, 15326, 39107, 50000}}, {"Maicao", [4]int{0, 15326, 39107, 50000}}, {"Cali", [4]int{0, 15326, 39107, 50000}}, {"Bogota", [4]int{0, 17135, 53393, 70000}}, {"Cuenca", [4]int{0, 11888, 11964, 12000}}, {"Ambato", [4]int{0, 11888, 11964, 12000}}, {"Mauta", [4]int{0, 11888, 11964, 12000}}, {"Quito", [4]int{0, 11888, 11964, 12000}}, {"Guayaquil", [4]int{0, 11888, 11964, 12000}}, {"Ibarra", [4]int{0, 11888, 11964, 12000}}, {"Tumbes", [4]int{0, 13516, 24822, 30000}}, {"Lima", [4]int{0, 13516, 24822, 30000}}, {"Cusco", [4]int{0, 13516, 24822, 30000}}, {"Arequipa", [4]int{0, 13516, 24822, 30000}}, {"Tacna", [4]int{0, 13516, 24822, 30000}}, {"Arica", [4]int{0, 13516, 24822, 30000}}}},
}

// TestValidationScenariosObserved reads each of FabFlee's validation
// scenarios as shipped and checks its observed camp series against the
// values Flee's datamanager gives.
func TestValidationScenariosObserved(t *testing.T) {
	for _, sc := range validationScenarios {
		t.Run(sc.dir, func(t *testing.T) {
			s, err := flee.Read(filepath.Join("../testdata/flee/validation", sc.dir))
			if err != nil {
				t.Fatal(err)
			}
			obs, err := s.ObservedCamps()
			if err != nil {
				t.Fatal(err)
			}
			if len(obs) != len(sc.camps) {
				t.Errorf("%d observed camps, want %d", len(obs), len(sc.camps))
			}
			for _, c := range sc.camps {
				v, ok := obs[c.name]
				if !ok {
					t.Errorf("%s: no observed series", c.name)
					continue
				}
				for k, d := range sc.days {
					if v[d] != c.want[k] {
						t.Errorf("%s on day %d: observed %d, Flee's datamanager %d", c.name, d, v[d], c.want[k])
					}
				}
			}
			if _, err := s.Network(); err != nil {
				t.Errorf("Network: %v", err)
			}
			if _, err := s.SpawnPlan(); err != nil {
				t.Errorf("SpawnPlan: %v", err)
			}
		})
	}
}
