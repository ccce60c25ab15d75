package scenarios

import (
	"fmt"

	"github.com/borderflow/borderflow/geo"
)

// PostStatus is what a border crossing does on a day.
type PostStatus uint8

// The states of a border crossing.
const (
	// Checked: a border post checks people, with its daily capacity and
	// refusal rate.
	Checked PostStatus = iota
	// Closed: nobody passes.
	Closed
	// FreeFlow: both sides are Schengen members and no control is in force;
	// there is no post.
	FreeFlow
)

var postStatusNames = [...]string{"checked", "closed", "free-flow"}

// String returns the status's name.
func (s PostStatus) String() string {
	if int(s) < len(postStatusNames) {
		return postStatusNames[s]
	}
	return fmt.Sprintf("PostStatus(%d)", s)
}

// CrossingState is a crossing's state on one day.
type CrossingState struct {
	Status PostStatus
	// External is true on a Schengen external border (one side a member).
	External bool
	// CapacityPerDay is the number of people who may pass per day; 0 means
	// no limit.
	CapacityPerDay int
	// Refusal is the probability that a person who reaches the post is
	// refused (pushed back).
	Refusal float64
}

// CentreState is a reception centre's state on one day.
type CentreState struct {
	Open     bool
	Capacity int // places; 0 when unknown
	// RegistrationsPerDay is the number of people in transit the centre
	// registers per day without giving them a place (the network's
	// geo.CentreInfo.RegistrationsPerDay); 0 when it registers nobody in
	// transit and people need a place.
	RegistrationsPerDay int
}

// Timeline is a scenario's events resolved, once, into the state of every
// crossing and centre and the destination shares on every day.
type Timeline struct {
	start, end Date
	crossings  [][]CrossingState // [day][crossing]
	centres    [][]CentreState   // [day][index in net.Centres()]
	dests      [][]ExitShare     // [day]
	centreIdx  map[geo.NodeID]int
}

func (t *Timeline) day(d Date) int {
	if d < t.start || d > t.end {
		panic(fmt.Sprintf("scenarios: date %v outside the period %v – %v", d, t.start, t.end))
	}
	return int(d - t.start)
}

// Crossing returns crossing c's state on date d, which must lie in the period.
func (t *Timeline) Crossing(d Date, c geo.CrossingID) CrossingState {
	return t.crossings[t.day(d)][c]
}

// Centre returns the state on date d of the centre at node v. ok is false if
// v is not a centre.
func (t *Timeline) Centre(d Date, v geo.NodeID) (s CentreState, ok bool) {
	i, ok := t.centreIdx[v]
	if !ok {
		return CentreState{}, false
	}
	return t.centres[t.day(d)][i], true
}

// Destinations returns the destination shares on date d.
func (t *Timeline) Destinations(d Date) []ExitShare { return t.dests[t.day(d)] }

// layer is one event's setting of one attribute of one target.
type layer[V comparable] struct {
	start, end Date // end inclusive
	value      V
	event      int // index in File.Events
}

// valueOn returns the value of the latest-starting layer active on d (ties:
// the later event in the file), or def.
func valueOn[V comparable](layers []layer[V], d Date, def V) V {
	best := -1
	for i, l := range layers {
		if l.start <= d && d <= l.end && (best < 0 || l.start > layers[best].start || (l.start == layers[best].start && l.event > layers[best].event)) {
			best = i
		}
	}
	if best < 0 {
		return def
	}
	return layers[best].value
}

// contradictions reports pairs of layers that cannot both hold: two that
// start on the same day with different values, or one that starts inside
// another's explicit window (an event with an end date) with a different value.
func contradictions[V comparable](layers []layer[V], explicitEnd func(int) bool, report func(a, b int)) {
	for i, a := range layers {
		for j, b := range layers {
			if i == j || a.value == b.value || a.event == b.event {
				continue
			}
			sameDay := a.start == b.start && i < j
			inside := explicitEnd(a.event) && a.start < b.start && b.start <= a.end
			if sameDay || inside {
				report(a.event, b.event)
			}
		}
	}
}

// WithExtraCapacity returns a copy of the timeline in which the centre at
// node v has extra more places on every day it has a known capacity, and
// the crossing c (geo.None for none) extra more passes on every day it is
// checked with a cap: what a planner adds. t is not changed.
func (t *Timeline) WithExtraCapacity(v geo.NodeID, c geo.CrossingID, extra int) *Timeline {
	out := *t
	if i, ok := t.centreIdx[v]; ok {
		out.centres = make([][]CentreState, len(t.centres))
		for d, day := range t.centres {
			out.centres[d] = day
			if day[i].Capacity > 0 {
				out.centres[d] = append([]CentreState(nil), day...)
				out.centres[d][i].Capacity += extra
			}
		}
	}
	if c != geo.None && int(c) >= 0 {
		out.crossings = make([][]CrossingState, len(t.crossings))
		for d, day := range t.crossings {
			out.crossings[d] = day
			if int(c) < len(day) && day[c].Status == Checked && day[c].CapacityPerDay > 0 {
				out.crossings[d] = append([]CrossingState(nil), day...)
				out.crossings[d][c].CapacityPerDay += extra
			}
		}
	}
	return &out
}
