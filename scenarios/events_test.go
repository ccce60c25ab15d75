package scenarios

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestEveryEventKindInTheTable keeps the table of event kinds and the
// Event type in step: each kind field of Event has one entry, by its key.
func TestEveryEventKindInTheTable(t *testing.T) {
	var keys []string
	for _, k := range eventKindList {
		keys = append(keys, k.key)
	}
	et := reflect.TypeFor[Event]()
	for i := range et.NumField() {
		key, _, _ := strings.Cut(et.Field(i).Tag.Get("json"), ",")
		if key == "date" || key == "end" || key == "source" {
			continue
		}
		if !slices.Contains(keys, key) {
			t.Errorf("event kind %s is not in eventKindList", key)
		}
	}
	if n := et.NumField() - 3; n != len(keys) {
		t.Errorf("eventKindList has %d kinds, Event %d", len(keys), n)
	}
}

func TestDescribe(t *testing.T) {
	scale, refusal := 0.5, 0.3
	for _, c := range []struct {
		ev           Event
		kind, target string
		described    string
	}{
		{Event{CloseBorder: &BorderRef{Between: []string{"SRB", "HUN"}}}, "close_border", "SRB–HUN", "close border SRB–HUN"},
		{Event{OpenBorder: &BorderRef{Between: []string{"HRV", "SVN"}, Crossings: []string{"bregana-obrezje"}}}, "open_border", "HRV–SVN (bregana-obrezje)", "open border HRV–SVN (bregana-obrezje)"},
		{Event{CloseCrossing: "horgos-roszke"}, "close_crossing", "horgos-roszke", "close crossing horgos-roszke"},
		{Event{OpenCrossing: "horgos-roszke"}, "open_crossing", "horgos-roszke", "open crossing horgos-roszke"},
		{Event{Wall: &Wall{File: "fence.geojson"}}, "wall", "fence.geojson; crossings it cuts close", "wall fence.geojson; crossings it cuts close"},
		{Event{Wall: &Wall{Line: [][]float64{{19.5, 46.1}, {20, 46.2}}, Refusal: &refusal}}, "wall", "line of 2 points from 19.50°E 46.10°N; refusal 0.3", "wall line of 2 points from 19.50°E 46.10°N; refusal 0.3"},
		{Event{Wall: &Wall{Line: [][]float64{{19.5}}}}, "wall", "line of 1 points from NaN°E NaN°N; crossings it cuts close", "wall line of 1 points from NaN°E NaN°N; crossings it cuts close"},
		{Event{JoinSchengen: "HRV"}, "join_schengen", "HRV", "join schengen HRV"},
		{Event{CrossingCapacity: &CrossingCapacity{Between: []string{"SVN", "AUT"}, PerDay: 3200}}, "crossing_capacity", "SVN–AUT: 3,200 a day", "crossing capacity SVN–AUT: 3,200 a day"},
		{Event{RefusalRate: &RefusalRate{Crossing: "horgos-roszke", Rate: 0.9}}, "refusal_rate", "horgos-roszke: 0.9", "refusal rate horgos-roszke: 0.9"},
		{Event{CentreCapacity: &CentreCapacity{Centre: "moria", Capacity: 2800}}, "centre_capacity", "moria: 2,800 places", "centre capacity moria: 2,800 places"},
		{Event{CloseCentre: "lipa"}, "close_centre", "lipa", "close centre lipa"},
		{Event{OpenCentre: "lipa"}, "open_centre", "lipa", "open centre lipa"},
		{Event{ArrivalsChange: &ArrivalsChange{Stream: "evros", Scale: &scale}}, "arrivals_change", "evros: ×0.5", "arrivals change evros: ×0.5"},
		{Event{ArrivalsChange: &ArrivalsChange{Stream: "evros", Monthly: map[string]float64{"2015-09": 1}}}, "arrivals_change", "evros: 1 monthly counts", "arrivals change evros: 1 monthly counts"},
		{Event{DestinationChange: []Destination{{Exit: "passau", Share: 0.7}, {Exit: "trieste", Share: 0.3}}}, "destination_change", "passau 0.7, trieste 0.3", "destination change passau 0.7, trieste 0.3"},
		{Event{}, "", "", "event of no kind"},
	} {
		if k, tg, d := c.ev.Kind(), c.ev.Target(), c.ev.Describe(); k != c.kind || tg != c.target || d != c.described {
			t.Errorf("%+v: Kind, Target, Describe = %q, %q, %q; want %q, %q, %q", c.ev, k, tg, d, c.kind, c.target, c.described)
		}
	}
}
