package scenarios

import (
	"github.com/borderflow/borderflow/geo"
)

// Scenario is a checked scenario, resolved against its network and ready to
// run: ids are network ids, dates are Dates, counts are per day, and the
// events are a Timeline.
type Scenario struct {
	File        File   // as written
	Source      string // the file it came from (or "builtin:NAME")
	Name        string
	Description string
	Start, End  Date // the period, both days included
	Seed        uint64
	NetworkName string // "westernbalkans" or the absolute path of the network file
	// YAML is the scenario file's text, comments included.
	YAML     []byte
	Network  *geo.Network
	Streams  []Stream
	Groups   []GroupSpec
	Params   ModelParams
	Timeline *Timeline
	// Initial are the people in the network on the first day (the file's
	// initial stocks, a country's shared among the towns near its centres).
	Initial []Stock
	// Corrections set stocks to observed figures on their days (a
	// forecast's, on its as-of day; no scenario file gives them).
	Corrections []Correction
}

// Days returns the number of days in the period.
func (s *Scenario) Days() int { return int(s.End-s.Start) + 1 }

// Stream is an arrival stream: how many people appear each day, and where.
type Stream struct {
	Name    string
	Entries []EntryShare
	// Daily holds the people arriving on each day of the period (index =
	// Day), after every arrivals_change event.
	Daily []float64
}

// Total returns the number of people the stream brings over the period.
func (s *Stream) Total() float64 {
	var t float64
	for _, c := range s.Daily {
		t += c
	}
	return t
}

// EntryShare is the share of a stream that appears at one node.
type EntryShare struct {
	Node  geo.NodeID
	Share float64
}

// ExitShare is the share of people heading for one exit.
type ExitShare struct {
	Exit  geo.NodeID
	Share float64
}

// GroupSpec is a population group with its parameters resolved.
type GroupSpec struct {
	Name         string
	Share        float64
	WalkKmPerDay float64
	NeedsCentre  bool
}

// ModelParams are the model parameters with defaults filled in.
type ModelParams struct {
	WalkKmPerDay           float64
	TransportKmPerDay      float64
	InfoDelayDays          int
	RestDays               int
	SchengenCapacityPerDay int // 0: unlimited
	SchengenRefusal        float64
	// RegistrationScale multiplies every registration point's
	// registrations per day (the network's figure).
	RegistrationScale float64
}

// defaultParams are the parameters a scenario gets where it sets none:
//   - WalkKmPerDay 25: a model assumption, a sustained day's walk on roads for
//     adults carrying luggage, about 5 hours at 5 km/h;
//   - TransportKmPerDay 400: a day's travel by the buses and trains that
//     carried people across North Macedonia, Serbia and Croatia in 2015–16
//     (Gevgelija–Tabanovce, 180 km, and Šid–Slavonski Brod–Dobova, 290 km,
//     were each done within a day);
//   - InfoDelayDays 2: after the Hungarian closure on 15 Sep 2015 the flow had
//     moved to Croatia by 16 Sep (IFRC Croatia operations update, in
//     data/flows key events); two days allows for people further back;
//   - RestDays 1: transit centres in 2015–16 were designed for stays under
//     24 hours (Vinojug, reception_transit_centres.csv);
//   - SchengenCapacityPerDay 0 (unlimited) and SchengenRefusal 0: no default
//     limit at a Schengen external border; a scenario sets one with
//     crossing_capacity and refusal_rate events or these parameters;
//   - RegistrationScale 1: the network's registrations per day as sourced.
var defaultParams = ModelParams{
	WalkKmPerDay:      25,
	TransportKmPerDay: 400,
	InfoDelayDays:     2,
	RestDays:          1,
	RegistrationScale: 1,
}
