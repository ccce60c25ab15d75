package flee_test

import (
	"strings"
	"testing"

	"github.com/borderflow/borderflow/flee"
	"github.com/borderflow/borderflow/geo"
)

// TestNetworkIDsFromAnyName checks that locations named with spaces,
// apostrophes, other scripts or at great length give nodes and crossings
// whose ids pass geo.CheckID, that nodes keep the names, and that
// flee.Slug finds each node.
func TestNetworkIDsFromAnyName(t *testing.T) {
	long := strings.Repeat("Camp Very Far Away ", 5)
	names := []struct{ name, country, want string }{
		{"Kidal d'Ifoghas", "Mali", "kidal-d-ifoghas"},
		{"Ségou", "Mali", "segou"},
		{"多", "Mali", "x591a"},
		{"Хоргош", "Mali", "horgos"},
		{long, "Niger", "camp-very-far-away-camp-very-far-away-camp-very-far-awa-f4778950"},
		{long + "II", "Niger", "camp-very-far-away-camp-very-far-away-camp-very-far-awa-e3371839"},
	}
	s := &flee.Scenario{Dir: "synthetic"}
	for i, n := range names {
		s.Locations = append(s.Locations, flee.Location{Name: n.name, Country: n.country, Lat: 15 + float64(i)/10, Lon: 1, Type: "town", Line: i + 2})
	}
	for i := 0; i+1 < len(names); i++ {
		s.Routes = append(s.Routes, flee.Route{From: names[i].name, To: names[i+1].name, Km: 10, Line: i + 2})
	}
	s.Routes = append(s.Routes, flee.Route{From: names[0].name, To: names[4].name, Km: 10, Line: len(names) + 1})
	net, err := s.Network()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if got := flee.Slug(n.name); got != n.want {
			t.Errorf("Slug(%q) = %q, want %q", n.name, got, n.want)
		}
		v, ok := net.NodeByID(flee.Slug(n.name))
		if !ok {
			t.Errorf("%q: no node %q", n.name, flee.Slug(n.name))
			continue
		}
		if got := net.Node(v).Name; got != n.name {
			t.Errorf("node %q named %q, want %q", net.Node(v).ID, got, n.name)
		}
	}
	if net.NumCrossings() != 2 {
		t.Fatalf("%d crossings, want 2", net.NumCrossings())
	}
	for c := range geo.CrossingID(net.NumCrossings()) {
		if err := geo.CheckID(net.Crossing(c).ID); err != nil {
			t.Errorf("crossing %d: %v", c, err)
		}
	}
}
