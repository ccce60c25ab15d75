package geo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// NodeID indexes a node of a Network. Ids are dense, from 0 to NumNodes()-1.
type NodeID int32

// EdgeID indexes an undirected edge of a Network, from 0 to NumEdges()-1.
type EdgeID int32

// CrossingID indexes a border crossing of a Network, from 0 to NumCrossings()-1.
type CrossingID int32

// None is the NodeID, EdgeID or CrossingID value meaning "no such element".
const None = -1

// Km is a distance in kilometres.
type Km float64

// NodeKind says what a node stands for.
type NodeKind uint8

// The kinds of node. The zero value is Town.
const (
	Town   NodeKind = iota // a town or road junction
	Border                 // one side of a border crossing
	Centre                 // a reception, transit or asylum centre
	Entry                  // where arrivals appear (a port, a land border with a country outside the network)
	Exit                   // where people leave the region
)

var nodeKindNames = [...]string{"town", "border", "centre", "entry", "exit"}

// String returns the kind's name as written in network files.
func (k NodeKind) String() string {
	if int(k) < len(nodeKindNames) {
		return nodeKindNames[k]
	}
	return fmt.Sprintf("NodeKind(%d)", k)
}

// ParseNodeKind returns the kind named s.
func ParseNodeKind(s string) (NodeKind, error) {
	for i, n := range nodeKindNames {
		if n == s {
			return NodeKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown node kind %q (want one of %v)", s, nodeKindNames)
}

// Class is the class of a road segment. The zero value is MainRoad.
type Class uint8

// The classes of edge.
const (
	MainRoad  Class = iota // a main (national or E-) road that is not a motorway
	Motorway               // a motorway or expressway
	LocalRoad              // a local or secondary road
	Railway                // a railway line (trains, e.g. Šid – Slavonski Brod in 2015)
	Footpath               // a footpath or green-border walking route
	Ferry                  // a ferry line
)

var classNames = [...]string{"main", "motorway", "local", "rail", "path", "ferry"}

// String returns the class's name as written in network files.
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return fmt.Sprintf("Class(%d)", c)
}

// ParseClass returns the class named s.
func ParseClass(s string) (Class, error) {
	for i, n := range classNames {
		if n == s {
			return Class(i), nil
		}
	}
	return 0, fmt.Errorf("unknown edge class %q (want one of %v)", s, classNames)
}

// KmMethod says where an edge's length comes from. The zero value is RoadKm.
type KmMethod uint8

// The ways an edge's length is known.
const (
	// RoadKm: a road distance from a source (km posts, a published distance).
	RoadKm KmMethod = iota
	// Circuity: the great-circle distance times the class's circuity factor,
	// used only where no road-km source exists (see CircuityFactor).
	Circuity
)

var kmMethodNames = [...]string{"road", "circuity"}

// String returns the method's name as written in network files.
func (m KmMethod) String() string {
	if int(m) < len(kmMethodNames) {
		return kmMethodNames[m]
	}
	return fmt.Sprintf("KmMethod(%d)", m)
}

// ParseKmMethod returns the method named s.
func ParseKmMethod(s string) (KmMethod, error) {
	for i, n := range kmMethodNames {
		if n == s {
			return KmMethod(i), nil
		}
	}
	return 0, fmt.Errorf("unknown km_method %q (want one of %v)", s, kmMethodNames)
}

// CircuityFactor is the ratio of road distance to great-circle distance assumed
// for an edge of class c when no road distance is known. The values follow the
// detour indices measured for European road networks (about 1.2 for motorways
// between towns, 1.3 and more on secondary roads in hilly terrain); ferries and
// railways keep the line's straight course more closely.
func CircuityFactor(c Class) float64 {
	switch c {
	case Motorway:
		return 1.2
	case MainRoad:
		return 1.25
	case LocalRoad:
		return 1.3
	case Footpath:
		return 1.2
	case Railway:
		return 1.15
	case Ferry:
		return 1.1
	}
	return 1.25
}

// Node is a place of the network.
type Node struct {
	ID      string    // stable identifier, unique in the network (e.g. "presevo")
	Name    string    // the place's name in its local spelling (e.g. "Preševo")
	Aliases []string  // other names it is known by (e.g. "Vienna" for "Wien")
	Country string    // ISO 3166-1 alpha-3 code (Kosovo: XKX), stated explicitly, never derived
	Kind    NodeKind  // what the node stands for
	Point   orb.Point // longitude, latitude in degrees (WGS 84)
	Source  string    // where the coordinates come from
	// Centre describes the reception centre at the node; nil unless Kind is
	// Centre (Build gives every centre one).
	Centre *CentreInfo
}

// CentreInfo holds what is known of a reception or transit centre.
type CentreInfo struct {
	Type           string // reception_centre, transit_centre, asylum_centre, hotspot, camp, …
	Capacity       int    // places; 0 when unknown
	CapacityBasis  string // official, reported or observed_peak
	CapacitySource string // the publication the capacity comes from
	Period         string // when the centre operated, as reported
	// Opened and Closed are the dates the centre opened and closed, to the
	// precision the sources give; zero when it was open before any simulated
	// date, or is still open. See Operating for the day a month or year
	// stands for.
	Opened, Closed CentreDate
	DatesSource    string // the publication Opened and Closed come from
	// RegistrationsPerDay is the number of people in transit the centre
	// registers per day without giving them a bed (a registration or
	// transit point); 0 when it does not register people in transit, who
	// then need one of its Capacity places.
	RegistrationsPerDay int
	RegistrationsSource string // the publication RegistrationsPerDay comes from
}

// Edge is an undirected road segment between two nodes.
type Edge struct {
	From, To NodeID
	Km       Km       // length
	Class    Class    // road class
	Method   KmMethod // how Km is known
	Source   string   // where Km comes from (or why a circuity estimate is used)
	Road     string   // road number(s), e.g. "A1/E75"; may be empty
	// Line is the edge's geometry from From to To. Empty means the straight
	// segment between the two nodes.
	Line orb.LineString
}

// Crossing is a border post: the edges that cross one border at one place.
type Crossing struct {
	ID   string // stable identifier (e.g. "horgos-roszke")
	Name string // e.g. "Horgoš – Röszke (M5/E75)"
	// A and B are the ISO alpha-3 codes of the two countries, A the country of
	// the first edge's From node.
	A, B  string
	Edges []EdgeID
}

// EarthRadiusKm is the mean radius of the Earth used for great-circle distances.
const EarthRadiusKm = 6371.0088

// GreatCircle returns the great-circle (haversine) distance between two points.
func GreatCircle(a, b orb.Point) Km {
	const rad = math.Pi / 180
	lat1, lat2 := a[1]*rad, b[1]*rad
	dlat := lat2 - lat1
	dlon := (b[0] - a[0]) * rad
	s := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1)*math.Cos(lat2)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return Km(2 * EarthRadiusKm * math.Asin(math.Min(1, math.Sqrt(s))))
}
