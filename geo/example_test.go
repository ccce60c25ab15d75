package geo_test

import (
	"fmt"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/paulmach/orb"
)

// A route across the 2015 corridor, then the same with Hungary's borders
// with Serbia and Croatia closed, as in October 2015.
func ExampleRouter_Route() {
	net, err := westernbalkans.Network()
	if err != nil {
		panic(err)
	}
	athens, _ := net.Lookup("Athens")
	vienna, _ := net.Lookup("Vienna")
	r := geo.NewRouter(net, vienna)
	p, _ := r.Route(athens, vienna)
	fmt.Println(net.PathCountries(p))

	r.SetBorderClosed("SRB", "HUN", true)
	r.SetBorderClosed("HRV", "HUN", true)
	p, _ = r.Route(athens, vienna)
	fmt.Println(net.PathCountries(p))
	// Output:
	// [GRC MKD SRB HUN AUT]
	// [GRC MKD SRB HRV SVN AUT]
}

// Names are matched without regard to case or diacritics.
func ExampleNetwork_Lookup() {
	net, err := westernbalkans.Network()
	if err != nil {
		panic(err)
	}
	v, _ := net.Lookup("presevo")
	fmt.Println(net.Node(v).Name, net.Node(v).Country)
	_, err = net.Lookup("Presvo")
	fmt.Println(err)
	// Output:
	// Preševo SRB
	// unknown place "Presvo"; did you mean "Preševo"?
}

// The exit trees give every node its distance to each exit and its next hop;
// closing a border repairs them.
func ExampleTree() {
	net, err := westernbalkans.Network()
	if err != nil {
		panic(err)
	}
	passau, _ := net.NodeByID("passau")
	r := geo.NewRouter(net, passau)
	horgos, _ := net.NodeByID("horgos")
	next, _, _ := r.Tree(0).Next(horgos)
	fmt.Println(net.Node(next).Name)

	r.SetBorderClosed("SRB", "HUN", true)
	r.Update()
	next, _, _ = r.Tree(0).Next(horgos)
	fmt.Println(net.Node(next).Name)
	// Output:
	// Röszke
	// Novi Sad
}

func ExampleNetwork_Nearest() {
	net, err := westernbalkans.Network()
	if err != nil {
		panic(err)
	}
	v, km := net.Nearest(orb.Point{16.09, 44.69}) // near Lipa, Bihać
	fmt.Printf("%s, %.0f km\n", net.Node(v).Name, km)
	// Output:
	// TRC Lipa (Bihać), 0 km
}
