package flee

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/borderflow/borderflow/geo"
	"github.com/paulmach/orb"
)

// countryCodes maps the country names found in Flee scenarios, folded with
// geo.Fold (so "Burkina_Faso" and "Burkina Faso" agree), to ISO 3166-1
// alpha-3 codes.
var countryCodes = map[string]string{
	"mali": "MLI", "burkina faso": "BFA", "niger": "NER", "mauritania": "MRT",
	"mauretania": "MRT", "algeria": "DZA", "senegal": "SEN", "guinea": "GIN",
	"cote d ivoire": "CIV", "ivory coast": "CIV", "togo": "TGO", "benin": "BEN",
	"ghana": "GHA", "nigeria": "NGA", "chad": "TCD", "cameroon": "CMR",
	"central african republic": "CAF", "car": "CAF",
	"democratic republic of the congo": "COD", "drc": "COD", "dr congo": "COD",
	"congo": "COG", "republic of the congo": "COG",
	"sudan": "SDN", "south sudan": "SSD", "ethiopia": "ETH", "eritrea": "ERI",
	"somalia": "SOM", "kenya": "KEN", "uganda": "UGA", "rwanda": "RWA",
	"burundi": "BDI", "tanzania": "TZA", "libya": "LBY", "egypt": "EGY",
	"mozambique": "MOZ", "malawi": "MWI", "zambia": "ZMB",
	"syria": "SYR", "iraq": "IRQ", "turkey": "TUR", "jordan": "JOR",
	"lebanon": "LBN", "yemen": "YEM", "afghanistan": "AFG", "pakistan": "PAK",
	"iran": "IRN", "myanmar": "MMR", "bangladesh": "BGD",
	"ukraine": "UKR", "poland": "POL", "moldova": "MDA", "romania": "ROU",
	"hungary": "HUN", "slovakia": "SVK", "belarus": "BLR", "russia": "RUS",
	"venezuela": "VEN", "colombia": "COL", "brazil": "BRA",
	"ecuador": "ECU", "equador": "ECU", "peru": "PER", "chile": "CHL",
	"bolivia": "BOL", "argentina": "ARG", "rc": "COG",
}

// userCountry returns the k-th (from 0) code of the range ISO 3166-1
// leaves to its users, QMA to QZZ, for a country label missing from
// CountryCode's table.
func userCountry(k int) (string, bool) {
	if k >= 14*26 {
		return "", false
	}
	return string([]byte{'Q', byte('M' + k/26), byte('A' + k%26)}), true
}

// CountryCode returns the ISO 3166-1 alpha-3 code of a country name as Flee
// scenarios write it ("Burkina_Faso" → BFA). Names are compared after
// geo.Fold, so case, underscores and diacritics do not matter. It reports
// false for a name missing from its table.
func CountryCode(name string) (string, bool) {
	c, ok := countryCodes[geo.Fold(name)]
	return c, ok
}

// Slug returns the node id of a location name, geo.Slug: geo.Fold's form
// with spaces turned into hyphens ("Bobo-Dioulasso" → "bobo-dioulasso",
// "Fassala Mbera" → "fassala-mbera", "Cote d'Ivoire" → "cote-d-ivoire"),
// other scripts spelt in ASCII and long names cut with a hash, so that every
// id passes geo.CheckID. The node keeps the name as its Name.
func Slug(name string) string { return geo.Slug(name) }

// Network builds a geo.Network from the scenario's locations and routes: one
// node per location (id Slug(name), Country its ISO alpha-3 code, camps as
// geo.Centre nodes with their capacity, every other location a geo.Town), one
// road edge per route with its distance, and one crossing per route whose
// ends lie in different countries (id "<from>-<to>" from the two node ids).
//
// As in Flee, a country is any label: one missing from CountryCode's table
// gets a code of ISO's user-assigned range, QMA, QMB, … in the order the
// labels first appear in locations.csv (Location.Country keeps the label).
// A camp whose capacity exceeds geo.MaxCapacity (Flee scenarios write a
// huge capacity for "no limit") is a centre of geo.MaxCapacity places in
// the network; the Flee model takes capacities from the locations.
// Two names with the same slug, and routes the network rejects, are
// reported as *Error naming the line of locations.csv or routes.csv.
func (s *Scenario) Network() (*geo.Network, error) {
	locFile := filepath.Join(s.Dir, filepath.FromSlash(LocationsFile))
	routeFile := filepath.Join(s.Dir, filepath.FromSlash(RoutesFile))
	var b geo.Builder
	byName := make(map[string]geo.NodeID, len(s.Locations))
	bySlug := make(map[string]*Location, len(s.Locations))
	labels := map[string]string{} // country labels without an ISO code → user-assigned codes
	for i := range s.Locations {
		l := &s.Locations[i]
		id := Slug(l.Name)
		if id == "" {
			return nil, errAt(locFile, l.Line, "location %q has no letters or digits to make an id of", l.Name)
		}
		if prev, dup := bySlug[id]; dup {
			return nil, errAt(locFile, l.Line, "locations %q and %q (line %d) both give id %q", l.Name, prev.Name, prev.Line, id)
		}
		bySlug[id] = l
		code, ok := CountryCode(l.Country)
		if !ok {
			if code, ok = labels[l.Country]; !ok {
				if code, ok = userCountry(len(labels)); !ok {
					return nil, errAt(locFile, l.Line, "%s: country %q: more than %d country labels without an ISO code", l.Name, l.Country, len(labels))
				}
				labels[l.Country] = code
			}
		}
		n := geo.Node{
			ID:      id,
			Name:    l.Name,
			Country: code,
			Kind:    geo.Town,
			Point:   orb.Point{l.Lon, l.Lat},
			Source:  fmt.Sprintf("Flee locations.csv line %d", l.Line),
		}
		if l.IsCamp() {
			n.Kind = geo.Centre
			n.Centre = &geo.CentreInfo{
				Type:           l.Type,
				Capacity:       min(l.Population, geo.MaxCapacity),
				CapacityBasis:  "reported",
				CapacitySource: fmt.Sprintf("Flee locations.csv line %d", l.Line),
			}
		}
		byName[l.Name] = b.AddNode(n)
	}
	edgeLine := make([]int, 0, len(s.Routes))
	crossingLine := map[int]int{}
	crossingIDs := map[string]bool{}
	for _, r := range s.Routes {
		from, okF := byName[r.From]
		to, okT := byName[r.To]
		if !okF || !okT {
			missing := r.From
			if okF {
				missing = r.To
			}
			return nil, errAt(routeFile, r.Line, "unknown location %q", missing)
		}
		e := b.AddEdge(geo.Edge{
			From:   from,
			To:     to,
			Km:     r.Km,
			Class:  geo.MainRoad,
			Method: geo.RoadKm,
			Source: fmt.Sprintf("Flee routes.csv line %d", r.Line),
		})
		edgeLine = append(edgeLine, r.Line)
		a, c := b.Node(from), b.Node(to)
		if a.Country == c.Country {
			continue
		}
		// geo.Slug keeps "<from>-<to>" as it is and shortens it past geo.MaxIDLen.
		id := geo.Slug(a.ID + " " + c.ID)
		for k := 2; crossingIDs[id]; k++ {
			id = geo.Slug(fmt.Sprintf("%s %s %d", a.ID, c.ID, k))
		}
		crossingIDs[id] = true
		ci := b.AddCrossing(geo.Crossing{
			ID:    id,
			Name:  r.From + " – " + r.To,
			Edges: []geo.EdgeID{e},
		})
		crossingLine[int(ci)] = r.Line
	}
	net, err := b.Build()
	if err != nil {
		var be *geo.BuildError
		if errors.As(err, &be) {
			switch {
			case be.Elem == "edge" && be.Index >= 0 && be.Index < len(edgeLine):
				return nil, errAt(routeFile, edgeLine[be.Index], "%v", be.Err)
			case be.Elem == "crossing":
				if line, ok := crossingLine[be.Index]; ok {
					return nil, errAt(routeFile, line, "%v", be.Err)
				}
			case be.Elem == "node" && be.Index >= 0 && be.Index < len(s.Locations):
				return nil, errAt(locFile, s.Locations[be.Index].Line, "%v", be.Err)
			}
		}
		return nil, fmt.Errorf("%s: %w", s.Dir, err)
	}
	return net, nil
}
