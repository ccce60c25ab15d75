package osmimport

import (
	"fmt"
	"testing"

	"github.com/paulmach/osm"
	"github.com/paulmach/orb"
)

func TestScratch2(t *testing.T) {
	src, _ := fileSource("../../testdata/osm/andorra.osm.pbf")
	pos := map[osm.NodeID][2]float64{}
	src.scan(true, false, nil, func(o osm.Object) {
		nd := o.(*osm.Node)
		pos[nd.ID] = [2]float64{nd.Lon, nd.Lat}
	})
	cnt := map[string]int{}
	src.scan(false, true, nil, func(o osm.Object) {
		w := o.(*osm.Way)
		hw := w.Tags.Find("highway")
		in := 0
		for _, wn := range w.Nodes {
			p, ok := pos[wn.ID]
			if ok && (p[1] < 42.43 || p[1] > 42.66 || p[0] < 1.40 || p[0] > 1.79) { in++ }
		}
		if in > 0 { cnt[hw+"|"+w.Tags.Find("boundary")+w.Tags.Find("admin_level")+w.Tags.Find("natural")]++ }
	})
	fmt.Println(cnt)
	cs, _ := LoadCountries("../../testdata/osm/ne10m_admin0_and_esp_fra_mco_ita.geojson")
	for _, id := range []osm.NodeID{1870000754, 1870000774, 144217500} {
		p := orb.Point(pos[id])
		c, km, ok := cs.Locate(p, 5)
		fmt.Println(id, p, c, km, ok)
		for _, code := range []string{"ESP", "FRA"} {
			for i := range cs.polys { if cs.polys[i].code == code { _ = i } }
		}
		_, d, _ := cs.nearest(p, 5)
		fmt.Println(" nearest outline", d)
	}
}
