package geo

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestCheckID(t *testing.T) {
	for _, c := range []struct {
		id   string
		want string // "" when valid, else a part of the error
	}{
		{"presevo", ""},
		{"osm-123456789", ""},
		{"osm-42-srb", ""},
		{"horgos-roszke", ""},
		{"A1_2.b-3", ""},
		{"0", ""},
		{strings.Repeat("a", MaxIDLen), ""},
		{"", "empty id"},
		{strings.Repeat("a", MaxIDLen+1), "65 bytes long"},
		{`=HYPERLINK("x"),moria`, `'=' at byte 0`},
		{"+1", `'+' at byte 0`},
		{"-1", `'-' at byte 0`},
		{"@sum", `'@' at byte 0`},
		{"_a", `'_' at byte 0`},
		{"a,b", `',' at byte 1`},
		{"a b", `' ' at byte 1`},
		{" a", `' ' at byte 0`},
		{"a\"b", `'"' at byte 1`},
		{"preševo", `'š' at byte 3`},
		{"a\nb", `'\n' at byte 1`},
		{"a\xffb", `byte 0xff at byte 1`},
	} {
		err := CheckID(c.id)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("CheckID(%q) = %v, want nil", c.id, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("CheckID(%q) = %v, want an error containing %q", c.id, err, c.want)
		case c.want != "" && !strings.Contains(err.Error(), "want 1 to 64 ASCII letters"):
			t.Errorf("CheckID(%q) = %v: does not say what is expected", c.id, err)
		}
	}
}

func TestSlug(t *testing.T) {
	long := strings.Repeat("Very Long Place Name ", 5)
	for _, c := range []struct{ name, want string }{
		{"Bobo-Dioulasso", "bobo-dioulasso"},
		{"Fassala Mbera", "fassala-mbera"},
		{"Preševo", "presevo"},
		{"Đevđelija", "devdelija"},
		{"Cote d'Ivoire", "cote-d-ivoire"},
		{"  Kidal  ", "kidal"},
		{"Хоргош", "horgos"},
		{"Гевгелија", "gevgelija"},
		{"Љубљана", "ljubljana"},
		{"Ειδομένη", "eidomeni"},
		{"多", "x591a"},
		{"Търново", "tarnovo"},
		{"Ь", ""},
		{"Ь Kidal", "kidal"},
		{"!!!", ""},
		{"", ""},
		{long, "very-long-place-name-very-long-place-name-very-long-pla-e2295248"},
		{long + "x", "very-long-place-name-very-long-place-name-very-long-pla-9f003085"},
	} {
		got := Slug(c.name)
		if got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.name, got, c.want)
		}
		if got != "" {
			if err := CheckID(got); err != nil {
				t.Errorf("Slug(%q) = %q, which CheckID refuses: %v", c.name, got, err)
			}
		}
	}
}

// FuzzSlug checks that every slug is a valid id and that Slug is deterministic.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Preševo", "Хоргош", "多", "a b", strings.Repeat("ab ", 40), "\x00", "Ь-x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := Slug(name)
		if s == "" {
			return
		}
		if err := CheckID(s); err != nil {
			t.Fatalf("Slug(%q) = %q: %v", name, s, err)
		}
		if Slug(name) != s {
			t.Fatalf("Slug(%q) not deterministic", name)
		}
	})
}

// TestBuildRefusesBadValues checks the Builder's bounds on ids, names and
// numbers, element by element.
func TestBuildRefusesBadValues(t *testing.T) {
	a := Node{ID: "a", Country: "SRB", Point: orb.Point{21.6, 42.3}}
	b := Node{ID: "b", Country: "SRB", Point: orb.Point{21.9, 42.5}}
	x := Node{ID: "x", Country: "MKD", Point: orb.Point{21.9, 42.2}}
	edge := Edge{From: 0, To: 1, Km: 30}
	for _, c := range []struct {
		name     string
		edit     func(nodes []Node, e *Edge, xing *Crossing)
		elem     string
		contains string
	}{
		{"formula id", func(n []Node, _ *Edge, _ *Crossing) { n[1].ID = `=HYPERLINK("x"),moria` }, "node", `'=' at byte 0`},
		{"id with space", func(n []Node, _ *Edge, _ *Crossing) { n[0].ID = "a " }, "node", `' ' at byte 1`},
		{"no id", func(n []Node, _ *Edge, _ *Crossing) { n[0].ID = "" }, "node", "empty id"},
		{"name with newline", func(n []Node, _ *Edge, _ *Crossing) { n[0].Name = "A\nB" }, "node", `control character '\n'`},
		{"alias with tab", func(n []Node, _ *Edge, _ *Crossing) { n[0].Aliases = []string{"A\tB"} }, "node", "alias"},
		{"name not UTF-8", func(n []Node, _ *Edge, _ *Crossing) { n[0].Name = "\xff" }, "node", "not valid UTF-8"},
		{"capacity huge", func(n []Node, _ *Edge, _ *Crossing) {
			n[1].Kind, n[1].Centre = Centre, &CentreInfo{Capacity: MaxCapacity + 1}
		}, "node", "capacity 10000001 (want 0 to 10000000 places)"},
		{"capacity negative", func(n []Node, _ *Edge, _ *Crossing) {
			n[1].Kind, n[1].Centre = Centre, &CentreInfo{Capacity: -1}
		}, "node", "capacity -1"},
		{"lon NaN", func(n []Node, _ *Edge, _ *Crossing) { n[0].Point[0] = math.NaN() }, "node", "not a longitude"},
		{"lat 91", func(n []Node, _ *Edge, _ *Crossing) { n[0].Point[1] = 91 }, "node", "not a longitude"},
		{"km 1e308", func(_ []Node, e *Edge, _ *Crossing) { e.Km = 1e308 }, "edge", "length 1e+308 km (want more than 0 and at most 5000 km)"},
		{"km +Inf", func(_ []Node, e *Edge, _ *Crossing) { e.Km = Km(math.Inf(1)) }, "edge", "at most 5000 km"},
		{"km NaN", func(_ []Node, e *Edge, _ *Crossing) { e.Km = Km(math.NaN()) }, "edge", "at most 5000 km"},
		{"km 0", func(_ []Node, e *Edge, _ *Crossing) { e.Km = 0 }, "edge", "more than 0"},
		{"road with CR", func(_ []Node, e *Edge, _ *Crossing) { e.Road = "A1\r" }, "edge", "road"},
		{"crossing id", func(_ []Node, _ *Edge, c *Crossing) { c.ID = "x,y" }, "crossing", `',' at byte 1`},
		{"crossing name", func(_ []Node, _ *Edge, c *Crossing) { c.Name = "X\x00" }, "crossing", "control character"},
	} {
		t.Run(c.name, func(t *testing.T) {
			nodes := []Node{a, b, x}
			e := edge
			xing := Crossing{ID: "b-x", Edges: []EdgeID{1}}
			c.edit(nodes, &e, &xing)
			var bld Builder
			for _, n := range nodes {
				bld.AddNode(n)
			}
			bld.AddEdge(e)
			bld.AddEdge(Edge{From: 1, To: 2, Km: 40})
			bld.AddCrossing(xing)
			_, err := bld.Build()
			be, ok := err.(*BuildError)
			if !ok || be.Elem != c.elem || !strings.Contains(err.Error(), c.contains) {
				t.Errorf("Build: %v, want a %s error containing %q", err, c.elem, c.contains)
			}
		})
	}
}

func TestReadFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.geojson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: no disk space used, and ReadFile must not read it.
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadFile(path)
	if err == nil || !strings.Contains(err.Error(), "huge.geojson: 268435457 bytes, larger than 256 MiB") {
		t.Errorf("ReadFile of a 256 MiB + 1 file: %v", err)
	}
	_, err = Read(strings.NewReader(strings.Repeat(" ", 1<<10)), "small")
	if err == nil || strings.Contains(err.Error(), "larger than") {
		t.Errorf("Read of 1 KiB of spaces: %v, want an error other than the size", err)
	}
}
