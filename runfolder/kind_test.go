package runfolder

import (
	"slices"
	"testing"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/sim"
)

func codes(cs []geo.Country) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Code)
	}
	return out
}

func TestKindOf(t *testing.T) {
	wb, err := westernbalkans.Network()
	if err != nil {
		t.Fatal(err)
	}
	tiny, err := loadTinyNetwork() // two nodes in southern Serbia
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		summary     Summary
		net         *geo.Network
		title       string
		attribution string
		network     string
		has, hasNot []string // outline codes
	}{
		{"embedded network", Summary{Model: sim.ModelBorderAware, Network: westernbalkans.Name}, wb,
			"Western Balkans route", Attribution, westernbalkans.Name, []string{"SRB", "HUN", "GRC"}, []string{"MLI"}},
		{"old run with no model or network", Summary{}, wb,
			"Western Balkans route", Attribution, westernbalkans.Name, []string{"SRB"}, nil},
		{"Flee run", Summary{Model: sim.ModelFlee, Network: sim.FleeNetworkFile}, tiny,
			"Flee scenario, Flee's rules", FleeAttribution, sim.FleeNetworkFile, []string{"SRB", "MKD"}, []string{"MLI"}},
		{"network file of the user's", Summary{Network: "/data/my-roads.geojson"}, tiny,
			"Network my-roads.geojson", "Network: my-roads.geojson; outlines: Natural Earth", "/data/my-roads.geojson", []string{"SRB", "XKX"}, []string{"FRA"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			k, err := KindOf(c.summary, c.net)
			if err != nil {
				t.Fatal(err)
			}
			if k.Title != c.title || k.Attribution != c.attribution || k.Network != c.network || k.PageAttribution == "" {
				t.Errorf("KindOf = title %q, attribution %q, network %q, page %q; want %q, %q, %q",
					k.Title, k.Attribution, k.Network, k.PageAttribution, c.title, c.attribution, c.network)
			}
			got := codes(k.Outlines)
			for _, code := range c.has {
				if !slices.Contains(got, code) {
					t.Errorf("no outline of %s among %v", code, got)
				}
			}
			for _, code := range c.hasNot {
				if slices.Contains(got, code) {
					t.Errorf("an outline of %s among %v", code, got)
				}
			}
		})
	}
	if _, err := KindOf(Summary{}, nil); err == nil {
		t.Error("KindOf with no network: no error")
	}
}

// loadTinyNetwork is a two-node network unlike the embedded one.
func loadTinyNetwork() (*geo.Network, error) {
	return geo.Decode([]byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.6,42.3]},"properties":{"id":"a","country":"SRB"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[21.9,42.5]},"properties":{"id":"b","country":"SRB"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[21.6,42.3],[21.9,42.5]]},"properties":{"from":"a","to":"b","km":40}}]}`), "tiny")
}
