package main

import (
	"strings"
	"testing"

	"github.com/borderflow/borderflow/geo/westernbalkans"
	"github.com/borderflow/borderflow/scenarios"
	"github.com/borderflow/borderflow/sim"
)

// TestCentreCapacityLines checks that the run table says truthfully
// whether a centre was full (occupancy equal to capacity) or over it, and
// leaves out centres that were neither and turned no one away.
func TestCentreCapacityLines(t *testing.T) {
	net, err := westernbalkans.Network()
	if err != nil {
		t.Fatal(err)
	}
	start, _ := scenarios.ParseDate("2015-10-01")
	centres := net.Centres()[:1]
	id := net.Node(centres[0]).ID
	for _, c := range []struct {
		name                      string
		occ, capacity, turnedAway []int64
		want                      string // "" for no line
	}{
		{"below", []int64{5, 9}, []int64{10, 10}, []int64{0, 0}, ""},
		{"exactly full", []int64{5, 10}, []int64{10, 10}, []int64{0, 3},
			"full  10 people in 10 places on 2015-10-02; full on 1 day, never over; 3 turned away in all"},
		{"over", []int64{10, 12, 10}, []int64{10, 10, 10}, []int64{1, 0, 0},
			"over  12 people in 10 places on 2015-10-02; over capacity on 1 day, full on 2 more; 1 turned away in all"},
		{"over against a smaller capacity", []int64{100, 60}, []int64{200, 50}, []int64{0, 0},
			"over  60 people in 50 places on 2015-10-02; over capacity on 1 day, full on 0 more; 0 turned away in all"},
		{"capacity unknown", []int64{100, 60}, []int64{0, 0}, []int64{0, 4}, "capacity unknown; 4 turned away in all"},
		{"capacity unknown, no one turned away", []int64{100, 60}, []int64{0, 0}, []int64{0, 0}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			col := func(v []int64) [][]int64 {
				out := make([][]int64, len(v))
				for d, x := range v {
					out[d] = []int64{x}
				}
				return out
			}
			r := &sim.Result{Info: sim.RunInfo{Start: start, Scale: 1}, Network: net, Centres: centres,
				Occupancy: col(c.occ), Capacity: col(c.capacity), TurnedAway: col(c.turnedAway)}
			got := centreCapacityLines(r)
			if c.want == "" {
				if len(got) != 0 {
					t.Errorf("got %q, want no line", got)
				}
				return
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], id) || strings.Join(strings.Fields(strings.TrimPrefix(got[0], id)), " ") != strings.Join(strings.Fields(c.want), " ") {
				t.Errorf("got %q, want %s %q", got, id, c.want)
			}
		})
	}
}
