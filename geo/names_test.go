package geo

import (
	"errors"
	"testing"

	"github.com/paulmach/orb"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Preševo", "presevo"},
		{"PRESEVO", "presevo"},
		{"Röszke", "roszke"},
		{"Đevđelija", "devdelija"},
		{"Slavonski  Brod", "slavonski brod"},
		{"Hani i Hotit", "hani i hotit"},
		{"Šćepan Polje", "scepan polje"},
		{"Gjirokastër", "gjirokaster"},
		{"Kiskunfélegyháza", "kiskunfelegyhaza"},
		{"  Ušivak (TRC) ", "usivak trc"},
		{"Θεσσαλονίκη", "θεσσαλονικη"},
		{"", ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func smallNetwork(t *testing.T) *Network {
	t.Helper()
	var b Builder
	pre := b.AddNode(Node{ID: "presevo", Name: "Preševo", Country: "SRB", Point: orb.Point{21.649, 42.309}})
	b.AddNode(Node{ID: "presevo-centre", Name: "Preševo", Country: "SRB", Kind: Centre, Point: orb.Point{21.65, 42.31}})
	vra := b.AddNode(Node{ID: "vranje", Name: "Vranje", Country: "SRB", Point: orb.Point{21.898, 42.556}})
	w := b.AddNode(Node{ID: "wien", Name: "Wien", Aliases: []string{"Vienna"}, Country: "AUT", Point: orb.Point{16.37, 48.21}})
	b.AddEdge(Edge{From: pre, To: vra, Km: 40})
	b.AddEdge(Edge{From: pre, To: 1, Km: 1})
	e := b.AddEdge(Edge{From: vra, To: w, Km: 900})
	b.AddCrossing(Crossing{ID: "vranje-wien", Name: "Vranje – Wien", Edges: []EdgeID{e}})
	n, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLookup(t *testing.T) {
	n := smallNetwork(t)
	for _, tc := range []struct {
		q    string
		want string
	}{
		{"presevo", "presevo"}, // id
		{"Presevo", "presevo"}, // name without diacritics; the town wins over the centre
		{"PREŠEVO", "presevo"}, // case
		{"presevo-centre", "presevo-centre"},
		{"Vienna", "wien"}, // alias
		{"wien", "wien"},
	} {
		v, err := n.Lookup(tc.q)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tc.q, err)
			continue
		}
		if got := n.Node(v).ID; got != tc.want {
			t.Errorf("Lookup(%q) = %q, want %q", tc.q, got, tc.want)
		}
	}
	_, err := n.Lookup("Vranj")
	var ue *UnknownError
	if !errors.As(err, &ue) || len(ue.Suggestions) == 0 || ue.Suggestions[0] != "Vranje" {
		t.Errorf("Lookup(Vranj) error = %v, want an UnknownError suggesting Vranje", err)
	}
	if got, want := err.Error(), `unknown place "Vranj"; did you mean "Vranje"?`; got != want {
		t.Errorf("error text %q, want %q", got, want)
	}
	if _, err := n.LookupCrossing("vranje-wein"); err == nil || err.Error() != `unknown crossing "vranje-wein"; did you mean "vranje-wien"?` {
		t.Errorf("LookupCrossing typo: %v", err)
	}
	if c, err := n.LookupCrossing("Vranje – Wien"); err != nil || n.Crossing(c).ID != "vranje-wien" {
		t.Errorf("LookupCrossing by name: %v", err)
	}
}
