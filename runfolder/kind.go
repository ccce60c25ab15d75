package runfolder

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/paulmach/orb"

	"github.com/borderflow/borderflow/geo"
	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/geo/world"
	"github.com/borderflow/borderflow/sim"
)

// Attribution is the data attribution line printed on maps of the embedded
// network.
const Attribution = "Network: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0); outlines: Natural Earth"

// FleeAttribution is the attribution line of runs of Flee scenarios, whose
// network is the scenario's locations and routes, drawn over Natural
// Earth's world outlines.
const FleeAttribution = "Network: the Flee scenario's locations and routes (FabFlee, BSD-3-Clause); outlines: Natural Earth"

// Kind is what kind of run a report is of, decided once by KindOf: its
// model and network, and what follows from them for every output (the
// headers, the data attribution, the land drawn under the network).
type Kind struct {
	Model   string // sim.ModelBorderAware or sim.ModelFlee
	Network string // westernbalkans, or the run's network file
	// Title names what the run covers, for headers: "Western Balkans
	// route", "Flee scenario, Flee's rules".
	Title string
	// Attribution is the data attribution line of maps.
	Attribution string
	// PageAttribution is the longer attribution in report.html's footer.
	PageAttribution string
	// Outlines are the countries drawn under the network: the region's
	// countries for the embedded network, otherwise the Natural Earth
	// outlines of every country with land near the network's nodes.
	Outlines []geo.Country
}

// outlineMargin is how far beyond its nodes' bounding box, in degrees (at
// least; the box's own size when that is larger), a network other than the
// embedded one gets country outlines: the map's view is wider than the box,
// and the page's map can be zoomed out.
const outlineMargin = 10.0

// KindOf decides a run's kind from its summary and network.
func KindOf(s Summary, net *geo.Network) (Kind, error) {
	if net == nil {
		return Kind{}, errors.New("run kind: no network")
	}
	k := Kind{Model: cmp.Or(s.Model, sim.ModelBorderAware), Network: cmp.Or(s.Network, westernbalkans.Name)}
	var err error
	switch {
	case k.Model == sim.ModelFlee:
		k.Title = "Flee scenario, Flee's rules"
		k.Attribution = FleeAttribution
		k.PageAttribution = "Network: the Flee scenario's locations and routes (FabFlee, BSD-3-Clause); country outlines: Natural Earth (public domain)"
	case k.Network == westernbalkans.Name:
		k.Title = "Western Balkans route"
		k.Attribution = Attribution
		k.PageAttribution = "Road network: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0); country outlines: Natural Earth (public domain)"
	default:
		name := filepath.Base(k.Network)
		k.Title = "Network " + name
		k.Attribution = "Network: " + name + "; outlines: Natural Earth"
		k.PageAttribution = "Network: " + name + "; country outlines: Natural Earth (public domain)"
	}
	if k.Network == westernbalkans.Name {
		k.Outlines, err = westernbalkans.Countries()
	} else {
		k.Outlines, err = world.Countries(outlineBound(net))
	}
	if err != nil {
		return Kind{}, fmt.Errorf("run kind: outlines of network %s: %w", k.Network, err)
	}
	return k, nil
}

// outlineBound is the bounding box of the network's nodes widened by
// outlineMargin. It needs nothing else of this package, so that Kind can
// move to the package that reads run folders.
func outlineBound(net *geo.Network) orb.Bound {
	if net.NumNodes() == 0 {
		return orb.Bound{}
	}
	b := net.Node(0).Point.Bound()
	for v := range geo.NodeID(net.NumNodes()) {
		b = b.Extend(net.Node(v).Point)
	}
	return b.Pad(max(outlineMargin, b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]))
}
