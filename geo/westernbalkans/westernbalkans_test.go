package westernbalkans

import (
	"math"
	"slices"
	"testing"

	"github.com/borderflow/borderflow/geo"
)

func load(t *testing.T) *geo.Network {
	t.Helper()
	net, err := Network()
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func route(t *testing.T, net *geo.Network, from, to string, closed ...[2]string) geo.Path {
	t.Helper()
	a, err := net.Lookup(from)
	if err != nil {
		t.Fatal(err)
	}
	b, err := net.Lookup(to)
	if err != nil {
		t.Fatal(err)
	}
	r := geo.NewRouter(net, b)
	for _, c := range closed {
		if r.SetBorderClosed(c[0], c[1], true) == 0 {
			t.Fatalf("no crossings between %s and %s", c[0], c[1])
		}
	}
	p, ok := r.Route(a, b)
	if !ok {
		t.Fatalf("no route %s → %s", from, to)
	}
	return p
}

// TestAthensVienna checks the corridor against real road distance: about
// 1,760 km (Greek A1 Athens–Evzoni ≈ 550, North Macedonia ≈ 175, Serbia's
// A1 588, Hungary's M5 ≈ 170, Budapest–Vienna ≈ 245), within 10%.
func TestAthensVienna(t *testing.T) {
	net := load(t)
	p := route(t, net, "Athens", "Vienna")
	if got, want := net.PathCountries(p), []string{"GRC", "MKD", "SRB", "HUN", "AUT"}; !slices.Equal(got, want) {
		t.Errorf("Athens → Vienna passes %v, want %v", got, want)
	}
	if math.Abs(float64(p.Km)-1760)/1760 > 0.10 {
		t.Errorf("Athens → Vienna is %.0f km, want 1,760 ± 10%%", p.Km)
	}
}

// TestClosuresDivert replays 2015: with the Serbia–Hungary border sealed
// (15 Sep) the way runs through Croatia, which in September 2015 sent people
// on into Hungary; with the Croatia–Hungary border closed too (16/17 Oct) it
// runs through Croatia and Slovenia.
func TestClosuresDivert(t *testing.T) {
	net := load(t)
	sep := net.PathCountries(route(t, net, "Athens", "Vienna", [2]string{"SRB", "HUN"}))
	if !slices.Contains(sep, "HRV") || slices.Index(sep, "HRV") < slices.Index(sep, "SRB") {
		t.Errorf("with SRB–HUN closed: %v, want Serbia then Croatia", sep)
	}
	oct := net.PathCountries(route(t, net, "Athens", "Vienna", [2]string{"SRB", "HUN"}, [2]string{"HRV", "HUN"}))
	if want := []string{"GRC", "MKD", "SRB", "HRV", "SVN", "AUT"}; !slices.Equal(oct, want) {
		t.Errorf("with SRB–HUN and HRV–HUN closed: %v, want %v", oct, want)
	}
	// The Bosnian route: Sarajevo toward Zagreb crosses from BiH into Croatia.
	bih := net.PathCountries(route(t, net, "Sarajevo", "Zagreb"))
	if !slices.Equal(bih, []string{"BIH", "HRV"}) {
		t.Errorf("Sarajevo → Zagreb passes %v, want BIH → HRV", bih)
	}
}

func TestContents(t *testing.T) {
	net := load(t)
	if c := net.Components(); c != 1 {
		t.Errorf("%d connected components, want 1", c)
	}
	if n := net.NumCrossings(); n < 25 {
		t.Errorf("%d border crossings, want at least 25", n)
	}
	withCapacity := 0
	for _, v := range net.Centres() {
		c := net.Node(v).Centre
		if c.Capacity > 0 {
			withCapacity++
			if c.CapacitySource == "" {
				t.Errorf("centre %s: capacity %d without a source", net.Node(v).ID, c.Capacity)
			}
		}
	}
	if withCapacity < 30 {
		t.Errorf("%d centres with a capacity, want at least 30", withCapacity)
	}
	for _, id := range []string{"lipa", "borici", "miral", "sedra", "usivak", "blazuj"} {
		if v, ok := net.NodeByID(id); !ok || net.Node(v).Kind != geo.Centre || net.Node(v).Country != "BIH" {
			t.Errorf("Bosnian reception centre %q missing", id)
		}
	}
	for _, want := range [][2]string{{"SRB", "HUN"}, {"HRV", "HUN"}, {"SRB", "HRV"}, {"HRV", "SVN"}, {"SVN", "AUT"}, {"HUN", "AUT"},
		{"GRC", "MKD"}, {"MKD", "SRB"}, {"BGR", "SRB"}, {"MKD", "XKX"}, {"SRB", "XKX"}, {"GRC", "ALB"}, {"ALB", "MNE"}, {"MNE", "BIH"}, {"BIH", "HRV"}} {
		if len(net.CrossingsBetween(want[0], want[1])) == 0 {
			t.Errorf("no crossing between %s and %s", want[0], want[1])
		}
	}
	if len(net.Entries()) == 0 || len(net.Exits()) == 0 {
		t.Fatalf("%d entries, %d exits", len(net.Entries()), len(net.Exits()))
	}
	r := geo.NewRouter(net)
	for i := range r.NumTrees() {
		for _, e := range net.Entries() {
			if !r.Tree(i).Reachable(e) {
				t.Errorf("entry %s cannot reach exit %s", net.Node(e).ID, net.Node(r.Tree(i).Target()).ID)
			}
		}
	}
}

// TestEdgesAreSourced checks that every edge says where its length comes
// from, and that no road is shorter than the straight line between its ends.
func TestEdgesAreSourced(t *testing.T) {
	net := load(t)
	for e := range geo.EdgeID(net.NumEdges()) {
		ed := net.Edge(e)
		a, b := net.Node(ed.From), net.Node(ed.To)
		if ed.Source == "" {
			t.Errorf("edge %s–%s: no km source", a.ID, b.ID)
		}
		if gc := geo.GreatCircle(a.Point, b.Point); ed.Km < gc*0.98 {
			t.Errorf("edge %s–%s: %.1f km, shorter than the straight line (%.1f km)", a.ID, b.ID, ed.Km, gc)
		}
	}
}

// TestNodesLieInTheirCountry is a sanity check against coordinate slips
// (swapped latitude and longitude, a town in the wrong country): every node
// lies inside its country's Natural Earth outline or within 5 km of it (the
// outlines are 1–3 km off at borders, and border-post nodes sit on them).
func TestNodesLieInTheirCountry(t *testing.T) {
	net := load(t)
	cs, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*geo.Country{}
	for i := range cs {
		byCode[cs[i].Code] = &cs[i]
	}
	for v := range geo.NodeID(net.NumNodes()) {
		n := net.Node(v)
		c, ok := byCode[n.Country]
		if !ok {
			continue // outside the region's outlines (the exits in DEU)
		}
		if d := c.DistanceKm(n.Point); d > 5 {
			t.Errorf("node %s (%s) lies %.1f km outside %s", n.ID, n.Name, d, n.Country)
		}
	}
}

// TestHorgosRoszkeIsTheMainWay checks that the shortest way from Novi Sad
// (and Belgrade) into Hungary is the A1/M5 through Horgoš–Röszke, the
// crossing that took the bulk of the 2015 flow, not Kelebija–Tompa.
func TestHorgosRoszkeIsTheMainWay(t *testing.T) {
	net := load(t)
	hr, ok := net.CrossingByID("horgos-roszke")
	if !ok {
		t.Fatal("no crossing horgos-roszke")
	}
	for _, to := range [][2]string{{"novi-sad", "budapest"}, {"belgrade", "budapest"}, {"belgrade", "vienna"}} {
		p := route(t, net, to[0], to[1])
		if xs := net.PathCrossings(p); !slices.Contains(xs, hr) {
			names := make([]string, len(xs))
			for i, x := range xs {
				names[i] = net.Crossing(x).ID
			}
			t.Errorf("%s → %s crosses %v, want horgos-roszke", to[0], to[1], names)
		}
	}
}

// TestCentreDatesAndRegistrations checks the embedded centres' dates and
// registration figures as read from the network file.
func TestCentreDatesAndRegistrations(t *testing.T) {
	net := load(t)
	dated, registering := 0, 0
	for _, v := range net.Centres() {
		c := net.Node(v).Centre
		if !c.Opened.IsZero() || !c.Closed.IsZero() {
			dated++
			if c.DatesSource == "" {
				t.Errorf("%s has dates but no dates_source", net.Node(v).ID)
			}
		}
		if c.RegistrationsPerDay > 0 {
			registering++
			if c.RegistrationsSource == "" {
				t.Errorf("%s registers people but has no registrations_source", net.Node(v).ID)
			}
		}
	}
	if dated < 20 || registering < 4 {
		t.Errorf("%d centres with dates and %d that register people in transit; want at least 20 and 4", dated, registering)
	}
	for _, tc := range []struct {
		id             string
		opened, closed string
		regs           int
	}{
		{"opatovac-camp", "2015-09-20", "2015-11-03", 10000},
		{"slavonski-brod-wrtc", "2015-11-03", "2016-04", 6000},
		{"vial", "2016-02-14", "", 0},
		{"pyli-kos", "2016", "", 0},
		{"presevo-rc", "2015-07", "", 6500},
		{"lipa", "2020-04-21", "", 0},
		{"krnjaca-ac", "", "", 0},
	} {
		v, ok := net.NodeByID(tc.id)
		if !ok {
			t.Errorf("no centre %q", tc.id)
			continue
		}
		c := net.Node(v).Centre
		if c.Opened.String() != tc.opened || c.Closed.String() != tc.closed || c.RegistrationsPerDay != tc.regs {
			t.Errorf("%s: opened %q, closed %q, %d registrations a day; want %q, %q, %d", tc.id, c.Opened, c.Closed, c.RegistrationsPerDay, tc.opened, tc.closed, tc.regs)
		}
	}
}
