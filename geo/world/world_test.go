package world

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestCountries(t *testing.T) {
	for _, c := range []struct {
		name        string
		bound       orb.Bound
		at          orb.Point // a point inside want's outline
		want, name2 string
		not         string // a code that must not be returned
	}{
		{"Mali", orb.Bound{Min: orb.Point{-5, 14}, Max: orb.Point{-1, 17}}, orb.Point{-3, 16}, "MLI", "Mali", "SRB"},
		{"Balkans", orb.Bound{Min: orb.Point{20, 42}, Max: orb.Point{21, 43}}, orb.Point{20.9, 42.6}, "XKX", "Kosovo", "MLI"},
		{"Fiji across the antimeridian", orb.Bound{Min: orb.Point{177, -19}, Max: orb.Point{180, -16}}, orb.Point{178, -17.8}, "FJI", "Fiji", "AUS"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cs, err := Countries(c.bound)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for i, k := range cs {
				if i > 0 && cs[i-1].Code >= k.Code {
					t.Errorf("not sorted by code: %s before %s", cs[i-1].Code, k.Code)
				}
				if k.Code == c.not {
					t.Errorf("%s returned for %v", k.Code, c.bound)
				}
				if k.Code == c.want {
					found = true
					if k.Name != c.name2 {
						t.Errorf("%s is named %q, want %q", k.Code, k.Name, c.name2)
					}
					if !k.Contains(c.at) {
						t.Errorf("%s's outline does not contain %v", k.Code, c.at)
					}
				}
			}
			if !found {
				t.Errorf("no %s among the %d countries for %v", c.want, len(cs), c.bound)
			}
		})
	}
	all, err := Countries(orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 230 {
		t.Errorf("%d countries in the world, want 230 or more", len(all))
	}
	none, err := Countries(orb.Bound{Min: orb.Point{-140, -50}, Max: orb.Point{-139, -49}}) // the South Pacific
	if err != nil || len(none) != 0 {
		t.Errorf("%d countries in the open South Pacific (%v)", len(none), err)
	}
}
