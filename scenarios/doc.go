// Package scenarios will hold what-if scenario files: the period, arrivals,
// destinations and dated events (border closures, walls, capacities) that a
// planner writes, checked against a geo.Network. It is filled by the
// scenarios issue; nothing is exported yet.
package scenarios
