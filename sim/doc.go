// Package sim will be the engine that moves people day by day across a
// geo.Network under a scenario and records the load on border posts and
// reception centres. It is filled by the engine issue; nothing is exported yet.
package sim
